import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

/// The API reads what the pages show: data values as saved, a round, a unit's report with its history, and the
/// units that exist on a day — with the same access as the pages and a 400 naming any parameter it cannot read.
@Suite struct APIReadTests {
    /// A GET with a bearer token (none: a visitor), and the JSON body.
    func get(_ app: Application, _ path: String, token: String?) async throws -> (status: HTTPResponseStatus, json: Any?) {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        let response = try await app.testing().sendRequest(.GET, path, headers: headers)
        return (response.status, try? JSONSerialization.jsonObject(with: Data(buffer: response.body)))
    }

    func post(_ app: Application, _ path: String, token: String, _ body: String) async throws -> HTTPResponseStatus {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body)).status
    }

    /// The reason of a JSON error answer.
    func reason(_ json: Any?) -> String { (json as? [String: Any])?["reason"] as? String ?? "" }

    func values(_ json: Any?) -> [[String: Any]] { json as? [[String: Any]] ?? [] }

    @Test func savedValuesAreReadBackWithTheirVersionsAndFilters() async throws {
        try await withPCMT(.sqlite) { app in
            try await OtherProvince.add(app)
            let (_, district) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "ngochoi")
            let (_, neighbour) = try await TestTokens.make(app.db, role: .districtReporter, unit: "612", name: "kontum")
            let (_, viewer) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "viewer")
            let (_, stranger) = try await TestTokens.make(app.db, role: .viewer, unit: "99", name: "stranger")
            let (_, commune) = try await TestTokens.make(app.db, role: .communeOfficer, unit: "23377", name: "pleikan")

            #expect(
                try await post(
                    app, "/api/v1/datavalues", token: district,
                    #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":40},{"element":"schools_reached","value":38}]}"#)
                    == .ok)
            #expect(
                try await post(
                    app, "/api/v1/datavalues", token: district,
                    #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":41,"version":1}]}"#) == .ok)

            // Read back with the version to send next, who changed it and how.
            let read = try await get(app, "/api/v1/datavalues?orgunit=611", token: district)
            #expect(read.status == .ok)
            let all = values(read.json)
            #expect(all.map { $0["element"] as? String } == ["schools_reached", "schools_total"], "by period, element, category")
            let total = try #require(all.first { $0["element"] as? String == "schools_total" })
            #expect(total["value"] as? Double == 41)
            #expect(total["version"] as? Int == 2)
            #expect(total["period"] as? String == "2023" && total["orgunit"] as? String == "611")
            #expect(total["changedBy"] as? String == "token:ngochoi@ngochoi-owner", "the token and its owner")
            #expect(total["source"] as? String == "api")
            #expect(total["category"] == nil, "an element without categories")
            let changedAt = try #require(total["changedAt"] as? String)
            #expect(ISO8601DateFormatter().date(from: changedAt).map { abs($0.timeIntervalSinceNow) < 120 } == true, "\(changedAt)")
            #expect(all.first { $0["element"] as? String == "schools_reached" }?["version"] as? Int == 1)

            // The version read is the one that changes the value.
            #expect(
                try await post(
                    app, "/api/v1/datavalues", token: district,
                    #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":42,"version":2}]}"#) == .ok)

            // Values of another period and with categories, saved a little later.
            try await Task.sleep(for: .milliseconds(1100))
            let since = ISO8601DateFormatter().string(from: Date())
            try await Task.sleep(for: .milliseconds(20))
            #expect(
                try await post(
                    app, "/api/v1/datavalues", token: district,
                    #"{"orgunit":"611","period":"2024S1","values":[{"element":"drug_cases_detected","category":"heroin","value":5},{"element":"drug_cases_detected","category":"synthetic","value":9}]}"#
                ) == .ok)

            let cases = values(try await get(app, "/api/v1/datavalues?orgunit=611&element=drug_cases_detected", token: viewer).json)
            #expect(cases.map { $0["category"] as? String } == ["heroin", "synthetic"])
            #expect(cases.allSatisfy { $0["period"] as? String == "2024S1" && $0["version"] as? Int == 1 })
            #expect(values(try await get(app, "/api/v1/datavalues?orgunit=611&period=2023", token: district).json).count == 2)
            #expect(values(try await get(app, "/api/v1/datavalues?orgunit=611&period=2024S1", token: district).json).count == 2)
            #expect(values(try await get(app, "/api/v1/datavalues?orgunit=611&period=2023,2024S1", token: district).json).count == 4)
            #expect(
                values(try await get(app, "/api/v1/datavalues?orgunit=611&period=2024", token: district).json).isEmpty,
                "a year is its own period: its halves are not it")
            let latest = values(try await get(app, "/api/v1/datavalues?orgunit=611&period=2023&element=schools_total", token: district).json)
            #expect(latest.count == 1 && latest.first?["value"] as? Double == 42 && latest.first?["version"] as? Int == 3)

            // changedSince: only what changed at or after the instant, in any zone.
            let recent = values(try await get(app, "/api/v1/datavalues?orgunit=611&changedSince=\(since)", token: district).json)
            #expect(recent.count == 2 && recent.allSatisfy { $0["element"] as? String == "drug_cases_detected" }, "\(recent)")
            let sinceDate = try #require(ISO8601DateFormatter().date(from: since))
            let inVietnam = ISO8601DateFormatter()
            inVietnam.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
            let local = inVietnam.string(from: sinceDate)
            #expect(local.hasSuffix("+07:00"), "\(local)")
            let escaped = local.replacingOccurrences(of: "+", with: "%2B")
            #expect(values(try await get(app, "/api/v1/datavalues?orgunit=611&changedSince=\(escaped)", token: district).json).count == 2)
            #expect(
                values(try await get(app, "/api/v1/datavalues?orgunit=611&changedSince=\(local)", token: district).json).count == 2,
                "an unescaped + arrives as a space")
            #expect(values(try await get(app, "/api/v1/datavalues?orgunit=611&changedSince=2020-01-01T00:00:00Z", token: district).json).count == 4)
            #expect(values(try await get(app, "/api/v1/datavalues?orgunit=611&changedSince=2099-01-01T00:00:00.000Z", token: district).json).isEmpty)
            // The changedAt of a value read is a changedSince that keeps it.
            let kept = values(try await get(app, "/api/v1/datavalues?orgunit=611&period=2023&element=schools_total", token: district).json)
            let at = try #require(kept.first?["changedAt"] as? String)
            #expect(
                values(try await get(app, "/api/v1/datavalues?orgunit=611&period=2023&changedSince=\(at)", token: district).json)
                    .contains { $0["element"] as? String == "schools_total" })

            // Who may read: the figures of the unit, as on the board.
            #expect(try await get(app, "/api/v1/datavalues?orgunit=611", token: nil).status == .unauthorized)
            #expect(try await get(app, "/api/v1/datavalues?orgunit=611", token: viewer).status == .ok, "the province reaches its districts")
            #expect(try await get(app, "/api/v1/datavalues?orgunit=611", token: neighbour).status == .forbidden, "another district")
            #expect(try await get(app, "/api/v1/datavalues?orgunit=611", token: commune).status == .forbidden, "a commune does not see its district")
            #expect(try await get(app, "/api/v1/datavalues?orgunit=611", token: stranger).status == .forbidden, "another province")
            #expect(try await get(app, "/api/v1/datavalues?orgunit=62", token: commune).status == .ok, "every account of a province sees its totals")
            #expect(try await get(app, "/api/v1/datavalues?orgunit=nope", token: viewer).status == .notFound)
            let unknownElement = try await get(app, "/api/v1/datavalues?orgunit=611&element=no_such_element", token: district)
            #expect(unknownElement.status == .notFound, "a well-formed code that names nothing, as for units")
            #expect(reason(unknownElement.json).hasPrefix("element:"), "\(reason(unknownElement.json))")

            // A parameter that does not match the document is a 400 that names it.
            for (query, parameter) in [
                ("", "orgunit"), ("orgunit=", "orgunit"), ("orgunit=611&period=2023S3", "period"),
                ("orgunit=611&period=2021-2023", "period"), ("orgunit=611&period=2023,", "period"),
                ("orgunit=611&period=", "period"), ("orgunit=611&element=", "element"),
                ("orgunit=611&changedSince=yesterday", "changedSince"),
                ("orgunit=611&changedSince=2025-07-01", "changedSince"),
                ("orgunit=611&changedSince=2025-07-01T00:00:00", "changedSince"),
                ("orgunit=611&changedSince=2025-02-30T00:00:00Z", "changedSince"),
                ("orgunit=611&changedSince=2025-07-01T24:00:00Z", "changedSince"),
            ] {
                let answer = try await get(app, "/api/v1/datavalues?\(query)", token: district)
                #expect(answer.status == .badRequest, "\(query)")
                #expect(reason(answer.json).hasPrefix("\(parameter):"), "\(query): \(reason(answer.json))")
                #expect((answer.json as? [String: Any])?["error"] as? Bool == true)
            }
        }
    }

    @Test func aReportIsReadWithItsWritingAndItsHistory() async throws {
        try await withPCMT(.sqlite) { app in
            try await OtherProvince.add(app)
            let planID = UUID(uuidString: konTumPlanID)!
            let rounds = RoundStore(database: app.db)
            let round = try await rounds.open(
                planID: planID, period: .year(2023), kind: .year, schedule: RoundSchedule.defaults(for: .year(2023)),
                unitCodes: ["611", "612", "62-TAND"], context: ChangeContext(actor: "office", actorUnit: "62-CAT", address: nil))
            let submissions = try await rounds.submissions(roundID: round)
            let report = try #require(submissions.first { $0.unitCode == "611" })
            let court = try #require(submissions.first { $0.unitCode == "62-TAND" })

            let district = ChangeContext(actor: "ngochoi", actorUnit: "611", address: nil)
            let office = ChangeContext(actor: "office", actorUnit: "62-CAT", address: nil)
            _ = try await rounds.saveDraft(
                id: report.id, expectedVersion: 1,
                content: SubmissionContent(narratives: [
                    "21/-1": .init(results: "Đã tuyên truyền tại 40 trường.", shortcomings: "Thiếu kinh phí.", proposals: "Bổ sung kinh phí."),
                    "21/-2": .init(results: "Đã triển khai."),
                    "9/z": .init(results: "Nhiệm vụ cũ."),
                ]), context: district)
            _ = try await rounds.transition(id: report.id, expectedVersion: 2, action: .submit, comment: "", context: district)
            _ = try await rounds.transition(id: report.id, expectedVersion: 3, action: .return, comment: "Làm rõ nguyên nhân giảm.", context: office)

            let (_, reporter) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "ngochoi")
            let (_, neighbour) = try await TestTokens.make(app.db, role: .districtReporter, unit: "612", name: "kontum")
            let (_, viewer) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "viewer")
            let (_, standing) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office")
            let (_, stranger) = try await TestTokens.make(app.db, role: .standingOffice, unit: "99-CAT", name: "stranger")
            let (_, commune) = try await TestTokens.make(app.db, role: .communeOfficer, unit: "23377", name: "pleikan")
            let (_, health) = try await TestTokens.make(app.db, role: .agencyReporter, unit: "62-SYT", name: "health")

            let path = "/api/v1/submissions/\(report.id.lowered)"
            let answer = try await get(app, path, token: reporter)
            #expect(answer.status == .ok)
            let body = try #require(answer.json as? [String: Any])
            #expect(body["id"] as? String == report.id.lowered)
            #expect(body["plan"] as? String == konTumPlanID)
            #expect(body["orgunit"] as? String == "611" && body["orgunitName"] as? String == "Huyện Ngọc Hồi")
            #expect(body["state"] as? String == "returned" && body["version"] as? Int == 4)
            #expect(body["firstSubmittedAt"] is String && body["submittedAt"] is String && body["approvedAt"] == nil)
            #expect(body["onTime"] as? Bool != nil)
            let roundBody = try #require(body["round"] as? [String: Any])
            #expect(roundBody["id"] as? String == round.lowered && roundBody["period"] as? String == "2023" && roundBody["kind"] as? String == "year")

            let narratives = try #require(body["narratives"] as? [[String: Any]])
            #expect(narratives.map { $0["key"] as? String } == ["21/-1", "21/-2", "21/-3", "9/z"], "the duties owed in order, then older writing")
            let first = narratives[0]
            #expect(first["assignment"] as? Int == 21 && first["label"] as? String == "-1")
            #expect((first["duty"] as? String)?.isEmpty == false)
            #expect(first["results"] as? String == "Đã tuyên truyền tại 40 trường.")
            #expect(first["shortcomings"] as? String == "Thiếu kinh phí." && first["proposals"] as? String == "Bổ sung kinh phí.")
            #expect(narratives[2]["results"] as? String == "", "a duty not written yet")
            #expect(narratives[3]["assignment"] == nil && narratives[3]["results"] as? String == "Nhiệm vụ cũ.")

            let events = try #require(body["events"] as? [[String: Any]])
            #expect(events.map { $0["action"] as? String } == ["submit", "return"])
            #expect(events.map { $0["by"] as? String } == ["ngochoi", "office"])
            #expect(events[1]["comment"] as? String == "Làm rõ nguyên nhân giảm.")
            #expect(events[1]["from"] as? String == "submitted" && events[1]["to"] as? String == "returned")
            #expect(events.allSatisfy { ($0["at"] as? String).flatMap(ISO8601DateFormatter().date(from:)) != nil })

            // A project the unit leads, with its progress.
            _ = try await rounds.saveDraft(
                id: court.id, expectedVersion: 1,
                content: SubmissionContent(
                    projects: ["P11": .init(status: "Đang triển khai", progress: 60, allocated: 100, spent: 45.5, note: "Đúng tiến độ")]),
                context: office)
            let courtBody = try #require(try await get(app, "/api/v1/submissions/\(court.id.lowered)", token: standing).json as? [String: Any])
            let project = try #require((courtBody["projects"] as? [[String: Any]])?.first { $0["code"] as? String == "P11" })
            #expect(project["progress"] as? Double == 60 && project["spent"] as? Double == 45.5 && project["status"] as? String == "Đang triển khai")
            #expect((project["title"] as? String)?.isEmpty == false && project["number"] is String)
            #expect((courtBody["events"] as? [Any])?.isEmpty == true)

            // Seen as the page is seen: the unit, the province's standing office and viewers.
            #expect(try await get(app, path, token: nil).status == .unauthorized)
            #expect(try await get(app, path, token: viewer).status == .ok)
            #expect(try await get(app, path, token: standing).status == .ok)
            #expect(try await get(app, path, token: neighbour).status == .notFound)
            #expect(try await get(app, path, token: health).status == .notFound)
            #expect(try await get(app, path, token: stranger).status == .notFound)
            // A commune officer reads reports (its own, where its commune reports as a district did): not this one.
            #expect(try await get(app, path, token: commune).status == .notFound)
            #expect(try await get(app, "/api/v1/submissions/\(UUID().uuidString)", token: viewer).status == .notFound)
            #expect(try await get(app, "/api/v1/submissions/nope", token: viewer).status == .badRequest, "not a UUID: the document's 400")

            // The round, as its page: schedule and counts.
            let roundPath = "/api/v1/rounds/\(round.lowered)"
            let roundAnswer = try await get(app, roundPath, token: viewer)
            #expect(roundAnswer.status == .ok)
            let one = try #require(roundAnswer.json as? [String: Any])
            #expect(one["id"] as? String == round.lowered && one["period"] as? String == "2023" && one["kind"] as? String == "year")
            #expect(
                one["dueDate"] as? String == "2023-12-20" && one["cutoffStart"] as? String == "2022-12-15"
                    && one["cutoffEnd"] as? String == "2023-12-14")
            let counts = try #require(one["counts"] as? [String: Int])
            #expect(counts == ["draft": 2, "submitted": 0, "returned": 1, "approved": 0])
            #expect(try await get(app, roundPath, token: standing).status == .ok)
            #expect(try await get(app, roundPath, token: nil).status == .unauthorized)
            #expect(try await get(app, roundPath, token: reporter).status == .forbidden, "reporters see their own report, not the round")
            #expect(try await get(app, roundPath, token: stranger).status == .notFound, "another province's office")
            #expect(try await get(app, "/api/v1/rounds/\(UUID().uuidString)", token: viewer).status == .notFound)
        }
    }

    @Test func unitsAreListedAsTheyStoodOnADay() async throws {
        try await withPCMT(.sqlite) { app in
            func codes(_ query: String) async throws -> [String] {
                let answer = try await get(app, "/api/v1/orgunits?\(query)", token: nil)
                #expect(answer.status == .ok, "\(query)")
                return values(answer.json).compactMap { $0["code"] as? String }
            }
            // Kon Tum's communes end on 30/06/2025.
            #expect(try await codes("parent=611&date=2025-06-30").contains("23377"))
            #expect(try await codes("parent=611&date=2025-07-01").contains("23377") == false)
            #expect(try await codes("parent=611&date=2025-06-30").count == 8)
            #expect(try await codes("parent=611").count == 8, "without a date, every unit")
            #expect(try await codes("parent=611&date=2025-07-01").isEmpty)
            func districts(_ date: String) async throws -> Int {
                let answer = try await get(app, "/api/v1/orgunits?parent=62&date=\(date)", token: nil)
                return values(answer.json).filter { $0["level"] as? String == "district" }.count
            }
            #expect(try await districts("2025-06-30") == 10)
            #expect(try await districts("2025-07-01") == 0, "the district level is abolished")

            // Top-level units that begin on a day appear from that day (the new Quảng Ngãi, built in), those that end
            // until it (Kon Tum and old Quảng Ngãi).
            #expect(try await codes("date=2025-06-30") == ["51", "62"])
            #expect(try await codes("date=2025-07-01") == ["51"])
            #expect(try await Set(codes("")) == ["51", "62"])
            #expect(try await codes("parent=&date=2025-07-01") == ["51"], "an empty parent is the top level")

            for date in ["2025-02-30", "2025-7-1", "yesterday", "2025-07-01T00:00:00Z", "", "0000-01-01"] {
                let answer = try await get(app, "/api/v1/orgunits?date=\(date)", token: nil)
                #expect(answer.status == .badRequest, "\(date)")
                #expect(reason(answer.json).hasPrefix("date:"), "\(date): \(reason(answer.json))")
            }
            #expect(try await get(app, "/api/v1/orgunits?parent=nope&date=2025-07-01", token: nil).status == .notFound)
        }
    }
}

private extension UUID {
    /// The id as the API writes it.
    var lowered: String { uuidString.lowercased() }
}
