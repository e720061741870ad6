import Crypto
import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// A file attached to a unit's report, without its bytes.
public struct SubmissionAttachment: Sendable, Equatable {
    public var id: UUID
    public var submissionID: UUID
    /// The name the upload gave, made fit for display (``AttachmentRules/displayName(_:)``); never used to name a
    /// download.
    public var fileName: String
    public var kind: AttachmentKind
    /// The size in bytes.
    public var size: Int
    /// The SHA-256 of the bytes, 64 lowercase hexadecimal digits.
    public var sha256: String
    public var uploadedBy: String
    public var uploadedAt: Date
    /// What the file is, in the uploader's words ("bản đã ký"); may be empty.
    public var note: String
}

/// Why the store refuses to keep an attachment. Nothing is saved.
public enum AttachmentStoreError: Error, Equatable, Sendable {
    /// No bytes.
    case empty
    /// More than ``AttachmentRules/maxBytes`` bytes (the size given).
    case tooLarge(Int)
    /// A note longer than ``AttachmentRules/noteCharacters`` characters (the length given).
    case noteTooLong(Int)
}

/// Files attached to units' reports (`submission_attachments`, pcmt issue 15, item 5): the signed scan or the Word file
/// the unit sent. An attachment is added, listed and read, never changed or removed (the report's history lists it);
/// it changes neither the report's content, nor its version, nor its state, so it may be added in any state. Each is
/// stored with its SHA-256, computed here from the bytes kept, and its addition is written to the audit log in the
/// same transaction. What the file is (PDF or Word) is decided by its content before it comes here
/// (``AttachmentCheck`` in PCMTReports); the store holds the rules it can check alone: not empty, at most
/// ``AttachmentRules/maxBytes``, a note of at most ``AttachmentRules/noteCharacters``.
public struct AttachmentStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// Keeps `content` as an attachment of the report `submissionID` and records it in the audit log, in one
    /// transaction; nil when there is no such report (nothing is saved). `fileName` is kept for display only, made fit
    /// for it here (``AttachmentRules/displayName(_:)``); `note` is trimmed.
    /// - Throws: ``AttachmentStoreError`` for an empty or too large file or a too long note; database errors.
    public func add(
        submissionID: UUID, fileName: String, kind: AttachmentKind, content: Data, note: String, context: ChangeContext, now: Date = Date()
    ) async throws -> SubmissionAttachment? {
        guard !content.isEmpty else { throw AttachmentStoreError.empty }
        guard content.count <= AttachmentRules.maxBytes else { throw AttachmentStoreError.tooLarge(content.count) }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.unicodeScalars.count <= AttachmentRules.noteCharacters else { throw AttachmentStoreError.noteTooLong(note.unicodeScalars.count) }
        let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        let name = AttachmentRules.displayName(fileName)
        return try await AuditLog(database: database).transaction { db, audit in
            guard let submission = try await SubmissionModel.find(submissionID, on: db) else { return nil }
            let model = SubmissionAttachmentModel()
            model.id = UUID.timeOrdered(at: now)
            model.submissionID = submissionID
            model.fileName = name
            model.kind = kind.rawValue
            model.size = content.count
            model.sha256 = digest
            model.content = content
            model.uploadedBy = context.actor
            model.uploadedAt = now
            model.note = note
            try await model.create(on: db)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .create,
                    entity: "submission_attachment", entityID: model.id!.uuidString, unitCode: submission.unitCode,
                    summary:
                        "file \(name) (\(kind.label), \(content.count) bytes, SHA-256 \(digest)) attached to the report of \(submission.unitCode)",
                    after: [
                        "submission": submissionID.uuidString, "file": name, "kind": kind.rawValue, "size": String(content.count), "sha256": digest,
                        "note": note,
                    ]))
            return Self.attachment(model)
        }
    }

    /// The report's attachments, oldest first, without their bytes.
    public func list(submissionID: UUID) async throws -> [SubmissionAttachment] {
        try await SubmissionAttachmentModel.query(on: database).filter(\.$submissionID == submissionID)
            .field(\.$id).field(\.$submissionID).field(\.$fileName).field(\.$kind).field(\.$size).field(\.$sha256).field(\.$uploadedBy)
            .field(\.$uploadedAt).field(\.$note)
            .sort(\.$uploadedAt).sort(\.$id).all().map(Self.attachment)
    }

    /// The attachment `id` of the report `submissionID` with its bytes; nil when there is none, or when it belongs to
    /// another report.
    public func read(id: UUID, submissionID: UUID) async throws -> (attachment: SubmissionAttachment, content: Data)? {
        guard
            let model = try await SubmissionAttachmentModel.query(on: database).filter(\.$id == id).filter(\.$submissionID == submissionID)
                .first()
        else { return nil }
        return (Self.attachment(model), model.content)
    }

    static func attachment(_ model: SubmissionAttachmentModel) -> SubmissionAttachment {
        SubmissionAttachment(
            id: model.id!, submissionID: model.submissionID, fileName: model.fileName, kind: AttachmentKind(rawValue: model.kind) ?? .pdf,
            size: model.size, sha256: model.sha256, uploadedBy: model.uploadedBy, uploadedAt: model.uploadedAt, note: model.note)
    }
}
