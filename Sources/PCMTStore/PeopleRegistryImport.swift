import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// One row of a commune's existing list, read from its file: the row's number in the file (for messages) and the
/// registration it makes.
public struct PersonImportRow: Sendable, Equatable {
    public var row: Int
    public var registration: PersonRegistration

    public init(row: Int, registration: PersonRegistration) { self.row = row; self.registration = registration }
}

/// Why a row of a list is not imported: its row and field, in words; for an ID number already in the registry, where
/// (issue 17: "same ID number anywhere in the province: show where, never merge silently").
public struct PersonImportProblem: Sendable, Equatable {
    public var row: Int
    public var field: String
    public var en: String
    public var vi: String
    /// The records that already hold the row's ID number, in the province.
    public var duplicates: [RegistryDuplicate] = []

    public init(row: Int, field: String, en: String, vi: String, duplicates: [RegistryDuplicate] = []) {
        self.row = row; self.field = field; self.en = en; self.vi = vi; self.duplicates = duplicates
    }

    public func message(_ language: Language) -> String { language == .en ? en : vi }
}

public enum PersonImportOutcome: Sendable, Equatable {
    /// Every row registered, in one transaction.
    case imported(count: Int)
    /// Nothing registered: every problem found, by row.
    case refused([PersonImportProblem])
}

extension PeopleRegistryStore {
    /// The most rows one import takes.
    public static let importLimit = 20_000

    /// Registers every row of a commune's list (`placement`) or none: each row is checked as one registration is
    /// (``PeopleRegistryRules``), an ID number given twice in the list is refused on its later rows naming the first,
    /// and an ID number already anywhere in the province is refused naming the commune that holds it; records are
    /// never merged. Checked again inside the one transaction that writes the records, their history and one audit
    /// event (no identifying data), and counts the commune's derived values again once
    /// (``DerivedValues/refresh(communes:fromDay:today:context:db:audit:)``). With `rules`, each person whose status
    /// starts a kind of management period (``ManagementRules/kind(startedBy:)``) begins it from the day management
    /// began, as a registration does.
    ///
    /// - Returns: `.imported` with the number of people, or `.refused` with every problem, by row.
    public func importPeople(
        _ rows: [PersonImportRow], placement: UnitPlacement, rules: ManagementRules? = nil, today: String, context: ChangeContext
    ) async throws -> PersonImportOutcome {
        guard rows.count <= Self.importLimit else {
            return .refused([
                PersonImportProblem(
                    row: 0, field: "file", en: "At most \(Self.importLimit) rows in one list; this one has \(rows.count).",
                    vi: "Mỗi danh sách nhập tối đa \(Self.importLimit) dòng; danh sách này có \(rows.count) dòng.")
            ])
        }
        let (problems, numbers) = try await examine(rows, provinceCode: placement.provinceCode, today: today)
        guard problems.isEmpty else { return .refused(problems) }
        let cipher = self.cipher
        let ids = rows.map { _ in UUID.timeOrdered() }
        return try await AuditLog(database: database).transaction { db, audit in
            // Checked again where it is written: a record registered since the check is found.
            let heldNow = try await Self.held(numbers, provinceCode: placement.provinceCode, on: db)
            guard heldNow.isEmpty else { return .refused(heldNow) }
            var models: [RegistryPersonModel] = []
            var events: [RegistryPersonEventModel] = []
            let now = Date()
            for (item, id) in zip(rows, ids) {
                let number = numbers[item.row]
                models.append(
                    try Self.model(
                        item.registration, id: id, placement: placement, number: number?.number, digest: number?.digests.first, cipher: cipher,
                        actor: context.actor))
                let event = RegistryPersonEventModel()
                event.id = UUID.timeOrdered(); event.personID = id; event.kind = PersonEvent.Kind.registered.rawValue
                event.onDay = item.registration.managedFrom; event.code = placement.unitCode; event.noteSealed = ""
                event.recordedBy = context.actor; event.recordedAt = now
                // Every row of a multi-row insert has the same columns: the end day too, empty.
                event.endsOn = nil
                events.append(event)
                if let kind = rules?.kind(startedBy: item.registration.status),
                    let endsOn = kind.endsOn(start: item.registration.managedFrom)
                {
                    let period = RegistryPersonEventModel()
                    period.id = UUID.timeOrdered(); period.personID = id; period.kind = PersonEvent.Kind.periodStarted.rawValue
                    period.onDay = item.registration.managedFrom; period.code = kind.code; period.endsOn = endsOn; period.noteSealed = ""
                    period.recordedBy = context.actor; period.recordedAt = now
                    events.append(period)
                }
            }
            // Multi-row inserts within the databases' limits on bound values (21 and 9 columns).
            for chunk in BulkSQL.chunks(models, size: 1_000) { try await Array(chunk).create(on: db) }
            for chunk in BulkSQL.chunks(events, size: 2_000) { try await Array(chunk).create(on: db) }
            if let first = rows.map(\.registration.managedFrom).min() {
                _ = try await DerivedValues.refresh(
                    communes: [placement.unitCode], fromDay: first, today: today, context: context, db: db, audit: audit,
                    sources: [.peopleRegistry])
            }
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .create, entity: Self.entity,
                    entityID: "import:\(placement.unitCode)", unitCode: placement.unitCode,
                    summary: "Imported a list of \(rows.count) people under management",
                    after: ["people": String(rows.count), "commune": placement.unitCode]))
            return .imported(count: rows.count)
        }
    }

    /// Every problem of the rows, by row, without writing anything: each row's own (``PeopleRegistryRules``), an ID
    /// number given twice in the list (on its later rows, naming the first), and an ID number already held anywhere in
    /// the province (naming where) — the checks of ``importPeople(_:placement:today:context:)`` before its transaction,
    /// for a caller that found problems of its own in the file and shows them all at once.
    public func importProblems(_ rows: [PersonImportRow], provinceCode: String, today: String) async throws -> [PersonImportProblem] {
        try await examine(rows, provinceCode: provinceCode, today: today).problems
    }

    /// The rows' problems and the ID numbers to write (by row, with their digests).
    func examine(_ rows: [PersonImportRow], provinceCode: String, today: String) async throws
        -> (problems: [PersonImportProblem], numbers: [Int: (number: String, digests: [String])])
    {
        let cipher = self.cipher
        var problems: [PersonImportProblem] = []
        var found: [Int: (number: String, digests: [String])] = [:]
        var firstRowOf: [String: Int] = [:]
        for item in rows {
            for problem in PeopleRegistryRules.problems(item.registration, today: today) {
                problems.append(PersonImportProblem(row: item.row, field: problem.field, en: problem.messageEn, vi: problem.messageVi))
            }
            guard let written = item.registration.identity.idNumber?.trimmingCharacters(in: .whitespaces), !written.isEmpty,
                let normalized = try? PersonalIDNumber.normalized(written)
            else { continue }
            if let first = firstRowOf[normalized] {
                problems.append(
                    PersonImportProblem(
                        row: item.row, field: "idNumber", en: "The same ID number as row \(first).", vi: "Trùng số giấy tờ với dòng \(first)."))
                continue
            }
            firstRowOf[normalized] = item.row
            found[item.row] = (written, try cipher.digests(idNumber: written))
        }
        // Where the province holds a number already is named even beside the rows' other problems: one reading lists
        // every problem.
        problems += try await Self.held(found, provinceCode: provinceCode, on: database)
        return (problems.sorted { $0.row < $1.row }, found)
    }

    /// The rows whose ID number a record of the province holds already, each naming where.
    static func held(_ numbers: [Int: (number: String, digests: [String])], provinceCode: String, on db: any Database) async throws
        -> [PersonImportProblem]
    {
        var rowOf: [String: Int] = [:]
        for (row, number) in numbers { for digest in number.digests { rowOf[digest] = row } }
        var found: [Int: [RegistryDuplicate]] = [:]
        for chunk in BulkSQL.chunks(Array(rowOf.keys).sorted(), size: 500) {
            let models = try await RegistryPersonModel.query(on: db).filter(\.$idDigest ~~ Array(chunk)).filter(\.$provinceCode == provinceCode)
                .field(\.$id).field(\.$idDigest).field(\.$communeCode).field(\.$closedOn).all()
            for model in models {
                guard let digest = model.idDigest, let row = rowOf[digest], let id = model.id else { continue }
                found[row, default: []].append(RegistryDuplicate(personID: id, communeCode: model.communeCode, isClosed: model.closedOn != nil))
            }
        }
        return found.keys.sorted().map { row in
            let places = found[row]!.map(\.communeCode).joined(separator: ", ")
            return PersonImportProblem(
                row: row, field: "idNumber", en: "A record with this ID number is already in the registry, kept by \(places).",
                vi: "Số giấy tờ này đã có trong sổ quản lý, hồ sơ do \(places) quản lý.", duplicates: found[row]!)
        }
    }
}
