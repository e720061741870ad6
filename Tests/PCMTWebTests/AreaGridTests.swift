import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTReports
@testable import PCMTWeb

/// A district's area in one grid (issue 14, item 2): its communes as rows and their figures as columns, the district's
/// own figures below, saved all at once or not at all, each cell against the version it showed.
@Suite struct AreaGridTests {
    static func communes(_ app: Application) async throws -> [OrgUnit] {
        try await OrgUnitStore(database: app.db).children(of: "611").filter { $0.level == .commune && ($0.validTo ?? "9999") >= "2024-06-30" }
            .sorted { $0.code < $1.code }
    }

    @Test(arguments: TestBackend.available)
    func aDistrictEntersItsCommunesInOneGridSavedAllOrNothing(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let communes = try await Self.communes(app)
            #expect(communes.count >= 3)
            let (a, b, c) = (communes[0], communes[1], communes[2])
            let path = "/data/communes/611/2024S1"
            let page = try await district.get(path)
            #expect(page.status == .ok)
            var html = page.body.string
            #expect(html.contains("Huyện Ngọc Hồi và các xã · 6 tháng đầu năm 2024"))
            for commune in communes { #expect(html.contains("<th scope=\"row\" class=\"unit\">\(commune.name)</th>")) }
            #expect(
                html.contains("Người nghiện ma túy có hồ sơ quản lý<small>người</small>")
                    || html.contains("Người nghiện ma túy có hồ sơ quản lý<small>"))
            #expect(html.contains("name=\"v_\(a.code)_addicts__male\"") && html.contains("name=\"v_611_schools_total\""))
            #expect(html.contains("aria-label=\"\(a.name) — Lượt tư vấn"), "each cell says its commune and figure")

            // Two communes and the district in one save.
            var form: [String: String] = [
                "v_\(a.code)_counselling": "12", "v_\(a.code)_addicts__male": "7", "v_\(a.code)_users_with_record": "20",
                "v_\(b.code)_counselling": "1.000", "v_611_schools_total": "40",
            ]
            var saved = try await district.post(path, form)
            #expect(saved.status == .ok)
            html = saved.body.string
            #expect(html.contains("Đã lưu: 5 số liệu thay đổi, lưu cùng một lần."), "\(html.prefix(3000))")
            #expect(try await ValuePath.value(app, b.code, "2024S1", "counselling")?.value == 1000, "read in the page's notation")
            #expect(try await ValuePath.value(app, a.code, "2024S1", "addicts", "male")?.value == 7)
            #expect(try await ValuePath.value(app, "611", "2024S1", "schools_total")?.value == 40)
            #expect(html.contains("<td class=\"num\">1.012</td>"), "the column's total of what is saved")
            let history = try await DataValueStore(database: app.db).history(unitCode: a.code, period: "2024S1")
            #expect(history.contains { $0.source == "entered" })

            // A bad cell and a part above its whole, in two communes: both named, nothing saved.
            form = [
                "v_\(b.code)_counselling": "abc", "v_\(c.code)_users_with_record": "5", "v_\(c.code)_users_served": "9",
                "v_\(a.code)_counselling": "13", "ver_\(a.code)_counselling": "1",
            ]
            let refused = try await district.post(path, form)
            #expect(refused.status == .unprocessableEntity)
            html = refused.body.string
            #expect(html.contains("href=\"#f-\(b.code)_counselling\">\(b.name) — Lượt tư vấn về nghiện ma túy</a>"), "\(html.prefix(4000))")
            #expect(html.contains("href=\"#f-\(c.code)_users_served\">\(c.name) —"))
            #expect(html.contains("value=\"abc\""), "what was typed is kept")
            #expect(try await ValuePath.value(app, a.code, "2024S1", "counselling")?.value == 12, "nothing saved, not even the good cell")
            #expect(try await ValuePath.value(app, c.code, "2024S1", "users_with_record") == nil)

            // A cell saved by someone else since the grid was opened: 409, nothing saved, the new value shown.
            let stale = [
                "v_\(a.code)_counselling": "14", "ver_\(a.code)_counselling": "1", "v_\(b.code)_counselling": "2", "ver_\(b.code)_counselling": "1",
            ]
            let meanwhile = try await DataValueStore(database: app.db).saveSet(
                [
                    ImportRow(
                        element: "counselling", placement: UnitPlacement(unitCode: a.code, districtCode: "611", provinceCode: "62"),
                        period: .halfYear(2024, half: 1), category: "", value: 15, expectedVersion: 1)
                ], context: ChangeContext(actor: "xa", actorUnit: a.code, address: nil))
            #expect(meanwhile == .saved(changed: 1))
            let conflict = try await district.post(path, stale)
            #expect(conflict.status == .conflict)
            #expect(conflict.body.string.contains("Chưa lưu gì: người khác đã lưu các số liệu sau khi bạn mở bảng."))
            #expect(conflict.body.string.contains("hiện là 15 (xa,"))
            #expect(try await ValuePath.value(app, b.code, "2024S1", "counselling")?.value == 1000)
            saved = try await district.get(path)
            #expect(saved.body.string.contains("name=\"ver_\(a.code)_counselling\" value=\"2\""))
        }
    }

    /// The grid as a workbook: every commune a row, Vietnamese headers with units of measure, what is saved filled in;
    /// imported back unchanged it changes nothing, and a sheet in that layout typed by hand is read figure by figure.
    @Test func theGridsWorkbookImportsBackUnchangedAndAHandMadeOneIsRead() async throws {
        try await withPCMT(.sqlite) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let communes = try await Self.communes(app)
            let (a, b) = (communes[0], communes[1])
            let form = [
                "v_\(a.code)_counselling": "12", "v_\(a.code)_addicts__male": "7", "v_\(a.code)_users_with_record": "20", "v_611_schools_total": "40",
            ]
            #expect(try await district.post("/data/communes/611/2024S1", form).status == .ok)

            let download = try await district.get("/data/communes/611/2024S1/template.xlsx")
            #expect(download.status == .ok)
            let bytes = Data(buffer: download.body)
            let sheet = try XLSXReader.firstSheet(bytes)
            let header = sheet.rows.first?.cells.map { $0.cell.text } ?? []
            #expect(header.prefix(3) == ["Mã đơn vị [unit]", "Tên đơn vị", "Kỳ [period]"])
            #expect(header.contains("Lượt tư vấn về nghiện ma túy (lượt) [counselling]"), "\(header)")
            #expect(header.contains { $0.hasPrefix("Người nghiện ma túy có hồ sơ quản lý — ") && $0.hasSuffix("[addicts__male]") })
            #expect(sheet.rows.count == 1 + communes.count + 1, "a row per commune and the district")
            // Unchanged, it changes nothing.
            let preview = try await ValuePath.upload(district, name: "so-lieu-611.xlsx", bytes)
            #expect(preview.status == .ok)
            #expect(
                preview.body.string.contains("0 số liệu thay đổi (0 số liệu mới, 0 số liệu thay số đã lưu), 4 số liệu giữ nguyên"),
                "\(preview.body.string.prefix(4000))")
            // Someone saves a value after the download: the old file never puts the old value back (found by a helper).
            let outcome = try await DataValueStore(database: app.db).saveSet(
                [
                    ImportRow(
                        element: "users_with_record", placement: UnitPlacement(unitCode: a.code, districtCode: "611", provinceCode: "62"),
                        period: .halfYear(2024, half: 1), category: "", value: 25, expectedVersion: 1)
                ], context: ChangeContext(actor: "nguoikhac", actorUnit: a.code, address: nil))
            #expect(outcome == .saved(changed: 1))
            let stale = try await ValuePath.upload(district, name: "so-lieu-611.xlsx", bytes)
            #expect(stale.status == .unprocessableEntity)
            #expect(stale.body.string.contains("đã được nguoikhac sửa thành 25 lúc"), "\(stale.body.string.prefix(4000))")
            #expect(stale.body.string.contains("sau khi tệp này được tải về"))
            #expect(try await ValuePath.value(app, a.code, "2024S1", "users_with_record")?.value == 25)

            // Typed by hand in the same layout (CSV with semicolons, Vietnamese numbers), blank cells saying nothing.
            let csv = """
                Mã đơn vị [unit];Tên đơn vị;Kỳ [period];Lượt tư vấn (lượt) [counselling];Nam [addicts__male];Tổng [users_with_record]
                \(a.code);\(a.name);2024S1;13;;
                \(b.code);\(b.name);2024S1;1.500;2;30

                """
            let typed = try await ValuePath.upload(district, name: "tay.csv", Data(csv.utf8))
            #expect(typed.status == .ok)
            #expect(
                typed.body.string.contains("4 số liệu thay đổi (3 số liệu mới, 1 số liệu thay số đã lưu), 0 số liệu giữ nguyên"),
                "\(typed.body.string.prefix(4000))")
            #expect(try await ValuePath.confirm(district, typed).status == .ok)
            #expect(try await ValuePath.value(app, a.code, "2024S1", "counselling")?.value == 13)
            #expect(try await ValuePath.value(app, b.code, "2024S1", "counselling")?.value == 1500)
            #expect(try await ValuePath.value(app, b.code, "2024S1", "addicts", "male")?.value == 2)
            #expect(try await ValuePath.value(app, a.code, "2024S1", "addicts", "male")?.value == 7, "a blank cell clears nothing")
        }
    }

    /// A grid sent back whole, as a browser does, writes only the cells the person changed: a value saved meanwhile in
    /// another cell stays; the same cell changed by both is a conflict, and the grid that comes back shows the value
    /// saved meanwhile in every cell the person did not change, so saving it again overwrites nothing (found by a
    /// helper: saving again after a 409 used to delete the other person's values).
    @Test(arguments: TestBackend.available)
    func aStaleGridNeverOverwritesWhatWasSavedMeanwhile(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let communes = try await Self.communes(app)
            let (a, b) = (communes[0], communes[1])
            let path = "/data/communes/611/2024S1"
            func meanwhile(_ unit: OrgUnit, _ element: String, _ value: Double, version: Int) async throws {
                let outcome = try await DataValueStore(database: app.db).saveSet(
                    [
                        ImportRow(
                            element: element, placement: UnitPlacement(unitCode: unit.code, districtCode: "611", provinceCode: "62"),
                            period: .halfYear(2024, half: 1), category: "", value: value, expectedVersion: version)
                    ], context: ChangeContext(actor: "nguoikhac", actorUnit: unit.code, address: nil))
                #expect(outcome == .saved(changed: 1))
            }
            // Someone saves a's methadone while the grid is open; the grid, sent whole with b changed, keeps it.
            var fields = ValuePath.formFields(try await district.get(path).body.string)
            #expect(fields["old_\(a.code)_methadone"] == "")
            try await meanwhile(a, "methadone", 2, version: 0)
            fields["v_\(b.code)_counselling"] = "8"
            var answer = try await district.post(path, fields)
            #expect(answer.status == .ok)
            #expect(answer.body.string.contains("Đã lưu: 1 số liệu thay đổi"), "\(answer.body.string.prefix(3000))")
            #expect(try await ValuePath.value(app, a.code, "2024S1", "methadone")?.value == 2, "not overwritten by the stale empty cell")

            // Both change b's counselling: a conflict; the grid that comes back, saved again, overwrites nothing else.
            fields = ValuePath.formFields(try await district.get(path).body.string)
            try await meanwhile(b, "counselling", 9, version: 1)
            try await meanwhile(a, "methadone", 3, version: 1)
            fields["v_\(b.code)_counselling"] = "10"
            answer = try await district.post(path, fields)
            #expect(answer.status == .conflict)
            let again = ValuePath.formFields(answer.body.string)
            #expect(again["v_\(b.code)_counselling"] == "10" && again["old_\(b.code)_counselling"] == "9", "the typed value over the new one")
            #expect(again["v_\(a.code)_methadone"] == "3", "an untouched cell shows what is saved now")
            answer = try await district.post(path, again)
            #expect(answer.status == .ok)
            #expect(try await ValuePath.value(app, b.code, "2024S1", "counselling")?.value == 10)
            #expect(try await ValuePath.value(app, a.code, "2024S1", "methadone")?.value == 3, "the other person's value stays")
        }
    }

    /// The year's grid shows in each empty cell the figure made from the two half-years, by the element's rule, and
    /// does not save it: a flow is added (counselling 12 + 5), a stock taken at the year's end (records: 20, then 22).
    @Test(arguments: TestBackend.available)
    func aYearsGridShowsTheHalvesFigures(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let a = try await Self.communes(app)[0]
            #expect(
                try await district.post(
                    "/data/communes/611/2024S1", ["v_\(a.code)_counselling": "12", "v_\(a.code)_users_with_record": "20"]
                ).status == .ok)
            #expect(
                try await district.post(
                    "/data/communes/611/2024S2", ["v_\(a.code)_counselling": "5", "v_\(a.code)_users_with_record": "22"]
                ).status == .ok)
            let html = try await district.get("/data/communes/611/2024").body.string
            #expect(html.contains("name=\"v_\(a.code)_counselling\" value=\"\""), "nothing entered for the year itself")
            #expect(html.contains("placeholder=\"17\""), "a flow: the two halves added")
            #expect(html.contains("placeholder=\"22\""), "a stock: the second half")
            #expect(html.contains("Ô trống hiện số (mờ) tính từ hai kỳ 6 tháng"))
            #expect(try await ValuePath.value(app, a.code, "2024", "counselling") == nil, "shown, not saved")
            #expect(
                !(try await district.get("/data/communes/611/2024S1").body.string.contains("Từ hai kỳ 6 tháng; chỉ nhập")), "a half-year has none")
        }
    }

    @Test func theGridIsForADistrictAndItsPeople() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "vanphong", .standingOffice, unit: "62-CAT")
            #expect(try await office.get("/data/communes/611/2024S1").status == .ok)
            #expect(try await office.get("/data/communes/23377/2024S1").status == .notFound, "a commune has no grid of communes")
            #expect(try await office.get("/data/communes/611/2031").status == .notFound)
            let other = try await TestAccounts.browser(app, "dakto", .districtReporter, unit: "612")
            #expect(try await other.get("/data/communes/611/2024S1").status == .forbidden)
            // Chosen on the data page: the grid, its workbook, the templates for the unit and period chosen.
            for (view, location) in [
                ("communes", "/data/communes/611/2024S1"), ("communes.xlsx", "/data/communes/611/2024S1/template.xlsx"),
                ("template.xlsx", "/data/template.xlsx?unit=611&period=2024S1"), ("template.csv", "/data/template.csv?unit=611&period=2024S1"),
                ("form", "/data/611/2024S1"),
            ] {
                let chosen = try await office.get("/data/open?unit=611&period=2024S1&view=\(view)")
                #expect(chosen.headers.first(name: .location) == location, "\(view)")
            }
            #expect(try await office.get("/data").body.string.contains("name=\"view\" value=\"communes\""))
            // Linked from the district's own form.
            #expect(try await office.get("/data/611/2024S1").body.string.contains("href=\"/data/communes/611/2024S1\""))
        }
    }
}
