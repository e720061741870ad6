import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// A person as a list shows them before the record is opened: initials, year of birth, the last digits of the ID
/// number (``PersonalName/masked(_:)``, ``PersonalIDNumber/masked(_:)``), and the record's state.
public struct PersonSummary: Sendable, Equatable {
    public var id: UUID
    public var maskedName: String
    public var birthYear: Int?
    public var maskedIDNumber: String?
    public var sex: PersonSex
    public var status: DrugUseStatus
    public var managedFrom: String
    public var closedOn: String?
    /// The commune the record is being moved to, until that commune accepts it.
    public var transferTo: String?
    public var version: Int
    /// The management periods, in the order they began.
    public var periods: [ManagementPeriod] = []
    /// The days of the services recorded.
    public var serviceDays: [String] = []

    /// What the to-do list says of the record on `today` (nothing for a closed record).
    public func due(today: String, rules: ManagementRules) -> [ManagementDue] {
        guard closedOn == nil else { return [] }
        return ManagementDue.items(
            status: status, managedFrom: managedFrom, periods: periods, serviceDays: serviceDays, today: today, rules: rules)
    }
}

/// A person's record opened (and the read audited): the identity, where it is kept, and its history.
public struct PersonRecord: Sendable, Equatable {
    public var id: UUID
    public var identity: PersonIdentity
    public var placement: UnitPlacement
    public var status: DrugUseStatus
    public var statusOn: String
    public var statusBody: String
    public var managedFrom: String
    public var transferTo: String?
    public var closedOn: String?
    public var closing: PersonClosing?
    public var version: Int
    public var history: [PersonEvent]

    /// The management periods the history makes, in the order they began.
    public var periods: [ManagementPeriod] { PeopleRegistryStore.periods(of: history) }
}

/// One event of a record's history, oldest first.
public struct PersonEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case registered, service, transferRequested = "transfer_requested", transferAccepted = "transfer_accepted", closed, resealed
        /// A management period begun (`code` its kind, `endsOn` its last day as computed then).
        case periodStarted = "period_started"
        /// A management period ended before its last day (`code` its kind).
        case periodEnded = "period_ended"
    }
    public var kind: Kind
    /// The day it concerns, "yyyy-mm-dd".
    public var on: String
    /// A service's kind, a commune's code, a closing's reason.
    public var code: String
    public var note: String
    public var recordedBy: String
    public var recordedAt: Date
    /// A management period's last day, for ``Kind/periodStarted``.
    public var endsOn: String? = nil
}

/// Where a number already is when a registration repeats it (issue 17: "same ID number anywhere in the province:
/// show where, never merge silently").
public struct RegistryDuplicate: Sendable, Equatable {
    public var personID: UUID
    public var communeCode: String
    public var isClosed: Bool
}

public enum PeopleRegistryError: Error, Equatable {
    /// The input, with each problem naming its field.
    case problems([FieldProblem])
    /// The ID number is already in the province's registry, in these records.
    case duplicate([RegistryDuplicate])
    case notFound
    /// The record changed since it was read (another officer saved first): its version now.
    case conflict(current: Int)
    /// The action does not fit the record's state (closed, no move waiting, a move to another commune), in words.
    case notNow(en: String, vi: String)
}

/// The registry of people under management (issue 17): registration with the province-wide match of ID numbers,
/// the masked list of a commune with accent-free search, the audited opening of a record, services, moves between
/// communes that the receiving commune accepts, closing, and sealing again after a change of key. Every change is
/// saved with its audit event and its history event in one transaction, and checks the version it was made from.
/// The caller decides who may do what where (the web layer's access rules); the store never writes identifying
/// data in clear, in its tables or in the audit log.
public struct PeopleRegistryStore: Sendable {
    let database: any Database
    public let cipher: PersonalDataCipher

    public init(database: any Database, cipher: PersonalDataCipher) {
        self.database = database; self.cipher = cipher
    }

    static let entity = "registry_person"

    // MARK: Registering

    /// Enters a person in the registry of the commune `placement` names.
    ///
    /// - Returns: the record's id.
    /// - Throws: ``PeopleRegistryError/problems(_:)`` for input that fails ``PeopleRegistryRules``,
    ///   ``PeopleRegistryError/duplicate(_:)`` when the ID number is in a record of the same province already.
    ///
    /// `period`: the kind of management period the registration starts from the day management begins (the kind
    /// ``ManagementRules/kind(startedBy:)`` names for the status), nil for none.
    public func register(
        _ registration: PersonRegistration, placement: UnitPlacement, period: ManagementPeriodKind? = nil, today: String, context: ChangeContext
    ) async throws -> UUID {
        let problems = PeopleRegistryRules.problems(registration, today: today)
        guard problems.isEmpty else { throw PeopleRegistryError.problems(problems) }
        let identity = registration.identity
        let number = identity.idNumber.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let cipher = self.cipher
        let digests = try number.map { try cipher.digests(idNumber: $0) } ?? []
        let id = UUID.timeOrdered()
        return try await AuditLog(database: database).transaction { db, audit in
            if !digests.isEmpty {
                let found = try await RegistryPersonModel.query(on: db).filter(\.$idDigest ~~ digests)
                    .filter(\.$provinceCode == placement.provinceCode).all()
                if !found.isEmpty {
                    throw PeopleRegistryError.duplicate(
                        found.map { RegistryDuplicate(personID: $0.id!, communeCode: $0.communeCode, isClosed: $0.closedOn != nil) })
                }
            }
            let model = try Self.model(
                registration, id: id, placement: placement, number: number, digest: digests.first, cipher: cipher, actor: context.actor)
            try await model.create(on: db)
            try await Self.event(id, .registered, on: registration.managedFrom, code: placement.unitCode, by: context.actor, on: db)
            if let period, let endsOn = period.endsOn(start: registration.managedFrom) {
                try await Self.event(id, .periodStarted, on: registration.managedFrom, code: period.code, endsOn: endsOn, by: context.actor, on: db)
            }
            _ = try await DerivedValues.refresh(
                communes: [placement.unitCode], fromDay: registration.managedFrom, today: today, context: context, db: db, audit: audit,
                sources: [.peopleRegistry])
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .create, entity: Self.entity,
                    entityID: id.uuidString, unitCode: placement.unitCode, summary: "Registered a person under management",
                    after: ["status": registration.status.rawValue, "commune": placement.unitCode, "managedFrom": registration.managedFrom]
                        .merging(period.map { ["period": $0.code] } ?? [:]) { a, _ in a }))
            return id
        }
    }

    /// A new record of `registration`, its identifying fields sealed for record `id`: `number` is the ID number as
    /// written (nil for none) and `digest` its digest under the current key.
    static func model(
        _ registration: PersonRegistration, id: UUID, placement: UnitPlacement, number: String?, digest: String?, cipher: PersonalDataCipher,
        actor: String
    ) throws -> RegistryPersonModel {
        func seal(_ text: String, _ column: String) -> String {
            cipher.seal(text, for: SealedPlace(table: RegistryPersonModel.schema, column: column, recordID: id.uuidString))
        }
        let identity = registration.identity
        let model = RegistryPersonModel()
        model.id = id
        model.communeCode = placement.unitCode; model.districtCode = placement.districtCode; model.provinceCode = placement.provinceCode
        model.fullNameSealed = seal(identity.fullName.trimmingCharacters(in: .whitespaces), "full_name_sealed")
        model.otherNamesSealed = seal(identity.otherNames, "other_names_sealed")
        model.sex = identity.sex.rawValue
        model.birthSealed = seal(identity.birth, "birth_sealed")
        model.idNumberSealed = try number.map { seal(try PersonalIDNumber.normalized($0), "id_number_sealed") }
        model.idDigest = digest
        model.addressSealed = seal(identity.address, "address_sealed")
        model.status = registration.status.rawValue; model.statusOn = registration.statusOn
        model.statusBody = registration.statusBody.trimmingCharacters(in: .whitespaces)
        model.managedFrom = registration.managedFrom
        model.version = 1; model.updatedBy = actor; model.updatedAt = Date()
        return model
    }

    // MARK: Reading

    /// The people whose record a commune keeps (and those being moved to it), masked, in the order they were
    /// registered; `search` keeps those whose name or other names contain every word of it, accents and case
    /// aside ("nguyen van" finds "Nguyễn Văn An"). Names are opened in memory for the search and never returned.
    public func list(communeCode: String, search: String = "", includeClosed: Bool = false) async throws -> [PersonSummary] {
        // Two lookups, each by its own index, rather than one OR that neither index serves (a scan of the country's
        // registry for one commune's list).
        var kept = RegistryPersonModel.query(on: database).filter(\.$communeCode == communeCode)
        if !includeClosed { kept = kept.filter(\.$closedOn == nil) }
        let incoming = try await RegistryPersonModel.query(on: database).filter(\.$transferTo == communeCode).all()
        let rows = (try await kept.all() + incoming.filter { $0.communeCode != communeCode && (includeClosed || $0.closedOn == nil) })
            .sorted { $0.id!.uuidString < $1.id!.uuidString }
        let words = search.trimmingCharacters(in: .whitespaces)
        let found = try rows.compactMap { row -> PersonSummary? in
            let id = row.id!
            func open(_ sealed: String, _ column: String) throws -> String {
                try cipher.open(sealed, for: SealedPlace(table: RegistryPersonModel.schema, column: column, recordID: id.uuidString))
            }
            let name = try open(row.fullNameSealed, "full_name_sealed")
            if !words.isEmpty {
                let other = try open(row.otherNamesSealed, "other_names_sealed")
                guard (name + " " + other).matchesSearch(words) else { return nil }
            }
            let birth = try open(row.birthSealed, "birth_sealed")
            return PersonSummary(
                id: id, maskedName: PersonalName.masked(name), birthYear: Int(birth.prefix(4)),
                maskedIDNumber: try row.idNumberSealed.map { PersonalIDNumber.masked(try open($0, "id_number_sealed")) },
                sex: PersonSex(rawValue: row.sex) ?? .male, status: DrugUseStatus(rawValue: row.status) ?? .illicitUser,
                managedFrom: row.managedFrom, closedOn: row.closedOn, transferTo: row.transferTo, version: row.version)
        }
        let facts = try await Self.periodFacts(of: found.map(\.id), on: database)
        return found.map { summary in
            var summary = summary
            summary.periods = facts[summary.id]?.periods ?? []
            summary.serviceDays = facts[summary.id]?.serviceDays ?? []
            return summary
        }
    }

    /// Where a record is kept, without opening it (for the caller's access check).
    public func placement(of id: UUID) async throws -> (placement: UnitPlacement, transferTo: String?)? {
        guard let row = try await RegistryPersonModel.find(id, on: database) else { return nil }
        return (UnitPlacement(unitCode: row.communeCode, districtCode: row.districtCode, provinceCode: row.provinceCode), row.transferTo)
    }

    /// Opens a person's record, writing the read to the audit log with `purpose` in the same transaction: no record
    /// is shown whose read is not logged.
    ///
    /// - Throws: ``PeopleRegistryError/problems(_:)`` without a purpose (at least 5 characters),
    ///   ``PeopleRegistryError/notFound``.
    public func open(_ id: UUID, purpose: String, context: ChangeContext) async throws -> PersonRecord {
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard purpose.count >= 5, purpose.count <= 500 else {
            throw PeopleRegistryError.problems([
                FieldProblem(
                    field: "purpose", en: "Say why you open this record (5 to 500 characters).",
                    vi: "Nêu mục đích xem hồ sơ (từ 5 đến 500 ký tự).")
            ])
        }
        let cipher = self.cipher
        return try await AuditLog(database: database).transaction { db, audit in
            guard let row = try await RegistryPersonModel.find(id, on: db) else { throw PeopleRegistryError.notFound }
            let record = try Self.record(row, events: try await Self.events(id, on: db), cipher: cipher)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .read, entity: Self.entity,
                    entityID: id.uuidString, unitCode: row.communeCode, summary: "Opened the record of a person under management",
                    after: ["purpose": purpose]))
            return record
        }
    }

    // MARK: Changing

    /// Records a service the person received on `day`.
    public func addService(
        _ id: UUID, kind: PersonServiceKind, on day: String, note: String = "", version: Int, today: String, context: ChangeContext
    ) async throws {
        try Self.checkDay(day, field: "on", today: today)
        try await change(id, version: version, context: context, summary: "Recorded a service: \(kind.rawValue)", derivedFrom: day, today: today) {
            row, db in
            guard row.closedOn == nil else { throw Self.closedError }
            try await Self.event(id, .service, on: day, code: kind.rawValue, note: self.sealNote(note, id), by: context.actor, on: db)
            return ["service": kind.rawValue, "on": day]
        }
    }

    /// Asks to move the record to another commune (the person moved there); it stays with this commune, and in its
    /// list, until the other commune accepts it.
    public func requestTransfer(_ id: UUID, to communeCode: String, on day: String, version: Int, today: String, context: ChangeContext) async throws
    {
        try Self.checkDay(day, field: "on", today: today)
        try await change(
            id, version: version, context: context, summary: "Asked to move the record to \(communeCode)", derivedFrom: nil, today: today
        ) { row, db in
            guard row.closedOn == nil else { throw Self.closedError }
            guard row.communeCode != communeCode else {
                throw PeopleRegistryError.notNow(en: "The record is already kept by this commune.", vi: "Hồ sơ đang do chính xã này quản lý.")
            }
            row.transferTo = communeCode
            try await Self.event(id, .transferRequested, on: day, code: communeCode, by: context.actor, on: db)
            return ["transferTo": communeCode]
        }
    }

    /// The receiving commune (`placement`) accepts a record moved to it: from now on it keeps it. The history stays.
    public func acceptTransfer(_ id: UUID, into placement: UnitPlacement, on day: String, version: Int, today: String, context: ChangeContext)
        async throws
    {
        try Self.checkDay(day, field: "on", today: today)
        try await change(
            id, version: version, context: context, summary: "Accepted the record moved to \(placement.unitCode)", derivedFrom: day,
            today: today
        ) { row, db in
            guard row.transferTo == placement.unitCode else {
                throw PeopleRegistryError.notNow(
                    en: "No move of this record to this commune is waiting.", vi: "Không có yêu cầu chuyển hồ sơ này đến xã này.")
            }
            let from = row.communeCode
            row.communeCode = placement.unitCode; row.districtCode = placement.districtCode; row.provinceCode = placement.provinceCode
            row.transferTo = nil
            try await Self.event(id, .transferAccepted, on: day, code: placement.unitCode, by: context.actor, on: db)
            return ["commune": placement.unitCode, "from": from]
        }
    }

    /// Closes the record for `closing` on `day`; it stays in the registry, out of the commune's current list.
    public func close(_ id: UUID, closing: PersonClosing, on day: String, version: Int, today: String, context: ChangeContext) async throws {
        try Self.checkDay(day, field: "on", today: today)
        try await change(id, version: version, context: context, summary: "Closed the record: \(closing.rawValue)", derivedFrom: day, today: today) {
            row, db in
            guard row.closedOn == nil else { throw Self.closedError }
            row.closedOn = day; row.closing = closing.rawValue; row.transferTo = nil
            // Periods still running on the day end with the record, each in the history.
            let periods = Self.periods(of: try await Self.events(id, on: db).map(Self.plainEvent))
            for period in periods where period.covers(day) && period.startOn < day {
                try await Self.event(id, .periodEnded, on: day, code: period.kind, by: context.actor, on: db)
            }
            try await Self.event(id, .closed, on: day, code: closing.rawValue, by: context.actor, on: db)
            return ["closing": closing.rawValue, "closedOn": day]
        }
    }

    /// Seals again, with the current key, every value sealed with an earlier one, and digests ID numbers under it
    /// (after a change of key: `pcmt personal-key rotate`). Records are rewritten in batches of 500, each batch in one
    /// transaction with its audit event.
    ///
    /// - Returns: how many records were sealed again.
    public func resealAll(context: ChangeContext) async throws -> Int {
        var count = 0
        let cipher = self.cipher
        while true {
            // The next 500 records with a value or a note not sealed with the current key, found by one statement
            // (not by reading every record into memory for each batch).
            let stale = "pd1.%"
            let current = cipher.currentPrefix + "%"
            let ids = try await (database as! any SQLDatabase).raw(
                """
                SELECT id FROM registry_people WHERE full_name_sealed NOT LIKE \(bind: current)
                OR other_names_sealed NOT LIKE \(bind: current) OR birth_sealed NOT LIKE \(bind: current)
                OR address_sealed NOT LIKE \(bind: current) OR (id_number_sealed LIKE \(bind: stale) AND id_number_sealed NOT LIKE \(bind: current))
                OR id IN (SELECT person_id FROM registry_person_events WHERE note_sealed LIKE \(bind: stale) AND note_sealed NOT LIKE \(bind: current))
                ORDER BY id LIMIT 500
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            guard !ids.isEmpty else { break }
            try await AuditLog(database: database).transaction { db, audit in
                for id in ids {
                    guard let row = try await RegistryPersonModel.find(id, on: db) else { continue }
                    func again(_ sealed: String, _ column: String) throws -> String {
                        let place = SealedPlace(table: RegistryPersonModel.schema, column: column, recordID: id.uuidString)
                        return cipher.isCurrent(sealed) ? sealed : cipher.seal(try cipher.open(sealed, for: place), for: place)
                    }
                    row.fullNameSealed = try again(row.fullNameSealed, "full_name_sealed")
                    row.otherNamesSealed = try again(row.otherNamesSealed, "other_names_sealed")
                    row.birthSealed = try again(row.birthSealed, "birth_sealed")
                    row.addressSealed = try again(row.addressSealed, "address_sealed")
                    if let sealed = row.idNumberSealed {
                        let place = SealedPlace(table: RegistryPersonModel.schema, column: "id_number_sealed", recordID: id.uuidString)
                        row.idNumberSealed = try again(sealed, "id_number_sealed")
                        row.idDigest = try cipher.digest(idNumber: try cipher.open(row.idNumberSealed!, for: place))
                    }
                    try await row.save(on: db)
                }
                for event in try await RegistryPersonEventModel.query(on: db).filter(\.$personID ~~ ids).all() where !event.noteSealed.isEmpty {
                    let place = SealedPlace(table: RegistryPersonEventModel.schema, column: "note_sealed", recordID: event.id!.uuidString)
                    if !cipher.isCurrent(event.noteSealed) {
                        event.noteSealed = cipher.seal(try cipher.open(event.noteSealed, for: place), for: place)
                        try await event.save(on: db)
                    }
                }
                try await audit.record(
                    AuditEntry(
                        actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update, entity: Self.entity,
                        summary: "Sealed \(ids.count) records again with the current personal data key \(cipher.keyring.current.id)"))
            }
            count += ids.count
        }
        return count
    }

    /// How many sealed values of the registry (every sealed column of its people and of their events) were sealed
    /// with a key other than the current one: while any is, the keys before the current one are still needed
    /// (`pcmt personal-key prune` refuses to remove them).
    public func valuesSealedWithEarlierKeys() async throws -> Int {
        let cipher = self.cipher
        let people = try await RegistryPersonModel.query(on: database).all().reduce(0) { count, row in
            count + Self.sealedValues(of: row).filter { !cipher.isCurrent($0) }.count
        }
        let notes = try await RegistryPersonEventModel.query(on: database).all().filter {
            !$0.noteSealed.isEmpty && !cipher.isCurrent($0.noteSealed)
        }.count
        return people + notes
    }

    // MARK: Helpers

    /// The sealed values of a person's row that hold something (an empty text is no sealed value).
    static func sealedValues(of row: RegistryPersonModel) -> [String] {
        [row.fullNameSealed, row.otherNamesSealed, row.birthSealed, row.addressSealed, row.idNumberSealed ?? ""].filter { !$0.isEmpty }
    }

    static let closedError = PeopleRegistryError.notNow(en: "The record is closed.", vi: "Hồ sơ đã đóng.")

    static func checkDay(_ day: String, field: String, today: String) throws {
        if OfficialDate(iso: day) == nil {
            throw PeopleRegistryError.problems([
                FieldProblem(field: field, en: "A real day written yyyy-mm-dd.", vi: "Ngày phải là một ngày có thật (năm-tháng-ngày).")
            ])
        }
        if day > today {
            throw PeopleRegistryError.problems([FieldProblem(field: field, en: "Not after today.", vi: "Ngày không được sau ngày hôm nay.")])
        }
    }

    func sealNote(_ note: String, _ personID: UUID) -> (UUID) -> String {
        let cipher = self.cipher
        return { eventID in
            note.isEmpty
                ? ""
                : cipher.seal(note, for: SealedPlace(table: RegistryPersonEventModel.schema, column: "note_sealed", recordID: eventID.uuidString))
        }
    }

    /// One change of a record: read in the transaction, its version checked, `apply` run (it may add events), the
    /// version raised, and the audit event recorded with `apply`'s map (no identifying data).
    ///
    /// `derivedFrom`: the day from which the change moves the registry's counts (nil: it moves none); the derived
    /// values of every commune that kept the record are counted again from it in the same transaction
    /// (``DerivedValues/refresh(communes:fromDay:today:context:db:audit:)``).
    func change(
        _ id: UUID, version: Int, context: ChangeContext, summary: String, derivedFrom: String?, today: String,
        apply: @escaping @Sendable (RegistryPersonModel, any Database) async throws -> [String: String]
    ) async throws {
        try await AuditLog(database: database).transaction { db, audit in
            guard let row = try await RegistryPersonModel.find(id, on: db) else { throw PeopleRegistryError.notFound }
            guard row.version == version else { throw PeopleRegistryError.conflict(current: row.version) }
            let after = try await apply(row, db)
            row.version += 1; row.updatedBy = context.actor; row.updatedAt = Date()
            try await row.save(on: db)
            if let derivedFrom {
                let placedKinds = [PersonEvent.Kind.registered.rawValue, PersonEvent.Kind.transferAccepted.rawValue]
                let communes = try await RegistryPersonEventModel.query(on: db).filter(\.$personID == id).filter(\.$kind ~~ placedKinds)
                    .all().map(\.code)
                _ = try await DerivedValues.refresh(
                    communes: communes + [row.communeCode], fromDay: derivedFrom, today: today, context: context, db: db, audit: audit,
                    sources: [.peopleRegistry])
            }
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update, entity: Self.entity,
                    entityID: id.uuidString, unitCode: row.communeCode, summary: summary,
                    after: after.merging(["version": String(row.version)]) { a, _ in a }))
        }
    }

    static func event(
        _ personID: UUID, _ kind: PersonEvent.Kind, on day: String, code: String, endsOn: String? = nil, note: ((UUID) -> String)? = nil,
        by actor: String, on db: any Database
    ) async throws {
        let model = RegistryPersonEventModel()
        let id = UUID.timeOrdered()
        model.id = id; model.personID = personID; model.kind = kind.rawValue; model.onDay = day; model.code = code
        model.endsOn = endsOn
        model.noteSealed = note?(id) ?? ""; model.recordedBy = actor; model.recordedAt = Date()
        try await model.create(on: db)
    }

    static func events(_ personID: UUID, on db: any Database) async throws -> [RegistryPersonEventModel] {
        try await RegistryPersonEventModel.query(on: db).filter(\.$personID == personID).sort(\.$id).all()
    }

    static func record(_ row: RegistryPersonModel, events: [RegistryPersonEventModel], cipher: PersonalDataCipher) throws -> PersonRecord {
        let id = row.id!
        func open(_ sealed: String, _ column: String) throws -> String {
            try cipher.open(sealed, for: SealedPlace(table: RegistryPersonModel.schema, column: column, recordID: id.uuidString))
        }
        let identity = PersonIdentity(
            fullName: try open(row.fullNameSealed, "full_name_sealed"), otherNames: try open(row.otherNamesSealed, "other_names_sealed"),
            sex: PersonSex(rawValue: row.sex) ?? .male, birth: try open(row.birthSealed, "birth_sealed"),
            idNumber: try row.idNumberSealed.map { try open($0, "id_number_sealed") }, address: try open(row.addressSealed, "address_sealed"))
        let history = try events.map { event in
            PersonEvent(
                kind: PersonEvent.Kind(rawValue: event.kind) ?? .registered, on: event.onDay, code: event.code,
                note: event.noteSealed.isEmpty
                    ? ""
                    : try cipher.open(
                        event.noteSealed,
                        for: SealedPlace(table: RegistryPersonEventModel.schema, column: "note_sealed", recordID: event.id!.uuidString)),
                recordedBy: event.recordedBy, recordedAt: event.recordedAt, endsOn: event.endsOn)
        }
        return PersonRecord(
            id: id, identity: identity,
            placement: UnitPlacement(unitCode: row.communeCode, districtCode: row.districtCode, provinceCode: row.provinceCode),
            status: DrugUseStatus(rawValue: row.status) ?? .illicitUser, statusOn: row.statusOn, statusBody: row.statusBody,
            managedFrom: row.managedFrom, transferTo: row.transferTo, closedOn: row.closedOn, closing: row.closing.flatMap(PersonClosing.init),
            version: row.version, history: history)
    }
}
