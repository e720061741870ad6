import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// Issue 16: a successor plan (2026–2030, baseline 2025) is created as a copy of 3959 and never takes over 3959's
/// last year: data entry for 2025 still serves 3959 (the successor may be chosen), 2026 serves the successor, and
/// 3959's 2025 rounds are untouched.
@Suite struct SuccessorPlanTests {
    static let oldPlanID = UUID(uuidString: konTumPlanID)!

    func createSuccessor(_ office: Browser) async throws -> TestingHTTPResponse {
        try await office.post(
            "/plans/new",
            [
                "copyFrom": konTumPlanID, "predecessor": konTumPlanID, "code": "100/KH-UBND",
                "title": "Kế hoạch thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030",
                "issuer": "Ủy ban nhân dân tỉnh", "issuerUnit": "62", "issuedOn": "2026-01-15", "place": "Kon Tum",
                "startYear": "2026", "endYear": "2030", "baselineYear": "2025",
            ])
    }

    @Test(arguments: TestBackend.available)
    func aSuccessorNeverTakesOverItsPredecessorsLastYear(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            // 3959's 2025 round, opened before the successor exists.
            let round = try await office.post("/plans/\(konTumPlanID)/rounds", ["period": "2025S1", "due": "", "cutoffStart": "", "cutoffEnd": ""])
            #expect(round.status == .seeOther)
            let roundsBefore = try await RoundStore(database: app.db).rounds(planID: Self.oldPlanID)

            let created = try await createSuccessor(office)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let summaries = try await PlanStore(database: app.db).summaries()
            let successorID = try #require(summaries.first { $0.code == "100/KH-UBND" }?.id)
            let successor = try #require(try await PlanStore(database: app.db).plan(id: successorID))
            let old = try #require(try await PlanStore(database: app.db).plan(id: Self.oldPlanID))
            #expect(successor.predecessorID == Self.oldPlanID && old.predecessorID == nil)

            // The copy's texts moved their years as its rules did, and the editor says how many: of 3959's texts, 18
            // name its span, its last year or its mid-term year (counted by hand from the built-in plan).
            #expect(location.contains("years=18"))
            let editor = try await office.get(location)
            #expect(editor.status == .ok)
            #expect(editor.body.string.contains("Đã đổi năm trong 18 đoạn văn"))
            #expect(successor.targets.contains { $0.text == "Phấn đấu đến năm 2030 triệt xóa trên 80% số “điểm nóng” về ma túy" })
            #expect(successor.targets.contains { $0.titleEn == "Eliminate over 80% of drug \"hot spots\" by 2030" })
            #expect(successor.projects.map(\.title).contains("Tăng cường năng lực phòng, chống ma túy trong trường học đến năm 2030"))
            #expect(successor.reporting.contains { $0.kind == .midTermReview && $0.year == 2028 && $0.text.contains("giữa kỳ (năm 2028)") })
            #expect(successor.tasks[0].text.contains("ngày 14 tháng 02 năm 2020"), "a decision's year is not the plan's")
            #expect(old.targets.contains { $0.text == "Phấn đấu đến năm 2025 triệt xóa trên 80% số “điểm nóng” về ma túy" })

            // Data entry for 2025 serves 3959 and offers the successor; 2026 serves the successor.
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let form2025 = try await district.get("/data/611/2025S1")
            #expect(form2025.status == .ok)
            let page2025 = form2025.body.string
            #expect(page2025.contains("Kế hoạch <strong>3959/KH-UBND (2021–2025)</strong>"))
            #expect(page2025.contains("năm 2025 thuộc giai đoạn của kế hoạch"))
            #expect(page2025.contains("/data/611/2025S1?plan=\(successorID.slug)"))
            #expect(page2025.contains("action=\"/data/611/2025S1?plan=\(Self.oldPlanID.slug)\""))

            let chosen = try await district.get("/data/611/2025S1?plan=\(successorID.slug)")
            #expect(chosen.status == .ok)
            #expect(chosen.body.string.contains("Kế hoạch <strong>100/KH-UBND (2026–2030)</strong>"))
            #expect(chosen.body.string.contains("năm 2025 là năm gốc của kế hoạch này"))
            #expect(try await district.get("/data/611/2025S1?plan=\(UUID().slug)").status == .notFound)
            #expect(try await district.get("/data/611/2025S1?plan=not-a-plan").status == .notFound)
            #expect(try await district.get("/data/611/2024?plan=\(successorID.slug)").status == .notFound, "2024 is not the successor's")

            // The district ended on 30/06/2025 and is told so for 2026; a commune formed in the reform enters 2026.
            let ended = try await district.get("/data/611/2026")
            #expect(ended.status == .unprocessableEntity)
            #expect(ended.body.string.contains("chỉ tồn tại đến hết ngày 30/06/2025"))
            let commune = try await TestAccounts.browser(app, "tumorong", .communeOfficer, unit: "23425")
            let form2026 = try await commune.get("/data/23425/2026")
            #expect(form2026.status == .ok)
            #expect(form2026.body.string.contains("Kế hoạch <strong>100/KH-UBND (2026–2030)</strong>"))
            #expect(!form2026.body.string.contains("?plan="), "2026 has one plan: nothing to choose")

            // The query layer picks the same plans for the import, the API and the grid.
            let context = PageQueryContext(db: app.db, principal: nil)
            #expect(try await context.plan(covering: 2025)?.id == Self.oldPlanID)
            #expect(try await context.plan(covering: 2026)?.id == successorID)
            #expect(try await context.planChoices(for: 2025).map(\.plan.id) == [Self.oldPlanID, successorID])
            #expect(try await DataEntryQueries.plan(context, year: 2025).0.id == Self.oldPlanID)

            // A value saved in the 2025 form (3959's) is read by both plans: values are keyed by element, unit, period.
            let saved = try await district.post(
                "/data/611/2025S1", ["v_drug_cases_detected__heroin": "7", "v_drug_cases_detected__synthetic": "9"])
            #expect(saved.status == .ok || saved.status == .seeOther)
            let values = try await DataValueStore(database: app.db).values(unitCode: "611", periods: ["2025S1"])
            #expect(values.filter { $0.element == "drug_cases_detected" }.map(\.value).sorted() == [7, 9])

            // 3959's 2025 rounds are untouched, and the successor cannot open one for its baseline year.
            #expect(try await RoundStore(database: app.db).rounds(planID: Self.oldPlanID) == roundsBefore)
            let refused = try await office.post(
                "/plans/\(successorID.slug)/rounds", ["period": "2025S2", "due": "", "cutoffStart": "", "cutoffEnd": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await RoundStore(database: app.db).rounds(planID: successorID).isEmpty)
            let rounds = try await office.get("/plans/\(konTumPlanID)/rounds").body.string
            #expect(rounds.contains("Các kỳ báo cáo của Kế hoạch 3959/KH-UBND, trong giai đoạn 2021–2025"))

            // The successor's pages name its predecessor; its board on the baseline year links to the predecessor's.
            let home = try await office.get("/plans/\(successorID.slug)").body.string
            #expect(home.contains("Kế hoạch trước") && home.contains("3959/KH-UBND (2021–2025)"))
            #expect(try await office.get("/plans/\(konTumPlanID)").body.string.contains("100/KH-UBND (2026–2030)"))
            let board = try await office.get("/plans/\(successorID.slug)/board?period=2025").body.string
            #expect(board.contains("số liệu là kết quả của kế hoạch trước"))
            #expect(board.contains("/plans/\(Self.oldPlanID.slug)/board?period=2025"))
        }
    }

    @Test(arguments: TestBackend.available)
    func thePredecessorIsEditedAndChecked(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            var form = [
                "copyFrom": "", "predecessor": "", "code": "101/KH-UBND", "title": "Kế hoạch trống", "issuer": "UBND",
                "issuerUnit": "62", "issuedOn": "2026-02-01", "place": "Kon Tum", "startYear": "2025", "endYear": "2030",
                "baselineYear": "2024",
            ]
            form["predecessor"] = konTumPlanID
            let overlapping = try await office.post("/plans/new", form)
            #expect(overlapping.status == .unprocessableEntity)
            #expect(overlapping.body.string.contains("href=\"#f-predecessor\""))
            form["predecessor"] = ""
            form["startYear"] = "2026"
            form["baselineYear"] = "2025"
            #expect(try await office.post("/plans/new", form).status == .seeOther)
            let id = try #require(try await PlanStore(database: app.db).summaries().first { $0.code == "101/KH-UBND" }?.id)
            #expect(try await PlanStore(database: app.db).plan(id: id)?.predecessorID == nil)

            let record = try #require(try await PlanEditor(database: app.db).record(.plan, id: id, planID: id))
            #expect(record.fields["predecessor"] == "")
            let path = "/plans/\(id.slug)/edit/plan/\(id.slug)"
            func post(_ predecessor: String, version: Int) async throws -> TestingHTTPResponse {
                let current = try #require(try await PlanEditor(database: app.db).record(.plan, id: id, planID: id))
                var fields: [String: String] = ["version": String(version)]
                for (key, value) in current.fields {
                    fields[key] = key == "predecessor" ? predecessor : value
                    fields["original_\(key)"] = value
                }
                return try await office.post(path, fields)
            }
            let unknown = try await post("9999/KH-UBND", version: record.version)
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("Không có kế hoạch với số, ký hiệu này."))
            let itself = try await post("101/KH-UBND", version: record.version)
            #expect(itself.status == .unprocessableEntity)
            #expect(try await post("3959/KH-UBND", version: record.version).status == .seeOther)
            #expect(try await PlanStore(database: app.db).plan(id: id)?.predecessorID == Self.oldPlanID)
            let saved = try #require(try await PlanEditor(database: app.db).record(.plan, id: id, planID: id))
            #expect(saved.fields["predecessor"] == "3959/KH-UBND")
            #expect(try await post("", version: saved.version).status == .seeOther)
            #expect(try await PlanStore(database: app.db).plan(id: id)?.predecessorID == nil)
        }
    }
}
