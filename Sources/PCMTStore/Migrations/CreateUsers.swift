import Fluent

struct CreateUsers: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(UserModel.schema)
            .id()
            .field("username", .string, .required)
            .field("role", .string, .required)
            .field("unit_code", .string, .required)
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("disabled", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "username")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(UserModel.schema).delete()
    }
}
