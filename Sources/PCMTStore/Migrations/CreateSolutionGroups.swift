import Fluent

struct CreateSolutionGroups: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(SolutionGroupModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("title_en", .string)
            .field("points", .array(of: .string), .required)
            .field("version", .int, .required)
            .unique(on: "plan_id", "number")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SolutionGroupModel.schema).delete()
    }
}
