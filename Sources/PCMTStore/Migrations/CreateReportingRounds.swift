import Fluent

struct CreateReportingRounds: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(ReportingRoundModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("kind", .string, .required)
            .field("due_date", .string, .required)
            .field("cutoff_start", .string, .required)
            .field("cutoff_end", .string, .required)
            .field("opened_by", .string, .required)
            .field("opened_at", .datetime, .required)
            .unique(on: "plan_id", "period")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(ReportingRoundModel.schema).delete()
    }
}
