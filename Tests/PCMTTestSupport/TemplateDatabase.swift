import Foundation
import PCMTStore
import SQLKit
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A database prepared once per test process and copied for each test that starts from it (``ScratchDatabase``):
/// e.g. every migration run and the built-in data loaded, or the demonstration data on top. Preparing it is the same
/// work each test did on its own empty database; the copy is what that work left, so the tests see the same data.
///
/// `key` names what `prepare` makes: two templates with the same key must be the same. `prepare` gets a new, empty
/// database and must leave it with no connection open (an application shut down).
public struct TemplateDatabase: Sendable {
    public let key: String
    let prepare: @Sendable (DatabaseURL) async throws -> Void

    public init(key: String, prepare: @escaping @Sendable (DatabaseURL) async throws -> Void) {
        self.key = key
        self.prepare = prepare
    }

    /// `PCMT_TEST_NO_TEMPLATES=1`: every test prepares its own database from nothing (``ScratchDatabase/make(_:from:)``).
    static var disabled: Bool { ProcessInfo.processInfo.environment["PCMT_TEST_NO_TEMPLATES"] == "1" }

    /// The template's database on `backend`, prepared by the first test that asks and awaited by the others.
    static func prepared(_ template: TemplateDatabase, on backend: TestBackend) async throws -> DatabaseURL {
        try await Registry.shared.prepared(template, on: backend)
    }

    /// The templates of this process, each prepared at most once. The task is made and kept before anything is
    /// awaited, so that a second test asking meanwhile awaits the same one.
    actor Registry {
        static let shared = Registry()
        private var tasks: [String: Task<DatabaseURL, any Error>] = [:]
        /// Those left by processes that ended are removed once, before the first template is made.
        private var leftoversRemoved: Task<Void, Never>?

        func prepared(_ template: TemplateDatabase, on backend: TestBackend) async throws -> DatabaseURL {
            let id = "\(backend.rawValue)|\(template.key)"
            if let task = tasks[id] { return try await task.value }
            let name = "\(TemplateDatabase.prefix)_\(tasks.count)"
            let leftovers = leftoversRemoved ?? Task { await TemplateDatabase.removeLeftovers() }
            leftoversRemoved = leftovers
            let task = Task {
                await leftovers.value
                return try await TemplateDatabase.make(template, on: backend, name: name)
            }
            tasks[id] = task
            return try await task.value
        }
    }

    /// `pcmt_tpl_<host>_<process>`: a template is this process's only, and one left by a process that ended (killed
    /// before its templates were removed) can be told from one in use.
    static let prefix = "pcmt_tpl_\(hostTag)_\(getpid())"

    static var hostTag: String {
        let host = ProcessInfo.processInfo.hostName
        var hash: UInt32 = 2_166_136_261
        for byte in host.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(hash, radix: 16)
    }

    static func make(_ template: TemplateDatabase, on backend: TestBackend, name: String) async throws -> DatabaseURL {
        switch backend {
        case .sqlite:
            let path = try ScratchDatabase.sqliteDirectory().appendingPathComponent("\(name).sqlite").path
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            removeAtExit(path)
            try await template.prepare(.sqlite(path: path))
            // Only the file is copied: nothing may be left beside it.
            for suffix in ["-wal", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
                throw Abort(.internalServerError, reason: "the template \(path) was left with a \(suffix) file: a connection is still open")
            }
            return .sqlite(path: path)
        case .postgres:
            let base = try ScratchDatabase.postgresBase()
            try await ScratchDatabase.onServer(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try await ScratchDatabase.onServer(base, "CREATE DATABASE \(name)")
            let url = try ScratchDatabase.url(base, database: name)
            try await template.prepare(.postgres(url: url))
            return .postgres(url: url)
        }
    }

    /// Templates left by processes of this machine that have ended: SQLite files, PostgreSQL databases (the test
    /// server is emptied of them here, as a process cannot wait for an asynchronous drop when it exits).
    static func removeLeftovers() async {
        let ended: (String) -> Bool = { name in
            let parts = name.split(separator: "_")
            guard parts.count >= 4, parts[2] == hostTag, let pid = pid_t(parts[3]) else { return false }
            return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
        }
        if let directory = try? ScratchDatabase.sqliteDirectory(),
            let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        {
            for file in files where file.hasPrefix("pcmt_tpl_") && ended(file.split(separator: ".").first.map(String.init) ?? "") {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(file))
            }
        }
        guard let base = try? ScratchDatabase.postgresBase(),
            let rows = try? await ScratchDatabase.onDatabase(
                try DatabaseURL(base), "SELECT datname FROM pg_database WHERE datname LIKE 'pcmt\\_tpl\\_%'")
        else { return }
        for row in rows {
            guard let name = try? row.decode(column: "datname", as: String.self), ended(name) else { continue }
            try? await ScratchDatabase.onServer(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// The template's SQLite file is removed when the process exits.
    static func removeAtExit(_ path: String) {
        exitLock.withLock { exitPaths.append(path) }
        _ = installExitHandler
    }

    private static let exitLock = NSLock()
    nonisolated(unsafe) private static var exitPaths: [String] = []
    private static let installExitHandler: Void = {
        atexit {
            TemplateDatabase.exitLock.withLock {
                for path in TemplateDatabase.exitPaths { unlink(path) }
            }
        }
    }()
}
