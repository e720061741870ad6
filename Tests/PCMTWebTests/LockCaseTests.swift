import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

/// Cases C5 and C6 of issue 11 (`../shared/cases/README.md`), through the API: approved figures stay what was approved
/// (C5, on the demonstration data), and the lock is decided inside the write (C6).
@Suite struct LockCaseTests {
    static let plan = UUID(uuidString: "6f0c3959-2021-4025-8d62-000000003959")!

    struct Answer: Sendable {
        var status: HTTPResponseStatus
        var body: String
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
        var reason: String { json?["reason"] as? String ?? "" }
    }

    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, token: String, _ body: String? = nil) async throws -> Answer {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        if body != nil { headers.contentType = .json }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Answer(status: response.status, body: response.body.string)
    }

    /// Saves one value through the API with the version saved now (none: a new value).
    static func saveValue(
        _ app: Application, token: String, unit: String, period: String, element: String, category: String = "", value: Double
    ) async throws -> Answer {
        let current = try await DataValueStore(database: app.db).values(unitCode: unit, periods: [period])
            .first { $0.element == element && $0.category == category }
        let version = current.map { #","version":\#($0.version)"# } ?? ""
        let categoryField = category.isEmpty ? "" : #","category":"\#(category)""#
        return try await send(
            app, .POST, "/api/v1/datavalues", token: token,
            #"{"orgunit":"\#(unit)","period":"\#(period)","values":[{"element":"\#(element)"\#(categoryField),"value":\#(value)\#(version)}]}"#)
    }

    static func move(_ app: Application, token: String, _ report: UUID, _ action: SubmissionAction) async throws -> Answer {
        let version = try #require(try await RoundStore(database: app.db).submission(id: report)).version
        let comment = action.needsComment ? #","comment":"Sửa số liệu (kiểm thử).""# : ""
        return try await send(
            app, .POST, "/api/v1/submissions/\(report.uuidString.lowercased())/\(action.rawValue)", token: token,
            #"{"version":\#(version)\#(comment)}"#)
    }

    /// Brings a report to "submitted" as its unit would, whatever state the demonstration left it in.
    static func sent(_ app: Application, _ report: SubmissionRecord) async throws {
        guard report.state.isEditable else { return }
        let outcome = try await RoundStore(database: app.db).transition(
            id: report.id, expectedVersion: report.version, action: .submit, comment: "",
            context: ChangeContext(actor: "district", actorUnit: report.unitCode, address: "test"))
        guard case .saved = outcome else {
            Issue.record("\(report.unitCode) not sent: \(outcome)")
            return
        }
    }

    static func report(_ app: Application, _ period: Period, _ unit: String) async throws -> SubmissionRecord {
        let rounds = RoundStore(database: app.db)
        let round = try #require(try await rounds.rounds(planID: plan).first { $0.period == period })
        return try #require(try await rounds.submissions(roundID: round.id).first { $0.unitCode == unit })
    }

    static func target(_ app: Application, token: String, _ query: String, _ code: String) async throws -> String {
        let answer = try await send(app, .GET, "/api/v1/plans/\(plan.uuidString.lowercased())/board?\(query)", token: token)
        #expect(answer.status == .ok)
        let targets = answer.json?["targets"] as? [[String: Any]] ?? []
        let row = try #require(targets.first { $0["code"] as? String == code })
        return String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self)
    }

    // MARK: C5

    @Test(arguments: TestBackend.available)
    func c5AnApprovedReviewWhoseYearsStayOpen(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959) { app in
            let (_, office) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office")
            let (_, district) = try await TestTokens.make(app.db, role: .districtReporter, unit: "618", name: "iahdrai")
            let rounds = RoundStore(database: app.db)

            // The demonstration keeps the rule: every approved review stands on its unit's approved year reports.
            for round in try await rounds.rounds(planID: Self.plan) {
                guard case .span(let from, let to) = round.period else { continue }
                let all = try await rounds.rounds(planID: Self.plan)
                for review in try await rounds.submissions(roundID: round.id) where review.state == .approved {
                    // The years the unit reported in (a commune formed on 01/07/2025 has the final year's report only).
                    var reported = 0
                    for year in from...to {
                        guard let yearRound = all.first(where: { $0.period == .year(year) }),
                            let report = try await rounds.submissions(roundID: yearRound.id).first(where: { $0.unitCode == review.unitCode })
                        else { continue }
                        reported += 1
                        #expect(report.state == .approved, "\(review.unitCode) \(year)")
                    }
                    #expect(reported > 0, "\(review.unitCode)")
                }
            }
            // The mid-term review 2021–2023 of district 618 (the district ended on 30/06/2025, so its last review is
            // this one: the final review is the new communes'). Whatever state the demonstration left it in, the office
            // reopens the review and the 2023 report, and the district sends the review again.
            if try await Self.report(app, .span(from: 2021, to: 2023), "618").state == .approved {
                let reviewID = try await Self.report(app, .span(from: 2021, to: 2023), "618").id
                #expect(try await Self.move(app, token: office, reviewID, .reopen).status == .ok)
            }
            if try await Self.report(app, .year(2023), "618").state == .approved {
                #expect(try await Self.move(app, token: office, try await Self.report(app, .year(2023), "618").id, .reopen).status == .ok)
            }
            try await Self.sent(app, try await Self.report(app, .span(from: 2021, to: 2023), "618"))
            let review = try await Self.report(app, .span(from: 2021, to: 2023), "618")
            let year = try await Self.report(app, .year(2023), "618")
            #expect(review.state == .submitted, "the review waits for the 2023 report")
            #expect(year.state != .approved)

            // The office cannot approve the review yet, and is told which year holds it back.
            let early = try await Self.move(app, token: office, review.id, .approve)
            #expect(early.status == .conflict)
            #expect(early.reason.contains("Sơ kết giữa kỳ 2021–2023 của Huyện Ia H' Drai"), "\(early.reason)")
            #expect(early.reason.contains("báo cáo năm 2023 của đơn vị chưa được duyệt"))

            // 618's 2023 figures may still change: nothing approved covers them. Then the year, then the review.
            let period = "2023"
            #expect(
                try await Self.saveValue(
                    app, token: district, unit: "618", period: period, element: "drug_cases_detected", category: "heroin", value: 977
                ).status == .ok)
            try await Self.sent(app, year)
            #expect(try await Self.move(app, token: office, year.id, .approve).status == .ok)
            #expect(try await Self.move(app, token: office, review.id, .approve).status == .ok)
            let board = "period=2021-2023&orgunit=618"
            let approved = try await Self.target(app, token: office, board, "T04")

            // Now its figures hold: no change of a year it covers, no reopening of a year report under it.
            let locked = try await Self.saveValue(
                app, token: district, unit: "618", period: period, element: "drug_cases_detected", category: "heroin", value: 5)
            #expect(locked.status == .locked)
            #expect(
                locked.reason.contains("Báo cáo năm 2023 của Huyện Ia H' Drai đã được duyệt")
                    || locked.reason.contains("Yearly report 2023 of Huyện Ia H' Drai is approved"), "\(locked.reason)")
            let reopenYear = try await Self.move(app, token: office, year.id, .reopen)
            #expect(reopenYear.status == .conflict)
            #expect(reopenYear.reason.contains("Sơ kết giữa kỳ 2021–2023 của đơn vị đã được duyệt"), "\(reopenYear.reason)")
            let commune = try await Self.saveValue(app, token: district, unit: "23535", period: "2022", element: "counselling", value: 3)
            #expect(commune.status == .locked, "a commune of 618, in a year of the review")
            #expect(try await Self.target(app, token: office, board, "T04") == approved, "the approved review's figures did not change")
            #expect(
                try await DataValueStore(database: app.db).values(unitCode: "618", periods: [period]).first {
                    $0.element == "drug_cases_detected" && $0.category == "heroin"
                }?.value == 977)

            // A reopen of the review, then of the year, opens them again.
            #expect(try await Self.move(app, token: office, review.id, .reopen).status == .ok)
            #expect(try await Self.move(app, token: office, year.id, .reopen).status == .ok)
            #expect(
                try await Self.saveValue(
                    app, token: district, unit: "618", period: period, element: "drug_cases_detected", category: "heroin", value: 5
                ).status == .ok)
        }
    }

    // MARK: C6

    actor Running {
        var on = true
        func stop() { on = false }
    }

    @Test(arguments: TestBackend.available)
    func c6SaveAgainstApprove(backend: TestBackend) async throws {
        // On the built-in plan and units without the demonstration data: loading it costs more than the race, which
        // needs only the district's 2025 report and the commune's value.
        try await withPCMT(backend) { app in
            let (_, office) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office")
            let (_, district) = try await TestTokens.make(app.db, role: .districtReporter, unit: "608", name: "kontum")
            let round = try await RoundStore(database: app.db).open(
                planID: Self.plan, period: .year(2025), kind: .year, schedule: RoundSchedule.defaults(for: .year(2025)),
                unitCodes: ["608"], context: ChangeContext(actor: "office", actorUnit: "62-CAT", address: "test"))
            let report = try #require(try await RoundStore(database: app.db).submissions(roundID: round).first)
            try await Self.sent(app, report)
            let firstVersion =
                try await DataValueStore(database: app.db).values(unitCode: "23281", periods: ["2025"]).first {
                    $0.element == "counselling"
                }?.version ?? 0
            let cycles = 30
            let running = Running()
            let start = try await AuditLog(database: app.db).head()?.seq ?? 0
            let reportID = report.id

            let answers = try await withThrowingTaskGroup(of: [Answer].self) { group in
                // Twelve clients keep saving the commune's 2025 counselling, each value new.
                for client in 0..<12 {
                    group.addTask {
                        var answers: [Answer] = []
                        var n = 0
                        while await running.on {
                            n += 1
                            answers.append(
                                try await Self.saveValue(
                                    app, token: district, unit: "23281", period: "2025", element: "counselling",
                                    value: Double(100_000 * (client + 1) + n)))
                        }
                        return answers
                    }
                }
                // Meanwhile the office approves and reopens the district's report, which the district sends again.
                group.addTask {
                    for _ in 0..<cycles {
                        #expect(try await Self.move(app, token: office, reportID, .approve).status == .ok)
                        #expect(try await Self.move(app, token: office, reportID, .reopen).status == .ok)
                        try await Self.sent(app, try #require(try await RoundStore(database: app.db).submission(id: reportID)))
                    }
                    await running.stop()
                    return []
                }
                var all: [Answer] = []
                for try await answers in group { all += answers }
                return all
            }

            // Every answer is a save, a conflict with the value now saved, or a lock that names the report.
            // The API may answer in either language.
            let lockMessages = [
                "Báo cáo năm 2025 của Thành phố Kon Tum đã được duyệt: số liệu năm 2025 của Phường Quang Trung (23281) bị khóa "
                    + "cho đến khi cơ quan thường trực mở lại báo cáo.",
                "The Yearly report 2025 of Thành phố Kon Tum is approved: the figures of Phường Quang Trung (23281) for 2025 are "
                    + "locked until the standing office reopens the report.",
            ]
            var counts: [UInt: Int] = [:]
            for answer in answers {
                counts[answer.status.code, default: 0] += 1
                switch answer.status {
                case .ok: break
                case .conflict: #expect((answer.json?["conflicts"] as? [String])?.first?.hasPrefix("counselling: hiện là ") == true, "\(answer.body)")
                case .locked: #expect(lockMessages.contains(answer.reason), "\(answer.reason)")
                default: Issue.record("\(answer.status): \(answer.body)")
                }
            }
            #expect(counts[200, default: 0] > 0 && counts[423, default: 0] > 0, "\(counts)")

            // No update lost: each save answered 200 is one version.
            let last = try #require(
                try await DataValueStore(database: app.db).values(unitCode: "23281", periods: ["2025"]).first { $0.element == "counselling" })
            #expect(last.version == firstVersion + counts[200, default: 0])

            // The audit log, in the order of commits: no value of the commune between an approval and the next reopen.
            var approvedNow = false
            var approvals = 0
            for event in try await AuditLog(database: app.db).events(AuditFilter(limit: 1_000_000)).reversed() where event.seq > start {
                if event.entity == "submission", event.entityID == report.id.uuidString {
                    if event.summary.hasSuffix(": approve") { approvedNow = true; approvals += 1 }
                    if event.summary.contains(": reopen") { approvedNow = false }
                } else if event.entity == "data_values", event.entityID == "23281/2025" {
                    #expect(!approvedNow, "event \(event.seq) saved 23281's 2025 values while 608's report was approved")
                }
            }
            #expect(approvals == cycles)
        }
    }
}
