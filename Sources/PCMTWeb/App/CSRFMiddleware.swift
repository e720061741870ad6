import PCMTStore
import Vapor

/// Refuses every state-changing form request whose hidden token does not match the browser's token cookie.
/// The API is exempt: it never reads cookies, so a forged cross-site request carries no credentials there.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if !request.isAPI, ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // A form larger than the first read is still streaming here; the token is in it.
            if request.body.data == nil { _ = try await request.body.collect(max: 16 * 1024 * 1024).get() }
            let cookie = request.cookies[SecuritySettings.csrfCookie]?.string ?? ""
            let field = (try? request.content.get(String.self, at: SecuritySettings.csrfField)) ?? ""
            guard !cookie.isEmpty, cookie.utf8.count == field.utf8.count,
                constantTimeEqual(Array(cookie.utf8), Array(field.utf8))
            else {
                throw Abort(
                    .forbidden,
                    reason: Localizer(request: request)(
                        "The form has expired or did not come from pcmt. Reload the page and try again.",
                        "Biểu mẫu đã hết hạn hoặc không xuất phát từ pcmt. Hãy tải lại trang và thử lại."))
            }
        }
        let response = try await next.respond(to: request)
        if let token = request.storage[NewCSRFTokenKey.self] {
            response.cookies[SecuritySettings.csrfCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: request.application.security.secureCookies, isHTTPOnly: true,
                sameSite: .strict)
        }
        return response
    }

    private func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

private struct NewCSRFTokenKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// The token to put in a form: the browser's, or a new one sent with this response.
    var csrfToken: String {
        if let existing = cookies[SecuritySettings.csrfCookie]?.string, !existing.isEmpty { return existing }
        if let new = storage[NewCSRFTokenKey.self] { return new }
        let token = AccountStore.randomSecret()
        storage[NewCSRFTokenKey.self] = token
        return token
    }
}
