import Fluent
import SQLKit

struct CreateDataValueHistory: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(DataValueHistoryModel.schema)
            .id()
            .field("element", .string, .required)
            .field("unit_code", .string, .required)
            .field("period", .string, .required)
            .field("category", .string, .required)
            .field("old_value", .double)
            .field("new_value", .double)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .field("source", .string, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "data_value_history_unit").on(DataValueHistoryModel.schema)
            .column("unit_code").column("element").column("period").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(DataValueHistoryModel.schema).delete()
    }
}
