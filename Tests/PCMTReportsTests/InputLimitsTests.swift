import Foundation
import Testing

@testable import PCMTReports

/// The workbook reader within ``InputLimits``: pathological workbooks made here (a cell in column XFD on every row,
/// a zip bomb, huge shared strings, too many rows and cells, a cell of megabytes, XML nested deep or declaring
/// entities) are each refused with the limit they cross, its value and where — or, for cells that hold nothing past
/// the limits, read without storing them.
@Suite struct InputLimitsTests {
    static func workbook(sheet: String, shared: String? = nil, extra: [(path: String, xml: String)] = []) throws -> Data {
        var parts: [(path: String, xml: String)] = [("xl/worksheets/sheet1.xml", sheet)]
        if let shared { parts.append(("xl/sharedStrings.xml", shared)) }
        return try #require(try OOXMLPackage.zip(parts + extra))
    }

    static func sheet(_ rows: String) -> String { "<worksheet><sheetData>\(rows)</sheetData></worksheet>" }

    /// Text that packs poorly (about 6 bits of 8 per character), so that the compression ratio limit is not what
    /// refuses it: a linear congruential sequence over 64 letters.
    static func unpackable(_ count: Int, seed: UInt32 = 12_345) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ăâđêôơưạ".unicodeScalars.prefix(64))
        var state = seed
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            state = state &* 1_664_525 &+ 1_013_904_223
            scalars.append(letters[Int(state >> 26)])
        }
        return String(scalars)
    }

    func exceeded(_ data: Data, limits: InputLimits = .standard) -> InputLimitExceeded? {
        do {
            _ = try XLSXReader.firstSheet(data, limits: limits)
            return nil
        } catch let error as InputLimitExceeded {
            return error
        } catch {
            Issue.record("expected a limit, got \(error)")
            return nil
        }
    }

    /// The file of issue 12: 20,000 rows each with one value in column XFD (under 100 KB packed). It once took the
    /// server to 3 GB; it is refused at its first cell, naming the column.
    @Test func aValueInColumnXFDIsRefusedAtTheFirstRow() throws {
        let rows = (1...20_000).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\"><v>1</v></c></row>" }.joined()
        let data = try Self.workbook(sheet: Self.sheet(rows))
        #expect(data.count < 200_000)
        let error = try #require(exceeded(data))
        #expect(error.limit == .columns && error.value == 256)
        #expect(error.whereEn == "sheet “1”, row 1, column XFD")
        #expect(error.vi == "Vượt giới hạn: có ô nằm ngoài giới hạn 256 cột (trang tính “1”, dòng 1, cột XFD).")
        #expect(!error.isByteSize)
        // Allowed Excel's full width, the same file is 20,000 rows of one entry each — never 16,384.
        var wide = InputLimits.standard
        wide.columns = 16_384
        let sheet = try XLSXReader.firstSheet(data, limits: wide)
        #expect(sheet.rows.count == 20_000)
        #expect(sheet.rows.allSatisfy { $0.cells == [.init(column: 16_383, cell: .number(1))] })
    }

    /// Cells that hold nothing (a style only) past the columns or rows limit are left out: a sheet formatted to its
    /// edges is not refused and costs nothing.
    @Test func emptyCellsPastTheLimitsAreLeftOut() throws {
        let rows =
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>value</t></is></c><c r=\"XFD1\" s=\"1\"/></row>"
            + (2...5_000).map { "<row r=\"\($0)\"><c r=\"B\($0)\"><v>\($0)</v></c><c r=\"XFD\($0)\" s=\"3\"/></row>" }.joined()
            + "<row r=\"1048576\"><c r=\"A1048576\" s=\"2\"/></row>"
        let sheet = try XLSXReader.firstSheet(try Self.workbook(sheet: Self.sheet(rows)))
        #expect(sheet.rows.count == 5_000)
        #expect(sheet.rows[0].cells == [.init(column: 0, cell: .text("value"))])
        #expect(sheet.rows[4_999].cells == [.init(column: 1, cell: .number(5_000))])
    }

    /// A part that unpacks past 32 MB is refused from its declared size, before any of it is unpacked; one whose
    /// unpacked size is more than 100 times its packed size (above 1 MB) is a zip bomb.
    @Test func zipBombsAreRefusedBeforeTheyUnpack() throws {
        let xml = Self.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" + String(repeating: " ", count: 33 * 1024 * 1024))
        let bomb = try Self.workbook(sheet: xml)
        #expect(bomb.count < 100_000, "33 MB packed into \(bomb.count) bytes")
        let big = try #require(exceeded(bomb))
        #expect(big.limit == .partBytes && big.value == 32 * 1024 * 1024 && big.isByteSize)
        #expect(big.whereEn == "part xl/worksheets/sheet1.xml, \(xml.utf8.count) bytes unpacked")
        #expect(big.vi.hasPrefix("Vượt giới hạn: một phần của tệp .xlsx khi giải nén lớn hơn giới hạn 32 MB (phần xl/worksheets/sheet1.xml"))

        let dense = try Self.workbook(
            sheet: Self.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" + String(repeating: " ", count: 4 * 1024 * 1024)))
        let ratio = try #require(exceeded(dense))
        #expect(ratio.limit == .compressionRatio && ratio.value == 100 && ratio.isByteSize)
        #expect(ratio.en.contains("more than 100 times its packed size"))

        // Every part within its own limit, but past the total.
        var limits = InputLimits.standard
        limits.partBytes = 600_000
        limits.unpackedBytes = 1_000_000
        let text = Self.unpackable(500_000)
        let both = try Self.workbook(
            sheet: Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>") + "<!--\(text)-->",
            shared: "<sst><si><t>x</t></si></sst><!--\(text)-->")
        let total = try #require(exceeded(both, limits: limits))
        #expect(total.limit == .unpackedBytes && total.value == 1_000_000)
        #expect(total.whereEn.hasPrefix("part xl/sharedStrings.xml"))
    }

    /// A part whose stream unpacks to more than its declared size is damaged, refused when the stream passes it.
    @Test func aPartLyingAboutItsSizeIsRefused() throws {
        var bytes = [UInt8](
            try Self.workbook(sheet: Self.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" + String(repeating: " ", count: 100_000))))
        // The central directory's uncompressed size of the sheet (offset 24 of its entry) set to 1,000 bytes.
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let entry = try #require((0..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == signature })
        bytes.replaceSubrange(entry + 24..<entry + 28, with: [0xE8, 0x03, 0, 0])
        #expect(throws: XLSXError.self) { try XLSXReader.firstSheet(Data(bytes)) }
    }

    @Test func sharedStringsAreCountedAndMeasured() throws {
        var limits = InputLimits.standard
        limits.sharedStrings = 1_000
        let many = "<sst>" + (0...1_000).map { "<si><t>s\($0)</t></si>" }.joined() + "</sst>"
        let count = try #require(exceeded(try Self.workbook(sheet: Self.sheet(""), shared: many), limits: limits))
        #expect(count.limit == .sharedStrings && count.value == 1_000)
        #expect(count.whereEn == "shared string 1001 of xl/sharedStrings.xml")
        #expect(!count.isByteSize)

        limits = .standard
        limits.sharedStringBytes = 100_000
        let strings = (0..<30).map { Self.unpackable(4_000, seed: UInt32($0)) }
        let long = "<sst>" + strings.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
        let bytes = try #require(exceeded(try Self.workbook(sheet: Self.sheet(""), shared: long), limits: limits))
        #expect(bytes.limit == .sharedStringBytes && bytes.isByteSize)
        // The first string whose bytes, with those before it, pass 100,000.
        var total = 0
        let crossing = try #require(
            strings.firstIndex {
                total += $0.utf8.count; return total > 100_000
            })
        #expect(bytes.whereEn == "shared string \(crossing + 1) of xl/sharedStrings.xml")

        // The standard table: 1,000,000 entries at most, read whole below that.
        let fine = "<sst>" + (0..<50_000).map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
        let sheet = try XLSXReader.firstSheet(
            try Self.workbook(sheet: Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>49999</v></c></row>"), shared: fine))
        #expect(sheet.rows[0].cells[0].cell == .text("49999"))
    }

    @Test func rowsAndCellsAreCountedWhileReading() throws {
        var limits = InputLimits.standard
        limits.rows = 1_000
        let rows = (1...1_001).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>1</v></c></row>" }.joined()
        let tooMany = try #require(exceeded(try Self.workbook(sheet: Self.sheet(rows)), limits: limits))
        #expect(tooMany.limit == .rows && tooMany.value == 1_000)
        #expect(tooMany.whereEn == "sheet “1”, row 1001, column A")
        // Rows without a number count on from the last.
        let unnumbered = (1...1_001).map { _ in "<row><c><v>1</v></c></row>" }.joined()
        #expect(exceeded(try Self.workbook(sheet: Self.sheet(unnumbered)), limits: limits)?.whereEn == "sheet “1”, row 1001, column A")

        limits = .standard
        limits.cells = 1_000
        let wide = (1...101).map { row in "<row r=\"\(row)\">" + (0..<10).map { "<c><v>\($0)</v></c>" }.joined() + "</row>" }.joined()
        let cells = try #require(exceeded(try Self.workbook(sheet: Self.sheet(wide)), limits: limits))
        #expect(cells.limit == .cells && cells.value == 1_000)
        #expect(cells.whereEn == "sheet “1”, row 101, column A")

        // The standard limits: row 100,001 holding a value is refused.
        let far = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"100001\"><c r=\"C100001\"><v>1</v></c></row>"
        let standard = try #require(exceeded(try Self.workbook(sheet: Self.sheet(far))))
        #expect(standard.limit == .rows && standard.value == 100_000 && standard.whereVi == "trang tính “1”, dòng 100001, cột C")
    }

    /// A cell of megabytes — inline text, a value, a formula or a shared string — is refused past 32,767
    /// characters, at the cell.
    @Test func aCellOfMegabytesIsRefusedAtTheCell() throws {
        let megabytes = Self.unpackable(2_000_000)
        let inline = "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>\(megabytes)</t></is></c></row>"
        let error = try #require(exceeded(try Self.workbook(sheet: Self.sheet(inline))))
        #expect(error.limit == .cellCharacters && error.value == 32_767)
        #expect(error.whereEn == "sheet “1”, row 2, column B")
        #expect(error.vi == "Vượt giới hạn: có ô dài hơn giới hạn 32.767 ký tự (trang tính “1”, dòng 2, cột B).")

        let text = Self.unpackable(32_768)
        for cell in ["<c r=\"C7\"><v>\(text)</v></c>", "<c r=\"C7\"><f>\(text)</f></c>", "<c r=\"C7\" t=\"str\"><f>A1</f><v>\(text)</v></c>"] {
            #expect(exceeded(try Self.workbook(sheet: Self.sheet("<row r=\"7\">\(cell)</row>")))?.whereEn == "sheet “1”, row 7, column C")
        }
        let shared = try #require(
            exceeded(try Self.workbook(sheet: Self.sheet(""), shared: "<sst><si><t>a</t></si><si><r><t>\(text)</t></r></si></sst>")))
        #expect(shared.limit == .cellCharacters && shared.whereEn == "shared string 2 of xl/sharedStrings.xml")
        // Exactly at the limit is read.
        let atLimit = try XLSXReader.firstSheet(
            try Self.workbook(sheet: Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\(text.dropLast())</t></is></c></row>")))
        #expect(atLimit.rows[0].cells[0].cell.text.unicodeScalars.count == 32_767)
    }

    /// XML nested deeper than 32 levels, a DTD (the start of an entity expansion), rows and cells out of range or
    /// out of order are refused; the sheet's name is read for the messages.
    @Test func deepOrOddXMLIsRefused() throws {
        let deep = "<row r=\"3\"><c r=\"D3\" t=\"inlineStr\"><is>" + String(repeating: "<r>", count: 10_000) + "</is></c></row>"
        let depth = try #require(exceeded(try Self.workbook(sheet: Self.sheet(deep))))
        #expect(depth.limit == .xmlDepth && depth.value == 32 && depth.whereEn == "sheet “1”, row 3")
        let deepShared = "<sst><si>" + String(repeating: "<r>", count: 100) + String(repeating: "</r>", count: 100) + "</si></sst>"
        #expect(exceeded(try Self.workbook(sheet: Self.sheet(""), shared: deepShared))?.limit == .xmlDepth)

        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\
            <worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>
            """
        do {
            _ = try XLSXReader.firstSheet(try Self.workbook(sheet: laughs))
            Issue.record("a DTD was read")
        } catch {
            #expect("\(error)".contains("xl/worksheets/sheet1.xml declares a DTD"), "\(error)")
        }
        for odd in [
            "<worksheet><sheetData><row r=\"0\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
            "<worksheet><sheetData><row r=\"1048577\"><c><v>1</v></c></row></sheetData></worksheet>",
            "<worksheet><sheetData><row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row></sheetData></worksheet>",
            "<worksheet><sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData></worksheet>",
        ] {
            #expect(throws: XLSXError.self) { try XLSXReader.firstSheet(try Self.workbook(sheet: odd)) }
        }
        // The name of the first sheet, from the workbook, in the messages.
        let named = try Self.workbook(
            sheet: Self.sheet("<row r=\"4\"><c r=\"IW4\"><v>1</v></c></row>"),
            extra: [
                (
                    "xl/workbook.xml",
                    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Số liệu\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    "<Relationships><Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
                ),
            ])
        #expect(exceeded(named)?.whereVi == "trang tính “Số liệu”, dòng 4, cột IW")
    }

    /// A sheet of 100,000 rows and 14 MB of XML, within every limit, is read whole (Foundation's parser once
    /// reported an error at the end of any part of more than 10 MB handed to it at once).
    @Test func aLargeSheetWithinTheLimitsIsReadWhole() throws {
        let rows = (2...100_000).map {
            "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"s\"><v>0</v></c><c r=\"B\($0)\"><v>611</v></c><c r=\"C\($0)\"><v>2023</v></c><c r=\"E\($0)\"><v>\($0)</v></c></row>"
        }
        let xml = Self.sheet(rows.joined())
        #expect(xml.utf8.count > 12_000_000)
        let sheet = try XLSXReader.firstSheet(try Self.workbook(sheet: xml, shared: "<sst><si><t>counselling</t></si></sst>"))
        #expect(sheet.rows.count == 99_999)
        #expect(sheet.rows.last?.cells.map(\.cell) == [.text("counselling"), .number(611), .number(2023), .number(100_000)])
    }

    @Test func theUploadItselfIsMeasuredFirst() throws {
        var limits = InputLimits.standard
        limits.uploadBytes = 1_000
        let data = try Self.workbook(sheet: Self.sheet(Self.unpackable(5_000)))
        let error = try #require(exceeded(data, limits: limits))
        #expect(error.limit == .uploadBytes && error.value == 1_000 && error.isByteSize)
        #expect(
            InputLimitExceeded(.uploadBytes, value: InputLimits.standard.uploadBytes).vi
                == "Vượt giới hạn: tệp lớn hơn giới hạn 10 MB cho mỗi lần tải lên.")
    }
}
