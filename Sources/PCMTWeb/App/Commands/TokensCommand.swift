import PCMTDomain
import PCMTStore
import Vapor

/// `pcmt tokens create --role R --unit CODE --name N [--owner USERNAME]`: makes an API token and prints it once.
/// With `--owner` the token belongs to that account and never exceeds it (it stops when the account is deactivated or
/// no longer covers it); without it, the token is the installation's own, like an account made from the command line.
struct TokensCommand: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["create": CreateTokenCommand()] }
    var help: String { "Manage API tokens" }
}

struct CreateTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "name", help: "What the token is for")
        var name: String?
        @Option(name: "role", help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        var role: String?
        @Option(name: "unit", help: "Code of the organisation unit, e.g. 62")
        var unit: String?
        @Option(name: "owner", help: "Username of the account the token belongs to")
        var owner: String?
    }

    var help: String { "Create an API token and print it once; only its hash is kept" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let name = signature.name, !name.isEmpty else { throw CommandFailure(description: "--name is required") }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            throw CommandFailure(description: "--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let unit = signature.unit, let orgUnit = try await OrgUnitStore(database: app.db).unit(code: unit) else {
            throw CommandFailure(description: "--unit must be the code of an existing organisation unit")
        }
        let ancestors = try await OrgUnitStore(database: app.db).ancestors(of: orgUnit).map(\.code)
        if let problem = RoleAssignment.problem(role: role, unit: orgUnit, ancestorCodes: ancestors, by: nil) {
            throw CommandFailure(description: "--role \(role.rawValue) at --unit \(unit): \(problem.messageEn)")
        }
        let owner: Account? = try await signature.owner.asyncMap { username in
            guard let account = try await AccountStore(database: app.db).account(username: username), !account.disabled else {
                throw CommandFailure(description: "--owner must be the username of an active account")
            }
            return account
        }
        let secret: String
        do {
            secret = try await AuditLog(database: app.db).transaction { db, audit in
                let (token, secret) = try await TokenStore(database: db).create(
                    name: name, role: role, unitCode: unit, createdBy: TokenStore.commandLineCreator, ownerID: owner?.id)
                var after = ["role": role.rawValue, "unit": unit]
                after["owner"] = owner?.username
                try await audit.record(
                    AuditEntry(
                        actor: "cli", address: "command line", kind: .tokenCreate, entity: "api_token",
                        entityID: token.id.uuidString, unitCode: unit,
                        summary: "API token \(name) of \(owner.map { "account \($0.username)" } ?? "the installation") created from the command line",
                        after: after))
                return secret
            }
        } catch TokenError.beyondOwner(let problem) {
            throw CommandFailure(description: "--role \(role.rawValue) at --unit \(unit) for --owner: \(problem.messageEn)")
        }
        context.console.print("Token \(name) (\(role.rawValue)) at unit \(unit) — shown only now:")
        context.console.print(secret)
    }
}
