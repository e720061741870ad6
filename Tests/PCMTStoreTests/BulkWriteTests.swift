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
            let communes = units.filter {
                $0.level == .commune && $0.validFrom == nil && ($0.validTo ?? "9999") >= "2024-12-31" && $0.code >= "23281"
            }.map(\.code).sorted()
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

/// Writes that move only the official totals they can (issue 13): a plan with a round for the year keeps its totals
/// (the write passed the locks, so nothing it changes is official there); a plan without one moves them as the area
/// totals move when it resolves its elements alike, and has them taken out and put back when it does not. Two plans
/// share the elements, as a copy of 3959 does; the kept totals equal a computation by hand after every step.
@Suite struct OfficialTotalsOfBulkWritesTests {
    typealias F = LockFixture

    @Test(arguments: TestBackend.available)
    func twoPlansSharingElementsKeepTheirOwnOfficialTotals(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            var copy = plan
            copy.id = UUID()
            copy.code = "3959-copy"
            (copy.targetGroups, copy.tasks, copy.solutions, copy.assignments, copy.projects) = ([], [], [], [], [])
            (copy.reporting, copy.organisation) = ([], [])
            try await PlanEditor(database: app.db).createPlan(copy, copiedFrom: plan.id, context: F.office)
            let units = try await OrgUnitStore(database: app.db).all()
            let placements = UnitPlacements(units: units)
            let communes = units.filter {
                $0.level == .commune && $0.validFrom == nil && ($0.validTo ?? "9999") >= "2024-12-31" && $0.code >= "23281"
            }
            .filter { placements[$0.code]?.districtCode == "611" }.map(\.code).sorted()
            #expect(communes.count > 3)
            // 3959 has a round for 2023 with 608's report approved; the copy has no round at all.
            let report = try #require(try await F.open(app, plan: plan, .year(2023), units: ["608", "611"])["608"])
            try await F.move(app, report, .submit, .approve)
            let store = DataValueStore(database: app.db)
            func write(_ step: Int) async throws {
                var rows: [ImportRow] = []
                for (index, unit) in communes.enumerated() {
                    for period in [Period.halfYear(2023, half: 1), .halfYear(2023, half: 2), .year(2024), .halfYear(2024, half: 1)] {
                        for element in ["counselling", "methadone"] {
                            rows.append(
                                ImportRow(
                                    element: element, placement: placements[unit]!, period: period, category: "",
                                    value: (index + step) % 5 == 0 ? nil : Double((index * 7 + step * 3) % 11)))
                        }
                    }
                }
                let known = try await store.savedValues(places: rows.map { ($0.placement.unitCode, $0.period.description) })
                guard case .saved = try await store.saveSet(rows, context: F.office, known: known) else {
                    Issue.record("step \(step): not saved")
                    return
                }
            }
            try await write(1)
            #expect(try await OfficialTotalsTests.kept(app) == OfficialTotalsTests.expected(app), "alike, inserts")
            try await write(2)
            #expect(try await OfficialTotalsTests.kept(app) == OfficialTotalsTests.expected(app), "alike, updates and deletions")
            // The copy counts counselling as a stock: the plans resolve it differently.
            try await (app.db as! any SQLDatabase).raw(
                "UPDATE data_elements SET aggregation = 'stock' WHERE plan_id = \(bind: copy.id) AND code = 'counselling'"
            ).run()
            try await OfficialTotals.rebuild(on: app.db)
            #expect(try await OfficialTotalsTests.kept(app) == OfficialTotalsTests.expected(app), "rebuilt")
            try await write(3)
            #expect(try await OfficialTotalsTests.kept(app) == OfficialTotalsTests.expected(app), "not alike: taken out and put back")
            let copyRows = try await (app.db as! any SQLDatabase).raw(
                "SELECT COUNT(*) AS n FROM official_totals WHERE plan_id = \(bind: copy.id) AND year = 2023"
            ).first()!.decode(column: "n", as: Int.self)
            #expect(copyRows > 0, "the copy, without rounds, counts 2023")
        }
    }

    /// A write checked over values read before its transaction (``SavedValues``) saves only while those values are
    /// still what is saved: someone lowering a whole between the check of a part and its write makes the write save
    /// nothing (`.changedMeanwhile`), so that two writes each valid alone never make a part larger than its whole.
    /// A change elsewhere moves the data number but not these values: the write goes on.
    @Test(arguments: TestBackend.available)
    func aWriteCheckedOverValuesThatChangedMeanwhileSavesNothing(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let store = DataValueStore(database: app.db)
            let place = F.quangTrung
            let elsewhere = UnitPlacement(unitCode: "23284", districtCode: "608", provinceCode: "62")
            func row(_ element: String, _ value: Double?, version: Int?, at placement: UnitPlacement = F.quangTrung) -> ImportRow {
                ImportRow(
                    element: element, placement: placement, period: .halfYear(2024, half: 1), category: "", value: value, expectedVersion: version)
            }
            func saved(_ element: String) async throws -> DataValue? {
                try await store.values(unitCode: place.unitCode, periods: ["2024S1"]).first { $0.element == element }
            }
            let places = [(place.unitCode, "2024S1")]
            #expect(try await store.saveSet([row("users_with_record", 100_000, version: 0)], context: F.district) == .saved(changed: 1))
            // The part is checked over a whole of 100,000; meanwhile someone lowers the whole to 10.
            let checked = try await store.savedValues(places: places)
            #expect(try await store.saveSet([row("users_with_record", 10, version: 1)], context: F.district) == .saved(changed: 1))
            #expect(try await store.saveSet([row("users_served", 5000, version: 0)], context: F.office, known: checked) == .changedMeanwhile)
            #expect(try await saved("users_served") == nil, "nothing saved")
            // The same without a version (an overwrite): nothing saved either.
            #expect(try await store.saveSet([row("users_served", 5000, version: nil)], context: F.office, known: checked) == .changedMeanwhile)
            // A value that appeared, or was cleared, since the reading counts as a change too.
            let before = try await store.savedValues(places: places)
            #expect(try await store.saveSet([row("counselling", 3, version: 0)], context: F.district) == .saved(changed: 1))
            #expect(try await store.saveSet([row("users_served", 5, version: 0)], context: F.office, known: before) == .changedMeanwhile)
            // Checked again over what is saved now, the write saves; a change elsewhere does not stop it.
            let now = try await store.savedValues(places: places)
            #expect(try await store.saveSet([row("counselling", 1, version: 0, at: elsewhere)], context: F.district) == .saved(changed: 1))
            #expect(try await store.saveSet([row("users_served", 5, version: 0)], context: F.office, known: now) == .saved(changed: 1))
            #expect(try await saved("users_served")?.value == 5)
            // Nothing changed since the reading: taken as it was read, the same value again is no change.
            let fresh = try await store.savedValues(places: places)
            #expect(try await store.saveSet([row("users_served", 5, version: 1)], context: F.office, known: fresh) == .saved(changed: 0))
        }
    }

    /// A checked file (``ImportDraftStore``) is saved once at most: its draft is taken in the transaction that saves
    /// it, so two saves of the same draft at once (a double click) save it once and the other throws
    /// ``ImportDraftGone``, with nothing of its own saved; a save refused (a version conflict) keeps the draft.
    @Test(arguments: TestBackend.available)
    func aDraftIsSavedOnceEvenWhenTwoSavesRace(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let store = DataValueStore(database: app.db)
            let drafts = ImportDraftStore(database: app.db)
            @Sendable func row(_ value: Double, version: Int) -> ImportRow {
                ImportRow(
                    element: "counselling", placement: F.quangTrung, period: .halfYear(2024, half: 1), category: "", value: value,
                    expectedVersion: version)
            }
            let draft = try await drafts.keep(owner: "user:a", fileName: "a.csv", notation: "vi", content: Data("x".utf8))
            // Refused for a version that does not hold: the draft stays, to be saved from a new preview.
            #expect(try await store.saveSet([row(1, version: 0)], context: F.district) == .saved(changed: 1))
            let refused = try await store.importRows([row(8, version: 0)], context: F.office, fileName: "a.csv", draft: (draft.id, "user:a"))
            guard case .conflicts = refused else {
                Issue.record("expected a conflict, got \(refused)")
                return
            }
            #expect(try await drafts.draft(id: draft.id, owner: "user:a", withContent: false)?.savedAt == nil)
            // Another person's key takes nothing.
            await #expect(throws: ImportDraftGone.self) {
                _ = try await store.importRows([row(8, version: 1)], context: F.office, fileName: "a.csv", draft: (draft.id, "user:b"))
            }
            @Sendable func save(_ value: Double) async -> Result<DataWriteOutcome, any Error> {
                do {
                    return .success(
                        try await store.importRows([row(value, version: 1)], context: F.office, fileName: "a.csv", draft: (draft.id, "user:a")))
                } catch {
                    return .failure(error)
                }
            }
            // Two saves of the same file at once (a double click): one saves, the other throws and saves nothing.
            async let first = save(8)
            async let second = save(8)
            let outcomes = await [first, second]
            #expect(outcomes.filter { (try? $0.get()) == .saved(changed: 1) }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { if case .failure(let error) = $0 { error is ImportDraftGone } else { false } }.count == 1, "\(outcomes)")
            let saved = try #require(
                try await store.values(unitCode: F.quangTrung.unitCode, periods: ["2024S1"]).first { $0.element == "counselling" })
            #expect(saved.version == 2 && saved.value == 8)
            let taken = try #require(try await drafts.draft(id: draft.id, owner: "user:a", withContent: true))
            #expect(taken.savedAt != nil && taken.content == Data() && taken.size == 0, "marked saved, its content dropped")
            #expect(try await BulkWriteTests.count(app.db, "data_value_history") == 2, "one history row per save that happened")
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
