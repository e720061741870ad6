import Foundation
import PCMTStore
import Vapor

/// `pcmt personal-key rotate`, `reseal` and `prune`: changing the key that seals the registries' identifying fields
/// (``PersonalDataKeySetup``).
struct PersonalKeyCommand: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] {
        ["rotate": RotatePersonalKeyCommand(), "reseal": ResealPersonalDataCommand(), "prune": PrunePersonalKeysCommand()]
    }
    var help: String { "Change the key that seals the registries' personal data" }

    static let context = ChangeContext(actor: "cli", actorUnit: nil, address: "command line")

    static let restart =
        "A running `pcmt serve` keeps the keys it started with: restart it now (better: stop it before changing the key)."

    /// Why pcmt cannot add a key to `PCMT_PERSONAL_DATA_KEY`, and what the operator does instead.
    static let fromVariable =
        "The personal data key comes from PCMT_PERSONAL_DATA_KEY, which pcmt cannot change. Either keep the key in a file: "
        + "write the variable's value to a file readable by the service's user only (chmod 600), set PCMT_PERSONAL_DATA_KEY_FILE "
        + "to it, unset PCMT_PERSONAL_DATA_KEY and run `pcmt personal-key rotate` again. Or change the variable yourself: "
        + "set it to the old key and a new one, comma-separated, the new one last (OLD,NEW; a new key is 64 hexadecimal digits, "
        + "e.g. from `openssl rand -hex 32`), restart pcmt, run `pcmt personal-key reseal`, and take OLD out of it only when "
        + "`pcmt personal-key prune` says nothing needs it. Never drop the old key before: what it sealed could no longer be read."

    static func keyFile(_ app: Application) throws -> String {
        let setup = app.personalDataSetup
        if let file = setup.keyFile { return file }
        if setup.fromVariable { throw CommandFailure(description: fromVariable) }
        throw CommandFailure(description: "pcmt started with a personal data key of this process only (no key file): nothing to change.")
    }

    /// Seals again every registry record sealed with an earlier key, with `cipher`'s current key.
    static func reseal(_ app: Application, _ cipher: PersonalDataCipher) async throws -> Int {
        do {
            return try await PeopleRegistryStore(database: app.db, cipher: cipher).resealAll(context: context)
        } catch {
            throw CommandFailure(
                description: "Sealing the registry again stopped: \(error). The key file keeps every key, so nothing is lost: "
                    + "run `pcmt personal-key reseal` to finish.")
        }
    }
}

/// `pcmt personal-key rotate`: a new key as the key file's last (current) line, the earlier ones kept, then every
/// registry record sealed again with it.
struct RotatePersonalKeyCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Add a new personal data key to the key file and seal every registry record again with it" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let file = try PersonalKeyCommand.keyFile(app)
        let keyring: PersonalDataKeyring
        do {
            keyring = try PersonalDataKeySetup.append(.generate(), toKeyFile: file)
        } catch {
            throw CommandFailure(description: "\(error).")
        }
        let cipher = PersonalDataCipher(keyring: keyring)
        app.personalDataSetup.cipher = cipher
        try await AuditLog(database: app.db).record(
            AuditEntry(
                actor: "cli", address: "command line", kind: .update, entity: "personal_data_key", entityID: keyring.current.id,
                summary: "personal data key changed: new key \(keyring.current.id), \(keyring.previous.count) earlier key(s) kept"))
        context.console.print(
            "Added the personal data key \(keyring.current.id) to \(file) as its last (current) key; "
                + "the \(keyring.previous.count) earlier key(s) stay in it.")
        let count = try await PersonalKeyCommand.reseal(app, cipher)
        context.console.print("Sealed \(count) registry record(s) again with the key \(keyring.current.id).")
        context.console.print(PersonalKeyCommand.restart)
        context.console.print(
            "Keep a copy of \(file) apart from the database's backups. `pcmt personal-key prune` removes the earlier keys "
                + "once nothing sealed needs them.")
    }
}

/// `pcmt personal-key reseal`: every registry record sealed with an earlier key sealed again with the current one
/// (after the operator changed the key file or the variable).
struct ResealPersonalDataCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Seal every registry record again with the current personal data key (after the key file was edited)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let cipher = app.personalData
        let count = try await PersonalKeyCommand.reseal(app, cipher)
        context.console.print("Sealed \(count) registry record(s) again with the key \(cipher.keyring.current.id).")
    }
}

/// `pcmt personal-key prune`: the key file's earlier keys removed, only when no sealed value of the registries still
/// needs them.
struct PrunePersonalKeysCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Remove the earlier personal data keys from the key file once nothing sealed needs them" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let setup = app.personalDataSetup
        let cipher = setup.cipher
        let current = cipher.keyring.current.id
        guard !cipher.keyring.previous.isEmpty else {
            context.console.print("Only the current key \(current) is kept: there is no earlier key to remove.")
            return
        }
        let needing = try await PeopleRegistryStore(database: app.db, cipher: cipher).valuesSealedWithEarlierKeys()
        guard needing == 0 else {
            throw CommandFailure(
                description: "\(needing) sealed value(s) of the registries still need an earlier key: nothing removed. "
                    + "Run `pcmt personal-key reseal` (with the server restarted on the current key), then prune again.")
        }
        if setup.fromVariable {
            context.console.print(
                "Nothing sealed needs the earlier keys any more: take them out of PCMT_PERSONAL_DATA_KEY, keeping its last key "
                    + "\(current) alone, and restart pcmt.")
            return
        }
        let file = try PersonalKeyCommand.keyFile(app)
        let removed: Int
        do {
            removed = try PersonalDataKeySetup.pruneEarlierKeys(inKeyFile: file)
        } catch {
            throw CommandFailure(description: "\(error).")
        }
        app.personalDataSetup.cipher = PersonalDataCipher(keyring: PersonalDataKeyring(current: cipher.keyring.current))
        try await AuditLog(database: app.db).record(
            AuditEntry(
                actor: "cli", address: "command line", kind: .update, entity: "personal_data_key", entityID: current,
                summary: "earlier personal data keys removed: \(removed), current key \(current)"))
        context.console.print("Removed \(removed) earlier key(s) from \(file); it holds the current key \(current) alone.")
        context.console.print(
            "Copies of the old file (backups) still hold the earlier keys: destroy them when the database's backups sealed "
                + "with those keys are destroyed too.")
    }
}
