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
            var headers = HTTPHeaders()
            if let abort = error as? any AbortError {
                status = abort.status
                reason = abort.reason
                // Only the router's own 404 (no route matched) becomes a 405; a handler's 404 ("no such unit") stays.
                if status == .notFound, request.route == nil, request.isAPI, let allowed = Self.otherMethods(for: request), !allowed.isEmpty {
                    headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", "))
                    let response = try await ErrorBody(error: true, reason: "Method \(request.method.rawValue) is not allowed here.")
                        .encodeResponse(status: .methodNotAllowed, headers: headers, for: request)
                    return response
                }
            } else {
                status = .internalServerError
                reason = "Internal error / Lỗi hệ thống"
                request.logger.report(error: error)
            }
            if status.code >= 500 { request.logger.error("\(request.method) \(request.url.path): \(String(reflecting: error))") }
            // A "try again later" keeps its Retry-After (a 503 while PDFs are being made); no other header of an error
            // is passed on.
            let retryAfter = (error as? any AbortError)?.headers.first(name: "Retry-After")
            if request.isAPI || request.url.path == SiteURL.openAPI.pattern || request.url.path == SiteURL.healthz.pattern {
                let response = try await ErrorBody(error: true, reason: reason).encodeResponse(status: status, for: request)
                if let retryAfter { response.headers.replaceOrAdd(name: "Retry-After", value: retryAfter) }
                return response
            }
            let t = Localizer(request: request)
            var layout = Layout(title: "\(status.code)", localizer: t, currentPath: request.url.string, planID: nil, planCode: nil)
            // The same menu as on every other page: a signed-in person is not shown as signed out by an error.
            layout.session = PageContext(request).layoutSession
            let response = PageContext.htmlResponse(layout.render(ErrorPage.view(status: status, reason: reason, t: t)), status: status)
            if let retryAfter { response.headers.replaceOrAdd(name: "Retry-After", value: retryAfter) }
            return response
        }
    }

    /// The methods served at the request's path when its own method is not: a 405 says more than a 404.
    static func otherMethods(for request: Request) -> [HTTPMethod]? {
        let components = request.url.path.split(separator: "/").map(String.init)
        let methods = request.application.routes.all.filter { route in
            route.method != request.method && route.path.count == components.count
                && zip(route.path, components).allSatisfy { pattern, component in
                    switch pattern {
                    case .constant(let constant): constant == component
                    case .parameter: true
                    case .anything, .catchall: true
                    }
                }
        }.map(\.method)
        return methods.isEmpty ? nil : Array(Set(methods.map(\.rawValue))).sorted().map { HTTPMethod(rawValue: $0) }
    }
}
