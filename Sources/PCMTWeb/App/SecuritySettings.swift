import PCMTDomain
import Vapor

/// Settings of sign-in, sessions and requests, fixed at start.
struct SecuritySettings: Sendable {
    var sessionIdleTimeout: TimeInterval
    var secureCookies: Bool
    var unknownUserHash: String
    /// When failed sign-ins hold further attempts (per account and address).
    var throttle = SignInThrottle()
    /// The proxies whose `X-Forwarded-For` is believed (`PCMT_TRUSTED_PROXIES`); none by default.
    var trustedProxies = TrustedProxies.none
    /// The largest body of a request without a live session or token: sign-in is a few hundred bytes.
    var anonymousBodyLimit = 64 * 1024
    /// The largest body of any request (uploads of signed-in accounts).
    var bodyLimit = 16 * 1024 * 1024

    /// The session cookie's name. With secure cookies it carries the `__Host-` prefix, which browsers accept only
    /// with `Secure`, `Path=/` and no `Domain`: no other host (a sibling subdomain, a plain-HTTP page on the
    /// network) can set or replace it. Browsers treat http://localhost and http://127.0.0.1 as secure, so this works
    /// there too. With `PCMT_SECURE_COOKIES=0` (plain HTTP on a closed network only) the prefix cannot be used and the
    /// names are plain.
    var sessionCookie: String { secureCookies ? "__Host-pcmt_session" : "pcmt_session" }
    /// The form token's cookie (see ``CSRFMiddleware``), named like the session cookie.
    var csrfCookie: String { secureCookies ? "__Host-pcmt_csrf" : "pcmt_csrf" }

    static let csrfField = "_csrf"

    /// A cookie of pcmt: HTTP only, `Path=/`, no domain, `Secure` unless turned off.
    func cookie(_ value: String, sameSite: HTTPCookies.SameSitePolicy, expires: Date? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: expires, path: "/", isSecure: secureCookies, isHTTPOnly: true, sameSite: sameSite)
    }
}

private struct SecuritySettingsKey: StorageKey {
    typealias Value = SecuritySettings
}

extension Application {
    var security: SecuritySettings {
        get { storage[SecuritySettingsKey.self]! }
        set { storage[SecuritySettingsKey.self] = newValue }
    }
}
