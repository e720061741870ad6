import Crypto
import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// An account as the rest of pcmt sees it.
public struct Account: Sendable, Equatable {
    public var id: UUID
    public var username: String
    public var role: Role
    public var unitCode: String
    public var passwordHash: String
    public var mustChangePassword: Bool
    public var disabled: Bool
    /// Where reminders go; optional.
    public var email: String?
    /// Whether notices also go to ``email`` (the account's own switch; on by default).
    public var emailNotices: Bool = true
    public var createdAt: Date
    public var version: Int
}

public struct AccountError: Error, Equatable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable { case usernameTaken, notFound, versionConflict }
    public var reason: Reason
    public var description: String {
        switch reason {
        case .usernameTaken: "This username is taken."
        case .notFound: "No such account."
        case .versionConflict: "The account was changed by someone else meanwhile."
        }
    }
}

/// Accounts, their sessions and sign-in failures, and integration tokens.
public struct AccountStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// The domain's rule (`AccountRules.normalisedUsername`): trimmed, lower case.
    public static func normalisedUsername(_ username: String) -> String {
        AccountRules.normalisedUsername(username)
    }

    // MARK: Accounts

    public func account(id: UUID) async throws -> Account? {
        try await UserModel.find(id, on: database).map(Self.account)
    }

    /// The account of `username` (normalised); nil without asking the database when the name holds a character no
    /// username can hold (a NUL byte would make PostgreSQL refuse the query).
    public func account(username: String) async throws -> Account? {
        let name = Self.normalisedUsername(username)
        guard CleanText.isClean(name, rule: .line(128)) else { return nil }
        return try await UserModel.query(on: database).filter(\.$username == name).first().map(Self.account)
    }

    public func accounts() async throws -> [Account] {
        try await UserModel.query(on: database).sort(\.$username).all().map(Self.account)
    }

    public func count() async throws -> Int { try await UserModel.query(on: database).count() }

    public func create(
        username: String, role: Role, unitCode: String, passwordHash: String, email: String? = nil,
        on db: (any Database)? = nil
    ) async throws -> Account {
        let db = db ?? database
        let name = Self.normalisedUsername(username)
        if try await UserModel.query(on: db).filter(\.$username == name).first() != nil {
            throw AccountError(reason: .usernameTaken)
        }
        let model = UserModel()
        model.id = UUID(); model.username = name; model.role = role.rawValue; model.unitCode = unitCode
        model.passwordHash = passwordHash; model.mustChangePassword = true; model.disabled = false; model.email = email
        model.emailNotices = true
        model.createdAt = Date(); model.version = 1
        try await model.create(on: db)
        return Self.account(model)
    }

    /// Changes role, unit or disabled state if the account is still at `version`.
    public func update(
        id: UUID, version: Int, role: Role, unitCode: String, disabled: Bool, email: String? = nil,
        on db: (any Database)? = nil
    ) async throws -> Account {
        let db = db ?? database
        guard let model = try await UserModel.find(id, on: db) else { throw AccountError(reason: .notFound) }
        guard model.version == version else { throw AccountError(reason: .versionConflict) }
        model.role = role.rawValue; model.unitCode = unitCode; model.disabled = disabled; model.email = email; model.version += 1
        try await model.update(on: db)
        if disabled { try await SessionModel.query(on: db).filter(\.$userID == id).delete() }
        return Self.account(model)
    }

    /// The account's own choice of where its notices go: its e-mail address (nil: none) and whether notices are
    /// also e-mailed. Refused with `.versionConflict` when the account changed since `version` was read.
    public func setNoticePreferences(id: UUID, version: Int, email: String?, emailNotices: Bool) async throws -> Account {
        guard let model = try await UserModel.find(id, on: database) else { throw AccountError(reason: .notFound) }
        guard model.version == version else { throw AccountError(reason: .versionConflict) }
        model.email = email; model.emailNotices = emailNotices; model.version += 1
        try await model.update(on: database)
        return Self.account(model)
    }

    /// Sets a new password hash; `mustChange` is true for a reset by an administrator.
    public func setPassword(id: UUID, hash: String, mustChange: Bool, on db: (any Database)? = nil) async throws {
        let db = db ?? database
        guard let model = try await UserModel.find(id, on: db) else { throw AccountError(reason: .notFound) }
        model.passwordHash = hash; model.mustChangePassword = mustChange; model.version += 1
        try await model.update(on: db)
    }

    static func account(_ model: UserModel) -> Account {
        Account(
            id: model.id!, username: model.username, role: Role(rawValue: model.role) ?? .viewer,
            unitCode: model.unitCode, passwordHash: model.passwordHash, mustChangePassword: model.mustChangePassword,
            disabled: model.disabled, email: model.email, emailNotices: model.emailNotices, createdAt: model.createdAt,
            version: model.version)
    }

    // MARK: Sessions

    /// Starts a session and returns the secret for the cookie; only its hash is stored.
    public func startSession(userID: UUID, address: String?) async throws -> String {
        let secret = Self.randomSecret()
        let model = SessionModel()
        model.tokenHash = Self.sha256(secret); model.userID = userID; model.createdAt = Date(); model.lastSeenAt = Date()
        model.address = address
        try await model.create(on: database)
        return secret
    }

    /// The account of a live session; a session idle for longer than `idleTimeout` is ended instead.
    ///
    /// Every signed-in request asks this: one statement reads the session with its account as plain rows (no model
    /// decoded), and the session is written at most once a minute.
    ///
    /// Also answers how many of the account's notices are unread (``NoticeStore``), for the menu on every page.
    public func sessionAccount(secret: String, idleTimeout: TimeInterval, now: Date = Date()) async throws -> (
        account: Account, sessionID: UUID, unreadNotices: Int
    )? {
        let sql = database as! any SQLDatabase
        guard
            let row = try await sql.raw(
                """
                SELECT s.id AS session_id, s.last_seen_at AS last_seen_at, u.id AS id, u.username AS username, u.role AS role, \
                u.unit_code AS unit_code, u.password_hash AS password_hash, u.must_change_password AS must_change_password, \
                u.disabled AS disabled, u.email AS email, u.email_notices AS email_notices, u.created_at AS created_at, u.version AS version, \
                (SELECT COUNT(*) FROM notices n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread_notices \
                FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = \(bind: Self.sha256(secret))
                """
            ).first()
        else { return nil }
        let sessionID = try row.decode(column: "session_id", as: UUID.self)
        let lastSeen = try row.decode(column: "last_seen_at", as: Date.self)
        if now.timeIntervalSince(lastSeen) > idleTimeout {
            try await SessionModel.query(on: database).filter(\.$id == sessionID).delete()
            return nil
        }
        let account = Account(
            id: try row.decode(column: "id", as: UUID.self), username: try row.decode(column: "username", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer,
            unitCode: try row.decode(column: "unit_code", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            mustChangePassword: try row.decode(column: "must_change_password", as: Bool.self),
            disabled: try row.decode(column: "disabled", as: Bool.self), email: try row.decode(column: "email", as: String?.self),
            emailNotices: try row.decode(column: "email_notices", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: Date.self), version: try row.decode(column: "version", as: Int.self))
        guard !account.disabled else { return nil }
        // Writing on every request would serialise reads behind writes; a minute's precision is enough.
        if now.timeIntervalSince(lastSeen) > 60 {
            try await sql.update(SessionModel.schema).set("last_seen_at", to: now).where("id", .equal, sessionID).run()
        }
        return (account, sessionID, try row.decode(column: "unread_notices", as: Int.self))
    }

    /// Whether `secret` names a live session of an enabled account, without touching it (the server asks this before
    /// it reads a request's body, to decide how much of it to accept).
    public func hasLiveSession(secret: String, idleTimeout: TimeInterval, now: Date = Date()) async throws -> Bool {
        guard let session = try await SessionModel.query(on: database).filter(\.$tokenHash == Self.sha256(secret)).first(),
            now.timeIntervalSince(session.lastSeenAt) <= idleTimeout,
            let user = try await UserModel.find(session.userID, on: database)
        else { return false }
        return !user.disabled
    }

    public func endSession(secret: String) async throws {
        try await SessionModel.query(on: database).filter(\.$tokenHash == Self.sha256(secret)).delete()
    }

    public func endSessions(userID: UUID, except keep: UUID? = nil) async throws {
        var query = SessionModel.query(on: database).filter(\.$userID == userID)
        if let keep { query = query.filter(\.$id != keep) }
        try await query.delete()
    }

    /// For tests and maintenance: pretend a session was last used at `date`.
    public func touchSession(secret: String, lastSeenAt date: Date) async throws {
        guard let session = try await SessionModel.query(on: database).filter(\.$tokenHash == Self.sha256(secret)).first() else { return }
        session.lastSeenAt = date
        try await session.update(on: database)
    }

    // MARK: Sign-in failures

    /// Notes a failed sign-in of `username` (normalised) from `address`. Both are kept clean
    /// (``CleanText/forRecord(_:maxScalars:allowsLineBreaks:)``), whatever was typed.
    public func recordFailure(username: String, address: String, at date: Date = Date()) async throws {
        let model = SignInFailureModel()
        model.username = Self.failureKey(username); model.address = Self.failureKey(address); model.at = date
        try await model.create(on: database)
    }

    /// The times of the failures since `since`, newest first and at most `limit` of each: of `username` at `address`,
    /// of `username` anywhere, and of `address` for any username (``SignInThrottle``).
    public func recentFailureTimes(
        username: String, address: String, since: Date, limit: Int
    ) async throws -> (pair: [Date], account: [Date], address: [Date]) {
        let name = Self.failureKey(username)
        let place = Self.failureKey(address)
        func times(_ query: QueryBuilder<SignInFailureModel>) async throws -> [Date] {
            try await query.filter(\.$at >= since).sort(\.$at, .descending).limit(limit).all().map(\.at)
        }
        let pair = try await times(SignInFailureModel.query(on: database).filter(\.$username == name).filter(\.$address == place))
        let account = try await times(SignInFailureModel.query(on: database).filter(\.$username == name))
        let byAddress = try await times(SignInFailureModel.query(on: database).filter(\.$address == place))
        return (pair, account, byAddress)
    }

    /// Failures within the window for this username and for this address.
    public func recentFailures(username: String, address: String, since: Date) async throws -> (forUsername: Int, forAddress: Int) {
        let byName = try await SignInFailureModel.query(on: database)
            .filter(\.$username == Self.failureKey(username)).filter(\.$at >= since).count()
        let byAddress = try await SignInFailureModel.query(on: database).filter(\.$address == Self.failureKey(address))
            .filter(\.$at >= since).count()
        return (byName, byAddress)
    }

    /// Forgets the failures of `username`: from `address` only when it is given (a successful sign-in there).
    public func clearFailures(username: String, address: String? = nil) async throws {
        var query = SignInFailureModel.query(on: database).filter(\.$username == Self.failureKey(username))
        if let address { query = query.filter(\.$address == Self.failureKey(address)) }
        try await query.delete()
    }

    static func failureKey(_ text: String) -> String {
        CleanText.forRecord(normalisedUsername(text), maxScalars: 128, allowsLineBreaks: false)
    }

    // MARK: Secrets

    public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
