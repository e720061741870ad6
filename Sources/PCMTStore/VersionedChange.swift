import Fluent
import Foundation
import PCMTDomain

/// What came of a versioned change (a plan's record, a data element, a plan version, a split's shares).
public enum ChangeOutcome<Record: Sendable>: Sendable {
    /// Saved, or nothing to save: the record as it stands now.
    case saved(Record)
    /// Someone changed it since the form was opened (or the call's version was read); nothing was written: the record
    /// as it stands now, and its last change in the audit log, so that the answer (HTTP 409) can say who and when.
    case conflict(current: Record, lastChange: AuditEvent?)
    /// Nothing saved: what is wrong, field by field.
    case invalid([FieldProblem])
    /// What the change is about is not there (or, for split shares, the unit was not split between new units).
    case notFound

    /// The conflict answer for `current`, with the last audit event of `entity` `entityID`.
    static func outdated(_ current: Record, entity: String, entityID: String, on db: any Database) async throws -> Self {
        .conflict(current: current, lastChange: try await AuditLog(database: db).latest(entity: entity, entityID: entityID))
    }
}

/// The audit event of a change, without who made it (``VersionedChange`` adds the ``ChangeContext``).
struct AuditedChange: Sendable {
    var kind: AuditKind
    var entity: String
    var entityID: String
    var unitCode: String?
    var summary: String
    var before: [String: String]?
    var after: [String: String]?

    /// An update that records, before and after, only the fields whose value changed.
    static func update(
        entity: String, entityID: String, unitCode: String?, summary: String, before: [String: String], after: [String: String]
    ) -> AuditedChange {
        AuditedChange(
            kind: .update, entity: entity, entityID: entityID, unitCode: unitCode, summary: summary,
            before: changed(before, comparedWith: after), after: changed(after, comparedWith: before))
    }

    /// The values of `values` that are not the same in `other`.
    static func changed(_ values: [String: String], comparedWith other: [String: String]) -> [String: String] {
        values.filter { other[$0.key] != $0.value }
    }

    func entry(_ context: ChangeContext) -> AuditEntry {
        AuditEntry(
            actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: kind, entity: entity,
            entityID: entityID, unitCode: unitCode, summary: summary, before: before, after: after)
    }
}

/// What a change decided once the version it started from checked out.
enum ChangeStep<Outcome: Sendable>: Sendable {
    /// Nothing written: a refusal (what is wrong, field by field), or the same content again.
    case unchanged(Outcome)
    /// Written: the audit event to record with it, and what to answer.
    case written(Outcome, AuditedChange)
}

/// A versioned, audited change, the way every editor of the store makes one (plan records, data elements, plan
/// versions, split shares, the round's report text and a unit's heading): in one transaction, read what stands now;
/// answer "not found" when it is not there; answer a conflict (HTTP 409, with what stands now) when its version is
/// no longer the one the form was opened at, so that two people never overwrite each other; otherwise let the change
/// check its input and write, and record its audit event in the same transaction, so that a change and its event
/// are kept or lost together.
enum VersionedChange {
    /// - Parameters:
    ///   - expected: the version the form was opened at.
    ///   - read: what stands now, read in the transaction; nil answers `missing`.
    ///   - version: the version of what stands now.
    ///   - conflict: the answer when the version is not `expected` (nothing is written).
    ///   - change: checks and writes, in the transaction.
    static func save<Current: Sendable, Outcome: Sendable>(
        on database: any Database, context: ChangeContext, expected: Int,
        read: @escaping @Sendable (any Database) async throws -> Current?, missing: Outcome,
        version: @escaping @Sendable (Current) -> Int,
        conflict: @escaping @Sendable (Current, any Database) async throws -> Outcome,
        change: @escaping @Sendable (Current, any Database) async throws -> ChangeStep<Outcome>
    ) async throws -> Outcome {
        try await run(on: database, context: context, expected: expected, read: read, version: { $0.map(version) ?? expected }) {
            current, db in
            guard let current else { return .unchanged(missing) }
            return .unchanged(try await conflict(current, db))
        } change: { current, db in
            guard let current else { return .unchanged(missing) }
            return try await change(current, db)
        }
    }

    /// The same for what is always there, if only as version 0 (a document not saved yet).
    static func save<Current: Sendable, Outcome: Sendable>(
        on database: any Database, context: ChangeContext, expected: Int,
        read: @escaping @Sendable (any Database) async throws -> Current, version: @escaping @Sendable (Current) -> Int,
        conflict: @escaping @Sendable (Current, any Database) async throws -> Outcome,
        change: @escaping @Sendable (Current, any Database) async throws -> ChangeStep<Outcome>
    ) async throws -> Outcome {
        try await run(
            on: database, context: context, expected: expected, read: read, version: version,
            conflict: { .unchanged(try await conflict($0, $1)) }, change: change)
    }

    /// The same for a change that starts from no version (an addition to what `read` found).
    static func save<Current: Sendable, Outcome: Sendable>(
        on database: any Database, context: ChangeContext, read: @escaping @Sendable (any Database) async throws -> Current?,
        missing: Outcome, change: @escaping @Sendable (Current, any Database) async throws -> ChangeStep<Outcome>
    ) async throws -> Outcome {
        try await run(on: database, context: context, expected: nil, read: read, version: { _ in 0 }, conflict: { _, _ in .unchanged(missing) }) {
            current, db in
            guard let current else { return .unchanged(missing) }
            return try await change(current, db)
        }
    }

    private static func run<Current: Sendable, Outcome: Sendable>(
        on database: any Database, context: ChangeContext, expected: Int?,
        read: @escaping @Sendable (any Database) async throws -> Current, version: @escaping @Sendable (Current) -> Int,
        conflict: @escaping @Sendable (Current, any Database) async throws -> ChangeStep<Outcome>,
        change: @escaping @Sendable (Current, any Database) async throws -> ChangeStep<Outcome>
    ) async throws -> Outcome {
        try await AuditLog(database: database).transaction { db, audit in
            let current = try await read(db)
            let step: ChangeStep<Outcome>
            if let expected, version(current) != expected {
                step = try await conflict(current, db)
            } else {
                step = try await change(current, db)
            }
            switch step {
            case .unchanged(let outcome):
                return outcome
            case .written(let outcome, let event):
                try await audit.record(event.entry(context))
                return outcome
            }
        }
    }
}
