import Fluent

struct CreateAssignments: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(AssignmentModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("assignee", .string, .required)
            .field("assignee_en", .string)
            .field("units", .array(of: .string), .required)
            .field("intro", .string, .required)
            .field("version", .int, .required)
            .unique(on: "plan_id", "number")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(AssignmentModel.schema).delete()
    }
}
