import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import VaporTesting

@testable import PCMTWeb

/// The demonstration carried across the 2025 reform (issue 16, "Done when"): the synthetic successor plan 2026–2030
/// of the new Tỉnh Quảng Ngãi, values for its 96 units from 2025S2, and Kon Tum's 2021–2025 plan closed with the
/// communes formed on its territory. On SQLite and PostgreSQL, with the clock on 30/11/2026.
@Suite struct ReformDemoTests {
    static let successor = "6f0c2030-2026-4030-8d62-000000002030"

    /// The demonstration is loaded with this clock, which the application keeps for the test.
    static let clock = ProvinceClock.fixed(day: "2026-11-30")!

    @Test(arguments: TestBackend.available)
    func theNewProvincesBoardFor2026ShowsItsUnitsJudgedAgainstRebased2025(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959, clock: Self.clock) { app in
            // Nothing after the current year, nothing before the successor's baseline for the new units.
            let periods = try await (app.db as! any SQLDatabase).raw("SELECT DISTINCT period FROM data_values ORDER BY period")
                .all().map { try $0.decode(column: "period", as: String.self) }
            #expect(periods.first == "2020S1")
            #expect(periods.last == "2026S2")
            let office = try await TestAccounts.browser(app, "office51", .standingOffice, unit: "51-CAT")
            let page = try await office.get("/plans/\(Self.successor)/board?period=2026&unit=51&data=all")
            #expect(page.status == .ok)
            let html = page.body.string
            // The 96 units directly under the province, each with its verdict and marked as resting on re-based
            // figures (its 2025 is made of the first half of the communes it was formed from and its own second half):
            // "có số liệu tính lại" when a figure of its own for 2026 was (a ratio over the hotspots of 2025), "so
            // sánh với số liệu tính lại" when only the 2025 it is compared with was.
            let list = try #require(html.range(of: "<ul class=\"map-list\">")).upperBound
            let items = html[list...].components(separatedBy: "</ul>")[0]
            #expect(items.components(separatedBy: "<li class=\"status-").count - 1 == 96)
            #expect(items.components(separatedBy: "số liệu tính lại").count - 1 == 96)
            #expect(items.contains("Xã Tu Mơ Rông"))
            #expect(!items.contains("Xã Đắk Hà"))
            // The map draws the new units (their boundaries are built in).
            #expect(html.components(separatedBy: "<g class=\"area status-").count - 1 == 96)
            // Growth targets of the 2030 programme judged against 2025, and the figure marked re-based.
            let board = try await BoardQuery(database: app.db).board(
                plan: try #require(try await PlanStore(database: app.db).plan(id: UUID(uuidString: Self.successor)!)),
                unit: try #require(try await OrgUnitStore(database: app.db).index().timeline.version(of: "51", on: "2026-01-01")),
                period: .year(2026))
            for code in ["T04", "T05"] {
                let row = try #require(board.rows.first { $0.target.code == code })
                #expect(row.evaluation.explanationVi.contains("so với"))
                #expect(row.evaluation.explanationVi.contains("năm 2025"))
                #expect([.achieved, .notAchieved].contains(row.evaluation.status), "\(code): \(row.evaluation.explanationVi)")
                #expect(row.evaluation.coverage?.isComplete == true, "\(code): \(row.evaluation.explanationVi)")
            }
            #expect(html.contains("T04"))
            // A figure is marked only when it was itself re-based: 2026's own count is not, the 2025 it is compared
            // with is, and says so; T02's ratio is, as its denominator is read in the re-based 2025.
            func row(_ code: String) throws -> String {
                let start = try #require(html.range(of: "board/\(code)?"))
                return html[start.upperBound...].components(separatedBy: "</tr>")[0]
            }
            let t04 = try row("T04")
            #expect(!t04.contains("(tính lại)"), "\(t04)")
            #expect(t04.contains("năm 2025: số liệu tính lại"), "\(t04)")
            #expect(try row("T02").contains("(tính lại)"))
            // 2025 of the new province by hand: its communes' second half and both old provinces' first half.
            let sum = try await (app.db as! any SQLDatabase).raw(
                """
                SELECT SUM(value) AS total FROM data_values WHERE element = 'drug_cases_border_express'
                AND ((period = '2025S1' AND province_code IN ('51', '62')) OR (period = '2025S2' AND province_code = '51'))
                """
            ).first().map { try $0.decode(column: "total", as: Double.self) }
            let t04Row = try #require(board.rows.first { $0.target.code == "T04" })
            #expect(t04Row.evaluation.comparison?.value == sum)

            // Access through the reform is bounded in time: Kon Tum's standing office enters a new commune's second
            // half of 2025 on Kon Tum's territory (it closes Kon Tum's 2025), not its 2026, nor the new police's.
            let kontum = try await TestAccounts.browser(app, "office62", .standingOffice, unit: "62-CAT")
            #expect(try await kontum.get("/data/23425/2025S2").status == .ok)
            #expect(try await kontum.get("/data/23425/2026S1").status == .forbidden)
            #expect(try await kontum.get("/data/51-CAT/2025S2").status == .forbidden)
            #expect(try await office.get("/data/23425/2026S1").status == .ok)
            // The officer of the new Xã Tu Mơ Rông (23425 from 01/07/2025) enters its own halves, not those of old
            // Xã Đắk Hà, which had the code until 30/06/2025.
            let commune = try await TestAccounts.browser(app, "tumorong", .communeOfficer, unit: "23425")
            #expect(try await commune.get("/data/23425/2026S1").status == .ok)
            #expect(try await commune.get("/data/23425/2025S2").status == .ok)
            #expect(try await commune.get("/data/23425/2024S2").status == .forbidden)
            #expect(try await commune.get("/data/23425/2025S1").status == .forbidden)
        }
    }

    @Test(arguments: TestBackend.available)
    func kontumsYearRoundOf2025ExpectsTheCommunesFormedOnItsTerritory(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959, clock: Self.clock) { app in
            let rounds = RoundStore(database: app.db)
            let all = try await rounds.rounds(planID: UUID(uuidString: konTumPlanID)!)
            let year = try #require(all.first { $0.period == .year(2025) })
            let half = try #require(all.first { $0.period == .halfYear(2025, half: 1) })
            let expected = try await rounds.submissions(roundID: year.id).map(\.unitCode)
            // 2025S1 (due 20/06/2025): the ten districts and the provincial bodies, as before the reform.
            let first = Set(try await rounds.submissions(roundID: half.id).map(\.unitCode))
            #expect(first.isSuperset(of: ["608", "610", "611", "612", "613", "614", "615", "616", "617", "618", "62-CAT"]))
            // The year 2025 (due 20/12/2025): the 40 communes formed from Kon Tum's and the new province's police.
            #expect(!expected.contains("611"))
            #expect(expected.filter { !$0.contains("-") }.count == 40)
            #expect(expected.contains("23425"))
            #expect(expected.contains("51-CAT"))
            // A new commune's report carries its old district's duties (assignment 21 of 3959).
            let office = try await TestAccounts.browser(app, "office51", .standingOffice, unit: "51-CAT")
            let report = try #require(try await rounds.submissions(roundID: year.id).first { $0.unitCode == "23425" })
            let page = try await office.get("/submissions/\(report.id.uuidString.lowercased())")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Xã Tu Mơ Rông"))
            #expect(page.body.string.contains("hiệm vụ 21"))
            // The new police's report in Kon Tum's round is written for Kon Tum's police: Kon Tum's viewer reads it,
            // though the new police as a body lies in neither old province's area.
            let police = try #require(try await rounds.submissions(roundID: year.id).first { $0.unitCode == "51-CAT" })
            let viewer = try await TestAccounts.browser(app, "viewer62", .viewer, unit: "62")
            #expect(try await viewer.get("/submissions/\(police.id.uuidString.lowercased())").status == .ok)

            // Its figures are compared with its re-based 2024: the two old communes it was formed from (23425 Xã Đắk
            // Hà and 23422 Xã Tu Mơ Rông, Nghị quyết 1677/NQ-UBTVQH15, Điều 1, khoản 62), not old Xã Đắk Hà alone,
            // whose code it took; marked in the page and the Word file.
            let principal = Principal(
                kind: .user(id: "1", username: "office51"), role: .standingOffice,
                unit: try #require(try await OrgUnitStore(database: app.db).unit(code: "51-CAT", on: "2026-11-30")))
            let context = PageQueryContext(db: app.db, principal: principal, clock: Self.clock)
            let model = try await SubmissionQueries.page(context, try await SubmissionQueries.load(context, id: report.id), csrfToken: "t")
            let byHand = try await (app.db as! any SQLDatabase).raw(
                """
                SELECT SUM(value) AS total FROM data_values WHERE element = 'counselling'
                AND period IN ('2024S1', '2024S2') AND unit_code IN ('23425', '23422') AND province_code = '62'
                """
            ).first().map { try $0.decode(column: "total", as: Double.self) }
            let oldCodeAlone = try await (app.db as! any SQLDatabase).raw(
                """
                SELECT SUM(value) AS total FROM data_values WHERE element = 'counselling'
                AND period IN ('2024S1', '2024S2') AND unit_code = '23425'
                """
            ).first().map { try $0.decode(column: "total", as: Double.self) }
            #expect(byHand != nil && byHand != oldCodeAlone)
            #expect(model.previous["counselling"]?.value == byHand)
            #expect(model.previousRebased.contains("counselling"))
            #expect(page.body.string.contains("(tính lại)"))
            // Its own 2025 has only its own second half of its code's values, not old Xã Đắk Hà's first half.
            let ownS2 = try await (app.db as! any SQLDatabase).raw(
                "SELECT SUM(value) AS total FROM data_values WHERE element = 'counselling' AND period = '2025S2' AND unit_code = '23425'"
            ).first().map { try $0.decode(column: "total", as: Double.self) }
            let counselling = try #require(model.figures.first { $0.element.code == "counselling" })
            #expect(counselling.figure.value == ownS2)

            // Kon Tum's board of 2025 counts its communes at the year's end: the 40 formed on its territory, as its
            // drug-free communes of that day are theirs; on 30/06/2025 and in 2024, its own 102.
            let index = try await OrgUnitStore(database: app.db).index()
            let kontum = try #require(index.timeline.versions["62"]?.first)
            let totals = try await BoardQuery(database: app.db).totals(
                plan: try #require(try await PlanStore(database: app.db).plan(id: UUID(uuidString: konTumPlanID)!)), unit: kontum
            ).unit
            #expect(totals.total("count:commune", .year(2025)) == 40)
            #expect(totals.total("count:commune", .halfYear(2025, half: 1)) == 102)
            #expect(totals.total("count:commune", .year(2024)) == 102)
        }
    }

    /// Documents say which figures are counted from registers (issue 17, item 1): the province's report of 2025 names
    /// the element and how many communes derive it; Xã Tu Mơ Rông's own report marks its derived figure.
    @Test(arguments: TestBackend.available)
    func theReportsSayWhichFiguresAreCountedFromRegisters(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959, clock: Self.clock) { app in
            let office = Principal(
                kind: .user(id: "1", username: "office51"), role: .standingOffice,
                unit: OrgUnit(code: "51-CAT", name: "Công an tỉnh Quảng Ngãi", level: .agency, typeName: "Công an", parentCode: "51"))
            let context = PageQueryContext(db: app.db, principal: office, clock: Self.clock)
            let plan = try #require(try await PlanStore(database: app.db).plan(id: UUID(uuidString: konTumPlanID)!))
            let round = try #require(try await RoundStore(database: app.db).rounds(planID: plan.id).first { $0.period == .year(2025) })
            let before = try await RoundDocuments.material(context, round: round, plan: plan, compile: true).0.draft.situation
            // The demo derives its people's, hotspots' and cases' figures in two communes already; Tu Mơ Rông's hotspots
            // make one commune more.
            func communes(_ text: String) -> Int {
                let lead = "Điểm, tụ điểm phức tạp về ma túy đang tồn tại (cuối kỳ) ("
                guard let range = text.range(of: lead) else { return 0 }
                return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? -1
            }
            #expect(before.contains("Số liệu tính từ sổ theo dõi, sổ quản lý của xã, phường (không nhập tay): Người nghiện ma túy"))
            _ = try await ElementSourceStore(database: app.db).choose(
                elements: RecordRegistry.hotspots.elements, unitCode: "23425", source: .hotspots, fromYear: 2025, today: "2026-11-30",
                context: ChangeContext(actor: "office51", actorUnit: "51-CAT", address: nil))
            let situation = try await RoundDocuments.material(context, round: round, plan: plan, compile: true).0.draft.situation
            #expect(communes(situation) == communes(before) + 1, "\(situation)")
            let report = try #require(try await RoundStore(database: app.db).submissions(roundID: round.id).first { $0.unitCode == "23425" })
            let unit = try #require(try await OrgUnitStore(database: app.db).unit(code: "23425", on: "2026-11-30"))
            let material = try await RoundDocuments.unitMaterial(
                context, submission: report, round: round, plan: plan, unit: unit,
                heading: DocumentHeading.provinceDefault(
                    plan: plan, issuingOn: "2026-11-30", timeline: try await OrgUnitStore(database: app.db).index().timeline))
            let line = try #require(material.data.first { $0.name.hasPrefix("Điểm, tụ điểm phức tạp về ma túy đang tồn tại") })
            #expect(line.value.hasSuffix("(tính từ sổ)"), "\(line)")
            #expect(material.data.first { $0.name.hasPrefix("Lượt tư vấn") }?.value.contains("tính từ sổ") == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func theFinalReviewOfKonTumsPlanTakesBothMapsAndSaysSo(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959, clock: Self.clock) { app in
            let office = Principal(
                kind: .user(id: "1", username: "office51"), role: .standingOffice,
                unit: OrgUnit(code: "51-CAT", name: "Công an tỉnh Quảng Ngãi", level: .agency, typeName: "Công an", parentCode: "51"))
            let context = PageQueryContext(db: app.db, principal: office, clock: try #require(ProvinceClock.fixed(day: "2026-11-30")))
            let plan = try #require(try await PlanStore(database: app.db).plan(id: UUID(uuidString: konTumPlanID)!))
            let rounds = try await RoundStore(database: app.db).rounds(planID: plan.id)
            let review = try #require(rounds.first { $0.period == .span(from: 2021, to: 2025) })
            let (material, _) = try await RoundDocuments.material(context, round: review, plan: plan, compile: true)
            let situation = material.draft.situation
            #expect(situation.contains("Từ ngày 01/07/2025, Tỉnh Kon Tum không còn là đơn vị hành chính riêng"))
            #expect(situation.contains("số liệu đến ngày 30/06/2025 do các cơ quan, đơn vị, địa phương của Tỉnh Kon Tum báo cáo"))
            #expect(situation.contains("được tính lại theo địa bàn từ số liệu của 40 đơn vị trên địa bàn"))
            #expect(situation.contains("vì chỉ một phần thuộc địa bàn"))
            // Issued by the body of the time: the new province's People's Committee, at Quảng Ngãi.
            #expect(material.draft.heading.issuer == "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI")
            #expect(material.draft.heading.place == "Quảng Ngãi")
            // … and sent to the bodies of the time: there are no districts after 30/06/2025.
            let recipients = material.draft.heading.recipients
            #expect(!recipients.contains("huyện"), "\(recipients)")
            #expect(recipients.contains("UBND các xã, phường, đặc khu;"), "\(recipients)")
            // The figures of 2025 are from both maps: Kon Tum's addicts at the end of 2025 are those of its 40 new communes.
            // (T02 is a stock: its 2025 is the end of the year, which only the new communes reported.)
            let t02 = try #require(material.trajectories.first { $0.target.code == "T02" })
            let point = try #require(t02.points.first { $0.period == .year(2025) })
            #expect(point.value != nil)
            #expect(point.status != nil)

            // The annex's units sheet: the new Xã Tu Mơ Rông (23425 from 01/07/2025) has its own 2025, the second
            // half, not old Xã Đắk Hà's first half under the same code; named with its first day. The annex reads
            // approved data, so its 2025 report is approved first.
            let rounds2025 = try #require(rounds.first { $0.period == .year(2025) })
            let report2025 = try #require(try await RoundStore(database: app.db).submissions(roundID: rounds2025.id).first { $0.unitCode == "23425" })
            var version = report2025.version
            for action in [SubmissionAction.submit, .approve] where report2025.state != .approved {
                let outcome = try await RoundStore(database: app.db).transition(
                    id: report2025.id, expectedVersion: version, action: action, comment: "",
                    context: ChangeContext(actor: action == .submit ? "tumorong" : "office51", actorUnit: nil, address: nil))
                guard case .saved(let saved) = outcome else {
                    Issue.record("\(action): \(outcome)")
                    return
                }
                version = saved.version
            }
            let workbook = try await RoundAnnex.workbook(context, round: review, plan: plan)
            let sheet = try #require(workbook.sheets.first { $0.name == "Số liệu cấp huyện" })
            let column = try #require(sheet.header.firstIndex(of: "Xã Tu Mơ Rông (từ 01/07/2025)"), "\(sheet.header)")
            #expect(sheet.titles[1].text == "SỐ LIỆU CỦA CÁC XÃ, PHƯỜNG, ĐẶC KHU GIAI ĐOẠN 2021–2025")
            #expect(sheet.header.last == "Cộng các xã, phường")
            // The reporting sheet names the unit that sent the report, not the one that had its code before.
            let reporting = try #require(workbook.sheets.first { $0.name == "Tiến độ báo cáo" })
            let reported = try #require(reporting.rows.first { $0.first == .text("23425") })
            #expect(reported[1] == .text("Xã Tu Mơ Rông"), "\(reported)")
            let row = try #require(sheet.rows.first { $0.first == .text("Lượt tư vấn về nghiện ma túy") })
            func sum(_ condition: String) async throws -> Double? {
                try await (app.db as! any SQLDatabase).raw(
                    SQLQueryString("SELECT SUM(value) AS total FROM data_values WHERE element = 'counselling' AND " + condition)
                ).first().map { try $0.decode(column: "total", as: Double?.self) } ?? nil
            }
            let own = try #require(try await sum("period = '2025S2' AND unit_code = '23425'"))
            let oldDakHa = try #require(try await sum("period = '2025S1' AND unit_code = '23425'"))
            #expect(oldDakHa > 0)
            #expect(row[column] == .number(own), "\(row[column]) against \(own) (old Xã Đắk Hà's first half: \(oldDakHa))")
        }
    }

    // C5's kind across the reform: an approved report of a commune formed on 01/07/2025 reads the years of the old
    // communes it was formed from (re-based), so it locks their values as it locks its own, until it is reopened.
    @Test(arguments: TestBackend.available)
    func anApprovedReportOfANewCommuneLocksTheOldCommunesItReads(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959, clock: Self.clock) { app in
            let rounds = RoundStore(database: app.db)
            let review = try #require(
                try await rounds.rounds(planID: UUID(uuidString: konTumPlanID)!).first { $0.period == .span(from: 2021, to: 2025) })
            let report = try #require(
                try await rounds.submissions(roundID: review.id).first { $0.state == .approved && !$0.unitCode.contains("-") })
            let timeline = try await OrgUnitStore(database: app.db).index().timeline
            let commune = try #require(timeline.version(of: report.unitCode, on: "2025-12-31"))
            let former = try #require(timeline.formers(of: commune).first)
            let locks = try await rounds.locks(
                placement: UnitPlacement(unitCode: former.code, districtCode: former.parentCode, provinceCode: "62"),
                period: .halfYear(2024, half: 2))
            #expect(locks.contains { $0.reportUnitCode == commune.code && $0.reportPeriod == .span(from: 2021, to: 2025) }, "\(locks)")
            // Through the API, as the standing office would change it: refused (423), naming the review.
            let (_, token) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "kontum")
            let answer = try await DataValueSetTests.post(app, token, [DataValueSetTests.row(former.code, "2024S2", "counselling", 999)])
            #expect(answer.status == .locked, "\(answer.json)")
        }
    }

    // A half-year re-based from the units of the territory is complete only when each of them has its figure: with
    // approved data only, Kon Tum's second half of 2025 lacks the communes whose 2025 report is not yet approved.
    @Test(arguments: TestBackend.available)
    func aRebasedHalfIsCompleteOnlyWhenEveryUnitItIsMadeFromHasItsFigure(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959, clock: Self.clock) { app in
            let plan = try #require(try await PlanStore(database: app.db).plan(id: UUID(uuidString: konTumPlanID)!))
            let konTum = try #require(try await OrgUnitStore(database: app.db).index().timeline.version(of: "62", on: "2025-01-01"))
            let all = try await BoardQuery(database: app.db).totals(plan: plan, unit: konTum).unit
            #expect(all.rebased["addicts"]?.contains("2025S2") == true)
            #expect(all.rebasedIncomplete["addicts"] == nil)
            #expect(all.coverage("addicts", .year(2025))?.allSatisfy(\.isComplete) == true)
            let approved = try await BoardQuery(database: app.db).totals(plan: plan, unit: konTum, approvedOnly: true).unit
            #expect(approved.rebasedIncomplete["addicts"]?.contains("2025S2") == true)
            let shares = try #require(approved.coverage("addicts", .year(2025)))
            #expect(shares.contains { !$0.isComplete })
            #expect(shares.contains { $0.missing.contains(.halfYear(2025, half: 2)) })
            // What lacks the second half is named: the new communes without their approved figure, not Kon Tum's
            // districts, which ended on 30/06/2025 and could report nothing for it.
            let lacking = shares.filter { $0.missing.contains(.halfYear(2025, half: 2)) }
            #expect(!lacking.isEmpty && lacking.allSatisfy { $0.unit.level == .commune && $0.unit.validFrom == "2025-07-01" })
            #expect(shares.filter { $0.unit.level == .district }.allSatisfy { !$0.missing.contains(.halfYear(2025, half: 2)) })
            // And a target compared with 2024, when Kon Tum's territory was whole, is not judged on it: T02 (addicts at
            // the year's end, "no more than 1% up") had been "Đạt" on the few communes approved.
            let t02 = try #require(TargetBoard(plan: plan, period: .year(2025), totals: approved).rows.first { $0.target.code == "T02" })
            #expect(t02.evaluation.status == .incomplete, "\(t02.evaluation.explanationVi)")
            let all02 = try #require(TargetBoard(plan: plan, period: .year(2025), totals: all).rows.first { $0.target.code == "T02" })
            #expect([.achieved, .notAchieved].contains(all02.evaluation.status), "\(all02.evaluation.explanationVi)")
        }
    }
}
