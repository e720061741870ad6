import Fluent
import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import PCMTTestSupport
import PropertyBased
import SQLKit
import Testing
import Vapor

/// Which units the store says a total includes (`BoardQuery`, `ElementTotalsQuery.presence`), on the built-in Kon Tum
/// plan and units, checked against what was entered by hand; and a property: adding one unit's data never changes
/// another unit's verdict.
@Suite struct CoverageStoreTests {
    static let catalog = try! BuiltinCatalog.load()

    func loadBuiltins(_ app: Application) async throws -> (Plan, [OrgUnit]) {
        try await BuiltinLoader(database: app.db).loadMissing(
            unitSets: Self.catalog.unitSets.map { ($0.name, $0.units) }, plans: Self.catalog.plans, dataElements: Self.catalog.dataElements)
        let plan = try #require(Self.catalog.plans.first)
        return (plan, try await OrgUnitStore(database: app.db).all())
    }

    /// Values as (element, unit, period, category, value).
    func load(_ app: Application, _ plan: Plan, _ units: [OrgUnit], _ values: [(String, String, String, String, Double)]) async throws {
        let placements = UnitPlacements(units: units)
        let elements = try await DataElementStore(database: app.db).elements(planID: plan.id)
        try await DataValueStore(database: app.db).insertMissing(
            values.map { BulkValue(element: $0.0, placement: placements[$0.1]!, period: Period($0.2)!, category: $0.3, value: $0.4) },
            elements: elements, by: "test")
    }

    func codes(_ shares: [UnitShare]?, _ keep: (UnitShare) -> Bool) -> [String] {
        (shares ?? []).filter(keep).map(\.unit.code).sorted()
    }

    @Test(arguments: TestBackend.available)
    func whoIsExpectedAndWhoReported(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            let (plan, units) = try await loadBuiltins(app)
            try await load(
                app, plan, units,
                [
                    ("addicts", "23377", "2024S2", "male", 5), ("addicts", "23377", "2024S2", "female", 1),
                    ("addicts", "23380", "2024S1", "male", 4),  // a stock at mid-year only: not the year's figure
                    ("addicts", "23535", "2024", "male", 3),  // district 618, the year reported whole
                    ("counselling", "23377", "2024S1", "", 2), ("counselling", "23377", "2024S2", "", 3),
                    ("counselling", "23380", "2024S1", "", 1),
                    ("court_cases_received", "62-TAND", "2024S1", "", 10), ("court_cases_received", "62-TAND", "2024S2", "", 12),
                ])
            let province = try #require(units.first { $0.code == "62" })
            let query = BoardQuery(database: app.db)
            let all = try await query.totals(plan: plan, unit: province, children: true, allUnits: units)
            let districts = ["608", "610", "611", "612", "613", "614", "615", "616", "617", "618"]
            #expect(all.unit.reporting?["addicts"]?.map(\.code) == districts, "a commune element: the districts")
            #expect(all.unit.reporting?["court_cases_received"]?.map(\.code) == ["62-TAND"], "the body the plan names")
            #expect(all.unit.reporting?["count:commune"]?.map(\.code) == districts)

            let addicts = all.unit.coverage("addicts", .year(2024))
            #expect(addicts?.count == 10)
            #expect(codes(addicts, \.isComplete) == ["611", "618"])
            let counselling = all.unit.coverage("counselling", .year(2024))
            #expect(codes(counselling, \.isComplete) == ["611"], "S1 and S2 of the district from two of its communes")
            #expect(codes(all.unit.coverage("court_cases_received", .year(2024)), \.isComplete) == ["62-TAND"])
            // Every Kon Tum unit ended on 30/06/2025: nobody is expected for its second half.
            #expect(all.unit.coverage("counselling", .halfYear(2025, half: 2))?.isEmpty == true)

            // District 611's own figures: its eight communes.
            let ngocHoi = try #require(all.children["611"])
            let communes = ngocHoi.coverage("counselling", .year(2024))
            #expect(communes?.count == 8)
            #expect(codes(communes, \.isComplete) == ["23377"])
            let partial = try #require(communes?.first { $0.unit.code == "23380" })
            #expect(partial.contributes && partial.missing == [.halfYear(2024, half: 2)])
            #expect(ngocHoi.reporting?["drug_cases_detected"]?.map(\.code) == ["611"], "a district element: the district itself")
            #expect(ngocHoi.reporting?["court_cases_received"]?.isEmpty == true, "a body's element is not a district's")
            let direct = try await query.totals(plan: plan, unit: try #require(units.first { $0.code == "611" }), children: true, allUnits: units)
            #expect(codes(direct.unit.coverage("counselling", .year(2024)), \.isComplete) == ["23377"], "the same from the district's own board")
            #expect(codes(direct.children["23380"]?.coverage("counselling", .year(2024)), \.contributes) == ["23380"])

            // Official figures: 618's year report approved, 611's first half only, the court's not at all.
            let official = OfficialFilter(byYear: [2024: (year: ["618"], firstHalf: ["611"])])
            let approved = try await query.totals(plan: plan, unit: province, allUnits: units, official: official)
            #expect(codes(approved.unit.coverage("addicts", .year(2024)), \.isComplete) == ["618"], "611's year-end figure is not approved")
            let half = try #require(approved.unit.coverage("counselling", .year(2024))?.first { $0.unit.code == "611" })
            #expect(half.reported == [HalfYearSlot.slot(2024, half: 1)] && half.missing == [.halfYear(2024, half: 2)])
            #expect(codes(approved.unit.coverage("court_cases_received", .year(2024)), \.contributes).isEmpty)
        }
    }

    /// The three targets the property judges: a growth of a stock (T02), a share (T03), none new (T08).
    static let targets = ["T02", "T03", "T08"]
    static let ngocHoi = ["23377", "23380", "23383", "23386"]
    static let dakTo = ["23401", "23427"]

    /// One commune's values for 2023 and 2024 from six numbers (0 leaves a value out).
    static func values(_ commune: String, _ numbers: ArraySlice<Int>) -> [(String, String, String, String, Double)] {
        let n = Array(numbers)
        var rows: [(String, String, String, String, Double)] = []
        for (index, year) in [2023, 2024].enumerated() {
            let base = index * 3
            if n[base] > 0 { rows.append(("addicts", commune, "\(year)S2", "male", Double(n[base]))) }
            if n[base + 1] > 0 { rows.append(("users_with_record", commune, "\(year)S2", "", Double(n[base + 1]))) }
            if n[base + 2] > 0 { rows.append(("users_served", commune, "\(year)S2", "", Double(min(n[base + 2], max(n[base + 1], 1))))) }
            if n[base] % 3 == 0 { rows.append(("hotspots_new", commune, "\(year)", "", Double(n[base] % 2))) }
        }
        return rows
    }

    @Test(arguments: TestBackend.available)
    func addingAUnitsDataNeverChangesAnotherUnitsVerdict(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            let (plan, units) = try await loadBuiltins(app)
            let province = try #require(units.first { $0.code == "62" })
            let district = try #require(units.first { $0.code == "611" })
            let engine = RuleEngine(planStartYear: plan.startYear, baselineYear: plan.baselineYear)
            let targets = plan.targets.filter { Self.targets.contains($0.code) }
            let query = BoardQuery(database: app.db)
            func verdicts() async throws -> [String: TargetEvaluation] {
                var result: [String: TargetEvaluation] = [:]
                let communes = try await query.totals(plan: plan, unit: district, children: true, allUnits: units).children
                let districts = try await query.totals(plan: plan, unit: province, children: true, allUnits: units).children
                for target in targets {
                    for (code, totals) in communes.merging(districts, uniquingKeysWith: { a, _ in a }) {
                        result["\(code) \(target.code)"] = engine.evaluate(target.rule, measure: target.measure, period: .year(2024), totals: totals)
                    }
                }
                return result
            }
            let sql = app.db as! any SQLDatabase
            await propertyCheck(
                count: 12, input: Gen.int(in: 0...60).array(of: 36), Gen.int(in: 0...5), Gen.int(in: 1...60).array(of: 6)
            ) { numbers, added, addedNumbers in
                try await sql.raw("DELETE FROM data_values").run()
                try await sql.raw("DELETE FROM area_totals").run()
                let communes = Self.ngocHoi + Self.dakTo
                var rows: [(String, String, String, String, Double)] = []
                for (index, commune) in communes.enumerated() where commune != communes[added] {
                    rows += Self.values(commune, numbers[(index * 6)..<(index * 6 + 6)])
                }
                try await load(app, plan, units, rows)
                let before = try await verdicts()
                try await load(app, plan, units, Self.values(communes[added], addedNumbers[...]))
                let after = try await verdicts()
                let unit = communes[added]
                let itsDistrict = Self.ngocHoi.contains(unit) ? "611" : "612"
                for (key, verdict) in before {
                    let code = String(key.split(separator: " ")[0])
                    guard code != unit && code != itsDistrict else { continue }
                    #expect(after[key] == verdict, "\(key) changed when \(unit) reported")
                }
            }
        }
    }
}
