import PCMTStore
import Vapor

/// `pcmt audit verify`: walks the hash chain and names the first broken link; exits non-zero when there is one.
struct AuditCommand: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["verify": VerifyAuditCommand()] }
    var help: String { "Check the audit log" }
}

struct VerifyAuditCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Verify the audit log's hash chain" }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch try await AuditLog(database: context.application.db).verify() {
        case .intact(let count):
            context.console.print("Audit log intact: \(count) events, every hash and link holds.")
            if let head = try await AuditLog(database: context.application.db).head() {
                context.console.print("Last event \(head.seq): \(head.hash)")
                context.console.print(
                    "Keep this line somewhere else: a later check with fewer events or another hash here means the log's end was cut or rewritten.")
            }
        case .broken(let seq, let reason):
            throw CommandFailure(description: "Audit log broken at event \(seq): \(reason).")
        }
    }
}
