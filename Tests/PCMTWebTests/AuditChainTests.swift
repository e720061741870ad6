import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@Suite struct AuditChainTests {
    func someEvents(_ app: Application) async throws {
        let admin = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
        try await admin.post("/admin/users", ["username": "viewer1", "role": "viewer", "unit": "62"])
        try await admin.post("/admin/tokens", ["name": "feed", "owner": "viewer1", "role": "viewer", "unit": "62"])
        try await Browser(app).post("/signin", ["username": "viewer1", "password": "wrong"])
        try await admin.post("/signout", [:])
    }

    @Test(arguments: TestBackend.available)
    func signInsFailuresPermissionsAndExportsAreRecorded(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            try await someEvents(app)
            let auditor = try await TestAccounts.browser(app, "auditor", .auditor, unit: "62")
            let csv = try await auditor.get("/audit.csv")
            #expect(csv.status == .ok)
            #expect(csv.body.string.hasPrefix("\u{FEFF}\"seq\""))
            let kinds = Set(try await AuditLog(database: app.db).events(AuditFilter()).map(\.kind))
            #expect(kinds.isSuperset(of: ["sign_in", "sign_in_failed", "sign_out", "permission_change", "token_create", "export"]))
            let failed = try await auditor.get("/audit?kind=sign_in_failed").body.string
            #expect(failed.contains("Đăng nhập sai"), "the summary in the page's language")
            #expect(!failed.contains("Tạo tài khoản viewer1"), "filtered by kind")
            let byUser = try await auditor.get("/audit?user=admin").body.string
            #expect(byUser.contains("Tạo tài khoản viewer1") && !byUser.contains("Đăng nhập sai"))
            #expect(try await auditor.get("/audit").body.string.contains("Chuỗi"), "the chain's state is shown")
        }
    }

    @Test(arguments: TestBackend.available)
    func editingARowDirectlyIsFound(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            try await someEvents(app)
            let log = AuditLog(database: app.db)
            guard case .intact(let count) = try await log.verify() else { Issue.record("chain broken before tampering"); return }
            #expect(count >= 5)
            let sql = app.db as! any SQLDatabase
            try await sql.update("audit_events").set("summary", to: "nothing happened").where("seq", .equal, 3).run()
            #expect(try await log.verify() == .broken(seq: 3, reason: "its content does not match its hash"))
        }
    }

    @Test func removingOrRelinkingARowIsFound() async throws {
        try await withPCMT(.sqlite) { app in
            try await someEvents(app)
            let log = AuditLog(database: app.db)
            let sql = app.db as! any SQLDatabase
            try await sql.delete(from: "audit_events").where("seq", .equal, 2).run()
            #expect(try await log.verify() == .broken(seq: 3, reason: "event 2 is missing"))
        }
    }

    @Test func theCommandExitsWithAnErrorOnABrokenChain() async throws {
        try await withPCMT(.sqlite) { app in
            try await someEvents(app)
            let command = VerifyCommandRunner(app: app)
            try await command.run()
            try await (app.db as! any SQLDatabase).update("audit_events").set("actor", to: "someone else").where("seq", .equal, 1).run()
            await #expect(throws: (any Error).self) { try await command.run() }
        }
    }

    @Test func auditorsOfOneDistrictSeeOnlyTheirDistrict() async throws {
        try await withPCMT(.sqlite) { app in
            let log = AuditLog(database: app.db)
            try await log.record(AuditEntry(actor: "a", kind: .update, unitCode: "611", summary: "in Ngọc Hồi"))
            try await log.record(AuditEntry(actor: "b", kind: .update, unitCode: "612", summary: "in Đắk Tô"))
            try await log.record(AuditEntry(actor: "c", kind: .update, unitCode: "23377", summary: "in Plei Kần"))
            let auditor = try await TestAccounts.browser(app, "auditor611", .auditor, unit: "611")
            let html = try await auditor.get("/audit").body.string
            #expect(html.contains("in Ngọc Hồi") && html.contains("in Plei Kần"))
            #expect(!html.contains("in Đắk Tô"))
        }
    }
}

/// Runs `pcmt audit verify` inside the test's application.
struct VerifyCommandRunner {
    let app: Application

    func run() async throws {
        var context = CommandContext(console: app.console, input: CommandInput(arguments: ["pcmt", "audit", "verify"]))
        context.application = app
        let group = app.asyncCommands.group()
        try await app.console.run(group, with: context)
    }
}
