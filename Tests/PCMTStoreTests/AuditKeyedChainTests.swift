import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@testable import PCMTStore

/// The audit log chained with a key kept outside the database, and anchored by signed checkpoints: truncation and
/// rewriting (with recomputed hashes) are found on SQLite and PostgreSQL.
@Suite struct AuditKeyedChainTests {
    static let key = try! AuditKey(text: String(repeating: "1f", count: 32))
    static let otherKey = try! AuditKey(text: String(repeating: "2e", count: 32))
    static let keys = AuditKeyring(current: key)

    func record(_ log: AuditLog, _ count: Int, from start: Int = 1) async throws {
        for n in start..<(start + count) {
            try await log.record(
                AuditEntry(actor: "office\(n)", actorUnit: "62-CAT", address: "192.0.2.\(n)", kind: .update, unitCode: "611", summary: "change \(n)"))
        }
    }

    func sql(_ app: Application) -> any SQLDatabase { app.db as! any SQLDatabase }

    /// Rewrites events `from`… as someone with database access would: the summary changed, every hash recomputed
    /// and relinked with `sign` (nil key: the old unkeyed SHA-256; otherwise an HMAC under that key, recorded under
    /// `claimedID`).
    func rewrite(_ app: Application, from start: Int, key: AuditKey?, claimedID: String? = nil) async throws {
        let log = AuditLog(database: app.db, keys: Self.keys)
        let events = try await log.events(AuditFilter(limit: 10_000)).sorted { $0.seq < $1.seq }
        var previous = start == 1 ? AuditLog.genesisHash : events[start - 2].hash
        for var event in events where event.seq >= start {
            event.summary = "nothing happened \(event.seq)"
            event.prevHash = previous
            if let key {
                event.macKey = claimedID ?? key.id
                // The MAC over the claimed id: what an attacker with their own key can compute.
                var signed = event
                signed.macKey = claimedID ?? key.id
                event.hash = key.mac(AuditLog.content(of: signed) + "\((claimedID ?? key.id).utf8.count):\(claimedID ?? key.id)|")
            } else {
                event.macKey = nil
                event.hash = AuditLog.hash(of: event)
            }
            var update = sql(app).update("audit_events").set("summary", to: event.summary).set("prev_hash", to: event.prevHash)
                .set("hash", to: event.hash)
            update = event.macKey.map { update.set("mac_key", to: $0) } ?? update.set(SQLColumn("mac_key"), to: SQLLiteral.null)
            try await update.where("seq", .equal, event.seq).run()
            previous = event.hash
        }
    }

    @Test(arguments: TestBackend.available)
    func aNulByteInAnyFieldNeitherBreaksTheChainNorFails(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            let log = AuditLog(database: app.db, keys: Self.keys)
            // The reproducer of the store's side: a refused sign-in's username "x" + NUL.
            try await log.record(
                AuditEntry(
                    actor: "x\u{0000}", address: "198.51.100.7\u{0000}", kind: .signInFailed, entity: "user\u{0000}",
                    summary: "failed\u{0000} sign-in",
                    before: ["k\u{0000}": "v\u{0000}\u{202E}"]))
            try await log.record(AuditEntry(actor: "office", kind: .update, summary: "after"))
            #expect(try await log.verify() == .intact(events: 2))
            let first = try #require(try await log.events(AuditFilter()).last)
            #expect(first.actor == "x\u{FFFD}" && first.address == "198.51.100.7\u{FFFD}" && first.summary == "failed\u{FFFD} sign-in")
            #expect(first.before == "{\"k\u{FFFD}\":\"v\u{FFFD}\u{FFFD}\"}")
            // The account store never sends a NUL to the database either (PostgreSQL refuses one with an error).
            let accounts = AccountStore(database: app.db)
            #expect(try await accounts.account(username: "x\u{0000}") == nil)
            try await accounts.recordFailure(username: "x\u{0000}", address: "198.51.100.7")
            #expect(
                try await accounts.recentFailureTimes(username: "x\u{FFFD}", address: "198.51.100.7", since: .distantPast, limit: 10).pair.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func deletingTheNewestEventsIsFoundAgainstTheCheckpoint(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            let log = AuditLog(database: app.db, keys: Self.keys)
            try await record(log, 5)
            let checkpoint = try await log.checkpoint(at: Date(timeIntervalSince1970: 1_751_288_400.7))
            #expect(checkpoint.events == 5 && checkpoint.at == Date(timeIntervalSince1970: 1_751_288_400))
            #expect(AuditCheckpoint(line: checkpoint.line) == checkpoint)
            try await record(log, 2, from: 6)
            #expect(try await log.verify(against: checkpoint) == .intact(events: 7), "events after the checkpoint are fine")

            try await sql(app).delete(from: "audit_events").where("seq", .greaterThan, 3).run()
            // The links of what is left still hold: the MAC alone cannot see a cut end.
            #expect(try await log.verify() == .intact(events: 3))
            #expect(
                try await log.verify(against: checkpoint)
                    == .broken(
                        seq: 4, reason: "the log ends at event 3 but the checkpoint of 2025-06-30T13:00:00Z saw 5 events, so its end was removed"))
        }
    }

    @Test(arguments: TestBackend.available)
    func rewritingFromAnyEventIsFound(backend: TestBackend) async throws {
        for start in [1, 3, 5] {
            try await withStore(backend) { app in
                let log = AuditLog(database: app.db, keys: Self.keys)
                try await record(log, 5)
                let checkpoint = try await log.checkpoint(at: Date())
                try await rewrite(app, from: start, key: nil)
                if start == 1 {
                    // The whole log rewritten as an unkeyed chain holds together; only the checkpoint shows it.
                    #expect(try await log.verify() == .intact(events: 5))
                    let result = try await log.verify(against: checkpoint)
                    guard case .broken(5, let reason) = result else { Issue.record("not found: \(result)"); return }
                    #expect(reason.hasSuffix("so the log was rewritten up to here"))
                } else {
                    #expect(try await log.verify() == .broken(seq: start, reason: "it has an unkeyed hash after keyed events, so it was rewritten"))
                }
            }
            try await withStore(backend) { app in
                let log = AuditLog(database: app.db, keys: Self.keys)
                try await record(log, 5)
                try await rewrite(app, from: start, key: Self.otherKey)
                #expect(
                    try await log.verify()
                        == .broken(seq: start, reason: "it was chained with audit key \(Self.otherKey.id), which this installation does not have"))
            }
            try await withStore(backend) { app in
                let log = AuditLog(database: app.db, keys: Self.keys)
                try await record(log, 5)
                try await rewrite(app, from: start, key: Self.otherKey, claimedID: Self.key.id)
                #expect(try await log.verify() == .broken(seq: start, reason: "its content does not match its hash"))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func eventsFromBeforeKeysStillVerifyAndCannotBeRewritten(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            // Three events as a database from before keyed chaining holds them: plain SHA-256, no key id.
            var previous = AuditLog.genesisHash
            for seq in 1...3 {
                var event = AuditEvent(
                    seq: seq, at: Date(timeIntervalSince1970: 1_700_000_000 + Double(seq)), actor: "old\(seq)", actorUnit: nil, address: nil,
                    kind: "update", entity: nil, entityID: nil, unitCode: "62", summary: "old change \(seq)", before: nil, after: nil,
                    prevHash: previous, hash: "")
                event.hash = AuditLog.hash(of: event)
                try await sql(app).insert(into: "audit_events")
                    .columns("id", "seq", "at_ms", "actor", "kind", "unit_code", "summary", "prev_hash", "hash")
                    .values(
                        SQLBind(UUID()), SQLBind(seq), SQLBind(AuditLog.milliseconds(event.at)), SQLBind(event.actor), SQLBind(event.kind),
                        SQLBind("62"), SQLBind(event.summary), SQLBind(event.prevHash), SQLBind(event.hash)
                    ).run()
                previous = event.hash
            }
            let log = AuditLog(database: app.db, keys: Self.keys)
            try await record(log, 2, from: 4)
            #expect(try await log.verify() == .intact(events: 5))
            let keyed = try await log.events(AuditFilter()).map(\.macKey)
            #expect(keyed == [Self.key.id, Self.key.id, nil, nil, nil])

            // Rewriting an old event with its unkeyed hashes recomputed changes the link the first keyed event holds.
            try await sql(app).update("audit_events").set("summary", to: "never happened").where("seq", .equal, 2).run()
            let events = try await log.events(AuditFilter()).sorted { $0.seq < $1.seq }
            var relinked = events[0].hash
            for var event in events[1...2] {
                event.prevHash = relinked
                event.hash = AuditLog.hash(of: event)
                try await sql(app).update("audit_events").set("prev_hash", to: event.prevHash).set("hash", to: event.hash)
                    .where("seq", .equal, event.seq).run()
                relinked = event.hash
            }
            #expect(try await log.verify() == .broken(seq: 4, reason: "it does not link to the event before it"))
        }
    }

    @Test(arguments: TestBackend.available)
    func aChangedKeyKeepsTheOldOneForItsEvents(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            try await record(AuditLog(database: app.db, keys: Self.keys), 2)
            let rotated = AuditKeyring(current: Self.otherKey, previous: [Self.key])
            try await record(AuditLog(database: app.db, keys: rotated), 2, from: 3)
            #expect(try await AuditLog(database: app.db, keys: rotated).verify() == .intact(events: 4))
            #expect(
                try await AuditLog(database: app.db, keys: AuditKeyring(current: Self.otherKey)).verify()
                    == .broken(seq: 1, reason: "it was chained with audit key \(Self.key.id), which this installation does not have"))
        }
    }

    @Test func aCheckpointIsWorthOnlyItsSignature() async throws {
        try await withStore(.sqlite) { app in
            let log = AuditLog(database: app.db, keys: Self.keys)
            try await record(log, 3)
            // Someone with database access but another key signs the head they want.
            let hash = try #require(try await log.head()?.hash)
            let foreign = AuditCheckpoint.signed(events: 3, hash: hash, at: Date(), key: Self.otherKey)
            let result = try await log.verify(against: foreign)
            guard case .broken(3, let reason) = result else { Issue.record("accepted: \(result)"); return }
            #expect(reason.hasSuffix("is not signed with this installation's audit key"))

            let mine = try await log.checkpoint(at: Date())
            var inflated = try #require(AuditCheckpoint(line: mine.line.replacingOccurrences(of: "events=3", with: "events=2")))
            #expect(!inflated.isSigned(by: Self.key))
            inflated.events = 3
            #expect(inflated.isSigned(by: Self.key))
            // The last line of a file of checkpoints is the latest; other lines are skipped.
            let file = "# kept by the auditor\n" + foreign.line + "\n" + mine.line + "\n\n"
            #expect(AuditCheckpoint.latest(inFileText: file) == mine)
            // No checkpoint of a broken chain.
            try await sql(app).update("audit_events").set("actor", to: "someone else").where("seq", .equal, 2).run()
            await #expect(throws: AuditCheckpointError.self) { try await log.checkpoint(at: Date()) }
        }
    }

    @Test(arguments: TestBackend.available)
    func theHeadAtADateIsWhatAReportPrints(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            let log = AuditLog(database: app.db, keys: Self.keys)
            #expect(try await log.head(asOf: Date()) == nil)
            try await record(log, 3)
            let now = Date().addingTimeInterval(1)
            let head = try #require(try await log.head(asOf: now))
            #expect(head.events == 3 && head.asOf == now)
            #expect(head.hash == (try await log.head())?.hash)
            #expect(try await log.head(asOf: Date(timeIntervalSince1970: 0)) == nil)
            #expect(try await log.verify(head: 3, hashPrefix: head.shortHash) == .intact(events: 3))
            #expect(
                try await log.verify(head: 4, hashPrefix: head.shortHash)
                    == .broken(seq: 4, reason: "the log ends at event 3 but the head given saw 4 events, so its end was removed"))
            #expect(
                try await log.verify(head: 3, hashPrefix: "0000000000000000")
                    == .broken(seq: 3, reason: "its hash does not begin with 0000000000000000, so the log was rewritten up to here"))
        }
    }
}

/// Where the key comes from when pcmt starts (``AuditKeySetup``).
@Suite struct AuditKeySetupTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-key-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func withoutSettingsAKeyIsMadeBesideTheSQLiteDatabaseReadableByItsOwnerOnly() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let setup = try AuditKeySetup.resolve(environment: [:], database: .sqlite(path: "\(dir)/pcmt.sqlite"))
        #expect(setup.keyFile == "\(dir)/pcmt-audit.key")
        #expect(setup.checkpointFile == "\(dir)/pcmt-audit-checkpoints.txt")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: "\(dir)/pcmt-audit.key")[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        #expect(setup.warnings.count == 2)
        #expect(setup.warnings[0].contains("beside the database") && setup.warnings[1].hasPrefix("Created a new audit key"))
        // The next start reads the same key and only warns where it lies.
        let again = try AuditKeySetup.resolve(environment: [:], database: .sqlite(path: "\(dir)/pcmt.sqlite"))
        #expect(again.keyring == setup.keyring && again.warnings.count == 1)
    }

    @Test func aKeyFileNamedElsewhereHoldsTheCurrentKeyLastAndOldOnesBefore() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = String(repeating: "ab", count: 32)
        let new = String(repeating: "cd", count: 32)
        try "# old key, kept for its events\n\(old)\n\n\(new)\n".write(toFile: "\(dir)/k", atomically: true, encoding: .utf8)
        chmod("\(dir)/k", 0o600)
        let setup = try AuditKeySetup.resolve(
            environment: ["PCMT_AUDIT_KEY_FILE": "\(dir)/k", "PCMT_AUDIT_CHECKPOINT_FILE": "/srv/audit/checkpoints"],
            database: .postgres(url: "postgres://db/pcmt"))
        #expect(setup.keyring == AuditKeyring(current: try AuditKey(text: new), previous: [try AuditKey(text: old)]))
        #expect(setup.warnings.isEmpty && setup.checkpointFile == "/srv/audit/checkpoints")
        chmod("\(dir)/k", 0o644)
        let readable = try AuditKeySetup.resolve(environment: ["PCMT_AUDIT_KEY_FILE": "\(dir)/k"], database: .sqlite(path: "x.sqlite"))
        #expect(readable.warnings == ["The audit key file \(dir)/k can be read by others (mode 644): chmod 600 it."])
        #expect(readable.checkpointFile == "\(dir)/pcmt-audit-checkpoints.txt")
    }

    @Test func aKeyInTheEnvironmentIsUsedAsItIs() throws {
        let text = String(repeating: "5a", count: 32)
        let setup = try AuditKeySetup.resolve(environment: ["PCMT_AUDIT_KEY": text], database: .sqlite(path: "/var/lib/pcmt/pcmt.sqlite"))
        #expect(setup.keyring.current == (try AuditKey(text: text)) && setup.keyFile == nil)
        #expect(setup.checkpointFile == "/var/lib/pcmt/pcmt-audit-checkpoints.txt")
        #expect(throws: AuditKeyError.tooShort(bytes: 16)) { try AuditKey(text: String(repeating: "5a", count: 16)) }
        #expect(throws: AuditKeyError.unreadable) { try AuditKey(text: "not a key!") }
        #expect((try AuditKey(text: String(repeating: "5a", count: 32))).id.count == 16)
    }
}
