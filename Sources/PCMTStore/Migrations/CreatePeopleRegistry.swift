import Fluent
import SQLKit

/// The registry of people under management (issue 17): ``RegistryPersonModel`` and its events. No column holds a
/// name, a day of birth, an address or an ID number in clear.
struct CreatePeopleRegistry: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(RegistryPersonModel.schema)
            .id()
            .field("commune_code", .string, .required)
            .field("district_code", .string)
            .field("province_code", .string, .required)
            .field("full_name_sealed", .string, .required)
            .field("other_names_sealed", .string, .required)
            .field("sex", .string, .required)
            .field("birth_sealed", .string, .required)
            .field("id_number_sealed", .string)
            .field("id_digest", .string)
            .field("address_sealed", .string, .required)
            .field("status", .string, .required)
            .field("status_on", .string, .required)
            .field("status_body", .string, .required)
            .field("managed_from", .string, .required)
            .field("transfer_to", .string)
            .field("closed_on", .string)
            .field("closing", .string)
            .field("version", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(RegistryPersonEventModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(RegistryPersonModel.schema, "id"))
            .field("kind", .string, .required)
            .field("on_day", .string, .required)
            .field("code", .string, .required)
            .field("note_sealed", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "registry_people_commune").on(RegistryPersonModel.schema).column("commune_code").run()
        try await sql.create(index: "registry_people_digest").on(RegistryPersonModel.schema).column("id_digest").run()
        try await sql.create(index: "registry_person_events_person").on(RegistryPersonEventModel.schema).column("person_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(RegistryPersonEventModel.schema).delete()
        try await database.schema(RegistryPersonModel.schema).delete()
    }
}
