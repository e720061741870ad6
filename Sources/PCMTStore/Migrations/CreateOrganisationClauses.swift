import Fluent

struct CreateOrganisationClauses: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(OrganisationClauseModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("text", .string, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(OrganisationClauseModel.schema).delete()
    }
}
