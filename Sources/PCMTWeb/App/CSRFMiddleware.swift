import Crypto
import PCMTStore
import Vapor

/// Refuses every state-changing form request whose hidden token (`_csrf`) is not the right one. The API is exempt:
/// it never reads cookies, so a forged cross-site request carries no credentials there.
///
/// The token is tied to the session: for a signed-in browser it is an HMAC of the session's secret
/// (``CSRFToken/forSession(_:)``), which another site can neither read nor compute, and it must also equal the
/// browser's token cookie (`__Host-pcmt_csrf`, which only this host can set). Before sign-in there is no session: the
/// token is a random value that the form and the `__Host-` cookie must both carry (double submit). Signing in starts
/// a new session and with it a new token, so a token planted before sign-in is worth nothing after it.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let settings = request.application.security
        if !request.isAPI, ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // The body is collected by BodyLimitMiddleware within its limit; this is only a safety net.
            if request.body.data == nil { _ = try await request.body.collect(max: settings.anonymousBodyLimit).get() }
            let cookie = request.cookies[settings.csrfCookie]?.string ?? ""
            let field = (try? request.content.get(String.self, at: SecuritySettings.csrfField)) ?? ""
            var valid = !cookie.isEmpty && CSRFToken.equal(cookie, field)
            if valid, let session = request.actor?.sessionSecret {
                valid = CSRFToken.equal(field, CSRFToken.forSession(session))
            }
            guard valid else {
                throw Abort(
                    .forbidden,
                    reason: Localizer(request: request)(
                        "The form has expired or did not come from pcmt. Reload the page and try again.",
                        "Biểu mẫu đã hết hạn hoặc không xuất phát từ pcmt. Hãy tải lại trang và thử lại."))
            }
        }
        let response = try await next.respond(to: request)
        if let token = request.storage[NewCSRFTokenKey.self], response.cookies[settings.csrfCookie] == nil {
            response.cookies[settings.csrfCookie] = settings.cookie(token, sameSite: .strict)
        }
        return response
    }
}

/// The form token of a session.
enum CSRFToken {
    /// HMAC-SHA256 of "pcmt csrf" under the session's secret, Base64url without padding (43 characters).
    static func forSession(_ secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("pcmt csrf".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(code).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares in constant time for equal lengths.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

private struct NewCSRFTokenKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// The token to put in a form: the session's (and its cookie is set again if the browser lacks it), or before
    /// sign-in the browser's random one, or a new one sent with this response.
    var csrfToken: String {
        let cookieName = application.security.csrfCookie
        let existing = cookies[cookieName]?.string ?? ""
        if let session = actor?.sessionSecret {
            let token = CSRFToken.forSession(session)
            if existing != token { storage[NewCSRFTokenKey.self] = token }
            return token
        }
        if !existing.isEmpty { return existing }
        if let new = storage[NewCSRFTokenKey.self] { return new }
        let token = AccountStore.randomSecret()
        storage[NewCSRFTokenKey.self] = token
        return token
    }
}
