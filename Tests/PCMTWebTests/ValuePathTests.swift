import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTReports
@testable import PCMTWeb

/// Helpers for the one value path: the form, the import (check, then save from the preview) and the API.
enum ValuePath {
    /// The value of a hidden field of a page, unescaped.
    static func hidden(_ html: String, _ name: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Every field of the entry form as the page printed it, to post it back untouched.
    static func formFields(_ html: String) -> [String: String] {
        let pattern = try! NSRegularExpression(pattern: #"name="((?:v_|ver_|old_)[^"]+|notation)" value="([^"]*)""#)
        var fields: [String: String] = [:]
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let name = Range(match.range(at: 1), in: html), let value = Range(match.range(at: 2), in: html) else { continue }
            fields[String(html[name])] = String(html[value]).replacingOccurrences(of: "&amp;", with: "&")
        }
        return fields
    }

    /// Saves what a preview shows, as its "Lưu" button does.
    static func confirm(_ browser: Browser, _ preview: TestingHTTPResponse) async throws -> TestingHTTPResponse {
        let html = preview.body.string
        var form = ["intent": "save"]
        for name in ["draft", "state"] { form[name] = hidden(html, name) ?? "" }
        return try await browser.post("/data/import", form)
    }

    /// Uploads a file as the import form's file field does (multipart).
    static func upload(_ browser: Browser, name: String, _ bytes: Data) async throws -> TestingHTTPResponse {
        if browser.cookies[SecuritySettingsForTests.csrfCookie] == nil { try await browser.get("/signin") }
        var headers = browser.cookieHeader
        let boundary = "pcmt-boundary-7f3a"
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        var body = ByteBuffer()
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.cookies[SecuritySettingsForTests.csrfCookie] ?? "")\r\n"
        )
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await browser.app.testing().sendRequest(.POST, "/data/import", headers: headers, body: body)
    }

    static func post(_ app: Application, _ token: String, _ body: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return try await app.testing().sendRequest(.POST, "/api/v1/datavalues", headers: headers, body: ByteBuffer(string: body))
    }

    static func errors(_ response: TestingHTTPResponse) -> [String] {
        let body = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return body?["errors"] as? [String] ?? [(body?["reason"] as? String) ?? ""]
    }

    static func value(_ app: Application, _ unit: String, _ period: String, _ element: String, _ category: String = "") async throws -> DataValue? {
        try await DataValueStore(database: app.db).values(unitCode: unit, periods: [period]).first {
            $0.element == element && $0.category == category
        }
    }

    static func workbook(_ rows: [[Spreadsheet.Cell]]) throws -> Data {
        try XLSXWriter.data(
            Spreadsheet(sheets: [
                Spreadsheet.Sheet(name: "x", header: ["element", "unit", "period", "category", "value"], rows: rows)
            ]))
    }

    static func office(_ app: Application) async throws -> (browser: Browser, token: String) {
        let browser = try await TestAccounts.browser(app, "vanphong", .standingOffice, unit: "62-CAT")
        let (_, token) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office")
        return (browser, token)
    }
}

/// Cases C1, C2, C3, C4 and C8 of the cases file through the real routes (form, import, API), on SQLite and, when
/// given, PostgreSQL.
@Suite struct ValuePathTests {
    // MARK: C1 — Vietnamese thousands

    @Test(arguments: TestBackend.available)
    func c1VietnameseThousands(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, _) = try await ValuePath.office(app)
            let file = "element,unit,period,category,value\ncounselling,23281,2024S1,,1.000\npost_rehab_managed,23281,2024S1,,12.000\n"
            let preview = try await office.post("/data/import", ["text": file])
            #expect(preview.status == .ok)
            let html = preview.body.string
            #expect(html.contains("Kiểm tra trước khi lưu"))
            #expect(
                html.contains("<td class=\"num\">1.000</td>") && html.contains("<td class=\"num\">12.000</td>"), "the preview shows the new values")
            #expect(try await DataValueStore(database: app.db).count() == 0, "nothing is saved before the person confirms")
            let saved = try await ValuePath.confirm(office, preview)
            #expect(saved.status == .ok)
            #expect(saved.body.string.contains("đã lưu cả 2 dòng"))
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 1000)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "post_rehab_managed")?.value == 12_000)

            let form = try await office.post("/data/23284/2024S1", ["v_counselling": "2.000"])
            #expect(form.status == .ok)
            #expect(try await ValuePath.value(app, "23284", "2024S1", "counselling")?.value == 2000)
            #expect(form.body.string.contains("name=\"v_counselling\" value=\"2.000\""), "the form prints what it reads")

            // In English the same texts are one with three decimals: a count, refused — never saved as 1.
            office.cookies["pcmt_lang"] = "en"
            let english = try await office.post("/data/23284/2024S2", ["v_counselling": "2.000"])
            #expect(english.status == .unprocessableEntity)
            #expect(english.body.string.contains("“2.000” has decimals"))
            #expect(english.body.string.contains("For 2,000 write 2,000."))
            #expect(try await office.post("/data/23284/2024S2", ["v_counselling": "2,000"]).status == .ok)
            #expect(try await ValuePath.value(app, "23284", "2024S2", "counselling")?.value == 2000)
            let refused = try await office.post("/data/import", ["text": file.replacingOccurrences(of: "2024S1", with: "2023S2")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("“1.000” has decimals"))
            #expect(try await ValuePath.value(app, "23281", "2023S2", "counselling") == nil)
        }
    }

    // MARK: C2 — semicolons and decimal commas

    @Test(arguments: TestBackend.available)
    func c2SemicolonsAndDecimalCommas(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, _) = try await ValuePath.office(app)
            let file = "element;unit;period;category;value\ncultivation_found_m2;23284;2024S1;;12,5\ncultivation_destroyed_m2;23284;2024S1;;7,25\n"
            let preview = try await office.post("/data/import", ["text": file])
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("được đọc theo kiểu Việt Nam"))
            #expect(preview.body.string.contains("<td class=\"num\">12,5</td>") && preview.body.string.contains("<td class=\"num\">7,25</td>"))
            #expect(try await ValuePath.confirm(office, preview).status == .ok)
            #expect(try await ValuePath.value(app, "23284", "2024S1", "cultivation_found_m2")?.value == 12.5)
            #expect(try await ValuePath.value(app, "23284", "2024S1", "cultivation_destroyed_m2")?.value == 7.25)

            // The same numbers unquoted in a comma-separated file split in two: refused by row, never truncated.
            let commas = "element,unit,period,category,value\ncultivation_found_m2,23287,2024S1,,12,5\n"
            let split = try await office.post("/data/import", ["text": commas])
            #expect(split.status == .unprocessableEntity)
            #expect(split.body.string.contains("<td class=\"num\">2</td>") && split.body.string.contains("dấu phẩy"))
            #expect(split.body.string.contains("ngoặc kép"))
            // … also when the header has columns after the value (a comment, the template's name and unit of measure):
            // the rest of the number lands there and the row has as many fields as the header.
            for file in [
                "element,unit,period,category,value,comment\ncultivation_found_m2,23287,2024S1,,12,5\n",
                "element,unit,period,category,value,name,measure\ncultivation_found_m2,23287,2024S1,,12,5,m²\n",
            ] {
                let trailing = try await office.post("/data/import", ["text": file])
                #expect(trailing.status == .unprocessableEntity, "\(file)")
                #expect(trailing.body.string.contains("“12” có “5” ở cột ngay sau"), "\(file)")
                #expect(trailing.body.string.contains("ngoặc kép"))
            }
            #expect(try await ValuePath.value(app, "23287", "2024S1", "cultivation_found_m2") == nil)
            // Quoted, a comma file reads them too.
            let quoted = try await office.post(
                "/data/import", ["text": "element,unit,period,category,value\ncultivation_found_m2,23287,2024S1,,\"12,5\"\n"])
            #expect(try await ValuePath.confirm(office, quoted).status == .ok)
            #expect(try await ValuePath.value(app, "23287", "2024S1", "cultivation_found_m2")?.value == 12.5)

            // The form prints 12,5 and 7,25 and, sent back untouched, changes nothing: no version, no audit entry.
            let page = try await office.get("/data/23284/2024S1")
            let fields = ValuePath.formFields(page.body.string)
            #expect(fields["v_cultivation_found_m2"] == "12,5" && fields["v_cultivation_destroyed_m2"] == "7,25")
            let head = try await AuditLog(database: app.db).head()
            let resaved = try await office.post("/data/23284/2024S1", fields)
            #expect(resaved.status == .ok)
            #expect(resaved.body.string.contains("Không có thay đổi"))
            #expect(try await AuditLog(database: app.db).head()?.seq == head?.seq)
            let found = try #require(try await ValuePath.value(app, "23284", "2024S1", "cultivation_found_m2"))
            #expect(found.value == 12.5 && found.version == 1)
        }
    }

    // MARK: C3 — a number too large

    @Test(arguments: TestBackend.available)
    func c3ANumberTooLarge(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, token) = try await ValuePath.office(app)
            let huge = try await ValuePath.post(
                app, token, #"{"orgunit":"23290","period":"2023S1","values":[{"element":"counselling","value":1e19}]}"#)
            #expect(huge.status == .unprocessableEntity)
            let errors = ValuePath.errors(huge)
            #expect(errors.count == 1 && errors[0].hasPrefix("values[0].value: Lượt tư vấn về nghiện ma túy"), "\(errors)")
            #expect(errors[0].contains("10.000.000.000.000.000.000 vượt giới hạn 1.000.000.000 của chỉ số này."), "\(errors)")
            #expect(try await app.get("/healthz").status == .ok, "the server keeps running")
            for unit in ["23281", "23284"] {
                let response = try await ValuePath.post(
                    app, token, #"{"orgunit":"\#(unit)","period":"2023","values":[{"element":"hotspots_new","value":6e18}]}"#)
                #expect(response.status == .unprocessableEntity)
            }
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let board = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(konTumPlanID)/board?period=2023&orgunit=608", headers: headers)
            #expect(board.status == .ok)
            // A period outside the plan is refused with the plan's years, not answered with another period's board.
            for period in ["1900S1", "1900-2999", "2031"] {
                let outside = try await app.testing().sendRequest(
                    .GET, "/api/v1/plans/\(konTumPlanID)/board?period=\(period)&orgunit=608", headers: headers)
                #expect(outside.status == .unprocessableEntity, "\(period)")
                #expect(outside.body.string.contains("nằm ngoài kế hoạch: từ năm cơ sở 2020 đến năm 2025"), "\(outside.body.string)")
            }

            // The same values by import, as text and as a workbook's numbers.
            let text = try await office.post(
                "/data/import",
                ["text": "element,unit,period,category,value\nhotspots_new,23281,2023,,6000000000000000000\ncounselling,23290,2023S1,,1e19\n"])
            #expect(text.status == .unprocessableEntity)
            #expect(text.body.string.contains("<td class=\"num\">2</td>") && text.body.string.contains("<td class=\"num\">3</td>"))
            #expect(text.body.string.contains("vượt giới hạn 1.000.000.000"))
            let sheet = try await ValuePath.upload(
                office, name: "qua-lon.xlsx",
                try ValuePath.workbook([[.text("counselling"), .text("23290"), .text("2023S1"), .empty, .number(1e19)]]))
            #expect(sheet.status == .unprocessableEntity)
            #expect(sheet.body.string.contains("vượt giới hạn 1.000.000.000"))
            #expect(try await DataValueStore(database: app.db).count() == 0, "nothing stored")

            // A database that already holds such values (saved before the bounds) still shows its board.
            let units = try await OrgUnitStore(database: app.db).all()
            let placements = UnitPlacements(units: units)
            let elements = try await DataElementStore(database: app.db).elements(planID: UUID(uuidString: konTumPlanID)!)
            try await DataValueStore(database: app.db).insertMissing(
                ["23281", "23284"].map {
                    BulkValue(element: "hotspots_new", placement: placements[$0]!, period: .year(2023), category: "", value: 6e18)
                }, elements: elements, by: "legacy")
            let legacy = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(konTumPlanID)/board?period=2023&orgunit=608", headers: headers)
            #expect(legacy.status == .ok)
            let page = try await office.get("/plans/\(konTumPlanID)/board?period=2023&unit=608")
            #expect(page.status == .ok)
            let form = try await office.get("/data/23281/2023")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("name=\"v_hotspots_new\" value=\"6.000.000.000.000.000.000\""))
        }
    }

    // MARK: C4 — a unit after it ceased

    @Test(arguments: TestBackend.available)
    func c4AUnitAfterItCeased(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, token) = try await ValuePath.office(app)
            let api = try await ValuePath.post(
                app, token, #"{"orgunit":"23281","period":"2025S2","values":[{"element":"counselling","value":7}]}"#)
            #expect(api.status == .unprocessableEntity)
            #expect(ValuePath.errors(api).first?.hasPrefix("orgunit: ") == true)
            #expect(
                ValuePath.errors(api).first?.contains("Phường Quang Trung (23281) chỉ tồn tại đến hết ngày 30/06/2025") == true,
                "\(ValuePath.errors(api))")

            let file = try await office.post("/data/import", ["text": "element,unit,period,category,value\ncounselling,23281,2025S2,,7\n"])
            #expect(file.status == .unprocessableEntity)
            #expect(file.body.string.contains("<td class=\"num\">2</td><td>unit: Phường Quang Trung (23281) chỉ tồn tại đến hết ngày 30/06/2025"))

            let form = try await office.get("/data/23287/2025S2")
            #expect(form.body.string.contains("Phường Quyết Thắng (23287) chỉ tồn tại đến hết ngày 30/06/2025"))
            #expect(!form.body.string.contains("<button type=\"submit\" class=\"primary\">Lưu</button>"), "no save button")
            let posted = try await office.post("/data/23287/2025S2", ["v_counselling": "7"])
            #expect(posted.status == .unprocessableEntity)
            #expect(posted.body.string.contains("30/06/2025"))
            #expect(try await DataValueStore(database: app.db).count() == 0)

            // The year 2025, which the units lived half of, is accepted (see DataValueRules): its round expects them.
            let year = try await ValuePath.post(app, token, #"{"orgunit":"23281","period":"2025","values":[{"element":"counselling","value":7}]}"#)
            #expect(year.status == .ok)
            // A period before the plan's baseline is refused the same way everywhere.
            let early = try await ValuePath.post(app, token, #"{"orgunit":"23281","period":"2019","values":[{"element":"counselling","value":7}]}"#)
            #expect(early.status == .unprocessableEntity)
        }
    }

    // MARK: C8 — a part larger than its whole

    @Test(arguments: TestBackend.available)
    func c8APartLargerThanItsWhole(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, token) = try await ValuePath.office(app)
            let message =
                "Người nghiện ma túy có hồ sơ quản lý (500) lớn hơn Người nghiện và người sử dụng trái phép chất ma túy có hồ sơ quản lý (42)"
            let form = try await office.post("/data/23281/2024S1", ["v_users_with_record": "42", "v_addicts__male": "500"])
            #expect(form.status == .unprocessableEntity)
            #expect(form.body.string.contains(message))

            let file = try await office.post(
                "/data/import",
                ["text": "element,unit,period,category,value\nusers_with_record,23281,2024S1,,42\naddicts,23281,2024S1,male,500\n"])
            #expect(file.status == .unprocessableEntity)
            #expect(file.body.string.contains("<td class=\"num\">3</td><td>value (23281 2024S1): \(message)"))

            let api = try await ValuePath.post(
                app, token,
                #"{"orgunit":"23281","period":"2024S1","values":[{"element":"users_with_record","value":42},{"element":"addicts","category":"male","value":500}]}"#
            )
            #expect(api.status == .unprocessableEntity)
            #expect(
                ValuePath.errors(api) == [
                    "values[1].value: Người nghiện ma túy có hồ sơ quản lý (500) lớn hơn Người nghiện và người sử dụng trái phép chất ma túy có hồ sơ quản lý (42): phần không được lớn hơn tổng thể."
                ])
            #expect(try await DataValueStore(database: app.db).count() == 0)

            // Over what is saved: the whole saved first, then the part alone, by each path.
            #expect(
                try await ValuePath.post(app, token, #"{"orgunit":"23281","period":"2024S1","values":[{"element":"users_with_record","value":42}]}"#)
                    .status == .ok)
            let alone = try await ValuePath.post(
                app, token, #"{"orgunit":"23281","period":"2024S1","values":[{"element":"addicts","category":"male","value":500}]}"#)
            #expect(ValuePath.errors(alone).first?.contains("(42, đã lưu trước đó)") == true)
            let formAlone = try await office.post("/data/23281/2024S1", ["v_users_with_record": "42", "v_addicts__male": "500"])
            #expect(formAlone.body.string.contains("(42, đã lưu trước đó)"))
            let fileAlone = try await office.post("/data/import", ["text": "element,unit,period,category,value\naddicts,23281,2024S1,male,500\n"])
            #expect(fileAlone.body.string.contains("(42, đã lưu trước đó)"))
            // Within the whole, male and female together: accepted.
            #expect(
                try await office.post("/data/23281/2024S1", ["v_users_with_record": "42", "v_addicts__male": "30", "v_addicts__female": "12"]).status
                    == .ok)
            // Lowering the whole below its parts afterwards is refused too.
            let lower = try await ValuePath.post(
                app, token, #"{"orgunit":"23281","period":"2024S1","values":[{"element":"users_with_record","value":41,"version":1}]}"#)
            #expect(lower.status == .unprocessableEntity)
        }
    }

    // MARK: Values stay what was entered

    @Test(arguments: TestBackend.available)
    func anUntouchedFormKeepsEveryValueExactly(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, token) = try await ValuePath.office(app)
            // Values no one-decimal display could print: a third of a square metre, 0.1 + 0.2, many digits.
            let area = 1.0 / 3, sum = 0.1 + 0.2
            let body =
                #"{"orgunit":"23284","period":"2023S1","values":[{"element":"cultivation_found_m2","value":\#(area)},{"element":"cultivation_destroyed_m2","value":\#(sum)},{"element":"counselling","value":123456789}]}"#
            #expect(try await ValuePath.post(app, token, body).status == .ok)
            for language in ["vi", "en"] {
                office.cookies["pcmt_lang"] = language
                let fields = ValuePath.formFields(try await office.get("/data/23284/2023S1").body.string)
                #expect(fields["notation"] == language)
                let head = try await AuditLog(database: app.db).head()
                let again = try await office.post("/data/23284/2023S1", fields)
                #expect(again.status == .ok)
                #expect(try await AuditLog(database: app.db).head()?.seq == head?.seq, "no audit entry")
                #expect(try await ValuePath.value(app, "23284", "2023S1", "cultivation_found_m2")?.value == area)
                #expect(try await ValuePath.value(app, "23284", "2023S1", "cultivation_destroyed_m2")?.value == sum)
                #expect(try await ValuePath.value(app, "23284", "2023S1", "counselling").map { ($0.value, $0.version) } ?? (0, 0) == (123_456_789, 1))
            }
            // A form printed in Vietnamese and sent after the language was switched is still read as printed.
            office.cookies["pcmt_lang"] = "vi"
            var fields = ValuePath.formFields(try await office.get("/data/23284/2023S1").body.string)
            office.cookies["pcmt_lang"] = "en"
            fields["v_counselling"] = "1.000"
            #expect(try await office.post("/data/23284/2023S1", fields).status == .ok)
            #expect(try await ValuePath.value(app, "23284", "2023S1", "counselling")?.value == 1000)
            #expect(try await ValuePath.value(app, "23284", "2023S1", "cultivation_found_m2")?.value == area)
        }
    }

    // MARK: Files that cannot be read are refused by name

    @Test func aFileInALegacyEncodingIsRefusedByName() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            // "Phường" in Windows-1258: P h ư (0xFD) ơ (0xF5) n g.
            var bytes = Data("element,unit,period,category,value\ncounselling,23281,2024S1,,5\n# Ph".utf8)
            bytes.append(contentsOf: [0xFD, 0xF5, 0x6E, 0x67, 0x0A])
            let response = try await ValuePath.upload(office, name: "so-lieu-1258.csv", bytes)
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("so-lieu-1258.csv chưa được nhập"))
            #expect(html.contains("Tệp không phải mã UTF-8: dòng 3") && html.contains("Windows-1258"))
            let utf16 = try await ValuePath.upload(office, name: "unicode.txt", Data([0xFF, 0xFE, 0x65, 0x00]))
            #expect(utf16.body.string.contains("UTF-16"))
            // A BOM and tabs (as pasted from a spreadsheet) are read.
            let tabs = try await ValuePath.upload(
                office, name: "tab.csv", Data("\u{FEFF}element\tunit\tperiod\tcategory\tvalue\r\ncounselling\t23281\t2024S1\t\t5\r\n".utf8))
            #expect(tabs.status == .ok)
            #expect(try await ValuePath.confirm(office, tabs).status == .ok)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 5)
        }
    }

    @Test func unreadableWorkbookCellsAreErrorsNamingTheRow() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let sheet = """
                <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
                <row r="1"><c t="inlineStr"><is><t>element</t></is></c><c t="inlineStr"><is><t>unit</t></is></c><c t="inlineStr"><is><t>period</t></is></c><c t="inlineStr"><is><t>category</t></is></c><c t="inlineStr"><is><t>value</t></is></c></row>\
                <row r="2"><c t="inlineStr"><is><t>counselling</t></is></c><c><v>23281</v></c><c t="inlineStr"><is><t>2024S1</t></is></c><c/><c><f>SUM(A9:A12)</f></c></row>\
                <row r="3"><c t="inlineStr"><is><t>counselling</t></is></c><c><v>23284</v></c><c t="inlineStr"><is><t>2024S1</t></is></c><c/><c s="1"><v>45292</v></c></row>\
                <row r="4"><c t="inlineStr"><is><t>counselling</t></is></c><c><v>23287</v></c><c t="inlineStr"><is><t>2024S1</t></is></c><c/><c t="e"><v>#REF!</v></c></row>\
                <row r="5"><c t="inlineStr"><is><t>counselling</t></is></c><c><v>23290</v></c><c t="inlineStr"><is><t>2024S1</t></is></c><c/><c><v>4</v></c></row>\
                </sheetData></worksheet>
                """
            let styles = """
                <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>
                """
            let data = try XLSXFixture.workbook(sheet: sheet, styles: styles)
            let response = try await ValuePath.upload(office, name: "cong-thuc.xlsx", data)
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("<td class=\"num\">2</td><td>value: ô chứa công thức chưa có kết quả được lưu (=SUM(A9:A12))"))
            #expect(html.contains("<td class=\"num\">3</td><td>value: ô chứa ngày tháng (45292), không phải số"))
            #expect(html.contains("<td class=\"num\">4</td><td>value: ô có giá trị lỗi #REF!"))
            #expect(!html.contains("<td class=\"num\">5</td>"), "the good row has no error")
            #expect(try await DataValueStore(database: app.db).count() == 0)
        }
    }

    @Test func aFileWithNumbersInBothNotationsIsRefused() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let mixed = "element;unit;period;category;value\ncultivation_found_m2;23284;2024S1;;12,5\ncultivation_destroyed_m2;23284;2024S1;;7.25\n"
            let response = try await office.post("/data/import", ["text": mixed])
            #expect(response.status == .unprocessableEntity)
            #expect(
                response.body.string.contains("dòng 2 “12,5” theo kiểu Việt Nam")
                    && response.body.string.contains("dòng 3 “7.25” theo kiểu tiếng Anh"))
        }
    }

    @Test func aValueChangedBetweenPreviewAndSaveIsNoticed() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, token) = try await ValuePath.office(app)
            let preview = try await office.post("/data/import", ["text": "element,unit,period,category,value\ncounselling,23281,2024S1,,8\n"])
            #expect(preview.status == .ok)
            // Meanwhile someone saves the same value through the API.
            #expect(
                try await ValuePath.post(app, token, #"{"orgunit":"23281","period":"2024S1","values":[{"element":"counselling","value":3}]}"#).status
                    == .ok)
            let stale = try await ValuePath.confirm(office, preview)
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("Chưa lưu gì: các số liệu mà tệp này thay thế đã bị thay đổi"))
            #expect(stale.body.string.contains("<td class=\"num\">3</td><td class=\"num\">8</td>"), "the new preview shows 3 → 8")
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 3)
            // Saved from the new preview.
            let saved = try await ValuePath.confirm(office, stale)
            #expect(saved.status == .ok)
            #expect(saved.body.string.contains("Những gì đã thay đổi"))
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 8)
            // Sent again, the saved draft saves nothing and says when it was saved, offering no save.
            let again = try await ValuePath.confirm(office, stale)
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("Văn bản dán vào đã được lưu lúc "), "\(again.body.string.prefix(3000))")
            #expect(!again.body.string.contains("name=\"intent\" value=\"save\""))
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 8)
        }
    }

    /// A file of more than ``DataImportPage/detailLimit`` rows is previewed by its counts — by period, new, replacing,
    /// unchanged, all rows counted — and its first changes listed one by one; then saved whole.
    @Test func aLargeFileIsPreviewedByItsCountsAndItsFirstChanges() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let communes = try await OrgUnitStore(database: app.db).all()
                .filter {
                    $0.level == .commune && ($0.validFrom ?? "") <= "2023-07-01" && ($0.validTo ?? "9999") >= "2024-06-30" && $0.code >= "23281"
                }
                .map(\.code)
                .sorted()
            #expect(communes.count >= 100)
            let first = try #require(communes.first)
            let before = "element,unit,period,category,value\ncounselling,\(first),2024S1,,5\nmethadone,\(first),2024S1,,2\n"
            #expect(try await ValuePath.confirm(office, try await office.post("/data/import", ["text": before])).status == .ok)
            let elements = ["counselling", "methadone", "reintegration_support", "hotspots_new", "post_rehab_managed", "commune_propaganda"]
            var file = "element,unit,period,category,value\n"
            var rows = 0
            for period in ["2023S2", "2024S1"] {
                for unit in communes {
                    for element in elements {
                        let value =
                            unit == first && period == "2024S1" && element == "counselling"
                            ? 5 : unit == first && period == "2024S1" && element == "methadone" ? 3 : element == "commune_propaganda" ? 1 : 7
                        file += "\(element),\(unit),\(period),,\(value)\n"
                        rows += 1
                    }
                }
            }
            let preview = try await office.post("/data/import", ["text": file])
            #expect(preview.status == .ok)
            let html = preview.body.string
            let changed = rows - 1
            #expect(
                html.contains(
                    "\(ValueText.write(Double(changed), .vi)) số liệu thay đổi (\(ValueText.write(Double(rows - 2), .vi)) số liệu mới, 1 số liệu thay số đã lưu), 1 số liệu giữ nguyên"
                ), "\(html.prefix(3000))")
            #expect(html.contains("<th scope=\"row\">6 tháng cuối năm 2023</th><td class=\"num\">\(communes.count)</td>"))
            #expect(html.components(separatedBy: "<tr class=\"changed\">").count - 1 == DataImportPage.detailLimit)
            #expect(!html.contains("<tr class=\"same\">"), "a large file lists only what changes")
            #expect(html.contains("Bảng liệt kê 1.000 thay đổi đầu tiên trong số \(ValueText.write(Double(changed), .vi)) thay đổi"))
            let saved = try await ValuePath.confirm(office, preview)
            #expect(saved.status == .ok)
            #expect(try await DataValueStore(database: app.db).count() == rows)
            #expect(try await ValuePath.value(app, first, "2024S1", "methadone")?.value == 3)
        }
    }

    /// A unit's form sent back whole writes only the fields the person changed: a value saved meanwhile in another
    /// field stays, and after a conflict the form shows it, so saving again overwrites nothing.
    @Test(arguments: TestBackend.available)
    func aStaleFormNeverOverwritesWhatWasSavedMeanwhile(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (office, token) = try await ValuePath.office(app)
            var fields = ValuePath.formFields(try await office.get("/data/23281/2024S1").body.string)
            #expect(
                try await ValuePath.post(app, token, #"{"orgunit":"23281","period":"2024S1","values":[{"element":"methadone","value":4}]}"#).status
                    == .ok)
            fields["v_counselling"] = "6"
            #expect(try await office.post("/data/23281/2024S1", fields).status == .ok)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "methadone")?.value == 4)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 6)
            // The same field changed by both: a conflict; the form that comes back, saved again, keeps the other's value.
            fields = ValuePath.formFields(try await office.get("/data/23281/2024S1").body.string)
            #expect(
                try await ValuePath.post(
                    app, token,
                    #"{"orgunit":"23281","period":"2024S1","values":[{"element":"counselling","value":7,"version":1},{"element":"methadone","value":5,"version":1}]}"#
                ).status == .ok)
            fields["v_counselling"] = "9"
            let conflict = try await office.post("/data/23281/2024S1", fields)
            #expect(conflict.status == .conflict)
            let again = ValuePath.formFields(conflict.body.string)
            #expect(again["v_methadone"] == "5" && again["v_counselling"] == "9")
            #expect(try await office.post("/data/23281/2024S1", again).status == .ok)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "methadone")?.value == 5)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 9)
        }
    }

    /// A file with a row that fails its own checks and rows that break a rule over what is saved (a part larger than
    /// its whole) lists both in one answer, not the second only once the first is mended.
    @Test func everyProblemOfAFileIsListedInOneReading() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let file = """
                element,unit,period,category,value
                counselling,23281,2024S1,,abc
                users_with_record,23284,2024S1,,10
                users_served,23284,2024S1,,20

                """
            let response = try await office.post("/data/import", ["text": file])
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("<td class=\"num\">2</td><td>value:"), "the row's own problem")
            #expect(html.contains("<td class=\"num\">4</td>") && html.contains("phần không được lớn hơn tổng thể"), "\(html.prefix(4000))")
            #expect(try await DataValueStore(database: app.db).count() == 0)
        }
    }

    /// Pasted text has no file name: each page names it in its own language, checked in one and saved in the other.
    /// An empty file chosen is refused by its name, not taken for pasted text.
    @Test func pastedTextIsNamedInEachPagesLanguageAndAnEmptyFileByItsName() async throws {
        try await withPCMT(.sqlite) { app in
            var (office, _) = try await ValuePath.office(app)
            let empty = try await ValuePath.upload(office, name: "trong.csv", Data())
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("trong.csv chưa được nhập"), "\(empty.body.string.prefix(3000))")
            try await office.get("/lang/en?back=/data/import")
            let preview = try await office.post("/data/import", ["text": "element,unit,period,category,value\ncounselling,23281,2024S1,,8\n"])
            #expect(preview.body.string.contains("Check before saving: Pasted text"))
            try await office.get("/lang/vi?back=/data/import")
            let saved = try await ValuePath.confirm(office, preview)
            #expect(saved.status == .ok)
            #expect(saved.body.string.contains("Văn bản dán vào: đã lưu cả 1 dòng"), "\(saved.body.string.prefix(3000))")
        }
    }

    /// Saved from the same preview twice: the second answer says the file was saved already and offers no save.
    @Test func aDraftSavedTwiceSaysSoTheSecondTime() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let preview = try await office.post("/data/import", ["text": "element,unit,period,category,value\ncounselling,23281,2024S1,,8\n"])
            async let first = ValuePath.confirm(office, preview)
            async let second = ValuePath.confirm(office, preview)
            let answers = try await [first, second]
            #expect(answers.filter { $0.status == .ok }.count == 1, "\(answers.map(\.status))")
            let other = try #require(answers.first { $0.status != .ok })
            #expect(other.status == .conflict && other.body.string.contains("đã được lưu lúc "), "\(other.body.string.prefix(3000))")
            #expect(!other.body.string.contains("name=\"intent\" value=\"save\""), "no save offered for a draft saved already")
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.version == 1)
        }
    }

    /// The save names a file kept on the server: a made-up draft, or another person's, saves nothing.
    @Test func aDraftIsSavedOnlyByWhoCheckedIt() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let preview = try await office.post("/data/import", ["text": "element,unit,period,category,value\ncounselling,23281,2024S1,,8\n"])
            #expect(preview.status == .ok)
            let draft = try #require(ValuePath.hidden(preview.body.string, "draft"))
            let state = try #require(ValuePath.hidden(preview.body.string, "state"))
            let other = try await TestAccounts.browser(app, "vanphong2", .standingOffice, unit: "62-CAT")
            let foreign = try await other.post("/data/import", ["intent": "save", "draft": draft, "state": state])
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.body.string.contains("Tệp đã kiểm tra không còn được giữ"))
            let madeUp = try await office.post("/data/import", ["intent": "save", "draft": UUID().uuidString, "state": state])
            #expect(madeUp.status == .unprocessableEntity)
            let garbage = try await office.post("/data/import", ["intent": "save", "draft": "../../etc", "state": state])
            #expect(garbage.status == .unprocessableEntity)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling") == nil)
            // Its owner saves it.
            #expect(try await ValuePath.confirm(office, preview).status == .ok)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 8)
        }
    }

    /// A process that no longer holds the check (another process of the installation, a restart, a plan change)
    /// reads the kept file and checks it again before saving: a rule that now refuses a row is applied.
    @Test func aDraftIsCheckedAgainWhenThisProcessNoLongerHoldsTheCheck() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let preview = try await office.post("/data/import", ["text": "element,unit,period,category,value\ncounselling,23281,2024S1,,1.000\n"])
            #expect(preview.status == .ok)
            let draft = try #require(UUID(uuidString: ValuePath.hidden(preview.body.string, "draft") ?? ""))
            CheckedImports.shared.forget(draft)
            let saved = try await ValuePath.confirm(office, preview)
            #expect(saved.status == .ok)
            #expect(try await ValuePath.value(app, "23281", "2024S1", "counselling")?.value == 1000, "read in the notation of the check")
        }
    }
}

/// Project money in a unit's report is text turned into a number too: read in the page's notation, exactly, within
/// bounds — never "1.500" as 1.5, never a silent drop or clamp.
@Suite struct ProjectNumberTests {
    @Test func projectMoneyIsReadLikeEveryOtherNumber() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let police = try await TestAccounts.browser(app, "congan", .agencyReporter, unit: "62-CAT")
            let opened = try await office.post("/plans/\(konTumPlanID)/rounds", ["period": "2023", "due": "", "cutoffStart": "", "cutoffEnd": ""])
            let location = try #require(opened.headers.first(name: .location))
            let round = try #require(UUID(uuidString: String(location.dropFirst("/rounds/".count))))
            let record = try #require(try await RoundStore(database: app.db).submissions(roundID: round).first { $0.unitCode == "62-CAT" })
            let report = "/submissions/\(record.id.uuidString.lowercased())"
            var form = ["version": String(record.version), "intent": "save", "notation": "vi", "allocated_P01": "1.500", "spent_P01": "12,25"]
            form["progress_P01"] = "150"
            let refused = try await police.post(report, form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Dự án 1, tiến độ (%): một số từ 0 đến 100."))
            form["progress_P01"] = "40"
            form["spent_P01"] = "1,234.5,6"
            let unreadable = try await police.post(report, form)
            #expect(unreadable.status == .unprocessableEntity)
            #expect(unreadable.body.string.contains("Dự án 1, kinh phí đã sử dụng: “1,234.5,6” không phải là số viết theo kiểu Việt Nam"))
            form["spent_P01"] = "12,25"
            #expect(try await police.post(report, form).status == .seeOther)
            let saved = try #require(try await RoundStore(database: app.db).submission(id: record.id))
            #expect(saved.content.projects["P01"]?.allocated == 1500)
            #expect(saved.content.projects["P01"]?.spent == 12.25)
            #expect(saved.content.projects["P01"]?.progress == 40)
            let page = try await police.get(report).body.string
            #expect(page.contains("name=\"allocated_P01\" value=\"1.500\"") && page.contains("name=\"spent_P01\" value=\"12,25\""))
        }
    }
}

/// A minimal workbook around a hand-written sheet (and styles), as other programs write them.
enum XLSXFixture {
    static func workbook(sheet: String, styles: String? = nil) throws -> Data {
        var parts: [(path: String, xml: String)] = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        if let styles { parts.append(("xl/styles.xml", styles)) }
        return try #require(try OOXMLPackage.zip(parts))
    }
}
