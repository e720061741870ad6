import Fluent

struct CreateBuiltinLoads: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(BuiltinLoadModel.schema)
            .id()
            .field("name", .string, .required)
            .field("loaded_at", .datetime, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(BuiltinLoadModel.schema).delete()
    }
}
