import Fluent

/// A review keeps its comments per item and the report as it was when returned (issue 14, item 4).
struct AddSubmissionEventReview: AsyncMigration {
    func prepare(on database: Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema(SubmissionEventModel.schema).field("item_comments", .string).update()
        try await database.schema(SubmissionEventModel.schema).field("content", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SubmissionEventModel.schema).deleteField("content").update()
        try await database.schema(SubmissionEventModel.schema).deleteField("item_comments").update()
    }
}
