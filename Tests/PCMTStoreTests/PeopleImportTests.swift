import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import Testing
import Vapor

@testable import PCMTStore

/// Importing a commune's existing list into the registry (issue 17, item 3), on SQLite and PostgreSQL, with made-up
/// people: every problem by row, duplicates shown where they are and never merged, all rows or none.
@Suite struct PeopleImportTests {
    typealias D = DerivedValuesTests

    static func row(_ number: Int, _ name: String, id: String?, birth: String = "1991", from: String = "2026-03-01") -> PersonImportRow {
        PersonImportRow(
            row: number,
            registration: PersonRegistration(
                identity: PersonIdentity(fullName: name, sex: .male, birth: birth, idNumber: id, address: "Thôn Mẫu"),
                communeCode: "23425", status: .addict, statusOn: from, statusBody: "Công an xã", managedFrom: from))
    }

    @Test(arguments: TestBackend.available)
    func aListIsImportedWholeOrRefusedWithEveryProblemByRow(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, _ in
            let registry = PeopleRegistryStore(database: app.db, cipher: PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate())))
            _ = try await ElementSourceStore(database: app.db).choose(
                elements: ["users_with_record"], unitCode: "23425", source: .peopleRegistry, fromYear: 2026, today: D.today, context: D.office)
            let held = try await registry.register(
                D.registration("Nguyễn Văn Mẫu", id: "999000000001", from: "2026-01-10"), placement: D.other, today: D.today,
                context: D.officer)

            let bad = [
                Self.row(2, "Trần Văn Thử", id: "999000000002"),
                Self.row(3, "Lê Văn Giả", id: "999 000 000 002"),
                Self.row(4, "", id: nil, birth: "19x1"),
                Self.row(5, "Phạm Văn Ví Dụ", id: "999.000.000.001"),
                Self.row(6, "Hồ Văn Tạm", id: "99900000001"),
            ]
            guard case .refused(let problems) = try await registry.importPeople(bad, placement: D.tuMoRong, today: D.today, context: D.officer)
            else {
                Issue.record("a list with errors was imported")
                return
            }
            // Every problem at once, by row: the file's own and the number another commune of the province holds (row 5).
            #expect(problems.map { "\($0.row) \($0.field)" } == ["3 idNumber", "4 fullName", "4 birth", "5 idNumber", "6 idNumber"])
            #expect(problems[0].vi == "Trùng số giấy tờ với dòng 2.")
            #expect(try await registry.list(communeCode: "23425").isEmpty)

            let clean = [Self.row(2, "Trần Văn Thử", id: "999000000002"), Self.row(5, "Phạm Văn Ví Dụ", id: "999.000.000.001")]
            guard case .refused(let duplicates) = try await registry.importPeople(clean, placement: D.tuMoRong, today: D.today, context: D.officer)
            else {
                Issue.record("a list repeating a number held in the province was imported")
                return
            }
            #expect(duplicates.count == 1)
            #expect(duplicates[0].row == 5 && duplicates[0].duplicates.map(\.personID) == [held])
            #expect(duplicates[0].vi.contains("23377"))

            let good = [Self.row(2, "Trần Văn Thử", id: "999000000002"), Self.row(3, "Lê Văn Giả", id: nil, from: "2026-08-01")]
            #expect(try await registry.importPeople(good, placement: D.tuMoRong, today: D.today, context: D.officer) == .imported(count: 2))
            #expect(try await registry.list(communeCode: "23425").count == 2)
            // The derived values moved once, in the same transaction: one person at the end of June, two at the end of the year.
            #expect(try await D.values(app, "23425", "2026S1")["users_with_record"] == 1)
            #expect(try await D.values(app, "23425", "2026S2")["users_with_record"] == 2)
            let audit = try await AuditEventModel.query(on: app.db).filter(\.$entityID == "import:23425").all()
            #expect(audit.count == 1)
            #expect(audit.allSatisfy { !($0.summary + ($0.after ?? "")).contains("Trần") })
        }
    }
}

/// Closed records pseudonymised after the retention period (issue 17), on SQLite and PostgreSQL, with made-up people.
@Suite struct RegistryRetentionStoreTests {
    typealias D = DerivedValuesTests

    @Test(arguments: TestBackend.available)
    func closedRecordsLoseWhatIdentifiesAfterTheRetentionPeriodAndTheCountsStay(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, _ in
            let registry = PeopleRegistryStore(database: app.db, cipher: PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate())))
            _ = try await ElementSourceStore(database: app.db).choose(
                elements: ["users_with_record"], unitCode: "23425", source: .peopleRegistry, fromYear: 2025, today: D.today, context: D.office)
            let old = try await registry.register(
                D.registration("Nguyễn Văn Mẫu", id: "999000000011", from: "2025-08-01"), placement: D.tuMoRong, today: D.today,
                context: D.officer)
            try await registry.addService(
                old, kind: .counselling, on: "2025-09-01", note: "Ghi chú có tên Mẫu", version: 1, today: D.today,
                context: D.officer)
            try await registry.close(old, closing: .movedAway, on: "2025-10-01", version: 2, today: D.today, context: D.officer)
            let recent = try await registry.register(
                D.registration("Trần Văn Thử", id: "999000000012", from: "2025-08-01"), placement: D.tuMoRong, today: D.today,
                context: D.officer)
            try await registry.close(recent, closing: .death, on: "2026-03-01", version: 1, today: D.today, context: D.officer)
            let open = try await registry.register(
                D.registration("Lê Văn Giả", id: "999000000013", from: "2025-08-01"), placement: D.tuMoRong, today: D.today, context: D.officer)
            let before = try await D.values(app, "23425", "2025S2")

            // Closed on or before 2025-12-31: only the first.
            #expect(try await registry.pseudonymiseClosed(closedOnOrBefore: "2025-12-31", today: D.today, context: D.office) == 1)
            #expect(try await registry.pseudonymiseClosed(closedOnOrBefore: "2025-12-31", today: D.today, context: D.office) == 0)
            let hidden = try await registry.open(old, purpose: "Kiểm tra ẩn danh", context: D.office)
            #expect(hidden.identity.fullName.hasPrefix("Hồ sơ đã ẩn danh"))
            #expect(hidden.identity.idNumber == nil && hidden.identity.address.isEmpty && hidden.identity.birth == "1990")
            #expect(hidden.history.allSatisfy { $0.note.isEmpty })
            #expect(try await registry.open(recent, purpose: "Kiểm tra", context: D.office).identity.fullName == "Trần Văn Thử")
            #expect(try await registry.open(open, purpose: "Kiểm tra", context: D.office).identity.idNumber == "999000000013")
            // Its number no longer matches: the same number may be registered again, as a new record.
            _ = try await registry.register(
                D.registration("Nguyễn Văn Mẫu", id: "999000000011", from: "2026-05-01"), placement: D.other, today: D.today, context: D.officer)
            // The counts did not move.
            #expect(try await D.values(app, "23425", "2025S2") == before)
        }
    }
}
