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
        /// What is wrong with a body that is not JSON, in English and Vietnamese.
        var detail: (en: String, vi: String)?

        var status: HTTPResponseStatus {
            if problem == nil { return .badRequest }
            if case .invalidUTF8 = problem?.kind { return .badRequest }
            return origin == .body ? .unprocessableEntity : .badRequest
        }

        var reason: String { reason(.en) + " / " + reason(.vi) }

        func reason(_ language: Language) -> String {
            if let problem { return problem.message(language) }
            return language == .en
                ? "The body is not valid JSON (\(detail?.en ?? ""))." : "Nội dung gửi lên không phải JSON hợp lệ (\(detail?.vi ?? ""))."
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

    // MARK: Bodies

    /// The body cleaned by its media type; other media types are returned as they are.
    static func body(_ body: ByteBuffer, contentType: HTTPMediaType?) throws(Refusal) -> ByteBuffer {
        if let read = readBody, read.original == body { return read.cleaned }
        guard let contentType else { return body }
        if contentType == .json || contentType == .jsonAPI { return try json(body).cleaned }
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

    /// A body as ``CleanInputMiddleware`` read it for the request being answered: the bytes as they came, cleaned,
    /// and for JSON the tree. The decoders (the CSRF check's and the handler's) take it from here instead of
    /// cleaning the same bytes again.
    struct ReadBody: Sendable {
        var original: ByteBuffer
        var cleaned: ByteBuffer
        var json: JSONValue?
    }

    @TaskLocal static var readBody: ReadBody?

    /// `body` read as JSON, cleaned, as a tree; the request's own reading (``readBody``) when it holds these bytes.
    static func json(_ body: ByteBuffer) throws(Refusal) -> (cleaned: ByteBuffer, value: JSONValue) {
        if let read = readBody, read.original == body, let value = read.json { return (read.cleaned, value) }
        do {
            let (bytes, value) = try CleanJSON.read(Array(body.readableBytesView))
            return (ByteBuffer(bytes: bytes), value)
        } catch {
            switch error {
            case .problem(let problem): throw Refusal(problem: problem, origin: .body)
            case .malformed(let en, let vi): throw Refusal(problem: nil, origin: .body, detail: (en, vi))
            }
        }
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

/// Vapor's decoder for a media type, with the body cleaned first (``CleanInput/body(_:contentType:)``) and a JSON
/// body of the API held to its schema in the OpenAPI document (``OpenAPIBody``, ``OpenAPIGate``).
struct CleaningDecoder: ContentDecoder {
    enum Kind { case json, form, multipart }
    let kind: Kind

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable])
        throws -> D
    {
        if kind == .json, headers.contentType == .json || headers.contentType == .jsonAPI {
            let read = try CleanInput.json(body)
            if let bodyType = D.self as? any OpenAPIBody.Type, let gate = OpenAPIGate.served,
                let refusal = gate.bodyRefusal(read.value, schema: bodyType.openAPISchema, t: Localizer(headers: headers, isAPI: true))
            {
                throw refusal
            }
            if let treeType = D.self as? any JSONTreeBody.Type {
                return try treeType.init(tree: read.value, t: Localizer(headers: headers, isAPI: true)) as! D
            }
            return try JSONDecoder.custom(dates: .iso8601).decode(D.self, from: read.cleaned, headers: headers, userInfo: userInfo)
        }
        let cleaned = try CleanInput.body(body, contentType: headers.contentType)
        if kind == .json, let bodyType = D.self as? any OpenAPIBody.Type, let gate = OpenAPIGate.served,
            let refusal = gate.bodyRefusal(cleaned, schema: bodyType.openAPISchema, t: Localizer(headers: headers, isAPI: true))
        {
            throw refusal
        }
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
/// request's language (``Localizer/init(request:)``), the API's as the pages'.
struct CleanInputMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var read: CleanInput.ReadBody?
        do {
            try CleanInput.checkAddressAndHeaders(request)
            if let body = request.body.data, body.readableBytes > 0 {
                let contentType = request.headers.contentType
                if contentType == .json || contentType == .jsonAPI {
                    let json = try CleanInput.json(body)
                    read = .init(original: body, cleaned: json.cleaned, json: json.value)
                } else {
                    read = .init(original: body, cleaned: try CleanInput.body(body, contentType: contentType))
                }
            }
        } catch {
            let refusal = error
            throw Abort(refusal.status, reason: refusal.reason(Localizer(request: request).language))
        }
        guard let read else { return try await next.respond(to: request) }
        // The decoders take this reading instead of cleaning the body again.
        return try await CleanInput.$readBody.withValue(read) { try await next.respond(to: request) }
    }
}
