import Fluent
import Foundation
import PCMTDomain

/// The province's report on a round as last saved, with who saved it; nil version means nothing saved yet.
public struct SavedRoundReport: Sendable, Equatable {
    public var draft: RoundReportDraft
    public var version: Int
    public var updatedBy: String
    public var updatedAt: Date
}

public enum RoundReportOutcome: Sendable {
    case saved(SavedRoundReport)
    /// Someone saved since the form was opened; their text is returned.
    case conflict(SavedRoundReport)
}

/// Keeps the standing office's edits of a round's report, versioned and audited.
public struct RoundReportStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func report(roundID: UUID) async throws -> SavedRoundReport? {
        try await RoundReportModel.query(on: database).filter(\.$roundID == roundID).first().map(Self.saved)
    }

    /// Saves the text when `expectedVersion` is the version last read (0 when nothing was saved yet).
    public func save(roundID: UUID, expectedVersion: Int, draft: RoundReportDraft, context: ChangeContext) async throws -> RoundReportOutcome {
        try await AuditLog(database: database).transaction { db, audit in
            let existing = try await RoundReportModel.query(on: db).filter(\.$roundID == roundID).first()
            if let existing, existing.version != expectedVersion { return .conflict(try Self.saved(existing)) }
            if existing == nil, expectedVersion != 0 {
                throw RoundError(description: "The report being edited no longer exists.")
            }
            let after = Self.encode(draft)
            let model = existing ?? RoundReportModel()
            let before = existing?.content ?? ""
            if before == after { return .saved(try Self.saved(model)) }
            if existing == nil { model.roundID = roundID; model.version = 0 }
            model.content = after; model.version += 1; model.updatedBy = context.actor; model.updatedAt = Date()
            try await model.save(on: db)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address,
                    kind: existing == nil ? .create : .update, entity: "round_report", entityID: roundID.uuidString,
                    summary: "province report text of the round saved (version \(model.version))",
                    before: existing == nil ? nil : ["content": before], after: ["content": after]))
            return .saved(try Self.saved(model))
        }
    }

    /// A saved text that cannot be read is an error, never "nothing saved": that would let a save skip the version check.
    static func saved(_ model: RoundReportModel) throws -> SavedRoundReport {
        let draft: RoundReportDraft
        do { draft = try JSONDecoder().decode(RoundReportDraft.self, from: Data(model.content.utf8)) } catch {
            throw RoundError(description: "The saved report text of this round cannot be read (\(error)).")
        }
        return SavedRoundReport(draft: draft, version: model.version, updatedBy: model.updatedBy, updatedAt: model.updatedAt)
    }

    static func encode(_ draft: RoundReportDraft) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(draft)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
