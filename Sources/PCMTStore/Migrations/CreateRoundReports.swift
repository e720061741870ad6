import Fluent

/// The province's report on a round as the standing office last edited it: one per round.
struct CreateRoundReports: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(RoundReportModel.schema)
            .id()
            .field("round_id", .uuid, .required, .references(ReportingRoundModel.schema, "id", onDelete: .cascade))
            .field("content", .string, .required)
            .field("version", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "round_id")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(RoundReportModel.schema).delete()
    }
}
