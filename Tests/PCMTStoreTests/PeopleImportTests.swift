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
            // The file's own problems first; the province's duplicates are looked up once the file is clean.
            #expect(problems.map { "\($0.row) \($0.field)" } == ["3 idNumber", "4 fullName", "4 birth", "6 idNumber"])
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
