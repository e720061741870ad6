import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

/// Review with the numbers (issue 14, item 4): the reviewer sees the unit's figures beside the same period a year
/// before with the change, comments per duty and per figure, and after a return what changed; the unit sees each
/// comment next to its item.
@Suite struct ReviewTests {
    @Test(arguments: TestBackend.available)
    func theReviewerSeesTheNumbersCommentsPerItemAndWhatChangedSince(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let rounds = RoundTests()
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            // 2022: 14 cases; 2023: 15 cases (5 + 9 + 1 + 0).
            #expect(
                try await district.post(
                    "/data/611/2022",
                    [
                        "v_drug_cases_detected__heroin": "4", "v_drug_cases_detected__synthetic": "8", "v_drug_cases_detected__cannabis": "1",
                        "v_drug_cases_detected__other": "1",
                    ]
                ).status == .ok)
            let values: [String: String] = [
                "v_schools_total": "40", "v_schools_reached": "38", "v_industrial_zones_total": "0", "v_industrial_zones_reached": "0",
                "v_drug_cases_detected__heroin": "5", "v_drug_cases_detected__synthetic": "9", "v_drug_cases_detected__cannabis": "1",
                "v_drug_cases_detected__other": "0", "v_drug_offenders_arrested__male": "12", "v_drug_offenders_arrested__female": "2",
            ]
            #expect(try await district.post("/data/611/2023", values).status == .ok)
            let round = try await rounds.openRound(office, "2023")
            let id = try await rounds.reportID(app, round: round, unit: "611")
            let report = "/submissions/\(id)"
            func version() async throws -> Int { try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!)).version }
            #expect(try await district.post(report, try rounds.filledForm(app, version: try await version(), intent: "submit")).status == .seeOther)

            // The reviewer: this year, a year before, the change in words; a comment field per duty and figure.
            let review = try await office.get(report).body.string
            #expect(review.contains("Cùng kỳ năm trước") && review.contains("tăng 1 vụ (+7,1%)"), "15 against 14")
            #expect(review.contains("name=\"item_duty:21/-1\"") && review.contains("form=\"return-form\""))
            #expect(review.contains("name=\"item_figure:drug_cases_detected\""))

            // Nothing at all is refused; a comment on one item is enough.
            let empty = try await office.post("\(report)/return", ["version": String(try await version()), "comment": ""])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("ít nhất một nội dung"))
            let unknown = try await office.post(
                "\(report)/return", ["version": String(try await version()), "comment": "chung", "item_duty:99/z": "không có mục này"])
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("duty:99/z"), "an unknown item is named, not dropped")
            #expect(unknown.body.string.contains(">chung</textarea>"), "what the reviewer wrote is shown again")
            let long = String(repeating: "x", count: ReviewComment.maximumLength + 1)
            let tooLong = try await office.post(
                "\(report)/return", ["version": String(try await version()), "item_duty:21/-2": long])
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("Nhiệm vụ 21, ý 2"), "the item is named")
            #expect(tooLong.body.string.contains(">\(long)</textarea>"), "and kept in its field")
            #expect(
                try await office.post(
                    "\(report)/return",
                    [
                        "version": String(try await version()), "comment": "",
                        "item_duty:21/-1": "Nêu rõ số cuộc tuyên truyền.", "item_figure:drug_cases_detected": "Kiểm tra lại số vụ ma túy tổng hợp.",
                    ]
                ).status == .seeOther)

            // The district sees each comment next to its item, and the list on top.
            let returned = try await district.get(report).body.string
            #expect(returned.contains("Nhiệm vụ 21, ý 1: </strong>Nêu rõ số cuộc tuyên truyền."), "listed on top")
            #expect(returned.contains("Ý kiến của cơ quan thường trực: </strong>Nêu rõ số cuộc tuyên truyền."), "beside the duty")
            #expect(returned.contains("Ý kiến của cơ quan thường trực: </strong>Kiểm tra lại số vụ ma túy tổng hợp."), "beside the figure")
            #expect(!returned.contains("name=\"item_duty:21/-1\""), "the unit gets no comment fields")

            // The district changes a text and a value and sends again; the reviewer sees both changes.
            var again = values
            for key in values.keys { again["ver_" + key.dropFirst(2)] = "1" }
            again["v_drug_cases_detected__synthetic"] = "8"
            #expect(try await district.post("/data/611/2023", again).status == .ok)
            var fixed = try rounds.filledForm(app, version: try await version(), intent: "submit")
            fixed["results_21/-1"] = "Đã tổ chức 12 cuộc tuyên truyền."
            #expect(try await district.post(report, fixed).status == .seeOther)
            let second = try await office.get(report).body.string
            #expect(second.contains("Thay đổi từ khi trả lại lúc"))
            #expect(second.contains("Nhiệm vụ 21, ý 1 — kết quả") && second.contains("Đã tổ chức 12 cuộc tuyên truyền."))
            #expect(second.contains("Vụ phạm tội về ma túy được phát hiện, bắt giữ (Ma túy tổng hợp), năm 2023: 9 → 8 (ngochoi, "))
            #expect(second.contains("Kiểm tra lại số vụ ma túy tổng hợp."), "the last comments stay beside their items under review")

            // Through the API too: an unknown item is refused by name.
            let (_, token) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office-api")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            headers.contentType = .json
            let body = #"{"version": \#(try await version()), "comment": "Bổ sung.", "items": {"duty:99/z": "không có"}}"#
            let refused = try await app.testing().sendRequest(
                .POST, "/api/v1/submissions/\(id)/return", headers: headers, body: ByteBuffer(string: body))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(#"không có mục duty:99\/z"#), "\(refused.body.string)")
            // … in English when the client asks for it.
            headers.replaceOrAdd(name: .acceptLanguage, value: "en")
            let english = try await app.testing().sendRequest(
                .POST, "/api/v1/submissions/\(id)/return", headers: headers, body: ByteBuffer(string: body))
            #expect(english.status == .unprocessableEntity)
            #expect(english.body.string.contains(#"no item duty:99\/z"#), "\(english.body.string)")
        }
    }

    /// A year entered in some categories only, while the half-years hold figures: the year wins over its halves, so the
    /// save says both figures in words (issue 14, found by a helper: 9 cases for the year instead of 42).
    @Test(arguments: TestBackend.available)
    func aYearEnteredInPartIsSaidWithBothFigures(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            for period in ["2024S1", "2024S2"] {
                #expect(
                    try await district.post(
                        "/data/611/\(period)",
                        [
                            "v_drug_cases_detected__heroin": "10", "v_drug_cases_detected__synthetic": "8",
                            "v_drug_cases_detected__cannabis": "2", "v_drug_cases_detected__other": "1",
                        ]
                    ).status == .ok)
            }
            let saved = try await district.post("/data/611/2024", ["v_drug_cases_detected__heroin": "9"])
            #expect(saved.status == .ok)
            let html = saved.body.string
            #expect(
                html.contains(
                    "Vụ phạm tội về ma túy được phát hiện, bắt giữ: mới nhập một phần cho cả năm 2024 (còn thiếu Ma túy tổng hợp, Cần sa, Loại khác), nên số cả năm nay là 9 vụ thay cho 42 vụ cộng từ hai kỳ 6 tháng."
                ), "\(html.prefix(4000))")
            // Every part entered: no warning.
            let whole = try await district.post(
                "/data/611/2024",
                [
                    "v_drug_cases_detected__synthetic": "16", "v_drug_cases_detected__cannabis": "4", "v_drug_cases_detected__other": "2",
                    "old_drug_cases_detected__heroin": "9", "v_drug_cases_detected__heroin": "9", "ver_drug_cases_detected__heroin": "1",
                ])
            #expect(whole.status == .ok && !whole.body.string.contains("mới nhập một phần"))
        }
    }
}
