import Fluent
import SQLKit

/// A data element is edited on its own (pcmt issue 16, item 4) and keeps a version, so that a save from a form opened
/// before someone else's is refused instead of overwriting it. Elements already stored begin at version 1.
struct AddDataElementVersion: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(DataElementModel.schema).field("version", .int, .required, .sql(.default(1))).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(DataElementModel.schema).deleteField("version").update()
    }
}
