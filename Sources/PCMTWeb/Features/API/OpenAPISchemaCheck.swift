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
/// The answer is the first problem found, naming the field as the API's errors do ("values[2].element: …").
struct OpenAPISchemaCheck: Sendable {
    /// `components.schemas` of the document.
    var components: [String: JSONValue]

    func problem(_ value: JSONValue, schema: JSONValue, field: String) -> String? {
        var schema = schema
        // A reference is followed to its end; a reference that names no schema checks nothing.
        for _ in 0..<16 {
            guard let reference = schema["$ref"]?.stringValue else { break }
            let prefix = "#/components/schemas/"
            guard reference.hasPrefix(prefix), let target = components[String(reference.dropFirst(prefix.count))] else { return nil }
            schema = target
        }
        let name = field.isEmpty ? "body" : field
        if case .number(let number) = value, !number.isFinite { return "\(name): a number too large to hold." }
        if value == .null {
            return schema["nullable"] == .bool(true) || schema["type"] == nil ? nil : "\(name): must not be null."
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            let words = allowed.compactMap(\.stringValue).joined(separator: ", ")
            return "\(name): must be one of \(words)."
        }
        switch (schema["type"]?.stringValue, value) {
        case (nil, _): return nil
        case ("string", .string(let text)): return stringProblem(text, schema: schema, name: name)
        case ("integer", .number(let number)):
            guard number.rounded() == number, abs(number) < 9_007_199_254_740_992 else { return "\(name): must be a whole number." }
            return numberProblem(number, schema: schema, name: name)
        case ("number", .number(let number)): return numberProblem(number, schema: schema, name: name)
        case ("boolean", .bool): return nil
        case ("array", .array(let items)):
            if let least = schema["minItems"]?.numberValue, Double(items.count) < least { return "\(name): at least \(Int(least)) items." }
            if let most = schema["maxItems"]?.numberValue, Double(items.count) > most { return "\(name): at most \(Int(most)) items." }
            guard let itemSchema = schema["items"] else { return nil }
            // Each item is checked without its name; the name is written only for the item that has a problem.
            for (index, item) in items.enumerated() where problem(item, schema: itemSchema, field: "") != nil {
                return problem(item, schema: itemSchema, field: "\(field)[\(index)]")
            }
            return nil
        case ("object", .object(let members)): return objectProblem(members, schema: schema, field: field)
        case (let type?, _): return "\(name): must be \(Self.article(type))."
        }
    }

    private func objectProblem(_ members: [String: JSONValue], schema: JSONValue, field: String) -> String? {
        let prefix = field.isEmpty ? "" : "\(field)."
        for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[required] == nil {
            return "\(prefix)\(required): required."
        }
        let properties = schema["properties"]?.objectValue ?? [:]
        func memberProblem(_ key: String, _ member: JSONValue) -> String? {
            if let propertySchema = properties[key] {
                return problem(member, schema: propertySchema, field: prefix + key)
            } else if schema["additionalProperties"] == .bool(false) {
                let known = properties.keys.sorted().joined(separator: ", ")
                return "\(prefix)\(key): not a field of this request (the fields are \(known))."
            } else if let extra = schema["additionalProperties"], extra.objectValue != nil {
                return problem(member, schema: extra, field: prefix + key)
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

    private func stringProblem(_ text: String, schema: JSONValue, name: String) -> String? {
        let length = text.unicodeScalars.count
        if let least = schema["minLength"]?.numberValue, Double(length) < least {
            return least == 1 ? "\(name): must not be empty." : "\(name): at least \(Int(least)) characters."
        }
        if let most = schema["maxLength"]?.numberValue, Double(length) > most { return "\(name): at most \(Int(most)) characters." }
        if let format = schema["format"]?.stringValue, !Self.matches(format: format, text) {
            let example =
                [
                    "uuid": "a UUID such as 6f0c3959-2021-4025-8d62-000000003959", "date": "a real day written yyyy-mm-dd",
                    "date-time": "an instant such as 2025-07-01T00:00:00Z",
                ][format] ?? format
            return "\(name): must be \(example)."
        }
        if let pattern = schema["pattern"]?.stringValue, !Self.matches(pattern: pattern, text) {
            let hint = schema["description"]?.stringValue.map { " (\($0))" } ?? ""
            return "\(name): does not have the form the API takes\(hint)."
        }
        return nil
    }

    private func numberProblem(_ number: Double, schema: JSONValue, name: String) -> String? {
        if let least = schema["minimum"]?.numberValue, number < least { return "\(name): at least \(Self.words(least))." }
        if let most = schema["maximum"]?.numberValue, number > most { return "\(name): at most \(Self.words(most))." }
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

    static func article(_ type: String) -> String {
        switch type {
        case "integer": "a whole number"
        case "array": "a list"
        case "object": "an object"
        default: "a \(type)"
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
