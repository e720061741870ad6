import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTReports
@testable import PCMTWeb

/// Every text cell of an imported file passes the one rule for outside text (``CleanText``, issue 12 item 2) before it
/// is checked or kept: a control character or an over-long cell in a CSV file or a workbook is refused, naming the row,
/// the column and the character, and nothing is saved.
@Suite struct ImportCellTextTests {
    @Test func aControlCharacterInAnUploadedCSVIsRefusedNamingItsPlace() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let csv = "element,unit,period,category,value\ncounselling,23281,2024S1,,7\ncounselling,23284,2024S1,ab\u{0007}c,8\n"
            let response = try await ValuePath.upload(office, name: "chuong.csv", Data(csv.utf8))
            #expect(response.status == .unprocessableEntity)
            let page = response.body.string
            #expect(page.contains("category: ký tự thứ 3 là ký tự điều khiển (U+0007), không được phép."), "\(page.prefix(4000))")
            #expect(try await DataValueStore(database: app.db).count() == 0, "nothing saved")
        }
    }

    @Test func aWorkbookCellLongerThanTheCellLimitIsRefused() async throws {
        try await withPCMT(.sqlite) { app in
            let (office, _) = try await ValuePath.office(app)
            let long = String(repeating: "x", count: CleanText.cellLimit + 1)
            let data = try ValuePath.workbook([[.text("counselling"), .text("23281"), .text("2024S1"), .text(long), .number(3)]])
            let response = try await ValuePath.upload(office, name: "dai.xlsx", data)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("category: tối đa 1000 ký tự."))
            #expect(try await DataValueStore(database: app.db).count() == 0, "nothing saved")
        }
    }
}
