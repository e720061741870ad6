import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor

@Suite struct SignInTests {
    @Test func aFreshStartHasNoAccount() async throws {
        try await withPCMT(.sqlite) { app in
            #expect(try await AccountStore(database: app.db).count() == 0)
            let page = try await Browser(app).get("/admin/users")
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location)?.hasPrefix("/signin") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func theFirstSignInDemandsAPasswordOfOnesOwn(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            try await TestAccounts.make(app, "office", .standingOffice, unit: "62-CAT", ready: false)
            let browser = Browser(app)
            let signedIn = try await browser.post("/signin", ["username": "Office", "password": TestAccounts.password, "next": "/orgunits"])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers.first(name: .location) == "/account/password")
            let session = try #require(signedIn.headers.setCookie?[SecuritySettingsForTests.sessionCookie])
            #expect(session.isHTTPOnly && session.isSecure && session.sameSite == .lax)

            // Every other page waits until the password is changed.
            #expect(try await browser.get("/orgunits").headers.first(name: .location) == "/account/password")

            let short = try await browser.post("/account/password", ["current": TestAccounts.password, "new": "short", "confirm": "short"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("Ít nhất 12 ký tự"))
            let withName = try await browser.post(
                "/account/password", ["current": TestAccounts.password, "new": "my-office-password", "confirm": "my-office-password"])
            #expect(withName.body.string.contains("không được chứa tên đăng nhập"))
            let mismatch = try await browser.post(
                "/account/password", ["current": TestAccounts.password, "new": "a long new secret", "confirm": "another long one"])
            #expect(mismatch.body.string.contains("Hai mật khẩu mới không giống nhau"))
            let wrongCurrent = try await browser.post(
                "/account/password", ["current": "nope", "new": "a long new secret", "confirm": "a long new secret"])
            #expect(wrongCurrent.body.string.contains("Mật khẩu hiện tại không đúng"))

            let changed = try await browser.post(
                "/account/password", ["current": TestAccounts.password, "new": "a long new secret", "confirm": "a long new secret"])
            #expect(changed.status == .seeOther)
            #expect(try await browser.get("/orgunits").status == .ok)
            let account = try #require(try await AccountStore(database: app.db).account(username: "office"))
            #expect(!account.mustChangePassword)
            #expect(try await app.password.async.verify("a long new secret", created: account.passwordHash))
        }
    }

    @Test func aWrongPasswordAndAnUnknownNameGetTheSameAnswer() async throws {
        try await withPCMT(.sqlite) { app in
            try await TestAccounts.make(app, "viewer1", .viewer, unit: "62")
            let wrong = try await Browser(app).post("/signin", ["username": "viewer1", "password": "wrong password"])
            let unknown = try await Browser(app).post("/signin", ["username": "nobody", "password": "wrong password"])
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            let message = "Tên đăng nhập hoặc mật khẩu không đúng."
            #expect(wrong.body.string.contains(message) && unknown.body.string.contains(message))
            #expect(!wrong.body.string.contains("không tồn tại") && !unknown.body.string.contains("không tồn tại"))
        }
    }

    @Test func repeatedFailuresLockTheAccountForAWhile() async throws {
        try await withPCMT(.sqlite) { app in
            try await TestAccounts.make(app, "viewer1", .viewer, unit: "62")
            for _ in 1...5 {
                #expect(try await Browser(app).post("/signin", ["username": "viewer1", "password": "guess"]).status == .unauthorized)
            }
            let locked = try await Browser(app).post("/signin", ["username": "viewer1", "password": TestAccounts.password])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.string.contains("Đăng nhập sai quá nhiều lần"))
            #expect(locked.headers.setCookie?[SecuritySettingsForTests.sessionCookie] == nil)
            // Another account from the same address is not locked by these five.
            try await TestAccounts.make(app, "viewer2", .viewer, unit: "62")
            #expect(try await Browser(app).post("/signin", ["username": "viewer2", "password": TestAccounts.password]).status == .seeOther)
            // An unknown name is throttled just the same, so the lock reveals nothing.
            for _ in 1...5 { try await Browser(app).post("/signin", ["username": "ghost", "password": "guess"]) }
            #expect(try await Browser(app).post("/signin", ["username": "ghost", "password": "guess"]).status == .tooManyRequests)
        }
    }

    @Test func aHeldSignInIsPlacedAtTheAccountsUnit() async throws {
        try await withPCMT(.sqlite) { app in
            try await TestAccounts.make(app, "reporter611", .districtReporter, unit: "611")
            for _ in 1...6 { try await Browser(app).post("/signin", ["username": "reporter611", "password": "guess"]) }
            for _ in 1...6 { try await Browser(app).post("/signin", ["username": "ghost", "password": "guess"]) }
            let events = try await AuditLog(database: app.db).events(AuditFilter(kind: .signInFailed, limit: 100, includeUnitless: true))
            let held = events.filter { $0.summary.hasPrefix("sign-in held") }
            #expect(held.contains { $0.actor == "reporter611" && $0.unitCode == "611" && $0.actorUnit == "611" }, "\(held)")
            #expect(held.contains { $0.actor == "ghost" && $0.unitCode == nil }, "an unknown name is placed nowhere")
        }
    }

    @Test func manyFailuresFromOneAddressBlockIt() async throws {
        try await withPCMT(.sqlite) { app in
            try await TestAccounts.make(app, "viewer1", .viewer, unit: "62")
            for attempt in 1...20 {
                try await Browser(app).post("/signin", ["username": "name\(attempt)", "password": "guess"])
            }
            #expect(try await Browser(app).post("/signin", ["username": "viewer1", "password": TestAccounts.password]).status == .tooManyRequests)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await withPCMT(.sqlite) { app in
            let browser = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
            #expect(try await browser.get("/admin/users").status == .ok)
            let secret = try #require(browser.cookies[SecuritySettingsForTests.sessionCookie])
            #expect(try await browser.post("/signout", [:]).status == .seeOther)
            // Even a copy of the old cookie no longer works.
            let replay = Browser(app)
            replay.cookies[SecuritySettingsForTests.sessionCookie] = secret
            #expect(try await replay.get("/admin/users").status == .seeOther)
        }
    }

    @Test func anIdleSessionExpires() async throws {
        try await withPCMT(.sqlite) { app in
            let browser = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
            let secret = try #require(browser.cookies[SecuritySettingsForTests.sessionCookie])
            try await AccountStore(database: app.db).touchSession(secret: secret, lastSeenAt: Date().addingTimeInterval(-31 * 60))
            let expired = try await browser.get("/admin/users")
            #expect(expired.status == .seeOther)
            #expect(expired.headers.first(name: .location)?.hasPrefix("/signin") == true)
        }
    }

    @Test func sessionsSurviveARestart() async throws {
        try await withScratchDatabase(.sqlite) { url in
            let secret = try await withPCMT(url: url) { app in
                let browser = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
                return try #require(browser.cookies[SecuritySettingsForTests.sessionCookie])
            }
            try await withPCMT(url: url) { (app: Application) async throws -> Void in
                let browser = Browser(app)
                browser.cookies[SecuritySettingsForTests.sessionCookie] = secret
                #expect(try await browser.get("/admin/users").status == .ok)
            }
        }
    }

    @Test func theSignInPageNeverRedirectsElsewhere() async throws {
        try await withPCMT(.sqlite) { app in
            try await TestAccounts.make(app, "viewer1", .viewer, unit: "62")
            let response = try await Browser(app).post(
                "/signin", ["username": "viewer1", "password": TestAccounts.password, "next": "//evil.example/"])
            #expect(response.headers.first(name: .location) == "/")
        }
    }
}
