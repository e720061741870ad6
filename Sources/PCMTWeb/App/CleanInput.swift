import Foundation
import PCMTDomain
import Vapor

/// The one place where text from a request is made clean (``CleanText``) before any handler sees it:
///
/// - form bodies (`application/x-www-form-urlencoded`), JSON bodies, the text fields of `multipart/form-data` and the
///   query string are cleaned field by field, by the field's rule (``CleanText/rule(forField:)``), when they are
///   decoded — the decoders that Vapor's `request.content` and `request.query` use are ``CleaningDecoder`` and
///   ``CleaningQueryDecoder`` (installed by ``install()``);
/// - ``CleanInputMiddleware`` runs the same cleaning once before the handler, so a refusal is an answer that names the
///   field (400 for text that is not UTF-8 or a body that is not JSON, 422 for a control character, a line break in a
///   one-line field, or a text too long), even where a handler reads a field with `try?`; it also checks the path
///   and the headers that reach logs (User-Agent, X-Forwarded-For, Referer).
///
/// Files are bytes, not text: an importer cleans each cell as it reads it (``CleanText/cell(_:column:row:)``).
enum CleanInput {
    /// Where a refusal came from: the body (422 for the text, 400 for the encoding) or the address and headers (400).
    enum Origin { case body, address }

    /// A refusal with the problem and the answer it gets.
    struct Refusal: AbortError {
        var problem: CleanText.Problem?
        var origin: Origin
        var detail: String?

        var status: HTTPResponseStatus {
            if problem == nil { return .badRequest }
            if case .invalidUTF8 = problem?.kind { return .badRequest }
            return origin == .body ? .unprocessableEntity : .badRequest
        }

        var reason: String { reason(.en) + " / " + reason(.vi) }

        func reason(_ language: Language) -> String {
            if let problem { return problem.message(language) }
            return language == .en ? "The body is not valid JSON (\(detail ?? ""))." : "Nội dung gửi lên không phải JSON hợp lệ (\(detail ?? ""))."
        }
    }

    /// Installs the cleaning decoders for JSON, forms, multipart forms and query strings. The same for every
    /// application of the process (Vapor's content configuration is process-wide).
    static func install() {
        var configuration = ContentConfiguration.global
        configuration.use(decoder: CleaningDecoder(kind: .json), for: .json)
        configuration.use(decoder: CleaningDecoder(kind: .json), for: .jsonAPI)
        configuration.use(decoder: CleaningDecoder(kind: .form), for: .urlEncodedForm)
        configuration.use(decoder: CleaningDecoder(kind: .multipart), for: .formData)
        configuration.use(urlDecoder: CleaningQueryDecoder())
        ContentConfiguration.global = configuration
    }

    // MARK: Forms and query strings

    /// A form body or query string with every key and value cleaned and encoded again (percent-encoding, "+" read as
    /// a space as browsers send it). Throws ``Refusal``.
    static func form(_ text: String, origin: Origin) throws(Refusal) -> String {
        var out: [String] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawKey = decodePercent(parts[0])
            guard let key = String(validating: rawKey, as: UTF8.self) else {
                throw Refusal(problem: .init(field: "?", kind: .invalidUTF8), origin: origin)
            }
            let cleanKey: String
            do { cleanKey = try CleanText.clean(key, field: "(field name)", rule: CleanText.nameRule) } catch {
                throw Refusal(problem: error, origin: origin)
            }
            if parts.count == 1 {
                out.append(encode(cleanKey, isKey: true))
                continue
            }
            let field = fieldName(cleanKey)
            let value: String
            do { value = try CleanText.clean(bytes: decodePercent(parts[1]), field: field, rule: CleanText.rule(forField: field)) } catch {
                throw Refusal(problem: error, origin: origin)
            }
            out.append(encode(cleanKey, isKey: true) + "=" + encode(value, isKey: false))
        }
        return out.joined(separator: "&")
    }

    /// The name a rule is looked up by: "values[0][element]" → "element".
    static func fieldName(_ key: String) -> String {
        guard key.hasSuffix("]"), let open = key.lastIndex(of: "[") else { return key }
        let inner = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
        return inner.isEmpty || inner.allSatisfy(\.isNumber) ? String(key[..<open]) : inner
    }

    static func decodePercent(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func encode(_ text: String, isKey: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "[") where isKey, UInt8(ascii: "]") where isKey:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Multipart

    /// A multipart form with every part without a file name (a text field) cleaned; file parts are kept as they are.
    static func multipart(_ body: ByteBuffer, boundary: String) throws(Refusal) -> ByteBuffer {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var current = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: current))
            headers = HTTPHeaders()
            current = ByteBuffer()
        }
        do { try parser.execute(body) } catch { return body }  // not a multipart body: the decoder says so
        var cleaned: [MultipartPart] = []
        for var part in parts {
            let disposition = part.headers.first(name: "Content-Disposition") ?? ""
            if !disposition.lowercased().contains("filename") {
                let field = fieldName(part.name ?? "")
                do {
                    let text = try CleanText.clean(
                        bytes: part.body.readableBytesView, field: field.isEmpty ? "(field)" : field, rule: CleanText.rule(forField: field))
                    part.body = ByteBuffer(string: text)
                } catch {
                    throw Refusal(problem: error, origin: .body)
                }
            }
            cleaned.append(part)
        }
        var out = ByteBuffer()
        do { try MultipartSerializer().serialize(parts: cleaned, boundary: boundary, into: &out) } catch { return body }
        return out
    }

    // MARK: Bodies

    /// The body cleaned by its media type; other media types are returned as they are.
    static func body(_ body: ByteBuffer, contentType: HTTPMediaType?) throws(Refusal) -> ByteBuffer {
        guard let contentType else { return body }
        if contentType == .json || contentType == .jsonAPI {
            do {
                return ByteBuffer(bytes: try CleanJSON.clean(Array(body.readableBytesView)))
            } catch {
                switch error {
                case .problem(let problem): throw Refusal(problem: problem, origin: .body)
                case .malformed(let detail): throw Refusal(problem: nil, origin: .body, detail: detail)
                }
            }
        }
        if contentType == .urlEncodedForm {
            guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
                throw Refusal(problem: .init(field: "body", kind: .invalidUTF8), origin: .body)
            }
            return ByteBuffer(string: try form(text, origin: .body))
        }
        if contentType == .formData, let boundary = contentType.parameters["boundary"] {
            return try multipart(body, boundary: boundary)
        }
        return body
    }

    // MARK: Address and headers

    /// The headers whose values are written to logs or to the audit log.
    static let loggedHeaders = ["User-Agent", "X-Forwarded-For", "Referer"]

    /// Checks the path (percent-decoded), the query string and the logged headers; throws ``Refusal`` (400).
    static func checkAddressAndHeaders(_ request: Request) throws(Refusal) {
        let path = request.url.path
        do { _ = try CleanText.clean(bytes: decodePercent(Substring(path)), field: "path", rule: .line(8192)) } catch {
            throw Refusal(problem: error, origin: .address)
        }
        if let query = request.url.query { _ = try form(query, origin: .address) }
        for name in loggedHeaders {
            for value in request.headers[name] {
                // The HTTP parser hands over bytes that are not UTF-8 as U+FFFD: a header holding one was not UTF-8.
                if value.unicodeScalars.contains("\u{FFFD}") { throw Refusal(problem: .init(field: name, kind: .invalidUTF8), origin: .address) }
                do { _ = try CleanText.clean(bytes: Array(value.utf8), field: name, rule: CleanText.headerRule) } catch {
                    throw Refusal(problem: error, origin: .address)
                }
            }
        }
    }
}

/// Vapor's decoder for a media type, with the body cleaned first (``CleanInput/body(_:contentType:)``).
struct CleaningDecoder: ContentDecoder {
    enum Kind { case json, form, multipart }
    let kind: Kind

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable])
        throws -> D
    {
        let cleaned = try CleanInput.body(body, contentType: headers.contentType)
        switch kind {
        case .json: return try JSONDecoder.custom(dates: .iso8601).decode(D.self, from: cleaned, headers: headers, userInfo: userInfo)
        case .form: return try URLEncodedFormDecoder().decode(D.self, from: cleaned, headers: headers, userInfo: userInfo)
        case .multipart: return try FormDataDecoder().decode(D.self, from: cleaned, headers: headers, userInfo: userInfo)
        }
    }
}

/// Vapor's query decoder, with the query string cleaned first.
struct CleaningQueryDecoder: URLQueryDecoder {
    func decode<D: Decodable>(_ decodable: D.Type, from url: URI) throws -> D {
        try decode(D.self, from: url, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from url: URI, userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        let query = try CleanInput.form(url.query ?? "", origin: .address)
        return try URLEncodedFormDecoder().decode(D.self, from: query, userInfo: userInfo)
    }
}

/// Refuses, before any handler, a request with a field, a path or a logged header that is not clean, naming it in the
/// visitor's language (the API answers in English).
struct CleanInputMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            try CleanInput.checkAddressAndHeaders(request)
            if let body = request.body.data, body.readableBytes > 0 {
                _ = try CleanInput.body(body, contentType: request.headers.contentType)
            }
        } catch {
            let refusal = error
            let language: Language = request.isAPI ? .en : Localizer(request: request).language
            throw Abort(refusal.status, reason: refusal.reason(language))
        }
        return try await next.respond(to: request)
    }
}

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
            for scalar in clean.unicodeScalars {
                switch scalar {
                case "\"": out += Array("\\\"".utf8)
                case "\\": out += Array("\\\\".utf8)
                case "\n": out += Array("\\n".utf8)
                case "\t": out += Array("\\t".utf8)
                default: out += Array(String(scalar).utf8)
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
