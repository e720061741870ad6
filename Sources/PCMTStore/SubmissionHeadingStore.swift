import Fluent
import Foundation
import PCMTDomain

final class SubmissionHeadingModel: VersionedDocumentModel, @unchecked Sendable {
    static let schema = "submission_headings"

    @ID(key: .id) var id: UUID?
    @Field(key: "submission_id") var submissionID: UUID
    /// The `DocumentHeading` as JSON.
    @Field(key: "content") var content: String
    @Field(key: "version") var version: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    static let ownerKey: FieldKey = "submission_id"
    var ownerID: UUID {
        get { submissionID }
        set { submissionID = newValue }
    }
}

/// A unit's heading as last saved, with who saved it and its version (1 for the first save).
public struct SavedSubmissionHeading: Sendable, Equatable {
    public var heading: DocumentHeading
    public var version: Int
    public var updatedBy: String
    public var updatedAt: Date
}

public enum SubmissionHeadingOutcome: Sendable, Equatable {
    case saved(SavedSubmissionHeading)
    /// Someone saved the heading since the form was opened; theirs is returned and nothing was written.
    case conflict(SavedSubmissionHeading)
}

/// Keeps the heading and signature a unit gives its own report (issue 15, item 3: typed once, there at the next
/// download), versioned so that two people editing it never overwrite each other, and audited.
public struct SubmissionHeadingStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func heading(submissionID: UUID) async throws -> SavedSubmissionHeading? {
        try await VersionedDocument.current(SubmissionHeadingModel.self, owner: submissionID, on: database).map(Self.saved)
    }

    /// Saves `heading` when `expectedVersion` is the version last read (0 when none was saved yet); an unchanged
    /// heading is not written again. Throws ``RoundError`` when the saved heading cannot be read or the one being
    /// edited was removed.
    public func save(
        submissionID: UUID, expectedVersion: Int, heading: DocumentHeading, context: ChangeContext
    ) async throws -> SubmissionHeadingOutcome {
        switch try await VersionedDocument.save(
            SubmissionHeadingModel.self, owner: submissionID, expectedVersion: expectedVersion, content: VersionedDocument.encode(heading),
            entity: "submission_heading", summary: { "heading of the unit's report saved (version \($0))" }, context: context,
            on: database)
        {
        case .saved(let model): .saved(try Self.saved(model))
        case .conflict(let model): .conflict(try Self.saved(model))
        }
    }

    static func saved(_ model: SubmissionHeadingModel) throws -> SavedSubmissionHeading {
        let heading: DocumentHeading
        do { heading = try JSONDecoder().decode(DocumentHeading.self, from: Data(model.content.utf8)) } catch {
            throw RoundError(description: "The saved heading of this report cannot be read (\(error)).")
        }
        return SavedSubmissionHeading(heading: heading, version: model.version, updatedBy: model.updatedBy, updatedAt: model.updatedAt)
    }
}
