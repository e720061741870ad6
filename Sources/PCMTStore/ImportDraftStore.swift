import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// A file the import page checked, kept on the server until the person saves it from the preview: the save names
/// the draft instead of sending the file back, so what is saved is byte for byte what was checked, whichever
/// process of the installation answers.
public struct ImportDraft: Sendable, Equatable {
    public var id: UUID
    /// Who checked it (``ImportDraftStore/ownerKey(_:)``): only they can save it.
    public var owner: String
    public var fileName: String
    /// The notation the file's numbers fell back to (`vi` or `en`, the interface's language at the check).
    public var notation: String
    /// The file's bytes; nil when read without them (``ImportDraftStore/draft(id:owner:withContent:)``).
    public var content: Data?
    /// The file's size in bytes.
    public var size: Int
    public var createdAt: Date
    /// When it was saved (its content is then dropped); nil while it waits.
    public var savedAt: Date?
}

/// Checked import files waiting to be saved (`import_drafts`). A draft is kept for ``lifetime`` and each person keeps
/// at most ``perOwner`` (the oldest go first); the transaction that saves it marks it saved and drops its content
/// (``DataValueStore/importRows(_:context:fileName:known:draft:)``), so it is saved once at most and a second save
/// can say when the first was made. Values are not personal data, but a draft is
/// read only by the person who checked it.
public struct ImportDraftStore: Sendable {
    let database: any Database

    /// How long a checked file waits for its save: 24 hours (a preview read over a working day).
    public static let lifetime: TimeInterval = 24 * 3600
    /// Drafts kept per person: a newer check pushes out the oldest.
    public static let perOwner = 5

    public init(database: any Database) { self.database = database }

    /// Keeps a checked file and answers its draft (without the content); drops drafts past ``lifetime`` and the
    /// owner's beyond ``perOwner``.
    public func keep(owner: String, fileName: String, notation: String, content: Data, now: Date = Date()) async throws -> ImportDraft {
        let model = ImportDraftModel()
        model.id = UUID()
        model.owner = owner
        model.fileName = fileName
        model.notation = notation
        model.content = content
        model.size = content.count
        model.createdAt = now
        try await database.transaction { db in
            try await ImportDraftModel.query(on: db).filter(\.$createdAt < now.addingTimeInterval(-Self.lifetime)).delete()
            let older = try await ImportDraftModel.query(on: db).filter(\.$owner == owner).sort(\.$createdAt, .descending)
                .field(\.$id).all()
            let beyond = older.dropFirst(Self.perOwner - 1).compactMap(\.id)
            if !beyond.isEmpty { try await ImportDraftModel.query(on: db).filter(\.$id ~~ beyond).delete() }
            try await model.create(on: db)
        }
        return ImportDraft(
            id: model.id!, owner: owner, fileName: fileName, notation: notation, content: nil, size: content.count, createdAt: now,
            savedAt: nil)
    }

    /// The owner's draft with this id, unless it is past ``lifetime``; with its bytes when `withContent`.
    public func draft(id: UUID, owner: String, withContent: Bool, now: Date = Date()) async throws -> ImportDraft? {
        var query = ImportDraftModel.query(on: database).filter(\.$id == id).filter(\.$owner == owner)
            .filter(\.$createdAt >= now.addingTimeInterval(-Self.lifetime))
        if !withContent {
            query = query.field(\.$id).field(\.$owner).field(\.$fileName).field(\.$notation).field(\.$size).field(\.$createdAt)
                .field(\.$savedAt)
        }
        guard let model = try await query.first() else { return nil }
        return ImportDraft(
            id: id, owner: model.owner, fileName: model.fileName, notation: model.notation, content: withContent ? model.content : nil,
            size: model.size, createdAt: model.createdAt, savedAt: model.savedAt)
    }

    /// Marks the owner's draft saved (at `now`, its content dropped) inside the transaction that saves it (`db`);
    /// false when it was saved already — by another request (a second click on "Lưu") — or is gone, so that a draft
    /// is saved once at most.
    static func consume(id: UUID, owner: String, on db: any Database, now: Date = Date()) async throws -> Bool {
        let rows = try await (db as! any SQLDatabase).raw(
            """
            UPDATE import_drafts SET saved_at = \(bind: now), content = \(bind: Data()), size = 0
            WHERE id = \(bind: id) AND owner = \(bind: owner) AND saved_at IS NULL RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// The owner of what `principal` checks: an account by its id, a token by its id.
    public static func ownerKey(_ principal: Principal) -> String {
        switch principal.kind {
        case .user(let id, _): "user:\(id)"
        case .token(let id, _, _): "token:\(id)"
        }
    }
}

/// The draft an import saves was saved by another request before this one's transaction could take it (a second
/// click on "Lưu"), or is gone. Nothing of this request is saved.
public struct ImportDraftGone: Error, Equatable {}
