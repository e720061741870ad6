import Fluent

/// A duty names the key task whose results it reports on.
struct AddDutyKeyTask: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(DutyModel.schema).field("key_task", .int).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(DutyModel.schema).deleteField("key_task").update()
    }
}
