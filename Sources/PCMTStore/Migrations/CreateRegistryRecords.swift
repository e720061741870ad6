import Fluent
import SQLKit

/// The registries of records, not people (issue 17: cases, leads, hotspots, communes' situation, cultivation,
/// propaganda; ``RecordRegistryStore``): one row per record, its fields kept as JSON text because each registry names
/// its own (``RecordRegistry/fields``). Indexed by commune and registry (a commune's list, its derived values) and by
/// province and match key (duplicates).
struct CreateRegistryRecords: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(RegistryRecordModel.schema)
            .id()
            .field("registry", .string, .required)
            .field("commune_code", .string, .required)
            .field("province_code", .string, .required)
            .field("on_day", .string, .required)
            .field("match_key", .string, .required)
            .field("fields", .string, .required)
            .field("version", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "registry_records_commune").on(RegistryRecordModel.schema)
            .column("commune_code").column("registry").column("on_day").run()
        try await sql.create(index: "registry_records_match").on(RegistryRecordModel.schema)
            .column("province_code").column("registry").column("match_key").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(RegistryRecordModel.schema).delete()
    }
}
