import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

@Suite struct BoardAndEntryTests {
    let plan = "/plans/\(konTumPlanID)"

    func boardJSON(_ app: Application, _ token: String, _ query: String) async throws -> [String: [String: Any]] {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        let response = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(konTumPlanID)/board?\(query)", headers: headers)
        #expect(response.status == .ok)
        let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        let targets = body?["targets"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: targets.map { ($0["code"] as! String, $0) })
    }

    @Test(arguments: TestBackend.available)
    func withDemoDataEveryMeasurableTargetHasAStatusAndSomeAreMissed(backend: TestBackend) async throws {
        try await withPCMT(backend, demo: 3959) { app in
            let (_, token) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "t")
            var seen = Set<String>()
            for year in 2021...2025 {
                let board = try await boardJSON(app, token, "period=\(year)&orgunit=62&data=all")
                #expect(board.count == 16)
                for (code, row) in board where code != "T16" {
                    let status = row["status"] as? String ?? ""
                    #expect(status != "no_data", "\(code) in \(year) has no data")
                    #expect((row["explanation"] as? String)?.contains(String(year)) == true)
                    seen.insert(status)
                }
                #expect(board["T16"]?["status"] as? String == "no_data", "the qualitative target")
            }
            #expect(seen.contains("achieved") && seen.contains("not_achieved"))
            // Official figures count approved reports only: in 2025 few are approved yet, so the totals are smaller.
            let official = try await boardJSON(app, token, "period=2025&orgunit=62")
            let everything = try await boardJSON(app, token, "period=2025&orgunit=62&data=all")
            #expect((official["T04"]?["numerator"] as? Double ?? 0) < (everything["T04"]?["numerator"] as? Double ?? 0))
            let half = try await boardJSON(app, token, "period=2024S1&orgunit=62")
            #expect(half.values.allSatisfy { $0["status"] as? String != "not_achieved" }, "a half-year is never failed")
            let span = try await boardJSON(app, token, "period=2021-2025&orgunit=611")
            #expect(span["T04"]?["explanation"] as? String != nil)
        }
    }

    @Test func theBoardPagesShowStatusInWordsAndTheChartInSVG() async throws {
        try await withPCMT(.sqlite, demo: 3959) { app in
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            let board = try await viewer.get("\(plan)/board?period=2023&unit=62")
            #expect(board.status == .ok)
            let html = board.body.string
            #expect(html.contains("Bảng chỉ tiêu · Tỉnh Kon Tum · năm 2023"))
            #expect(html.contains("class=\"status status-achieved\"><span aria-hidden=\"true\">✔</span> Đạt"))
            #expect(html.contains("Không đạt"))
            #expect(html.utf8.count < 100_000)
            let target = try await viewer.get("\(plan)/board/T04?period=2023&unit=62")
            let page = target.body.string
            #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(page.contains("<polyline"))
            for district in ["608", "610", "611", "612", "613", "614", "615", "616", "617", "618"] {
                #expect(page.contains("<td>\(district)</td>"), "district \(district) is in the table")
            }
            let sorted = try await viewer.get("\(plan)/board/T04?period=2023&unit=62&sort=value&dir=desc").body.string
            #expect(sorted.contains("▼"))
            let communes = try await viewer.get("\(plan)/board/T02?period=2023&unit=611").body.string
            #expect(communes.contains("<td>23377</td>") && !communes.contains("<td>608</td>"))
            #expect(try await Browser(app).get("\(plan)/board").status == .seeOther, "visitors sign in first")
        }
    }

    func entryForm(_ values: [String: String], versions: [String: String] = [:]) -> [String: String] {
        var form: [String: String] = [:]
        for (key, value) in values { form["v_\(key)"] = value }
        for (key, version) in versions { form["ver_\(key)"] = version }
        return form
    }

    @Test(arguments: TestBackend.available)
    func aValueEnteredChangesTheBoardAtOnce(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let (_, token) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "t")
            #expect(try await district.get("/data/611/2023").status == .ok)
            #expect(
                try await district.post("/data/611/2022", entryForm(["drug_cases_detected__heroin": "10", "drug_cases_detected__synthetic": "30"]))
                    .status == .ok)
            var board = try await boardJSON(app, token, "period=2023&orgunit=611")
            #expect(board["T04"]?["status"] as? String == "no_data")
            let saved = try await district.post(
                "/data/611/2023", entryForm(["drug_cases_detected__heroin": "12", "drug_cases_detected__synthetic": "31"]))
            #expect(saved.status == .ok)
            #expect(saved.body.string.contains("Đã lưu"))
            board = try await boardJSON(app, token, "period=2023&orgunit=611")
            #expect(board["T04"]?["status"] as? String == "achieved")
            #expect(board["T04"]?["explanation"] as? String == "2023: 43 vs 40 in 2022 = +7.5%, target ≥ +5%: achieved")
            let province = try await boardJSON(app, token, "period=2023&orgunit=62")
            #expect(province["T04"]?["numerator"] as? Double == 43, "the province sums its districts")
            let history = try await DataValueStore(database: app.db).history(unitCode: "611", element: "drug_cases_detected", period: "2023")
            #expect(history.count == 2 && history.allSatisfy { $0.by == "ngochoi" })
            #expect(history.allSatisfy { $0.old == nil && $0.new != nil }, "first entries: nothing before")
            _ = try await district.post(
                "/data/611/2023",
                entryForm(
                    ["drug_cases_detected__heroin": "13", "drug_cases_detected__synthetic": "31"],
                    versions: ["drug_cases_detected__heroin": "1", "drug_cases_detected__synthetic": "1"]))
            let latest = try #require(
                try await DataValueStore(database: app.db).history(unitCode: "611", element: "drug_cases_detected", period: "2023").first)
            #expect(latest.old == 12 && latest.new == 13)
            let form = try await district.get("/data/611/2023").body.string
            #expect(form.contains("Lịch sử thay đổi của kỳ này") && form.contains("Vụ phạm tội về ma túy được phát hiện, bắt giữ — Heroin"))
        }
    }

    @Test(arguments: [
        (["drug_cases_detected__heroin": "-1"], "phải là số nguyên không âm"),
        (["drug_cases_detected__heroin": "2,5"], "phải là số nguyên không âm"),
        (["drug_cases_detected__heroin": "abc"], "không phải là số"),
        (["schools_total": "10", "schools_reached": "12"], "lớn hơn Trường học trên địa bàn"),
    ])
    func badValuesAreRefusedWithTheFieldNamed(values: [String: String], message: String) async throws {
        try await withPCMT(.sqlite) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let response = try await district.post("/data/611/2023", entryForm(values))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(message))
            #expect(response.body.string.contains("Chưa lưu gì"))
            #expect(try await DataValueStore(database: app.db).count() == 0, "nothing is saved")
        }
    }

    @Test func anUnusualValueIsSavedWithAWarning() async throws {
        try await withPCMT(.sqlite) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            for year in 2020...2022 {
                #expect(try await district.post("/data/611/\(year)", entryForm(["schools_total": "40"])).status == .ok)
            }
            let response = try await district.post("/data/611/2023", entryForm(["schools_total": "400"]))
            #expect(response.status == .ok)
            #expect(response.body.string.contains("hãy kiểm tra"))
            #expect(response.body.string.contains("so với trung bình 40"))
            #expect(try await DataValueStore(database: app.db).values(unitCode: "611", periods: ["2023"]).first?.value == 400)
        }
    }

    @Test func twoPeopleSavingTheSameFormNeverOverwriteEachOther() async throws {
        try await withPCMT(.sqlite) { app in
            let first = try await TestAccounts.browser(app, "district1", .districtReporter, unit: "611")
            let second = try await TestAccounts.browser(app, "district2", .districtReporter, unit: "611")
            #expect(try await first.post("/data/611/2023", entryForm(["schools_total": "40"])).status == .ok)
            // The second person opened the form before the first saved: no version for the value.
            let stale = try await second.post("/data/611/2023", entryForm(["schools_total": "41"]))
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("Chưa lưu gì"))
            #expect(stale.body.string.contains("district1"))
            #expect(stale.body.string.contains("name=\"v_schools_total\" value=\"41\""), "what was typed is kept")
            #expect(stale.body.string.contains("name=\"ver_schools_total\" value=\"1\""), "now based on the current version")
            #expect(try await DataValueStore(database: app.db).values(unitCode: "611", periods: ["2023"]).first?.value == 40)
            let again = try await second.post("/data/611/2023", entryForm(["schools_total": "41"], versions: ["schools_total": "1"]))
            #expect(again.status == .ok)
        }
    }

    @Test func eachRoleEntersOnlyForItsOwnUnits() async throws {
        try await withPCMT(.sqlite) { app in
            // In 2024 an account at 23377 is at Thị trấn Plei Kần (to 30/06/2025).
            app.clock = try #require(ProvinceClock.fixed(day: "2024-06-01"))
            let commune = try await TestAccounts.browser(app, "pleikan", .communeOfficer, unit: "23377")
            #expect(try await commune.get("/data/23377/2023").status == .ok)
            #expect(try await commune.get("/data/23380/2023").status == .forbidden)
            #expect(try await commune.get("/data/611/2023").status == .forbidden)
            let court = try await TestAccounts.browser(app, "court", .agencyReporter, unit: "62-TAND")
            let form = try await court.get("/data/62-TAND/2023").body.string
            #expect(form.contains("court_cases_received") && !form.contains("drug_cases_detected"))
            #expect(try await court.get("/data/62-SYT/2023").status == .forbidden)
            #expect(try await commune.get("/data/23377/2023-2025").status == .notFound)
            // From 01/07/2025 the code is Xã Bờ Y, formed in the reform (Nghị quyết 1677/NQ-UBTVQH15): the same account
            // is now that commune's, and no longer enters the old commune's years.
            app.clock = try #require(ProvinceClock.fixed(day: "2026-11-30"))
            #expect(try await commune.get("/data/23377/2023").status == .forbidden)
            // A unit that ended is named with its last day for a period after it.
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let after = try await district.get("/data/611/2025S2")
            #expect(after.status == .unprocessableEntity)
            #expect(after.body.string.contains("chỉ tồn tại đến hết ngày 30/06/2025"), "\(after.body.string)")
        }
    }

    @Test func aBadFileIsRefusedRowByRowAndNothingIsSaved() async throws {
        try await withPCMT(.sqlite) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let bad = """
                element,unit,period,category,value
                schools_total,611,2023,,40
                nonsense,611,2023,,1
                schools_total,612,2023,,5
                schools_total,611,2023Q1,,5
                drug_cases_detected,611,2023,heroin,-3
                drug_cases_detected,611,2023,opium,3
                schools_total,611,2023,,41
                addicts,611,2023,male,3
                """
            let refused = try await district.post("/data/import", ["text": bad])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("chưa lưu gì"))
            for (row, message) in [
                (3, "nonsense"), (4, "bạn không nhập số liệu cho Huyện Đắk Tô"), (5, "2023Q1"), (6, "không âm"),
                (7, "heroin, synthetic, cannabis, other"), (8, "đã có ở dòng 2"), (9, "không báo cáo chỉ số addicts"),
            ] {
                #expect(html.contains("<td class=\"num\">\(row)</td><td>") && html.contains(message), "row \(row): \(message)")
            }
            #expect(try await DataValueStore(database: app.db).count() == 0)

            let good =
                "\u{FEFF}element,unit,period,category,value\r\nschools_total,611,2023,,40\r\nschools_reached,611,2023,,38\r\n\"drug_cases_detected\",611,2023S1,heroin,\"4\"\r\nindustrial_zones_total,611,2023,,\r\n"
            let imported = try await ValuePath.confirm(district, try await district.post("/data/import", ["text": good]))
            #expect(imported.status == .ok)
            #expect(imported.body.string.contains("đã lưu cả 3 dòng"))
            #expect(try await DataValueStore(database: app.db).count() == 3)
            let over = try await district.post("/data/import", ["text": "element,unit,period,category,value\nschools_reached,611,2023,,50\n"])
            #expect(over.status == .unprocessableEntity, "reached may not exceed the total already saved")
        }
    }

    @Test func theAPISavesValuesOnlyWithATokenForTheUnit() async throws {
        try await withPCMT(.sqlite) { app in
            let (_, district) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "d")
            let (_, viewer) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "v")
            func post(_ token: String?, _ body: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.contentType = .json
                if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
                return try await app.testing().sendRequest(.POST, "/api/v1/datavalues", headers: headers, body: ByteBuffer(string: body))
            }
            let body = #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":40}]}"#
            #expect(try await post(nil, body).status == .unauthorized)
            #expect(try await post(viewer, body).status == .forbidden)
            #expect(
                try await post(district, #"{"orgunit":"612","period":"2023","values":[{"element":"schools_total","value":40}]}"#).status == .forbidden
            )
            #expect(
                try await post(district, #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":-4}]}"#).status
                    == .unprocessableEntity)
            #expect(try await post(district, body).status == .ok)
            #expect(
                try await post(district, #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":45}]}"#).status == .conflict,
                "without the version it saw, the client cannot overwrite")
            #expect(
                try await post(district, #"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":45,"version":1}]}"#).status
                    == .ok)
            #expect(try await DataValueStore(database: app.db).values(unitCode: "611", periods: ["2023"]).first?.value == 45)
            let elements = try await app.getJSON("/api/v1/dataelements") as? [[String: Any]]
            #expect(elements?.count == 29)
        }
    }
}

@Suite struct WorkbookImportTests {
    @Test func theTemplateWorkbookFilledInImports() async throws {
        try await withPCMT(.sqlite) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let template = try await district.get("/data/template.xlsx?unit=611&period=2024")
            #expect(template.status == .ok)
            var rows = try XLSXReader.firstSheetRows(Data(buffer: template.body))
            #expect(
                rows[0].prefix(7) == [
                    "Mã chỉ số [element]", "Mã đơn vị [unit]", "Kỳ [period]", "Mã phân tổ [category]", "Giá trị [value]", "Tên chỉ số", "Đơn vị tính",
                ], "Vietnamese headers, each column's code in brackets")
            // The district's own elements, one row per category: schools and zones (4), cases by drug (4), offenders by sex (2).
            #expect(rows.count == 1 + 10)
            #expect(Set(rows.dropFirst().map { $0[1] }) == ["611"] && Set(rows.dropFirst().map { $0[2] }) == ["2024"])
            // Fill in two values of the district's own elements and drop the others, as a district would.
            rows = [rows[0]] + rows.filter { $0.first == "schools_total" || $0.first == "schools_reached" }
            rows[1][4] = "40"; rows[2][4] = "39"
            let workbook = try XLSXWriter.data(
                Spreadsheet(sheets: [Spreadsheet.Sheet(name: "x", header: rows[0], rows: rows.dropFirst().map { $0.map { .text($0) } })]))
            var headers = district.cookieHeader
            let boundary = "pcmt-boundary"
            headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            var body = ByteBuffer()
            let token = district.cookies[SecuritySettingsForTests.csrfCookie]!
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n")
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"so-lieu.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            body.writeBytes(workbook)
            body.writeString("\r\n--\(boundary)--\r\n")
            let response = try await ValuePath.confirm(
                district, try await app.testing().sendRequest(.POST, "/data/import", headers: headers, body: body))
            #expect(response.status == .ok)
            #expect(response.body.string.contains("so-lieu.xlsx: đã lưu cả 2 dòng"))
            let saved = try await DataValueStore(database: app.db).values(unitCode: "611", periods: ["2024"])
            #expect(Set(saved.map(\.value)) == [40, 39])
        }
    }
}

@Suite struct BoardExportTests {
    @Test func theBoardDownloadsAsExcelAndCSVAndTheExportIsAudited() async throws {
        try await withPCMT(.sqlite, demo: 3959) { app in
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            let board = "/plans/\(konTumPlanID)/board"
            let workbook = try await viewer.get("\(board).xlsx?period=2023&unit=62")
            #expect(workbook.status == .ok)
            let rows = try XLSXReader.firstSheetRows(Data(buffer: workbook.body))
            #expect(rows.count == 17)
            #expect(rows[0].first == "Mã" && rows[4].first == "T04")
            let page = try await viewer.get("\(board)?period=2023&unit=62").body.string
            #expect(page.contains(rows[4][7]), "the status word is the board's")
            let csv = try await viewer.get("\(board).csv?period=2023&unit=62")
            #expect(csv.headers.contentType?.subType == "csv")
            let text = csv.body.string
            #expect(text.hasPrefix("\u{FEFF}\"Mã\""))
            #expect(text.components(separatedBy: "\r\n").count == 18)
            // Numbers in the page's language: a decimal comma in Vietnamese, a point in English; never as text.
            let percents = text.matches(of: /"(-?[0-9.,]+%)"/).map { String($0.output.1) }
            #expect(!percents.isEmpty)
            #expect(percents.allSatisfy { $0.wholeMatch(of: /-?[0-9]+(,[0-9])?%/) != nil }, "\(percents)")
            #expect(percents.contains { $0.contains(",") }, "\(percents)")
            #expect(!text.contains("\"'-"), "a negative number written as text")
            viewer.cookies["pcmt_lang"] = "en"
            let english = try await viewer.get("\(board).csv?period=2023&unit=62").body.string
            let englishPercents = english.matches(of: /"(-?[0-9.,]+%)"/).map { String($0.output.1) }
            #expect(englishPercents.allSatisfy { $0.wholeMatch(of: /-?[0-9]+(\.[0-9])?%/) != nil }, "\(englishPercents)")
            #expect(englishPercents.count == percents.count)
            viewer.cookies["pcmt_lang"] = nil
            let exports = try await AuditLog(database: app.db).events(AuditFilter(kind: .export))
            #expect(exports.count == 3 && exports.allSatisfy { $0.actor == "viewer" })
            let commune = try await TestAccounts.browser(app, "pleikan", .communeOfficer, unit: "23377")
            #expect(try await commune.get("\(board).csv?unit=612").status == .forbidden, "an export shows no more than the page")
        }
    }
}
