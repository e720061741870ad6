import Fluent
import SQLKit

public enum DatabaseHealth {
    /// Runs a trivial query; throws when the database cannot be reached.
    public static func check(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        _ = try await sql.raw("SELECT 1").all()
    }
}
