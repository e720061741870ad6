import Fluent

struct CreateSubmissions: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(SubmissionModel.schema)
            .id()
            .field("round_id", .uuid, .required, .references(ReportingRoundModel.schema, "id", onDelete: .cascade))
            .field("unit_code", .string, .required)
            .field("state", .string, .required)
            .field("content", .string, .required)
            .field("version", .int, .required)
            .field("first_submitted_at", .datetime)
            .field("submitted_at", .datetime)
            .field("approved_at", .datetime)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "round_id", "unit_code")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SubmissionModel.schema).delete()
    }
}
