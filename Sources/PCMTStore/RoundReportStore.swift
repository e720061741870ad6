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
        try await VersionedDocument.current(RoundReportModel.self, owner: roundID, on: database).map(Self.saved)
    }

    /// Saves the text when `expectedVersion` is the version last read (0 when nothing was saved yet).
    public func save(roundID: UUID, expectedVersion: Int, draft: RoundReportDraft, context: ChangeContext) async throws -> RoundReportOutcome {
        switch try await VersionedDocument.save(
            RoundReportModel.self, owner: roundID, expectedVersion: expectedVersion, content: Self.encode(draft), entity: "round_report",
            summary: { "province report text of the round saved (version \($0))" }, context: context, on: database)
        {
        case .saved(let model): .saved(try Self.saved(model))
        case .conflict(let model): .conflict(try Self.saved(model))
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

    static func encode(_ draft: RoundReportDraft) -> String { VersionedDocument.encode(draft) }
}
