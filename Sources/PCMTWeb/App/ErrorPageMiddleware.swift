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
            let t = Localizer(request: request)
            if let abort = error as? any AbortError {
                status = abort.status
                reason = abort.reason
                // Only the router's own 404 (no route matched) becomes a 405; a handler's 404 ("no such unit") stays.
                if status == .notFound, request.route == nil, request.isAPI, let allowed = Self.otherMethods(for: request), !allowed.isEmpty {
                    headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", "))
                    let response = try await ErrorBody(
                        error: true,
                        reason: t(
                            "Method \(request.method.rawValue) is not allowed here.",
                            "Phương thức \(request.method.rawValue) không dùng được ở địa chỉ này.")
                    )
                    .encodeResponse(status: .methodNotAllowed, headers: headers, for: request)
                    return response
                }
            } else {
                status = .internalServerError
                reason = t("Internal error.", "Lỗi hệ thống.")
                request.logger.report(error: error)
            }
            if status.code >= 500 { request.logger.error("\(request.method) \(request.url.path): \(String(reflecting: error))") }
            // A "try again later" keeps its Retry-After (a 503 while PDFs are being made); no other header of an error
            // is passed on.
            let retryAfter = (error as? any AbortError)?.headers.first(name: "Retry-After")
            if request.isAPI || request.url.path == SiteURL.openAPI.pattern || request.url.path == SiteURL.healthz.pattern {
                // An error without words of its own (Vapor's "Not Found") is named in the request's language (a page
                // says more, ``ErrorPage``).
                let words = reason == status.reasonPhrase ? Self.statusWords(status, t: t) : reason
                let response = try await ErrorBody(error: true, reason: words).encodeResponse(status: status, for: request)
                if let retryAfter { response.headers.replaceOrAdd(name: "Retry-After", value: retryAfter) }
                return response
            }
            var layout = Layout(title: "\(status.code)", localizer: t, currentPath: request.url.string, planID: nil, planCode: nil)
            // The same menu as on every other page: a signed-in person is not shown as signed out by an error.
            layout.session = PageContext(request).layoutSession
            let response = PageContext.htmlResponse(layout.render(ErrorPage.view(status: status, reason: reason, t: t)), status: status)
            if let retryAfter { response.headers.replaceOrAdd(name: "Retry-After", value: retryAfter) }
            return response
        }
    }

    /// The words of a status for an error that has none of its own, in the request's language.
    static func statusWords(_ status: HTTPResponseStatus, t: Localizer) -> String {
        switch status.code {
        case 400: t("Bad request.", "Yêu cầu không hợp lệ.")
        case 401: t("Sign-in or a bearer token is needed.", "Cần đăng nhập hoặc mã truy cập (bearer token).")
        case 403: t("Not allowed.", "Không có quyền thực hiện.")
        case 404: t("Not found.", "Không tìm thấy.")
        case 405: t("Method not allowed.", "Phương thức không được hỗ trợ.")
        case 409: t("Conflict: the data changed meanwhile.", "Xung đột: dữ liệu đã thay đổi trong lúc đó.")
        case 413: t("The request is too large.", "Yêu cầu quá lớn.")
        case 415: t("Unsupported media type.", "Kiểu nội dung không được hỗ trợ.")
        case 422: t("The request cannot be processed.", "Không xử lý được yêu cầu.")
        case 429: t("Too many requests; try again later.", "Quá nhiều yêu cầu; hãy thử lại sau.")
        case 503: t("Unavailable for now; try again later.", "Tạm thời không phục vụ được; hãy thử lại sau.")
        default: t(status.reasonPhrase, "Lỗi \(status.code).")
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
