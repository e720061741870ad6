import Fluent
import PCMTStore
import PCMTTestSupport
import Vapor

/// An application holding only the store: a real database with every migration applied.
func withStore<T>(_ backend: TestBackend, _ body: (Application) async throws -> T) async throws -> T {
    try await withStore(backend) { app, _ in try await body(app) }
}

/// The same, with the database's address (to read its raw file or tables).
func withStore<T>(_ backend: TestBackend, _ body: (Application, DatabaseURL) async throws -> T) async throws -> T {
    try await withScratchDatabase(backend) { url in
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            app.databases.use(try url.configuration, as: url.databaseID)
            app.migrations.add(StoreMigrations.all)
            try await app.autoMigrate()
            let result = try await body(app, url)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
