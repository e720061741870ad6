import Foundation

/// A JSON value as read from the OpenAPI document or a request body: numbers as `Double` (a whole number is one whose
/// fraction is zero, as JSON Schema reads it).
enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // The kinds a request body holds most come first: each wrong guess is a thrown error, the costly part of a
        // body of many values. The decoder never converts between kinds (a number is not a string, 1 is not true).
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

/// Checks a value against a schema of the OpenAPI 3.0 document, with the keywords the document uses: `$ref` (to
/// `#/components/schemas/…`), `nullable`, `type`, `enum`, `format` (`uuid`, `date`, `date-time`), `pattern`,
/// `minLength`/`maxLength` (in Unicode scalars), `minimum`/`maximum`, `required`, `properties`,
/// `additionalProperties`, `items`, `minItems`/`maxItems`. Any other keyword is a description and checks nothing.
/// The answer is the first problem found, naming the field as the API's errors do ("values[2].element: …"), in the
/// request's language (`t`): the field's name stays as the client wrote it, only the words around it change. Words are
/// put together only for a value that has a problem (a data value set checks 50,000 rows).
struct OpenAPISchemaCheck: Sendable {
    /// `components.schemas` of the document.
    var components: [String: JSONValue]

    func problem(_ value: JSONValue, schema: JSONValue, field: String, t: Localizer) -> String? {
        var schema = schema
        // A reference is followed to its end; a reference that names no schema checks nothing.
        for _ in 0..<16 {
            guard let reference = schema["$ref"]?.stringValue else { break }
            let prefix = "#/components/schemas/"
            guard reference.hasPrefix(prefix), let target = components[String(reference.dropFirst(prefix.count))] else { return nil }
            schema = target
        }
        let name = field.isEmpty ? "body" : field
        if case .number(let number) = value, !number.isFinite {
            return "\(name): " + t("a number too large to hold.", "số quá lớn, không lưu được.")
        }
        if value == .null {
            return schema["nullable"] == .bool(true) || schema["type"] == nil ? nil : "\(name): " + t("must not be null.", "không được là null.")
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            let words = allowed.compactMap(\.stringValue).joined(separator: ", ")
            return "\(name): " + t("must be one of \(words).", "phải là một trong các giá trị \(words).")
        }
        switch (schema["type"]?.stringValue, value) {
        case (nil, _): return nil
        case ("string", .string(let text)): return stringProblem(text, schema: schema, name: name, t: t)
        case ("integer", .number(let number)):
            guard number.rounded() == number, abs(number) < 9_007_199_254_740_992 else {
                return "\(name): " + t("must be a whole number.", "phải là số nguyên.")
            }
            return numberProblem(number, schema: schema, name: name, t: t)
        case ("number", .number(let number)): return numberProblem(number, schema: schema, name: name, t: t)
        case ("boolean", .bool): return nil
        case ("array", .array(let items)):
            if let least = schema["minItems"]?.numberValue, Double(items.count) < least {
                return "\(name): " + t("at least \(Int(least)) items.", "ít nhất \(Int(least)) mục.")
            }
            if let most = schema["maxItems"]?.numberValue, Double(items.count) > most {
                return "\(name): " + t("at most \(Int(most)) items.", "tối đa \(Int(most)) mục.")
            }
            guard let itemSchema = schema["items"] else { return nil }
            // Each item is checked without its name; the name is written only for the item that has a problem.
            for (index, item) in items.enumerated() where problem(item, schema: itemSchema, field: "", t: t) != nil {
                return problem(item, schema: itemSchema, field: "\(field)[\(index)]", t: t)
            }
            return nil
        case ("object", .object(let members)): return objectProblem(members, schema: schema, field: field, t: t)
        case (let type?, _): return "\(name): " + Self.mustBe(type, t: t)
        }
    }

    private func objectProblem(_ members: [String: JSONValue], schema: JSONValue, field: String, t: Localizer) -> String? {
        let prefix = field.isEmpty ? "" : "\(field)."
        for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[required] == nil {
            return "\(prefix)\(required): " + t("required.", "bắt buộc.")
        }
        let properties = schema["properties"]?.objectValue ?? [:]
        func memberProblem(_ key: String, _ member: JSONValue) -> String? {
            if let propertySchema = properties[key] {
                return problem(member, schema: propertySchema, field: prefix + key, t: t)
            } else if schema["additionalProperties"] == .bool(false) {
                let known = properties.keys.sorted().joined(separator: ", ")
                return "\(prefix)\(key): "
                    + t(
                        "not a field of this request (the fields are \(known)).",
                        "không phải là trường của yêu cầu này (các trường là \(known)).")
            } else if let extra = schema["additionalProperties"], extra.objectValue != nil {
                return problem(member, schema: extra, field: prefix + key, t: t)
            }
            return nil
        }
        // The first problem in the order of the keys; they are sorted only when there is one.
        guard members.contains(where: { memberProblem($0.key, $0.value) != nil }) else { return nil }
        for key in members.keys.sorted() {
            if let problem = memberProblem(key, members[key]!) { return problem }
        }
        return nil
    }

    private func stringProblem(_ text: String, schema: JSONValue, name: String, t: Localizer) -> String? {
        let length = text.unicodeScalars.count
        if let least = schema["minLength"]?.numberValue, Double(length) < least {
            return "\(name): "
                + (least == 1
                    ? t("must not be empty.", "không được để trống.") : t("at least \(Int(least)) characters.", "ít nhất \(Int(least)) ký tự."))
        }
        if let most = schema["maxLength"]?.numberValue, Double(length) > most {
            return "\(name): " + t("at most \(Int(most)) characters.", "tối đa \(Int(most)) ký tự.")
        }
        if let format = schema["format"]?.stringValue, !Self.matches(format: format, text) {
            let example: String
            switch format {
            case "uuid":
                example = t("a UUID such as 6f0c3959-2021-4025-8d62-000000003959", "một UUID, ví dụ 6f0c3959-2021-4025-8d62-000000003959")
            case "date": example = t("a real day written yyyy-mm-dd", "một ngày có thật, viết yyyy-mm-dd")
            case "date-time": example = t("an instant such as 2025-07-01T00:00:00Z", "một thời điểm, ví dụ 2025-07-01T00:00:00Z")
            default: example = format
            }
            return "\(name): " + t("must be \(example).", "phải là \(example).")
        }
        if let pattern = schema["pattern"]?.stringValue, !Self.matches(pattern: pattern, text) {
            // The document's description of the field is in English, as the document is.
            let hint = schema["description"]?.stringValue.map { " (\($0))" } ?? ""
            return "\(name): " + t("does not have the form the API takes\(hint).", "không đúng dạng mà API nhận\(hint).")
        }
        return nil
    }

    private func numberProblem(_ number: Double, schema: JSONValue, name: String, t: Localizer) -> String? {
        if let least = schema["minimum"]?.numberValue, number < least {
            return "\(name): " + t("at least \(Self.words(least)).", "ít nhất là \(Self.words(least)).")
        }
        if let most = schema["maximum"]?.numberValue, number > most {
            return "\(name): " + t("at most \(Self.words(most)).", "tối đa là \(Self.words(most)).")
        }
        return nil
    }

    // MARK: Formats and patterns

    /// `uuid`: 8-4-4-4-12 hexadecimal digits; `date`: RFC 3339's full-date, a day that exists; `date-time`: RFC 3339's
    /// date-time ("T" or "t", "Z", "z" or an offset; a space for the offset's "+", as an unescaped "+" of a query
    /// arrives). Other formats are descriptions.
    static func matches(format: String, _ text: String) -> Bool {
        switch format {
        case "uuid": return text.utf8.count == 36 && UUID(uuidString: text) != nil
        case "date": return isRealDay(text)
        case "date-time":
            let shape =
                /([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|[+ -]([01][0-9]|2[0-3]):[0-5][0-9])/
            guard let match = text.wholeMatch(of: shape) else { return false }
            return isRealDay(String(match.1))
        default: return true
        }
    }

    static func isRealDay(_ text: String) -> Bool {
        guard let match = text.wholeMatch(of: /([0-9]{4})-([0-9]{2})-([0-9]{2})/), let year = Int(match.1), let month = Int(match.2),
            let day = Int(match.3), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// A pattern is found anywhere in the text, as ECMA-262 `test` does (the document's patterns are anchored).
    static func matches(pattern: String, _ text: String) -> Bool {
        expressions.matches(pattern, text)
    }

    /// The document's patterns, each compiled once (a data value set checks four strings a row, 50,000 rows).
    static let expressions = CompiledPatterns()

    /// "must be a whole number." / "phải là số nguyên.": what a value of the schema's `type` must be.
    static func mustBe(_ type: String, t: Localizer) -> String {
        switch type {
        case "integer": t("must be a whole number.", "phải là số nguyên.")
        case "number": t("must be a number.", "phải là số.")
        case "string": t("must be a string.", "phải là chuỗi ký tự.")
        case "boolean": t("must be a boolean.", "phải là true hoặc false.")
        case "array": t("must be a list.", "phải là một danh sách […].")
        case "object": t("must be an object.", "phải là một đối tượng {…}.")
        default: t("must be a \(type).", "phải có kiểu \(type).")
        }
    }

    static func words(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

/// Regular expressions compiled once per pattern; the patterns come from the served document, so there are few.
/// A compiled expression is immutable and matched from any thread.
final class CompiledPatterns: @unchecked Sendable {
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression] = [:]

    /// The compiled pattern, nil when it is not a valid regular expression.
    func expression(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let found = compiled[pattern] { return found }
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        compiled[pattern] = expression
        return expression
    }

    /// The answers given so far, by pattern and text: a data value set repeats the same few codes and periods in
    /// every row. At most ``rememberedAnswers`` are kept; then they are forgotten and kept again from the next one.
    private var answers: [Pair: Bool] = [:]
    static let rememberedAnswers = 20_000

    private struct Pair: Hashable {
        var pattern: String
        var text: String
    }

    /// Whether `pattern` is found in `text`, as ECMA-262 `test` does; true when the pattern is not a valid regular
    /// expression (it then checks nothing).
    func matches(_ pattern: String, _ text: String) -> Bool {
        let pair = Pair(pattern: pattern, text: text)
        lock.lock()
        let known = answers[pair]
        lock.unlock()
        if let known { return known }
        guard let expression = expression(pattern) else { return true }
        let answer = expression.firstMatch(in: text, range: NSRange(text.startIndex..<text.endIndex, in: text)) != nil
        lock.lock()
        if answers.count >= Self.rememberedAnswers { answers.removeAll(keepingCapacity: true) }
        answers[pair] = answer
        lock.unlock()
        return answer
    }
}
