import Foundation
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// The server holds API requests to the document it serves (``OpenAPIGate``): what does not match is refused with
/// the parameter or field named, what matches reaches the handler. The rules are read from the served document, so
/// each case below states its expected answer by hand.
@Suite struct OpenAPIGateTests {
    static let gate = OpenAPIGate.served

    @Test func theServedDocumentIsReadAndEveryOperationIsFound() throws {
        let gate = try #require(Self.gate, "the bundled openapi.json could not be read")
        // 21, a report's attachments listed, added and downloaded, and a plan's data elements listed, added, read
        // and changed.
        #expect(gate.operations.count == 28)
        let uuid = "6f0c3959-2021-4025-8d62-000000003959"
        for (method, path, template) in [
            (HTTPMethod.GET, "/api/v1/plans/\(uuid)", "/api/v1/plans/{id}"),
            (.HEAD, "/api/v1/plans/\(uuid)/board", "/api/v1/plans/{id}/board"),
            (.GET, "/api/v1/rounds/\(uuid)/annex.xlsx", "/api/v1/rounds/{roundID}/annex.xlsx"),
            (.GET, "/api/v1/rounds/\(uuid)/tables/data.csv", "/api/v1/rounds/{roundID}/tables/{table}"),
            (.POST, "/api/v1/submissions/\(uuid)/reopen", "/api/v1/submissions/{submissionID}/reopen"),
            (.POST, "/api/v1/dataValueSets", "/api/v1/dataValueSets"),
            (.GET, "/api/v1/orgunits/62-CAT", "/api/v1/orgunits/{code}"),
        ] {
            let found = try #require(gate.operation(method: method, path: path), "\(method) \(path)")
            #expect(found.0.segments.joined(separator: "/") == template)
        }
        #expect(gate.operation(method: .DELETE, path: "/api/v1/plans") == nil, "left to the router's 405")
        #expect(gate.operation(method: .GET, path: "/api/v1/plans/\(uuid)/nothing") == nil)
    }

    @Test(arguments: [
        // (path and query, expected status, the reason's start)
        ("/api/v1/dataelements?plan=", 400, "plan: must be a UUID"),
        ("/api/v1/dataelements?plan=nope", 400, "plan: must be a UUID"),
        ("/api/v1/plans/nope", 400, "id: must be a UUID"),
        ("/api/v1/orgunits?date=4062-01-01", 400, "date: does not have the form"),
        ("/api/v1/orgunits?date=2023-02-29", 400, "date: must be a real day"),
        ("/api/v1/orgunits/a%20b", 400, "code: does not have the form"),
        ("/api/v1/orgunits?parent=", 200, ""),
        ("/api/v1/orgunits?date=2024-02-29", 200, ""),
        ("/api/v1/orgunits/62-CAT", 200, ""),
        ("/api/v1/orgunits/6200", 404, "Không có đơn vị với mã 6200"),
    ])
    func publicParametersAreHeldToTheDocument(target: String, status: Int, reason: String) async throws {
        try await withPCMT(.sqlite) { app in
            let response = try await app.testing().sendRequest(.GET, target)
            #expect(response.status.code == UInt(status), "\(target): \(response.body.string)")
            let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
            if !reason.isEmpty { #expect(((body as? [String: Any])?["reason"] as? String)?.hasPrefix(reason) == true, "\(target): \(body)") }
        }
    }

    /// The API's errors follow the pages' rule for the language: Vietnamese unless English is asked for, by the
    /// cookie `pcmt_lang` or, for a client without cookies, by `Accept-Language`; the status does not change.
    @Test(
        arguments: [
            // (Accept-Language, cookie, the reason's start)
            (nil, nil, "Không có đơn vị với mã 6200"),
            ("en", nil, "No organisation unit with code 6200"),
            ("en-US,en;q=0.9,vi;q=0.8", nil, "No organisation unit with code 6200"),
            ("vi,en;q=0.5", nil, "Không có đơn vị với mã 6200"),
            ("fr", nil, "Không có đơn vị với mã 6200"),
            ("vi", "en", "No organisation unit with code 6200"),
            ("en", "vi", "Không có đơn vị với mã 6200"),
        ] as [(String?, String?, String)])
    func apiErrorsAreInVietnameseUnlessEnglishIsAsked(accept: String?, cookie: String?, reason: String) async throws {
        try await withPCMT(.sqlite) { app in
            for target in ["/api/v1/orgunits/6200", "/api/v1/nothing-here"] {
                var headers = HTTPHeaders()
                if let accept { headers.replaceOrAdd(name: .acceptLanguage, value: accept) }
                if let cookie { headers.replaceOrAdd(name: .cookie, value: "pcmt_lang=\(cookie)") }
                let response = try await app.testing().sendRequest(.GET, target, headers: headers)
                #expect(response.status == .notFound, "\(target)")
                let said = (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["reason"] as? String ?? ""
                if target.hasSuffix("6200") {
                    #expect(said.hasPrefix(reason), "\(said)")
                } else {
                    // Vapor's own 404, in the same language.
                    #expect(said == (reason.hasPrefix("No") ? "Not found." : "Không tìm thấy."), "\(said)")
                }
            }
            var headers = HTTPHeaders()
            if let accept { headers.replaceOrAdd(name: .acceptLanguage, value: accept) }
            if let cookie { headers.replaceOrAdd(name: .cookie, value: "pcmt_lang=\(cookie)") }
            let unauthorized = try await app.testing().sendRequest(.GET, "/api/v1/rounds/\(UUID().uuidString)", headers: headers)
            #expect(unauthorized.status == .unauthorized)
            let words = (try JSONSerialization.jsonObject(with: Data(buffer: unauthorized.body)) as? [String: Any])?["reason"] as? String
            #expect(words == (reason.hasPrefix("No") ? "This operation needs a bearer token." : "Thao tác này cần mã truy cập (bearer token)."))
            headers.bearerAuthorization = BearerAuthorization(token: "not-a-token")
            let refused = try await app.testing().sendRequest(.GET, "/api/v1/rounds/\(UUID().uuidString)", headers: headers)
            #expect(refused.status == .unauthorized)
            let refusal = (try JSONSerialization.jsonObject(with: Data(buffer: refused.body)) as? [String: Any])?["reason"] as? String ?? ""
            #expect(refusal.hasPrefix(reason.hasPrefix("No") ? "The token is not valid" : "Mã truy cập không hợp lệ"), "\(refusal)")
        }
    }

    @Test func tokenOperationsAnswer401BeforeTheirParametersAndThenHoldThem() async throws {
        try await withPCMT(.sqlite) { app in
            let (_, viewer) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "v")
            func get(_ target: String, token: String?) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
                return try await app.testing().sendRequest(.GET, target, headers: headers)
            }
            let board = "/api/v1/plans/6f0c3959-2021-4025-8d62-000000003959/board"
            #expect(try await get("\(board)?period=nope", token: nil).status == .unauthorized, "no token: 401 whatever the parameters")
            #expect(try await get("\(board)?period=nope", token: "pcmt_forged").status == .unauthorized)
            let malformed = try await get("\(board)?period=20231", token: viewer)
            #expect(malformed.status == .badRequest && malformed.body.string.contains("period: does not have the form"))
            let backwards = try await get("\(board)?period=2023-2021", token: viewer)
            #expect(backwards.status == .unprocessableEntity, "matches the pattern, breaks the domain's rule")
            #expect(backwards.body.string.contains("period: a span of years runs from an earlier year to a later one"))
            #expect(try await get("\(board)?period=2021-2023&orgunit=62", token: viewer).status == .ok)
            let missing = try await get("/api/v1/datavalues", token: viewer)
            #expect(missing.status == .badRequest && missing.body.string.contains("orgunit: required."))
            let long = try await get(
                "/api/v1/datavalues?orgunit=62&period=" + Array(repeating: "2023", count: 14).joined(separator: ","), token: viewer)
            #expect(long.status == .badRequest && long.body.string.contains("period: at most 64 characters."))
            let unescaped = try await get("/api/v1/datavalues?orgunit=62&changedSince=2025-07-01T07:00:00+07:00", token: viewer)
            #expect(unescaped.status == .ok, "a space for the zone's +, as an unescaped + arrives")
        }
    }

    @Test func aJSONBodyIsHeldToItsSchemaAsItIsDecoded() async throws {
        try await withPCMT(.sqlite) { app in
            let (_, district) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "d")
            func post(_ body: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.contentType = .json
                headers.bearerAuthorization = BearerAuthorization(token: district)
                return try await app.testing().sendRequest(.POST, "/api/v1/datavalues", headers: headers, body: ByteBuffer(string: body))
            }
            for (body, reason) in [
                (#"{"orgunit":"611","period":"2023","values":[],"extra":1}"#, "extra: not a field of this request"),
                (
                    #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","valu":40}]}"#,
                    "values[0].valu: not a field of this request"
                ),
                (#"{"orgunit":"611","period":"2023S3","values":[]}"#, "period: does not have the form"),
                (#"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":-1}]}"#, "values[0].value: at least 0."),
                (
                    #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","version":1.5}]}"#,
                    "values[0].version: must be a whole number."
                ),
                (#"{"orgunit":"611","values":[]}"#, "period: required."),
                (#"{"orgunit":611,"period":"2023","values":[]}"#, "orgunit: must be a string."),
            ] {
                let response = try await post(body)
                #expect(response.status == .unprocessableEntity, "\(body): \(response.body.string)")
                #expect(response.body.string.contains(reason), "\(body): \(response.body.string)")
            }
            #expect(try await post(#"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":40}]}"#).status == .ok)
            #expect(try await DataValueStore(database: app.db).count() == 1, "only the body that matches is saved")
        }
    }

    @Test func theTransitionsBodyTakesAVersionAndAnOptionalComment() throws {
        let gate = try #require(Self.gate)
        #expect(gate.bodyRefusal(ByteBuffer(string: #"{"version":3}"#), schema: "Transition") == nil)
        #expect(gate.bodyRefusal(ByteBuffer(string: #"{"version":3,"comment":"Thiếu số liệu.\nBổ sung."}"#), schema: "Transition") == nil)
        for (body, reason) in [
            (#"{"comment":"x"}"#, "version: required."),
            (#"{"version":-1}"#, "version: at least 0."),
            (#"{"version":3,"comemnt":"x"}"#, "comemnt: not a field of this request"),
            (#"{"version":"3"}"#, "version: must be a whole number."),
            (#"[1]"#, "body: must be an object."),
        ] {
            let refusal = try #require(gate.bodyRefusal(ByteBuffer(string: body), schema: "Transition"), "\(body)")
            #expect(refusal.status == .unprocessableEntity)
            #expect(refusal.reason.hasPrefix(reason), "\(body): \(refusal.reason)")
        }
        #expect(gate.bodyRefusal(ByteBuffer(string: "{"), schema: "Transition")?.status == .badRequest)
    }

    @Test(arguments: [
        ("uuid", "6F0C3959-2021-4025-8D62-000000003959", true), ("uuid", "6f0c3959202140258d62000000003959", false),
        ("date", "2024-02-29", true), ("date", "2023-02-29", false), ("date", "2023-2-03", false),
        ("date-time", "2025-07-01T00:00:00Z", true), ("date-time", "2025-07-01t07:00:00.5+07:00", true),
        ("date-time", "2025-07-01T07:00:00 07:00", true), ("date-time", "2025-07-01T24:00:00Z", false),
        ("date-time", "2025-07-01T00:00:00", false), ("date-time", "2025-02-30T00:00:00Z", false),
    ])
    func formatsAreReadAsRFC3339AndRFC4122(format: String, text: String, matches: Bool) {
        #expect(OpenAPISchemaCheck.matches(format: format, text) == matches)
    }
}
