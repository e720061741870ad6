import Foundation
import PCMTDomain

/// JSON with every string cleaned by the rule of the key it belongs to, written back byte for byte otherwise (numbers
/// keep their exact text). A string that is a key is a field name (``CleanText/nameRule``); a value's field is its
/// path, e.g. "values[0].element", and its rule is the last key's ("element").
enum CleanJSON {
    enum Failure: Error {
        case problem(CleanText.Problem)
        case malformed(String)
    }

    /// The deepest nesting accepted.
    static let maximumDepth = 64

    static func clean(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        // A byte-order mark before the value is dropped, as JSON decoders do (RFC 8259 §8.1 lets a parser ignore it).
        let bytes = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .problem(.init(field: "body", kind: .invalidUTF8)) }
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        try scanner.value(path: "", key: "body", depth: 0)
        scanner.skipSpace()
        guard scanner.index == bytes.count else { throw .malformed("text after the value at byte \(scanner.index)") }
        return scanner.out
    }

    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var out: [UInt8] = []

        init(bytes: [UInt8]) {
            self.bytes = bytes
            out.reserveCapacity(bytes.count)
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                out.append(bytes[index])
                index += 1
            }
        }

        mutating func expect(_ byte: UInt8) throws(Failure) {
            guard index < bytes.count, bytes[index] == byte else {
                throw .malformed("expected “\(Character(Unicode.Scalar(byte)))” at byte \(index)")
            }
            out.append(byte)
            index += 1
        }

        mutating func value(path: String, key: String, depth: Int) throws(Failure) {
            guard depth <= CleanJSON.maximumDepth else { throw .malformed("nested deeper than \(CleanJSON.maximumDepth)") }
            guard index < bytes.count else { throw .malformed("the body ends too early") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                try expect(UInt8(ascii: "{"))
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return try expect(UInt8(ascii: "}")) }
                while true {
                    skipSpace()
                    let name = try string(field: path.isEmpty ? "(field name)" : "\(path) (field name)", rule: CleanText.nameRule)
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                    skipSpace()
                    try value(path: path.isEmpty ? name : "\(path).\(name)", key: name, depth: depth + 1)
                    skipSpace()
                    guard index < bytes.count else { throw .malformed("the body ends inside an object") }
                    if bytes[index] == UInt8(ascii: ",") {
                        try expect(UInt8(ascii: ","))
                        continue
                    }
                    return try expect(UInt8(ascii: "}"))
                }
            case UInt8(ascii: "["):
                try expect(UInt8(ascii: "["))
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return try expect(UInt8(ascii: "]")) }
                var position = 0
                while true {
                    skipSpace()
                    try value(path: "\(path)[\(position)]", key: key, depth: depth + 1)
                    position += 1
                    skipSpace()
                    guard index < bytes.count else { throw .malformed("the body ends inside an array") }
                    if bytes[index] == UInt8(ascii: ",") {
                        try expect(UInt8(ascii: ","))
                        continue
                    }
                    return try expect(UInt8(ascii: "]"))
                }
            case UInt8(ascii: "\""):
                _ = try string(field: path.isEmpty ? key : path, rule: CleanText.rule(forField: key))
            default:
                // A number, true, false or null: copied as it is; the JSON decoder judges it.
                let start = index
                while index < bytes.count, !",]} \t\r\n".utf8.contains(bytes[index]) {
                    let byte = bytes[index]
                    guard (0x21...0x7E).contains(byte) else { throw .malformed("unexpected byte \(byte) at \(index)") }
                    index += 1
                }
                guard index > start else { throw .malformed("a value is missing at byte \(index)") }
                out += bytes[start..<index]
            }
        }

        /// Reads a string at `index`, cleans it and writes it; returns the clean text.
        mutating func string(field: String, rule: CleanText.Rule) throws(Failure) -> String {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw .malformed("expected a string at byte \(index)") }
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flushRaw() throws(Failure) {
                guard !raw.isEmpty else { return }
                guard let text = String(validating: raw, as: UTF8.self) else { throw .problem(.init(field: field, kind: .invalidUTF8)) }
                scalars.append(contentsOf: text.unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
            while true {
                guard index < bytes.count else { throw .malformed("a string does not end") }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { break }
                if byte != UInt8(ascii: "\\") {
                    raw.append(byte)
                    continue
                }
                try flushRaw()
                guard index < bytes.count else { throw .malformed("a string does not end") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var unit = try hex4()
                    if (0xD800...0xDBFF).contains(unit) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw .problem(.init(field: field, kind: .invalidUTF8))
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw .problem(.init(field: field, kind: .invalidUTF8)) }
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(unit) else { throw .problem(.init(field: field, kind: .invalidUTF8)) }
                    scalars.append(scalar)
                default: throw .malformed("an unknown escape at byte \(index - 1)")
                }
            }
            try flushRaw()
            let clean: String
            do { clean = try CleanText.clean(String(scalars), field: field, rule: rule) } catch { throw .problem(error) }
            out.append(UInt8(ascii: "\""))
            // Byte by byte: the four escaped characters are ASCII, and no byte of a longer UTF-8 sequence is.
            for byte in clean.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
            return clean
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count else { throw .malformed("a \\u escape is cut short") }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = CleanInput.hexValue(bytes[index + offset]) else { throw .malformed("a \\u escape is not hexadecimal") }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }
    }
}
