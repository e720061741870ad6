import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@testable import PCMTStore

/// Values derived from the registry of people (issue 17, item 1), on SQLite and PostgreSQL: written with the record
/// change that moves them, in its transaction; typed writes refused for them; approved periods kept. The expected
/// figures are counted by hand from the made-up people of each test.
@Suite struct DerivedValuesTests {
    static let tuMoRong = UnitPlacement(unitCode: "23425", districtCode: nil, provinceCode: "51")
    static let other = UnitPlacement(unitCode: "23377", districtCode: nil, provinceCode: "51")
    static let officer = ChangeContext(actor: "xa23425", actorUnit: "23425", address: "127.0.0.1")
    static let receiver = ChangeContext(actor: "xa23377", actorUnit: "23377", address: "127.0.0.1")
    static let office = ChangeContext(actor: "office", actorUnit: "51-CAT", address: "127.0.0.1")
    static let today = "2026-11-30"

    static func registration(_ name: String, id: String?, sex: PersonSex = .male, status: DrugUseStatus = .addict, from: String)
        -> PersonRegistration
    {
        PersonRegistration(
            identity: PersonIdentity(fullName: name, sex: sex, birth: "1990", idNumber: id, address: "Thôn Mẫu"),
            communeCode: "23425", status: status, statusOn: from, statusBody: "Trạm y tế xã", managedFrom: from)
    }

    /// The saved values of a unit and period, by "element" or "element/category".
    static func values(_ app: Application, _ unit: String, _ period: String) async throws -> [String: Double] {
        let rows = try await DataValueStore(database: app.db).values(unitCode: unit, periods: [period])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.category.isEmpty ? $0.element : "\($0.element)/\($0.category)", $0.value) })
    }

    func withRegistry(_ backend: TestBackend, _ body: (Application, PeopleRegistryStore, ElementSourceStore) async throws -> Void) async throws {
        try await withKonTum(backend) { app, _ in
            let cipher = PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate()))
            try await body(app, PeopleRegistryStore(database: app.db, cipher: cipher), ElementSourceStore(database: app.db))
        }
    }

    @Test(arguments: TestBackend.available)
    func derivedValuesMoveWithEachChangeOfARecordInItsTransaction(backend: TestBackend) async throws {
        try await withRegistry(backend) { app, registry, sources in
            // Typed until the standing office chooses: registering writes no value.
            let man = try await registry.register(
                Self.registration("Nguyễn Văn Mẫu", id: "001090000001", from: "2026-02-15"), placement: Self.tuMoRong, today: Self.today,
                context: Self.officer)
            #expect(try await Self.values(app, "23425", "2026S1").isEmpty)

            // Switching to derived writes every period from the first year through today's: one man, an addict.
            let outcome = try await sources.choose(
                elements: PeopleRegistryTotals.elements, unitCode: "23425", source: .peopleRegistry, fromYear: 2026, today: Self.today,
                context: Self.office)
            #expect(outcome.kept.isEmpty)
            #expect(outcome.changedValues == 3 * 11)
            let first = try await Self.values(app, "23425", "2026S1")
            #expect(first["users_with_record"] == 1 && first["addicts/male"] == 1 && first["addicts/female"] == 0)
            #expect(first["users_served"] == 0 && first["counselling"] == 0)
            #expect(try await Self.values(app, "23425", "2025S2").isEmpty)
            #expect(try await sources.derivedElements(unitCode: "23425", period: .year(2026)) == Set(PeopleRegistryTotals.elements))
            #expect(try await sources.derivedElements(unitCode: "23425", period: .year(2025)).isEmpty, "before the first year derived")

            // A service in the second half: served from then on, one session counted in that half and the year.
            try await registry.addService(man, kind: .counselling, on: "2026-08-01", version: 1, today: Self.today, context: Self.officer)
            var second = try await Self.values(app, "23425", "2026S2")
            #expect(second["users_served"] == 1 && second["counselling"] == 1)
            #expect(try await Self.values(app, "23425", "2026")["counselling"] == 1)
            #expect(try await Self.values(app, "23425", "2026S1")["users_served"] == 0)

            // A woman registered today, then the man moved to 23377, which derives its values too and accepts him.
            _ = try await sources.choose(
                elements: PeopleRegistryTotals.elements, unitCode: "23377", source: .peopleRegistry, fromYear: 2026, today: Self.today,
                context: Self.office)
            _ = try await registry.register(
                Self.registration("Hồ Thị Thử", id: nil, sex: .female, status: .illicitUser, from: "2026-10-01"), placement: Self.tuMoRong,
                today: Self.today, context: Self.officer)
            try await registry.requestTransfer(man, to: "23377", on: "2026-09-01", version: 2, today: Self.today, context: Self.officer)
            #expect(try await Self.values(app, "23425", "2026S2")["addicts/male"] == 1)
            try await registry.acceptTransfer(man, into: Self.other, on: "2026-09-01", version: 3, today: Self.today, context: Self.receiver)
            second = try await Self.values(app, "23425", "2026S2")
            #expect(second["users_with_record"] == 1 && second["addicts/male"] == 0 && second["users_served"] == 0)
            // The session of 01/08 was while 23425 kept the record: it stays counted there.
            #expect(second["counselling"] == 1)
            let received = try await Self.values(app, "23377", "2026S2")
            #expect(received["users_with_record"] == 1 && received["addicts/male"] == 1 && received["users_served"] == 1)
            #expect(received["counselling"] == 0)
            // The first half is as it was: the man was in 23425 on 30/06.
            #expect(try await Self.values(app, "23425", "2026S1")["users_with_record"] == 1)

            // Closing the record takes him out of the stock at the end of the half.
            try await registry.close(man, closing: .death, on: "2026-11-02", version: 4, today: Self.today, context: Self.receiver)
            #expect(try await Self.values(app, "23377", "2026S2")["users_with_record"] == 0)

            // Every derived value's history says where it came from.
            let sql = app.db as! any SQLDatabase
            let sourcesSeen = try await sql.raw("SELECT DISTINCT source FROM data_value_history WHERE unit_code IN ('23425', '23377')").all()
                .map { try $0.decode(column: "source", as: String.self) }
            #expect(sourcesSeen == ["registry"])
        }
    }

    @Test(arguments: TestBackend.available)
    func aDerivedValueIsNotTypedAndAnElementNotDerivedStillIs(backend: TestBackend) async throws {
        try await withRegistry(backend) { app, _, sources in
            _ = try await sources.choose(
                elements: ["users_with_record"], unitCode: "23425", source: .peopleRegistry, fromYear: 2026, today: Self.today,
                context: Self.office)
            let store = DataValueStore(database: app.db)
            let refused = try await store.save(
                [DataValueChange(element: "users_with_record", value: 7, expectedVersion: 1)], placement: Self.tuMoRong,
                period: .halfYear(2026, half: 1), context: Self.officer)
            #expect(refused == .changedMeanwhile)
            #expect(try await Self.values(app, "23425", "2026S1")["users_with_record"] == 0)
            let typed = try await store.save(
                [DataValueChange(element: "post_rehab_managed", value: 3, expectedVersion: nil)], placement: Self.tuMoRong,
                period: .halfYear(2026, half: 1), context: Self.officer)
            #expect(typed == .saved(changed: 1))

            // Back to typed: the value stays, and can be typed over.
            _ = try await sources.choose(
                elements: ["users_with_record"], unitCode: "23425", source: .typed, fromYear: 2026, today: Self.today, context: Self.office)
            let again = try await store.save(
                [DataValueChange(element: "users_with_record", value: 7, expectedVersion: 1)], placement: Self.tuMoRong,
                period: .halfYear(2026, half: 1), context: Self.officer)
            #expect(again == .saved(changed: 1))

            // Derived from 2025 in 23425, which named Xã Đắk Hà until 30/06/2025: Đắk Hà's first half is still typed.
            _ = try await sources.choose(
                elements: ["users_with_record"], unitCode: "23425", source: .peopleRegistry, fromYear: 2025, today: Self.today, context: Self.office)
            let dakHa = try await store.save(
                [DataValueChange(element: "users_with_record", value: 9, expectedVersion: nil)], placement: Self.tuMoRong,
                period: .halfYear(2025, half: 1), context: Self.officer)
            #expect(dakHa == .saved(changed: 1))
            #expect(try await sources.derivedElements(unitCode: "23425", period: .halfYear(2025, half: 1)).isEmpty)
            #expect(try await sources.derivedElements(unitCode: "23425", period: .halfYear(2025, half: 2)) == ["users_with_record"])
            let tuMoRong = try await store.save(
                [DataValueChange(element: "users_with_record", value: 9, expectedVersion: nil)], placement: Self.tuMoRong,
                period: .halfYear(2025, half: 2), context: Self.officer)
            #expect(tuMoRong == .changedMeanwhile)

            // What cannot be derived is refused, naming it.
            await #expect(throws: ElementSourceError.notDerivable("drug_cases_detected")) {
                try await sources.choose(
                    elements: ["drug_cases_detected"], unitCode: "23425", source: .peopleRegistry, fromYear: 2026, today: Self.today,
                    context: Self.office)
            }
            await #expect(throws: ElementSourceError.notACommune("51")) {
                try await sources.choose(
                    elements: ["addicts"], unitCode: "51", source: .peopleRegistry, fromYear: 2026, today: Self.today, context: Self.office)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func anApprovedPeriodKeepsItsFiguresAndTheReconciliationShowsTheRegistrysCount(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let registry = PeopleRegistryStore(database: app.db, cipher: PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate())))
            let sources = ElementSourceStore(database: app.db)
            // 23425 typed 4 people with a record for the second half of 2025, and its report was approved.
            let store = DataValueStore(database: app.db)
            #expect(
                try await store.save(
                    [DataValueChange(element: "users_with_record", value: 4, expectedVersion: nil)], placement: Self.tuMoRong,
                    period: .halfYear(2025, half: 2), context: Self.officer) == .saved(changed: 1))
            let reports = try await LockFixture.open(app, plan: plan, .halfYear(2025, half: 2), units: ["23425"])
            try await LockFixture.move(app, reports["23425"]!, .submit, .approve)

            _ = try await registry.register(
                Self.registration("Nguyễn Văn Mẫu", id: nil, from: "2025-08-01"), placement: Self.tuMoRong, today: Self.today,
                context: Self.officer)
            // The registry knows one; the reconciliation shows it beside the typed four.
            let rows = try await sources.reconciliation(unitCodes: ["23425"], periods: [.halfYear(2025, half: 2)])
            let row = try #require(rows.first { $0.key == DataValueKey(element: "users_with_record") })
            #expect(row.saved == 4 && row.registry == 1 && row.source == .typed && row.differs)

            // Switched to derived from 2025: the approved half keeps its 4; the year 2025, not approved, takes 1.
            let outcome = try await sources.choose(
                elements: ["users_with_record"], unitCode: "23425", source: .peopleRegistry, fromYear: 2025, today: Self.today,
                context: Self.office)
            #expect(outcome.kept.map(\.period) == [.halfYear(2025, half: 2)])
            #expect(try await Self.values(app, "23425", "2025S2")["users_with_record"] == 4)
            #expect(try await Self.values(app, "23425", "2025")["users_with_record"] == 1)
            #expect(try await Self.values(app, "23425", "2026S2")["users_with_record"] == 1)
            // 23425 named Xã Đắk Hà until 30/06/2025: its first half is never written for Xã Tu Mơ Rông.
            #expect(try await Self.values(app, "23425", "2025S1").isEmpty)
        }
    }
}
