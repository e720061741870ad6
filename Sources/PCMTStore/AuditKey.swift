import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The secret with which the audit log chains its events (HMAC-SHA256) and signs its checkpoints. It lives outside
/// the database, so that whoever can change the database's rows cannot recompute the chain after changing them.
///
/// A key is at least 32 random bytes, written as hexadecimal (64 digits or more) or Base64. Its `id` — the first 16
/// hexadecimal digits of SHA-256 over "pcmt audit key" and the key — is kept with every event it chained, so that
/// `pcmt audit verify` can say which key an event needs; the id reveals nothing of the key.
public struct AuditKey: Sendable, Equatable {
    let bytes: [UInt8]
    public let id: String

    /// A key from its bytes; throws ``AuditKeyError/tooShort`` under 32 bytes.
    public init(bytes: [UInt8]) throws(AuditKeyError) {
        guard bytes.count >= 32 else { throw .tooShort(bytes: bytes.count) }
        self.bytes = bytes
        let digest = SHA256.hash(data: Data("pcmt audit key".utf8) + Data(bytes))
        self.id = String(Self.hex(Array(digest)).prefix(16))
    }

    /// A key written as hexadecimal (an even number of hexadecimal digits) or else Base64 (spaces around it
    /// ignored); throws ``AuditKeyError``.
    public init(text: String) throws(AuditKeyError) {
        guard let bytes = KeyText.bytes(keyText: text) else { throw .unreadable }
        try self.init(bytes: bytes)
    }

    /// 32 new random bytes from the system's generator.
    public static func generate() -> AuditKey {
        var generator = SystemRandomNumberGenerator()
        return try! AuditKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The key as 64 hexadecimal digits, as a key file holds it.
    public var text: String { Self.hex(bytes) }

    /// HMAC-SHA256 of `content` under this key, as 64 lower-case hexadecimal digits.
    func mac(_ content: String) -> String {
        Self.hex(Array(HMAC<SHA256>.authenticationCode(for: Data(content.utf8), using: SymmetricKey(data: bytes))))
    }

    /// HMAC-SHA256 under a key derived from this one for checkpoints (HKDF-SHA256, info "pcmt audit checkpoint"), so
    /// that a checkpoint's signature can never pass for an event's MAC or the other way round.
    func checkpointMAC(_ content: String) -> String {
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: bytes), info: Data("pcmt audit checkpoint".utf8), outputByteCount: 32)
        return Self.hex(Array(HMAC<SHA256>.authenticationCode(for: Data(content.utf8), using: derived)))
    }

    public static func == (a: AuditKey, b: AuditKey) -> Bool { a.id == b.id }

    static func hex(_ bytes: [UInt8]) -> String { KeyText.hex(bytes) }

    static func bytes(hex: String) -> [UInt8]? { KeyText.bytes(hex: hex) }
}

public enum AuditKeyError: Error, Equatable, CustomStringConvertible {
    case tooShort(bytes: Int)
    case unreadable
    case noKeyInFile(path: String)
    case cannotRead(path: String, reason: String)
    case cannotCreate(path: String, reason: String)

    public var description: String {
        switch self {
        case .tooShort(let bytes): "an audit key needs at least 32 bytes (this one has \(bytes))"
        case .unreadable: "an audit key is 64 or more hexadecimal digits, or Base64"
        case .noKeyInFile(let path): "the audit key file \(path) holds no key"
        case .cannotRead(let path, let reason): "cannot read the audit key file \(path): \(reason)"
        case .cannotCreate(let path, let reason): "cannot create the audit key file \(path): \(reason)"
        }
    }
}

/// The keys the audit log knows: the `current` one chains new events and signs checkpoints; `previous` keys (after a
/// change of key) still verify the events they chained.
public struct AuditKeyring: Sendable, Equatable {
    public var current: AuditKey
    public var previous: [AuditKey]

    public init(current: AuditKey, previous: [AuditKey] = []) {
        self.current = current; self.previous = previous
    }

    public func key(id: String) -> AuditKey? {
        current.id == id ? current : previous.first { $0.id == id }
    }

    /// A key file: one key per line (hexadecimal or Base64), lines starting with "#" are comments; the last key is
    /// the current one and the keys before it are previous keys. Throws ``AuditKeyError``.
    public init(fileText: String, path: String) throws(AuditKeyError) {
        var keys: [AuditKey] = []
        for text in KeyText.keyLines(fileText) { keys.append(try AuditKey(text: text)) }
        guard let last = keys.popLast() else { throw .noKeyInFile(path: path) }
        self.init(current: last, previous: keys)
    }
}

/// Where the audit key comes from, and where checkpoints are written, decided once when pcmt starts:
///
/// 1. `PCMT_AUDIT_KEY`: the key itself (hexadecimal or Base64), e.g. from a secret store of the service manager;
/// 2. else `PCMT_AUDIT_KEY_FILE`: a file holding it (created with a new key and permissions 0600 if it does not exist);
/// 3. else `pcmt-audit.key` next to the SQLite database (for PostgreSQL: in the working folder), created with a new
///    key and permissions 0600 on the first start, with a warning at every start: a key beside the database is read
///    by whoever can read the database's folder, so a production installation names a file elsewhere.
///
/// Checkpoints go to `PCMT_AUDIT_CHECKPOINT_FILE`, else `pcmt-audit-checkpoints.txt` beside the key file (beside the
/// database when the key comes from `PCMT_AUDIT_KEY`).
public struct AuditKeySetup: Sendable {
    public var keyring: AuditKeyring
    /// The key file read or created, if any.
    public var keyFile: String?
    public var checkpointFile: String
    /// What the operator must be told: a key file created, a key beside the database, a file others may read.
    public var warnings: [String]

    public static let keyFileName = "pcmt-audit.key"
    public static let checkpointFileName = "pcmt-audit-checkpoints.txt"

    /// Resolves the setup from `environment` for `database`; reads or creates the key file. Throws
    /// ``AuditKeyError``.
    public static func resolve(environment: [String: String], database: DatabaseURL) throws(AuditKeyError) -> AuditKeySetup {
        let databaseFolder: String =
            switch database {
            case .sqlite(let path): (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
            case .postgres: "."
            }
        var warnings: [String] = []
        let keyring: AuditKeyring
        var keyFile: String? = nil
        if let text = environment["PCMT_AUDIT_KEY"], !text.isEmpty {
            keyring = AuditKeyring(current: try AuditKey(text: text))
        } else {
            let path: String
            if let named = environment["PCMT_AUDIT_KEY_FILE"], !named.isEmpty {
                path = named
            } else {
                path = (databaseFolder as NSString).appendingPathComponent(keyFileName)
                warnings.append(
                    "The audit key is \(path), beside the database: whoever can change the database's folder can read it and "
                        + "rewrite the audit log unseen. Set PCMT_AUDIT_KEY_FILE to a file outside it (see README, 'The audit log').")
            }
            if !FileManager.default.fileExists(atPath: path) {
                try create(keyFile: path)
                warnings.append(
                    "Created a new audit key in \(path) (permissions 0600). Keep a copy of it apart from the database's backups: "
                        + "without it the audit log cannot be verified.")
            }
            keyring = try read(keyFile: path)
            keyFile = path
            if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
                warnings.append("The audit key file \(path) can be read by others (mode \(String(mode, radix: 8))): chmod 600 it.")
            }
        }
        let checkpointFile =
            environment["PCMT_AUDIT_CHECKPOINT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (((keyFile.map { ($0 as NSString).deletingLastPathComponent } ?? databaseFolder).nilIfEmpty ?? ".") as NSString)
            .appendingPathComponent(checkpointFileName)
        return AuditKeySetup(keyring: keyring, keyFile: keyFile, checkpointFile: checkpointFile, warnings: warnings)
    }

    static func read(keyFile path: String) throws(AuditKeyError) -> AuditKeyring {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .cannotRead(path: path, reason: "\(error)") }
        return try AuditKeyring(fileText: text, path: path)
    }

    /// Writes a new key to `path`, readable by its owner only; never overwrites a file (two processes starting
    /// together both end up with the one that was written first).
    static func create(keyFile path: String) throws(AuditKeyError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return }
            throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let content =
            "# pcmt audit key (HMAC-SHA256). Keep it secret and keep a copy apart from the database's backups.\n"
            + "# After a change of key, keep the old line above the new one: the old events still need it.\n"
            + AuditKey.generate().text + "\n"
        let bytes = Array(content.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written != bytes.count { throw .cannotCreate(path: path, reason: "short write") }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
