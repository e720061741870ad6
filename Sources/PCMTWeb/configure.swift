import Fluent
import Foundation
import PCMTSeedData
import PCMTStore
import Vapor

/// How an instance of pcmt is set up.
public struct PCMTConfiguration: Sendable {
    public var database: DatabaseURL
    /// Whether the built-in organisation units and plans are loaded into an empty database.
    public var loadBuiltins: Bool

    public init(database: DatabaseURL, loadBuiltins: Bool = true) {
        self.database = database
        self.loadBuiltins = loadBuiltins
    }

    /// From the process environment: `PCMT_DATABASE_URL` (default `sqlite://pcmt.sqlite`).
    public static func fromEnvironment() throws -> PCMTConfiguration {
        PCMTConfiguration(database: try DatabaseURL(Environment.get("PCMT_DATABASE_URL") ?? DatabaseURL.defaultValue))
    }
}

/// Sets up the database, its schema and built-in data, the middleware and every route.
public func configure(_ app: Application, _ configuration: PCMTConfiguration) async throws {
    app.databases.use(try configuration.database.configuration, as: configuration.database.databaseID)
    app.migrations.add(StoreMigrations.all)
    try await app.autoMigrate()
    if configuration.loadBuiltins {
        let catalog = try BuiltinCatalog.load()
        let loaded = try await BuiltinLoader(database: app.db).loadMissing(
            unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans)
        for name in loaded { app.logger.info("Loaded built-in data \(name)") }
    }
    app.logger.info("Database: \(configuration.database.redacted)")

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())

    try app.register(collection: PageRoutes())
    try app.register(collection: APIRoutes())
    try app.register(collection: ServiceRoutes(
        openAPIDocument: try WebResources.buffer("OpenAPI/openapi.json"),
        stylesheet: try WebResources.buffer("Public/style.css")))
}

enum WebResources {
    static func buffer(_ relativePath: String) throws -> ByteBuffer {
        let url = Bundle.module.bundleURL.appendingPathComponent(relativePath)
        return ByteBuffer(data: try Data(contentsOf: url))
    }
}
