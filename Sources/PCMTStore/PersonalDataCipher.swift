import Crypto
import Foundation
import PCMTDomain

/// The key that seals the identifying fields of the registries (issue 17: names, ID numbers, addresses of people
/// under management) and keys the digest by which ID numbers are matched. It lives outside the database (a file or
/// the environment, as the audit key does), so that a copy of the database alone reveals no one.
///
/// A key is exactly 32 random bytes (AES-256), written as 64 hexadecimal digits or Base64. Its `id` — the first 16
/// hexadecimal digits of SHA-256 over "pcmt personal data key" and the key — is written in every sealed value, so
/// that after a change of key the values sealed with an earlier one are still opened (by a ``PersonalDataKeyring``
/// that holds it) until they are sealed again; the id reveals nothing of the key.
public struct PersonalDataKey: Sendable, Equatable {
    let bytes: [UInt8]
    public let id: String

    /// - Throws: ``PersonalDataKeyError/wrongLength(bytes:)`` unless there are exactly 32 bytes.
    public init(bytes: [UInt8]) throws(PersonalDataKeyError) {
        guard bytes.count == 32 else { throw .wrongLength(bytes: bytes.count) }
        self.bytes = bytes
        self.id = String(KeyText.hex(Array(SHA256.hash(data: Data("pcmt personal data key".utf8) + Data(bytes)))).prefix(16))
        self.sealingKey = Self.derived(bytes, "pcmt personal data seal")
        self.digestKey = Self.derived(bytes, "pcmt id number digest")
    }

    /// A key written as hexadecimal or Base64. Throws ``PersonalDataKeyError``.
    public init(text: String) throws(PersonalDataKeyError) {
        guard let bytes = KeyText.bytes(keyText: text) else { throw .unreadable }
        try self.init(bytes: bytes)
    }

    /// 32 new random bytes from the system's generator.
    public static func generate() -> PersonalDataKey {
        var generator = SystemRandomNumberGenerator()
        return try! PersonalDataKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The key as 64 hexadecimal digits, as a key file holds it.
    public var text: String { KeyText.hex(bytes) }

    /// The key that seals (HKDF-SHA256, info "pcmt personal data seal") and the key of ID number digests (info
    /// "pcmt id number digest"), derived apart so that neither use can stand for the other, once when the key is made
    /// (not at every value: a list of a thousand people opens three thousand values).
    let sealingKey: SymmetricKey
    let digestKey: SymmetricKey

    private static func derived(_ bytes: [UInt8], _ info: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: bytes), info: Data(info.utf8), outputByteCount: 32)
    }

    public static func == (a: PersonalDataKey, b: PersonalDataKey) -> Bool { a.id == b.id }
}

/// A key written into a log line, an error or `dump` shows its id only, never its bytes.
extension PersonalDataKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "personal data key \(id)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["id": id]) }
}

public enum PersonalDataKeyError: Error, Equatable, CustomStringConvertible {
    case wrongLength(bytes: Int)
    case unreadable
    case noKeyInFile(path: String)
    /// A line of a key file (counted from 1) that is no key: the problem as ``wrongLength(bytes:)`` or ``unreadable``
    /// say it.
    case badKeyInFile(path: String, line: Int, problem: String)
    /// `PCMT_PERSONAL_DATA_KEY` holds something that is no key (which of its keys, counted from 1).
    case badKeyInEnvironment(position: Int, problem: String)
    case cannotRead(path: String, reason: String)
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .wrongLength(let bytes): "a personal data key is exactly 32 bytes (this one has \(bytes))"
        case .unreadable: "a personal data key is 64 hexadecimal digits, or Base64"
        case .noKeyInFile(let path): "the personal data key file \(path) holds no key"
        case .badKeyInFile(let path, let line, let problem): "line \(line) of the personal data key file \(path) is no key: \(problem)"
        case .badKeyInEnvironment(let position, let problem): "key \(position) of PCMT_PERSONAL_DATA_KEY is no key: \(problem)"
        case .cannotRead(let path, let reason): "cannot read the personal data key file \(path): \(reason)"
        case .cannotCreate(let path, let reason): "cannot create the personal data key file \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write the personal data key file \(path): \(reason)"
        }
    }
}

/// The keys that open sealed values: the `current` one seals, digests and opens; `previous` keys (after a change of
/// key) only open the values sealed with them, until a rotation seals those again with the current key.
public struct PersonalDataKeyring: Sendable, Equatable {
    public var current: PersonalDataKey
    public var previous: [PersonalDataKey]

    public init(current: PersonalDataKey, previous: [PersonalDataKey] = []) {
        self.current = current; self.previous = previous
    }

    /// A key file as the audit key's: one key per line, "#" comments; the last key is the current one.
    /// Throws ``PersonalDataKeyError``.
    /// A line that is no key is named by its number: ``PersonalDataKeyError/badKeyInFile(path:line:problem:)``.
    public init(fileText: String, path: String) throws(PersonalDataKeyError) {
        var keys: [PersonalDataKey] = []
        for (number, line) in fileText.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#") else { continue }
            do {
                keys.append(try PersonalDataKey(text: text))
            } catch {
                throw .badKeyInFile(path: path, line: number + 1, problem: error.description)
            }
        }
        guard let last = keys.popLast() else { throw .noKeyInFile(path: path) }
        self.init(current: last, previous: keys)
    }

    public func key(id: String) -> PersonalDataKey? {
        current.id == id ? current : previous.first { $0.id == id }
    }
}

/// Where a sealed value belongs: its table, its column and its record's id. They are authenticated with the value
/// (AES-GCM's additional data), so a sealed value copied to another record or column does not open.
public struct SealedPlace: Sendable, Equatable {
    public var table: String
    public var column: String
    public var recordID: String

    public init(table: String, column: String, recordID: String) {
        self.table = table; self.column = column; self.recordID = recordID
    }

    var additionalData: Data { Data("pcmt|\(table)|\(column)|\(recordID)".utf8) }
}

/// Seals and opens identifying fields (authenticated encryption: AES-256-GCM with a new random 96-bit nonce for every
/// value), and makes the keyed digests by which ID numbers are matched (HMAC-SHA256), never storing a number in
/// clear (issue 17, item 2; Nghị định 13/2023/NĐ-CP on personal data protection, Điều 2 khoản 4, and from 01/01/2026 Luật số 91/2025/QH15: data on drug use
/// and criminal matters is sensitive personal data; Điều 28: its protection measures).
///
/// A sealed value is text: "pd1.", the key's id (16 hexadecimal digits), ".", then Base64 of nonce, ciphertext and
/// tag — 4/3 of the UTF-8 length of the text plus about 59 characters.
public struct PersonalDataCipher: Sendable {
    public let keyring: PersonalDataKeyring

    public init(keyring: PersonalDataKeyring) { self.keyring = keyring }

    /// `text` sealed with the current key for `place`.
    public func seal(_ text: String, for place: SealedPlace) -> String {
        let key = keyring.current
        // AES-GCM with a 12-byte random nonce never fails for inputs under 64 GiB.
        let box = try! AES.GCM.seal(Data(text.utf8), using: key.sealingKey, nonce: AES.GCM.Nonce(), authenticating: place.additionalData)
        return "pd1.\(key.id).\(box.combined!.base64EncodedString())"
    }

    /// The text of a value sealed for `place` with any key of the keyring.
    ///
    /// - Throws: ``PersonalDataCipherError/notSealed`` for text that is not a sealed value,
    ///   ``PersonalDataCipherError/unknownKey(id:)`` when its key is not in the keyring, and
    ///   ``PersonalDataCipherError/tampered`` when it does not open: changed, or sealed for another place.
    public func open(_ sealed: String, for place: SealedPlace) throws(PersonalDataCipherError) -> String {
        let parts = sealed.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "pd1", let combined = Data(base64Encoded: String(parts[2])) else { throw .notSealed }
        guard let key = keyring.key(id: String(parts[1])) else { throw .unknownKey(id: String(parts[1])) }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            let plain = try AES.GCM.open(box, using: key.sealingKey, authenticating: place.additionalData)
            guard let text = String(data: plain, encoding: .utf8) else { throw PersonalDataCipherError.tampered }
            return text
        } catch {
            throw .tampered
        }
    }

    /// Whether `sealed` was sealed with the current key (a rotation seals the others again).
    public func isCurrent(_ sealed: String) -> Bool { sealed.hasPrefix(currentPrefix) }

    /// How every value sealed with the current key begins ("pd1.", the key's id, "."): hexadecimal digits and dots
    /// only, so it can be matched in SQL with `LIKE prefix || '%'`.
    var currentPrefix: String { "pd1.\(keyring.current.id)." }

    /// The keyed digest of an ID number, 64 hexadecimal digits: the same for the same number however it was written
    /// (``PersonalIDNumber/normalized(_:)``), under the current key; nothing of the number can be read from it without
    /// the key. Matching a number anywhere in the province is comparing digests.
    ///
    /// - Throws: ``PersonalIDNumberError`` when the text is not an ID number.
    public func digest(idNumber text: String) throws(PersonalIDNumberError) -> String {
        let number = try PersonalIDNumber.normalized(text)
        return KeyText.hex(Array(HMAC<SHA256>.authenticationCode(for: Data(number.utf8), using: keyring.current.digestKey)))
    }

    /// The digests of an ID number under every key of the keyring, the current one first: a number is matched
    /// against records digested before a change of key and not yet sealed again.
    ///
    /// - Throws: ``PersonalIDNumberError`` when the text is not an ID number.
    public func digests(idNumber text: String) throws(PersonalIDNumberError) -> [String] {
        let number = try PersonalIDNumber.normalized(text)
        return ([keyring.current] + keyring.previous).map {
            KeyText.hex(Array(HMAC<SHA256>.authenticationCode(for: Data(number.utf8), using: $0.digestKey)))
        }
    }
}

public enum PersonalDataCipherError: Error, Equatable {
    case notSealed
    case unknownKey(id: String)
    case tampered
}
