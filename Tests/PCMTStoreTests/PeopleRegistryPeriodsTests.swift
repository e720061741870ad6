import Fluent
import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTTestSupport
import Testing
import Vapor

@testable import PCMTStore

/// Management periods in the registry of people (issue 17), on SQLite and PostgreSQL, with made-up people: begun with
/// the end day computed and saved, ended early, ended with the record, the to-do list of due dates, and
/// `post_rehab_managed` derived in the change's transaction.
@Suite struct PeopleRegistryPeriodsTests {
    static let commune = UnitPlacement(unitCode: "23425", districtCode: nil, provinceCode: "51")
    static let other = UnitPlacement(unitCode: "23377", districtCode: nil, provinceCode: "51")
    static let officer = ChangeContext(actor: "xa23425", actorUnit: "23425", address: "127.0.0.1")
    static let office = ChangeContext(actor: "office", actorUnit: "51-CAT", address: "127.0.0.1")
    static let today = "2026-11-30"
    static let rules = try! ManagementRules.builtIn()
    static let illicitUse = rules.kind("illicit_use")!
    static let postRehab = rules.kind(ManagementPeriodKind.postRehabCode)!

    static func registration(_ name: String, status: DrugUseStatus, from: String) -> PersonRegistration {
        PersonRegistration(
            identity: PersonIdentity(fullName: name, sex: .male, birth: "1990", idNumber: nil, address: "Thôn Mẫu"), communeCode: "23425",
            status: status, statusOn: from, statusBody: "Công an xã Tu Mơ Rông", managedFrom: from)
    }

    func withRegistry(_ backend: TestBackend, _ body: (Application, PeopleRegistryStore) async throws -> Void) async throws {
        try await withStore(backend) { app in
            let cipher = PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate()))
            try await body(app, PeopleRegistryStore(database: app.db, cipher: cipher))
        }
    }

    @Test(arguments: TestBackend.available)
    func aPeriodBeginsWithItsEndDaySavedEndsEarlyAndEndsWithTheRecord(backend: TestBackend) async throws {
        try await withRegistry(backend) { app, store in
            // Registering an illicit user begins the management the law sets for them, from the day management began.
            let id = try await store.register(
                Self.registration("Nguyễn Văn Mẫu", status: .illicitUser, from: "2026-01-31"), placement: Self.commune,
                period: Self.rules.kind(startedBy: .illicitUser), today: Self.today, context: Self.officer)
            var record = try await store.open(id, purpose: "Rà soát thời hạn quản lý", context: Self.officer)
            #expect(record.periods == [ManagementPeriod(kind: "illicit_use", startOn: "2026-01-31", endsOn: "2027-01-31")])
            #expect(try await store.list(communeCode: "23425").first?.periods == record.periods)

            // Post-rehabilitation management follows a rehabilitation: refused before one is recorded, nothing saved.
            await #expect(throws: PeopleRegistryError.self) {
                try await store.startPeriod(id, kind: Self.postRehab, on: "2026-06-01", version: 1, today: Self.today, context: Self.officer)
            }
            try await store.addService(id, kind: .rehabHomeCommunity, on: "2026-03-01", version: 1, today: Self.today, context: Self.officer)
            // From a stale version: 409's conflict, naming the current one.
            await #expect(throws: PeopleRegistryError.conflict(current: 2)) {
                try await store.startPeriod(id, kind: Self.postRehab, on: "2026-09-01", version: 1, today: Self.today, context: Self.officer)
            }
            // Not before management began, not after today.
            await #expect(throws: PeopleRegistryError.self) {
                try await store.startPeriod(id, kind: Self.postRehab, on: "2026-01-30", version: 2, today: Self.today, context: Self.officer)
            }
            await #expect(throws: PeopleRegistryError.self) {
                try await store.startPeriod(id, kind: Self.postRehab, on: "2026-12-01", version: 2, today: Self.today, context: Self.officer)
            }
            try await store.startPeriod(id, kind: Self.postRehab, on: "2026-08-31", version: 2, today: Self.today, context: Self.officer)
            // A period of the same kind running on the day is refused, even when the data's duration has changed since:
            // the saved end day (31/08/2027) stays as it was computed.
            var shorter = Self.postRehab
            shorter.months = 6
            await #expect(throws: PeopleRegistryError.self) {
                try await store.startPeriod(id, kind: shorter, on: "2026-09-15", version: 3, today: Self.today, context: Self.officer)
            }
            // The illicit use management ends early, with a reason sealed like every note.
            await #expect(throws: PeopleRegistryError.self) {
                try await store.endPeriod(id, kind: "illicit_use", on: "2026-01-31", version: 3, today: Self.today, context: Self.officer)
            }
            try await store.endPeriod(
                id, kind: "illicit_use", on: "2026-09-01", note: "Chuyển sang quản lý sau cai nghiện", version: 3, today: Self.today,
                context: Self.officer)
            record = try await store.open(id, purpose: "Rà soát thời hạn quản lý", context: Self.officer)
            #expect(
                record.periods == [
                    ManagementPeriod(kind: "illicit_use", startOn: "2026-01-31", endsOn: "2027-01-31", endedOn: "2026-09-01"),
                    ManagementPeriod(kind: "post_rehab", startOn: "2026-08-31", endsOn: "2027-08-31"),
                ])
            #expect(record.history.last?.note == "Chuyển sang quản lý sau cai nghiện")
            #expect(record.version == 4)

            // Closing ends the periods still running, each in the history.
            try await store.close(id, closing: .death, on: "2026-11-01", version: 4, today: Self.today, context: Self.officer)
            record = try await store.open(id, purpose: "Rà soát thời hạn quản lý", context: Self.officer)
            #expect(record.periods.last?.endedOn == "2026-11-01")
            #expect(
                record.history.map(\.kind) == [
                    .registered, .periodStarted, .service, .periodStarted, .periodEnded, .periodEnded, .closed,
                ])
            await #expect(throws: PeopleRegistryError.self) {
                try await store.startPeriod(id, kind: Self.illicitUse, on: "2026-11-20", version: 5, today: Self.today, context: Self.officer)
            }
            // Each change is audited like the others, without identifying data.
            let summaries = try await AuditEventModel.query(on: app.db).filter(\.$entity == "registry_person").all().map(\.summary)
            #expect(summaries.contains("Began a management period: post_rehab"))
            #expect(summaries.contains("Ended a management period early: illicit_use"))
            #expect(!summaries.joined().contains("Nguyễn"))
        }
    }

    @Test(arguments: TestBackend.available)
    func theToDoListNamesOpenRecordsWhoseManagementEndsOrWhoseServiceIsOverdueMasked(backend: TestBackend) async throws {
        try await withRegistry(backend) { _, store in
            func register(_ name: String, _ status: DrugUseStatus, _ from: String, _ placement: UnitPlacement = Self.commune) async throws -> UUID {
                try await store.register(
                    Self.registration(name, status: status, from: from), placement: placement, period: Self.rules.kind(startedBy: status),
                    today: Self.today, context: Self.officer)
            }
            // Ends on 20/12/2026, within 30 days of 30/11/2026.
            let ending = try await register("Nguyễn Văn Sắp", .illicitUser, "2025-12-20")
            // Ended on 01/11/2026, the record still open.
            let ended = try await register("Trần Văn Hết", .illicitUser, "2025-11-01")
            // Ends in 2027: nothing due.
            _ = try await register("Lê Văn Còn", .illicitUser, "2026-03-01")
            // An addict without a service since 15/02/2026: due by 16/05/2026.
            let unserved = try await register("Phạm Văn Chờ", .addict, "2026-02-15")
            // An addict served: nothing due.
            let served = try await register("Võ Văn Đủ", .addict, "2026-02-15")
            try await store.addService(served, kind: .counselling, on: "2026-02-20", version: 1, today: Self.today, context: Self.officer)
            // Closed records are not on the list; another commune's only when asked for.
            let closed = try await register("Đỗ Văn Đóng", .illicitUser, "2025-11-01")
            try await store.close(closed, closing: .managementEnded, on: "2026-11-02", version: 1, today: Self.today, context: Self.officer)
            let elsewhere = try await register("Bùi Văn Khác", .addict, "2026-01-01", Self.other)

            let due = try await store.due(communeCodes: ["23425"], today: Self.today, rules: Self.rules)
            #expect(due.map(\.person.id) == [unserved, ended, ending])
            #expect(
                due.map(\.items) == [
                    [.serviceOverdue(since: "2026-05-16")], [.managementEnded(kind: "illicit_use", on: "2026-11-01")],
                    [.managementEnding(kind: "illicit_use", on: "2026-12-20")],
                ])
            #expect(due.map(\.person.maskedName) == ["P. V. C.", "T. V. H.", "N. V. S."])
            #expect(Set(due.map(\.communeCode)) == ["23425"])
            let both = try await store.due(communeCodes: ["23425", "23377"], today: Self.today, rules: Self.rules)
            #expect(both.map(\.person.id).contains(elsewhere) && both.count == 4)
            // The list carries what the filter by due management end needs.
            let list = try await store.list(communeCode: "23425")
            let endingOrEnded: Set<UUID> = Set(
                list.filter { person in person.due(today: Self.today, rules: Self.rules).contains(where: \.isManagementEnd) }.map(\.id))
            #expect(endingOrEnded == [ending, ended])
        }
    }

    @Test(arguments: TestBackend.available)
    func anImportedIllicitUserBeginsTheManagementTheLawSetsAsARegistrationDoes(backend: TestBackend) async throws {
        try await withRegistry(backend) { _, store in
            let rows = [
                PersonImportRow(row: 2, registration: Self.registration("Nguyễn Văn Nhập", status: .illicitUser, from: "2026-02-28")),
                PersonImportRow(row: 3, registration: Self.registration("Trần Văn Nhập", status: .addict, from: "2026-03-01")),
            ]
            #expect(
                try await store.importPeople(rows, placement: Self.commune, rules: Self.rules, today: Self.today, context: Self.officer)
                    == .imported(count: 2))
            let periods = try await store.list(communeCode: "23425").map(\.periods)
            #expect(periods.contains([ManagementPeriod(kind: "illicit_use", startOn: "2026-02-28", endsOn: "2027-02-28")]))
            #expect(periods.contains([]))
        }
    }

    /// `post_rehab_managed`, a stock at the period's end, moves with the change that begins or ends a post-rehabilitation
    /// period, in its transaction.
    @Test(arguments: TestBackend.available)
    func postRehabilitationManagementIsDerivedInTheChangesTransaction(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, _ in
            let store = PeopleRegistryStore(database: app.db, cipher: PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate())))
            _ = try await ElementSourceStore(database: app.db).choose(
                elements: ["post_rehab_managed"], unitCode: "23425", source: .peopleRegistry, fromYear: 2026, today: Self.today,
                context: Self.office)
            func value(_ period: String) async throws -> Double? {
                try await DataValueStore(database: app.db).values(unitCode: "23425", periods: [period]).first {
                    $0.element == "post_rehab_managed"
                }?.value
            }
            #expect(try await value("2026S2") == 0)
            let id = try await store.register(
                Self.registration("Nguyễn Văn Mẫu", status: .addict, from: "2026-02-01"), placement: Self.commune, today: Self.today,
                context: Self.officer)
            try await store.addService(id, kind: .rehabCompulsory, on: "2026-03-01", version: 1, today: Self.today, context: Self.officer)
            try await store.startPeriod(id, kind: Self.postRehab, on: "2026-05-01", version: 2, today: Self.today, context: Self.officer)
            #expect(try await value("2026S1") == 1)
            #expect(try await value("2026S2") == 1)
            try await store.endPeriod(id, kind: "post_rehab", on: "2026-10-01", version: 3, today: Self.today, context: Self.officer)
            #expect(try await value("2026S1") == 1)
            #expect(try await value("2026S2") == 0)
        }
    }
}
