import Fluent

struct CreateProjects: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(ProjectModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("parent_id", .uuid, .references(ProjectModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("code", .string, .required)
            .field("number", .string, .required)
            .field("title", .string, .required)
            .field("title_en", .string)
            .field("assignment_number", .int)
            .field("lead_unit", .string)
            .field("guidance", .string, .required)
            .field("version", .int, .required)
            .unique(on: "plan_id", "code")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(ProjectModel.schema).delete()
    }
}
