import Fluent
import Foundation
import NIOCore
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
    /// Where the audit key comes from.
    public var auditKeys: AuditKeySource
    /// Where the personal data key (the registries') comes from.
    public var personalDataKeys: PersonalDataKeySource = .processOnly
    /// The reverse proxies whose `X-Forwarded-For` is believed: addresses and ranges, comma-separated (empty: none).
    public var trustedProxies: String
    /// Where notices are e-mailed (nil: they stay inside pcmt).
    public var noticeMail: NoticeMailSettings? = nil
    /// How often the server sends notices' e-mails and checks the day's reminders; nil: not in this process (tests,
    /// commands other than `serve`).
    public var noticeLoop: TimeAmount? = nil
    /// A folder of `.geojson` files whose outlines add to or replace the built-in ones for maps (nil: none).
    public var boundariesDirectory: String? = nil

    public init(
        database: DatabaseURL, loadBuiltins: Bool = true, sessionIdleTimeout: TimeInterval = 30 * 60,
        secureCookies: Bool = true, bcryptCost: Int = 12, demo: Bool = false, auditKeys: AuditKeySource = .processOnly,
        trustedProxies: String = ""
    ) {
        self.demo = demo
        self.database = database
        self.loadBuiltins = loadBuiltins
        self.sessionIdleTimeout = sessionIdleTimeout
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
        self.auditKeys = auditKeys
        self.trustedProxies = trustedProxies
    }

    /// From the process environment: `PCMT_DATABASE_URL` (default `sqlite://pcmt.sqlite`),
    /// `PCMT_SESSION_IDLE_MINUTES` (30), `PCMT_SECURE_COOKIES` (1; 0 only behind plain HTTP on a closed network),
    /// `PCMT_TRUSTED_PROXIES` (none), the mail server of notices (``NoticeMailSettings/fromEnvironment(_:)``),
    /// `PCMT_NOTICE_INTERVAL_SECONDS` (30, how often the outbox is sent), and the audit key from `PCMT_AUDIT_KEY`, `PCMT_AUDIT_KEY_FILE` or the key file
    /// beside the database (``AuditKeySetup``), and the personal data key from `PCMT_PERSONAL_DATA_KEY`,
    /// `PCMT_PERSONAL_DATA_KEY_FILE` or the key file beside the database (``PersonalDataKeySetup``).
    public static func fromEnvironment() throws -> PCMTConfiguration {
        var configuration = PCMTConfiguration(
            database: try DatabaseURL(Environment.get("PCMT_DATABASE_URL") ?? DatabaseURL.defaultValue),
            sessionIdleTimeout: (Environment.get("PCMT_SESSION_IDLE_MINUTES").flatMap(Double.init) ?? 30) * 60,
            secureCookies: Environment.get("PCMT_SECURE_COOKIES") != "0", auditKeys: .environment,
            trustedProxies: Environment.get("PCMT_TRUSTED_PROXIES") ?? "")
        configuration.personalDataKeys = .environment
        configuration.noticeMail = try NoticeMailSettings.fromEnvironment(ProcessInfo.processInfo.environment)
        let seconds = Environment.get("PCMT_NOTICE_INTERVAL_SECONDS").flatMap(Int64.init) ?? 30
        configuration.noticeLoop = .seconds(max(1, min(seconds, 3600)))
        configuration.boundariesDirectory = Environment.get("PCMT_BOUNDARIES_DIR").flatMap { $0.isEmpty ? nil : $0 }
        return configuration
    }
}

/// Where the audit log's key comes from (see ``AuditLog`` and ``AuditKeySetup``).
public enum AuditKeySource: Sendable {
    /// `PCMT_AUDIT_KEY`, else `PCMT_AUDIT_KEY_FILE`, else `pcmt-audit.key` beside the database (created on the first
    /// start, with a warning); checkpoints in `PCMT_AUDIT_CHECKPOINT_FILE` or beside the key.
    case environment
    /// These keys, and checkpoints in `checkpointFile` (none: `pcmt audit checkpoint` only prints).
    case given(AuditKeyring, checkpointFile: String?)
    /// A key made for this process only: what it records cannot be verified after a restart. For tests; every
    /// process shares the one key.
    case processOnly
}

/// Sets up the database, its schema and built-in data, the middleware and every route.
public func configure(_ app: Application, _ configuration: PCMTConfiguration) async throws {
    if configuration.commandsOnly {
        registerCommands(app)
        return
    }
    switch configuration.auditKeys {
    case .environment:
        let setup = try AuditKeySetup.resolve(environment: ProcessInfo.processInfo.environment, database: configuration.database)
        for warning in setup.warnings { app.logger.warning("\(warning)") }
        AuditLog.install(setup.keyring)
        app.auditSetup = AuditSetupInfo(checkpointFile: setup.checkpointFile, keyFile: setup.keyFile)
    case .given(let keys, let checkpointFile):
        AuditLog.install(keys)
        app.auditSetup = AuditSetupInfo(checkpointFile: checkpointFile, keyFile: nil)
    case .processOnly:
        break
    }
    try app.installPersonalData(configuration.personalDataKeys, database: configuration.database)
    app.databases.use(try configuration.database.configuration, as: configuration.database.databaseID)
    app.migrations.add(StoreMigrations.all)
    try await app.autoMigrate()
    if configuration.loadBuiltins {
        let catalog = try BuiltinCatalog.load()
        let loaded = try await BuiltinLoader(database: app.db).loadMissing(
            unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans, dataElements: catalog.dataElements,
            successorLinks: catalog.successorLinks)
        for name in loaded { app.logger.info("Loaded built-in data \(name)") }
    }
    app.logger.info("Database: \(configuration.database.redacted)")
    app.noticeMail = configuration.noticeMail
    var boundaries = try BoundarySet.builtIn()
    if let folder = configuration.boundariesDirectory {
        boundaries = try boundaries.loading(directory: URL(fileURLWithPath: folder))
        app.logger.info("Map outlines from \(folder) added to the built-in ones")
    }
    app.boundaries = boundaries
    if let mail = configuration.noticeMail {
        app.logger.info("Notices are e-mailed through \(mail.smtp.redacted) from \(mail.from)")
        if mail.publicURL.isEmpty {
            app.logger.warning("PCMT_PUBLIC_URL is not set: the link in each notice's e-mail is only a path.")
        }
    }
    if let interval = configuration.noticeLoop { app.lifecycle.use(NoticeLoop(interval: interval)) }

    app.passwords.use(.bcrypt(cost: configuration.bcryptCost))
    app.security = SecuritySettings(
        sessionIdleTimeout: configuration.sessionIdleTimeout, secureCookies: configuration.secureCookies,
        unknownUserHash: try Bcrypt.hash(AccountStore.randomSecret(), cost: configuration.bcryptCost),
        trustedProxies: try TrustedProxies(configuration.trustedProxies))
    if !configuration.secureCookies {
        app.logger.warning(
            "PCMT_SECURE_COOKIES=0: cookies travel over plain HTTP and lose their __Host- prefix; use this only on a closed network.")
    }

    app.routes.defaultMaxBodySize = ByteCount(value: app.security.bodyLimit)
    CleanInput.install()
    app.middleware = Middlewares()
    app.middleware.use(ReferenceNumbersMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(ProtocolGuardMiddleware())
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(BodyLimitMiddleware())
    app.middleware.use(CleanInputMiddleware())
    let openAPIDocument = try WebResources.buffer("OpenAPI/openapi.json")
    app.middleware.use(OpenAPIGateMiddleware(gate: try OpenAPIGate(document: openAPIDocument)))
    app.middleware.use(CSRFMiddleware())
    useServer(app)

    try app.register(collection: PlanPagesRoutes())
    try app.register(collection: APIRoutes())
    try app.register(collection: AuthRoutes())
    try app.register(collection: AdminRoutes())
    try app.register(collection: TokenAdminRoutes())
    try app.register(collection: AuditRoutes())
    try app.register(collection: EditPlanRoutes())
    try app.register(collection: DataElementRoutes())
    try app.register(collection: PlanVersionRoutes())
    try app.register(collection: BoardRoutes())
    try app.register(collection: DataRoutes())
    try app.register(collection: AreaGridRoutes())
    try app.register(collection: DataValuesAPIRoutes())
    try app.register(collection: RoundsRoutes())
    try app.register(collection: SubmissionRoutes())
    try app.register(collection: SubmissionAttachmentRoutes())
    try app.register(collection: DocumentRoutes())
    try app.register(collection: DataValuesReadAPIRoutes())
    try app.register(collection: SubmissionReadAPIRoutes())
    try app.register(collection: NoticesRoutes())
    app.registryPurposes = RegistryPurposes()
    try app.loadManagementRules()
    try app.register(collection: RegistryRoutes())
    try app.register(collection: RecordsRoutes())
    try app.register(collection: RegistryTotalsRoutes())

    registerCommands(app)

    if configuration.demo, try await DataValueStore(database: app.db).count() == 0 {
        let count = try await DemoLoader.load(app: app, seed: 3959)
        app.logger.info("Loaded \(count) demonstration values (synthetic)")
    }
    try app.register(
        collection: ServiceRoutes(
            openAPIDocument: openAPIDocument,
            stylesheet: try WebResources.buffer("Public/style.css"),
            copyScript: try WebResources.buffer("Public/copy.js")))
}

/// Serves with ``PCMTHTTPServer``: answers malformed requests (400, 431) and decides a body's limit from the request's
/// head — a live session cookie or API token earns ``SecuritySettings/bodyLimit``, anything else
/// ``SecuritySettings/anonymousBodyLimit`` — before reading it.
func useServer(_ app: Application) {
    let security = app.security
    let limits = PCMTHTTPServer.Limits(bodyBytes: security.bodyLimit, anonymousBodyBytes: security.anonymousBodyLimit)
    let admission = BodyAdmission { [weak app] head in
        guard let app else { return security.anonymousBodyLimit }
        if let bearer = head.headers.bearerAuthorization, (try? await TokenStore(database: app.db).isLive(secret: bearer.token)) == true {
            return security.bodyLimit
        }
        if let secret = head.headers.cookie?[security.sessionCookie]?.string, !secret.isEmpty,
            (try? await AccountStore(database: app.db).hasLiveSession(secret: secret, idleTimeout: security.sessionIdleTimeout)) == true
        {
            return security.bodyLimit
        }
        return security.anonymousBodyLimit
    }
    app.servers.use { app in
        if let existing = app.storage[PCMTServerKey.self] { return existing }
        let server = PCMTHTTPServer(application: app, limits: limits, admission: admission)
        app.storage[PCMTServerKey.self] = server
        return server
    }
}

private struct PCMTServerKey: StorageKey {
    typealias Value = PCMTHTTPServer
}

func registerCommands(_ app: Application) {
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(TokensCommand(), as: "tokens")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(NoticesCommand(), as: "notices")
    app.asyncCommands.use(PersonalKeyCommand(), as: "personal-key")
    app.asyncCommands.use(RegistryRetentionCommand(), as: "registry-retention")
}

enum WebResources {
    static func buffer(_ relativePath: String) throws -> ByteBuffer {
        let url = Bundle.module.bundleURL.appendingPathComponent(relativePath)
        return ByteBuffer(data: try Data(contentsOf: url))
    }
}
