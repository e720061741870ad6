import Fluent
import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

/// Tokens made before they had owners: the migration `AddAPITokenOwner` on a real SQLite file and PostgreSQL.
@Suite struct TokenOwnerMigrationTests {
    @Test(arguments: TestBackend.available)
    func oldTokensGetTheirCreatorAsOwnerOrAreRevoked(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { url in
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            do {
                app.databases.use(try url.configuration, as: url.databaseID)
                let all = StoreMigrations.all
                let owners = try #require(all.firstIndex { "\(type(of: $0))" == "AddAPITokenOwner" }, "the owner migration is there")
                app.migrations.add(Array(all[..<owners]))
                try await app.autoMigrate()
                let sql = try #require(app.db as? any SQLDatabase)
                // The account as the schema of that time holds it (later columns, such as the e-mail switch, do not
                // exist yet).
                let ownerID = UUID()
                try await sql.insert(into: "users")
                    .columns("id", "username", "role", "unit_code", "password_hash", "must_change_password", "disabled", "created_at", "version")
                    .values(
                        SQLBind(ownerID), SQLBind("ngochoi_bc"), SQLBind("district_reporter"), SQLBind("611"), SQLBind("x"), SQLBind(true),
                        SQLBind(false), SQLBind(Date()), SQLBind(1)
                    )
                    .run()
                let old = Date(timeIntervalSince1970: 1_700_000_000)
                var ids: [String: UUID] = [:]
                for (name, creator) in [("by-account", "ngochoi_bc"), ("by-cli", "cli"), ("by-gone", "nguoi_da_xoa")] {
                    let id = UUID()
                    ids[name] = id
                    try await sql.insert(into: "api_tokens")
                        .columns("id", "name", "token_hash", "role", "unit_code", "created_at", "created_by")
                        .values(
                            SQLBind(id), SQLBind(name), SQLBind("hash-\(name)"), SQLBind("district_reporter"), SQLBind("611"),
                            SQLBind(old), SQLBind(creator)
                        )
                        .run()
                }
                app.migrations.add(Array(all[owners...]))
                try await app.autoMigrate()
                let store = TokenStore(database: app.db)
                let byAccount = try #require(try await store.token(id: ids["by-account"]!))
                #expect(byAccount.ownerID == ownerID)
                #expect(byAccount.revokedAt == nil)
                let byCLI = try #require(try await store.token(id: ids["by-cli"]!))
                #expect(byCLI.ownerID == nil)
                #expect(byCLI.revokedAt != nil, "a command-line token made without an owner is revoked")
                let byGone = try #require(try await store.token(id: ids["by-gone"]!))
                #expect(byGone.ownerID == nil)
                #expect(byGone.revokedAt != nil, "a token whose creator no longer exists is revoked")
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }
}
