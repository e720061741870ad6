import Foundation
import Testing

@testable import PCMTReports

/// The parts of a workbook written as an annex: titles merged over the sheet, two header rows, print settings,
/// print titles and frozen panes, numbers as numbers. Read back from the zip as XML text.
@Suite struct XLSXPrintTests {
    static let annex = Spreadsheet.Sheet(
        name: "Chỉ tiêu's", titles: [.init("Phụ lục 01"), .init("KẾT QUẢ"), .init("(Kèm theo Báo cáo số …/BC-UBND)", .note)],
        header: ["Mã", "Chỉ số", "Kỳ này", "Tăng, giảm", "Tăng, giảm (%)", "Tỷ lệ"], units: ["", "", "(vụ)", "(vụ)", "(%)", "(điểm %)"],
        rows: [
            [.text("T01"), .text("Vụ <phát hiện>"), .number(1_234), .change(-12, .count), .change(0.075, .percent), .change(2.5, .points)],
            [.text("T02"), .text("Tỷ lệ"), .percent(0.973), .change(1.5, .count), .empty, .empty],
        ],
        widths: [6, 30, 10, 10, 10, 10], frozenColumns: 2)

    static func part(_ data: Data, _ path: String) throws -> String {
        let archive = try ZIPReader(data)
        let bytes = try #require(try archive.read(path, limit: 1 << 22))
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func anAnnexSheetPrintsOnA4LandscapeFittedToItsWidth() throws {
        let data = try XLSXWriter.data(Spreadsheet(sheets: [Self.annex, .init(name: "Plain", header: ["a"], rows: [[.number(1)]])]))
        let sheet = try Self.part(data, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"))
        #expect(sheet.contains("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"))
        #expect(sheet.contains("<headerFooter><oddFooter>&amp;CTrang &amp;P/&amp;N</oddFooter></headerFooter>"))
        // Three title lines, an empty row, the header on row 5 and the units on row 6: frozen below row 6 and after B.
        #expect(sheet.contains("<pane xSplit=\"2\" ySplit=\"6\" topLeftCell=\"C7\" activePane=\"bottomRight\" state=\"frozen\"/>"))
        #expect(sheet.contains("<mergeCells count=\"3\"><mergeCell ref=\"A1:F1\"/><mergeCell ref=\"A2:F2\"/><mergeCell ref=\"A3:F3\"/></mergeCells>"))
        #expect(sheet.contains("<autoFilter ref=\"A6:F8\"/>"))
        #expect(sheet.contains("<c r=\"A5\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Mã</t></is></c>"))
        #expect(sheet.contains("<c r=\"C6\" s=\"7\" t=\"inlineStr\"><is><t xml:space=\"preserve\">(vụ)</t></is></c>"))
        #expect(sheet.contains("<c r=\"A3\" s=\"6\" t=\"inlineStr\">"))
        // Numbers are numbers, each with its format's style: thousands, signed, signed %, points, percent.
        #expect(sheet.contains("<c r=\"C7\" s=\"2\"><v>1234.0</v></c>"))
        #expect(sheet.contains("<c r=\"D7\" s=\"8\"><v>-12.0</v></c>"))
        #expect(sheet.contains("<c r=\"E7\" s=\"10\"><v>0.075</v></c>"))
        #expect(sheet.contains("<c r=\"F7\" s=\"11\"><v>2.5</v></c>"))
        #expect(sheet.contains("<c r=\"C8\" s=\"4\"><v>0.973</v></c>"))
        #expect(sheet.contains("<c r=\"D8\" s=\"9\"><v>1.5</v></c>"))
        // The elements in the order ECMA-376 requires.
        let order = [
            "<sheetPr>", "<dimension ref=\"A1:F8\"/>", "<sheetViews>", "<cols>", "<sheetData>", "<autoFilter", "<mergeCells", "<printOptions",
            "<pageMargins", "<pageSetup", "<headerFooter>",
        ]
        let positions = try order.map { try #require(sheet.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())

        let workbook = try Self.part(data, "xl/workbook.xml")
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Chỉ tiêu''s'!$5:$6</definedName>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'Plain'!$1:$1</definedName>"))
        #expect(
            workbook.contains("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'Chỉ tiêu''s'!$A$6:$F$8</definedName>"))
        #expect(workbook.range(of: "</sheets><definedNames>") != nil)

        let styles = try Self.part(data, "xl/styles.xml")
        #expect(styles.contains("<cellXfs count=\"12\">"))
        #expect(styles.components(separatedBy: "<xf numFmtId=").count - 1 == 13, "one cell style for the base and twelve for cells")
        #expect(styles.contains("formatCode=\"[$-42A]+0.0&quot; điểm %&quot;;-0.0&quot; điểm %&quot;;0&quot; điểm %&quot;\""))
        // Every number format is in the Vietnamese locale (2.573; 84,9%), and the count says how many there are.
        let formats = styles.components(separatedBy: "<numFmt numFmtId=").dropFirst()
        #expect(formats.count == 7 && styles.contains("<numFmts count=\"7\">"))
        #expect(formats.allSatisfy { $0.contains("formatCode=\"[$-42A]") })
    }

    @Test func aSheetWithoutTitlesKeepsItsHeaderOnTheFirstRow() throws {
        let data = try XLSXWriter.data(
            Spreadsheet(sheets: [.init(name: "Mẫu", header: ["element", "value"], rows: [[.text("x"), .number(2)], [.text("y"), .empty]])]))
        let sheet = try Self.part(data, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(!sheet.contains("<mergeCells"))
        #expect(sheet.contains("<autoFilter ref=\"A1:B3\"/>"))
        let rows = try XLSXReader.firstSheetRows(data)
        #expect(rows.first == ["element", "value"])
        #expect(rows.dropFirst().first == ["x", "2"])
    }

    @Test func theCSVOfAnAnnexSheetHasItsHeaderAndNumbersOnly() {
        #expect(
            CSVWriter.document(Self.annex)
                == "\u{FEFF}\"Mã\",\"Chỉ số\",\"Kỳ này\",\"Tăng, giảm\",\"Tăng, giảm (%)\",\"Tỷ lệ\"\r\n"
                + "\"T01\",\"Vụ <phát hiện>\",\"1234\",\"-12\",\"7.5%\",\"2.5\"\r\n\"T02\",\"Tỷ lệ\",\"97.3%\",\"1.5\",\"\",\"\"\r\n")
    }

    @Test func aTextLongerThanACellHoldsIsCutAndSaysSo() throws {
        let long = String(repeating: "ghi chú ", count: 6_000)
        let xml = XLSXWriter.cell(.text(long), column: 0, row: 1, style: 0)
        let text = try #require(xml.split(separator: ">").dropFirst(3).first.map { String($0.prefix { $0 != "<" }) })
        #expect(text.count <= 32_767 && text.hasSuffix("… (đã cắt bớt)"))
        #expect(XLSXWriter.cell(.text("ngắn"), column: 0, row: 1, style: 0).contains(">ngắn</t>"))
    }
}
