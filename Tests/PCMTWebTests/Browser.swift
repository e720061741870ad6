import Foundation
import PCMTDomain
import PCMTStore
import Testing
import Vapor
import VaporTesting

/// A client that keeps cookies between requests and fills in the form token, as a browser does.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]

    init(_ app: Application) {
        self.app = app
    }

    var cookieHeader: HTTPHeaders {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        return headers
    }

    private func remember(_ response: TestingHTTPResponse) {
        for value in response.headers[.setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || value.contains("Expires=Thu, 01 Jan 1970") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
    }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        let response = try await app.testing().sendRequest(.GET, path, headers: cookieHeader)
        remember(response)
        return response
    }

    /// Posts a form; the CSRF token is added unless `csrf` is false or the form already has one.
    @discardableResult
    /// Posts fields in order, a name repeated as a browser repeats a ticked checkbox's.
    func post(_ path: String, pairs: [(String, String)]) async throws -> TestingHTTPResponse {
        if cookies[SecuritySettingsForTests.csrfCookie] == nil { try await get("/signin") }
        var headers = cookieHeader
        headers.contentType = .urlEncodedForm
        let fields = pairs + [("_csrf", cookies[SecuritySettingsForTests.csrfCookie] ?? "")]
        let body = fields.map { "\($0.0.formEncoded)=\($0.1.formEncoded)" }.joined(separator: "&")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    func post(_ path: String, _ form: [String: String], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf, fields["_csrf"] == nil {
            if cookies[SecuritySettingsForTests.csrfCookie] == nil { try await get("/signin") }
            fields["_csrf"] = cookies[SecuritySettingsForTests.csrfCookie]
        }
        var headers = cookieHeader
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\($0.key.formEncoded)=\($0.value.formEncoded)" }.joined(separator: "&")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Signs in; with `newPassword`, also replaces the one-time password as the first sign-in demands.
    func signIn(_ username: String, _ password: String, newPassword: String? = nil) async throws {
        let response = try await post("/signin", ["username": username, "password": password, "next": "/"])
        #expect(response.status == .seeOther, "sign-in of \(username): \(response.status)")
        if let newPassword {
            let changed = try await post("/account/password", ["current": password, "new": newPassword, "confirm": newPassword])
            #expect(changed.status == .seeOther, "password change of \(username): \(changed.status)")
        }
    }
}

enum SecuritySettingsForTests {
    static let csrfCookie = "__Host-pcmt_csrf"
    static let sessionCookie = "__Host-pcmt_session"
}

extension String {
    var formEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (addingPercentEncoding(withAllowedCharacters: allowed) ?? self)
    }
}

/// Accounts made directly in the store, with a known password, as `pcmt users create` would make them.
enum TestAccounts {
    static let password = "correct horse battery staple"

    @discardableResult
    static func make(_ app: Application, _ username: String, _ role: Role, unit: String, ready: Bool = true) async throws -> Account {
        let hash = try await app.password.async.hash(password)
        let store = AccountStore(database: app.db)
        let account = try await store.create(username: username, role: role, unitCode: unit, passwordHash: hash)
        if ready { try await store.setPassword(id: account.id, hash: hash, mustChange: false) }
        return try await store.account(id: account.id)!
    }

    /// A signed-in browser for a new account of this role and unit.
    static func browser(_ app: Application, _ username: String, _ role: Role, unit: String) async throws -> Browser {
        try await make(app, username, role, unit: unit)
        let browser = Browser(app)
        try await browser.signIn(username, password)
        return browser
    }
}
