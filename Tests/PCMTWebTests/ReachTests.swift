import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

/// Roles fit units, an administrator gives no more than it has, no one approves what they sent, and a district's
/// viewer does not get the province's list of rounds — through the real pages and API.
@Suite struct ReachTests {
    @Test(arguments: TestBackend.available)
    func aDistrictAdministratorCannotMakeAStandingOffice(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let admin = try await TestAccounts.browser(app, "admin611", .systemAdmin, unit: "611")
            let atDistrict = try await admin.post("/admin/users", ["username": "fake_office", "role": "standing_office", "unit": "611"])
            #expect(atDistrict.status == .unprocessableEntity)
            #expect(atDistrict.body.string.contains("cơ quan cấp tỉnh"), "the page says which kind of unit the role belongs to")
            let atPolice = try await admin.post("/admin/users", ["username": "fake_office", "role": "standing_office", "unit": "62-CAT"])
            #expect(atPolice.status == .unprocessableEntity)
            #expect(try await AccountStore(database: app.db).account(username: "fake_office") == nil)
            // A token is an account too.
            let token = try await admin.post("/admin/tokens", ["name": "x", "owner": "admin611", "role": "standing_office", "unit": "611"])
            #expect(token.status == .unprocessableEntity)
            #expect(token.body.string.contains("cơ quan cấp tỉnh"), "refused for the role, not for a missing owner")
            // What fits is still possible.
            #expect(try await admin.post("/admin/users", ["username": "ngochoi_bc", "role": "district_reporter", "unit": "611"]).status == .created)
            let provinceAdmin = try await TestAccounts.browser(app, "admin62", .systemAdmin, unit: "62")
            #expect(
                try await provinceAdmin.post("/admin/users", ["username": "bc_syt", "role": "district_reporter", "unit": "62-SYT"]).status
                    == .unprocessableEntity, "a district reporter at a department")
        }
    }

    @Test(arguments: TestBackend.available)
    func theOfficeThatSentAReportCannotApproveIt(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let planID = try #require(UUID(uuidString: konTumPlanID))
            let roundID = try await RoundStore(database: app.db).open(
                planID: planID, period: .span(from: 2021, to: 2023), kind: .midTermReview,
                schedule: RoundSchedule.defaults(for: .span(from: 2021, to: 2023)), unitCodes: ["62-TAND"],
                context: ChangeContext(actor: "t", actorUnit: nil, address: nil))
            let report = try #require(try await RoundStore(database: app.db).submissions(roundID: roundID).first)
            _ = try await RoundStore(database: app.db).saveDraft(
                id: report.id, expectedVersion: 1,
                content: SubmissionContent(
                    narratives: ["16/-1": .init(results: "x"), "16/-2": .init(results: "x"), "16/-3": .init(results: "x")],
                    projects: ["P11": .init(status: "Đang triển khai", progress: 60)]),
                context: ChangeContext(actor: "t", actorUnit: nil, address: nil))
            let (_, first) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office-a")
            let (_, second) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office-b")
            func post(_ token: String, _ action: String, _ version: Int) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.contentType = .json
                headers.bearerAuthorization = BearerAuthorization(token: token)
                return try await app.testing().sendRequest(
                    .POST, "/api/v1/submissions/\(report.id.uuidString.lowercased())/\(action)", headers: headers,
                    body: ByteBuffer(string: #"{"version":\#(version)}"#))
            }
            #expect(try await post(first, "submit", 2).status == .ok, "the office sends the court's report on its behalf")
            let own = try await post(first, "approve", 3)
            #expect(own.status == .forbidden)
            #expect(own.body.string.contains("một tài khoản khác"))
            #expect(try await post(second, "approve", 3).status == .ok)
            #expect(try await RoundStore(database: app.db).submission(id: report.id)?.state == .approved)
        }
    }

    @Test func aDistrictViewerDoesNotGetTheProvincesRounds() async throws {
        try await withPCMT(.sqlite) { app in
            let viewer = try await TestAccounts.browser(app, "viewer611", .viewer, unit: "611")
            #expect(try await viewer.get("/plans/\(konTumPlanID)/rounds").status == .notFound)
            let provinceViewer = try await TestAccounts.browser(app, "viewer62", .viewer, unit: "62")
            #expect(try await provinceViewer.get("/plans/\(konTumPlanID)/rounds").status == .ok)
            let (_, token) = try await TestTokens.make(app.db, role: .viewer, unit: "611", name: "v611")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/plans/\(konTumPlanID)/rounds", headers: headers).status == .notFound)
        }
    }
}
