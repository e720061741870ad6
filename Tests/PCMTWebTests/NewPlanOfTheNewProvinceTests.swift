import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// Issue 16: the standing office of the new province (51-CAT, from 01/07/2025) finds the new plan form from the plans
/// page, and a plan issued by its People's Committee (51-UBND) belongs to the province 51, whose board and rounds it
/// then has (``PlanProvince``).
@Suite struct NewPlanOfTheNewProvinceTests {
    @Test func thePlansPageOffersANewPlanToTheStandingOfficeOnly() async throws {
        try await withPCMT(.sqlite) { app in
            let link = "href=\"/plans/new\""
            #expect(!(try await app.get("/plans").body.string.contains(link)), "not to a visitor")
            let viewer = try await TestAccounts.browser(app, "viewer51", .viewer, unit: "51")
            #expect(!(try await viewer.get("/plans").body.string.contains(link)), "not to a viewer")
            let office = try await TestAccounts.browser(app, "office51", .standingOffice, unit: "51-CAT")
            let page = try await office.get("/plans").body.string
            #expect(page.contains(link) && page.contains("+ Kế hoạch mới (trống hoặc bản sao)"))
        }
    }

    @Test func aPlanIssuedByTheProvincesPeoplesCommitteeBelongsToTheProvince() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office51", .standingOffice, unit: "51-CAT")
            let created = try await office.post(
                "/plans/new",
                [
                    "copyFrom": konTumPlanID, "predecessor": konTumPlanID, "code": "88/KH-UBND",
                    "title": "Kế hoạch thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030",
                    "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "issuerUnit": "51-UBND", "issuedOn": "2026-01-15", "place": "Quảng Ngãi",
                    "startYear": "2026", "endYear": "2030", "baselineYear": "2025",
                ])
            #expect(created.status == .seeOther)
            let summary = try #require(try await PlanStore(database: app.db).summaries().first { $0.code == "88/KH-UBND" })
            let plan = try #require(try await PlanStore(database: app.db).plan(id: summary.id))
            #expect(plan.issuerUnit == "51")
            #expect(plan.predecessorID?.uuidString.lowercased() == konTumPlanID.lowercased())
            // Its board is the province's, with the province among the units to choose.
            let board = try await office.get("/plans/\(summary.id.uuidString.lowercased())/board?period=2026").body.string
            #expect(board.contains("Bảng chỉ tiêu · Tỉnh Quảng Ngãi · năm 2026"))
            #expect(board.contains("<option value=\"51\" selected"))
        }
    }
}
