import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

/// Case C7 of issue 11 (`../shared/cases/README.md`) through the real pages, API and documents on the demonstration
/// data: a verdict is never drawn from two sides that include different units.
@Suite struct CoverageCaseTests {
    static let plan = UUID(uuidString: konTumPlanID)!

    static func api(_ app: Application, _ method: HTTPMethod, _ path: String, token: String, _ body: String? = nil) async throws -> (
        HTTPResponseStatus, [String: Any]
    ) {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        if body != nil { headers.contentType = .json }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return (response.status, json)
    }

    /// The board's targets by code.
    static func board(_ app: Application, token: String, _ query: String) async throws -> [String: [String: Any]] {
        let (status, body) = try await api(app, .GET, "/api/v1/plans/\(konTumPlanID)/board?\(query)", token: token)
        #expect(status == .ok)
        let targets = body["targets"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: targets.map { ($0["code"] as! String, $0) })
    }

    static func report(_ app: Application, _ period: Period, _ unit: String) async throws -> (RoundSummary, SubmissionRecord) {
        let rounds = RoundStore(database: app.db)
        let round = try #require(try await rounds.rounds(planID: plan).first { $0.period == period })
        return (round, try #require(try await rounds.submissions(roundID: round.id).first { $0.unitCode == unit }))
    }

    @Test(arguments: TestBackend.available)
    func c7AVerdictFromUnequalSides(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959) { app in
            let (_, office) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office")

            // Every district's 2024 report is approved: T02 is judged on all ten.
            let before = try await Self.board(app, token: office, "period=2024&orgunit=62")
            let judged = try #require(before["T02"])
            #expect(judged["status"] as? String != "incomplete")
            let complete = try #require(judged["coverage"] as? [String: Any])
            #expect(complete["reported"] as? Int == 10 && complete["expected"] as? Int == 10)
            #expect((complete["missing"] as? [Any])?.isEmpty == true)

            // The standing office reopens Thành phố Kon Tum's approved 2024 year report.
            let (round, submission) = try await Self.report(app, .year(2024), "608")
            #expect(submission.state == .approved)
            let (reopened, _) = try await Self.api(
                app, .POST, "/api/v1/submissions/\(submission.id.uuidString.lowercased())/reopen", token: office,
                #"{"version":\#(submission.version),"comment":"Kiểm tra lại số liệu (kiểm thử)."}"#)
            #expect(reopened == .ok)

            // The official board: 608 is missing from 2024 but not from 2023, so no verdict.
            let after = try await Self.board(app, token: office, "period=2024&orgunit=62")
            #expect(after.count == 16)
            let t02 = try #require(after["T02"])
            #expect(t02["status"] as? String == "incomplete", "\(t02["explanationVi"] ?? "")")
            #expect(t02["value"] == nil || t02["value"] is NSNull, "no growth is claimed")
            let explanation = t02["explanationVi"] as? String ?? ""
            #expect(explanation.hasPrefix("2024: 2.074 so với 2.526 năm 2023 — chưa đủ số liệu: 9/10 huyện, thiếu Thành phố Kon Tum (năm 2024)"))
            #expect(!explanation.contains("Đạt") && !explanation.contains(": đạt"))
            let coverage = try #require(t02["coverage"] as? [String: Any])
            #expect(coverage["reported"] as? Int == 9 && coverage["expected"] as? Int == 10)
            let missing = try #require((coverage["missing"] as? [[String: Any]])?.first)
            #expect(missing["orgunit"] as? String == "608" && missing["name"] as? String == "Thành phố Kon Tum")
            #expect(missing["periods"] as? [String] == ["2024"])
            // Every target says what its figures include; every growth that 608 is part of waits for its data (the
            // first half of 608's 2024 stays approved: a flow has half of 608's year, a stock none of it).
            for (code, row) in after { #expect(row["coverage"] is [String: Any], "\(code)") }
            for code in ["T01", "T02", "T04", "T07"] {
                #expect(after[code]?["status"] as? String == "incomplete", "\(code): \(after[code]?["explanationVi"] ?? "")")
            }
            let t04 = try #require((after["T04"]?["coverage"] as? [String: Any])?["missing"] as? [[String: Any]])
            #expect(t04.first?["periods"] as? [String] == ["2024S2"])
            // With the unapproved figures, 608 is there again and T02 is judged.
            let everything = try await Self.board(app, token: office, "period=2024&orgunit=62&data=all")
            #expect(everything["T02"]?["status"] as? String != "incomplete")

            // The board and the target page say the same, with the units missing.
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            let page = try await viewer.get("/plans/\(konTumPlanID)/board?period=2024&unit=62").body.string
            #expect(page.contains("<span class=\"status status-incomplete\"><span aria-hidden=\"true\">◐</span> Chưa đủ số liệu</span>"))
            #expect(page.contains("<td class=\"coverage coverage-gap\">9/10 huyện, thiếu Thành phố Kon Tum (năm 2024)</td>"))
            let target = try await viewer.get("/plans/\(konTumPlanID)/board/T02?period=2024&unit=62").body.string
            #expect(target.contains("<strong>Đơn vị có số liệu: </strong>9/10 huyện, thiếu Thành phố Kon Tum (năm 2024)"))
            #expect(target.contains("<td>608</td>"))

            // The province's report and the annex of the 2024 round say it too.
            let office2 = try await TestAccounts.browser(app, "vanphong", .standingOffice, unit: "62-CAT")
            let id = round.id.uuidString.lowercased()
            let printed = try await office2.get("/rounds/\(id)/report/print").body.string
            // Said once for every target with the same gap: "chỉ tiêu 2, 4 (T02, T04): 9/10 huyện, thiếu …".
            let note = try Regex(#"chỉ tiêu [0-9, ]*\(([A-Z0-9]+, )*T02(, [A-Z0-9]+)*\): 9/10 huyện, thiếu Thành phố Kon Tum \(năm 2024\)"#)
            #expect(printed.contains(note))
            let annex = try await office2.get("/rounds/\(id)/annex.xlsx")
            #expect(annex.status == .ok)
            let rows = try XLSXReader.firstSheetRows(Data(buffer: annex.body))
            let row = try #require(rows.first { $0.first == "T02" })
            #expect(row.contains("Chưa đủ số liệu"))
            #expect(row.contains("9/10 huyện") && row.contains("Thành phố Kon Tum (năm 2024)"))
        }
    }
}
