import Foundation

/// How pcmt writes and reads its secret keys (the audit key, ``AuditKey``; the personal data key,
/// ``PersonalDataKey``): bytes as lower-case hexadecimal, read back from hexadecimal or Base64, and key files of one
/// key per line.
enum KeyText {
    /// `bytes` as lower-case hexadecimal, two digits a byte.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of an even number of hexadecimal digits (either case), nil for anything else.
    static func bytes(hex: String) -> [UInt8]? {
        var result: [UInt8] = []
        var high: UInt8?
        for scalar in hex.unicodeScalars {
            guard let nibble = UInt8(String(scalar), radix: 16) else { return nil }
            if let h = high {
                result.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return high == nil ? result : nil
    }

    /// A key written as hexadecimal or else Base64, spaces around it ignored; nil when it is neither.
    static func bytes(keyText text: String) -> [UInt8]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let bytes = bytes(hex: trimmed), !bytes.isEmpty { return bytes }
        return Data(base64Encoded: trimmed).map(Array.init)
    }

    /// The keys of a key file, in order: one a line, empty lines and lines starting with "#" skipped.
    static func keyLines(_ fileText: String) -> [String] {
        fileText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && !$0.hasPrefix("#")
        }
    }
}
