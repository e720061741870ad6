import Fluent
import SQLKit

/// The first table of units, keyed by code alone; ``KeyOrgUnitsByValidity`` replaces it.
struct CreateOrgUnits: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(KeyOrgUnitsByValidity.oldSchema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("level", .string, .required)
            .field("type_name", .string, .required)
            .field("parent_code", .string)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("successor_codes", .array(of: .string), .required)
            .field("aliases", .array(of: .string), .required)
            .field("version", .int, .required)
            .unique(on: "code")
            .create()
        try await (database as! any SQLDatabase).create(index: "org_units_parent_code")
            .on(KeyOrgUnitsByValidity.oldSchema).column("parent_code").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(KeyOrgUnitsByValidity.oldSchema).delete()
    }
}
