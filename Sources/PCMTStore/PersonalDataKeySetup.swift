import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the personal data key (``PersonalDataKey``, which seals the registries' identifying fields) comes from,
/// decided once when pcmt starts, as the audit key's (``AuditKeySetup``):
///
/// 1. `PCMT_PERSONAL_DATA_KEY`: the key itself (hexadecimal or Base64), e.g. from a secret store of the service
///    manager; after a change of key it holds the earlier key and the new one, comma-separated, the current one last;
/// 2. else `PCMT_PERSONAL_DATA_KEY_FILE`: a file holding it (created with a new key and permissions 0600 if it does
///    not exist);
/// 3. else `pcmt-personal.key` next to the SQLite database (for PostgreSQL: in the working folder), created with a new
///    key and permissions 0600 on the first start, with a warning at every start.
///
/// A file that exists but cannot be read, or holds anything that is no key, stops the start naming the file: a new key
/// is never made over one that may still open the registries.
public struct PersonalDataKeySetup: Sendable {
    public var keyring: PersonalDataKeyring
    /// The key file read or created; nil when the key comes from `PCMT_PERSONAL_DATA_KEY`.
    public var keyFile: String?
    /// What the operator must be told: a key file created, a key beside the database, a file others may read. No
    /// warning holds a key.
    public var warnings: [String]

    public static let keyFileName = "pcmt-personal.key"

    public init(keyring: PersonalDataKeyring, keyFile: String?, warnings: [String] = []) {
        self.keyring = keyring; self.keyFile = keyFile; self.warnings = warnings
    }

    /// Resolves the setup from `environment` for `database`; reads the key file, or creates it when it does not exist.
    /// Throws ``PersonalDataKeyError``.
    public static func resolve(environment: [String: String], database: DatabaseURL) throws(PersonalDataKeyError) -> PersonalDataKeySetup {
        if let text = environment["PCMT_PERSONAL_DATA_KEY"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return PersonalDataKeySetup(keyring: try keyring(environmentText: text), keyFile: nil)
        }
        var warnings: [String] = []
        let path: String
        if let named = environment["PCMT_PERSONAL_DATA_KEY_FILE"], !named.isEmpty {
            path = named
        } else {
            path = defaultKeyFile(database: database)
            warnings.append(
                "The personal data key is \(path), beside the database: whoever copies the database's folder can open the "
                    + "registries. Set PCMT_PERSONAL_DATA_KEY_FILE to a file outside it (see README, 'Personal data').")
        }
        if try create(keyFile: path) {
            warnings.append(
                "Created a new personal data key in \(path) (permissions 0600). Keep a copy of it apart from the database's "
                    + "backups: without it the registries cannot be read.")
        }
        let keyring = try read(keyFile: path)
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            warnings.append("The personal data key file \(path) can be read by others (mode \(String(mode, radix: 8))): chmod 600 it.")
        }
        return PersonalDataKeySetup(keyring: keyring, keyFile: path, warnings: warnings)
    }

    /// `pcmt-personal.key` beside the SQLite file, or for PostgreSQL in the working folder.
    static func defaultKeyFile(database: DatabaseURL) -> String {
        let folder: String =
            switch database {
            case .sqlite(let file): (file as NSString).deletingLastPathComponent
            case .postgres: ""
            }
        return ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(keyFileName)
    }

    /// The keys of `PCMT_PERSONAL_DATA_KEY`: one, or several separated by commas, spaces or new lines, the current one
    /// last.
    static func keyring(environmentText text: String) throws(PersonalDataKeyError) -> PersonalDataKeyring {
        var keys: [PersonalDataKey] = []
        let parts = text.split { $0 == "," || $0.isWhitespace }.map(String.init)
        for (index, part) in parts.enumerated() {
            do {
                keys.append(try PersonalDataKey(text: part))
            } catch {
                throw .badKeyInEnvironment(position: index + 1, problem: error.description)
            }
        }
        guard let current = keys.popLast() else { throw .badKeyInEnvironment(position: 1, problem: PersonalDataKeyError.unreadable.description) }
        return PersonalDataKeyring(current: current, previous: keys)
    }

    /// The keyring of the key file at `path`. Throws ``PersonalDataKeyError`` naming the file.
    public static func read(keyFile path: String) throws(PersonalDataKeyError) -> PersonalDataKeyring {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .cannotRead(path: path, reason: reason(error)) }
        return try PersonalDataKeyring(fileText: text, path: path)
    }

    static let fileHeader =
        "# pcmt personal data key (AES-256-GCM, HMAC-SHA256). Keep it secret and keep a copy apart from the database's backups:\n"
        + "# without it the registries cannot be read. The last key seals; keys above it only open what they sealed.\n"

    /// Writes a new key to `path`, readable by its owner only, and says whether it did; never overwrites a file (two
    /// processes starting together both end up with the one that was written first).
    static func create(keyFile path: String) throws(PersonalDataKeyError) -> Bool {
        if FileManager.default.fileExists(atPath: path) { return false }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let bytes = Array((fileHeader + PersonalDataKey.generate().text + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written != bytes.count || fsync(descriptor) != 0 { throw .cannotCreate(path: path, reason: "short write") }
        return true
    }

    /// Adds `key` as the last (current) key of the file at `path`, keeping every line before it, and returns the
    /// keyring read back from the file as written. The file is replaced whole (``replace(keyFile:with:)``).
    public static func append(_ key: PersonalDataKey, toKeyFile path: String) throws(PersonalDataKeyError) -> PersonalDataKeyring {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .cannotRead(path: path, reason: reason(error)) }
        _ = try PersonalDataKeyring(fileText: text, path: path)
        let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n"
        try replace(keyFile: path, with: text + separator + key.text + "\n")
        let written = try read(keyFile: path)
        guard written.current == key else { throw .cannotWrite(path: path, reason: "the new key is not the file's last key once written") }
        return written
    }

    /// Removes from the file at `path` every key but the last (current) one, keeping its comments; returns how many
    /// keys it removed. The caller checks first that nothing sealed still needs them.
    public static func pruneEarlierKeys(inKeyFile path: String) throws(PersonalDataKeyError) -> Int {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .cannotRead(path: path, reason: reason(error)) }
        let keyring = try PersonalDataKeyring(fileText: text, path: path)
        guard !keyring.previous.isEmpty else { return 0 }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let last = lines.lastIndex(where: { isKeyLine($0) }) else { throw .noKeyInFile(path: path) }
        lines = lines.enumerated().filter { index, line in index == last || !isKeyLine(line) }.map(\.element)
        try replace(keyFile: path, with: lines.joined(separator: "\n"))
        let written = try read(keyFile: path)
        guard written.current == keyring.current, written.previous.isEmpty else {
            throw .cannotWrite(path: path, reason: "the file does not hold the current key alone once written")
        }
        return keyring.previous.count
    }

    static func isKeyLine(_ line: String) -> Bool {
        let text = line.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && !text.hasPrefix("#")
    }

    /// Replaces the file at `path` (through a symbolic link: its target) with `text` at once: written to a new file
    /// beside it with permissions 0600, flushed to disk, then renamed over it, so that a crash leaves the old file or
    /// the new one, never half of one.
    static func replace(keyFile path: String, with text: String) throws(PersonalDataKeyError) {
        let target = (path as NSString).resolvingSymlinksInPath
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(
            ".\((target as NSString).lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0 { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let flushed = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, flushed else {
            unlink(temporary)
            throw .cannotWrite(path: path, reason: "short write to \(temporary)")
        }
        if rename(temporary, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return error.localizedDescription
    }
}
