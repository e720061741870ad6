import Fluent
import SQLKit

struct CreateSignInFailures: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(SignInFailureModel.schema)
            .id()
            .field("username", .string, .required)
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "sign_in_failures_at")
            .on(SignInFailureModel.schema).column("at").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SignInFailureModel.schema).delete()
    }
}
