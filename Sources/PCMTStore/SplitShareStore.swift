import Fluent
import Foundation
import PCMTDomain

/// The shares of one old unit split between new units, as stored: each successor's share (none when not set), the
/// note on the assumption, the version (0 when never set) and who set them when.
public struct SplitShareSet: Sendable, Equatable {
    public var old: OrgUnit
    /// The units it was split between (``SplitShareRules/successors(of:in:)``), each with its share if set.
    public var successors: [(unit: OrgUnit, share: Double?)]
    public var note: String
    public var version: Int
    public var updatedBy: String?
    public var updatedAt: Date?

    /// Whether every successor has a share (then the old unit is counted by them).
    public var isSet: Bool { !successors.isEmpty && successors.allSatisfy { $0.share != nil } }

    public static func == (lhs: SplitShareSet, rhs: SplitShareSet) -> Bool {
        lhs.old == rhs.old && lhs.successors.map(\.unit) == rhs.successors.map(\.unit)
            && lhs.successors.map(\.share) == rhs.successors.map(\.share) && lhs.note == rhs.note && lhs.version == rhs.version
            && lhs.updatedBy == rhs.updatedBy && lhs.updatedAt == rhs.updatedAt
    }
}

/// What came of saving the shares of an old unit; `notFound` when the unit was not split between several new units.
public typealias SplitShareOutcome = ChangeOutcome<SplitShareSet>

/// The shares by which an old unit split between new units counts in their re-based figures (issue 16, item 2):
/// read for a unit's page and for ``RebasedTotals``, and set by the standing office with the version last read
/// (a stale form is refused, ``ChangeOutcome/conflict(current:lastChange:)``), audited, in one transaction that also marks
/// the boards' figures as changed (``ReferenceCache/bumpData(on:)``).
public struct SplitShareStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// The audit log's name for an old unit's shares.
    public static let entity = "split_shares"

    /// Every share set, for the re-based figures.
    public static func all(on db: any Database) async throws -> SplitShares {
        let rows = try await SplitShareModel.query(on: db).all()
        return SplitShares(
            rows.compactMap { row in
                row.share.map {
                    SplitShare(
                        oldCode: row.oldCode, oldFrom: row.oldFrom.isEmpty ? nil : row.oldFrom, newCode: row.newCode,
                        newFrom: row.newFrom.isEmpty ? nil : row.newFrom, share: $0)
                }
            })
    }

    /// The shares of `old` (no successor when it was not split).
    public func shares(of old: OrgUnit) async throws -> SplitShareSet {
        let timeline = try await OrgUnitStore(database: database).index().timeline
        return try await Self.read(old, successors: SplitShareRules.successors(of: old, in: timeline), on: database)
    }

    static func read(_ old: OrgUnit, successors: [OrgUnit], on db: any Database) async throws -> SplitShareSet {
        let rows = try await SplitShareModel.query(on: db).filter(\.$oldCode == old.code).filter(\.$oldFrom == (old.validFrom ?? "")).all()
        let latest = rows.max { $0.updatedAt < $1.updatedAt }
        return SplitShareSet(
            old: old,
            successors: successors.map { unit in
                (unit, rows.first { $0.newCode == unit.code && $0.newFrom == (unit.validFrom ?? "") }?.share)
            },
            note: latest?.note ?? "", version: rows.map(\.version).max() ?? 0, updatedBy: latest?.updatedBy, updatedAt: latest?.updatedAt)
    }

    /// Sets the shares of `old` from a form's fields (``SplitShareRules/decide(old:successors:fields:)``: a share
    /// per successor, or every one empty to clear them, and a note) when `expectedVersion` is the version last read.
    public func save(old: OrgUnit, fields: [String: String], expectedVersion: Int, context: ChangeContext) async throws
        -> SplitShareOutcome
    {
        let timeline = try await OrgUnitStore(database: database).index().timeline
        let successors = SplitShareRules.successors(of: old, in: timeline)
        guard !successors.isEmpty else { return .notFound }
        return try await VersionedChange.save(
            on: database, context: context, expected: expectedVersion, read: { try await Self.read(old, successors: successors, on: $0) },
            version: \.version,
            conflict: { current, db in
                try await .outdated(current, entity: Self.entity, entityID: "\(old.code)|\(old.validFrom ?? "")", on: db)
            }
        ) { current, db in
            let decision: SplitShareRules.Decision
            switch SplitShareRules.decide(old: old, successors: successors, fields: fields) {
            case .failure(let list): return .unchanged(.invalid(list.problems))
            case .success(let chosen): decision = chosen
            }
            let (shares, note): ([SplitShare], String) =
                switch decision {
                case .set(let shares, let note): (shares, note)
                case .clear(let note): ([], note)
                }
            let after = successors.map { unit in shares.first { $0.newCode == unit.code && $0.newFrom == unit.validFrom }?.share }
            if after == current.successors.map(\.share), note == current.note { return .unchanged(.saved(current)) }
            let version = current.version + 1
            let now = Date()
            try await SplitShareModel.query(on: db).filter(\.$oldCode == old.code).filter(\.$oldFrom == (old.validFrom ?? "")).delete()
            for (unit, share) in zip(successors, after) {
                let row = SplitShareModel()
                row.id = UUID()
                row.oldCode = old.code
                row.oldFrom = old.validFrom ?? ""
                row.newCode = unit.code
                row.newFrom = unit.validFrom ?? ""
                row.share = share
                row.note = note
                row.version = version
                row.updatedBy = context.actor
                row.updatedAt = now
                try await row.create(on: db)
            }
            // The boards' re-based figures change with the shares.
            try await ReferenceCache.bumpData(on: db)
            func auditFields(_ values: [Double?], _ note: String) -> [String: String] {
                var result = ["note": note]
                for (unit, share) in zip(successors, values) { result[unit.code] = share.map { SplitShares.percentText($0, .en) } ?? "" }
                return result
            }
            let entityID = "\(old.code)|\(old.validFrom ?? "")"
            let summary = "shares of \(old.code) between the new units set (version \(version))"
            let saved = SplitShareOutcome.saved(try await Self.read(old, successors: successors, on: db))
            let before = auditFields(current.successors.map(\.share), current.note)
            return .written(
                saved,
                current.version == 0
                    ? AuditedChange(
                        kind: .create, entity: Self.entity, entityID: entityID, unitCode: old.code, summary: summary,
                        after: auditFields(after, note))
                    : .update(
                        entity: Self.entity, entityID: entityID, unitCode: old.code, summary: summary, before: before,
                        after: auditFields(after, note)))
        }
    }
}
