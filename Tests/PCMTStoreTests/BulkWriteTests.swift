import Fluent
import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing

@testable import PCMTStore

/// The one bulk write path (issue 13, item 3): thousands of values over many units, periods and elements in one
/// transaction, the kept totals moved once per area and year as a recomputation from scratch finds them, with rounds
/// open and approved; history rows and one audit event.
@Suite struct BulkWriteTests {
    typealias F = LockFixture

    /// Every row of both kept tables (one plan is loaded), as text, sorted.
    static func kept(_ db: any Database) async throws -> [String] {
        let sql = db as! any SQLDatabase
        var lines: [String] = []
        for table in ["area_totals", "official_totals"] {
            for row in try await sql.raw(
                SQLQueryString(
                    "SELECT area_code, element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count, y_count FROM \(unsafeRaw: table)"
                )
            ).all() {
                let counts = try ["year_count", "s1_count", "s2_count", "y_count"].map { try row.decode(column: $0, as: Int.self) }
                // A row whose counts are all 0 says nothing (a unit's value came and went): a rebuild leaves it out.
                guard counts.contains(where: { $0 != 0 }) else { continue }
                let totals = try ["year_total", "s1_total", "s2_total"].map { try row.decode(column: $0, as: Double.self) }
                lines.append(
                    "\(table) \(try row.decode(column: "area_code", as: String.self)) "
                        + "\(try row.decode(column: "element", as: String.self)) \(try row.decode(column: "year", as: Int.self)) \(totals) \(counts)")
            }
        }
        return lines.sorted()
    }

    static func count(_ db: any Database, _ table: String) async throws -> Int {
        try await (db as! any SQLDatabase).raw(SQLQueryString("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)")).first()!.decode(
            column: "n", as: Int.self)
    }

    @Test(arguments: TestBackend.available)
    func keptTotalsAfterBulkWritesEqualARecomputation(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let units = try await OrgUnitStore(database: app.db).all()
            let placements = UnitPlacements(units: units)
            let communes = units.filter { $0.level == .commune && $0.validFrom == nil && ($0.validTo ?? "9999") >= "2024-12-31" }.map(\.code).sorted()
            #expect(communes.count > 50)
            // 2023 is a round: 608's report approved (its communes' 2023 values official), the others not.
            let report = try #require(try await F.open(app, plan: plan, .year(2023), units: ["608", "611"])["608"])
            try await F.move(app, report, .submit, .approve)

            var generator = SeededGenerator(seed: 13)
            let elements: [(String, DataElement.Aggregation)] = [("counselling", .flow), ("methadone", .stock), ("commune_propaganda", .flag)]
            var rows: [ImportRow] = []
            for unit in communes {
                for period in [
                    Period.year(2022), .halfYear(2022, half: 1), .halfYear(2022, half: 2), .halfYear(2024, half: 1), .halfYear(2024, half: 2),
                ] {
                    for (element, aggregation) in elements where Int.random(in: 0..<4, using: &generator) > 0 {
                        let value =
                            aggregation == .flag
                            ? Double(Int.random(in: 0...1, using: &generator)) : Double(Int.random(in: 0...40, using: &generator))
                        rows.append(ImportRow(element: element, placement: placements[unit]!, period: period, category: "", value: value))
                    }
                }
            }
            // 2023 rows outside 608 (608's communes are locked by the approved report).
            let open2023 = communes.filter { placements[$0]?.districtCode != "608" }
            for unit in open2023 {
                rows.append(ImportRow(element: "counselling", placement: placements[unit]!, period: .year(2023), category: "", value: 3))
            }
            #expect(rows.count > 1000)
            let store = DataValueStore(database: app.db)
            let audits = try await Self.count(app.db, "audit_events")
            #expect(try await store.importRows(rows, context: F.office, fileName: "bulk.csv") == .saved(changed: rows.count))
            #expect(try await Self.count(app.db, "data_values") == rows.count)
            #expect(try await Self.count(app.db, "data_value_history") == rows.count)
            #expect(try await Self.count(app.db, "audit_events") == audits + 1)
            let afterInsert = try await Self.kept(app.db)
            try await store.rebuildAreaTotals(elements: [])
            #expect(try await Self.kept(app.db) == afterInsert, "inserts: kept totals equal a rebuild")

            // Updates, deletions and unchanged values, mixed, in one call; expected versions from what is saved.
            var second: [ImportRow] = []
            for (index, row) in rows.enumerated() where index % 3 != 2 {
                var changed = row
                changed.value = index % 3 == 0 ? nil : (row.element == "commune_propaganda" ? 1 - row.value! : row.value! + 7)
                changed.expectedVersion = 1
                second.append(changed)
            }
            #expect(try await store.importRows(second, context: F.office, fileName: "bulk2.csv") == .saved(changed: second.count))
            let afterUpdate = try await Self.kept(app.db)
            try await store.rebuildAreaTotals(elements: [])
            #expect(try await Self.kept(app.db) == afterUpdate, "updates and deletions: kept totals equal a rebuild")
            #expect(try await Self.count(app.db, "data_values") == rows.count - second.filter { $0.value == nil }.count)
            let versions = try await store.values(unitCode: second[1].placement.unitCode, periods: [second[1].period.description])
            #expect(versions.first { $0.element == second[1].element }?.version == 2)

            // A locked unit-period among thousands: nothing saved, the lock named.
            var locked = second.map { row -> ImportRow in
                var row = row
                row.value = 5
                row.expectedVersion = nil
                return row
            }
            let lockedCommune = try #require(communes.first { placements[$0]?.districtCode == "608" })
            locked.append(ImportRow(element: "counselling", placement: placements[lockedCommune]!, period: .year(2023), category: "", value: 1))
            guard case .locked(let locks) = try await store.importRows(locked, context: F.office, fileName: "bulk3.csv") else {
                Issue.record("saved over an approved report")
                return
            }
            #expect(locks.map(\.unitCode) == [lockedCommune])
            #expect(try await Self.kept(app.db) == afterUpdate, "nothing moved")
        }
    }
}

/// A small deterministic generator (SplitMix64), so the test writes the same values every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
