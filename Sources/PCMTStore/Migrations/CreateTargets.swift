import Fluent

struct CreateTargets: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(TargetModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("group_id", .uuid, .required, .references(TargetGroupModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("code", .string, .required)
            .field("text", .string, .required)
            .field("title_en", .string)
            .field("rule_kind", .string, .required)
            .field("threshold", .double)
            .field("rule_base", .string, .required)
            .field("deadline_year", .int)
            .field("indicator", .string, .required)
            .field("indicator_en", .string)
            .field("responsible", .array(of: .int), .required)
            .field("measure", .string, .required)
            .field("version", .int, .required)
            .unique(on: "plan_id", "code")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(TargetModel.schema).delete()
    }
}
