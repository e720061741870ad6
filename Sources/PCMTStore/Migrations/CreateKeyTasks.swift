import Fluent

struct CreateKeyTasks: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(KeyTaskModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("text", .string, .required)
            .field("title_en", .string)
            .field("version", .int, .required)
            .unique(on: "plan_id", "number")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(KeyTaskModel.schema).delete()
    }
}
