import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@Suite struct CSRFAndTokenTests {
    @Test func aFormWithoutTheTokenIsRefused() async throws {
        try await withPCMT(.sqlite) { app in
            let admin = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
            let form = ["username": "newuser", "role": "viewer", "unit": "62"]
            let missing = try await admin.post("/admin/users", form, csrf: false)
            #expect(missing.status == .forbidden)
            var forged = form
            forged["_csrf"] = "not-the-token"
            #expect(try await admin.post("/admin/users", forged).status == .forbidden)
            #expect(try await AccountStore(database: app.db).account(username: "newuser") == nil, "nothing was created")
            #expect(try await admin.post("/admin/users", form).status == .created)
            #expect(try await AccountStore(database: app.db).account(username: "newuser") != nil)
            // Signing in needs the token too, so a forged page cannot sign a visitor in under another account.
            #expect(
                try await Browser(app).post("/signin", ["username": "admin", "password": TestAccounts.password], csrf: false).status == .forbidden)
        }
    }

    @Test(arguments: TestBackend.available)
    func tokensAreShownOnceStoredHashedAndRevocable(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let admin = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
            try await TestAccounts.make(app, "bc611", .districtReporter, unit: "611")
            let created = try await admin.post(
                "/admin/tokens", ["name": "district feed", "owner": "bc611", "role": "district_reporter", "unit": "611"])
            #expect(created.status == .created)
            let secret = try #require(created.body.string.firstMatch(of: /pcmt_[A-Za-z0-9_-]{40,}/).map { String($0.output) })
            let tokens = try await TokenStore(database: app.db).tokens()
            #expect(tokens.count == 1)
            let stored = try await (app.db as! any SQLDatabase).raw("SELECT token_hash FROM api_tokens").first(decoding: [String: String].self)
            #expect(stored?["token_hash"] == AccountStore.sha256(secret))
            #expect(!(try await admin.get("/admin/tokens")).body.string.contains(secret), "shown only once")

            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: secret)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/plans", headers: headers).status == .ok)
            headers.bearerAuthorization = BearerAuthorization(token: secret + "x")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/plans", headers: headers).status == .unauthorized)

            #expect(try await admin.post("/admin/tokens/\(tokens[0].id.uuidString.lowercased())/revoke", [:]).status == .seeOther)
            headers.bearerAuthorization = BearerAuthorization(token: secret)
            let revoked = try await app.testing().sendRequest(.GET, "/api/v1/plans", headers: headers)
            #expect(revoked.status == .unauthorized)
            #expect(revoked.headers.contentType == .json)
        }
    }
}

extension SQLDatabase {
    func raw(_ text: String) -> SQLRawBuilder { raw(SQLQueryString(text)) }
}
