import Fluent
import Foundation

final class NoticeModel: Model, @unchecked Sendable {
    static let schema = "notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String
    /// The ``PCMTDomain/Notice`` as JSON.
    @Field(key: "facts") var facts: String
    @Field(key: "link") var link: String
    @OptionalField(key: "dedupe_key") var dedupeKey: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    @Field(key: "email_state") var emailState: String
    @Field(key: "email_attempts") var emailAttempts: Int
    @OptionalField(key: "email_next_at") var emailNextAt: Date?
    @OptionalField(key: "email_error") var emailError: String?
    @OptionalField(key: "emailed_at") var emailedAt: Date?

    init() {}
}
