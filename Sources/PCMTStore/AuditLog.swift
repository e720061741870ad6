import Crypto
import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// What happened, as recorded in the audit log.
public enum AuditKind: String, Codable, Sendable, CaseIterable {
    case create, update, delete
    case signIn = "sign_in", signInFailed = "sign_in_failed", signOut = "sign_out"
    case passwordChange = "password_change", permissionChange = "permission_change"
    case tokenCreate = "token_create", tokenRevoke = "token_revoke"
    case export
    /// A read of a person's record in a registry, with the purpose the reader gave (issue 17, item 2).
    case read
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
    /// `before` and `after` as the log keeps them (``AuditRecorder/prepared(_:)``), made beforehand, e.g. while the
    /// change's statements run; nil: made when the event is recorded.
    var prepared: (before: String?, after: String?)?

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
    /// The id of the audit key whose HMAC `hash` is (``AuditKey/id``); nil for an event chained before keys were
    /// used, whose `hash` is a plain SHA-256.
    public var macKey: String? = nil
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
    /// Every event's hash and link holds (and, when a checkpoint was given, the log still holds the checkpoint's
    /// head).
    case intact(events: Int)
    case broken(seq: Int, reason: String)
}

/// The append-only, tamper-evident log.
///
/// **The chain.** Each event carries a MAC (HMAC-SHA256 under the installation's audit key, ``AuditKey``) over its
/// content, its number and the previous event's hash, and the id of the key (`mac_key`). The key lives outside the
/// database (``AuditKeySetup``), so editing, removing, reordering or inserting any event — even with every later hash
/// recomputed — breaks the chain for whoever holds the key.
///
/// **Events from before keys.** A database that existed before keyed chaining holds events whose `hash` is a plain
/// SHA-256 of the same content and whose `mac_key` is empty. They are still verified (with SHA-256), but only as the
/// log's beginning: once a keyed event has been seen, an unkeyed one is a rewrite. The first keyed event links to
/// the last unkeyed one, so rewriting the old events changes the link that the key protects.
///
/// **The end.** A MAC cannot show that the newest events were deleted, nor that the whole log was replaced by a
/// consistent unkeyed one. ``checkpoint(at:)`` signs the head (events, last hash, time) to be kept outside the
/// database, and ``verify(against:)`` checks that the log still reaches it with the same hash; reports print the
/// head at their date (``head(asOf:)``).
public struct AuditLog: Sendable {
    static let genesisHash = String(repeating: "0", count: 64)
    let database: any Database
    /// The keys this log chains and verifies with.
    public let keys: AuditKeyring

    /// The log with the keys installed for this process (``install(_:)``; `configure` installs the configured ones).
    public init(database: any Database) {
        self.database = database
        self.keys = Self.installedKeys
    }

    /// The log with `keys` (tests, and checking a log with another key).
    public init(database: any Database, keys: AuditKeyring) {
        self.database = database
        self.keys = keys
    }

    // MARK: The process's keys

    private static let installed = KeyringBox()

    /// Makes `keys` the keys of every `AuditLog(database:)` of this process. One process serves one installation, so
    /// there is one set of keys per process.
    public static func install(_ keys: AuditKeyring) { installed.set(keys) }

    /// The installed keys; before any is installed (a test of the store alone), a key made for this process only,
    /// which verifies what this process recorded and nothing after a restart.
    public static var installedKeys: AuditKeyring { installed.get() }

    // MARK: Writing

    /// Runs `work` in one transaction together with the events it records: either both are saved or neither.
    /// Writers in this process take turns, so the chain never forks.
    public func transaction<T: Sendable>(
        _ work: @escaping @Sendable (any Database, AuditRecorder) async throws -> T
    ) async throws -> T {
        let key = keys.current
        return try await AuditTurns.shared.run {
            try await database.transaction { db in
                // Other processes on the same PostgreSQL server take turns too: one writer of audited changes at a
                // time, until its transaction ends. (SQLite lets one writer in at a time by itself.)
                if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
                    try await sql.raw("SELECT pg_advisory_xact_lock(39592021)").run()
                }
                // On SQLite the transaction becomes the writer before it reads the chain's head: a reader that tries to
                // write while another connection writes is refused at once ("database is locked"), not made to wait.
                try await WriteTurn.take(on: db)
                let recorder = AuditRecorder(database: db, key: key)
                return try await work(db, recorder)
            }
        }
    }

    /// Records a single event on its own.
    public func record(_ entry: AuditEntry) async throws {
        _ = try await transaction { _, recorder in try await recorder.record(entry) }
    }

    // MARK: Reading

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

    /// The head as it stood at `date`: the last event recorded at or before it (nil when there was none). A report
    /// dated `date` prints it (``AuditHead/line(_:)``).
    public func head(asOf date: Date) async throws -> AuditHead? {
        try await AuditEventModel.query(on: database).filter(\.$atMilliseconds <= Self.milliseconds(date))
            .sort(\.$seq, .descending).first().map { AuditHead(events: $0.seq, hash: $0.hash, asOf: date) }
    }

    /// Whether `actor` signed in successfully from `address` at or after `since` (the sign-in throttle lets an
    /// account in from an address it is known at).
    public func hasSignedIn(actor: String, address: String, since: Date) async throws -> Bool {
        try await AuditEventModel.query(on: database).filter(\.$kind == AuditKind.signIn.rawValue).filter(\.$actor == actor)
            .filter(\.$address == address).filter(\.$atMilliseconds >= Self.milliseconds(since)).first() != nil
    }

    // MARK: Verifying

    /// Walks the whole chain in order and reports the first event whose hash or link does not hold.
    public func verify() async throws -> AuditVerification {
        try await verify(against: nil)
    }

    /// Walks the chain (``verify()``), then checks that the log still holds `checkpoint`'s head: at least its number
    /// of events, and the same hash at its last one. A checkpoint not signed by one of this log's keys is refused
    /// (reported as broken at its event): it proves nothing.
    public func verify(against checkpoint: AuditCheckpoint?) async throws -> AuditVerification {
        let models = try await AuditEventModel.query(on: database).sort(\.$seq).all()
        var previous = Self.genesisHash
        var expectedSeq = 1
        var sawKeyed = false
        var hashes: [String] = []
        hashes.reserveCapacity(models.count)
        for model in models {
            let event = Self.event(model)
            if event.seq != expectedSeq {
                return .broken(seq: event.seq, reason: "event \(expectedSeq) is missing")
            }
            if event.prevHash != previous {
                return .broken(seq: event.seq, reason: "it does not link to the event before it")
            }
            if let id = event.macKey {
                guard let key = keys.key(id: id) else {
                    return .broken(seq: event.seq, reason: "it was chained with audit key \(id), which this installation does not have")
                }
                if Self.mac(of: event, key: key) != event.hash {
                    return .broken(seq: event.seq, reason: "its content does not match its hash")
                }
                sawKeyed = true
            } else {
                if sawKeyed {
                    return .broken(seq: event.seq, reason: "it has an unkeyed hash after keyed events, so it was rewritten")
                }
                if Self.hash(of: event) != event.hash {
                    return .broken(seq: event.seq, reason: "its content does not match its hash")
                }
            }
            previous = event.hash
            hashes.append(event.hash)
            expectedSeq += 1
        }
        if let checkpoint {
            guard let key = keys.key(id: checkpoint.keyID), checkpoint.isSigned(by: key) else {
                return .broken(
                    seq: checkpoint.events,
                    reason: "the checkpoint of \(checkpoint.atText) is not signed with this installation's audit key")
            }
            if hashes.count < checkpoint.events {
                return .broken(
                    seq: hashes.count + 1,
                    reason: "the log ends at event \(hashes.count) but the checkpoint of \(checkpoint.atText) saw \(checkpoint.events) events, "
                        + "so its end was removed")
            }
            if checkpoint.events > 0, hashes[checkpoint.events - 1] != checkpoint.hash {
                return .broken(
                    seq: checkpoint.events,
                    reason: "its hash is not the one the checkpoint of \(checkpoint.atText) saw, so the log was rewritten up to here")
            }
        }
        return .intact(events: hashes.count)
    }

    /// Checks a head printed on a report: the log holds at least `events` events and the hash of event `events`
    /// begins with `hashPrefix` (16 hexadecimal digits or more).
    public func verify(head events: Int, hashPrefix: String) async throws -> AuditVerification {
        let chain = try await verify()
        guard case .intact(let count) = chain else { return chain }
        guard count >= events else {
            return .broken(seq: count + 1, reason: "the log ends at event \(count) but the head given saw \(events) events, so its end was removed")
        }
        guard events > 0 else { return chain }
        let model = try await AuditEventModel.query(on: database).filter(\.$seq == events).first()
        guard let model, model.hash.hasPrefix(hashPrefix.lowercased()), hashPrefix.count >= 16 else {
            return .broken(seq: events, reason: "its hash does not begin with \(hashPrefix), so the log was rewritten up to here")
        }
        return chain
    }

    /// Signs the log's head now: refuses (``AuditCheckpointError/brokenChain``) when the chain does not hold, so a
    /// checkpoint never vouches for a broken log.
    public func checkpoint(at date: Date) async throws -> AuditCheckpoint {
        switch try await verify() {
        case .broken(let seq, let reason): throw AuditCheckpointError.brokenChain(seq: seq, reason: reason)
        case .intact(let count):
            let hash = count == 0 ? Self.genesisHash : (try await head())?.hash ?? Self.genesisHash
            return AuditCheckpoint.signed(events: count, hash: hash, at: date, key: keys.current)
        }
    }

    // MARK: Hashes

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func event(_ model: AuditEventModel) -> AuditEvent {
        AuditEvent(
            seq: model.seq, at: Date(timeIntervalSince1970: Double(model.atMilliseconds) / 1000),
            actor: model.actor, actorUnit: model.actorUnit, address: model.address, kind: model.kind,
            entity: model.entity, entityID: model.entityID, unitCode: model.unitCode, summary: model.summary,
            before: model.before, after: model.after, prevHash: model.prevHash, hash: model.hash, macKey: model.macKey)
    }

    /// Every field but the hash itself, each field length-prefixed so no two contents collide.
    static func content(of event: AuditEvent) -> String {
        let fields: [String?] = [
            String(event.seq), String(milliseconds(event.at)), event.actor, event.actorUnit, event.address, event.kind,
            event.entity, event.entityID, event.unitCode, event.summary, event.before, event.after, event.prevHash,
        ]
        var content = ""
        for field in fields {
            if let field { content += "\(field.utf8.count):\(field)|" } else { content += "-|" }
        }
        return content
    }

    /// The unkeyed hash of events recorded before keys were used: SHA-256 of the content.
    static func hash(of event: AuditEvent) -> String {
        AuditKey.hex(Array(SHA256.hash(data: Data(content(of: event).utf8))))
    }

    /// The keyed hash: HMAC-SHA256 under `key` of the content followed by the key's id.
    static func mac(of event: AuditEvent, key: AuditKey) -> String {
        key.mac(content(of: event) + "\(key.id.utf8.count):\(key.id)|")
    }
}

/// Why no checkpoint was made.
public enum AuditCheckpointError: Error, CustomStringConvertible {
    case brokenChain(seq: Int, reason: String)

    public var description: String {
        switch self {
        case .brokenChain(let seq, let reason): "the audit log is broken at event \(seq) (\(reason)); no checkpoint was made"
        }
    }
}

/// The log's head signed at a moment, to be kept outside the database (a file, a printout): the number of events,
/// the hash of the last one, the time, the id of the key that signed it, and the signature (HMAC-SHA256 under a key
/// derived from the audit key). One line of text:
///
///     pcmt-audit-checkpoint v1 events=1234 hash=<64 hex> at=2025-06-30T03:00:00Z key=<key id> mac=<64 hex>
public struct AuditCheckpoint: Sendable, Equatable {
    public var events: Int
    public var hash: String
    /// Whole seconds.
    public var at: Date
    public var keyID: String
    public var mac: String

    static func content(events: Int, hash: String, at: Date, keyID: String) -> String {
        "pcmt-audit-checkpoint/1|\(events)|\(hash)|\(Int64(at.timeIntervalSince1970))|\(keyID)"
    }

    static func signed(events: Int, hash: String, at date: Date, key: AuditKey) -> AuditCheckpoint {
        let at = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        return AuditCheckpoint(
            events: events, hash: hash, at: at, keyID: key.id,
            mac: key.checkpointMAC(content(events: events, hash: hash, at: at, keyID: key.id)))
    }

    /// Whether `key` signed this checkpoint.
    public func isSigned(by key: AuditKey) -> Bool {
        key.id == keyID && key.checkpointMAC(Self.content(events: events, hash: hash, at: at, keyID: keyID)) == mac
    }

    /// The time as ISO 8601 in UTC.
    public var atText: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: at)
    }

    /// The checkpoint as one line of text.
    public var line: String {
        "pcmt-audit-checkpoint v1 events=\(events) hash=\(hash) at=\(atText) key=\(keyID) mac=\(mac)"
    }

    /// A checkpoint read from its line; nil when the line is not one.
    public init?(line: String) {
        let parts = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 7, parts[0] == "pcmt-audit-checkpoint", parts[1] == "v1" else { return nil }
        var values: [String: String] = [:]
        for part in parts.dropFirst(2) {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            values[pair[0]] = pair[1]
        }
        let formatter = ISO8601DateFormatter()
        guard let events = values["events"].flatMap(Int.init), events >= 0, let hash = values["hash"], hash.count == 64,
            let at = values["at"].flatMap(formatter.date(from:)), let keyID = values["key"], let mac = values["mac"]
        else { return nil }
        self.init(events: events, hash: hash, at: at, keyID: keyID, mac: mac)
    }

    init(events: Int, hash: String, at: Date, keyID: String, mac: String) {
        self.events = events; self.hash = hash; self.at = at; self.keyID = keyID; self.mac = mac
    }

    /// The last checkpoint of a file that holds one per line (other lines are skipped).
    public static func latest(inFileText text: String) -> AuditCheckpoint? {
        text.split(whereSeparator: \.isNewline).reversed().lazy.compactMap { AuditCheckpoint(line: String($0)) }.first
    }
}

/// Holds the process's installed keys.
private final class KeyringBox: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: AuditKeyring?

    func get() -> AuditKeyring {
        lock.lock()
        defer { lock.unlock() }
        if let keys { return keys }
        let made = AuditKeyring(current: AuditKey.generate())
        keys = made
        return made
    }

    func set(_ value: AuditKeyring) {
        lock.lock()
        keys = value
        lock.unlock()
    }
}

/// Appends events inside a transaction opened by `AuditLog.transaction`.
public struct AuditRecorder: Sendable {
    let database: any Database
    let key: AuditKey

    /// Records `entry` as the next event, chained with the MAC under the current key. Every text is made clean first
    /// (``CleanText/forRecord(_:maxScalars:allowsLineBreaks:)``: NFC, no control character, bounded), so that what is
    /// stored reads back exactly as it was hashed on SQLite and PostgreSQL alike — a NUL byte in a refused username
    /// once broke the chain for good.
    @discardableResult
    public func record(_ entry: AuditEntry) async throws -> AuditEvent {
        let last = try await AuditEventModel.query(on: database).sort(\.$seq, .descending).first()
        func line(_ text: String?) -> String? { text.map { CleanText.forRecord($0, maxScalars: 512, allowsLineBreaks: false) } }
        func values(_ map: [String: String]?) -> String? { map.map(Self.prepared) }
        var event = AuditEvent(
            seq: (last?.seq ?? 0) + 1, at: Date(timeIntervalSince1970: Double(AuditLog.milliseconds(Date())) / 1000),
            actor: line(entry.actor) ?? "", actorUnit: line(entry.actorUnit), address: line(entry.address), kind: entry.kind.rawValue,
            entity: line(entry.entity), entityID: line(entry.entityID), unitCode: line(entry.unitCode),
            summary: CleanText.forRecord(entry.summary, maxScalars: 4000), before: entry.prepared.map(\.before) ?? values(entry.before),
            after: entry.prepared.map(\.after) ?? values(entry.after),
            prevHash: last?.hash ?? AuditLog.genesisHash, hash: "", macKey: key.id)
        event.hash = AuditLog.mac(of: event, key: key)
        let model = AuditEventModel()
        model.seq = event.seq; model.atMilliseconds = AuditLog.milliseconds(event.at); model.actor = event.actor
        model.actorUnit = event.actorUnit; model.address = event.address; model.kind = event.kind
        model.entity = event.entity; model.entityID = event.entityID; model.unitCode = event.unitCode
        model.summary = event.summary; model.before = event.before; model.after = event.after
        model.prevHash = event.prevHash; model.hash = event.hash; model.macKey = event.macKey
        try await model.create(on: database)
        return event
    }

    /// A before or after map as the log keeps it: every key (one line, at most 256 characters) and text made clean
    /// (``CleanText/forRecord(_:maxScalars:allowsLineBreaks:)``), written as JSON with sorted keys.
    static func prepared(_ map: [String: String]) -> String {
        json(
            Dictionary(
                map.map { (CleanText.forRecord($0.key, maxScalars: 256, allowsLineBreaks: false), CleanText.forRecord($0.value)) },
                uniquingKeysWith: { first, _ in first }))
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
