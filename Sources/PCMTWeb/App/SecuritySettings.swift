import Vapor

/// Settings of sign-in and sessions, fixed at start.
struct SecuritySettings: Sendable {
    var sessionIdleTimeout: TimeInterval
    var secureCookies: Bool
    var unknownUserHash: String
    var failuresPerAccount = 5
    var failuresPerAddress = 20
    var throttleWindow: TimeInterval = 15 * 60

    static let sessionCookie = "pcmt_session"
    static let csrfCookie = "pcmt_csrf"
    static let csrfField = "_csrf"
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
