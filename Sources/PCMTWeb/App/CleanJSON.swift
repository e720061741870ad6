import Foundation
import PCMTDomain

/// JSON with every string cleaned by the rule of the key it belongs to, written back byte for byte otherwise (numbers
/// keep their exact text). A string that is a key is a field name (``CleanText/nameRule``); a value's field is its
/// path, e.g. "values[0].element", and its rule is the last key's ("element").
enum CleanJSON {
    enum Failure: Error {
        case problem(CleanText.Problem)
        case malformed(en: String, vi: String)
    }

    /// The deepest nesting accepted.
    static let maximumDepth = 64

    /// The body cleaned, as bytes (see ``read(_:)``).
    static func clean(_ input: [UInt8]) throws(Failure) -> [UInt8] { try read(input).bytes }

    /// The body read once: `bytes` is the JSON with every string cleaned (written back byte for byte otherwise) and
    /// `value` the same JSON as a tree of ``JSONValue``, for the OpenAPI check (``OpenAPIGate``). Literals must be
    /// `true`, `false` or `null` and numbers follow RFC 8259 §6 (read as `Double`); anything else is
    /// ``Failure/malformed(en:vi:)``, as is text after the value, a value nested deeper than ``maximumDepth``, a body that
    /// ends early and a key given twice in one object (RFC 8259 §4: names SHOULD be unique; readers differ on which
    /// one they keep, so the schema would check one value and the handler read the other).
    static func read(_ input: [UInt8]) throws(Failure) -> (bytes: [UInt8], value: JSONValue) {
        // A byte-order mark before the value is dropped, as JSON decoders do (RFC 8259 §8.1 lets a parser ignore it).
        let bytes = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .problem(.init(field: "body", kind: .invalidUTF8)) }
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        let value = try scanner.value(key: "body", depth: 0)
        scanner.skipSpace()
        guard scanner.index == bytes.count else {
            throw .malformed(en: "text after the value at byte \(scanner.index)", vi: "còn nội dung sau giá trị, ở byte \(scanner.index)")
        }
        return (scanner.out, value)
    }

    /// One step of the way to a value: an object's key or an array's index.
    enum Step {
        case key(String)
        case index(Int)
    }

    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var out: [UInt8] = []
        /// The way from the body to the value being read, written out only for a message (``field``).
        var trail: [Step] = []

        init(bytes: [UInt8]) {
            self.bytes = bytes
            out.reserveCapacity(bytes.count)
        }

        /// The path of the value being read, e.g. "values[0].element"; "" at the top.
        var path: String {
            var text = ""
            for step in trail {
                switch step {
                case .key(let name): text += text.isEmpty ? name : ".\(name)"
                case .index(let position): text += "[\(position)]"
                }
            }
            return text
        }

        mutating func skipSpace() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                out.append(byte)
                index += 1
            }
        }

        mutating func expect(_ byte: UInt8) throws(Failure) {
            guard index < bytes.count, bytes[index] == byte else {
                throw .malformed(
                    en: "expected “\(Character(Unicode.Scalar(byte)))” at byte \(index)",
                    vi: "thiếu “\(Character(Unicode.Scalar(byte)))” ở byte \(index)")
            }
            out.append(byte)
            index += 1
        }

        /// Reads, cleans and writes the value at `index`; `key` is the last object key on the way (its rule cleans
        /// the strings below it).
        mutating func value(key: String, depth: Int) throws(Failure) -> JSONValue {
            guard depth <= CleanJSON.maximumDepth else {
                throw .malformed(en: "nested deeper than \(CleanJSON.maximumDepth)", vi: "lồng sâu quá \(CleanJSON.maximumDepth) cấp")
            }
            guard index < bytes.count else { throw .malformed(en: "the body ends too early", vi: "nội dung kết thúc quá sớm") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                try expect(UInt8(ascii: "{"))
                skipSpace()
                var members: [String: JSONValue] = [:]
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    try expect(UInt8(ascii: "}"))
                    return .object(members)
                }
                while true {
                    skipSpace()
                    let name = try string(rule: CleanText.nameRule, isName: true)
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                    skipSpace()
                    // A key given twice would be read one way here and another by a decoder that keeps the first.
                    guard members[name] == nil else {
                        throw .malformed(
                            en: "the key “\(name.prefix(64))” is given twice in one object (byte \(index))",
                            vi: "khóa “\(name.prefix(64))” có hai lần trong cùng một đối tượng (byte \(index))")
                    }
                    trail.append(.key(name))
                    members[name] = try value(key: name, depth: depth + 1)
                    trail.removeLast()
                    skipSpace()
                    guard index < bytes.count else {
                        throw .malformed(en: "the body ends inside an object", vi: "nội dung kết thúc giữa một đối tượng")
                    }
                    if bytes[index] == UInt8(ascii: ",") {
                        try expect(UInt8(ascii: ","))
                        continue
                    }
                    try expect(UInt8(ascii: "}"))
                    return .object(members)
                }
            case UInt8(ascii: "["):
                try expect(UInt8(ascii: "["))
                skipSpace()
                var elements: [JSONValue] = []
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    try expect(UInt8(ascii: "]"))
                    return .array(elements)
                }
                while true {
                    skipSpace()
                    trail.append(.index(elements.count))
                    elements.append(try value(key: key, depth: depth + 1))
                    trail.removeLast()
                    skipSpace()
                    guard index < bytes.count else {
                        throw .malformed(en: "the body ends inside an array", vi: "nội dung kết thúc giữa một danh sách")
                    }
                    if bytes[index] == UInt8(ascii: ",") {
                        try expect(UInt8(ascii: ","))
                        continue
                    }
                    try expect(UInt8(ascii: "]"))
                    return .array(elements)
                }
            case UInt8(ascii: "\""):
                return .string(try string(rule: CleanText.rule(forField: key), isName: false))
            default:
                // A number, true, false or null: copied as it is.
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") || byte == 0x20 || byte == 0x09
                        || byte == 0x0A || byte == 0x0D
                    {
                        break
                    }
                    guard (0x21...0x7E).contains(byte) else {
                        throw .malformed(en: "unexpected byte \(byte) at \(index)", vi: "byte \(byte) không hợp lệ ở vị trí \(index)")
                    }
                    index += 1
                }
                guard index > start else { throw .malformed(en: "a value is missing at byte \(index)", vi: "thiếu một giá trị ở byte \(index)") }
                let token = bytes[start..<index]
                out += token
                switch String(decoding: token, as: UTF8.self) {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                case let text:
                    guard CleanJSON.isNumber(token), let number = Double(text) else {
                        throw .malformed(
                            en: "“\(text.prefix(40))” at byte \(start) is not a number, true, false or null",
                            vi: "“\(text.prefix(40))” ở byte \(start) không phải số, true, false hay null")
                    }
                    return .number(number)
                }
            }
        }

        /// Reads a string at `index`, cleans it and writes it; returns the clean text.
        /// `isName`: the string is an object's key (its field is "path (field name)").
        mutating func string(rule: CleanText.Rule, isName: Bool) throws(Failure) -> String {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw .malformed(en: "expected a string at byte \(index)", vi: "cần một chuỗi ở byte \(index)")
            }
            index += 1
            // The field, for a message only.
            var field: String {
                let path = self.path
                if isName { return path.isEmpty ? "(field name)" : "\(path) (field name)" }
                return path.isEmpty ? "body" : path
            }
            // The common case: printable ASCII with no escape, clean as it is (``CleanText/clean(_:field:rule:)``
            // answers so), written back as it was.
            let first = index
            while index < bytes.count, bytes[index] >= 0x20, bytes[index] < 0x7F, bytes[index] != UInt8(ascii: "\""),
                bytes[index] != UInt8(ascii: "\\")
            {
                index += 1
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[first..<index], as: UTF8.self)
                if text.utf8.count > rule.maxScalars { throw .problem(.init(field: field, kind: .tooLong(limit: rule.maxScalars))) }
                out.append(UInt8(ascii: "\""))
                out += bytes[first..<index]
                out.append(UInt8(ascii: "\""))
                index += 1
                return text
            }
            index = first
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flushRaw() throws(Failure) {
                guard !raw.isEmpty else { return }
                guard let text = String(validating: raw, as: UTF8.self) else { throw .problem(.init(field: field, kind: .invalidUTF8)) }
                scalars.append(contentsOf: text.unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
            while true {
                guard index < bytes.count else { throw .malformed(en: "a string does not end", vi: "một chuỗi không có dấu nháy kết thúc") }
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { break }
                if byte != UInt8(ascii: "\\") {
                    raw.append(byte)
                    continue
                }
                try flushRaw()
                guard index < bytes.count else { throw .malformed(en: "a string does not end", vi: "một chuỗi không có dấu nháy kết thúc") }
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
                default: throw .malformed(en: "an unknown escape at byte \(index - 1)", vi: "một ký tự thoát (escape) lạ ở byte \(index - 1)")
                }
            }
            try flushRaw()
            let clean: String
            do { clean = try CleanText.clean(String(scalars), field: "", rule: rule) } catch { throw .problem(.init(field: field, kind: error.kind)) }
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
            guard index + 4 <= bytes.count else { throw .malformed(en: "a \\u escape is cut short", vi: "một mã \\u bị cắt ngắn") }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = CleanInput.hexValue(bytes[index + offset]) else {
                    throw .malformed(en: "a \\u escape is not hexadecimal", vi: "một mã \\u không phải số thập lục phân")
                }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }
    }

    /// Whether `token` is a JSON number (RFC 8259 §6): `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isNumber(_ token: ArraySlice<UInt8>) -> Bool {
        var position = token.startIndex
        func digits() -> Int {
            let start = position
            while position < token.endIndex, (0x30...0x39).contains(token[position]) { position += 1 }
            return position - start
        }
        if position < token.endIndex, token[position] == UInt8(ascii: "-") { position += 1 }
        guard position < token.endIndex else { return false }
        if token[position] == UInt8(ascii: "0") {
            position += 1
        } else if digits() == 0 {
            return false
        }
        if position < token.endIndex, token[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { return false }
        }
        if position < token.endIndex, token[position] == UInt8(ascii: "e") || token[position] == UInt8(ascii: "E") {
            position += 1
            if position < token.endIndex, token[position] == UInt8(ascii: "+") || token[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { return false }
        }
        return position == token.endIndex
    }
}
