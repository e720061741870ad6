import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

/// Tokens belong to an account and die with it (issue 12, item 3), through the real pages and API on SQLite and
/// PostgreSQL.
@Suite struct TokenOwnerTests {
    static func api(_ app: Application, _ token: String, _ path: String) async throws -> HTTPStatus {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return try await app.testing().sendRequest(.GET, path, headers: headers).status
    }

    @Test(arguments: TestBackend.available)
    func aDeactivatedOwnersTokenAnswers401(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let owner = try await TestAccounts.make(app, "xem.tinh", .viewer, unit: "62")
            let store = TokenStore(database: app.db)
            let (_, secret) = try await store.create(name: "bang-tin", role: .viewer, unitCode: "62", createdBy: "t", ownerID: owner.id)
            let rounds = "/api/v1/plans/\(konTumPlanID)/rounds"
            #expect(try await Self.api(app, secret, rounds) == .ok)
            #expect(try await store.isLive(secret: secret))

            // The province's administrator deactivates the owner on the account page.
            let admin = try await TestAccounts.browser(app, "quantri.tinh", .systemAdmin, unit: "62")
            let deactivated = try await admin.post(
                "/admin/users/\(owner.id.uuidString.lowercased())",
                ["role": "viewer", "unit": "62", "version": String(owner.version), "disabled": "1"])
            #expect(deactivated.status == .seeOther)
            #expect(try await Self.api(app, secret, rounds) == .unauthorized, "the token dies with its owner at once")
            #expect(try await store.isLive(secret: secret) == false, "the server's body limit asks isLive: no longer live")
            let page = try await admin.get("/admin/tokens")
            #expect(page.body.string.contains("<td>xem.tinh</td>"), "the token page shows the owner")
            #expect(page.body.string.contains("tài khoản sở hữu đã bị khoá"))

            // Active again but moved to a district: the token at the province is beyond it.
            let current = try #require(try await AccountStore(database: app.db).account(id: owner.id))
            _ = try await AccountStore(database: app.db).update(
                id: owner.id, version: current.version, role: .viewer, unitCode: "611", disabled: false)
            #expect(try await Self.api(app, secret, rounds) == .unauthorized)
            #expect(try await store.isLive(secret: secret) == false)
            let moved = try #require(try await AccountStore(database: app.db).account(id: owner.id))
            _ = try await AccountStore(database: app.db).update(
                id: owner.id, version: moved.version, role: .viewer, unitCode: "62", disabled: false)
            #expect(try await Self.api(app, secret, rounds) == .ok, "covered again: the token works again")
        }
    }

    @Test(arguments: TestBackend.available)
    func aTokenCannotBeMadeAboveItsOwner(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let reporter = try await TestAccounts.make(app, "ngochoi_bc", .districtReporter, unit: "611")
            let admin = try await TestAccounts.browser(app, "quantri.tinh", .systemAdmin, unit: "62")
            func create(_ role: String, _ unit: String, owner: String = "ngochoi_bc") async throws -> TestingHTTPResponse {
                try await admin.post("/admin/tokens", ["name": "dong-bo", "owner": owner, "role": role, "unit": unit])
            }
            let viewer = try await create("viewer", "611")
            #expect(viewer.status == .unprocessableEntity, "a viewer sees rounds; a district reporter does not")
            #expect(viewer.body.string.contains("tài khoản sở hữu"))
            let sibling = try await create("district_reporter", "612")
            #expect(sibling.status == .unprocessableEntity)
            #expect(sibling.body.string.contains("rộng hơn phạm vi của tài khoản sở hữu"))
            #expect(try await create("standing_office", "62-CAT").status == .unprocessableEntity)
            #expect(try await create("district_reporter", "611", owner: "khong_co").status == .unprocessableEntity)
            #expect(try await create("district_reporter", "611", owner: "").status == .unprocessableEntity)
            #expect(try await TokenStore(database: app.db).tokens().isEmpty, "nothing was made")

            // The store refuses it too, whoever calls it.
            await #expect(throws: TokenError.self) {
                _ = try await TokenStore(database: app.db).create(
                    name: "x", role: .standingOffice, unitCode: "62-CAT", createdBy: "t", ownerID: reporter.id)
            }

            // Within the owner: made, shown with the owner, and the audit event names the owner.
            let made = try await create("district_reporter", "611")
            #expect(made.status == .created)
            #expect(made.body.string.contains("<td>ngochoi_bc</td>"))
            let token = try #require(try await TokenStore(database: app.db).tokens().first)
            #expect(token.ownerID == reporter.id)
            let event = try #require(try await AuditLog(database: app.db).events(AuditFilter(kind: .tokenCreate)).first)
            #expect(event.summary.contains("ngochoi_bc"))
            #expect(event.after?.contains("\"owner\":\"ngochoi_bc\"") == true)

            // A district's administrator cannot give a token to an account of the province.
            try await TestAccounts.make(app, "xem.tinh", .viewer, unit: "62")
            let districtAdmin = try await TestAccounts.browser(app, "quantri.huyen", .systemAdmin, unit: "611")
            let outside = try await districtAdmin.post(
                "/admin/tokens", ["name": "x", "owner": "xem.tinh", "role": "viewer", "unit": "611"])
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("trong phạm vi của bạn"))
        }
    }

    @Test(arguments: TestBackend.available)
    func theOwnerCannotApproveWhatItsTokenSent(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.make(app, "vanphong.a", .standingOffice, unit: "62-CAT")
            let (_, secret) = try await TokenStore(database: app.db).create(
                name: "gui", role: .standingOffice, unitCode: "62-CAT", createdBy: "t", ownerID: office.id)
            let planID = try #require(UUID(uuidString: konTumPlanID))
            let context = ChangeContext(actor: "t", actorUnit: nil, address: nil)
            let roundID = try await RoundStore(database: app.db).open(
                planID: planID, period: .span(from: 2021, to: 2023), kind: .midTermReview,
                schedule: RoundSchedule.defaults(for: .span(from: 2021, to: 2023)), unitCodes: ["62-TAND"], context: context)
            let report = try #require(try await RoundStore(database: app.db).submissions(roundID: roundID).first)
            _ = try await RoundStore(database: app.db).saveDraft(
                id: report.id, expectedVersion: 1,
                content: SubmissionContent(
                    narratives: ["16/-1": .init(results: "x"), "16/-2": .init(results: "x"), "16/-3": .init(results: "x")],
                    projects: ["P11": .init(status: "Đang triển khai", progress: 60)]),
                context: context)
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.bearerAuthorization = BearerAuthorization(token: secret)
            let sent = try await app.testing().sendRequest(
                .POST, "/api/v1/submissions/\(report.id.uuidString.lowercased())/submit", headers: headers,
                body: ByteBuffer(string: #"{"version":2}"#))
            #expect(sent.status == .ok)
            let events = try await RoundStore(database: app.db).events(submissionID: report.id)
            #expect(events.last?.actor == "token:gui@vanphong.a", "the report's history names the token's owner")
            let browser = Browser(app)
            try await browser.signIn("vanphong.a", TestAccounts.password)
            let approve = try await browser.post(
                "/submissions/\(report.id.uuidString.lowercased())/approve", ["version": "3"])
            #expect(approve.status == .forbidden, "the owner of the token that sent it may not approve it")
        }
    }
}
