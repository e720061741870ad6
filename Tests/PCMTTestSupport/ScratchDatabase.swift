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
        let name = "pcmt_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-tests", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("\(name).sqlite").path
            return ScratchDatabase(url: .sqlite(path: path)) {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        case .postgres:
            guard let base = TestBackend.postgresURL, var components = URLComponents(string: base) else {
                throw Abort(.internalServerError, reason: "PCMT_TEST_POSTGRES_URL is not set")
            }
            try await Self.onServer(base, "CREATE DATABASE \(name)")
            components.path = "/\(name)"
            return ScratchDatabase(url: .postgres(url: components.string!)) {
                try await Self.onServer(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    public func dropDatabase() async throws { try await drop() }

    /// Runs one statement on the PostgreSQL server named by `url`, outside any test database.
    public static func onServer(_ url: String, _ statement: String) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            app.databases.use(try DatabaseURL(url).configuration, as: .psql)
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// Runs `body` with a fresh database and always removes it afterwards.
public func withScratchDatabase<T>(_ backend: TestBackend, _ body: (DatabaseURL) async throws -> T) async throws -> T {
    let scratch = try await ScratchDatabase.make(backend)
    do {
        let result = try await body(scratch.url)
        try await scratch.dropDatabase()
        return result
    } catch {
        try? await scratch.dropDatabase()
        throw error
    }
}
