import Crypto
import Fluent
import Foundation
import SQLKit

/// What happened, as recorded in the audit log.
public enum AuditKind: String, Codable, Sendable, CaseIterable {
    case create, update, delete
    case signIn = "sign_in", signInFailed = "sign_in_failed", signOut = "sign_out"
    case passwordChange = "password_change", permissionChange = "permission_change"
    case tokenCreate = "token_create", tokenRevoke = "token_revoke"
    case export
}

/// One event to record: who, from where, what, and the values before and after.
public struct AuditEntry: Sendable {
    public var actor: String
    public var actorUnit: String?
    public var address: String?
    public var kind: AuditKind
    public var entity: String?
    public var entityID: String?
    /// The unit the event concerns, so that auditors of a unit see what happened there.
    public var unitCode: String?
    public var summary: String
    public var before: [String: String]?
    public var after: [String: String]?

    public init(
        actor: String, actorUnit: String? = nil, address: String? = nil, kind: AuditKind, entity: String? = nil,
        entityID: String? = nil, unitCode: String? = nil, summary: String, before: [String: String]? = nil,
        after: [String: String]? = nil
    ) {
        self.actor = actor; self.actorUnit = actorUnit; self.address = address; self.kind = kind; self.entity = entity
        self.entityID = entityID; self.unitCode = unitCode; self.summary = summary; self.before = before; self.after = after
    }
}

/// A recorded event with its place in the hash chain.
public struct AuditEvent: Sendable, Equatable {
    public var seq: Int
    public var at: Date
    public var actor: String
    public var actorUnit: String?
    public var address: String?
    public var kind: String
    public var entity: String?
    public var entityID: String?
    public var unitCode: String?
    public var summary: String
    public var before: String?
    public var after: String?
    public var prevHash: String
    public var hash: String
}

public struct AuditFilter: Sendable {
    public var actor: String?
    public var unitCodes: [String]?
    public var kind: AuditKind?
    public var from: Date?
    public var to: Date?
    public var limit: Int
    /// With `unitCodes`: also events tied to no unit at all (e.g. failed sign-ins with unknown usernames).
    public var includeUnitless: Bool

    public init(
        actor: String? = nil, unitCodes: [String]? = nil, kind: AuditKind? = nil, from: Date? = nil,
        to: Date? = nil, limit: Int = 500, includeUnitless: Bool = false
    ) {
        self.actor = actor; self.unitCodes = unitCodes; self.kind = kind; self.from = from; self.to = to; self.limit = limit
        self.includeUnitless = includeUnitless
    }
}

/// The result of walking the chain.
public enum AuditVerification: Equatable, Sendable {
    /// With the last event's hash, to be written down elsewhere: a later check that finds fewer events or another
    /// hash at that place shows that the end of the log was cut or rewritten.
    case intact(events: Int)
    case broken(seq: Int, reason: String)
}

/// The append-only, tamper-evident log: each event carries a SHA-256 over its content and the previous event's
/// hash, so editing, removing or reordering any recorded event breaks the chain from there on.
public struct AuditLog: Sendable {
    static let genesisHash = String(repeating: "0", count: 64)
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// Runs `work` in one transaction together with the events it records: either both are saved or neither.
    /// Writers in this process take turns, so the chain never forks.
    public func transaction<T: Sendable>(
        _ work: @escaping @Sendable (any Database, AuditRecorder) async throws -> T
    ) async throws -> T {
        try await AuditTurns.shared.run {
            try await database.transaction { db in
                // Other processes on the same PostgreSQL server take turns too: one writer of audited changes at a
                // time, until its transaction ends. (SQLite lets one writer in at a time by itself.)
                if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
                    try await sql.raw("SELECT pg_advisory_xact_lock(39592021)").run()
                }
                let recorder = AuditRecorder(database: db)
                return try await work(db, recorder)
            }
        }
    }

    /// Records a single event on its own.
    public func record(_ entry: AuditEntry) async throws {
        _ = try await transaction { _, recorder in try await recorder.record(entry) }
    }

    public func events(_ filter: AuditFilter) async throws -> [AuditEvent] {
        var query = AuditEventModel.query(on: database)
        if let actor = filter.actor, !actor.isEmpty { query = query.filter(\.$actor == actor) }
        if let units = filter.unitCodes {
            query = query.group(.or) { or in
                or.filter(\.$unitCode ~~ units).filter(\.$actorUnit ~~ units)
                if filter.includeUnitless { or.group(.and) { $0.filter(\.$unitCode == nil).filter(\.$actorUnit == nil) } }
            }
        }
        if let kind = filter.kind { query = query.filter(\.$kind == kind.rawValue) }
        if let from = filter.from { query = query.filter(\.$atMilliseconds >= Self.milliseconds(from)) }
        if let to = filter.to { query = query.filter(\.$atMilliseconds < Self.milliseconds(to)) }
        return try await query.sort(\.$seq, .descending).limit(filter.limit).all().map(Self.event)
    }

    /// The latest event about one record, to say who changed it and when.
    public func latest(entity: String, entityID: String) async throws -> AuditEvent? {
        try await AuditEventModel.query(on: database).filter(\.$entity == entity).filter(\.$entityID == entityID)
            .sort(\.$seq, .descending).first().map(Self.event)
    }

    /// The newest event's number and hash.
    public func head() async throws -> (seq: Int, hash: String)? {
        try await AuditEventModel.query(on: database).sort(\.$seq, .descending).first().map { ($0.seq, $0.hash) }
    }

    /// Walks the whole chain in order and reports the first event whose hash or link does not hold.
    public func verify() async throws -> AuditVerification {
        var previous = Self.genesisHash
        var expectedSeq = 1
        var count = 0
        let models = try await AuditEventModel.query(on: database).sort(\.$seq).all()
        for model in models {
            let event = Self.event(model)
            if event.seq != expectedSeq {
                return .broken(seq: event.seq, reason: "event \(expectedSeq) is missing")
            }
            if event.prevHash != previous {
                return .broken(seq: event.seq, reason: "it does not link to the event before it")
            }
            if Self.hash(of: event) != event.hash {
                return .broken(seq: event.seq, reason: "its content does not match its hash")
            }
            previous = event.hash
            expectedSeq += 1
            count += 1
        }
        return .intact(events: count)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func event(_ model: AuditEventModel) -> AuditEvent {
        AuditEvent(
            seq: model.seq, at: Date(timeIntervalSince1970: Double(model.atMilliseconds) / 1000),
            actor: model.actor, actorUnit: model.actorUnit, address: model.address, kind: model.kind,
            entity: model.entity, entityID: model.entityID, unitCode: model.unitCode, summary: model.summary,
            before: model.before, after: model.after, prevHash: model.prevHash, hash: model.hash)
    }

    /// SHA-256 over every field but the hash itself, each field length-prefixed so no two contents collide.
    static func hash(of event: AuditEvent) -> String {
        let fields: [String?] = [
            String(event.seq), String(milliseconds(event.at)), event.actor, event.actorUnit, event.address, event.kind,
            event.entity, event.entityID, event.unitCode, event.summary, event.before, event.after, event.prevHash,
        ]
        var content = ""
        for field in fields {
            if let field { content += "\(field.utf8.count):\(field)|" } else { content += "-|" }
        }
        return SHA256.hash(data: Data(content.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Appends events inside a transaction opened by `AuditLog.transaction`.
public struct AuditRecorder: Sendable {
    let database: any Database

    @discardableResult
    public func record(_ entry: AuditEntry) async throws -> AuditEvent {
        let last = try await AuditEventModel.query(on: database).sort(\.$seq, .descending).first()
        var event = AuditEvent(
            seq: (last?.seq ?? 0) + 1, at: Date(timeIntervalSince1970: Double(AuditLog.milliseconds(Date())) / 1000),
            actor: entry.actor, actorUnit: entry.actorUnit, address: entry.address, kind: entry.kind.rawValue,
            entity: entry.entity, entityID: entry.entityID, unitCode: entry.unitCode, summary: entry.summary,
            before: entry.before.map(Self.json), after: entry.after.map(Self.json),
            prevHash: last?.hash ?? AuditLog.genesisHash, hash: "")
        event.hash = AuditLog.hash(of: event)
        let model = AuditEventModel()
        model.seq = event.seq; model.atMilliseconds = AuditLog.milliseconds(event.at); model.actor = event.actor
        model.actorUnit = event.actorUnit; model.address = event.address; model.kind = event.kind
        model.entity = event.entity; model.entityID = event.entityID; model.unitCode = event.unitCode
        model.summary = event.summary; model.before = event.before; model.after = event.after
        model.prevHash = event.prevHash; model.hash = event.hash
        try await model.create(on: database)
        return event
    }

    static func json(_ values: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(values)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// One writer at a time for the audit chain within this process.
actor AuditTurns {
    static let shared = AuditTurns()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        while busy {
            await withCheckedContinuation { waiting.append($0) }
        }
        busy = true
        defer {
            busy = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await work()
    }
}
