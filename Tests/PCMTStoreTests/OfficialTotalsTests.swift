import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import PropertyBased
import SQLKit
import Testing
import Vapor

@testable import PCMTStore

/// The kept official totals (issue 13, item 1) against a recomputation from scratch: after saves, imports, rounds
/// opened, approvals, returns and reopenings, `official_totals` holds what the test computes by hand from the stored
/// values and approvals, and the approved-only board reads the same figures as the filter summed from the values.
@Suite struct OfficialTotalsTests {
    typealias F = LockFixture

    /// One expected row: totals and the number of units that have them.
    struct Row: Equatable, CustomStringConvertible {
        var year = 0.0, yearCount = 0, s1 = 0.0, s1Count = 0, s2 = 0.0, s2Count = 0, wholeCount = 0
        var description: String { "y \(year)/\(yearCount) s1 \(s1)/\(s1Count) s2 \(s2)/\(s2Count) whole \(wholeCount)" }
    }

    /// Computed by hand from the rows of data_values, data_elements, reporting_rounds and submissions: a value is
    /// official for a plan when the plan has no round for its year nor its first half, or the report of its unit or
    /// district for the year is approved, or (a first-half value) the report of the first half is. Per unit and year
    /// the year is the whole-year value, else the second half (stock), the larger half (flag) or the halves' sum.
    static func expected(_ app: Application) async throws -> [String: Row] {
        let sql = app.db as! any SQLDatabase
        struct Value: Decodable {
            var element: String; var unit_code: String; var district_code: String?; var province_code: String
            var year: Int; var half: Int; var value: Double
        }
        struct Element: Decodable { var plan_id: UUID; var code: String; var aggregation: String }
        struct Approved: Decodable { var plan_id: UUID; var period: String; var unit_code: String; var state: String }
        let values = try await sql.raw("SELECT element, unit_code, district_code, province_code, year, half, value FROM data_values")
            .all(decoding: Value.self)
        let elements = try await sql.raw("SELECT plan_id, code, aggregation FROM data_elements").all(decoding: Element.self)
        let reports = try await sql.raw(
            "SELECT r.plan_id AS plan_id, r.period AS period, s.unit_code AS unit_code, s.state AS state FROM submissions s JOIN reporting_rounds r ON r.id = s.round_id"
        ).all(decoding: Approved.self)
        var result: [String: Row] = [:]
        for element in elements {
            let roundPeriods = Set(reports.filter { $0.plan_id == element.plan_id }.map(\.period))
            let approved = Set(reports.filter { $0.plan_id == element.plan_id && $0.state == "approved" }.map { "\($0.period)|\($0.unit_code)" })
            func official(_ v: Value) -> Bool {
                if !roundPeriods.contains("\(v.year)") && !roundPeriods.contains("\(v.year)S1") { return true }
                let owners = [v.unit_code, v.district_code].compactMap { $0 }
                if owners.contains(where: { approved.contains("\(v.year)|\($0)") }) { return true }
                return v.half == 1 && owners.contains(where: { approved.contains("\(v.year)S1|\($0)") })
            }
            // Per unit and year: whole, first half, second half (each nil when absent).
            var perUnit: [String: (Value, Double?, Double?, Double?)] = [:]
            for v in values where v.element == element.code && official(v) {
                var entry = perUnit["\(v.unit_code)|\(v.year)"] ?? (v, nil, nil, nil)
                switch v.half {
                case 0: entry.1 = (entry.1 ?? 0) + v.value
                case 1: entry.2 = (entry.2 ?? 0) + v.value
                default: entry.3 = (entry.3 ?? 0) + v.value
                }
                perUnit["\(v.unit_code)|\(v.year)"] = entry
            }
            for (v, whole, first, second) in perUnit.values {
                let year: Double? =
                    whole
                    ?? {
                        switch element.aggregation {
                        case "stock": return second
                        case "flag": return [first, second].compactMap { $0 }.max()
                        default: return first == nil && second == nil ? nil : (first ?? 0) + (second ?? 0)
                        }
                    }()
                for area in [v.district_code, v.province_code, "*"].compactMap({ $0 }) {
                    let key = "\(element.plan_id)|\(area)|\(element.code)|\(v.year)"
                    var row = result[key] ?? Row()
                    if let year { row.year += year; row.yearCount += 1 }
                    if whole != nil { row.wholeCount += 1 }
                    if let first { row.s1 += first; row.s1Count += 1 }
                    if let second { row.s2 += second; row.s2Count += 1 }
                    result[key] = row
                }
            }
        }
        return result
    }

    /// The kept rows that count (a row whose units all went has zero counts and zero totals).
    static func kept(_ app: Application) async throws -> [String: Row] {
        struct Kept: Decodable {
            var plan_id: UUID; var area_code: String; var element: String; var year: Int
            var year_total: Double; var year_count: Int; var s1_total: Double; var s1_count: Int; var s2_total: Double; var s2_count: Int
            var y_count: Int
        }
        let rows = try await (app.db as! any SQLDatabase).raw("SELECT * FROM official_totals").all(decoding: Kept.self)
        var result: [String: Row] = [:]
        for row in rows {
            let kept = Row(
                year: row.year_total, yearCount: row.year_count, s1: row.s1_total, s1Count: row.s1_count, s2: row.s2_total,
                s2Count: row.s2_count, wholeCount: row.y_count)
            if kept.yearCount == 0 && kept.s1Count == 0 && kept.s2Count == 0 && kept.wholeCount == 0 {
                #expect(abs(kept.year) + abs(kept.s1) + abs(kept.s2) < 1e-9, "a row without units keeps no total: \(row.area_code) \(row.element)")
                continue
            }
            result["\(row.plan_id)|\(row.area_code)|\(row.element)|\(row.year)"] = kept
        }
        return result
    }

    /// The kept totals equal the recomputation, and the approved-only boards of the province and of district 611 (with
    /// the units below) equal those summed from the values under the plan's official filter.
    static func check(_ app: Application, plan: Plan, _ step: String) async throws {
        let expected = try await expected(app)
        let kept = try await kept(app)
        #expect(kept == expected, "\(step): kept official totals differ from the recomputation")
        let units = try await OrgUnitStore(database: app.db).all()
        let query = BoardQuery(database: app.db)
        let filter =
            try await query.officialFilter(plan: plan) ?? OfficialFilter(byYear: [:], openYears: Array((plan.baselineYear - 1)...plan.endYear))
        // The province's own board: which districts have numbers, from the kept rows, as the values grouped by district
        // give it (every value, and the official ones).
        let province = try #require(units.first { $0.code == "62" })
        let elements = try await DataElementStore(database: app.db).elements(planID: plan.id)
        let years = (plan.baselineYear - 1)...plan.endYear
        let grouped = ElementTotalsQuery(database: app.db)
        let allKept = try await query.totals(plan: plan, unit: province, allUnits: units)
        let allGrouped = try await grouped.presence(.province("62"), byDistrict: true, elements: elements, years: years)
        #expect(allKept.unit.presence == BoardQuery.presenceMap(allGrouped) { $0.unitCode }, "\(step): presence of 62, all data")
        let officialKept = try await query.totals(plan: plan, unit: province, allUnits: units, approvedOnly: true)
        let officialSummed = try await query.totals(plan: plan, unit: province, allUnits: units, official: filter)
        #expect(officialKept.unit.presence == officialSummed.unit.presence, "\(step): presence of 62, official")
        #expect(officialKept.unit.years == officialSummed.unit.years && officialKept.unit.halves == officialSummed.unit.halves)
        #expect(officialKept.unit.reporting?.mapValues { $0.map(\.code) } == officialSummed.unit.reporting?.mapValues { $0.map(\.code) })
        for code in ["62", "611", "608", "23281"] {
            let unit = try #require(units.first { $0.code == code })
            let fast = try await query.totals(plan: plan, unit: unit, children: true, allUnits: units, approvedOnly: true)
            let slow = try await query.totals(plan: plan, unit: unit, children: true, allUnits: units, official: filter)
            #expect(fast.unit.years == slow.unit.years && fast.unit.halves == slow.unit.halves, "\(step): totals of \(code)")
            #expect(fast.unit.presence == slow.unit.presence, "\(step): presence of \(code)")
            #expect(Set(fast.children.keys) == Set(slow.children.keys))
            for (child, totals) in slow.children {
                #expect(fast.children[child]?.years == totals.years && fast.children[child]?.halves == totals.halves, "\(step): \(code) → \(child)")
                #expect(fast.children[child]?.presence == totals.presence, "\(step): presence \(code) → \(child)")
            }
        }
        try await checkKept(app, plan: plan, units: units, step)
    }

    /// What the boards keep in memory between changes (``ReferenceCache``, issue 13 item 2) is what a fresh read gives
    /// after every step: the kept entries of the previous step must have been dropped by the step's change (a save,
    /// an import, a round opened, an approval, a return, a reopening), whichever view and depth.
    static func checkKept(_ app: Application, plan: Plan, units: [OrgUnit], _ step: String) async throws {
        let query = BoardQuery(database: app.db)
        let rounds = RoundStore(database: app.db)
        let hasRounds = try await rounds.hasRounds(planID: plan.id)
        #expect(hasRounds == !(try await rounds.rounds(planID: plan.id)).isEmpty, "\(step): has rounds")
        for code in ["62", "611", "23281", "62-TAND"] {
            let unit = try #require(units.first { $0.code == code })
            for children in [false, true] {
                for approved in [false, true] {
                    let kept = try await query.totals(plan: plan, unit: unit, children: children, approvedOnly: approved)
                    let fresh = try await query.totals(plan: plan, unit: unit, children: children, allUnits: units, approvedOnly: approved)
                    let label = "\(step): kept \(code) children \(children) approved \(approved)"
                    #expect(kept.unit.years == fresh.unit.years && kept.unit.halves == fresh.unit.halves, "\(label): totals")
                    #expect(kept.unit.presence == fresh.unit.presence, "\(label): presence")
                    #expect(kept.children.mapValues(\.years) == fresh.children.mapValues(\.years), "\(label): children")
                    #expect(kept.children.mapValues(\.presence) == fresh.children.mapValues(\.presence), "\(label): children's presence")
                }
            }
            for period in [Period.year(2024), .halfYear(2024, half: 1), .year(2023)] {
                let kept = try await query.board(plan: plan, unit: unit, period: period, approvedOnly: true)
                let fresh = TargetBoard(
                    plan: plan, period: period, totals: try await query.totals(plan: plan, unit: unit, allUnits: units, approvedOnly: true).unit)
                #expect(kept.rows.map(\.evaluation) == fresh.rows.map(\.evaluation), "\(step): kept board of \(code) for \(period)")
            }
        }
    }

    func change(_ element: String, category: String = "", _ value: Double?, _ app: Application, _ placement: UnitPlacement, _ period: Period)
        async throws -> DataWriteOutcome
    {
        let current = try await DataValueStore(database: app.db).values(unitCode: placement.unitCode, periods: [period.description])
            .first { $0.element == element && $0.category == category }
        return try await DataValueStore(database: app.db).save(
            [DataValueChange(element: element, category: category, value: value, expectedVersion: current?.version)], placement: placement,
            period: period, context: F.district)
    }

    @Test(arguments: TestBackend.available)
    func keptOfficialTotalsFollowSavesApprovalsReturnsAndReopenings(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let units = try await OrgUnitStore(database: app.db).all()
            let places = UnitPlacements(units: units)
            let p = { (code: String) in places[code]! }
            let elements = try await DataElementStore(database: app.db).elements(planID: plan.id)
            let bulk: [(String, String, String, String, Double)] = [
                ("addicts", "23281", "2024S1", "male", 4), ("addicts", "23281", "2024S2", "male", 6), ("addicts", "23281", "2024S2", "female", 1),
                ("counselling", "23281", "2024S1", "", 3), ("counselling", "23281", "2024S2", "", 5), ("counselling", "23377", "2024", "", 9),
                ("counselling", "23380", "2024S1", "", 2), ("counselling", "23380", "2023S2", "", 7),
                ("commune_propaganda", "23377", "2024S1", "", 1),
                ("commune_propaganda", "23377", "2024S2", "", 0), ("drug_cases_detected", "611", "2024", "heroin", 3),
                ("court_cases_received", "62-TAND", "2024S1", "", 10), ("court_cases_received", "62-TAND", "2024S2", "", 12),
            ]
            try await DataValueStore(database: app.db).insertMissing(
                bulk.map { BulkValue(element: $0.0, placement: p($0.1), period: Period($0.2)!, category: $0.3, value: $0.4) },
                elements: elements, by: "test")
            try await Self.check(app, plan: plan, "no round: everything counts")

            let year = try await F.open(app, plan: plan, .year(2024), units: ["608", "611", "62-TAND"])
            try await Self.check(app, plan: plan, "the 2024 round opened: nothing of 2024 counts")
            let half = try await F.open(app, plan: plan, .halfYear(2023, half: 1), units: ["611"])
            try await Self.check(app, plan: plan, "2023S1 opened")

            #expect(try await change("counselling", 11, app, p("23383"), .halfYear(2024, half: 1)) == .saved(changed: 1))
            #expect(try await change("counselling", 1, app, p("23281"), .year(2022)) == .saved(changed: 1), "2022 has no round: official at once")
            try await Self.check(app, plan: plan, "saves")

            let approved608 = try await F.move(app, try #require(year["608"]), .submit, .approve)
            try await Self.check(app, plan: plan, "608 approved")
            let court = try await F.move(app, try #require(year["62-TAND"]), .submit, .return)
            try await Self.check(app, plan: plan, "the court's report returned")
            try await F.move(app, court, .submit, .approve)
            try await F.move(app, try #require(half["611"]), .submit, .approve)
            try await Self.check(app, plan: plan, "the court's and 611's first half approved")

            let reopened = try await F.move(app, approved608, .reopen)
            #expect(try await change("addicts", category: "male", 8, app, p("23281"), .halfYear(2024, half: 2)) == .saved(changed: 1))
            #expect(try await change("counselling", nil, app, p("23281"), .halfYear(2024, half: 1)) == .saved(changed: 1))
            try await Self.check(app, plan: plan, "608 reopened and changed")
            try await F.move(app, reopened, .submit, .approve)
            try await Self.check(app, plan: plan, "608 approved again")

            let rows = [
                ImportRow(element: "counselling", placement: p("23380"), period: .halfYear(2024, half: 2), category: "", value: 4),
                ImportRow(element: "counselling", placement: p("23380"), period: .halfYear(2024, half: 1), category: "", value: nil),
                ImportRow(element: "counselling", placement: p("23281"), period: .year(2021), category: "", value: 6),
            ]
            #expect(try await DataValueStore(database: app.db).importRows(rows, context: F.district, fileName: "t.csv") == .saved(changed: 3))
            try await Self.check(app, plan: plan, "a file imported")
            try await F.move(app, try #require(year["611"]), .submit, .approve)
            try await Self.check(app, plan: plan, "611 approved")

            // Built again from scratch (as the migration does for an existing database): the same rows.
            let before = try await Self.kept(app)
            try await OfficialTotals.rebuild(on: app.db)
            #expect(try await Self.kept(app) == before)
        }
    }

    /// Random sequences of saves, rounds opened and report moves over a few units: after each sequence the kept
    /// official totals equal the recomputation. Each operation is drawn as one number and decoded below.
    @Test(arguments: TestBackend.available)
    func randomSequencesKeepTheOfficialTotalsRight(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let units = try await OrgUnitStore(database: app.db).all()
            let places = UnitPlacements(units: units)
            let sql = app.db as! any SQLDatabase
            let valueUnits = ["23281", "23284", "23377", "23380", "611", "62-TAND"]
            let reportUnits = ["608", "611", "23377", "62-TAND"]
            let periods: [Period] = [.year(2023), .halfYear(2023, half: 1), .halfYear(2023, half: 2), .year(2024), .halfYear(2024, half: 1)]
            let roundPeriods: [Period] = [.year(2023), .halfYear(2023, half: 1), .year(2024), .span(from: 2021, to: 2023)]
            let elements: [(String, String)] = [("counselling", ""), ("addicts", "male"), ("addicts", "female"), ("commune_propaganda", "")]
            let actions: [SubmissionAction] = [.submit, .approve, .return, .reopen]
            await propertyCheck(count: 10, input: Gen.int(in: 0...1_000_000).array(of: 24)) { ops in
                for table in [
                    "submission_events", "submissions", "reporting_rounds", "data_value_history", "data_values", "area_totals", "official_totals",
                ] {
                    try await sql.raw("DELETE FROM \(unsafeRaw: table)").run()
                }
                for op in ops {
                    switch op % 4 {
                    case 0, 1:
                        let unit = valueUnits[(op / 4) % valueUnits.count]
                        let period = periods[(op / 24) % periods.count]
                        let (element, category) = elements[(op / 120) % elements.count]
                        let value: Double? = (op / 480) % 5 == 0 ? nil : Double((op / 480) % 7)
                        _ = try await change(element, category: category, value, app, places[unit]!, period)
                    case 2:
                        let period = roundPeriods[(op / 4) % roundPeriods.count]
                        if try await RoundStore(database: app.db).rounds(planID: plan.id).contains(where: { $0.period == period }) { continue }
                        _ = try await F.open(app, plan: plan, period, units: reportUnits)
                    default:
                        let rounds = try await RoundStore(database: app.db).rounds(planID: plan.id)
                        guard !rounds.isEmpty else { continue }
                        let round = rounds[(op / 4) % rounds.count]
                        let reports = try await RoundStore(database: app.db).submissions(roundID: round.id)
                        let report = reports[(op / 16) % reports.count]
                        let action = actions[(op / 256) % actions.count]
                        _ = try await RoundStore(database: app.db).transition(
                            id: report.id, expectedVersion: report.version, action: action, comment: "Ghi chú.",
                            context: action.byStandingOffice ? F.office : F.district)
                    }
                }
                let kept = try await Self.kept(app)
                let expected = try await Self.expected(app)
                #expect(kept == expected, "ops \(ops)")
            }
        }
    }
}
