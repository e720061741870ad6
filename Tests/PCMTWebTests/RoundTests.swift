import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

@Suite struct RoundTests {
    let plan = "/plans/\(konTumPlanID)"

    func openRound(_ office: Browser, _ period: String, due: String = "") async throws -> String {
        let response = try await office.post("\(plan)/rounds", ["period": period, "due": due, "cutoffStart": "", "cutoffEnd": ""])
        #expect(response.status == .seeOther)
        return String(try #require(response.headers.first(name: .location)).dropFirst("/rounds/".count))
    }

    func reportID(_ app: Application, round: String, unit: String) async throws -> String {
        let records = try await RoundStore(database: app.db).submissions(roundID: UUID(uuidString: round)!)
        return try #require(records.first { $0.unitCode == unit }).id.uuidString.lowercased()
    }

    /// Every field of 611's report filled in, as a district would.
    func filledForm(_ app: Application, version: Int, intent: String) throws -> [String: String] {
        var form = ["version": String(version), "intent": intent]
        for label in ["-1", "-2", "-3"] {
            form["results_21/\(label)"] = "Đã triển khai nhiệm vụ \(label)."
            form["shortcomings_21/\(label)"] = ""
            form["proposals_21/\(label)"] = ""
        }
        return form
    }

    @Test(arguments: TestBackend.available)
    func aReportGoesFromDraftThroughReturnToApprovalAndBecomesOfficial(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let (_, token) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "v")

            let round = try await openRound(office, "2023")
            let page = try await office.get("/rounds/\(round)").body.string
            #expect(page.contains("Hạn nộp 20/12/2023; số liệu từ 15/12/2022 đến 14/12/2023"), "Decree 09/2019 defaults")
            #expect(page.contains("(0/30)"), "every assignee with units and every district is expected")
            let twice = try await office.post("\(plan)/rounds", ["period": "2023"])
            #expect(twice.status == .unprocessableEntity, "one round per period")
            #expect(twice.body.string.contains("Báo cáo năm 2023 đã được mở rồi"), "the period in words")

            // The district sees its report on its home page, with what is missing.
            let home = try await district.get("/").body.string
            #expect(home.contains("Báo cáo của đơn vị") && home.contains("Báo cáo năm 2023"))
            let id = try await reportID(app, round: round, unit: "611")
            let report = "/submissions/\(id)"

            // A half-filled draft is always saved; sending it says what is missing and sends nothing.
            var form = try filledForm(app, version: 1, intent: "save")
            form["results_21/-2"] = ""
            #expect(try await district.post(report, form).status == .seeOther)
            let refused = try await district.post(report, ["version": "2", "intent": "submit", "results_21/-1": "Đã triển khai."])
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.string.contains("Kết quả thực hiện nhiệm vụ 21, ý 2: ")
                    && refused.body.string.contains("Số liệu: Trường học trên địa bàn"))
            #expect(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!)?.state == .draft)

            // With the data and every duty, it goes.
            let data: [String: String] = [
                "v_schools_total": "40", "v_schools_reached": "38", "v_industrial_zones_total": "0",
                "v_industrial_zones_reached": "0", "v_drug_cases_detected__heroin": "5",
                "v_drug_cases_detected__synthetic": "9", "v_drug_cases_detected__cannabis": "1",
                "v_drug_cases_detected__other": "0", "v_drug_offenders_arrested__male": "12",
                "v_drug_offenders_arrested__female": "2",
            ]
            #expect(try await district.post("/data/611/2023", data).status == .ok)
            // The whole form again, as a browser sends it, with the versions it showed and one value changed.
            var again = data
            for key in data.keys { again["ver_" + key.dropFirst(2)] = "1" }
            again["v_schools_total"] = "41"
            var current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(try await district.post(report, try filledForm(app, version: current.version, intent: "submit")).status == .seeOther)
            current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(current.state == .submitted && current.firstSubmittedAt != nil)

            // The office's home page lists it among the reports to review.
            let officeHome = try await office.get("/").body.string
            #expect(officeHome.contains("Việc cần làm") && officeHome.contains("Báo cáo chờ duyệt (1)"), "\(officeHome.prefix(3000))")
            #expect(officeHome.contains(">Báo cáo năm 2023 — Huyện Ngọc Hồi</a>"))

            // The reporter may not approve; the office returns with a comment (a comment is required).
            #expect(try await district.post("\(report)/approve", ["version": String(current.version)]).status == .forbidden)
            #expect(try await office.post("\(report)/return", ["version": String(current.version), "comment": " "]).status == .unprocessableEntity)
            #expect(
                try await office.post("\(report)/return", ["version": String(current.version), "comment": "Làm rõ nguyên nhân giảm."]).status
                    == .seeOther)
            let returned = try await district.get(report).body.string
            #expect(returned.contains("Trả lại") && returned.contains("Làm rõ nguyên nhân giảm."))
            // The comment is on top of the district's home page; the office's to-do list no longer lists the report.
            let districtHome = try await district.get("/").body.string
            #expect(districtHome.contains("Báo cáo năm 2023 bị office trả lại lúc "), "\(districtHome.prefix(3000))")
            #expect(districtHome.contains("<p class=\"comment\">Làm rõ nguyên nhân giảm.</p>"))
            #expect(!(try await office.get("/").body.string.contains("Báo cáo năm 2023 — Huyện Ngọc Hồi")))

            // Fixed and sent again, then approved: the district's figures become official.
            current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            var fixed = try filledForm(app, version: current.version, intent: "submit")
            fixed["shortcomings_21/-1"] = "Số vụ giảm do chuyển địa bàn."
            #expect(try await district.post(report, fixed).status == .seeOther)
            let board = "/api/v1/plans/\(konTumPlanID)/board?period=2023&orgunit=611"
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            func t04() async throws -> Double? {
                let body =
                    try JSONSerialization.jsonObject(with: Data(buffer: try await app.testing().sendRequest(.GET, board, headers: headers).body))
                    as? [String: Any]
                return (body?["targets"] as? [[String: Any]])?.first { $0["code"] as? String == "T04" }?["numerator"] as? Double
            }
            #expect(try await t04() == nil, "not approved yet: not official")
            current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(try await office.post("\(report)/approve", ["version": String(current.version)]).status == .seeOther)
            #expect(try await t04() == 15, "approved: official")

            // Approved data is locked until the office reopens the report with a reason.
            #expect(try await district.post("/data/611/2023", again).status == .locked)
            current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(try await office.post("\(report)/reopen", ["version": String(current.version), "comment": "Sửa số trường."]).status == .seeOther)
            #expect(try await district.post("/data/611/2023", again).status == .ok)
            let events = try await RoundStore(database: app.db).events(submissionID: UUID(uuidString: id)!).map(\.action)
            #expect(events == ["submit", "return", "submit", "approve", "reopen"])
            let audited = try await AuditLog(database: app.db).events(AuditFilter()).filter { $0.entity == "submission" }.count
            #expect(audited >= 7, "every save and transition is audited")
        }
    }

    /// A year report counts what the board counts (issue 14, item 1): a district that entered both half-years sends
    /// its year report without typing the year again — flows added, stocks taken at the year's end — and the report
    /// shows those figures with where they come from; a flow lacking its second half is asked for by name.
    @Test(arguments: TestBackend.available)
    func aYearReportCountsItsHalvesAndNeverAsksForThemAgain(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let first: [String: String] = [
                "v_schools_total": "40", "v_schools_reached": "20", "v_industrial_zones_total": "1", "v_industrial_zones_reached": "0",
                "v_drug_cases_detected__heroin": "5", "v_drug_cases_detected__synthetic": "9", "v_drug_cases_detected__cannabis": "1",
                "v_drug_cases_detected__other": "0", "v_drug_offenders_arrested__male": "12", "v_drug_offenders_arrested__female": "2",
            ]
            #expect(try await district.post("/data/611/2023S1", first).status == .ok)
            var second = first
            second["v_schools_total"] = "41"
            second["v_schools_reached"] = "39"
            second["v_drug_cases_detected__heroin"] = "7"
            second.removeValue(forKey: "v_drug_offenders_arrested__male")
            second.removeValue(forKey: "v_drug_offenders_arrested__female")
            #expect(try await district.post("/data/611/2023S2", second).status == .ok)
            // The year's own form shows what the halves make, and asks for nothing.
            let yearForm = try await district.get("/data/611/2023").body.string
            #expect(yearForm.contains("Năm này đã có số liệu lấy từ hai kỳ 6 tháng"))
            #expect(yearForm.contains("từ hai kỳ 6 tháng: 32 vụ (cộng hai kỳ)"), "\(yearForm)")
            #expect(yearForm.contains("<td class=\"meta\">từ hai kỳ 6 tháng: 41 trường (lấy 6 tháng cuối năm)</td>"))

            let round = try await openRound(office, "2023")
            let id = try await reportID(app, round: round, unit: "611")
            let report = "/submissions/\(id)"
            var page = try await district.get(report).body.string
            #expect(page.contains("Số liệu năm 2023 của đơn vị"))
            // Cases: 5 + 9 + 1 + 0 in the first half, 7 + 9 + 1 + 0 in the second.
            #expect(
                page.contains(
                    "Vụ phạm tội về ma túy được phát hiện, bắt giữ</th><td class=\"num\">32 vụ</td><td class=\"num\">—</td><td class=\"num\">—</td><td>cộng hai kỳ 6 tháng</td>"
                ))
            #expect(
                page.contains(
                    "Trường học trên địa bàn</th><td class=\"num\">41 trường</td><td class=\"num\">—</td><td class=\"num\">—</td><td>số cuối năm (6 tháng cuối năm)</td>"
                ))
            // The offenders have no second half: asked for by name, and only they.
            #expect(page.contains("Số liệu: Đối tượng phạm tội về ma túy bị bắt giữ (thiếu 6 tháng cuối năm 2023)"), "\(page)")
            #expect(page.components(separatedBy: "<li>Số liệu: ").count - 1 == 1)
            let refused = try await district.post(report, try filledForm(app, version: 1, intent: "submit"))
            #expect(refused.status == .unprocessableEntity)

            // One category of the second half entered, the other left empty: the sum is shown, the half still asked for.
            var form = ValuePath.formFields(try await district.get("/data/611/2023S2").body.string)
            form["v_drug_offenders_arrested__male"] = "3"
            #expect(try await district.post("/data/611/2023S2", form).status == .ok)
            page = try await district.get(report).body.string
            #expect(page.contains("Số liệu: Đối tượng phạm tội về ma túy bị bắt giữ (thiếu 6 tháng cuối năm 2023)"), "\(page)")
            form = ValuePath.formFields(try await district.get("/data/611/2023S2").body.string)
            form["v_drug_offenders_arrested__female"] = "0"
            #expect(try await district.post("/data/611/2023S2", form).status == .ok)
            page = try await district.get(report).body.string
            #expect(!page.contains("<li>Số liệu: "), "nothing of the data is asked for again")
            #expect(
                page.contains(
                    "Đối tượng phạm tội về ma túy bị bắt giữ</th><td class=\"num\">17 đối tượng</td><td class=\"num\">—</td><td class=\"num\">—</td><td>cộng hai kỳ 6 tháng</td>"
                ))
            let current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(try await district.post(report, try filledForm(app, version: current.version, intent: "submit")).status == .seeOther)
            #expect(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!)?.state == .submitted)

            // Approved, the year report locks its halves, and the data page names it in words.
            let sent = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(try await office.post("\(report)/approve", ["version": String(sent.version)]).status == .seeOther)
            let locked = try await district.get("/data/611/2023S2").body.string
            #expect(locked.contains("Báo cáo năm 2023 của Huyện Ngọc Hồi đã được duyệt: số liệu 6 tháng cuối năm 2023"), "\(locked)")
            #expect(!locked.contains("2023S2 report") && !locked.contains("Báo cáo 2023S2"))
        }
    }

    @Test func reportsAreSeenOnlyByTheirUnitAndTheProvince() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let round = try await openRound(office, "2023S1")
            let health = try await reportID(app, round: round, unit: "62-SYT")
            let education = try await TestAccounts.browser(app, "education", .agencyReporter, unit: "62-SGDDT")
            #expect(try await education.get("/submissions/\(health)").status == .notFound, "another agency's draft")
            let own = try await reportID(app, round: round, unit: "62-SGDDT")
            #expect(try await education.get("/submissions/\(own)").status == .ok)
            let district = try await TestAccounts.browser(app, "dakto", .districtReporter, unit: "612")
            #expect(try await district.get("/submissions/\(try await reportID(app, round: round, unit: "611"))").status == .notFound)
            #expect(try await district.get("/rounds/\(round)").status == .forbidden)
        }
    }

    @Test func twoPeopleSavingTheSameReportNeverOverwriteEachOther() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let round = try await openRound(office, "2023")
            let first = try await TestAccounts.browser(app, "d1", .districtReporter, unit: "611")
            let second = try await TestAccounts.browser(app, "d2", .districtReporter, unit: "611")
            let report = "/submissions/\(try await reportID(app, round: round, unit: "611"))"
            #expect(try await first.post(report, ["version": "1", "intent": "save", "results_21/-1": "Một"]).status == .seeOther)
            let stale = try await second.post(report, ["version": "1", "intent": "save", "results_21/-1": "Hai"])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("Chưa lưu"))
            let saved = try #require(
                try await RoundStore(database: app.db).submissions(roundID: UUID(uuidString: round)!).first { $0.unitCode == "611" })
            #expect(saved.content.narratives["21/-1"]?.results == "Một")
        }
    }

    @Test func completenessAndTimelinessAreCounted() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let round = try await openRound(office, "2022", due: "2022-12-20")
            let store = RoundStore(database: app.db)
            let context = ChangeContext(actor: "t", actorUnit: nil, address: nil)
            let records = try await store.submissions(roundID: UUID(uuidString: round)!)
            // Three units report: two on time, one late; one of the on-time ones is approved.
            for (index, code) in ["62-TAND", "62-SYT", "611"].enumerated() {
                let record = try #require(records.first { $0.unitCode == code })
                guard
                    case .saved(let sent) = try await store.transition(
                        id: record.id, expectedVersion: record.version, action: .submit, comment: "", context: context)
                else {
                    Issue.record("not sent"); return
                }
                let due = vietnamDay("2022-12-20")
                try await store.backdate(id: sent.id, submittedAt: due.addingTimeInterval(index == 2 ? 2 * 86_400 : -86_400), approvedAt: nil)
                if index == 0 {
                    _ = try await store.transition(id: sent.id, expectedVersion: sent.version, action: .approve, comment: "", context: context)
                }
            }
            let admin = try await TestAccounts.browser(app, "admin", .systemAdmin, unit: "62")
            #expect(
                try await admin.post(
                    "/admin/users", ["username": "dakto", "role": "district_reporter", "unit": "612", "email": "dakto@example.gov.vn"]
                ).status == .created)
            #expect(
                try await admin.post("/admin/users", ["username": "bad", "role": "viewer", "unit": "62", "email": "not an address"]).status
                    == .unprocessableEntity)
            let page = try await office.get("/rounds/\(round)").body.string
            #expect(
                page.contains("dakto@example.gov.vn") && page.contains("href=\"mailto:dakto@example.gov.vn?subject="),
                "an overdue unit's e-mail and a reminder")
            #expect(page.contains("10%</strong> tỷ lệ báo cáo (3/30)"))
            #expect(page.contains("6,7%</strong> đúng hạn (2/30)"))
            #expect(page.contains("<strong>1</strong> nộp muộn") && page.contains("<strong>27</strong> chưa nộp"))
            #expect(page.contains("Quá hạn (27)"), "the day is past the due date")
            let csv = try await office.get("/rounds/\(round)/completeness.csv").body.string
            #expect(csv.contains("\"611\",\"Huyện Ngọc Hồi\",\"submitted\"") && csv.contains("\"no\",\"no\""))
            #expect(csv.contains("\"62-TAND\",\"Tòa án nhân dân tỉnh\",\"approved\""))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(
                token: try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "v").1)
            let rounds =
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try await app.testing().sendRequest(.GET, "/api/v1/plans/\(konTumPlanID)/rounds", headers: headers).body))
                as? [[String: Any]]
            #expect((rounds?.first?["counts"] as? [String: Int])?["approved"] == 1)
            let submissions =
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try await app.testing().sendRequest(.GET, "/api/v1/rounds/\(round)/submissions", headers: headers).body))
                as? [[String: Any]]
            #expect(submissions?.count == 30)
            #expect(submissions?.first { $0["orgunit"] as? String == "611" }?["onTime"] as? Bool == false)
            // A report returned after the due date is back with its unit: overdue until it is sent again.
            let health = try #require(try await store.submissions(roundID: UUID(uuidString: round)!).first { $0.unitCode == "62-SYT" })
            _ = try await store.transition(
                id: health.id, expectedVersion: health.version, action: .return, comment: "Bổ sung số liệu.", context: context)
            let afterReturn = try await office.get("/rounds/\(round)").body.string
            #expect(afterReturn.contains("Quá hạn (28)"), "the returned report counts as overdue")
            let csvAfter = try await office.get("/rounds/\(round)/completeness.csv").body.string
            #expect(csvAfter.contains("\"62-SYT\",\"Sở Y tế\",\"returned\""), "\(csvAfter)")
            let healthLine = try #require(csvAfter.split(separator: "\n").first { $0.contains("\"62-SYT\"") })
            #expect(healthLine.contains("\"yes\",\"yes\""), "on time when first sent, and overdue now: \(healthLine)")
        }
    }

    @Test func theAPIMovesReportsWithTheRightToken() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let round = try await openRound(office, "2021-2023")
            let id = try await reportID(app, round: round, unit: "62-TAND")
            let (_, court) = try await TestTokens.make(app.db, role: .agencyReporter, unit: "62-TAND", name: "court")
            let (_, standing) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office")
            func post(_ token: String, _ action: String, _ body: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.contentType = .json
                headers.bearerAuthorization = BearerAuthorization(token: token)
                return try await app.testing().sendRequest(
                    .POST, "/api/v1/submissions/\(id)/\(action)", headers: headers, body: ByteBuffer(string: body))
            }
            #expect(try await post(court, "submit", #"{"version":1}"#).status == .unprocessableEntity, "duties of the court are still empty")
            _ = try await RoundStore(database: app.db).saveDraft(
                id: UUID(uuidString: id)!, expectedVersion: 1,
                content: SubmissionContent(
                    narratives: ["16/-1": .init(results: "x"), "16/-2": .init(results: "x"), "16/-3": .init(results: "x")],
                    projects: ["P11": .init(status: "Đang triển khai", progress: 60)]),
                context: ChangeContext(actor: "t", actorUnit: nil, address: nil))
            #expect(try await post(court, "approve", #"{"version":2}"#).status == .forbidden)
            #expect(try await post(court, "submit", #"{"version":1}"#).status == .conflict, "a stale version")
            #expect(try await post(court, "submit", #"{"version":2}"#).status == .ok)
            #expect(try await post(standing, "return", #"{"version":3}"#).status == .unprocessableEntity, "a comment is required")
            #expect(try await post(standing, "approve", #"{"version":3}"#).status == .ok)
            #expect(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!)?.state == .approved)
        }
    }
}

/// Midnight of a day in Vietnam (UTC+7).
func vietnamDay(_ text: String) -> Date {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
    return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
}

@Suite struct RoundAnnexTests {
    @Test func theAnnexesOfARoundAreOneWorkbook() async throws {
        try await withPCMT(.sqlite, demo: 3959) { app in
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            let round = try #require(
                try await RoundStore(database: app.db).rounds(planID: UUID(uuidString: konTumPlanID)!).first { $0.period == .year(2023) })
            let response = try await viewer.get("/rounds/\(round.id.uuidString.lowercased())/annex.xlsx")
            #expect(response.status == .ok)
            let rows = try XLSXReader.firstSheetRows(Data(buffer: response.body))
            // Three title lines, an empty row, the header and its units, then the 16 targets.
            #expect(rows.count == 22 && rows[9].first == "T04")
            #expect(rows[0] == ["Phụ lục 01"])
            #expect(rows[2].first?.hasPrefix("(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm 2023 của Ủy ban nhân dân tỉnh Kon Tum") == true)
            #expect(rows[4].prefix(4) == ["Mã", "Chỉ số", "Yêu cầu", "Đơn vị tính"])
            #expect(try await AuditLog(database: app.db).events(AuditFilter(kind: .export)).count == 1)

            // Once the report's heading is saved with its number and date, every annex names them.
            let draft = try JSONDecoder().decode(
                RoundReportDraft.self,
                from: Data(#"{"heading": {"issuer": "ỦY BAN NHÂN DÂN\nTỈNH KON TUM", "number": "125/BC-UBND", "date": "2024-01-15"}}"#.utf8))
            _ = try await RoundReportStore(database: app.db).save(
                roundID: round.id, expectedVersion: 0, draft: draft, context: ChangeContext(actor: "office", actorUnit: "62-CAT", address: "test"))
            let numbered = try await viewer.get("/rounds/\(round.id.uuidString.lowercased())/annex.xlsx")
            let reference = "(Kèm theo Báo cáo số 125/BC-UBND ngày 15 tháng 01 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum)"
            #expect(try XLSXReader.firstSheetRows(Data(buffer: numbered.body))[2] == [reference])
        }
    }
}
