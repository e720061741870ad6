import Fluent

struct CreateSubmissionEvents: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(SubmissionEventModel.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(SubmissionModel.schema, "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("from_state", .string, .required)
            .field("to_state", .string, .required)
            .field("comment", .string, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SubmissionEventModel.schema).delete()
    }
}
