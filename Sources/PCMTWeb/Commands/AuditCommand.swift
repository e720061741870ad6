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
        case .broken(let seq, let reason):
            throw CommandFailure(description: "Audit log broken at event \(seq): \(reason).")
        }
    }
}
