import Fluent
import Foundation
import PCMTStore
import SQLKit
import Vapor

/// The database servers the tests run against: SQLite always, PostgreSQL when `PCMT_TEST_POSTGRES_URL` names one.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["PCMT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var available: [TestBackend] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public var description: String { rawValue }
}

/// A new, empty database of its own for one test: a fresh SQLite file, or a fresh PostgreSQL database
/// created on the test server and dropped afterwards.
public struct ScratchDatabase: Sendable {
    public let url: DatabaseURL
    let drop: @Sendable () async throws -> Void

    public static func make(_ backend: TestBackend) async throws -> ScratchDatabase {
        try await make(backend, copying: nil)
    }

    /// A new database of its own for one test that starts as a copy of `template` (``TemplateDatabase``): the SQLite
    /// file copied, or a PostgreSQL `CREATE DATABASE … TEMPLATE`. The copy gets an installation id of its own, as a
    /// database made from nothing does, so that no two tests' databases share what the process keeps in memory by it
    /// (``ReferenceCache``).
    ///
    /// With `PCMT_TEST_NO_TEMPLATES=1` the template's preparation runs on the test's own empty database instead, as
    /// it did before templates: to check that a test sees the same either way.
    public static func make(_ backend: TestBackend, from template: TemplateDatabase) async throws -> ScratchDatabase {
        if TemplateDatabase.disabled {
            let scratch = try await make(backend, copying: nil)
            do {
                try await template.prepare(scratch.url)
            } catch {
                try? await scratch.dropDatabase()
                throw error
            }
            return scratch
        }
        let url = try await TemplateDatabase.prepared(template, on: backend)
        let scratch = try await make(backend, copying: url)
        do {
            try await Self.onDatabase(
                scratch.url, "UPDATE reference_version SET installation = '\(UUID().uuidString)' WHERE id = 1")
        } catch {
            try? await scratch.dropDatabase()
            throw error
        }
        return scratch
    }

    private static func make(_ backend: TestBackend, copying template: DatabaseURL?) async throws -> ScratchDatabase {
        let name = "pcmt_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch backend {
        case .sqlite:
            let path = try Self.sqliteDirectory().appendingPathComponent("\(name).sqlite").path
            let remove: @Sendable () async throws -> Void = {
                for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            if case .sqlite(let source)? = template {
                do {
                    try FileManager.default.copyItem(atPath: source, toPath: path)
                } catch {
                    try? await remove()
                    throw error
                }
            }
            return ScratchDatabase(url: .sqlite(path: path), drop: remove)
        case .postgres:
            let base = try Self.postgresBase()
            if case .postgres(let source)? = template {
                try await Self.createCopy(name, of: try Self.databaseName(source), on: base)
            } else {
                try await Self.onServer(base, "CREATE DATABASE \(name)")
            }
            return ScratchDatabase(url: .postgres(url: try Self.url(base, database: name))) {
                try await Self.onServer(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    static func sqliteDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-tests", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func postgresBase() throws -> String {
        guard let base = TestBackend.postgresURL else { throw Abort(.internalServerError, reason: "PCMT_TEST_POSTGRES_URL is not set") }
        return base
    }

    /// `base` with its database replaced by `database`.
    static func url(_ base: String, database: String) throws -> String {
        guard var components = URLComponents(string: base) else {
            throw Abort(.internalServerError, reason: "PCMT_TEST_POSTGRES_URL is not a URL")
        }
        components.path = "/\(database)"
        return components.string!
    }

    static func databaseName(_ url: String) throws -> String {
        guard let name = URLComponents(string: url)?.path.dropFirst(), !name.isEmpty else {
            throw Abort(.internalServerError, reason: "no database in \(url)")
        }
        return String(name)
    }

    /// `CREATE DATABASE name TEMPLATE source`. PostgreSQL refuses while anyone is connected to the source, and a
    /// connection closed by the template's preparation may take a moment to end on the server: tried again then.
    static func createCopy(_ name: String, of source: String, on base: String) async throws {
        var attempt = 0
        while true {
            do {
                try await Self.onServer(base, "CREATE DATABASE \(name) TEMPLATE \(source)")
                return
            } catch  where attempt < 50 && String(reflecting: error).contains("is being accessed by other users") {
                attempt += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    public func dropDatabase() async throws { try await drop() }

    /// Runs one statement on the PostgreSQL server named by `url`, outside any test database.
    public static func onServer(_ url: String, _ statement: String) async throws {
        _ = try await onDatabase(try DatabaseURL(url), statement)
    }

    /// Runs one statement on the database at `url` and returns its rows.
    @discardableResult
    static func onDatabase(_ url: DatabaseURL, _ statement: String) async throws -> [any SQLRow] {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        let rows: [any SQLRow]
        do {
            app.databases.use(try url.configuration, as: url.databaseID)
            rows = try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).all()
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return rows
    }
}

/// Runs `body` with a fresh database and always removes it afterwards: an empty one, or a copy of `template`.
public func withScratchDatabase<T>(
    _ backend: TestBackend, from template: TemplateDatabase? = nil, _ body: (DatabaseURL) async throws -> T
) async throws -> T {
    let scratch: ScratchDatabase
    if let template {
        scratch = try await ScratchDatabase.make(backend, from: template)
    } else {
        scratch = try await ScratchDatabase.make(backend)
    }
    do {
        let result = try await body(scratch.url)
        try await scratch.dropDatabase()
        return result
    } catch {
        try? await scratch.dropDatabase()
        throw error
    }
}
