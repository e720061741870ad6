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
    /// A session unused for this long ends.
    public var sessionIdleTimeout: TimeInterval
    /// Cookies only over HTTPS (browsers treat http://localhost as secure too).
    public var secureCookies: Bool
    /// The work factor of password hashes; lower only in tests.
    public var bcryptCost: Int
    /// Fill an empty database with synthetic demonstration data.
    public var demo: Bool
    /// Only register the commands (for --help): no database is opened.
    public var commandsOnly = false

    public init(
        database: DatabaseURL, loadBuiltins: Bool = true, sessionIdleTimeout: TimeInterval = 30 * 60,
        secureCookies: Bool = true, bcryptCost: Int = 12, demo: Bool = false
    ) {
        self.demo = demo
        self.database = database
        self.loadBuiltins = loadBuiltins
        self.sessionIdleTimeout = sessionIdleTimeout
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
    }

    /// From the process environment: `PCMT_DATABASE_URL` (default `sqlite://pcmt.sqlite`),
    /// `PCMT_SESSION_IDLE_MINUTES` (30), `PCMT_SECURE_COOKIES` (1; 0 only behind plain HTTP on a closed network).
    public static func fromEnvironment() throws -> PCMTConfiguration {
        PCMTConfiguration(
            database: try DatabaseURL(Environment.get("PCMT_DATABASE_URL") ?? DatabaseURL.defaultValue),
            sessionIdleTimeout: (Environment.get("PCMT_SESSION_IDLE_MINUTES").flatMap(Double.init) ?? 30) * 60,
            secureCookies: Environment.get("PCMT_SECURE_COOKIES") != "0")
    }
}

/// Sets up the database, its schema and built-in data, the middleware and every route.
public func configure(_ app: Application, _ configuration: PCMTConfiguration) async throws {
    if configuration.commandsOnly {
        registerCommands(app)
        return
    }
    app.databases.use(try configuration.database.configuration, as: configuration.database.databaseID)
    app.migrations.add(StoreMigrations.all)
    try await app.autoMigrate()
    if configuration.loadBuiltins {
        let catalog = try BuiltinCatalog.load()
        let loaded = try await BuiltinLoader(database: app.db).loadMissing(
            unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans, dataElements: catalog.dataElements)
        for name in loaded { app.logger.info("Loaded built-in data \(name)") }
    }
    app.logger.info("Database: \(configuration.database.redacted)")

    app.passwords.use(.bcrypt(cost: configuration.bcryptCost))
    app.security = SecuritySettings(
        sessionIdleTimeout: configuration.sessionIdleTimeout, secureCookies: configuration.secureCookies,
        unknownUserHash: try Bcrypt.hash(AccountStore.randomSecret(), cost: configuration.bcryptCost))

    app.routes.defaultMaxBodySize = "16mb"
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(CSRFMiddleware())

    try app.register(collection: PlanPagesRoutes())
    try app.register(collection: APIRoutes())
    try app.register(collection: AuthRoutes())
    try app.register(collection: AdminRoutes())
    try app.register(collection: TokenAdminRoutes())
    try app.register(collection: AuditRoutes())
    try app.register(collection: EditPlanRoutes())
    try app.register(collection: BoardRoutes())
    try app.register(collection: DataRoutes())
    try app.register(collection: DataValuesAPIRoutes())
    try app.register(collection: RoundsRoutes())
    try app.register(collection: SubmissionRoutes())
    try app.register(collection: DocumentRoutes())
    try app.register(collection: DataValuesReadAPIRoutes())
    try app.register(collection: SubmissionReadAPIRoutes())

    registerCommands(app)

    if configuration.demo, try await DataValueStore(database: app.db).count() == 0 {
        let count = try await DemoLoader.load(app: app, seed: 3959)
        app.logger.info("Loaded \(count) demonstration values (synthetic)")
    }
    try app.register(
        collection: ServiceRoutes(
            openAPIDocument: try WebResources.buffer("OpenAPI/openapi.json"),
            stylesheet: try WebResources.buffer("Public/style.css"),
            copyScript: try WebResources.buffer("Public/copy.js")))
}

func registerCommands(_ app: Application) {
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(TokensCommand(), as: "tokens")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(DemoCommand(), as: "demo")
}

enum WebResources {
    static func buffer(_ relativePath: String) throws -> ByteBuffer {
        let url = Bundle.module.bundleURL.appendingPathComponent(relativePath)
        return ByteBuffer(data: try Data(contentsOf: url))
    }
}
