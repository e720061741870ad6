import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// The import of a commune's existing list (issue 17) on a real database: a file with problems is refused whole,
/// every problem named by row and column, nobody registered; a clean workbook or CSV file registers every row at once,
/// and the list shows the people masked. Made-up people, ID numbers beginning 999.
@Suite struct RegistryImportWebTests {
    static let today = "2026-11-30"
    static let header = RegistryImport.columns.map(\.header)

    static func workbook(_ rows: [[Spreadsheet.Cell]], header: [String] = header) throws -> Data {
        try XLSXWriter.data(Spreadsheet(sheets: [Spreadsheet.Sheet(name: "Danh sách", header: header, rows: rows)]))
    }

    static func row(
        _ name: String, sex: String = "Nam", birth: Spreadsheet.Cell = .text("08/03/1994"), id: String, status: String = "Nghiện",
        statusOn: Spreadsheet.Cell = .text("11/02/2026"), managedFrom: Spreadsheet.Cell = .text("15/02/2026")
    ) -> [Spreadsheet.Cell] {
        [
            .text(name), .text(""), .text(sex), birth, .text(id), .text("Thôn Mẫu Thử"), .text(status), statusOn, .text("Trạm y tế xã Tu Mơ Rông"),
            managedFrom,
        ]
    }

    func upload(_ browser: Browser, _ name: String, _ data: Data) async throws -> TestingHTTPResponse {
        try await AttachmentTests.upload(browser, "/registry/communes/23425/import", file: (name, data))
    }

    @Test(arguments: TestBackend.available)
    func aListWithProblemsIsRefusedWholeAndACleanOneIsRegisteredAtOnce(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            app.clock = try #require(ProvinceClock.fixed(day: Self.today))
            let registry = PeopleRegistryStore(database: app.db, cipher: app.personalData)
            let tuMoRong = try await TestAccounts.browser(app, "xa23425", .communeOfficer, unit: "23425")
            let boY = try await TestAccounts.browser(app, "xa23377", .communeOfficer, unit: "23377")
            // Bờ Y keeps a record with the number the list repeats.
            let held = try await boY.post(
                "/registry/communes/23377/new",
                [
                    "fullName": "Lê Văn Giả", "otherNames": "", "sex": "male", "birth": "1990", "idNumber": "999000000199", "address": "",
                    "status": "addict", "statusOn": "2026-01-05", "statusBody": "Trạm y tế xã Bờ Y", "managedFrom": "2026-01-06",
                ])
            #expect(held.status == .seeOther)

            // The page explains the columns and links to the template and the form; the list links to it.
            let list = try await tuMoRong.get("/registry/communes/23425")
            #expect(list.body.string.contains("href=\"/registry/communes/23425/import\"") && list.body.string.contains("Nhập danh sách từ Excel"))
            let page = try await tuMoRong.get("/registry/communes/23425/import")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("/registry/communes/23425/import/template.xlsx"))
            #expect(page.body.string.contains("enctype=\"multipart/form-data\"") && page.body.string.contains("Ngày bắt đầu quản lý"))

            // The template: the header row alone.
            let template = try await tuMoRong.get("/registry/communes/23425/import/template.xlsx")
            #expect(template.status == .ok)
            let templateRows = try XLSXReader.firstSheetRows(Data(buffer: template.body))
            #expect(templateRows == [Self.header])

            // Every problem by row: a day that does not exist, a missing name, a number repeated in the list, one held by
            // Bờ Y; nobody registered.
            let bad = try Self.workbook([
                Self.row("Nguyễn Văn Thử", id: "999000000101"),
                Self.row("Trần Văn Mẫu", id: "999000000102", statusOn: .text("31/02/2026")),
                Self.row("", id: "999000000103"),
                Self.row("Phạm Văn Lặp", id: "999000000101"),
                [.empty, .empty, .empty],
                Self.row("Hoàng Văn Trùng", id: "999000000199"),
            ])
            let refused = try await upload(tuMoRong, "danh-sach.xlsx", bad)
            #expect(refused.status == .unprocessableEntity)
            let refusedPage = refused.body.string
            #expect(refusedPage.contains("danh-sach.xlsx chưa được nhập — chưa đăng ký ai. 4 lỗi:"))
            #expect(refusedPage.contains("<td class=\"num\">3</td><td>Ngày xác định</td><td>“31/02/2026” không phải là ngày"))
            #expect(refusedPage.contains("<td class=\"num\">4</td><td>Họ và tên</td><td>Bắt buộc nhập họ và tên.</td>"))
            #expect(refusedPage.contains("<td class=\"num\">5</td><td>Số CCCD/CMND</td><td>Trùng số giấy tờ với dòng 2.</td>"))
            #expect(refusedPage.contains("<td class=\"num\">7</td><td>Số CCCD/CMND</td><td>Số giấy tờ này đã có trong sổ của tỉnh: "))
            #expect(refusedPage.contains("(23377), hồ sơ đang quản lý. Không gộp hồ sơ."))
            #expect(!refusedPage.contains("Nguyễn Văn Thử"), "the page does not show the names read")
            #expect(try await registry.list(communeCode: "23425", includeClosed: true).isEmpty)

            // Problems of the file itself, named.
            let unknown = try await upload(
                tuMoRong, "cot-la.xlsx", try Self.workbook([Self.row("Nguyễn Văn Thử", id: "")], header: Self.header + ["Ghi chú"]))
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("Cột K (“Ghi chú”) không phải cột của danh sách"))
            let notAWorkbook = try await upload(tuMoRong, "hong.xlsx", Data("PK\u{3}\u{4}không phải bảng tính".utf8))
            #expect(notAWorkbook.status == .unprocessableEntity && notAWorkbook.body.string.contains("Không đọc được tệp dạng bảng tính .xlsx"))
            let noHeader = try await upload(tuMoRong, "trong.csv", Data("\n\n".utf8))
            #expect(noHeader.status == .unprocessableEntity)
            #expect(try await registry.list(communeCode: "23425", includeClosed: true).isEmpty)

            // A clean workbook: days as dd/mm/yyyy, an Excel day number, a year alone; words without accents.
            let clean = try Self.workbook([
                Self.row("Nguyễn Văn Thử", id: "999000000101"),
                Self.row(
                    "Trần Thị Mẫu", sex: "nữ", birth: .number(1990), id: "999000000102", status: "su dung trai phep", statusOn: .number(46064),
                    managedFrom: .text("2026-03-01")),
                Self.row("Phạm Văn Giả", id: ""),
            ])
            let imported = try await upload(tuMoRong, "danh-sach.xlsx", clean)
            #expect(imported.status == .ok)
            #expect(imported.body.string.contains("Đã đăng ký 3 người vào sổ của"))
            let people = try await registry.list(communeCode: "23425")
            #expect(people.count == 3)
            let mau = try #require(people.first { $0.sex == .female })
            #expect(mau.status == .illicitUser && mau.birthYear == 1990 && mau.managedFrom == "2026-03-01")
            let shown = try await tuMoRong.get("/registry/communes/23425").body.string
            for name in ["Nguyễn Văn Thử", "Trần Thị Mẫu", "Phạm Văn Giả"] {
                #expect(shown.contains(PersonalName.masked(name)) && !shown.contains(name))
            }
            #expect(!shown.contains("999000000101"))

            // A CSV file, UTF-8; a number already registered by the workbook is refused naming Tu Mơ Rông.
            let csv = CSVWriter.document(
                [Self.header]
                    + [
                        [
                            "Lê Thị Thử", "Tí", "Nữ", "1988", "999000000111", "Thôn Thử", "Nghiện", "05/01/2026", "Trạm y tế xã Tu Mơ Rông",
                            "06/01/2026",
                        ],
                        ["Đỗ Văn Mẫu", "", "nam", "12/12/1985", "999000000112", "", "Sử dụng trái phép", "2026-01-05", "Công an xã", "2026-01-06"],
                    ])
            let again = try await upload(
                tuMoRong, "danh-sach.csv", Data((csv + "Võ Văn Lại,,Nam,1991,999000000101,,Nghiện,05/01/2026,Trạm y tế,06/01/2026\n").utf8))
            #expect(again.status == .unprocessableEntity && again.body.string.contains("(23425), hồ sơ đang quản lý"))
            #expect(try await registry.list(communeCode: "23425").count == 3)
            let fromCSV = try await upload(tuMoRong, "danh-sach.csv", Data(csv.utf8))
            #expect(fromCSV.status == .ok && fromCSV.body.string.contains("Đã đăng ký 2 người"))
            #expect(try await registry.list(communeCode: "23425").count == 5)

            // Out of reach: Bờ Y's officer imports nothing into Tu Mơ Rông.
            let other = try await AttachmentTests.upload(boY, "/registry/communes/23425/import", file: ("danh-sach.csv", Data(csv.utf8)))
            #expect(other.status == .forbidden)
        }
    }
}
