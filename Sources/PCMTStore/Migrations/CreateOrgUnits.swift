import Fluent
import SQLKit

/// The first table of units, keyed by code alone; ``KeyOrgUnitsByValidity`` replaces it.
struct CreateOrgUnits: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await KeyOrgUnitsByValidity.createTable(KeyOrgUnitsByValidity.oldSchema, uniqueOn: ["code"], on: database)
        try await (database as! any SQLDatabase).create(index: "org_units_parent_code")
            .on(KeyOrgUnitsByValidity.oldSchema).column("parent_code").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(KeyOrgUnitsByValidity.oldSchema).delete()
    }
}
