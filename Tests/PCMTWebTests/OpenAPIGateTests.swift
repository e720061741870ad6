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
        ("/api/v1/dataelements?plan=", 400, "plan: phải là một UUID"),
        ("/api/v1/dataelements?plan=nope", 400, "plan: phải là một UUID"),
        ("/api/v1/plans/nope", 400, "id: phải là một UUID"),
        ("/api/v1/orgunits?date=4062-01-01", 400, "date: không đúng dạng mà API nhận"),
        ("/api/v1/orgunits?date=2023-02-29", 400, "date: phải là một ngày có thật"),
        ("/api/v1/orgunits/a%20b", 400, "code: không đúng dạng mà API nhận"),
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

    /// The refusals of the API's input follow the same rule, with the parameter or field named as the client wrote it
    /// and only the words around it in the request's language: a query parameter and a body field held to the document
    /// (``OpenAPIGate``), a row of a data value set and a value of `/datavalues` refused by their handlers.
    @Test(
        arguments: [
            // (Accept-Language, cookie, English)
            (nil, nil, false), ("en", nil, true), ("vi", "en", true), ("en", "vi", false),
        ] as [(String?, String?, Bool)])
    func refusalsOfInputNameTheFieldInTheRequestsLanguage(accept: String?, cookie: String?, english: Bool) async throws {
        try await withPCMT(.sqlite) { app in
            let (_, district) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "d")
            func send(_ method: HTTPMethod, _ target: String, _ body: String? = nil) async throws -> (HTTPResponseStatus, [String: Any]) {
                var headers = HTTPHeaders()
                if let accept { headers.replaceOrAdd(name: .acceptLanguage, value: accept) }
                if let cookie { headers.replaceOrAdd(name: .cookie, value: "pcmt_lang=\(cookie)") }
                headers.bearerAuthorization = BearerAuthorization(token: district)
                if body != nil { headers.contentType = .json }
                let response = try await app.testing().sendRequest(method, target, headers: headers, body: body.map { ByteBuffer(string: $0) })
                return (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:])
            }
            func say(_ en: String, _ vi: String) -> String { english ? en : vi }

            // 1. The gate: a query parameter, a missing one, a body field, a body that is not JSON.
            let (dayStatus, day) = try await send(.GET, "/api/v1/orgunits?date=2023-02-29")
            #expect(dayStatus == .badRequest)
            #expect(
                day["reason"] as? String == say("date: must be a real day written yyyy-mm-dd.", "date: phải là một ngày có thật, viết yyyy-mm-dd."))
            let (_, missing) = try await send(.GET, "/api/v1/datavalues")
            #expect(missing["reason"] as? String == say("orgunit: required.", "orgunit: bắt buộc."))
            let (backwardsStatus, backwards) = try await send(.GET, "/api/v1/plans/6f0c3959-2021-4025-8d62-000000003959/board?period=2023-2021")
            #expect(backwardsStatus == .unprocessableEntity)
            #expect(
                backwards["reason"] as? String
                    == say(
                        "period: a span of years runs from an earlier year to a later one, such as 2021-2023.",
                        "period: một khoảng năm đi từ năm trước đến năm sau, ví dụ 2021-2023."))
            let (fieldStatus, field) = try await send(
                .POST, "/api/v1/datavalues", #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","version":1.5}]}"#)
            #expect(fieldStatus == .unprocessableEntity)
            #expect(field["reason"] as? String == say("values[0].version: must be a whole number.", "values[0].version: phải là số nguyên."))
            let (_, extra) = try await send(.POST, "/api/v1/datavalues", #"{"orgunit":"611","period":"2023","values":[],"extra":1}"#)
            #expect(
                extra["reason"] as? String
                    == say(
                        "extra: not a field of this request (the fields are orgunit, period, values).",
                        "extra: không phải là trường của yêu cầu này (các trường là orgunit, period, values)."))
            let (brokenStatus, broken) = try await send(.POST, "/api/v1/datavalues", #"{"orgunit":"611","#)
            #expect(brokenStatus == .badRequest)
            #expect((broken["reason"] as? String)?.hasPrefix(say("The body is not valid JSON", "Nội dung gửi lên không phải JSON hợp lệ")) == true)

            // 2. A data value set: a row's field held to the schema, a row whose unit the token does not reach, and a
            // row of the tree the type cannot hold.
            let (rowStatus, row) = try await send(
                .POST, "/api/v1/dataValueSets", #"{"dataValues":[{"dataElement":"counselling","orgUnit":"23377","value":1}]}"#)
            #expect(rowStatus == .unprocessableEntity)
            #expect(row["reason"] as? String == say("dataValues[0].period: required.", "dataValues[0].period: bắt buộc."))
            let (reachStatus, reach) = try await send(
                .POST, "/api/v1/dataValueSets",
                #"{"dataValues":[{"dataElement":"counselling","period":"2024S1","orgUnit":"23281","value":1}]}"#)
            #expect(reachStatus == .forbidden)
            #expect(
                reach["reason"] as? String
                    == say(
                        "dataValues[0].orgUnit: this token does not enter data for 23281.",
                        "dataValues[0].orgUnit: mã truy cập này không nhập số liệu cho 23281."))
            let t = Localizer(language: english ? .en : .vi)
            let tree: JSONValue = .object(["dataElement": .string("a"), "period": .string("2023"), "orgUnit": .string("1"), "version": .number(1.5)])
            #expect {
                try DataValueSetsAPI.Row(tree: tree, index: 2, t: t)
            } throws: { error in
                (error as? Abort)?.reason == say("dataValues[2].version: must be a whole number.", "dataValues[2].version: phải là số nguyên.")
            }

            // 3. `/datavalues`: each value's error.
            let (valuesStatus, values) = try await send(
                .POST, "/api/v1/datavalues",
                #"{"orgunit":"611","period":"2023","values":[{"element":"no_such_element","value":1},{"element":"schools_total","value":40},{"element":"schools_total","value":41}]}"#
            )
            #expect(valuesStatus == .unprocessableEntity)
            let errors = values["errors"] as? [String] ?? []
            #expect(errors.count == 2, "\(values)")
            #expect(errors.last == say("values[2]: schools_total is given twice.", "values[2]: schools_total được gửi hai lần."))
            #expect(
                errors.first
                    == say(
                        "values[0].element: no_such_element is not a data element of the plan.",
                        "values[0].element: no_such_element không phải là chỉ số dữ liệu của kế hoạch."))
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
            #expect(malformed.status == .badRequest && malformed.body.string.contains("period: không đúng dạng mà API nhận"))
            let backwards = try await get("\(board)?period=2023-2021", token: viewer)
            #expect(backwards.status == .unprocessableEntity, "matches the pattern, breaks the domain's rule")
            #expect(backwards.body.string.contains("period: một khoảng năm đi từ năm trước đến năm sau"))
            #expect(try await get("\(board)?period=2021-2023&orgunit=62", token: viewer).status == .ok)
            let missing = try await get("/api/v1/datavalues", token: viewer)
            #expect(missing.status == .badRequest && missing.body.string.contains("orgunit: bắt buộc."))
            let long = try await get(
                "/api/v1/datavalues?orgunit=62&period=" + Array(repeating: "2023", count: 14).joined(separator: ","), token: viewer)
            #expect(long.status == .badRequest && long.body.string.contains("period: tối đa 64 ký tự."))
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
                (
                    #"{"orgunit":"611","period":"2023","values":[],"extra":1}"#,
                    "extra: không phải là trường của yêu cầu này (các trường là orgunit, period, values)."
                ),
                (
                    #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","valu":40}]}"#,
                    "values[0].valu: không phải là trường của yêu cầu này"
                ),
                (#"{"orgunit":"611","period":"2023S3","values":[]}"#, "period: không đúng dạng mà API nhận"),
                (#"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":-1}]}"#, "values[0].value: ít nhất là 0."),
                (
                    #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","version":1.5}]}"#,
                    "values[0].version: phải là số nguyên."
                ),
                (#"{"orgunit":"611","values":[]}"#, "period: bắt buộc."),
                (#"{"orgunit":611,"period":"2023","values":[]}"#, "orgunit: phải là chuỗi ký tự."),
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
        let vi = Localizer(language: .vi)
        #expect(gate.bodyRefusal(ByteBuffer(string: #"{"version":3}"#), schema: "Transition", t: vi) == nil)
        #expect(gate.bodyRefusal(ByteBuffer(string: #"{"version":3,"comment":"Thiếu số liệu.\nBổ sung."}"#), schema: "Transition", t: vi) == nil)
        for (body, reason) in [
            (#"{"comment":"x"}"#, "version: bắt buộc."),
            (#"{"version":-1}"#, "version: ít nhất là 0."),
            (#"{"version":3,"comemnt":"x"}"#, "comemnt: không phải là trường của yêu cầu này (các trường là comment, items, version)."),
            (#"{"version":"3"}"#, "version: phải là số nguyên."),
            (#"[1]"#, "body: phải là một đối tượng"),
        ] {
            let refusal = try #require(gate.bodyRefusal(ByteBuffer(string: body), schema: "Transition", t: vi), "\(body)")
            #expect(refusal.status == .unprocessableEntity)
            #expect(refusal.reason.hasPrefix(reason), "\(body): \(refusal.reason)")
        }
        let notJSON = gate.bodyRefusal(ByteBuffer(string: "{"), schema: "Transition", t: vi)
        #expect(notJSON?.status == .badRequest && notJSON?.reason == "body: không phải JSON hợp lệ.")
        #expect(gate.bodyRefusal(ByteBuffer(string: "{"), schema: "Transition", t: Localizer(language: .en))?.reason == "body: not valid JSON.")
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
