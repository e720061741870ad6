import Fluent
import SQLKit

/// Where a unit's values of an element come from (issue 17, item 1; ``ElementSourceStore``): one row per element and
/// unit whose values are derived from a registry, with the first year derived; an element and unit without a row is
/// typed. Also indexes the registry's events by the commune they name, by which a commune's people are found when its
/// derived values are counted again (``DerivedValues``).
struct CreateElementSources: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(ElementSourceModel.schema)
            .id()
            .field("element", .string, .required)
            .field("unit_code", .string, .required)
            .field("source", .string, .required)
            .field("from_year", .int, .required)
            .field("version", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "element", "unit_code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "element_sources_unit").on(ElementSourceModel.schema).column("unit_code").run()
        try await sql.create(index: "registry_person_events_code").on(RegistryPersonEventModel.schema).column("code").column("kind").run()
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "registry_person_events_code").run()
        try await database.schema(ElementSourceModel.schema).delete()
    }
}
