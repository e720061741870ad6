import Fluent
import Foundation
import PCMTDomain

/// A JSON document kept once per owner (the province's report text per round, a unit's heading per submission):
/// its content, a version counted from 1, and who saved it when.
protocol VersionedDocumentModel: Model where IDValue == UUID {
    /// The column naming the owner, unique in the table.
    static var ownerKey: FieldKey { get }
    var ownerID: UUID { get set }
    var content: String { get set }
    var version: Int { get set }
    var updatedBy: String { get set }
    var updatedAt: Date { get set }
    init()
}

/// Saving a ``VersionedDocumentModel`` with the version last read, so that two people editing it never overwrite
/// each other, and with an audit event in the same transaction.
enum VersionedDocument {
    enum Outcome<M: VersionedDocumentModel> {
        case saved(M)
        /// Saved by someone else since `expectedVersion` was read; nothing was written.
        case conflict(M)
    }

    static func current<M: VersionedDocumentModel>(_ type: M.Type, owner: UUID, on database: any Database) async throws -> M? {
        try await M.query(on: database).filter(M.ownerKey, .equal, owner).first()
    }

    /// Writes `content` when `expectedVersion` is the version last read (0 when none is saved yet); the same content
    /// again is not written. Throws `RoundError` when the document being edited was removed meanwhile.
    /// - Parameters:
    ///   - entity: the audit log's entity ("round_report", "submission_heading").
    ///   - summary: the audit summary for the new version.
    static func save<M: VersionedDocumentModel>(
        _ type: M.Type, owner: UUID, expectedVersion: Int, content after: String, entity: String, summary: @escaping @Sendable (Int) -> String,
        context: ChangeContext, on database: any Database
    ) async throws -> Outcome<M> {
        try await VersionedChange.save(
            on: database, context: context, expected: expectedVersion, read: { try await current(M.self, owner: owner, on: $0) },
            version: { $0?.version ?? 0 },
            conflict: { existing, _ in
                guard let existing else { throw RoundError(description: "The document being edited no longer exists.") }
                return .conflict(existing)
            }
        ) { existing, db in
            let model = existing ?? M()
            let before = existing?.content ?? ""
            if before == after { return .unchanged(.saved(model)) }
            if existing == nil { model.ownerID = owner; model.version = 0 }
            model.content = after; model.version += 1; model.updatedBy = context.actor; model.updatedAt = Date()
            try await model.save(on: db)
            return .written(
                .saved(model),
                AuditedChange(
                    kind: existing == nil ? .create : .update, entity: entity, entityID: owner.uuidString, unitCode: nil,
                    summary: summary(model.version), before: existing == nil ? nil : ["content": before], after: ["content": after]))
        }
    }

    /// The document as sorted-key JSON, the form that is compared and kept.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
