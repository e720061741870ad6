import Fluent

struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(AuditEventModel.schema)
            .id()
            .field("seq", .int, .required)
            .field("at_ms", .int64, .required)
            .field("actor", .string, .required)
            .field("actor_unit", .string)
            .field("address", .string)
            .field("kind", .string, .required)
            .field("entity", .string)
            .field("entity_id", .string)
            .field("unit_code", .string)
            .field("summary", .string, .required)
            .field("before", .string)
            .field("after", .string)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(AuditEventModel.schema).delete()
    }
}
