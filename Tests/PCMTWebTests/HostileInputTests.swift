import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// Issue 12, "Text is clean at the edge": every text input is checked in one place, and the audit log and the stores
/// only ever receive clean text.
@Suite struct CleanInputTests {
    /// The reproducer: one anonymous sign-in with the username "x" + NUL broke the audit chain on SQLite for good and
    /// answered 500 on PostgreSQL.
    @Test(arguments: TestBackend.available)
    func aNulInASignInUsernameIsRefusedAndTheChainHolds(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            try await TestAccounts.make(app, "viewer1", .viewer, unit: "62")
            let refused = try await Browser(app).post("/signin", ["username": "x\u{0000}", "password": "guess"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("username: ký tự thứ 2 là ký tự điều khiển (U+0000), không được phép."))
            // Bytes that are not UTF-8 in the same field: 400.
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let invalid = try await app.testing().sendRequest(
                .POST, "/signin", headers: headers, body: ByteBuffer(string: "username=x%C3%28&password=p"))
            #expect(invalid.status == .badRequest)
            // Later sign-ins and their audit events work, and the chain still holds.
            try await Browser(app).post("/signin", ["username": "viewer1", "password": "wrong"])
            try await Browser(app).signIn("viewer1", TestAccounts.password)
            let log = AuditLog(database: app.db)
            guard case .intact(let count) = try await log.verify() else { Issue.record("the chain broke"); return }
            #expect(count >= 2)
            #expect(try await log.events(AuditFilter()).allSatisfy { !$0.actor.unicodeScalars.contains("\u{0000}") })
        }
    }

    @Test(arguments: TestBackend.available)
    func theJSONAPINamesTheFieldOfABadString(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (_, token) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "d")
            func post(_ body: String, type: HTTPMediaType = .json) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.contentType = type
                headers.bearerAuthorization = BearerAuthorization(token: token)
                return try await app.testing().sendRequest(.POST, "/api/v1/datavalues", headers: headers, body: ByteBuffer(string: body))
            }
            let nul = try await post(#"{"orgunit":"611\u0000","period":"2023","values":[{"element":"schools_total","value":40}]}"#)
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.body.string.contains("orgunit: ký tự thứ 4 là ký tự điều khiển (U+0000), không được phép."))
            let nested = try await post(#"{"orgunit":"611","period":"2023","values":[{"element":"schools\u202Etotal","value":40}]}"#)
            #expect(nested.status == .unprocessableEntity)
            #expect(nested.body.string.contains("values[0].element: ký tự thứ 8 là ký tự điều khiển (U+202E)"))
            let surrogate = try await post(#"{"orgunit":"\ud800","period":"2023","values":[]}"#)
            #expect(surrogate.status == .badRequest && surrogate.body.string.contains("orgunit: văn bản không phải UTF-8 hợp lệ"))
            let deep = try await post(String(repeating: "[", count: 200) + String(repeating: "]", count: 200))
            #expect(deep.status == .badRequest && deep.body.string.contains("lồng sâu quá 64 cấp"))
            let long = try await post(#"{"orgunit":""# + String(repeating: "6", count: 65) + #"","period":"2023","values":[]}"#)
            #expect(long.status == .unprocessableEntity && long.body.string.contains("orgunit: tối đa 64 ký tự."))
            // A form-encoded body was once answered 200 with nothing saved: now 415, and still nothing saved.
            let form = try await post("orgunit=611&period=2023&values=", type: .urlEncodedForm)
            #expect(form.status == .unsupportedMediaType)
            #expect(form.body.string.contains("Hãy gửi nội dung dạng application\\/json"), "\(form.body.string)")
            let plain = try await post(#"{"orgunit":"611","period":"2023","values":[]}"#, type: .plainText)
            #expect(plain.status == .unsupportedMediaType)
            #expect(try await DataValueStore(database: app.db).count() == 0)
            #expect(try await post(#"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":40}]}"#).status == .ok)
            #expect(try await DataValueStore(database: app.db).values(unitCode: "611", periods: ["2023"]).first?.value == 40)
        }
    }

    @Test func queryStringsPathsAndLoggedHeadersAreChecked() async throws {
        try await withPCMT(.sqlite) { app in
            let search = try await app.get("/search?q=ab%00cd")
            #expect(search.status == .badRequest)
            #expect(search.body.string.contains("q: ký tự thứ 3 là ký tự điều khiển (U+0000), không được phép."))
            #expect(try await app.get("/search?q=%FF%FE").status == .badRequest)
            #expect(try await app.get("/api/v1/orgunits?parent=6%002").status == .badRequest)
            #expect(try await app.get("/orgunits/62%00").status == .badRequest)
            #expect(try await app.get("/orgunits", headers: ["User-Agent": "curl\u{1B}[31m"]).status == .badRequest)
            // Clean text passes, and what was typed decomposed is searched as the one letter.
            let found = try await app.get("/search?q=Ng\u{006F}\u{0323}c".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(found.status == .ok && found.body.string.contains("Ngọc Hồi"))
        }
    }

    @Test(arguments: TestBackend.available)
    func formsAreStoredNormalisedAndRefusedWithTheFieldNamed(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let admin = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
            // "Đồng bộ" typed decomposed (o + circumflex + grave) is kept as the precomposed letter.
            let decomposed = "\u{0110}o\u{0302}\u{0300}ng bo\u{0323}\u{0302}"
            try await TestAccounts.make(app, "xem.tinh", .viewer, unit: "62")
            #expect(
                try await admin.post("/admin/tokens", ["name": decomposed, "owner": "xem.tinh", "role": "viewer", "unit": "62"]).status
                    == .created)
            let stored = try #require(try await TokenStore(database: app.db).tokens().first?.name)
            #expect(Array(stored.unicodeScalars) == Array("Đồng bộ".unicodeScalars))
            let refused = try await admin.post("/admin/tokens", ["name": "feed\u{0007}", "owner": "xem.tinh", "role": "viewer", "unit": "62"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("name: ký tự thứ 5 là ký tự điều khiển (U+0007), không được phép."))
            let twoLines = try await admin.post("/admin/users", ["username": "a\nb", "role": "viewer", "unit": "62"])
            #expect(twoLines.status == .unprocessableEntity)
            #expect(twoLines.body.string.contains("username: ký tự thứ 2 là dấu xuống dòng hoặc tab; trường này chỉ có một dòng."))
            #expect(try await TokenStore(database: app.db).tokens().count == 1)
        }
    }

    @Test func multipartTextFieldsAreCleanedAndFilesLeftAlone() throws {
        let boundary = "b0undary"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nelement,unit\r\nx\u{0000},611\r\n")
        body.writeString("--\(boundary)--\r\n")
        #expect(throws: CleanInput.Refusal.self) { try CleanInput.multipart(body, boundary: boundary) }
        var file = ByteBuffer()
        file.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n")
        file.writeBytes([0x00, 0xFF, 0x01])
        file.writeString("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nDe\u{0301}\r\n--\(boundary)--\r\n")
        let cleaned = try CleanInput.multipart(file, boundary: boundary)
        let text = String(decoding: cleaned.readableBytesView, as: UTF8.self)
        #expect(Array(cleaned.readableBytesView).contains(0xFF), "the file's bytes are kept")
        // Compared as bytes: Swift's String compares canonically equivalent text as equal.
        #expect(text.contains("\r\n\r\nDé\r\n"))
        let bytes = Array(cleaned.readableBytesView)
        #expect(!(0..<(bytes.count - 2)).contains { Array(bytes[$0..<($0 + 3)]) == [0x65, 0xCC, 0x81] })
    }

    @Test func jsonIsWrittenBackByteForByteButItsStrings() throws {
        let body = #"{ "a" : 1e19, "b":[-0.5,true,null], "c":"x\u00e9\n\"q\"", "d":"e\u0301" }"#
        let cleaned = String(decoding: try CleanJSON.clean(Array(body.utf8)), as: UTF8.self)
        #expect(cleaned == #"{ "a" : 1e19, "b":[-0.5,true,null], "c":"xé\n\"q\"", "d":"é" }"#)
        #expect(throws: CleanJSON.Failure.self) { try CleanJSON.clean(Array(#"{"a":1} x"#.utf8)) }
        #expect(throws: CleanJSON.Failure.self) { try CleanJSON.clean([0x22, 0xFF, 0x22]) }
        #expect(try CleanJSON.clean([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == Array("[1]".utf8), "a byte-order mark is dropped")
    }

    @Test func formBodiesAreEncodedAgainAsTheyWereMeant() throws {
        #expect(
            try CleanInput.form("a=1&b=x+y&c=%C4%90%E1%BB%93ng&d=&flag&e=a%3Db", origin: .body) == "a=1&b=x%20y&c=%C4%90%E1%BB%93ng&d=&flag&e=a%3Db")
        #expect(try CleanInput.form("v_x=1%2C5&values[0][element]=a", origin: .body) == "v_x=1%2C5&values[0][element]=a")
        #expect(CleanInput.fieldName("values[0][element]") == "element" && CleanInput.fieldName("tags[]") == "tags")
        #expect(throws: CleanInput.Refusal.self) { try CleanInput.form("next=%2F%0A%2Fevil", origin: .address) }
    }
}

/// Issue 12, "Protocol hygiene", the parts that do not need a socket (the raw-socket cases are in e2e/test_hostile.py).
@Suite struct ProtocolHygieneTests {
    @Test(arguments: TestBackend.available)
    func theFormTokenIsTiedToTheSessionAndItsCookieToTheHost(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let a = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
            let b = try await TestAccounts.browser(app, "admin2", .systemAdmin, unit: "62")
            let session = try #require(a.cookies["__Host-pcmt_session"])
            #expect(a.cookies["__Host-pcmt_csrf"] == CSRFToken.forSession(session))
            // B's own token in B's form, with A's token in B's cookie jar: refused, although cookie and field agree.
            let stolen = try #require(a.cookies["__Host-pcmt_csrf"])
            b.cookies["__Host-pcmt_csrf"] = stolen
            #expect(try await b.post("/admin/tokens", ["name": "x", "role": "viewer", "unit": "62", "_csrf": stolen]).status == .forbidden)
            // A form rendered for B sets B's cookie right again.
            let page = try await b.get("/admin/tokens")
            let cookie = try #require(page.headers.setCookie?["__Host-pcmt_csrf"])
            #expect(cookie.isSecure && cookie.isHTTPOnly && cookie.path == "/" && cookie.domain == nil && cookie.sameSite == .strict)
            try await TestAccounts.make(app, "xem.tinh", .viewer, unit: "62")
            #expect(try await b.post("/admin/tokens", ["name": "x", "owner": "xem.tinh", "role": "viewer", "unit": "62"]).status == .created)
            // The session cookie carries the prefix's conditions too.
            let signIn = try await Browser(app).post("/signin", ["username": "admin", "password": TestAccounts.password])
            let sessionCookie = try #require(signIn.headers.setCookie?["__Host-pcmt_session"])
            #expect(sessionCookie.isSecure && sessionCookie.path == "/" && sessionCookie.domain == nil)
        }
    }

    @Test func withoutSecureCookiesTheNamesArePlain() async throws {
        try await withScratchDatabase(.sqlite) { url in
            try await withApp(
                configure: { app in
                    app.logger.logLevel = .error
                    try await configure(app, PCMTConfiguration(database: url, secureCookies: false, bcryptCost: 4))
                }
            ) { app in
                let page = try await app.get("/signin")
                let cookie = try #require(page.headers.setCookie?["pcmt_csrf"])
                #expect(!cookie.isSecure && page.headers.setCookie?["__Host-pcmt_csrf"] == nil)
            }
        }
    }

    @Test func anonymousBodiesAreCappedBeforeAnyParsing() async throws {
        try await withPCMT(.sqlite) { app in
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let big = "username=a&password=" + String(repeating: "p", count: 70 * 1024)
            let refused = try await app.testing().sendRequest(.POST, "/signin", headers: headers, body: ByteBuffer(string: big))
            #expect(refused.status == .payloadTooLarge)
            #expect(refused.body.string.contains("64 KB"))
            // A signed-in form of the same size reaches the handler (and its own checks).
            let admin = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
            let large = try await admin.post("/admin/tokens", ["name": String(repeating: "n", count: 70 * 1024), "role": "viewer", "unit": "62"])
            #expect(large.status == .unprocessableEntity && large.body.string.contains("name: tối đa 200 ký tự."))
            // A page takes forms only.
            headers.contentType = .json
            #expect(
                try await app.testing().sendRequest(.POST, "/signin", headers: headers, body: ByteBuffer(string: "{}")).status
                    == .unsupportedMediaType)
        }
    }

    @Test func oneAddressMistypingDoesNotLockItsColleagues() async throws {
        try await withPCMT(.sqlite) { app in
            try await TestAccounts.make(app, "viewer1", .viewer, unit: "62")
            try await TestAccounts.make(app, "viewer2", .viewer, unit: "62")
            // viewer2 has signed in from this office address before.
            try await Browser(app).signIn("viewer2", TestAccounts.password)
            // Someone at the same address tries twenty names, five times one of them.
            for attempt in 1...20 { try await Browser(app).post("/signin", ["username": "name\(attempt % 4)", "password": "guess"]) }
            let held = try await Browser(app).post("/signin", ["username": "name1", "password": "guess"])
            #expect(held.status == .tooManyRequests)
            #expect(held.body.string.contains("Đăng nhập sai quá nhiều lần vào tài khoản name1 từ địa chỉ của bạn."))
            #expect(Int(held.headers.first(name: .retryAfter) ?? "") ?? 0 > 0)
            // The colleague known at this address still gets in; an account never seen here waits.
            #expect(try await Browser(app).post("/signin", ["username": "viewer2", "password": TestAccounts.password]).status == .seeOther)
            let stranger = try await Browser(app).post("/signin", ["username": "viewer1", "password": TestAccounts.password])
            #expect(stranger.status == .tooManyRequests)
            #expect(stranger.body.string.contains("Các tài khoản đã từng đăng nhập từ địa chỉ này không bị ảnh hưởng."))
        }
    }

    @Test func theForwardedAddressIsReadOnlyFromTrustedProxies() throws {
        let none = TrustedProxies.none
        #expect(none.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9")
        let proxies = try TrustedProxies("127.0.0.1, 10.0.0.0/8, ::1")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"]) == "198.51.100.1")
        // Read from the right: what the client wrote itself on the left does not count.
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["1.1.1.1, 198.51.100.1", "10.9.9.9"]) == "198.51.100.1")
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9", "an untrusted peer")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["x\u{0000}y"]) == "127.0.0.1", "a hop that is no address")
        #expect(proxies.client(peer: "::1", forwardedFor: ["2001:DB8::0:1"]) == "2001:db8::1")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["10.0.0.7"]) == "10.0.0.7", "only proxies: the farthest")
        #expect(throws: TrustedProxiesError.self) { try TrustedProxies("10.0.0.0/33") }
        #expect(throws: TrustedProxiesError.self) { try TrustedProxies("proxy.example") }
        #expect(!proxies.contains("11.0.0.1") && proxies.contains("10.255.0.1"))
    }
}

/// Issue 12, "An audit log that cannot be rewritten quietly": the commands.
@Suite struct AuditCheckpointCommandTests {
    func run(_ app: Application, _ arguments: [String]) async throws {
        var context = CommandContext(console: app.console, input: CommandInput(arguments: ["pcmt", "audit"] + arguments))
        context.application = app
        try await app.console.run(app.asyncCommands.group(), with: context)
    }

    @Test(arguments: TestBackend.available)
    func truncationAndRewritingAreFoundByTheCommand(backend: TestBackend) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-checkpoints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("checkpoints.txt").path
        try await withPCMT(backend) { app in
            app.auditSetup = AuditSetupInfo(checkpointFile: file, keyFile: nil)
            for n in 1...4 { try await AuditLog(database: app.db).record(AuditEntry(actor: "a\(n)", kind: .update, summary: "change \(n)")) }
            try await run(app, ["verify"])
            try await run(app, ["checkpoint"])
            let line = try String(contentsOfFile: file, encoding: .utf8)
            #expect(line.hasPrefix("pcmt-audit-checkpoint v1 events=4 hash="))
            try await run(app, ["verify"])
            let head = try #require(try await AuditLog(database: app.db).head(asOf: Date().addingTimeInterval(1)))
            try await run(app, ["verify", "--head", "4:\(head.shortHash)"])

            try await (app.db as! any SQLDatabase).delete(from: "audit_events").where("seq", .equal, 4).run()
            #expect(try await AuditLog(database: app.db).verify() == .intact(events: 3), "the cut is invisible without the checkpoint")
            await #expect(throws: (any Error).self) { try await run(app, ["verify"]) }
            // A rewritten event: no checkpoint vouches for a broken chain.
            try await (app.db as! any SQLDatabase).update("audit_events").set("summary", to: "nothing").where("seq", .equal, 2).run()
            await #expect(throws: (any Error).self) { try await run(app, ["checkpoint", "--file", "\(file).2"]) }
            #expect(!FileManager.default.fileExists(atPath: "\(file).2"))
        }
    }
}
