import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// pcmt as it runs, on a fresh database of the given kind with the built-in data loaded (without: an empty
/// database that configure() migrates).
///
/// The database is a copy of one prepared once per process by the same configure() on an empty database
/// (``TemplateDatabase``); configure() then runs on the copy as on any database that has its migrations and built-in
/// data, and finds nothing to do.
func withPCMT<T>(_ backend: TestBackend, loadBuiltins: Bool = true, _ body: (Application) async throws -> T) async throws -> T {
    try await withScratchDatabase(backend, from: loadBuiltins ? .builtins : nil) { url in
        try await withPCMT(url: url, loadBuiltins: loadBuiltins, body)
    }
}

/// pcmt with the built-in data and the demonstration data of `seed` (``DemoLoader/load(app:seed:)``), loaded with
/// `clock` (the machine's when nil), which the application also keeps for `body`. The demonstration is loaded once per
/// process and clock day into a template that each test's own database copies.
func withPCMT<T>(
    _ backend: TestBackend, demo seed: UInt64, clock: ProvinceClock? = nil, _ body: (Application) async throws -> T
) async throws -> T {
    try await withScratchDatabase(backend, from: .demo(seed: seed, clock: clock)) { url in
        try await withPCMT(url: url) { app in
            if let clock { app.clock = clock }
            return try await body(app)
        }
    }
}

extension TemplateDatabase {
    /// Every migration and the built-in data, as configure() leaves an empty database.
    static let builtins = TemplateDatabase(key: "builtins") { url in
        try await withPCMT(url: url) { _ in }
    }

    /// ``builtins`` and the demonstration data, loaded with `clock`. DemoLoader reads nothing of the clock but its
    /// year (the last year it fills) and whether the year's second half has begun (the registry's derived values are
    /// written for the periods begun, ``DemoRegistry``), so one template serves every clock of the same half-year.
    static func demo(seed: UInt64, clock: ProvinceClock?) -> TemplateDatabase {
        let day = clock ?? .system
        let half = day.todayISO >= "\(day.year)-07-01" ? 2 : 1
        return TemplateDatabase(key: "demo-\(seed)-\(day.year)S\(half)") { url in
            try await withPCMT(url: url) { app in
                if let clock { app.clock = clock }
                try await DemoLoader.load(app: app, seed: seed)
            }
        }
    }
}

/// pcmt on an existing database, e.g. to start it a second time on the same file.
func withPCMT<T>(url: DatabaseURL, loadBuiltins: Bool = true, _ body: (Application) async throws -> T) async throws -> T {
    try await withApp(
        configure: { app in
            app.logger.logLevel = .warning
            // Cheap hashes keep the tests fast; the work factor is not what they test.
            try await configure(app, PCMTConfiguration(database: url, loadBuiltins: loadBuiltins, bcryptCost: 4))
        }, body)
}

let konTumPlanID = "6f0c3959-2021-4025-8d62-000000003959"

extension Application {
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await testing().sendRequest(.GET, path, headers: headers)
    }

    func getJSON(_ path: String) async throws -> Any {
        let response = try await get(path)
        return try JSONSerialization.jsonObject(with: Data(buffer: response.body))
    }
}

/// Headers that carry the English language choice, as the cookie set by the switch does.
let english: HTTPHeaders = ["Cookie": "pcmt_lang=en"]
