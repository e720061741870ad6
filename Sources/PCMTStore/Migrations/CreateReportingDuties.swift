import Fluent

struct CreateReportingDuties: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(ReportingDutyModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("text_en", .string)
            .field("year", .int)
            .field("recipient_unit", .string)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(ReportingDutyModel.schema).delete()
    }
}
