import Vapor

/// Turns errors into a JSON body for the API and into a page for people, never a crash or a stack trace.
struct ErrorPageMiddleware: AsyncMiddleware {
    struct ErrorBody: Content {
        var error: Bool
        var reason: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPResponseStatus
            let reason: String
            if let abort = error as? any AbortError {
                status = abort.status
                reason = abort.reason
            } else {
                status = .internalServerError
                reason = "Internal error / Lỗi hệ thống"
                request.logger.report(error: error)
            }
            if status.code >= 500 { request.logger.error("\(request.method) \(request.url.path): \(String(reflecting: error))") }
            if request.url.path.hasPrefix("/api/") || request.url.path == "/openapi.json" || request.url.path == "/healthz" {
                let response = try await ErrorBody(error: true, reason: reason).encodeResponse(status: status, for: request)
                return response
            }
            let t = Localizer(request: request)
            let layout = Layout(title: "\(status.code)", localizer: t, currentPath: request.url.string, planID: nil, planCode: nil)
            return PageContext.htmlResponse(layout.render(ErrorPage.view(status: status, reason: reason, t: t)), status: status)
        }
    }
}
