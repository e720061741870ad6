import PCMTStore
import Vapor

/// Health check, the OpenAPI document and the stylesheet.
struct ServiceRoutes: RouteCollection {
    let openAPIDocument: ByteBuffer
    let stylesheet: ByteBuffer
    let copyScript: ByteBuffer

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.healthz, .anyone, use: health)
        let openAPIDocument = openAPIDocument, stylesheet = stylesheet, copyScript = copyScript
        routes.get(.openAPI, .anyone) { _ in
            Self.response(openAPIDocument, type: .json, cacheSeconds: 300)
        }
        routes.get(.stylesheet, .anyone) { _ in
            Self.response(stylesheet, type: .css, cacheSeconds: 3600)
        }
        routes.get(.copyScript, .anyone) { _ in
            Self.response(copyScript, type: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]), cacheSeconds: 3600)
        }
    }

    struct Health: Content {
        var status: String
        var database: String
    }

    func health(_ request: Request) async throws -> Response {
        do {
            try await DatabaseHealth.check(request.db)
            return try await Health(status: "ok", database: "reachable").encodeResponse(status: .ok, for: request)
        } catch {
            request.logger.error("Health check: database unreachable: \(String(reflecting: error))")
            return try await Health(status: "unavailable", database: "unreachable")
                .encodeResponse(status: .serviceUnavailable, for: request)
        }
    }

    static func response(_ body: ByteBuffer, type: HTTPMediaType, cacheSeconds: Int) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.cacheControl = .init(maxAge: cacheSeconds)
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }
}
