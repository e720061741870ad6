import Foundation
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

/// pcmt as it runs, on a fresh database of the given kind with the built-in data loaded.
func withPCMT<T>(_ backend: TestBackend, loadBuiltins: Bool = true, _ body: (Application) async throws -> T) async throws -> T {
    try await withScratchDatabase(backend) { url in
        try await withPCMT(url: url, loadBuiltins: loadBuiltins, body)
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
