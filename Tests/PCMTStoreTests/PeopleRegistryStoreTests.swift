import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@testable import PCMTStore

/// The registry of people under management in the store (issue 17), on SQLite and PostgreSQL, with made-up people.
@Suite struct PeopleRegistryStoreTests {
    static let commune = UnitPlacement(unitCode: "23425", districtCode: nil, provinceCode: "51")
    static let other = UnitPlacement(unitCode: "23377", districtCode: nil, provinceCode: "51")
    static let officer = ChangeContext(actor: "xa23425", actorUnit: "23425", address: "127.0.0.1")
    static let today = "2026-11-30"

    static func registration(_ name: String, id: String?, commune: String = "23425") -> PersonRegistration {
        PersonRegistration(
            identity: PersonIdentity(
                fullName: name, otherNames: "Tèo", sex: .male, birth: "1994-03-08", idNumber: id, address: "Thôn Mẫu Thử, số 9"),
            communeCode: commune, status: .addict, statusOn: "2026-02-11", statusBody: "Trạm y tế xã Tu Mơ Rông", managedFrom: "2026-02-15")
    }

    /// The store's application with the database's address (to read its raw file or tables), and a registry with a
    /// key of its own.
    func withRegistry(_ backend: TestBackend, _ body: (Application, DatabaseURL, PeopleRegistryStore) async throws -> Void) async throws {
        try await withStore(backend) { app, url in
            let cipher = PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate()))
            try await body(app, url, PeopleRegistryStore(database: app.db, cipher: cipher))
        }
    }

    @Test(arguments: TestBackend.available)
    func aPersonIsRegisteredListedMaskedAndOpenedWithTheReadAudited(backend: TestBackend) async throws {
        try await withRegistry(backend) { app, _, store in
            let id = try await store.register(
                Self.registration("Nguyễn Văn Mẫu", id: "001 094 000 111"), placement: Self.commune, today: Self.today, context: Self.officer)
            _ = try await store.register(Self.registration("Hồ Thị Thử", id: nil), placement: Self.commune, today: Self.today, context: Self.officer)
            let list = try await store.list(communeCode: "23425")
            #expect(list.count == 2)
            let first = try #require(list.first { $0.id == id })
            #expect(first.maskedName == "N. V. M.")
            #expect(first.maskedIDNumber == "•••••••••111")
            #expect(first.birthYear == 1994 && first.status == .addict && first.version == 1)
            // Accent-free search on the names, opened in memory only.
            #expect(try await store.list(communeCode: "23425", search: "nguyen mau").map(\.id) == [id])
            #expect(try await store.list(communeCode: "23425", search: "teo").count == 2)
            #expect(try await store.list(communeCode: "23425", search: "tran").isEmpty)
            #expect(try await store.list(communeCode: "23377").isEmpty)

            // Opening needs a purpose and writes the read to the audit log, with the purpose and without the name.
            await #expect(throws: PeopleRegistryError.self) { try await store.open(id, purpose: " ", context: Self.officer) }
            let reads = try await AuditEventModel.query(on: app.db).filter(\.$kind == "read").count()
            #expect(reads == 0)
            let record = try await store.open(id, purpose: "Rà soát hồ sơ quý IV", context: Self.officer)
            #expect(record.identity.fullName == "Nguyễn Văn Mẫu")
            #expect(record.identity.idNumber == "001094000111")
            #expect(record.identity.address == "Thôn Mẫu Thử, số 9")
            #expect(record.history.map(\.kind) == [.registered])
            let read = try #require(try await AuditEventModel.query(on: app.db).filter(\.$kind == "read").first())
            #expect(read.entityID == id.uuidString && read.actor == "xa23425" && read.unitCode == "23425")
            #expect(read.after?.contains("Rà soát hồ sơ quý IV") == true)
            #expect(read.after?.contains("Nguyễn") == false && read.summary.contains("Nguyễn") == false)
            let verification = try await AuditLog(database: app.db).verify()
            #expect(verification == .intact(events: 3))
        }
    }

    @Test(arguments: TestBackend.available)
    func theSameIDNumberAnywhereInTheProvinceIsShownWhereAndNeverMerged(backend: TestBackend) async throws {
        try await withRegistry(backend) { _, _, store in
            let id = try await store.register(
                Self.registration("Nguyễn Văn Mẫu", id: "001094000111"), placement: Self.commune, today: Self.today, context: Self.officer)
            let again = Self.registration("Nguyen Van Mau", id: "001.094.000.111", commune: "23377")
            await #expect(throws: PeopleRegistryError.duplicate([RegistryDuplicate(personID: id, communeCode: "23425", isClosed: false)])) {
                try await store.register(again, placement: Self.other, today: Self.today, context: Self.officer)
            }
            #expect(try await store.list(communeCode: "23377").isEmpty)
            // Another province's registry is its own.
            let elsewhere = UnitPlacement(unitCode: "00001", districtCode: "001", provinceCode: "01")
            _ = try await store.register(again, placement: elsewhere, today: Self.today, context: Self.officer)
            // Bad input names its fields, and nothing is saved.
            var bad = Self.registration("", id: "12345")
            bad.identity.birth = "2030"
            bad.statusOn = "2026-02-30"
            do {
                _ = try await store.register(bad, placement: Self.commune, today: Self.today, context: Self.officer)
                Issue.record("saved")
            } catch PeopleRegistryError.problems(let problems) {
                #expect(Set(problems.map(\.field)) == ["fullName", "idNumber", "birth", "statusOn"])
            }
            #expect(try await store.list(communeCode: "23425").count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func aServiceAMoveAcceptedByTheOtherCommuneAndClosingStayInTheHistory(backend: TestBackend) async throws {
        try await withRegistry(backend) { _, _, store in
            let id = try await store.register(
                Self.registration("Nguyễn Văn Mẫu", id: nil), placement: Self.commune, today: Self.today, context: Self.officer)
            try await store.addService(
                id, kind: .methadone, on: "2026-03-01", note: "Cơ sở điều trị mẫu", version: 1, today: Self.today, context: Self.officer)
            // A change from a stale version is refused, naming the current one.
            await #expect(throws: PeopleRegistryError.conflict(current: 2)) {
                try await store.addService(id, kind: .counselling, on: "2026-03-02", version: 1, today: Self.today, context: Self.officer)
            }
            await #expect(throws: PeopleRegistryError.self) {
                try await store.addService(id, kind: .counselling, on: "2027-01-01", version: 2, today: Self.today, context: Self.officer)
            }
            try await store.requestTransfer(id, to: "23377", on: "2026-06-01", version: 2, today: Self.today, context: Self.officer)
            // Until accepted, the record stays with its commune, and the other commune sees it waiting.
            #expect(try await store.list(communeCode: "23425").map(\.transferTo) == ["23377"])
            #expect(try await store.list(communeCode: "23377").map(\.id) == [id])
            let elsewhere = UnitPlacement(unitCode: "23380", districtCode: nil, provinceCode: "51")
            await #expect(throws: PeopleRegistryError.self) {
                try await store.acceptTransfer(id, into: elsewhere, on: "2026-06-02", version: 3, today: Self.today, context: Self.officer)
            }
            let receiver = ChangeContext(actor: "xa23377", actorUnit: "23377", address: nil)
            try await store.acceptTransfer(id, into: Self.other, on: "2026-06-02", version: 3, today: Self.today, context: receiver)
            #expect(try await store.list(communeCode: "23425").isEmpty)
            #expect(try await store.list(communeCode: "23377").map(\.transferTo) == [nil])
            try await store.close(id, closing: .movedAway, on: "2026-10-01", version: 4, today: Self.today, context: receiver)
            #expect(try await store.list(communeCode: "23377").isEmpty)
            #expect(try await store.list(communeCode: "23377", includeClosed: true).first?.closedOn == "2026-10-01")
            let record = try await store.open(id, purpose: "Kiểm tra lịch sử hồ sơ", context: receiver)
            #expect(record.placement == Self.other)
            #expect(record.history.map(\.kind) == [.registered, .service, .transferRequested, .transferAccepted, .closed])
            #expect(record.history[1].code == "methadone" && record.history[1].note == "Cơ sở điều trị mẫu")
            #expect(record.closing == .movedAway && record.version == 5)
        }
    }

    /// "A test reads the raw SQLite file and the PostgreSQL tables and finds no name or ID number in clear" (issue 17,
    /// Done when), the audit log included.
    @Test(arguments: TestBackend.available)
    func noNameAddressOrIDNumberIsStoredInClear(backend: TestBackend) async throws {
        try await withRegistry(backend) { app, url, store in
            let id = try await store.register(
                Self.registration("Nguyễn Văn Mẫu", id: "001094000111"), placement: Self.commune, today: Self.today, context: Self.officer)
            try await store.addService(
                id, kind: .counselling, on: "2026-03-01", note: "Ghi chú Mẫu Riêng", version: 1, today: Self.today, context: Self.officer)
            _ = try await store.open(id, purpose: "Rà soát định kỳ", context: Self.officer)
            let secrets = ["Nguyễn Văn Mẫu", "Nguyen Van Mau", "001094000111", "001 094 000 111", "Thôn Mẫu Thử", "1994-03-08", "Ghi chú Mẫu Riêng"]
            var stored = ""
            switch url {
            case .sqlite(let path):
                // The database file and its write-ahead log beside it, as they are on the disk.
                for file in [path, path + "-wal", path + "-journal"] where FileManager.default.fileExists(atPath: file) {
                    stored += String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
                }
                // The file is read for real: a text stored in clear would be found (the status body is in clear).
                #expect(stored.contains("Trạm y tế xã Tu Mơ Rông"))
            case .postgres:
                let sql = app.db as! any SQLDatabase
                for table in ["registry_people", "registry_person_events", "audit_events"] {
                    for row in try await sql.raw("SELECT t::text AS row FROM \(unsafeRaw: table) t").all() {
                        stored += try row.decode(column: "row", as: String.self) + "\n"
                    }
                }
                #expect(stored.contains("Trạm y tế xã Tu Mơ Rông"))
            }
            for secret in secrets { #expect(!stored.contains(secret), "\(secret) is stored in clear") }
        }
    }

    @Test(arguments: TestBackend.available)
    func afterAChangeOfKeyRecordsAreSealedAgainAndStillMatched(backend: TestBackend) async throws {
        try await withRegistry(backend) { app, _, store in
            let id = try await store.register(
                Self.registration("Nguyễn Văn Mẫu", id: "001094000111"), placement: Self.commune, today: Self.today, context: Self.officer)
            try await store.addService(
                id, kind: .counselling, on: "2026-03-01", note: "Ghi chú", version: 1, today: Self.today, context: Self.officer)
            let rotated = PeopleRegistryStore(
                database: app.db,
                cipher: PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate(), previous: [store.cipher.keyring.current])))
            // Before sealing again, the earlier key still opens and still matches.
            await #expect(throws: PeopleRegistryError.self) {
                try await rotated.register(
                    Self.registration("Khác", id: "001094000111"), placement: Self.other, today: Self.today, context: Self.officer)
            }
            #expect(try await rotated.resealAll(context: Self.officer) == 1)
            #expect(try await rotated.resealAll(context: Self.officer) == 0)
            // With the new key alone.
            let newOnly = PeopleRegistryStore(
                database: app.db, cipher: PersonalDataCipher(keyring: PersonalDataKeyring(current: rotated.cipher.keyring.current)))
            let record = try await newOnly.open(id, purpose: "Kiểm tra sau khi đổi khóa", context: Self.officer)
            #expect(record.identity.fullName == "Nguyễn Văn Mẫu" && record.history.last?.note == "Ghi chú")
            await #expect(throws: PeopleRegistryError.self) {
                try await newOnly.register(
                    Self.registration("Khác", id: "001094000111"), placement: Self.other, today: Self.today, context: Self.officer)
            }
            // The old key alone opens nothing any more.
            await #expect(throws: PersonalDataCipherError.self) { try await store.open(id, purpose: "Thử khóa cũ", context: Self.officer) }
        }
    }
}
