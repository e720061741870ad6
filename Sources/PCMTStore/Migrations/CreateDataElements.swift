import Fluent

struct CreateDataElements: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(DataElementModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("measure", .string, .required)
            .field("measure_en", .string)
            .field("aggregation", .string, .required)
            .field("value_type", .string, .required)
            .field("collected_level", .string, .required)
            .field("collected_units", .array(of: .string), .required)
            .field("categories", .string, .required)
            .field("part_of", .string)
            .unique(on: "plan_id", "code")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(DataElementModel.schema).delete()
    }
}
