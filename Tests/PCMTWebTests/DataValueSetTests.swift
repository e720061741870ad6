import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// `POST /api/v1/dataValueSets` (issue 13, item 3): many units, periods and elements in one request, all or nothing,
/// with the checks of the one-unit API on every row, and the kept totals moved as a recomputation by hand says.
@Suite struct DataValueSetTests {
    static let plan = UUID(uuidString: "6f0c3959-2021-4025-8d62-000000003959")!

    struct Answer {
        var status: HTTPResponseStatus
        var json: [String: Any]
        var conflicts: [[String: Any]] { json["conflicts"] as? [[String: Any]] ?? [] }
        var count: [String: Int] { json["importCount"] as? [String: Int] ?? [:] }
        var reason: String { json["reason"] as? String ?? "" }
    }

    static func post(_ app: Application, _ token: String, _ rows: [[String: Any]]) async throws -> Answer {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.bearerAuthorization = BearerAuthorization(token: token)
        let body = try JSONSerialization.data(withJSONObject: ["dataValues": rows])
        let response = try await app.testing().sendRequest(.POST, "/api/v1/dataValueSets", headers: headers, body: ByteBuffer(data: body))
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
        return Answer(status: response.status, json: json)
    }

    static func row(_ unit: String, _ period: String, _ element: String, _ value: Any, category: String? = nil, version: Int? = nil) -> [String: Any]
    {
        var row: [String: Any] = ["orgUnit": unit, "period": period, "dataElement": element, "value": value]
        if let category { row["categoryOptionCombo"] = category }
        if let version { row["version"] = version }
        return row
    }

    /// Every saved value of the units, as "unit period element/category = value".
    static func snapshot(_ app: Application, _ units: [String]) async throws -> [String] {
        var lines: [String] = []
        for unit in units {
            for value in try await DataValueStore(database: app.db).values(unitCode: unit, periods: ["2023", "2024", "2024S1", "2024S2"]) {
                lines.append("\(unit) \(value.period) \(value.element)/\(value.category) = \(value.value) v\(value.version)")
            }
        }
        return lines.sorted()
    }

    /// One row of a kept totals table: year total and count, first-half and second-half totals and counts, whole years.
    static func totals(_ app: Application, table: String, area: String, element: String, year: Int) async throws -> [Double] {
        let sql = app.db as! any SQLDatabase
        var query = SQLQueryString(
            "SELECT year_total, year_count, s1_total, s1_count, s2_total, s2_count, y_count FROM \(unsafeRaw: table) WHERE area_code = ")
        query.appendInterpolation(bind: area)
        query.appendLiteral(" AND element = ")
        query.appendInterpolation(bind: element)
        query.appendLiteral(" AND year = ")
        query.appendInterpolation(bind: year)
        if table == "official_totals" {
            query.appendLiteral(" AND plan_id = ")
            query.appendInterpolation(bind: plan)
        }
        guard let row = try await sql.raw(query).first() else { return [] }
        return [
            try row.decode(column: "year_total", as: Double.self), Double(try row.decode(column: "year_count", as: Int.self)),
            try row.decode(column: "s1_total", as: Double.self), Double(try row.decode(column: "s1_count", as: Int.self)),
            try row.decode(column: "s2_total", as: Double.self), Double(try row.decode(column: "s2_count", as: Int.self)),
            Double(try row.decode(column: "y_count", as: Int.self)),
        ]
    }

    static func count(_ app: Application, _ sql: String) async throws -> Int {
        try await (app.db as! any SQLDatabase).raw(SQLQueryString(sql)).first()!.decode(column: "n", as: Int.self)
    }

    /// Two sets sent at the same time, each valid alone — one lowers a whole, the other raises its part — are never both
    /// saved into a part larger than its whole: the later is checked again over what the earlier saved and refused.
    @Test(arguments: TestBackend.available)
    func twoSetsEachValidAloneNeverMakeAPartLargerThanItsWhole(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (_, token) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "ngochoi")
            let units = ["23377", "23380", "23383", "23386", "23389", "23392"]
            let start = units.map { Self.row($0, "2024S1", "users_with_record", 100_000) } + units.map { Self.row($0, "2024S1", "users_served", 0) }
            #expect(try await Self.post(app, token, start).status == .ok)
            for unit in units {
                async let lower = Self.post(app, token, [Self.row(unit, "2024S1", "users_with_record", 10)])
                async let raise = Self.post(app, token, [Self.row(unit, "2024S1", "users_served", 5000)])
                let answers = try await [lower.status, raise.status]
                #expect(answers.contains(.ok), "\(unit): \(answers)")
                let saved = try await DataValueStore(database: app.db).values(unitCode: unit, periods: ["2024S1"])
                let whole = saved.first { $0.element == "users_with_record" }?.value ?? 0
                let part = saved.first { $0.element == "users_served" }?.value ?? 0
                #expect(part <= whole, "\(unit): users_served \(part) > users_with_record \(whole) after \(answers)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aSetAcrossUnitsAndPeriodsSavesAllOrNothing(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (_, token) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "ngochoi")
            let units = ["23377", "23380", "23383", "611"]
            let first: [[String: Any]] = [
                Self.row("23377", "2024S1", "counselling", 3), Self.row("23377", "2024S2", "counselling", "4"),
                Self.row("23380", "2024", "counselling", 10), Self.row("23383", "2024S1", "counselling", 2.0),
                Self.row("23383", "2024S1", "users_with_record", 8), Self.row("23383", "2024S1", "users_served", 5),
                Self.row("611", "2024", "drug_cases_detected", 6, category: "heroin"),
                Self.row("611", "2024", "drug_cases_detected", 1, category: "cannabis"),
            ]
            let history = try await Self.count(app, "SELECT COUNT(*) AS n FROM data_value_history")
            let audits = try await Self.count(app, "SELECT COUNT(*) AS n FROM audit_events WHERE entity = 'data_values'")
            let saved = try await Self.post(app, token, first)
            #expect(saved.status == .ok, "\(saved.json)")
            #expect(saved.json["status"] as? String == "SUCCESS")
            #expect(saved.count == ["imported": 8, "updated": 0, "deleted": 0, "ignored": 0])
            #expect(
                try await Self.snapshot(app, units) == [
                    "23377 2024S1 counselling/ = 3.0 v1", "23377 2024S2 counselling/ = 4.0 v1", "23380 2024 counselling/ = 10.0 v1",
                    "23383 2024S1 counselling/ = 2.0 v1", "23383 2024S1 users_served/ = 5.0 v1", "23383 2024S1 users_with_record/ = 8.0 v1",
                    "611 2024 drug_cases_detected/cannabis = 1.0 v1", "611 2024 drug_cases_detected/heroin = 6.0 v1",
                ])
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM data_value_history WHERE source = 'api'") == history + 8)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM audit_events WHERE entity = 'data_values'") == audits + 1, "one audit event")

            // The kept totals, by hand: counselling (a flow) 2024 in district 611 — 23377 3 + 4 from its halves, 23380
            // 10 for the whole year, 23383 2 in the first half: year 19 over 3 units, S1 5 over 2, S2 4 over 1, one whole year.
            let counselling: [Double] = [19, 3, 5, 2, 4, 1, 1]
            for area in ["611", "62", "*"] {
                #expect(try await Self.totals(app, table: "area_totals", area: area, element: "counselling", year: 2024) == counselling, "\(area)")
                // No round for 2024: every value is official.
                #expect(try await Self.totals(app, table: "official_totals", area: area, element: "counselling", year: 2024) == counselling)
            }
            // users_with_record is a stock: the year is its second half, none here.
            #expect(try await Self.totals(app, table: "area_totals", area: "611", element: "users_with_record", year: 2024) == [0, 0, 8, 1, 0, 0, 0])
            #expect(
                try await Self.totals(app, table: "area_totals", area: "611", element: "drug_cases_detected", year: 2024) == [7, 1, 0, 0, 0, 0, 1])

            // One bad row: 422 naming its index and field, nothing saved.
            var bad = first.map { row -> [String: Any] in
                var row = row; row["value"] = 50; return row
            }
            bad[5] = Self.row("23383", "2024S1", "users_served", 9)  // within its whole (8 → 50)…
            bad[2] = Self.row("23380", "2024", "counselling", -1)
            let refused = try await Self.post(app, token, bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.json["status"] as? String == "ERROR")
            #expect(refused.conflicts.map { $0["index"] as? Int } == [2])
            #expect(refused.conflicts.first?["field"] as? String == "dataValues[2].value")
            #expect((refused.conflicts.first?["message"] as? String ?? "").contains("số nguyên không âm"))
            // A part above its whole, a unit not reached and an unknown element are named too.
            let part = try await Self.post(
                app, token, [Self.row("23377", "2024S1", "counselling", 1), Self.row("23383", "2024S1", "users_served", 9)])
            #expect(part.status == .unprocessableEntity)
            #expect(part.conflicts.map { $0["field"] as? String } == ["dataValues[1].value"])
            let unknown = try await Self.post(app, token, [Self.row("23377", "2024S1", "no_such_element", 1)])
            #expect(unknown.conflicts.map { $0["field"] as? String } == ["dataValues[0].dataElement"])
            let elsewhere = try await Self.post(
                app, token, [Self.row("23377", "2024S1", "counselling", 1), Self.row("23281", "2024S1", "counselling", 1)])
            #expect(elsewhere.status == .forbidden)
            #expect(elsewhere.reason.contains("dataValues[1].orgUnit"))

            // A stale version: 409, nothing saved.
            let stale = try await Self.post(
                app, token, [Self.row("23380", "2024", "counselling", 11, version: 1), Self.row("23377", "2024S1", "counselling", 30, version: 7)])
            #expect(stale.status == .conflict)
            #expect(stale.conflicts.map { $0["field"] as? String } == ["dataValues[1].version"])

            // Updates, a deletion (null) and an unchanged value, counted.
            let changed = try await Self.post(
                app, token,
                [
                    Self.row("23380", "2024", "counselling", 11, version: 1), Self.row("23377", "2024S2", "counselling", NSNull()),
                    Self.row("23377", "2024S1", "counselling", 3),
                ])
            #expect(changed.status == .ok, "\(changed.json)")
            #expect(changed.count == ["imported": 0, "updated": 1, "deleted": 1, "ignored": 1])
            // 23377 3 (S1 only), 23380 11, 23383 2: year 16 over 3, S1 5 over 2, S2 nothing.
            #expect(try await Self.totals(app, table: "area_totals", area: "611", element: "counselling", year: 2024) == [16, 3, 5, 2, 0, 0, 1])
            #expect(try await Self.totals(app, table: "official_totals", area: "*", element: "counselling", year: 2024) == [16, 3, 5, 2, 0, 0, 1])

            // An approved report of 611 for 2023 locks its communes' 2023: the whole set is refused with 423.
            let rounds = RoundStore(database: app.db)
            let office = ChangeContext(actor: "office", actorUnit: "62-CAT", address: "test")
            let round = try await rounds.open(
                planID: Self.plan, period: .year(2023), kind: .year, schedule: RoundSchedule.defaults(for: .year(2023)), unitCodes: ["611"],
                context: office)
            var report = try #require(try await rounds.submissions(roundID: round).first { $0.unitCode == "611" })
            for action in [SubmissionAction.submit, .approve] {
                guard
                    case .saved(let moved) = try await rounds.transition(
                        id: report.id, expectedVersion: report.version, action: action, comment: "", context: office)
                else {
                    Issue.record("\(action) refused")
                    return
                }
                report = moved
            }
            let before = try await Self.snapshot(app, units)
            let locked = try await Self.post(
                app, token, [Self.row("23383", "2024S2", "counselling", 1), Self.row("23377", "2023", "counselling", 1)])
            #expect(locked.status == .locked)
            #expect(locked.reason.contains("Báo cáo năm 2023 của Huyện Ngọc Hồi đã được duyệt"), "\(locked.reason)")
            #expect(try await Self.snapshot(app, units) == before, "nothing saved")
            #expect(try await Self.totals(app, table: "area_totals", area: "611", element: "counselling", year: 2024) == [16, 3, 5, 2, 0, 0, 1])
        }
    }

    @Test(arguments: TestBackend.available)
    func theLimitsOfASetAreItsOwn(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (_, token) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office")
            // More values than the one-unit API takes (2,000) is fine for a set…
            let communes = try await OrgUnitStore(database: app.db).all().filter {
                $0.level == .commune && $0.validFrom == nil && ($0.validTo ?? "9999") >= "2024-12-31" && $0.code >= "23281"
            }
            .prefix(20)
            let periods = (2021...2024).flatMap { ["\($0)", "\($0)S1", "\($0)S2"] }
            let keys: [(String, String?)] = [
                ("counselling", nil), ("reintegration_support", nil), ("hotspots_new", nil), ("hotspots_eliminated", nil),
                ("cultivation_plants_destroyed", nil), ("rehabilitation", "home_community"), ("rehabilitation", "voluntary_facility"),
                ("rehabilitation", "compulsory"), ("hotspots_existing", nil), ("methadone", nil), ("post_rehab_managed", nil),
            ]
            var rows: [[String: Any]] = []
            for unit in communes {
                for period in periods {
                    for (n, key) in keys.enumerated() { rows.append(Self.row(unit.code, period, key.0, n + 1, category: key.1)) }
                }
            }
            #expect(rows.count > 2_000)
            let saved = try await Self.post(app, token, rows)
            #expect(saved.status == .ok, "\(saved.conflicts.prefix(3))")
            #expect(saved.count["imported"] == rows.count)
            // …but not more than 50,000 (the schema's maxItems, then the handler's InputLimits.dataValueSetValues).
            let tooMany = Array(repeating: Self.row("23377", "2024S1", "counselling", 1), count: 50_001)
            let refused = try await Self.post(app, token, tooMany)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.reason.contains("50000") || refused.reason.contains("50.000") || refused.reason.contains("50,000"), "\(refused.reason)")
        }
    }

    /// A file of thousands of rows goes through the page as a person sends it: checked, previewed, and saved from the
    /// preview, whose hidden `content` (the file in base64, here about 130,000 characters) is past the 50,000 of an
    /// ordinary form field; every row saved in one write.
    @Test(arguments: TestBackend.available)
    func aLargeFileIsSavedFromItsPreview(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, _) = try await ValuePath.office(app)
            let communes = try await OrgUnitStore(database: app.db).all()
                .filter { $0.level == .commune && $0.validFrom == nil && ($0.validTo ?? "9999") >= "2024-12-31" && $0.code >= "23281" }.prefix(60)
            var file = "element,unit,period,category,value\n"
            var rows = 0
            for unit in communes {
                for period in (2021...2024).flatMap({ ["\($0)S1", "\($0)S2"] }) {
                    for element in ["counselling", "reintegration_support", "hotspots_new", "hotspots_eliminated", "methadone", "post_rehab_managed"]
                    {
                        file += "\(element),\(unit.code),\(period),,\(rows % 50)\n"
                        rows += 1
                    }
                }
            }
            #expect(rows > 2_500)
            let preview = try await ValuePath.upload(office, name: "lon.csv", Data(file.utf8))
            #expect(preview.status == .ok)
            #expect(file.utf8.count > 50_000, "past the limit of a form field, which the file never travels in: the save names its draft")
            #expect(ValuePath.hidden(preview.body.string, "content") == nil && ValuePath.hidden(preview.body.string, "draft") != nil)
            let saved = try await ValuePath.confirm(office, preview)
            #expect(saved.status == .ok, "\(saved.body.string.prefix(300))")
            #expect(try await DataValueStore(database: app.db).count() == rows)
        }
    }
}
