import Fluent
import Foundation
import SQLKit

/// The one row whose number moves with every change of units, plans or data elements (``ReferenceCache``), and the
/// installation's id that keys the cache.
struct CreateReferenceVersion: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("reference_version")
            .field("id", .int, .identifier(auto: false))
            .field("installation", .string, .required)
            .field("version", .int, .required)
            .create()
        try await (database as! any SQLDatabase).raw(
            "INSERT INTO reference_version (id, installation, version) VALUES (1, \(bind: UUID().uuidString), 0)"
        ).run()
    }

    func revert(on database: Database) async throws {
        try await database.schema("reference_version").delete()
    }
}
