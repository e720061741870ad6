import PCMTDomain
import PCMTStore
import Vapor

/// `pcmt users create --username U --role R --unit CODE`: makes an account and prints its one-time password.
struct UsersCommand: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["create": CreateUserCommand()] }
    var help: String { "Manage accounts" }
}

struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}

struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "Login name: letters, digits, . _ -")
        var username: String?
        @Option(name: "role", help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        var role: String?
        @Option(name: "unit", help: "Code of the organisation unit, e.g. 62 or 62-CAT")
        var unit: String?
        @Option(name: "email", help: "E-mail address for reminders (optional)")
        var email: String?
    }

    var help: String { "Create an account and print its one-time password (to be changed at first sign-in)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let text = signature.username, !AccountRules.normalisedUsername(text).isEmpty else {
            throw CommandFailure(description: "--username is required")
        }
        let username: String
        switch AccountRules.username(text) {
        case .success(let name): username = name
        case .failure(let problem): throw CommandFailure(description: "--username: \(problem.messageEn)")
        }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            throw CommandFailure(description: "--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let unit = signature.unit, let orgUnit = try await OrgUnitStore(database: app.db).unit(code: unit) else {
            throw CommandFailure(description: "--unit must be the code of an existing organisation unit (e.g. 62)")
        }
        let ancestors = try await OrgUnitStore(database: app.db).ancestors(of: orgUnit).map(\.code)
        if let problem = RoleAssignment.problem(role: role, unit: orgUnit, ancestorCodes: ancestors, by: nil) {
            throw CommandFailure(description: "--role \(role.rawValue) at --unit \(unit): \(problem.messageEn)")
        }
        let email: String?
        switch AccountRules.email(signature.email) {
        case .success(let address): email = address
        case .failure(let problem): throw CommandFailure(description: "--email: \(problem.messageEn)")
        }
        let password = OneTimePassword.make()
        let hash = try await app.password.async.hash(password)
        do {
            try await AuditLog(database: app.db).transaction { db, audit in
                let account = try await AccountStore(database: db).create(
                    username: username, role: role, unitCode: unit, passwordHash: hash,
                    email: email)
                try await audit.record(
                    AuditEntry(
                        actor: "cli", address: "command line", kind: .permissionChange, entity: "user",
                        entityID: account.id.uuidString, unitCode: unit,
                        summary: "account \(username) created from the command line",
                        after: ["role": role.rawValue, "unit": unit]))
            }
        } catch let error as AccountError where error.reason == .usernameTaken {
            throw CommandFailure(description: "the username \(username) is taken")
        }
        context.console.print("Created \(username) (\(role.rawValue)) at unit \(unit).")
        context.console.print("One-time password (must be changed at first sign-in): \(password)")
    }
}
