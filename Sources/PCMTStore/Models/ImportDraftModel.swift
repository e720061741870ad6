import Fluent
import Foundation

final class ImportDraftModel: Model, @unchecked Sendable {
    static let schema = "import_drafts"

    @ID(key: .id) var id: UUID?
    @Field(key: "owner") var owner: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "notation") var notation: String
    @Field(key: "content") var content: Data
    @Field(key: "size") var size: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "saved_at") var savedAt: Date?

    init() {}
}
