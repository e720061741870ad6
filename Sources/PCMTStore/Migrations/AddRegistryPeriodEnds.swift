import Fluent

/// The end day of a management period, computed from its kind's duration when the period began and saved with its
/// event (``PeopleRegistryStore/startPeriod(_:kind:on:version:today:context:)``), so that a later change of the
/// durations' data does not move it; null for every other event.
struct AddRegistryPeriodEnds: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(RegistryPersonEventModel.schema).field("ends_on", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(RegistryPersonEventModel.schema).deleteField("ends_on").update()
    }
}
