import Foundation
import PropertyBased
import Testing

@testable import PCMTReports

/// The workbook reader: what each cell holds, and damaged or hostile archives refused without a trap or a hang.
@Suite struct XLSXReaderTests {
    static func workbook(sheet: String, styles: String? = nil, shared: String? = nil) throws -> Data {
        var parts: [(path: String, xml: String)] = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        if let styles { parts.append(("xl/styles.xml", styles)) }
        if let shared { parts.append(("xl/sharedStrings.xml", shared)) }
        return try #require(try OOXMLPackage.zip(parts))
    }

    @Test func eachCellSaysWhatItHolds() throws {
        let sheet = """
            <worksheet><sheetData><row r="1">\
            <c r="A1" t="s"><v>0</v></c><c r="B1"><v>1.5</v></c><c r="C1" s="1"><v>45292</v></c><c r="D1" t="e"><v>#DIV/0!</v></c>\
            <c r="E1"><f>A1*2</f></c><c r="F1"><f>B1*2</f><v>3</v></c><c r="G1" t="b"><v>1</v></c><c r="H1" t="inlineStr"><is><t>1.000</t></is></c>\
            <c r="I1" t="str"><f>A1</f><v>abc</v></c><c r="J1" t="d"><v>2024-01-01</v></c><c r="K1" t="s"><v>7</v></c><c r="L1"><v>1e400</v></c>\
            <c r="N1" s="2"><v>12.5</v></c></row><row r="3"><c r="A3"><v>7</v></c></row></sheetData></worksheet>
            """
        let styles = """
            <styleSheet><numFmts><numFmt numFmtId="164" formatCode="[$-42A]dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00&quot; m²&quot;"/></numFmts>\
            <cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>
            """
        let shared = "<sst><si><r><t>Phường </t></r><r><t>Quang Trung</t></r><rPh><t>ふりがな</t></rPh></si></sst>"
        let rows = try XLSXReader.firstSheetCells(try Self.workbook(sheet: sheet, styles: styles, shared: shared))
        #expect(
            rows[0] == [
                .text("Phường Quang Trung"), .number(1.5), .date("45292"), .error("#DIV/0!"), .formulaWithoutValue("A1*2"), .number(3),
                .boolean(true), .text("1.000"), .text("abc"), .date("2024-01-01"), .unreadable("shared string 7"), .unreadable("1e400"), .empty,
                .number(12.5),
            ])
        #expect(rows[1] == [], "a missing row is an empty row in its place")
        #expect(rows[2] == [.number(7)])
        #expect(try XLSXReader.firstSheetRows(try Self.workbook(sheet: sheet, styles: styles, shared: shared))[0][4] == "=A1*2")
    }

    @Test func dateFormatsAreKnown() {
        #expect(XLSXReader.isDateFormat(id: 14, code: nil))
        #expect(XLSXReader.isDateFormat(id: 164, code: "dd/mm/yyyy hh:mm"))
        #expect(!XLSXReader.isDateFormat(id: 164, code: "#,##0.0"))
        #expect(!XLSXReader.isDateFormat(id: 165, code: "0.00\" ngày\""), "quoted text is not a date code")
        #expect(!XLSXReader.isDateFormat(id: 166, code: "[Red]General"))
        #expect(!XLSXReader.isDateFormat(id: 10, code: nil), "a percentage")
    }

    /// A workbook cut at any length, or with any byte changed, is read or refused — never a trap, never a hang
    /// (ZIPFoundation's inflate loops for ever on a stream cut short; see ZIPReader).
    @Test func damagedArchivesAreRefusedNeverObeyed() async throws {
        let good = try XLSXWriter.data(
            Spreadsheet(sheets: [
                Spreadsheet.Sheet(
                    name: "x", header: ["element", "unit", "period", "category", "value"],
                    rows: (0..<30).map { [.text("counselling"), .text("2328\($0)"), .text("2024S1"), .empty, .number(Double($0))] })
            ]))
        #expect(try XLSXReader.firstSheetCells(good).count == 31)
        for length in stride(from: 0, to: good.count, by: 7) {
            _ = try? XLSXReader.firstSheetCells(good.prefix(length))
        }
        await propertyCheck(count: 1500, input: Gen.int(in: 0...Int(UInt32.max)).array(of: 1...8)) { edits in
            var bytes = [UInt8](good)
            for edit in edits { bytes[edit % bytes.count] = UInt8(truncatingIfNeeded: edit >> 11) }
            _ = try? XLSXReader.firstSheetCells(Data(bytes))
        }
    }

    @Test func deflateStreamsCutShortOrTooLargeAreErrors() throws {
        // A stored block claiming more bytes than there are, and a fixed block that never ends.
        var stored = Inflater(input: [0x01, 0x10, 0x00, 0xEF, 0xFF, 0x41], limit: 100)
        #expect(throws: ZIPReader.Failure.self) { try stored.run() }
        var endless = Inflater(input: [0x02], limit: 100)
        #expect(throws: ZIPReader.Failure.self) { try endless.run() }
        // 100,000 bytes packed into a few hundred: read whole within the limit, refused beyond it.
        let packed = try #require(try OOXMLPackage.zip([("a.xml", String(repeating: "a", count: 100_000))]))
        #expect(packed.count < 2_000)
        let archive = try ZIPReader(packed)
        #expect(try archive.read("a.xml", limit: 200_000)?.count == 100_000)
        #expect(throws: InputLimitExceeded.self) { try archive.read("a.xml", limit: 99_999) }
        let slice = try #require(archive.entries["a.xml"])
        let start = slice.localHeaderOffset + 30 + slice.path.utf8.count
        var capped = Inflater(input: Array(packed[start..<start + slice.compressedSize]), limit: 1_000)
        #expect(throws: ZIPReader.Failure.self) { try capped.run() }
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926, "the check value of CRC-32")
    }
}
