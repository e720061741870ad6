import Fluent
import Foundation

final class SubmissionAttachmentModel: Model, @unchecked Sendable {
    static let schema = "submission_attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "submission_id") var submissionID: UUID
    @Field(key: "file_name") var fileName: String
    @Field(key: "kind") var kind: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "content") var content: Data
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date
    @Field(key: "note") var note: String

    init() {}
}
