import Fluent
import Foundation

final class RoundReportModel: VersionedDocumentModel, @unchecked Sendable {
    static let schema = "round_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "round_id") var roundID: UUID
    /// The `RoundReportDraft` as JSON.
    @Field(key: "content") var content: String
    @Field(key: "version") var version: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    static let ownerKey: FieldKey = "round_id"
    var ownerID: UUID {
        get { roundID }
        set { roundID = newValue }
    }
}
