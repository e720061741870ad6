import Fluent
import Foundation
import PCMTDomain

/// An open record on the registry's to-do list (issue 17: "the due dates (management ending, services overdue) on the
/// commune's and district's to-do list"): masked as in a commune's list, with the commune keeping it.
public struct RegistryDueEntry: Sendable, Equatable {
    public var person: PersonSummary
    public var communeCode: String
    public var items: [ManagementDue]

    public init(person: PersonSummary, communeCode: String, items: [ManagementDue]) {
        self.person = person; self.communeCode = communeCode; self.items = items
    }
}

/// Management periods of a person (issue 17: "management periods with their legal durations"): begun with the kind's
/// duration of the day (the end day is computed then and saved with the period's event, so that a later change of
/// the durations' data moves no saved end day), ended early, and the to-do list of the communes within reach.
extension PeopleRegistryStore {
    /// Begins a management period of `kind` on `day`; its last day is computed from the kind's duration now and
    /// saved. Moves the derived values from `day` (`post_rehab_managed`).
    ///
    /// - Throws: ``PeopleRegistryError/problems(_:)`` for a day that is not a real day, is after today or before
    ///   management began; ``PeopleRegistryError/notNow(en:vi:)`` for a closed record, a period of the same kind
    ///   running on that day, or a kind that follows a service (``ManagementPeriodKind/afterServices``) none of which is
    ///   recorded on or before the day; ``PeopleRegistryError/conflict(current:)`` when the record changed meanwhile.
    public func startPeriod(_ id: UUID, kind: ManagementPeriodKind, on day: String, version: Int, today: String, context: ChangeContext)
        async throws
    {
        try Self.checkDay(day, field: "on", today: today)
        guard let endsOn = kind.endsOn(start: day) else { return }
        try await change(
            id, version: version, context: context, summary: "Began a management period: \(kind.code)", derivedFrom: day, today: today
        ) { row, db in
            guard row.closedOn == nil else { throw Self.closedError }
            guard day >= row.managedFrom else {
                throw PeopleRegistryError.problems([
                    FieldProblem(field: "on", en: "Not before management began.", vi: "Không được trước ngày bắt đầu quản lý.")
                ])
            }
            let history = try await Self.events(id, on: db).map(Self.plainEvent)
            if let running = Self.periods(of: history).first(where: { $0.kind == kind.code && $0.covers(day) }) {
                throw PeopleRegistryError.notNow(
                    en: "A period of this kind runs on that day (to \(OfficialDate.short(running.endsOn))).",
                    vi: "Người này đang trong thời hạn \(kind.nameVi.lowercased()) vào ngày đó (đến \(OfficialDate.short(running.endsOn))).")
            }
            if !kind.afterServices.isEmpty {
                let wanted = Set(kind.afterServices.map(\.rawValue))
                guard history.contains(where: { $0.kind == .service && wanted.contains($0.code) && $0.on <= day }) else {
                    throw PeopleRegistryError.notNow(
                        en: "\(kind.nameEn) follows a rehabilitation: record the rehabilitation first.",
                        vi: "\(kind.nameVi) chỉ bắt đầu sau khi cai nghiện: hãy ghi nhận việc cai nghiện trước.")
                }
            }
            try await Self.event(id, .periodStarted, on: day, code: kind.code, endsOn: endsOn, by: context.actor, on: db)
            return ["period": kind.code, "on": day, "endsOn": endsOn]
        }
    }

    /// Ends the running period of `kind` (a code) early on `day`, with `note` (sealed) saying why; the record stays
    /// open (closing it ends its periods too).
    ///
    /// - Throws: ``PeopleRegistryError/notNow(en:vi:)`` when no period of the kind runs on that day or the record is
    ///   closed; ``PeopleRegistryError/problems(_:)`` for a bad day; ``PeopleRegistryError/conflict(current:)``.
    public func endPeriod(
        _ id: UUID, kind: String, on day: String, note: String = "", version: Int, today: String, context: ChangeContext
    ) async throws {
        try Self.checkDay(day, field: "on", today: today)
        try await change(id, version: version, context: context, summary: "Ended a management period early: \(kind)", derivedFrom: day, today: today)
        {
            row, db in
            guard row.closedOn == nil else { throw Self.closedError }
            let history = try await Self.events(id, on: db).map(Self.plainEvent)
            guard Self.periods(of: history).contains(where: { $0.kind == kind && $0.covers(day) && $0.startOn < day }) else {
                throw PeopleRegistryError.notNow(
                    en: "No period of this kind runs on that day (after its first day).",
                    vi: "Không có thời hạn quản lý loại này đang chạy vào ngày đó (sau ngày bắt đầu).")
            }
            try await Self.event(id, .periodEnded, on: day, code: kind, note: self.sealNote(note, id), by: context.actor, on: db)
            return ["period": kind, "endedOn": day]
        }
    }

    /// The open records kept by `communeCodes` that the to-do list names on `today`, masked (names opened only for
    /// those), ordered by the day each is about, earliest first.
    public func due(communeCodes: [String], today: String, rules: ManagementRules) async throws -> [RegistryDueEntry] {
        var entries: [RegistryDueEntry] = []
        for found in try await dueRows(communeCodes: communeCodes, today: today, rules: rules) {
            var summary = try summaryOf(found.row)
            summary.periods = found.periods
            summary.serviceDays = found.serviceDays
            entries.append(RegistryDueEntry(person: summary, communeCode: found.row.communeCode, items: found.items))
        }
        return entries.sorted { ($0.items.map(\.day).min() ?? "", $0.communeCode) < ($1.items.map(\.day).min() ?? "", $1.communeCode) }
    }

    /// What the to-do list of `communeCodes` holds on `today`, without opening any sealed value: every item of every
    /// open record (a home page's summary).
    public func dueItems(communeCodes: [String], today: String, rules: ManagementRules) async throws -> [ManagementDue] {
        try await dueRows(communeCodes: communeCodes, today: today, rules: rules).flatMap(\.items)
    }

    /// An open record with something due, with its periods, service days and items.
    struct DueRow {
        var row: RegistryPersonModel
        var periods: [ManagementPeriod]
        var serviceDays: [String]
        var items: [ManagementDue]
    }

    /// The open records of `communeCodes` with something due.
    func dueRows(communeCodes: [String], today: String, rules: ManagementRules) async throws -> [DueRow] {
        guard !communeCodes.isEmpty else { return [] }
        var rows: [RegistryPersonModel] = []
        for chunk in BulkSQL.chunks(communeCodes, size: 500) {
            rows += try await RegistryPersonModel.query(on: database).filter(\.$communeCode ~~ Array(chunk)).filter(\.$closedOn == nil).all()
        }
        let facts = try await Self.periodFacts(of: rows.compactMap(\.id), on: database)
        var found: [DueRow] = []
        for row in rows {
            let periods = facts[row.id!]?.periods ?? []
            let serviceDays = facts[row.id!]?.serviceDays ?? []
            let items = ManagementDue.items(
                status: DrugUseStatus(rawValue: row.status) ?? .illicitUser, managedFrom: row.managedFrom, periods: periods,
                serviceDays: serviceDays, today: today, rules: rules)
            if !items.isEmpty { found.append(DueRow(row: row, periods: periods, serviceDays: serviceDays, items: items)) }
        }
        return found
    }

    // MARK: Helpers

    /// A row as a list shows it, masked (its name, birth and number opened in memory, never returned).
    func summaryOf(_ row: RegistryPersonModel) throws -> PersonSummary {
        let id = row.id!
        func open(_ sealed: String, _ column: String) throws -> String {
            try cipher.open(sealed, for: SealedPlace(table: RegistryPersonModel.schema, column: column, recordID: id.uuidString))
        }
        return PersonSummary(
            id: id, maskedName: PersonalName.masked(try open(row.fullNameSealed, "full_name_sealed")),
            birthYear: Int(try open(row.birthSealed, "birth_sealed").prefix(4)),
            maskedIDNumber: try row.idNumberSealed.map { PersonalIDNumber.masked(try open($0, "id_number_sealed")) },
            sex: PersonSex(rawValue: row.sex) ?? .male, status: DrugUseStatus(rawValue: row.status) ?? .illicitUser,
            managedFrom: row.managedFrom, closedOn: row.closedOn, transferTo: row.transferTo, version: row.version)
    }

    /// The management periods and the days of the services of each of `ids`, read from the events' kinds, days and
    /// codes (no sealed value).
    static func periodFacts(of ids: [UUID], on db: any Database) async throws -> [UUID: (periods: [ManagementPeriod], serviceDays: [String])] {
        let kinds = [PersonEvent.Kind.service, .periodStarted, .periodEnded].map(\.rawValue)
        var events: [RegistryPersonEventModel] = []
        for chunk in BulkSQL.chunks(ids, size: 500) {
            events += try await RegistryPersonEventModel.query(on: db).filter(\.$personID ~~ Array(chunk)).filter(\.$kind ~~ kinds)
                .sort(\.$id).field(\.$id).field(\.$personID).field(\.$kind).field(\.$onDay).field(\.$code).field(\.$endsOn).all()
        }
        return Dictionary(grouping: events, by: \.personID).mapValues { own in
            let plain = own.map(plainEvent)
            return (periods(of: plain), plain.filter { $0.kind == .service }.map(\.on))
        }
    }

    /// An event without its note (which stays sealed).
    static func plainEvent(_ model: RegistryPersonEventModel) -> PersonEvent {
        PersonEvent(
            kind: PersonEvent.Kind(rawValue: model.kind) ?? .registered, on: model.onDay, code: model.code, note: "", recordedBy: "",
            recordedAt: Date(timeIntervalSince1970: 0), endsOn: model.endsOn)
    }

    /// The management periods a history makes (``ManagementPeriod/from(started:ended:)``), in the order they began.
    static func periods(of history: [PersonEvent]) -> [ManagementPeriod] {
        ManagementPeriod.from(
            started: history.filter { $0.kind == .periodStarted }.map { ($0.code, $0.on, $0.endsOn ?? $0.on) },
            ended: history.filter { $0.kind == .periodEnded }.map { ($0.code, $0.on) }
        ).sorted { $0.startOn < $1.startOn }
    }
}
