import Foundation
import PCMTStore
import Vapor

/// `pcmt audit verify` and `pcmt audit checkpoint`: the audit log's chain and its anchored head.
struct AuditCommand: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["verify": VerifyAuditCommand(), "checkpoint": CheckpointAuditCommand()] }
    var help: String { "Check the audit log and anchor its head" }
}

/// `pcmt audit verify [--checkpoint FILE] [--head EVENTS:HASH]`: walks the chain (every event's MAC and link), then
/// checks that the log still holds the latest checkpoint (of FILE, else of the installation's checkpoint file) and,
/// if given, a head printed on a report; names the first broken event and exits non-zero when there is one.
struct VerifyAuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "checkpoint", help: "A file of checkpoints (its last one is checked); default: the installation's checkpoint file")
        var checkpoint: String?
        @Option(name: "head", help: "A head as printed on a report: EVENTS:HASH (the first 16 hexadecimal digits or more)")
        var head: String?
    }

    var help: String { "Verify the audit log's chain against the latest checkpoint" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let log = AuditLog(database: app.db)
        let file = signature.checkpoint ?? app.auditSetup.checkpointFile
        var checkpoint: AuditCheckpoint? = nil
        if let file {
            if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                guard let latest = AuditCheckpoint.latest(inFileText: text) else {
                    throw CommandFailure(description: "\(file) holds no checkpoint line.")
                }
                checkpoint = latest
            } else if signature.checkpoint != nil {
                throw CommandFailure(description: "Cannot read the checkpoint file \(file).")
            }
        }
        let result = try await log.verify(against: checkpoint)
        if case .broken(let seq, let reason) = result {
            throw CommandFailure(description: "Audit log broken at event \(seq): \(reason).")
        }
        if let head = signature.head {
            let parts = head.split(separator: ":").map(String.init)
            guard parts.count == 2, let events = Int(parts[0]) else {
                throw CommandFailure(description: "--head must be EVENTS:HASH, e.g. 1234:9f3a1c2b4d5e6f70")
            }
            if case .broken(let seq, let reason) = try await log.verify(head: events, hashPrefix: parts[1]) {
                throw CommandFailure(description: "Audit log broken at event \(seq): \(reason).")
            }
            context.console.print("The log holds the head \(events):\(parts[1]).")
        }
        guard case .intact(let count) = result else { return }
        context.console.print("Audit log intact: \(count) events, every hash and link holds.")
        if let checkpoint {
            context.console.print("It still holds the checkpoint of \(checkpoint.atText) (\(checkpoint.events) events).")
        } else {
            context.console.print(
                "No checkpoint to compare with\(file.map { " (\($0) does not exist)" } ?? ""): removing the newest events could not be seen. "
                    + "Run `pcmt audit checkpoint` regularly and keep its lines apart from the database.")
        }
    }
}

/// `pcmt audit checkpoint [--file FILE]`: verifies the chain, signs its head (events, last hash, time) with the audit
/// key, prints the line for the auditor and appends it to FILE (default: the installation's checkpoint file).
struct CheckpointAuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "file", help: "Append the checkpoint to this file; default: the installation's checkpoint file")
        var file: String?
    }

    var help: String { "Sign the audit log's head and keep it outside the database" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let checkpoint: AuditCheckpoint
        do {
            checkpoint = try await AuditLog(database: app.db).checkpoint(at: app.clock.now)
        } catch let error as AuditCheckpointError {
            throw CommandFailure(description: "\(error).")
        }
        context.console.print(checkpoint.line)
        guard let file = signature.file ?? app.auditSetup.checkpointFile else { return }
        do {
            try Self.append(checkpoint.line + "\n", to: file)
        } catch {
            throw CommandFailure(description: "Cannot write the checkpoint to \(file): \(error).")
        }
        context.console.print("Appended to \(file). Keep a copy where the database's administrators cannot change it.")
    }

    static func append(_ line: String, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}

/// Where the audit key came from and where checkpoints go, kept for the commands.
struct AuditSetupInfo: Sendable {
    var checkpointFile: String?
    var keyFile: String?
}

private struct AuditSetupKey: StorageKey {
    typealias Value = AuditSetupInfo
}

extension Application {
    var auditSetup: AuditSetupInfo {
        get { storage[AuditSetupKey.self] ?? AuditSetupInfo() }
        set { storage[AuditSetupKey.self] = newValue }
    }
}
