import Fluent

/// A unit's heading and signature for its own report, typed once and kept with the submission (issue 15, item 3).
struct CreateSubmissionHeadings: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(SubmissionHeadingModel.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(SubmissionModel.schema, "id", onDelete: .cascade))
            .field("content", .string, .required)
            .field("version", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "submission_id")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SubmissionHeadingModel.schema).delete()
    }
}
