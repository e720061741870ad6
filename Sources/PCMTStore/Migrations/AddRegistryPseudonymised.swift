import Fluent
import SQLKit

/// The day a closed record of the registry was pseudonymised after the installation's retention period
/// (``PeopleRegistryStore/pseudonymiseClosed(closedOnOrBefore:today:context:)``); null while it still identifies.
/// Also indexes the commune a record is being moved to, by which a commune's list finds the moves waiting for it.
struct AddRegistryPseudonymised: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(RegistryPersonModel.schema).field("pseudonymised_on", .string).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "registry_people_transfer_to").on(RegistryPersonModel.schema).column("transfer_to").run()
    }

    func revert(on database: Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "registry_people_transfer_to").run()
        try await database.schema(RegistryPersonModel.schema).deleteField("pseudonymised_on").update()
    }
}
