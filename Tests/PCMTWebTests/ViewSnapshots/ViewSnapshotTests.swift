import Foundation
import PCMTDomain
import PCMTReports
import Testing
import Vapor

@testable import PCMTStore
@testable import PCMTWeb

/// Every page of the web layer rendered from the hand-built models of `ViewFixtures`, in its frame (`Layout`) and in
/// both languages, compared with the files under ViewSnapshots/Snapshots. No database, no application, no HTTP:
/// a change to a page's view shows here as a diff of its HTML. Record with `PCMT_RECORD_SNAPSHOTS=1`.
@Suite struct ViewSnapshotTests {
    typealias F = ViewFixtures

    /// The page in both languages: the frame's language, no script unless `scripts` says so, the signed-in menu with
    /// its form token (or the sign-in link), then the snapshot `<name>.<language>.html`. Returns the HTML by language.
    @discardableResult
    func render(
        _ name: String, path: String, plan: Plan? = nil, session: LayoutSession? = nil, scripts: Int = 0,
        title: (Localizer) -> String, sourceLocation: SourceLocation = #_sourceLocation,
        _ content: (Localizer) -> [Node]
    ) throws -> [Language: String] {
        var pages: [Language: String] = [:]
        for language in Language.allCases {
            let t = Localizer(language: language)
            let layout = Layout(title: title(t), localizer: t, currentPath: path, planID: plan?.id, planCode: plan?.code, session: session)
            let html = layout.render(content(t))
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"), "\(name).\(language)", sourceLocation: sourceLocation)
            #expect(html.contains("<title>\(title(t).htmlEscaped) · pcmt</title>"), "\(name).\(language)", sourceLocation: sourceLocation)
            #expect(html.components(separatedBy: "<script").count - 1 == scripts, "\(name).\(language) scripts", sourceLocation: sourceLocation)
            #expect(html.contains(language == .vi ? "Trang chủ" : ">Home<"), "\(name).\(language) navigation", sourceLocation: sourceLocation)
            if let session {
                #expect(html.contains(">\(session.username)</a>"), "\(name).\(language) account menu", sourceLocation: sourceLocation)
                #expect(html.contains("name=\"_csrf\" value=\"\(F.csrf)\""), "\(name).\(language) csrf", sourceLocation: sourceLocation)
            } else {
                #expect(html.contains("<a class=\"signin\" href=\"/signin\">"), "\(name).\(language) sign-in link", sourceLocation: sourceLocation)
                #expect(!html.contains("action=\"/signout\""), "\(name).\(language) sign-out form without a session", sourceLocation: sourceLocation)
            }
            try assertSnapshot(html, named: "\(name).\(language.rawValue).html", sourceLocation: sourceLocation)
            pages[language] = html
        }
        return pages
    }

    static let planPath = "/plans/\(F.planID.slug)"

    // MARK: The plan, for everyone

    @Test func homePage() throws {
        let pages = try render("home", path: "/", plan: F.plan, title: { _ in F.plan.code }) { t in
            HomePage.view(.init(plan: F.plan, units: F.directory), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Kế hoạch số 12/KH-UBND"))
        #expect(vi.contains("15/03/2021"))
        #expect(vi.contains("<strong>4</strong> chỉ tiêu"))
        #expect(vi.contains("(3 đo lường được)"))
        #expect(vi.contains(">T01</a>"))
        #expect(vi.contains("Công an tỉnh theo dõi, đôn đốc"))
        #expect(try #require(pages[.en]).contains("lang=\"en\">Drug prevention and control in Thu Nghiem province, 2021–2025</span>"))
    }

    /// A reporting unit's home page: its own reports above the plan (as the home route puts them).
    @Test func homePageWithTheUnitsOwnReports() throws {
        var older = F.round
        older.id = F.id(501)
        older.period = .halfYear(2023, half: 1)
        older.kind = .halfYear
        older.schedule = RoundSchedule.defaults(for: older.period)
        var approvedHalf = F.healthSubmission
        approvedHalf.id = F.id(611)
        approvedHalf.state = .approved
        var draft = F.healthSubmission
        draft.state = .draft
        let own = OwnReports.Model(rows: [
            OwnReports.Row(submission: draft, round: F.round, missing: 3),
            OwnReports.Row(submission: approvedHalf, round: older, missing: 0),
        ])
        let pages = try render(
            "home-own-reports", path: "/", plan: F.plan, session: F.session(.agencyReporter, username: "baocao.syt"),
            title: { _ in F.plan.code }
        ) { t in
            [t("Your password is saved. Welcome to pcmt.", "Đã lưu mật khẩu của bạn. Chào mừng đến với pcmt.")].map { Forms.notice($0) }
                + [OwnReports.view(own, t: t)] + HomePage.view(.init(plan: F.plan, units: F.directory), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h2>Báo cáo của đơn vị</h2>"))
        #expect(vi.contains("<a href=\"/submissions/\(F.healthSubmission.id.slug)\">Báo cáo năm 2023</a>"))
        #expect(vi.contains("<td class=\"num\">3 nội dung</td>"))
        #expect(vi.contains("Báo cáo 6 tháng đầu năm 2023"))
        #expect(vi.contains("<td class=\"num\">—</td>"), "an approved report has nothing missing")
    }

    @Test func plansPage() throws {
        let pages = try render("plans", path: "/plans", title: { $0("Plans", "Kế hoạch") }) { t in
            PlansPage.view(.init(plans: [F.planSummary, F.olderPlanSummary]), t: t)
        }
        #expect(try #require(pages[.vi]).contains("<a href=\"\(Self.planPath)\">12/KH-UBND</a>"))
        #expect(try #require(pages[.vi]).contains("2016–2020"))
    }

    @Test func targetsPage() throws {
        let pages = try render("targets", path: "\(Self.planPath)/targets", plan: F.plan, title: { $0("Targets", "Chỉ tiêu") }) { t in
            TargetsPage.view(TargetsPage.model(plan: F.plan), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<tr id=\"T02\">"))
        #expect(vi.contains("4 chỉ tiêu trong 2 nhóm, 3 chỉ tiêu đo lường được"))
        #expect(vi.contains("(không đo lường)"))
        #expect(vi.contains("<a href=\"\(Self.planPath)/assignments/3\">3. Ủy ban nhân dân các huyện, thành phố</a>"))
    }

    @Test func tasksPage() throws {
        let pages = try render("tasks", path: "\(Self.planPath)/tasks", plan: F.plan, title: { $0("Key tasks", "Nhiệm vụ trọng tâm") }) { t in
            TasksPage.view(TasksPage.model(plan: F.plan), t: t)
        }
        #expect(try #require(pages[.vi]).contains("<li id=\"task-2\" value=\"2\">"))
        #expect(try #require(pages[.en]).contains("<strong lang=\"en\">Inspection and supervision</strong>"))
    }

    @Test func solutionsPage() throws {
        let pages = try render("solutions", path: "\(Self.planPath)/solutions", plan: F.plan, title: { $0("Solutions", "Giải pháp") }) { t in
            SolutionsPage.view(SolutionsPage.model(plan: F.plan), t: t)
        }
        #expect(try #require(pages[.vi]).contains("2 nhóm, 3 nội dung."))
        #expect(try #require(pages[.vi]).contains("<h2>2. Điều trị nghiện và quản lý sau cai</h2>"))
    }

    @Test func assignmentsPage() throws {
        let pages = try render("assignments", path: "\(Self.planPath)/assignments", plan: F.plan, title: { $0("Assignments", "Phân công") }) { t in
            AssignmentsPage.view(.init(plan: F.plan, units: F.directory), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("4 đơn vị được phân công."))
        #expect(vi.contains("<a href=\"\(Self.planPath)/assignments/4\">Các sở, ban, ngành khác</a>"))
    }

    @Test func assignmentPage() throws {
        let assignment = try #require(F.plan.assignment(number: 1))
        let namedBy = F.plan.assignments.filter { $0.number != 1 }.flatMap { other in
            other.duties.filter { $0.partners.contains("99-CA") }.map { (assignment: other, duty: $0) }
        }
        #expect(namedBy.count == 1)
        let model = AssignmentPage.Model(
            plan: F.plan, assignment: assignment, units: F.directory,
            projects: F.plan.projects.filter { $0.assignment == 1 },
            targets: F.plan.targets.filter { $0.responsible.contains(1) }, namedBy: namedBy)
        let pages = try render("assignment-1", path: "\(Self.planPath)/assignments/1", plan: F.plan, title: { _ in assignment.assignee }) { t in
            AssignmentPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>1. Công an tỉnh</h1>"))
        #expect(vi.contains("Chủ trì, phối hợp với: <a href=\"/orgunits/99-SYT\">Sở Y tế</a>"))
        #expect(vi.contains("<li>Triệt xóa các điểm, tụ điểm.</li>"))
        #expect(vi.contains("Được phân công phối hợp với"))
        #expect(vi.contains(">T03</a>"))
    }

    @Test func projectsPage() throws {
        let pages = try render("projects", path: "\(Self.planPath)/projects", plan: F.plan, title: { $0("Projects", "Dự án") }) { t in
            ProjectsPage.view(.init(plan: F.plan, units: F.directory), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("2 dự án, 1 tiểu dự án."))
        #expect(vi.contains("<li id=\"P01.1\">"))
        #expect(vi.contains(" · Theo hướng dẫn của Bộ Công an"))
    }

    @Test func orgUnitsPage() throws {
        let model = OrgUnitsPage.Model(
            provinces: [F.province],
            childrenByParent: Dictionary(
                grouping: F.units.filter { $0.parentCode != nil },
                by: { $0.parentCode! }))
        let pages = try render("orgunits", path: "/orgunits", plan: F.plan, title: { $0("Organisation units", "Đơn vị") }) { t in
            OrgUnitsPage.view(model, t: t)
        }
        // Three communes under the districts and the successor formed on 01/07/2025 directly under the province.
        #expect(try #require(pages[.vi]).contains("2 huyện/thành phố, 4 xã/phường/thị trấn, 3 cơ quan cấp tỉnh."))
        #expect(try #require(pages[.vi]).contains("Xã, phường, đặc khu trực thuộc tỉnh"))
        #expect(try #require(pages[.en]).contains("<span class=\"en\" lang=\"en\">Department of Education and Training</span>"))
    }

    @Test func orgUnitPageOfADistrictForASignedInAccount() throws {
        let model = OrgUnitPage.Model(
            unit: F.district, ancestors: [F.province], children: [F.commune, F.township], successors: [F.successor],
            plan: F.plan, demands: F.plan.demands(of: F.district, ancestors: [F.province]), units: F.directory,
            signedIn: true)
        let pages = try render("orgunit-990", path: "/orgunits/990", plan: F.plan, session: F.session(.viewer), title: { _ in F.district.name }) {
            t in
            OrgUnitPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<dd>30/06/2025</dd>"))
        #expect(vi.contains("<a href=\"/orgunits/99009\">Xã Núi Cao</a>"))
        #expect(vi.contains("/board?unit=990"))
        #expect(vi.contains("Phân công mục 3: Ủy ban nhân dân các huyện, thành phố"))
        #expect(vi.contains("Được nêu tên trong kế hoạch"))
    }

    @Test func orgUnitPageOfABodyForAVisitor() throws {
        let model = OrgUnitPage.Model(
            unit: F.health, ancestors: [F.province], children: [], successors: [], plan: F.plan,
            demands: F.plan.demands(of: F.health, ancestors: [F.province]), units: F.directory)
        let pages = try render("orgunit-99-SYT", path: "/orgunits/99-SYT", plan: F.plan, title: { _ in F.health.name }) { t in
            OrgUnitPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(!vi.contains("/board"))
        #expect(vi.contains("Được nêu là đơn vị phối hợp"))
        #expect(vi.contains("Dự án 2 “Điều trị nghiện tại cộng đồng”"))
        #expect(vi.contains("<dd>chưa ánh xạ</dd>"))
    }

    @Test func searchPage() throws {
        let hits = PlanSearch.search("suoi da", plan: F.plan, units: F.units)
        #expect(hits.contains { $0.subject == .unit(code: "99001") })
        let pages = try render("search-suoi-da", path: "/search?q=suoi+da", plan: F.plan, title: { $0("Search", "Tìm kiếm") }) { t in
            SearchPage.view(.init(query: "suoi da", plan: F.plan, hits: hits), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("\(hits.count) kết quả cho “suoi da”."))
        #expect(vi.contains("<a href=\"/orgunits/99001\">Xã Suối Đá</a>"))
        #expect(vi.contains("<input type=\"search\" id=\"search-q\" name=\"q\" value=\"suoi da\">"))
    }

    // MARK: Board and data, for accounts

    @Test func boardPage() throws {
        let model = BoardPage.Model(
            plan: F.plan, unit: F.province, period: F.boardPeriod, board: F.board,
            unitOptions: [F.province, F.district, F.city], officialOnly: true)
        let pages = try render(
            "board", path: "\(Self.planPath)/board", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Target board", "Bảng chỉ tiêu") }
        ) { t in
            BoardPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Bảng chỉ tiêu · Tỉnh Thử Nghiệm · năm 2023"))
        #expect(vi.contains("/board/T01?period=2023&amp;unit=99\">T01</a>"))
        #expect(vi.contains("+11,1%"), "50 cases against 45 the year before")
        #expect(vi.contains("88,2%"), "150 treated of 170")
        #expect(vi.contains("Số liệu chính thức: chỉ tính số liệu của các báo cáo đã duyệt."))
        #expect(try #require(pages[.en]).contains("+11.1%"))
    }

    @Test func targetPage() throws {
        let target = try #require(F.plan.targets.first { $0.code == "T01" })
        let engine = RuleEngine(planStartYear: F.plan.startYear, baselineYear: F.plan.baselineYear)
        var falling = UnitTotals()
        falling.years = ["drug_cases_detected": [2022: 20, 2023: 19]]
        let rows = [(F.district, F.totals(scale: 0.6)), (F.city, falling)].map { unit, totals in
            TargetPage.Row(unit: unit, evaluation: engine.evaluate(target.rule, measure: target.measure, period: F.boardPeriod, totals: totals))
        }
        let model = TargetPage.Model(
            plan: F.plan, target: target, unit: F.province, period: F.boardPeriod,
            evaluation: engine.evaluate(target.rule, measure: target.measure, period: F.boardPeriod, totals: F.provinceTotals),
            trend: TargetTrend(plan: F.plan, target: target, totals: F.provinceTotals), rows: rows, sort: "value",
            descending: true, unitOptions: [F.province, F.district, F.city], officialOnly: false)
        let pages = try render(
            "target-T01", path: "\(Self.planPath)/board/T01", plan: F.plan, session: F.session(.viewer),
            title: { _ in "T01" }
        ) { t in
            TargetPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>T01 · Số vụ phạm tội về ma túy bị phát hiện</h1>"))
        #expect(vi.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(vi.contains("Bao gồm cả số liệu chưa duyệt — không phải số liệu chính thức."))
        #expect(vi.contains("Kết quả ▼"))
        // Unapproved data stays chosen when a unit is picked from the table.
        #expect(vi.contains("<a href=\"\(Self.planPath)/board/T01?period=2023&amp;unit=990&amp;all=1\">Huyện Núi Cao</a>"))
        #expect(vi.contains("<td class=\"num\">-5%</td><td><span class=\"status status-not_achieved\">"), "the city's cases fell from 20 to 19")
    }

    @Test func dataIndexPage() throws {
        let model = DataIndexPage.Model(
            plan: F.plan, units: [F.district, F.city], periods: [.year(2023), .halfYear(2023, half: 2), .halfYear(2023, half: 1)])
        let pages = try render(
            "data-index", path: "/data", plan: F.plan, session: F.session(.districtReporter), title: { $0("Data entry", "Nhập số liệu") }
        ) { t in
            DataIndexPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<option value=\"990\" selected=\"selected\">Huyện Núi Cao (990)</option>"))
        #expect(vi.contains("<option value=\"2023S2\">6 tháng cuối năm 2023</option>"))
        #expect(vi.contains("href=\"/data/import\""))
    }

    static func value(_ element: String, category: String = "", _ value: Double, version: Int = 1, by: String = "baocao.nuicao") -> DataValue {
        DataValue(
            element: element, unitCode: "990", period: "2023", category: category, value: value, version: version,
            updatedBy: by, updatedAt: F.at("2023-12-10T14:20:00"))
    }

    static let current: [String: DataValue] = [
        "drug_cases_detected": value("drug_cases_detected", 30, version: 2),
        "addicts_registered": value("addicts_registered", 102),
        "addicts_treated__community": value("addicts_treated", category: "community", 70),
        "addicts_treated__facility": value("addicts_treated", category: "facility", 20),
    ]

    func dataEntry(_ name: String, session: LayoutSession = F.session(.districtReporter), _ change: (inout DataEntryPage.Model, Localizer) -> Void)
        throws -> [Language: String]
    {
        try render(name, path: "/data/990/2023", plan: F.plan, session: session, title: { $0("Data entry", "Nhập số liệu") }) { t in
            var model = DataEntryPage.Model(
                plan: F.plan, unit: F.district, period: .year(2023), elements: F.elements, current: Self.current,
                csrfToken: F.csrf)
            change(&model, t)
            return DataEntryPage.view(model, t: t)
        }
    }

    @Test func dataEntryPageSavedWithWarningsAndHistory() throws {
        let pages = try dataEntry("data-entry") { model, t in
            model.saved = true
            model.warnings = [
                t(
                    "Drug crimes detected: 30, against 12 on average before.",
                    "Số vụ phạm tội về ma túy bị phát hiện: 30, so với trung bình 12 các kỳ trước.")
            ]
            model.history = [
                (
                    element: "drug_cases_detected", category: "", old: 28, new: 30, by: "baocao.nuicao", at: F.at("2023-12-10T14:20:00"),
                    source: "entered"
                ),
                (
                    element: "addicts_treated", category: "community", old: nil, new: 70, by: "dongbo.huyen", at: F.at("2023-12-09T22:00:00"),
                    source: "api"
                ),
            ]
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Đã lưu. Bảng chỉ tiêu hiện ngay số liệu mới"))
        #expect(vi.contains("name=\"v_addicts_treated__community\" value=\"70\""))
        #expect(vi.contains("<input type=\"hidden\" name=\"ver_drug_cases_detected\" value=\"2\">"))
        #expect(vi.contains("Số người nghiện được điều trị — Tại cộng đồng"))
        #expect(vi.contains("1 = có, 0 = không"))
        #expect(vi.contains("<td>qua API</td>"))
        #expect(vi.contains("<button type=\"submit\" class=\"primary\">Lưu</button>"))
    }

    @Test func dataEntryPageRefusedWithAProblem() throws {
        let parsed = DataEntryValidation.parse(
            [
                .init(element: "drug_cases_detected", text: "ba mươi"),
                .init(element: "new_hotspots", text: "-1"),
            ], elements: F.elements)
        #expect(parsed.problems.count == 2)
        let pages = try dataEntry("data-entry-problem") { model, _ in
            model.typed = ["drug_cases_detected": "ba mươi", "new_hotspots": "-1"]
            model.problems = parsed.problems
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Chưa lưu gì. Vui lòng sửa:"))
        #expect(
            vi.contains(
                "<a href=\"#f-drug_cases_detected\">Số vụ phạm tội về ma túy bị phát hiện</a>: Số vụ phạm tội về ma túy bị phát hiện: “ba mươi” không phải là số."
            ))
        #expect(vi.contains("<tr class=\"has-error\">"))
        #expect(vi.contains("value=\"ba mươi\" class=\"value\" inputmode=\"numeric\" aria-invalid=\"true\""))
        #expect(try #require(pages[.en]).contains("Drug crimes detected: “ba mươi” is not a number."))
    }

    @Test func dataEntryPageRefusedWithAConflict() throws {
        let theirs = Self.value("drug_cases_detected", 32, version: 3, by: "baocao2.nuicao")
        let pages = try dataEntry("data-entry-conflict") { model, _ in
            model.current["drug_cases_detected"] = theirs
            model.typed = ["drug_cases_detected": "31"]
            model.conflicts = [
                DataValueConflict(element: "drug_cases_detected", category: "", current: theirs, submitted: 31),
                DataValueConflict(element: "addicts_treated", category: "facility", current: nil, submitted: 25),
            ]
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Chưa lưu gì: người khác đã lưu các số liệu sau khi bạn mở biểu mẫu."))
        #expect(vi.contains("<td class=\"changed\">32 (baocao2.nuicao, 10/12/2023 14:20:00)</td>"))
        #expect(vi.contains("<td class=\"changed\">(đã xóa)</td>"))
        #expect(vi.contains("name=\"ver_drug_cases_detected\" value=\"3\""))
    }

    @Test func dataEntryPageLockedByAnApprovedReport() throws {
        let pages = try dataEntry("data-entry-locked") { model, t in
            model.locked = t(
                "The report of 990 for 2023 is approved: its data is locked until the standing office reopens it.",
                "Báo cáo kỳ 2023 của đơn vị đã được duyệt: số liệu bị khóa cho đến khi cơ quan thường trực mở lại.")
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<p class=\"notice notice-warn\" role=\"status\">Báo cáo kỳ 2023 của đơn vị đã được duyệt"))
        #expect(!vi.contains("<button type=\"submit\" class=\"primary\">"), "no save button on a locked form")
    }

    @Test func dataImportPageWithErrors() throws {
        let errors = [
            DataImport.RowError(row: 3, en: "element: unknown code “drug_casez”.", vi: "element: mã “drug_casez” không tồn tại."),
            DataImport.RowError(
                row: 7, en: "period: “2023S3” is not a year or half-year such as 2023 or 2023S1.",
                vi: "period: “2023S3” không phải năm hoặc nửa năm như 2023 hoặc 2023S1."),
        ]
        let pages = try render(
            "data-import-errors", path: "/data/import", session: F.session(.districtReporter),
            title: { $0("Import a file", "Nhập từ tệp") }
        ) { t in
            DataImportPage.view(.init(csrfToken: F.csrf, errors: errors, fileName: "so-lieu-2023.csv"), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("so-lieu-2023.csv chưa được nhập — chưa lưu gì. 2 lỗi:"))
        #expect(vi.contains("<td class=\"num\">7</td>"))
        #expect(try #require(pages[.en]).contains("element: unknown code “drug_casez”."))
    }

    @Test func dataImportPageAfterASuccess() throws {
        let pages = try render(
            "data-import-success", path: "/data/import", session: F.session(.districtReporter),
            title: { $0("Import a file", "Nhập từ tệp") }
        ) { t in
            DataImportPage.view(.init(csrfToken: F.csrf, importedRows: 24, fileName: "so-lieu-2023.xlsx"), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("so-lieu-2023.xlsx: đã lưu cả 24 dòng."))
        #expect(!vi.contains("error-summary"))
    }

    static let importLines = [
        DataImportPage.Line(row: 2, unit: "Xã Suối Đá (99001)", period: "6 tháng đầu năm 2023", element: "Lượt tư vấn", old: nil, new: 1000),
        DataImportPage.Line(row: 3, unit: "Xã Suối Đá (99001)", period: "6 tháng đầu năm 2023", element: "Diện tích phát hiện", old: 12.5, new: 7.25),
        DataImportPage.Line(row: 4, unit: "Xã Suối (99002)", period: "năm 2023", element: "Số vụ — Heroin", old: 4, new: 4),
    ]

    static let importSummary = DataImportPage.Summary(
        periods: [
            .init(period: "6 tháng đầu năm 2023", units: 1, added: 1, replaced: 1, same: 0),
            .init(period: "năm 2023", units: 1, added: 0, replaced: 0, same: 1),
        ], added: 1, replaced: 1, same: 1)

    @Test func dataImportPagePreviewBeforeSaving() throws {
        let pages = try render(
            "data-import-preview", path: "/data/import", session: F.session(.districtReporter),
            title: { $0("Import a file", "Nhập từ tệp") }
        ) { t in
            var model = DataImportPage.Model(csrfToken: F.csrf, fileName: "so-lieu-2023.csv")
            model.lines = Self.importLines
            model.summary = Self.importSummary
            model.withoutValue = 2
            model.notation = (.vi, t("the file is separated by semicolons", "tệp phân cách bằng dấu chấm phẩy"))
            model.preview = .init(draft: "0b8c3a52-6f0e-4d7c-9a51-2f4e6b1d7c90", state: "s1")
            return DataImportPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Kiểm tra trước khi lưu: so-lieu-2023.csv"))
        #expect(
            vi.contains(
                "Chưa lưu gì. Không có lỗi; khi lưu, số liệu sẽ thay đổi như sau: 2 số liệu thay đổi (1 số liệu mới, 1 số liệu thay số đã lưu), 1 số liệu giữ nguyên; 2 dòng không có giá trị được bỏ qua."
            ))
        #expect(vi.contains("<td class=\"num\">—</td><td class=\"num\">1.000</td>"))
        #expect(vi.contains("<td class=\"num\">12,5</td><td class=\"num\">7,25</td>"))
        #expect(vi.contains("<td class=\"num\">4</td><td class=\"num\">không đổi</td>"))
        #expect(vi.contains("name=\"intent\" value=\"save\"") && vi.contains("name=\"state\" value=\"s1\""))
        let en = try #require(pages[.en])
        #expect(en.contains("<td class=\"num\">12.5</td><td class=\"num\">7.25</td>"))
        #expect(en.contains("read in Vietnamese notation (1.000 is one thousand, 1,5 one and a half): the file is separated by semicolons."))
    }

    @Test func dataImportPageSavedWithWhatChanged() throws {
        let pages = try render(
            "data-import-saved", path: "/data/import", session: F.session(.districtReporter),
            title: { $0("Import a file", "Nhập từ tệp") }
        ) { t in
            var model = DataImportPage.Model(csrfToken: F.csrf, importedRows: 3, fileName: "so-lieu-2023.csv")
            model.lines = Self.importLines
            model.summary = Self.importSummary
            return DataImportPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(
            vi.contains("so-lieu-2023.csv: đã lưu cả 3 dòng. 2 số liệu thay đổi (1 số liệu mới, 1 số liệu thay số đã lưu), 1 số liệu giữ nguyên."))
        #expect(
            vi.contains(
                "<th scope=\"row\">6 tháng đầu năm 2023</th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td>"
            ))
        #expect(vi.contains("Những gì đã thay đổi"))
        #expect(!vi.contains("không đổi</td>"), "only what changed is listed")
    }

    @Test func dataImportPageChangedSinceThePreview() throws {
        let pages = try render(
            "data-import-changed", path: "/data/import", session: F.session(.districtReporter),
            title: { $0("Import a file", "Nhập từ tệp") }
        ) { t in
            var model = DataImportPage.Model(csrfToken: F.csrf, fileName: "so-lieu-2023.csv")
            model.lines = Self.importLines
            model.summary = Self.importSummary
            model.preview = .init(draft: "0b8c3a52-6f0e-4d7c-9a51-2f4e6b1d7c90", state: "s2")
            model.changedMeanwhile = true
            return DataImportPage.view(model, t: t)
        }
        #expect(try #require(pages[.vi]).contains("Chưa lưu gì: các số liệu mà tệp này thay thế đã bị thay đổi sau khi bạn kiểm tra."))
    }

    @Test func dataEntryPageSentWithoutAChange() throws {
        let pages = try dataEntry("data-entry-unchanged") { model, _ in model.unchanged = true }
        #expect(try #require(pages[.vi]).contains("Không có thay đổi: mọi số liệu giống như đã lưu nên không lưu gì."))
        #expect(try #require(pages[.en]).contains("name=\"notation\" value=\"en\""))
    }

    // MARK: Reporting rounds

    @Test func roundsPageWithAProblemOpeningARound() throws {
        let model = RoundsPage.Model(
            plan: F.plan, rounds: [F.round], mayOpen: true,
            values: ["period": "2024", "due": "20/12/2024", "cutoffStart": "", "cutoffEnd": ""],
            problems: [FieldProblem(field: "due", en: "A date as yyyy-mm-dd.", vi: "Ngày theo dạng yyyy-mm-dd.")],
            csrfToken: F.csrf)
        let pages = try render(
            "rounds-open-problem", path: "\(Self.planPath)/rounds", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Reporting rounds", "Các kỳ báo cáo") }
        ) { t in
            RoundsPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<a href=\"/rounds/\(F.roundID.slug)\">Báo cáo năm 2023</a>"))
        #expect(vi.contains("<a href=\"#f-due\">Hạn nộp</a>: Ngày theo dạng yyyy-mm-dd."))
        #expect(vi.contains("<option value=\"2024\" selected=\"selected\">Báo cáo năm 2024</option>"))
        #expect(!vi.contains("<option value=\"2023\""), "a period with a round is not offered again")
        #expect(vi.contains("<option value=\"2021-2023\">Sơ kết giữa kỳ 2021–2023</option>"), "named as the list names it")
        #expect(vi.contains("<td class=\"num\">4</td>"), "four expected reports")
    }

    @Test func roundPageWithOverdueUnits() throws {
        let rows = [
            RoundPage.Row(unit: F.police, submission: F.policeSubmission, onTime: true, overdue: false, contacts: []),
            RoundPage.Row(unit: F.health, submission: F.healthSubmission, onTime: true, overdue: false, contacts: []),
            RoundPage.Row(
                unit: F.district, submission: F.districtSubmission, onTime: false, overdue: true,
                contacts: ["nuicao@example.invalid", "baocao2.nuicao"]),
            RoundPage.Row(unit: F.city, submission: F.citySubmission, onTime: nil, overdue: true, contacts: []),
        ]
        let model = RoundPage.Model(plan: F.plan, round: F.round, rows: rows)
        let pages = try render(
            "round", path: "/rounds/\(F.roundID.slug)", plan: F.plan, session: F.session(.standingOffice), scripts: 1,
            title: { _ in "2023" }
        ) { t in
            RoundPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<strong>75%</strong> tỷ lệ báo cáo (3/4)"))
        #expect(vi.contains("<h2>Quá hạn (2)</h2>"))
        #expect(vi.contains("<script src=\"/static/copy.js\" defer=\"defer\"></script>"), "the one optional script, for copying the reminder")
        #expect(vi.contains("href=\"mailto:nuicao@example.invalid?subject="), "only e-mail addresses are written to")
        #expect(vi.contains("<td>nuicao@example.invalid, baocao2.nuicao</td>"))
        #expect(vi.contains("<td>chưa có tài khoản</td>"))
        #expect(vi.contains("hạn nộp là ngày 20/12/2023"))
    }

    func submission(
        _ name: String, session: LayoutSession, record: SubmissionRecord, unit: OrgUnit, mayEdit: Bool, mayReview: Bool,
        missing: [String], events: [SubmissionEvent], problem: ((Localizer) -> String)? = nil, attachments: [SubmissionAttachment] = []
    ) throws -> [Language: String] {
        try render(name, path: "/submissions/\(record.id.slug)", plan: F.plan, session: session, title: { _ in unit.name }) { t in
            SubmissionPage.view(
                .init(
                    plan: F.plan, round: F.round, unit: unit, submission: record,
                    demands: SubmissionDemands(plan: F.plan, unitCode: unit.code), missing: missing, events: events,
                    attachments: attachments, mayEdit: mayEdit, mayReview: mayReview, notice: nil, problem: problem?(t), dataPeriod: "2023",
                    csrfToken: F.csrf), t: t)
        }
    }

    @Test func submissionPageEditableByTheUnit() throws {
        var record = F.healthSubmission
        record.state = .returned
        let demands = SubmissionDemands(plan: F.plan, unitCode: "99-SYT")
        var content = record.content
        content.projects["P02"]?.progress = nil
        record.content = content
        let missing = demands.missing(record.content, missingData: ["Số người nghiện có hồ sơ quản lý"], language: .vi)
        #expect(missing.count == 2)
        let pages = try submission(
            "submission-unit-editable", session: F.session(.agencyReporter, username: "baocao.syt"), record: record,
            unit: F.health, mayEdit: true, mayReview: false, missing: missing, events: Array(F.events.prefix(2)),
            problem: { $0("Not sent: 2 item(s) are still missing.", "Chưa gửi: còn thiếu 2 nội dung.") },
            attachments: [
                SubmissionAttachment(
                    id: UUID(uuidString: "018c7d2e-6a00-7000-8000-00000000a771")!, submissionID: record.id, fileName: "Báo cáo đã ký.pdf",
                    kind: .pdf, size: 12_597, sha256: "9f2c4e0b7a1d3c5e8f6a2b4d0c9e7f1a3b5d7c9e0f2a4b6c8d0e1f3a5b7c9d0e",
                    uploadedBy: "baocao.syt", uploadedAt: F.at("2023-12-19T15:30:00"), note: "bản đã ký")
            ])
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<span class=\"state state-returned\">Trả lại</span>"))
        #expect(vi.contains("Được vanphong.thunghiem trả lại lúc 20/12/2023 09:10:00:"))
        #expect(vi.contains("<textarea id=\"f-results_2/-1\" name=\"results_2/-1\" rows=\"3\">Điều trị cho 150 người tại cộng đồng.</textarea>"))
        #expect(vi.contains("name=\"progress_P02\" value=\"\""))
        #expect(vi.contains("Lưu và gửi cơ quan thường trực"))
        #expect(vi.contains("Chưa gửi: còn thiếu 2 nội dung."))
        #expect(!vi.contains("Cơ quan thường trực xem xét"))
        // The signed scan: listed with its size and checksum, in the history between the events, and the form to attach.
        #expect(vi.contains("<h2>Tệp đính kèm (bản đã ký)</h2>") && vi.contains("12,3 kB") && vi.contains(">9f2c4e0b7a1d3c5e</code>"))
        #expect(vi.contains("enctype=\"multipart/form-data\""))
        let history = try #require(vi.range(of: "Lịch sử và ý kiến")).upperBound
        let attached = try #require(vi.range(of: "Đính kèm tệp ", range: history..<vi.endIndex)).lowerBound
        #expect(vi.range(of: "19/12/2023 16:00:00", range: history..<vi.endIndex)!.lowerBound > attached, "in time order")
    }

    @Test func submissionPageInReviewForTheStandingOffice() throws {
        let pages = try submission(
            "submission-review", session: F.session(.standingOffice, username: "vanphong.thunghiem"),
            record: F.healthSubmission, unit: F.health, mayEdit: false, mayReview: true, missing: [],
            events: F.events)
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Đầy đủ: không còn thiếu nội dung nào."))
        #expect(vi.contains("<h2>Cơ quan thường trực xem xét</h2>"))
        #expect(vi.contains("action=\"/submissions/\(F.healthSubmission.id.slug)/approve\""))
        #expect(vi.contains("action=\"/submissions/\(F.healthSubmission.id.slug)/return\""))
        #expect(!vi.contains("<textarea id=\"f-results_"), "a submitted report is read, not edited")
        #expect(vi.contains("Hoàn thành · 100% · 800/780 · "))
    }

    @Test func compiledPage() throws {
        let approved = TargetBoard(plan: F.plan, period: F.round.period, totals: F.provinceTotals)
        var submissions = F.submissions
        submissions["990"]?.content = SubmissionContent()
        let model = CompiledPage.Model(plan: F.plan, round: F.round, board: approved, submissions: submissions, units: F.directory)
        let pages = try render(
            "compiled", path: "/rounds/\(F.roundID.slug)/compiled", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Compiled view", "Tổng hợp") }
        ) { t in
            CompiledPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Báo cáo đã duyệt: 1/4 đơn vị phải báo cáo."))
        #expect(vi.contains("<em>Kết quả: </em>Triệt phá 12 đường dây mua bán trái phép chất ma túy."))
        #expect(vi.contains("<p class=\"muted\">Chưa có báo cáo.</p>"), "the district's duty, with nothing written")
        #expect(vi.contains("<strong>Sở Y tế</strong> (Đã gửi)"), "what a unit wrote shows before it is approved, with its state")
        #expect(vi.contains("<td class=\"num\">1.500 / 900,5</td>"))
        #expect(!vi.contains("Các sở, ban, ngành khác"), "an assignee without units reports nothing")
    }

    // MARK: Documents

    func roundReport(_ name: String, session: LayoutSession = F.session(.standingOffice), _ change: (inout RoundReportPage.Model, Localizer) -> Void)
        throws -> [Language: String]
    {
        try render(
            name, path: "/rounds/\(F.roundID.slug)/report", plan: F.plan, session: session, title: { $0("Province report", "Báo cáo của tỉnh") }
        ) { t in
            var model = RoundReportPage.Model(
                plan: F.plan, round: F.round, draft: F.roundDraft, saved: nil, approved: 1, expected: 4, mayEdit: true,
                problems: [], notice: nil, conflict: nil, formVersion: nil, csrfToken: F.csrf)
            change(&model, t)
            return RoundReportPage.view(model, t: t)
        }
    }

    @Test func roundReportPageSaved() throws {
        let pages = try roundReport("round-report") { model, t in
            model.saved = SavedRoundReport(draft: F.roundDraft, version: 2, updatedBy: "vanphong.thunghiem", updatedAt: F.at("2023-12-22T16:00:00"))
            model.notice = t("Saved. The Word file and the print layout now use this text.", "Đã lưu. Tệp Word và bản in dùng nội dung này.")
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Lưu lần cuối bởi vanphong.thunghiem lúc 22/12/2023 16:00:00 (phiên bản 2)."))
        #expect(vi.contains("<input type=\"hidden\" name=\"version\" value=\"2\">"))
        #expect(vi.contains("<legend>1. Tuyên truyền, giáo dục</legend>"))
        #expect(vi.contains("<legend>Các nhiệm vụ khác</legend>"))
        #expect(vi.contains("- Công an tỉnh: Triệt phá 12 đường dây"))
        #expect(vi.contains("ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM</textarea>"))
        #expect(vi.contains("href=\"/rounds/\(F.roundID.slug)/tables/targets.csv\""))
    }

    @Test func roundReportPageRefusedForItsHeadingAndAConflict() throws {
        var heading = F.provinceHeading
        heading.place = ""
        heading.date = "22/12/2023"
        var draft = F.roundDraft
        draft.heading = heading
        let pages = try roundReport("round-report-refused") { model, _ in
            model.draft = draft
            model.problems = heading.problems
            model.formVersion = 1
            model.conflict = SavedRoundReport(
                draft: F.roundDraft, version: 2, updatedBy: "phovanphong.thunghiem", updatedAt: F.at("2023-12-22T16:05:00"))
            model.saved = model.conflict
        }
        let vi = try #require(pages[.vi])
        #expect(heading.problems.map(\.field) == ["place", "date"])
        #expect(vi.contains("<a href=\"#f-h_place\">Địa danh</a>: Cần ghi địa danh."))
        #expect(vi.contains("Chưa lưu: phovanphong.thunghiem đã lưu báo cáo lúc 22/12/2023 16:05:00 sau khi bạn mở (nay là phiên bản 2)."))
        #expect(vi.contains("<input type=\"hidden\" name=\"version\" value=\"1\">"), "the form keeps the version it was opened with")
    }

    @Test func roundReportPageReadOnlyForAViewer() throws {
        let pages = try roundReport("round-report-viewer", session: F.session(.viewer)) { model, _ in model.mayEdit = false }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Chỉ cơ quan thường trực chỉnh sửa báo cáo này."))
        #expect(vi.contains("Chưa chỉnh sửa: nội dung dưới đây được tổng hợp từ 1 báo cáo đã duyệt (trên 4 đơn vị phải báo cáo)."))
        #expect(!vi.contains("<textarea"))
    }

    @Test func unitDocumentPage() throws {
        let model = UnitDocumentPage.Model(
            submission: F.healthSubmission, unit: F.health, heading: F.unitHeading, problems: [],
            document: UnitReportComposer.document(F.unitMaterial),
            query: DocumentHeadingQuery(F.unitHeading))
        let pages = try render(
            "unit-document", path: "/submissions/\(F.healthSubmission.id.slug)/document", plan: F.plan,
            session: F.session(.agencyReporter, username: "baocao.syt"), title: { _ in F.health.name }
        ) { t in
            UnitDocumentPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>Văn bản báo cáo · Sở Y tế</h1>"))
        #expect(vi.contains("<article class=\"official\" lang=\"vi\">"))
        #expect(vi.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(vi.contains("Nguyễn Văn A"))
        #expect(vi.contains("Điều trị cho 150 người tại cộng đồng."))
        #expect(vi.contains("report.docx?h_parentBody=UBND%20T%E1%BB%88NH"), "the download carries the heading typed")
        #expect(try #require(pages[.en]).contains("<article class=\"official\" lang=\"vi\">"), "the document stays Vietnamese in English")
    }

    /// The printed province report (the route adds two screen-only lines above it; the document is this view).
    @Test func officialDocumentPreview() throws {
        let document = RoundReportComposer.document(F.roundMaterial)
        let pages = try render(
            "official-document", path: "/rounds/\(F.roundID.slug)/report/print", plan: F.plan,
            session: F.session(.standingOffice), title: { $0("Province report", "Báo cáo của tỉnh") }
        ) { t in
            ReportPrintPage.view(.init(roundID: F.roundID, document: document), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Quay lại chỉnh sửa"), "on screen, the way back to editing")
        #expect(vi.contains("<div class=\"issuer\">ỦY BAN NHÂN DÂN</div>"))
        #expect(vi.contains("<div class=\"motto\">Độc lập - Tự do - Hạnh phúc</div>"))
        #expect(vi.contains("<table class=\"official-table\">"))
        #expect(vi.contains("Nơi nhận:"))
        #expect(vi.contains("PHÓ CHỦ TỊCH"))
        func article(_ html: String?) -> Substring? {
            guard let html, let start = html.range(of: "<article"), let end = html.range(of: "</article>") else { return nil }
            return html[start.lowerBound..<end.upperBound]
        }
        #expect(article(pages[.vi]) != nil)
        #expect(article(pages[.vi]) == article(pages[.en]), "an official document is Vietnamese whatever the interface language")
    }

    // MARK: Editing the plan

    @Test func editPlanPage() throws {
        let pages = try render(
            "edit-plan", path: "\(Self.planPath)/edit", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Edit the plan", "Sửa kế hoạch") }
        ) { t in
            EditPlanPage.view(.init(plan: F.plan, records: F.records, notice: t("Deleted.", "Đã xóa.")), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<a href=\"\(Self.planPath)/edit/target/\(F.id(703).slug)\">T01 — Số vụ phạm tội về ma túy bị phát hiện</a>"))
        #expect(vi.contains("<small> · v4</small>"))
        #expect(vi.contains("\(Self.planPath)/edit/duty/new?parent=\(F.id(707).slug)"))
        #expect(vi.contains("\(Self.planPath)/edit/subproject/new?parent=\(F.id(710).slug)"))
        #expect(vi.contains("Sửa thông tin chung và mục tiêu chung"))
    }

    @Test func recordFormPageWithAConflict() throws {
        var current = F.records[3]
        current.version = 5
        current.fields["threshold"] = "6"
        var submitted = F.targetFields
        submitted["indicator"] = "Số vụ án ma túy bị phát hiện"
        let lastChange = F.auditEvents[0]
        let model = RecordFormPage.Model(
            plan: F.plan, kind: .target, recordID: current.id, parentID: nil, version: 5, values: submitted,
            original: F.targetFields, problems: [],
            conflict: .init(current: current, lastChange: lastChange, original: F.targetFields, submitted: submitted),
            saved: false, csrfToken: F.csrf)
        let pages = try render(
            "record-form-target-conflict", path: "\(Self.planPath)/edit/target/\(current.id.slug)", plan: F.plan,
            session: F.session(.standingOffice), title: { $0("Edit the plan", "Sửa kế hoạch") }
        ) { t in
            RecordFormPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>Sửa chỉ tiêu</h1>"))
        #expect(vi.contains("Chưa lưu: bản ghi đã được sửa bởi vanphong.thunghiem lúc 20/12/2023 09:10:00 sau khi bạn mở (nay là phiên bản 5)."))
        #expect(vi.contains("<th scope=\"row\">Ngưỡng (%)</th>"))
        #expect(vi.contains("<td class=\"changed\">6</td>"))
        #expect(vi.contains("<option value=\"growthAtLeast\" selected=\"selected\">"))
        #expect(vi.contains("Xóa chỉ tiêu này"))
    }

    @Test func recordFormPageForANewDutyWithAProblem() throws {
        let problems = PlanRecordValidation.problems(
            kind: .duty, fields: ["label": "c", "text": "", "role": "lead"], plan: F.plan,
            knownUnits: Set(F.units.map(\.code)))
        #expect(problems.contains { $0.field == "text" })
        let model = RecordFormPage.Model(
            plan: F.plan, kind: .duty, recordID: nil, parentID: F.id(707), version: nil,
            values: ["label": "c", "text": "", "role": "lead"], original: [:], problems: problems, conflict: nil,
            saved: false, csrfToken: F.csrf)
        let pages = try render(
            "record-form-new-duty", path: "\(Self.planPath)/edit/duty/new?parent=\(F.id(707).slug)", plan: F.plan,
            session: F.session(.standingOffice), title: { $0("Edit the plan", "Sửa kế hoạch") }
        ) { t in
            RecordFormPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>Thêm nhiệm vụ được giao</h1>"))
        #expect(vi.contains("action=\"\(Self.planPath)/edit/duty/new?parent=\(F.id(707).slug)\""))
        #expect(vi.contains("<a href=\"#f-text\">Nội dung nhiệm vụ</a>: Trường này không được để trống."))
        #expect(!vi.contains("/delete"), "a new record has nothing to delete")
    }

    @Test func newPlanPage() throws {
        let model = NewPlanPage.Model(
            plans: [F.planSummary],
            values: [
                "copyFrom": F.planID.slug, "code": "12/KH-UBND", "title": "Kế hoạch 2026–2030",
                "issuer": "Ủy ban nhân dân tỉnh Thử Nghiệm", "issuerUnit": "99",
                "issuedOn": "2026-01-10", "place": "Thử Nghiệm", "startYear": "2026",
                "endYear": "2030", "baselineYear": "2025",
            ],
            problems: [FieldProblem(field: "code", en: "A plan with this number exists.", vi: "Đã có kế hoạch với số này.")],
            csrfToken: F.csrf)
        let pages = try render("new-plan", path: "/plans/new", session: F.session(.standingOffice), title: { $0("New plan", "Kế hoạch mới") }) { t in
            NewPlanPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<option value=\"\(F.planID.slug)\" selected=\"selected\">bản sao của 12/KH-UBND (2021–2025)</option>"))
        #expect(vi.contains("<a href=\"#f-code\">Số, ký hiệu</a>: Đã có kế hoạch với số này."))
    }

    // MARK: Accounts, tokens, audit

    @Test func usersPage() throws {
        let model = UsersPage.Model(
            accounts: F.accounts, units: F.directory, csrfToken: F.csrf,
            problems: [FieldProblem(field: "username", en: "This username is taken.", vi: "Tên đăng nhập này đã có.")],
            draft: ["username": "baocao.syt", "role": Role.agencyReporter.rawValue, "unit": "99-SYT"],
            oneTimePassword: (username: "baocao.nuicao", password: "VIDU-mat-khau-mot-lan"))
        let pages = try render(
            "admin-users", path: "/admin/users", session: F.session(.systemAdmin, username: "quantri.tinh"),
            title: { $0("Accounts", "Tài khoản") }
        ) { t in
            UsersPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<code class=\"secret\">VIDU-mat-khau-mot-lan</code>"))
        #expect(vi.contains("<td>chờ đăng nhập lần đầu</td>"))
        #expect(vi.contains("<td>đã khóa</td>"))
        #expect(vi.contains("<a href=\"#f-username\">Tên đăng nhập</a>: Tên đăng nhập này đã có."))
        #expect(vi.contains("<option value=\"agency_reporter\" selected=\"selected\">"))
    }

    @Test func userPage() throws {
        let account = F.accounts[0]
        let model = UserPage.Model(
            account: account, unitName: "Công an tỉnh", csrfToken: F.csrf,
            problems: [FieldProblem(field: "unit", en: "No unit with this code.", vi: "Không có đơn vị với mã này.")],
            conflict: true, oneTimePassword: nil)
        let pages = try render(
            "admin-user", path: "/admin/users/\(account.id.slug)", session: F.session(.systemAdmin, username: "quantri.tinh"),
            title: { _ in account.username }
        ) { t in
            UserPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>vanphong.thunghiem</h1>"))
        #expect(vi.contains("Tài khoản đã được người khác sửa trong lúc bạn sửa"))
        #expect(vi.contains("value=\"vanphong@example.invalid\""))
        #expect(vi.contains("action=\"/admin/users/\(account.id.slug)/reset-password\""))
    }

    @Test func tokensPage() throws {
        let model = TokensPage.Model(
            tokens: F.tokens, csrfToken: F.csrf, newSecret: (name: "Đồng bộ số liệu huyện", secret: "pcmt_VIDU-khong-phai-ma-that"))
        let pages = try render(
            "tokens", path: "/admin/tokens", session: F.session(.systemAdmin, username: "quantri.tinh"),
            title: { $0("API tokens", "Mã truy cập API") }
        ) { t in
            TokensPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<code class=\"secret\">pcmt_VIDU-khong-phai-ma-that</code>"))
        #expect(vi.contains("action=\"/admin/tokens/\(F.id(901).slug)/revoke\""))
        #expect(!vi.contains("/admin/tokens/\(F.id(902).slug)/revoke"), "a revoked token is not revoked again")
        #expect(vi.contains("<td>đã thu hồi</td>"))
        #expect(vi.contains("<td>baocao.huyen990</td>"), "the token page shows the owner")
        #expect(vi.contains("<td>không có chủ (tạo trước khi mã có tài khoản sở hữu)</td>"))
        #expect(vi.contains("không dùng được: tài khoản sở hữu đã bị khoá"))
        #expect(vi.contains("name=\"owner\""))
    }

    @Test func auditPage() throws {
        let model = AuditPage.Model(
            events: F.auditEvents, filter: ["unit": "99-SYT", "kind": "update"], verification: .intact(events: 42),
            query: AuditQuery(unit: "99-SYT", kind: "update"))
        let pages = try render(
            "audit", path: "/audit?unit=99-SYT&kind=update", session: F.session(.auditor, username: "thanhtra.tinh"),
            title: { $0("Audit log", "Nhật ký hệ thống") }
        ) { t in
            AuditPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Chuỗi 42 sự kiện còn nguyên vẹn."))
        #expect(vi.contains("href=\"/audit.csv?unit=99-SYT&amp;kind=update\""))
        #expect(vi.contains("<strong>Trạng thái: </strong>"), "a change named in words, not raw JSON")
        #expect(!vi.contains("{&quot;state&quot;"))
        #expect(vi.contains("<option value=\"update\" selected=\"selected\">Sửa</option>"))
    }

    @Test func auditPageWithABrokenChain() throws {
        let model = AuditPage.Model(events: [], filter: [:], verification: .broken(seq: 17, reason: "hash mismatch"), query: AuditQuery())
        let pages = try render(
            "audit-broken", path: "/audit", session: F.session(.auditor, username: "thanhtra.tinh"),
            title: { $0("Audit log", "Nhật ký hệ thống") }
        ) { t in
            AuditPage.view(model, t: t)
        }
        #expect(
            try #require(pages[.vi]).contains("<p class=\"notice notice-error\" role=\"status\">Chuỗi bị phá vỡ tại sự kiện 17: hash mismatch.</p>"))
    }

    // MARK: Signing in, errors

    @Test func signInPage() throws {
        let pages = try render("signin", path: "/signin?next=%2Fdata", title: { $0("Sign in", "Đăng nhập") }) { t in
            SignInPage.view(
                .init(
                    username: "baocao.syt", next: "/data", error: t("Wrong username or password.", "Sai tên đăng nhập hoặc mật khẩu."),
                    csrfToken: F.csrf), t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<p class=\"notice notice-error\" role=\"status\">Sai tên đăng nhập hoặc mật khẩu.</p>"))
        #expect(vi.contains("<input type=\"hidden\" name=\"next\" value=\"/data\">"))
        #expect(vi.contains("<input type=\"hidden\" name=\"_csrf\" value=\"\(F.csrf)\">"), "the sign-in form has its own token")
        #expect(vi.contains("name=\"password\" value=\"\""), "a password is never sent back")
    }

    @Test func passwordPage() throws {
        let model = PasswordPage.Model(
            username: "baocao.syt", mustChange: true,
            problems: PasswordPage.problems([.tooShort(minimum: PasswordPolicy.minimumLength), .mismatch]),
            csrfToken: F.csrf, saved: false)
        let pages = try render(
            "password", path: "/account/password", session: F.session(.agencyReporter, username: "baocao.syt"),
            title: { $0("Password", "Mật khẩu") }
        ) { t in
            PasswordPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Bạn đã đăng nhập bằng mật khẩu dùng một lần."))
        #expect(vi.contains("<a href=\"#f-new\">Mật khẩu mới</a>: Ít nhất 12 ký tự."))
        #expect(vi.contains("<a href=\"#f-confirm\">Nhập lại mật khẩu mới</a>: Hai mật khẩu mới không giống nhau."))
    }

    @Test func errorPage() throws {
        let pages = try render("error-404", path: "/orgunits/00000", title: { _ in "404" }) { t in
            ErrorPage.view(status: .notFound, reason: t("There is no unit with this code.", "Không có đơn vị với mã này."), t: t)
        }
        #expect(try #require(pages[.vi]).contains("<h1>404 · Không tìm thấy</h1>"))
        #expect(try #require(pages[.en]).contains("<h1>404 · Not found</h1>"))
        #expect(try #require(pages[.vi]).contains("<p>Không có đơn vị với mã này.</p>"))
    }
}
