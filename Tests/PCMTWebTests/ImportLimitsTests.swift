import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTReports
@testable import PCMTWeb

/// The import and the JSON API within ``InputLimits``: the CSV reader stops at the first limit crossed and names it
/// with its row and column; the import page answers 413 for a limit on bytes and 422 for the others, naming the limit
/// in Vietnamese; the API refuses more than 2,000 values (422) or a body over 1 MB (413); nothing is saved.
@Suite struct ImportLimitsTests {
    func csvLimit(_ text: String, limits: InputLimits = .standard) -> CSVReader.Failure? {
        guard case .failure(let failure) = CSVReader.table(Data(text.utf8), limits: limits) else { return nil }
        return failure
    }

    @Test func csvLinesFieldsColumnsCellsAndRowsAreCountedWhileReading() throws {
        let header = "element,unit,period,category,value\n"
        // One line of 100,000 characters: refused at 65,536, naming the row.
        let line = try #require(csvLimit(header + (0..<4).map { _ in String(repeating: "b", count: 30_000) }.joined(separator: ",")))
        #expect(line.limit?.limit == .csvLineCharacters && line.row == 2)
        #expect(line.vi == "Vượt giới hạn: có dòng của tệp CSV dài hơn giới hạn 65.536 ký tự (dòng 2).")
        // A quoted field of 40,000 characters with line breaks in it: the cell limit, at its column.
        let field = try #require(csvLimit(header + "x,611,2023,,\"" + String(repeating: "ab\n", count: 13_334) + "\"\n"))
        #expect(field.limit?.limit == .cellCharacters && field.limit?.whereEn == "row 2, column 5")
        // Letters made of a thousand combining marks count every mark.
        let marks = "a" + String(repeating: "\u{0301}", count: 40_000)
        #expect(csvLimit(header + "\(marks),611\n")?.limit?.limit == .cellCharacters)
        // A value in column 300 is refused; blank fields past column 256 (a spreadsheet's trailing commas) are dropped.
        let wide = try #require(csvLimit(header + "x" + String(repeating: ",", count: 299) + "1\n"))
        #expect(wide.limit?.limit == .columns && wide.limit?.whereVi == "dòng 2, cột 300" && wide.limit?.value == 256)
        guard case .success(let trailing) = CSVReader.table(Data((header + "x,611,2023,,4" + String(repeating: ",", count: 400) + "\n").utf8))
        else {
            Issue.record("trailing commas refused")
            return
        }
        #expect(trailing.records[1].fields.count == 256)
        // More cells than the limit, and more rows.
        var limits = InputLimits.standard
        limits.cells = 1_000
        let cells = try #require(csvLimit(String(repeating: "1,2,3,4,5,6,7,8,9,10\n", count: 101), limits: limits))
        #expect(cells.limit?.limit == .cells && cells.row == 101 && cells.limit?.whereEn == "row 101, column 1")
        let rows = try #require(csvLimit(header + String(repeating: "x,611,2023,,1\n", count: 100_000)))
        #expect(rows.limit?.limit == .rows && rows.row == 100_001 && rows.limit?.value == 100_000)
        #expect(rows.vi == "Vượt giới hạn: tệp có nhiều hơn giới hạn 100.000 dòng (dòng 100001).")
    }

    @Test func aWorkbookPastALimitIsARowErrorCarryingIt() throws {
        let sheet =
            "<worksheet><sheetData>" + (1...500).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\"><v>1</v></c></row>" }.joined() + "</sheetData></worksheet>"
        let data = try #require(try OOXMLPackage.zip([("xl/worksheets/sheet1.xml", sheet)]))
        guard case .failure(let error) = DataImport.table(data) else {
            Issue.record("read")
            return
        }
        #expect(error.limit?.limit == .columns && error.limit?.isByteSize == false)
        #expect(error.vi == "Vượt giới hạn: có ô nằm ngoài giới hạn 256 cột (trang tính “1”, dòng 1, cột XFD).")
        // A workbook whose sheet starts below row 1 has an empty header, and keeps its rows' numbers.
        let low = "<worksheet><sheetData><row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>unit</t></is></c></row></sheetData></worksheet>"
        guard case .success(let table) = DataImport.table(try #require(try OOXMLPackage.zip([("xl/worksheets/sheet1.xml", low)]))) else {
            Issue.record("refused")
            return
        }
        #expect(table.rows.map(\.row) == [1, 3])
        #expect(table.rows[1].cells[1] == .text("unit") && table.rows[1].cells[0] == .text("") && table.rows[1].cells.count == 2)
    }

    @Test func theImportPageNamesTheLimitAndSavesNothing() async throws {
        try await withPCMT(.sqlite) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            // A file of just more than 10 MB: 413 on the import page; of more than 10 MB and 64 KB, before the form
            // is parsed.
            func upload(_ rows: Int) async throws -> TestingHTTPResponse {
                var headers = district.cookieHeader
                let boundary = "pcmt-boundary"
                headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                var body = ByteBuffer()
                body.writeString(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(district.cookies[SecuritySettingsForTests.csrfCookie]!)\r\n"
                )
                body.writeString(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lon.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                body.writeString("element,unit,period,category,value\n" + String(repeating: "schools_total,611,2023,,40\n", count: rows))
                body.writeString("\r\n--\(boundary)--\r\n")
                return try await app.testing().sendRequest(.POST, "/data/import", headers: headers, body: body)
            }
            let big = try await upload(388_400)
            #expect(big.status == .payloadTooLarge)
            #expect(big.body.string.contains("Vượt giới hạn: tệp lớn hơn giới hạn 10 MB cho mỗi lần tải lên."))
            #expect(big.body.string.contains("chưa lưu gì"), "on the import page")
            let bigger = try await upload(420_000)
            #expect(bigger.status == .payloadTooLarge)
            #expect(bigger.body.string.contains("Vượt giới hạn: tệp lớn hơn giới hạn 10 MB cho mỗi lần tải lên."))
            // A line past the CSV limit: 422.
            let long = try await district.post(
                "/data/import",
                [
                    "text": "element,unit,period,category,value\n"
                        + Array(repeating: String(repeating: "x", count: 30_000), count: 3).joined(separator: ",")
                ])
            #expect(long.status == .unprocessableEntity)
            #expect(long.body.string.contains("dài hơn giới hạn 65.536 ký tự (dòng 2)"))
            #expect(try await DataValueStore(database: app.db).count() == 0)
        }
    }

    @Test func theAPITakesAtMost2000ValuesAndOneMegabyte() async throws {
        try await withPCMT(.sqlite) { app in
            let (_, token) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "d")
            func post(_ body: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.contentType = .json
                headers.bearerAuthorization = BearerAuthorization(token: token)
                return try await app.testing().sendRequest(.POST, "/api/v1/datavalues", headers: headers, body: ByteBuffer(string: body))
            }
            func values(_ count: Int, padding: String = "") -> String {
                let value = #"{"element":"schools_total","category":"\#(padding)","value":40}"#
                return #"{"orgunit":"611","period":"2023","values":["# + Array(repeating: value, count: count).joined(separator: ",") + "]}"
            }
            let many = try await post(values(2_001))
            #expect(many.status == .unprocessableEntity)
            // The OpenAPI gate may answer first (the document says `maxItems: 2000`); either way the limit is named.
            let reason = many.body.string
            #expect(
                reason.contains("Vượt giới hạn: yêu cầu có nhiều hơn giới hạn 2.000 giá trị (values có 2001).")
                    || reason.contains("values: tối đa 2000 mục."), "\(reason)")
            let large = try await post(values(1_000, padding: String(repeating: "x", count: 1_100)))
            #expect(large.status == .payloadTooLarge)
            #expect(large.body.string.contains("nội dung yêu cầu lớn hơn giới hạn 1 MB của API"))
            #expect(try await DataValueStore(database: app.db).count() == 0)
        }
    }
}
