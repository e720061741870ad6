import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@testable import PCMTStore

/// The registries of records (issue 17), on SQLite and PostgreSQL: entering, changing and deleting records with the
/// commune's derived figures moving in the same transaction, duplicates refused naming where, stale versions refused,
/// imports all or nothing with every problem by row. Each expected figure is counted by hand from the records of the
/// test.
@Suite struct RecordRegistryStoreTests {
    static let tuMoRong = UnitPlacement(unitCode: "23425", districtCode: nil, provinceCode: "51")
    static let boY = UnitPlacement(unitCode: "23377", districtCode: nil, provinceCode: "51")
    static let officer = ChangeContext(actor: "xa23425", actorUnit: "23425", address: "127.0.0.1")
    static let office = ChangeContext(actor: "office", actorUnit: "51-CAT", address: "127.0.0.1")
    static let today = "2026-11-30"

    static func values(_ app: Application, _ unit: String, _ period: String) async throws -> [String: Double] {
        try await DerivedValuesTests.values(app, unit, period)
    }

    @Test(arguments: TestBackend.available)
    func hotspotsAndCasesMoveTheirDerivedFiguresInTheSameTransaction(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, _ in
            let store = RecordRegistryStore(database: app.db)
            let sources = ElementSourceStore(database: app.db)
            // A hotspot found in March 2026, before the office derives hotspots: nothing written yet.
            let spot = try await store.create(
                .hotspots, fields: ["label": "Bãi đất ven sông", "kind": "Tụ điểm", "found_on": "15/03/2026", "hot": "có"],
                placement: Self.tuMoRong, today: Self.today, context: Self.officer)
            #expect(try await Self.values(app, "23425", "2026S1").isEmpty)
            let outcome = try await sources.choose(
                elements: RecordRegistry.hotspots.elements, unitCode: "23425", source: .hotspots, fromYear: 2026, today: Self.today,
                context: Self.office)
            #expect(outcome.kept.isEmpty)
            var s1 = try await Self.values(app, "23425", "2026S1")
            #expect(s1["hotspots_existing"] == 1 && s1["hotspots_new"] == 1 && s1["hotspots_eliminated"] == 0)
            #expect(try await Self.values(app, "23425", "2026S2")["hotspots_existing"] == 1)

            // Eliminated in August: gone at the end of the second half, counted as eliminated then; the first half stays.
            var record = try #require(try await store.record(spot))
            var fields = record.fields
            fields["eliminated_on"] = "2026-08-10"
            try await store.update(spot, fields: fields, version: record.version, today: Self.today, context: Self.officer)
            let s2 = try await Self.values(app, "23425", "2026S2")
            #expect(s2["hotspots_existing"] == 0 && s2["hotspots_eliminated"] == 1 && s2["hotspots_new"] == 0)
            s1 = try await Self.values(app, "23425", "2026S1")
            #expect(s1["hotspots_existing"] == 1)
            let year = try await Self.values(app, "23425", "2026")
            #expect(year["hotspots_existing"] == 0 && year["hotspots_new"] == 1 && year["hotspots_eliminated"] == 1)

            // A stale version is refused and changes nothing.
            await #expect(throws: RecordRegistryError.conflict(current: 2)) {
                try await store.update(spot, fields: record.fields, version: 1, today: Self.today, context: Self.officer)
            }
            record = try #require(try await store.record(spot))
            #expect(record.fields["eliminated_on"] == "2026-08-10")

            // The same hotspot (name and day, accents and case aside) cannot be entered twice in the commune.
            await #expect(throws: RecordRegistryError.duplicate([RecordDuplicate(recordID: spot, communeCode: "23425")])) {
                _ = try await store.create(
                    .hotspots, fields: ["label": "bai dat  ven song", "kind": "point", "found_on": "2026-03-15"], placement: Self.tuMoRong,
                    today: Self.today, context: Self.officer)
            }

            // Cases: derived from 2026; a case with a number is refused in another commune of the province with it.
            _ = try await sources.choose(
                elements: RecordRegistry.drugCases.elements, unitCode: "23425", source: .drugCases, fromYear: 2026, today: Self.today,
                context: Self.office)
            let heroin = try await store.create(
                .drugCases,
                fields: [
                    "detected_on": "2026-09-02", "case_number": "15/VV", "detecting_body": "Công an xã", "route": "land_border",
                    "drug_type": "heroin", "heroin_g": "25,5", "suspects_male": "2", "suspects_female": "1",
                ], placement: Self.tuMoRong, today: Self.today, context: Self.officer)
            var cases = try await Self.values(app, "23425", "2026S2")
            #expect(cases["drug_cases_detected/heroin"] == 1 && cases["drug_cases_detected/synthetic"] == 0)
            #expect(cases["drug_offenders_arrested/male"] == 2 && cases["drug_offenders_arrested/female"] == 1)
            #expect(cases["drug_cases_border_express"] == 1 && cases["court_cases_received"] == 0)
            await #expect(throws: RecordRegistryError.duplicate([RecordDuplicate(recordID: heroin, communeCode: "23425")])) {
                _ = try await store.create(
                    .drugCases,
                    fields: ["detected_on": "2026-09-03", "case_number": "15/vv", "detecting_body": "CA", "route": "inland", "drug_type": "other"],
                    placement: Self.boY, today: Self.today, context: Self.officer)
            }

            // Deleting the case takes it out of the counts; the audit log keeps its fields.
            try await store.delete(heroin, version: 1, today: Self.today, context: Self.officer)
            cases = try await Self.values(app, "23425", "2026S2")
            #expect(cases["drug_cases_detected/heroin"] == 0 && cases["drug_offenders_arrested/male"] == 0)
            let deleted = try await AuditEventModel.query(on: app.db).filter(\.$entityID == heroin.uuidString).filter(\.$kind == "delete").all()
            #expect(deleted.count == 1)
            #expect(deleted.first?.before?.contains("15/VV") == true)

            // Each change wrote its values through the one write: history with the source "registry".
            let history = try await (app.db as! any SQLDatabase).raw(
                "SELECT COUNT(*) AS n FROM data_value_history WHERE unit_code = '23425' AND element = 'hotspots_eliminated' AND source = 'registry'"
            ).first()
            #expect(try history?.decode(column: "n", as: Int.self) ?? 0 >= 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func anImportEntersEveryRowOrNoneAndNamesEachProblem(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, _ in
            let store = RecordRegistryStore(database: app.db)
            let existing = try await store.create(
                .hotspots, fields: ["label": "Quán cũ", "kind": "point", "found_on": "2026-01-10"], placement: Self.tuMoRong, today: Self.today,
                context: Self.officer)
            let rows: [(row: Int, fields: [String: String])] = [
                (2, ["label": "Nhà hoang", "kind": "point", "found_on": "01/02/2026"]),
                (3, ["label": "Quán cũ", "kind": "point", "found_on": "10/01/2026"]),
                (4, ["label": "Nhà hoang", "kind": "Điểm", "found_on": "2026-02-01"]),
                (5, ["label": "", "kind": "circle", "found_on": "31/02/2026"]),
            ]
            do {
                _ = try await store.importRecords(.hotspots, rows: rows, placement: Self.tuMoRong, today: Self.today, context: Self.officer)
                Issue.record("an import with problems was taken")
            } catch RecordRegistryError.rows(let problems) {
                let found = problems.map { "\($0.row) \($0.field)" }
                #expect(found == ["3 record", "4 record", "5 found_on", "5 kind", "5 label"])
                #expect(problems.first { $0.row == 3 }?.duplicates == [RecordDuplicate(recordID: existing, communeCode: "23425")])
                #expect(problems.first { $0.row == 4 }?.vi.contains("dòng 2") == true)
            }
            #expect(try await store.list(.hotspots, communeCode: "23425").count == 1, "nothing of the refused file was saved")

            _ = try await ElementSourceStore(database: app.db).choose(
                elements: RecordRegistry.hotspots.elements, unitCode: "23425", source: .hotspots, fromYear: 2026, today: Self.today,
                context: Self.office)
            let clean: [(row: Int, fields: [String: String])] = [
                (2, ["label": "Nhà hoang", "kind": "point", "found_on": "01/02/2026"]),
                (3, ["label": "Bến đò", "kind": "cluster", "found_on": "2025-11-20", "eliminated_on": "2026-03-01"]),
            ]
            #expect(try await store.importRecords(.hotspots, rows: clean, placement: Self.tuMoRong, today: Self.today, context: Self.officer) == 2)
            let listed = try await store.list(.hotspots, communeCode: "23425", year: 2026)
            #expect(listed.map { $0.fields["label"] } == ["Nhà hoang", "Quán cũ"])
            #expect(try await store.counts(communeCodes: ["23425", "23377"]) == ["23425": [.hotspots: 3]])

            // The rows written by the import's multi-row statements count at once and read and change as any record.
            var s1 = try await Self.values(app, "23425", "2026S1")
            #expect(s1["hotspots_existing"] == 2 && s1["hotspots_new"] == 2 && s1["hotspots_eliminated"] == 1)
            let ferry = try #require(try await store.list(.hotspots, communeCode: "23425").first { $0.fields["label"] == "Bến đò" })
            #expect(ferry.fields == ["label": "Bến đò", "kind": "cluster", "hot": "0", "found_on": "2025-11-20", "eliminated_on": "2026-03-01"])
            #expect(ferry.registry == .hotspots && ferry.communeCode == "23425" && ferry.version == 1 && ferry.createdBy == "xa23425")
            #expect(abs(ferry.createdAt.timeIntervalSinceNow) < 600 && ferry.updatedAt == ferry.createdAt)
            #expect(try await store.record(ferry.id) == ferry)
            try await store.update(
                ferry.id, fields: ferry.fields.merging(["reformed_on": "2026-06-01"]) { _, new in new }, version: 1, today: Self.today,
                context: Self.officer)
            s1 = try await Self.values(app, "23425", "2026S1")
            #expect(s1["hotspots_existing"] == 3 && s1["hotspots_new"] == 3)
        }
    }
}
