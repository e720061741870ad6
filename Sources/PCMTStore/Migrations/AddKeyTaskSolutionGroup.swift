import Fluent

/// A key task names the solution group it belongs to.
struct AddKeyTaskSolutionGroup: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(KeyTaskModel.schema).field("solution_group", .int).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(KeyTaskModel.schema).deleteField("solution_group").update()
    }
}
