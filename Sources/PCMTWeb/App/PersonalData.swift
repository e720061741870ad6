import Foundation
import PCMTStore
import Vapor

/// Where the personal data key comes from (``PersonalDataKeySetup``), which seals the registries' identifying fields.
public enum PersonalDataKeySource: Sendable {
    /// `PCMT_PERSONAL_DATA_KEY`, else `PCMT_PERSONAL_DATA_KEY_FILE`, else `pcmt-personal.key` beside the database
    /// (created on the first start, with a warning), from the process's environment.
    case environment
    /// The same from these variables instead of the process's environment (tests).
    case variables([String: String])
    /// A key made for this process only: what it seals cannot be opened after a restart. For tests; every process
    /// shares the one key.
    case processOnly

    static let processKey = PersonalDataKeyring(current: .generate())
}

/// The personal data key as pcmt started with it: the cipher for the registries, and where the key came from, for
/// `pcmt personal-key`. The key itself is never logged nor written to the database.
struct PersonalDataSetupInfo: Sendable {
    var cipher: PersonalDataCipher
    /// The key file; nil when the key came from `PCMT_PERSONAL_DATA_KEY` (or is the process's own).
    var keyFile: String?
    /// Whether the key came from `PCMT_PERSONAL_DATA_KEY`.
    var fromVariable: Bool
}

private struct PersonalDataSetupKey: StorageKey {
    typealias Value = PersonalDataSetupInfo
}

extension Application {
    /// Seals and opens the registries' identifying fields with the key pcmt started with.
    public var personalData: PersonalDataCipher { personalDataSetup.cipher }

    var personalDataSetup: PersonalDataSetupInfo {
        get {
            storage[PersonalDataSetupKey.self]
                ?? PersonalDataSetupInfo(cipher: PersonalDataCipher(keyring: PersonalDataKeySource.processKey), keyFile: nil, fromVariable: false)
        }
        set { storage[PersonalDataSetupKey.self] = newValue }
    }

    /// Decides the personal data key from `source` for `database`, once, when pcmt starts; logs the warnings (never
    /// the key). Throws ``PersonalDataKeyError`` naming the file when the key cannot be read, so that pcmt does not
    /// start rather than make a new key over one that still opens the registries.
    func installPersonalData(_ source: PersonalDataKeySource, database: DatabaseURL) throws {
        let variables: [String: String]
        switch source {
        case .environment: variables = ProcessInfo.processInfo.environment
        case .variables(let given): variables = given
        case .processOnly:
            personalDataSetup = PersonalDataSetupInfo(
                cipher: PersonalDataCipher(keyring: PersonalDataKeySource.processKey), keyFile: nil, fromVariable: false)
            return
        }
        let setup = try PersonalDataKeySetup.resolve(environment: variables, database: database)
        for warning in setup.warnings { logger.warning("\(warning)") }
        personalDataSetup = PersonalDataSetupInfo(
            cipher: PersonalDataCipher(keyring: setup.keyring), keyFile: setup.keyFile, fromVariable: setup.keyFile == nil)
    }
}

extension Request {
    /// Seals and opens the registries' identifying fields (``Application/personalData``).
    public var personalData: PersonalDataCipher { application.personalData }
}
