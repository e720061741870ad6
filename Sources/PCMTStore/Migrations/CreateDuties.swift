import Fluent

struct CreateDuties: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(DutyModel.schema)
            .id()
            .field("assignment_id", .uuid, .required, .references(AssignmentModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("label", .string, .required)
            .field("text", .string, .required)
            .field("role", .string, .required)
            .field("partners", .array(of: .string), .required)
            .field("bullets", .array(of: .string), .required)
            .field("version", .int, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(DutyModel.schema).delete()
    }
}
