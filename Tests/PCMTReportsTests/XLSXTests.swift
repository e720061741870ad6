import Foundation
import PCMTDomain
import Testing

@testable import PCMTReports

@Suite struct XLSXTests {
    @Test func whatIsWrittenReadsBack() throws {
        let sheet = Spreadsheet.Sheet(
            name: "Số liệu: 2023/S1", header: ["element", "unit", "value", "tỷ lệ"],
            rows: [
                [.text("drug_cases_detected"), .text("611"), .number(43), .percent(0.973)],
                [.text("Xã Pờ Y & <Bờ Y>"), .text("0123"), .number(2.5), .empty],
                [.text("=cmd"), .empty, .number(1_234_567), .percent(1)],
            ])
        let data = try XLSXWriter.data(Spreadsheet(sheets: [sheet]))
        #expect(data.prefix(2) == Data("PK".utf8))
        let rows = try XLSXReader.firstSheetRows(data)
        #expect(rows[0] == ["element", "unit", "value", "tỷ lệ"])
        #expect(rows[1] == ["drug_cases_detected", "611", "43", "0.973"])
        #expect(rows[2] == ["Xã Pờ Y & <Bờ Y>", "0123", "2.5", ""])
        #expect(rows[3] == ["=cmd", "", "1234567", "1"])
    }

    @Test func columnNames() {
        #expect(XLSXWriter.columnName(0) == "A")
        #expect(XLSXWriter.columnName(25) == "Z")
        #expect(XLSXWriter.columnName(26) == "AA")
        #expect(XLSXWriter.columnName(701) == "ZZ")
        #expect(XLSXWriter.columnName(702) == "AAA")
    }

    @Test func hostileReferencesAreRefusedNotObeyed() throws {
        #expect(XLSXReaderProbe.column("ZZZZZZZZZZZZZZ") == nil)
        #expect(XLSXReaderProbe.column("XFD") == 16_383)
        #expect(XLSXReaderProbe.column("XFE") == nil)
    }

    @Test func somethingElseIsRefusedClearly() {
        #expect(throws: XLSXError.self) { try XLSXReader.firstSheetRows(Data("element,unit\n".utf8)) }
    }
}

enum XLSXReaderProbe {
    static func column(_ reference: String) -> Int? { XLSXReader.columnIndex(reference) }
}

@Suite struct CSVWriterTests {
    @Test func typedTextIsNeutralisedButNumbersKeepTheirSign() {
        let sheet = Spreadsheet.Sheet(
            name: "x", header: ["a", "=b"], rows: [[.text("-1+2"), .number(-5)], [.text("@x"), .percent(-0.125)], [.empty, .number(2.5)]])
        let text = CSVWriter.document(sheet)
        #expect(text == "\u{FEFF}\"a\",\"'=b\"\r\n\"'-1+2\",\"-5\"\r\n\"'@x\",\"-12.5%\"\r\n\"\",\"2.5\"\r\n")
    }

    @Test func numbersAreWrittenInTheNotationAsked() {
        let sheet = Spreadsheet.Sheet(
            name: "x", header: ["a"], rows: [[.percent(0.6875)], [.percent(-0.125)], [.number(1021)], [.number(2.5)], [.text("1.5")]])
        // Vietnamese: a decimal comma, no thousands dots; text as typed.
        #expect(CSVWriter.document(sheet, notation: .vi) == "\u{FEFF}\"a\"\r\n\"68,8%\"\r\n\"-12,5%\"\r\n\"1021\"\r\n\"2,5\"\r\n\"1.5\"\r\n")
        #expect(CSVWriter.document(sheet) == "\u{FEFF}\"a\"\r\n\"68.8%\"\r\n\"-12.5%\"\r\n\"1021\"\r\n\"2.5\"\r\n\"1.5\"\r\n")
    }
}
