import Fluent

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(APITokenModel.schema)
            .id()
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("role", .string, .required)
            .field("unit_code", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(APITokenModel.schema).delete()
    }
}
