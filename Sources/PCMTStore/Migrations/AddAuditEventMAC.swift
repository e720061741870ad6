import Fluent

/// Events chained with the audit key carry the key's id (`mac_key`); events recorded before keep it empty and their
/// plain SHA-256 hash (see ``AuditLog``).
struct AddAuditEventMAC: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(AuditEventModel.schema).field("mac_key", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(AuditEventModel.schema).deleteField("mac_key").update()
    }
}
