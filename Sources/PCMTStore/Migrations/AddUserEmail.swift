import Fluent

/// Accounts get an optional e-mail address for reminders.
struct AddUserEmail: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(UserModel.schema).field("email", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(UserModel.schema).deleteField("email").update()
    }
}
