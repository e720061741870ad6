import Foundation
import PCMTDomain
import Vapor

/// The one place where an API request is held to the OpenAPI document the server serves (/openapi.json), so that
/// the document and the server cannot disagree about what a well-formed request is:
///
/// - a path or query parameter that does not match its schema, or a required one that is missing: 400, naming it,
///   before the handler runs (``OpenAPIGateMiddleware``);
/// - a parameter that matches its schema but breaks the domain rule its `x-pcmt-rule` names (a span of years that
///   does not run forward): 422;
/// - a JSON body that does not match its schema (a missing or unknown field, a wrong type, a value out of its range
///   or form): 422, naming the field (`values[2].element: …`), when the handler decodes it (``OpenAPIBody``), so
///   that who may act is decided first, as for every other refusal of input.
///
/// A request to an operation that needs a token and comes without a live one is left to its route, which answers 401
/// whatever the parameters; requests the document does not describe are left to the router (404, 405). What a
/// well-formed request may still be refused for (a period outside the plan, a report with missing data, a missing
/// comment where one is required) is the handler's answer, 422 or 409, and is stated in the document's words.
struct OpenAPIGate: Sendable {
    struct Parameter: Sendable {
        var name: String
        var location: String
        var required: Bool
        var schema: JSONValue
        var rule: String?
    }

    struct Operation: Sendable {
        var method: String
        /// The path template split at "/": a segment "{name}" is a parameter.
        var segments: [String]
        var parameters: [Parameter]
        var secured: Bool
    }

    var operations: [Operation]
    var check: OpenAPISchemaCheck

    /// Reads the document (JSON); throws when it is not JSON.
    init(document: ByteBuffer) throws {
        let root = try JSONDecoder().decode(JSONValue.self, from: Data(document.readableBytesView))
        check = OpenAPISchemaCheck(components: root["components"]?["schemas"]?.objectValue ?? [:])
        let globallySecured = !(root["security"]?.arrayValue?.isEmpty ?? true)
        var operations: [Operation] = []
        for (path, item) in root["paths"]?.objectValue ?? [:] {
            let shared = item["parameters"]?.arrayValue ?? []
            for (method, operation) in item.objectValue ?? [:] where ["get", "post", "put", "patch", "delete"].contains(method) {
                let parameters = (shared + (operation["parameters"]?.arrayValue ?? [])).compactMap { parameter -> Parameter? in
                    guard let name = parameter["name"]?.stringValue, let location = parameter["in"]?.stringValue else { return nil }
                    return Parameter(
                        name: name, location: location, required: parameter["required"] == .bool(true), schema: parameter["schema"] ?? .object([:]),
                        rule: parameter["x-pcmt-rule"]?.stringValue)
                }
                let security = operation["security"]?.arrayValue.map { !$0.isEmpty } ?? globallySecured
                operations.append(
                    Operation(
                        method: method.uppercased(), segments: path.split(separator: "/", omittingEmptySubsequences: false).map(String.init),
                        parameters: parameters, secured: security))
            }
        }
        // Templates with more fixed segments first, so that "/rounds/{id}/annex.xlsx" is never read as a parameter.
        self.operations = operations.sorted { $0.segments.filter { !$0.hasPrefix("{") }.count > $1.segments.filter { !$0.hasPrefix("{") }.count }
    }

    /// The operation the document describes at this method and path, with its path parameters (percent-decoded).
    func operation(method: HTTPMethod, path: String) -> (Operation, [String: String])? {
        let name = method == .HEAD ? "GET" : method.rawValue
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for operation in operations where operation.method == name && operation.segments.count == segments.count {
            var values: [String: String] = [:]
            let fits = zip(operation.segments, segments).allSatisfy { template, segment in
                if template.hasPrefix("{"), template.hasSuffix("}") {
                    values[String(template.dropFirst().dropLast())] = String(decoding: CleanInput.decodePercent(segment), as: UTF8.self)
                    return !segment.isEmpty
                }
                return template == segment
            }
            if fits { return (operation, values) }
        }
        return nil
    }

    /// The refusal of a request that does not match `operation`, or nil; in the request's language (`t`), naming the
    /// parameter as written.
    func refusal(_ operation: Operation, pathValues: [String: String], query: String?, t: Localizer) -> Abort? {
        let queryValues = Self.queryValues(query)
        for parameter in operation.parameters {
            let text: String?
            switch parameter.location {
            case "path": text = pathValues[parameter.name]
            case "query": text = queryValues[parameter.name]
            default: continue
            }
            guard let text else {
                if parameter.required { return Abort(.badRequest, reason: "\(parameter.name): " + t("required.", "bắt buộc.")) }
                continue
            }
            let value: JSONValue
            switch parameter.schema["type"]?.stringValue {
            case "integer", "number":
                guard let number = Double(text) else {
                    return Abort(
                        .badRequest,
                        reason: "\(parameter.name): " + OpenAPISchemaCheck.mustBe(parameter.schema["type"]?.stringValue ?? "number", t: t))
                }
                value = .number(number)
            default: value = .string(text)
            }
            if let problem = check.problem(value, schema: parameter.schema, field: parameter.name, t: t) {
                return Abort(.badRequest, reason: problem)
            }
            if let rule = parameter.rule, let problem = Self.domainRules[rule]?(text, t) {
                return Abort(.unprocessableEntity, reason: "\(parameter.name): \(problem)")
            }
        }
        return nil
    }

    /// The refusal (422, naming the field) of a JSON body that does not match the document's schema `name`, or nil;
    /// 400 for a body that is not JSON. In the request's language (`t`), naming the field as written.
    func bodyRefusal(_ body: ByteBuffer, schema name: String, t: Localizer) -> Abort? {
        guard check.components[name] != nil else { return nil }
        guard let value = try? CleanJSON.read(Array(body.readableBytesView)).value else {
            return Abort(.badRequest, reason: "body: " + t("not valid JSON.", "không phải JSON hợp lệ."))
        }
        return bodyRefusal(value, schema: name, t: t)
    }

    /// The refusal (422, naming the field) of a JSON body already read (``CleanJSON/read(_:)``) that does not match
    /// the document's schema `name`, or nil.
    func bodyRefusal(_ value: JSONValue, schema name: String, t: Localizer) -> Abort? {
        guard let schema = check.components[name] else { return nil }
        if let problem = check.problem(value, schema: schema, field: "", t: t) { return Abort(.unprocessableEntity, reason: problem) }
        return nil
    }

    /// The document pcmt serves, read once from the bundle.
    static let served: OpenAPIGate? = try? OpenAPIGate(document: WebResources.buffer("OpenAPI/openapi.json"))

    /// The rules a parameter's `x-pcmt-rule` may name: the domain's reading of the text, or what is wrong with it (in
    /// the request's language).
    static let domainRules: [String: @Sendable (String, Localizer) -> String?] = [
        "period": { text, t in
            Period(text) == nil
                ? t(
                    "a span of years runs from an earlier year to a later one, such as 2021-2023.",
                    "một khoảng năm đi từ năm trước đến năm sau, ví dụ 2021-2023.") : nil
        }
    ]

    /// The query's parameters, percent-decoded ("+" as a space); of a repeated parameter, the first.
    static func queryValues(_ query: String?) -> [String: String] {
        var values: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(decoding: CleanInput.decodePercent(parts[0]), as: UTF8.self)
            let value = parts.count > 1 ? String(decoding: CleanInput.decodePercent(parts[1]), as: UTF8.self) : ""
            if values[key] == nil { values[key] = value }
        }
        return values
    }
}

/// Holds every API request's parameters to the document (``OpenAPIGate``); runs after authentication and the
/// cleaning of text.
struct OpenAPIGateMiddleware: AsyncMiddleware {
    let gate: OpenAPIGate

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.isAPI, let (operation, pathValues) = gate.operation(method: request.method, path: request.url.path) else {
            return try await next.respond(to: request)
        }
        if operation.secured, request.actor == nil { return try await next.respond(to: request) }
        if let refusal = gate.refusal(operation, pathValues: pathValues, query: request.url.query, t: Localizer(request: request)) {
            throw refusal
        }
        return try await next.respond(to: request)
    }
}

/// A JSON body the API decodes, checked against the document's schema `openAPISchema` as it is decoded
/// (``CleaningDecoder``): a body that does not match is refused with 422 naming the field.
protocol OpenAPIBody: Decodable {
    static var openAPISchema: String { get }
}

/// A body of the API read from the tree that cleaning the request already made (``CleanJSON/read(_:)``), after the
/// check against its schema (``OpenAPIGate``), instead of parsing the same bytes again: for the bodies of many
/// thousand values (``DataValueSetsAPI/SetIn``). Throws an `Abort` (422) naming the field that the schema let
/// through but the type cannot hold, in the request's language (`t`).
protocol JSONTreeBody: OpenAPIBody {
    init(tree: JSONValue, t: Localizer) throws
}

extension DataValuesAPIRoutes.ValuesIn: OpenAPIBody {
    static var openAPISchema: String { "DataValuesIn" }
}

extension SubmissionRoutes.TransitionIn: OpenAPIBody {
    static var openAPISchema: String { "Transition" }
}
