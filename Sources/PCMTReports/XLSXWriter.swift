import Foundation

/// Writes Office Open XML workbooks (.xlsx) without an office suite: inline strings, one style sheet, title lines
/// merged across the sheet, a frozen and bold header row (with units of measure under it), column widths, thousands,
/// percentage and signed-change formats, and print settings: A4, landscape, fitted to the page's width, the header
/// rows repeated on every page, a page-numbered footer.
public enum XLSXWriter {
    public static func data(_ spreadsheet: Spreadsheet) throws -> Data {
        var parts: [(path: String, xml: String)] = []
        func add(_ path: String, _ text: String) { parts.append((path, text)) }
        let sheets = spreadsheet.sheets.isEmpty ? [Spreadsheet.Sheet(name: "Sheet1", header: [], rows: [])] : spreadsheet.sheets
        add("[Content_Types].xml", contentTypes(sheetCount: sheets.count))
        add(
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """)
        add("xl/workbook.xml", workbook(sheets))
        add("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count))
        add("xl/styles.xml", styles)
        for (index, sheet) in sheets.enumerated() {
            add("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet))
        }
        guard let data = try OOXMLPackage.zip(parts) else { throw XLSXError.cannotWrite }
        return data
    }

    static func contentTypes(sheetCount: Int) -> String {
        let sheets = (1...sheetCount).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(sheets)</Types>
            """
    }

    /// The sheets' names as written: cleaned (``sheetName(_:index:)``) and made unique.
    static func sheetNames(_ sheets: [Spreadsheet.Sheet]) -> [String] {
        var used = Set<String>()
        return sheets.enumerated().map { index, sheet in
            var name = sheetName(sheet.name, index: index)
            while used.contains(name) { name = String(name.prefix(28)) + "_\(index + 1)" }
            used.insert(name)
            return name
        }
    }

    /// The workbook part: the sheets, and for each sheet with a header its print titles (`_xlnm.Print_Titles`, the
    /// header rows repeated on every printed page) and its filter's range (`_xlnm._FilterDatabase`), ECMA-376 §18.2.5.
    static func workbook(_ sheets: [Spreadsheet.Sheet]) -> String {
        let names = sheetNames(sheets)
        let entries = names.enumerated().map { index, name in
            "<sheet name=\"\(escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        var defined = ""
        for (index, sheet) in sheets.enumerated() where sheet.headerRowCount > 0 {
            let quoted = "'" + names[index].replacingOccurrences(of: "'", with: "''") + "'"
            let first = sheet.titleRowCount + 1
            let last = sheet.titleRowCount + sheet.headerRowCount
            if let range = filterRange(sheet) {
                let parts = range.split(separator: ":").map { reference -> String in
                    let letters = reference.prefix { $0.isLetter }
                    return "$\(letters)$\(reference.dropFirst(letters.count))"
                }
                defined +=
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">\(escape(quoted))!\(parts.joined(separator: ":"))</definedName>"
            }
            defined += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(escape(quoted))!$\(first):$\(last)</definedName>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(entries)</sheets>\
            \(defined.isEmpty ? "" : "<definedNames>\(defined)</definedNames>")</workbook>
            """
    }

    /// Sheet names: at most 31 characters, none of : \ / ? * [ ].
    static func sheetName(_ name: String, index: Int) -> String {
        let cleaned = String(name.filter { !":\\/?*[]".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Sheet\(index + 1)" : cleaned
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        let sheets = (1...sheetCount).map {
            "<Relationship Id=\"rId\($0)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheets)\
            <Relationship Id="rId\(sheetCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
    }

    /// Number formats carry the Vietnamese locale ([$-42A], LCID 0x042A), so that Excel and LibreOffice group
    /// thousands with "." and write decimals with "," whatever the reader's own locale (2.573; 84,9%).
    /// Styles by index: 0 text, 1 header (bold, shaded, wrapped), 2 whole numbers, 3 decimals, 4 percentages,
    /// 5 a heading line (bold, 13 pt, centred), 6 a note line (italic, centred), 7 a unit of measure under the header
    /// (italic, shaded), 8 and 9 a signed change (whole, decimal), 10 a signed percentage, 11 percentage points.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="7"><numFmt numFmtId="164" formatCode="[$-42A]#,##0"/><numFmt numFmtId="165" formatCode="[$-42A]#,##0.0"/>\
        <numFmt numFmtId="166" formatCode="[$-42A]0.0%"/><numFmt numFmtId="167" formatCode="[$-42A]+#,##0;-#,##0;0"/>\
        <numFmt numFmtId="168" formatCode="[$-42A]+#,##0.0;-#,##0.0;0"/><numFmt numFmtId="169" formatCode="[$-42A]+0.0%;-0.0%;0.0%"/>\
        <numFmt numFmtId="170" formatCode="[$-42A]+0.0&quot; điểm %&quot;;-0.0&quot; điểm %&quot;;0&quot; điểm %&quot;"/></numFmts>\
        <fonts count="4"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font>\
        <font><b/><sz val="13"/><name val="Times New Roman"/></font><font><i/><sz val="11"/><name val="Times New Roman"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFDDE6F0"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="12">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="3" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="167" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="168" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="169" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="170" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        </cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    static func columnCount(_ sheet: Spreadsheet.Sheet) -> Int {
        max(sheet.header.count, sheet.units.count, sheet.rows.map(\.count).max() ?? 0)
    }

    /// The filter's range: from the last header row to the last row of data; nil without a header or data.
    static func filterRange(_ sheet: Spreadsheet.Sheet) -> String? {
        let columns = columnCount(sheet)
        guard sheet.headerRowCount > 0, !sheet.rows.isEmpty, columns > 0 else { return nil }
        let top = sheet.titleRowCount + sheet.headerRowCount
        return "A\(top):\(columnName(columns - 1))\(top + sheet.rows.count)"
    }

    /// A worksheet part, its elements in the order ECMA-376 §18.3.1.99 requires: sheetPr, dimension, sheetViews,
    /// cols, sheetData, autoFilter, mergeCells, printOptions, pageMargins, pageSetup, headerFooter.
    static func worksheet(_ sheet: Spreadsheet.Sheet) -> String {
        let columnCount = columnCount(sheet)
        let lastColumn = columnName(max(columnCount, 1) - 1)
        let lastRow = max(sheet.titleRowCount + sheet.headerRowCount + sheet.rows.count, 1)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        if sheet.print.fitToWidth { xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" }
        xml += "<dimension ref=\"A1:\(lastColumn)\(lastRow)\"/>"
        let frozenRows = sheet.headerRowCount > 0 ? sheet.titleRowCount + sheet.headerRowCount : 0
        if frozenRows > 0 || sheet.frozenColumns > 0 {
            // The title and header rows and the first columns stay in view (ECMA-376 §18.3.1.66: a frozen pane).
            let columns = sheet.frozenColumns
            let corner = "\(columnName(columns))\(frozenRows + 1)"
            let pane = columns > 0 && frozenRows > 0 ? "bottomRight" : (columns > 0 ? "topRight" : "bottomLeft")
            let split = (columns > 0 ? " xSplit=\"\(columns)\"" : "") + (frozenRows > 0 ? " ySplit=\"\(frozenRows)\"" : "")
            xml +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane\(split) topLeftCell=\"\(corner)\" activePane=\"\(pane)\" state=\"frozen\"/><selection pane=\"\(pane)\" activeCell=\"\(corner)\" sqref=\"\(corner)\"/></sheetView></sheetViews>"
        }
        let widths = (0..<columnCount).map { column in
            column < sheet.widths.count ? sheet.widths[column] : automaticWidth(sheet, column: column)
        }
        if columnCount > 0 {
            xml += "<cols>"
            for (column, width) in widths.enumerated() {
                xml += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(String(format: "%.1f", width))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        var rowNumber = 0
        let totalWidth = max(widths.reduce(0, +), 20)
        for title in sheet.titles {
            rowNumber += 1
            // A merged cell does not grow with its text: the row is given the height of its wrapped lines.
            let large = title.emphasis == .heading
            let lines = max(1, Int((Double(title.text.count) * (large ? 1.25 : 1.05) / totalWidth).rounded(.up)))
            let height = Double(lines) * (large ? 18 : 15.5)
            xml += "<row r=\"\(rowNumber)\" ht=\"\(String(format: "%.1f", height))\" customHeight=\"1\">"
            xml += cell(.text(title.text), column: 0, row: rowNumber, style: large ? 5 : 6) + "</row>"
        }
        if !sheet.titles.isEmpty { rowNumber += 1 }
        if !sheet.header.isEmpty {
            rowNumber += 1
            xml +=
                "<row r=\"\(rowNumber)\"\(height(sheet.header.map { .text($0) }, widths: widths, bold: true))>"
                + (0..<max(sheet.header.count, columnCount)).map {
                    cell(.text($0 < sheet.header.count ? sheet.header[$0] : ""), column: $0, row: rowNumber, style: 1)
                }.joined() + "</row>"
            if !sheet.units.isEmpty {
                rowNumber += 1
                xml +=
                    "<row r=\"\(rowNumber)\"\(height(sheet.units.map { .text($0) }, widths: widths, bold: false))>"
                    + (0..<columnCount).map {
                        cell(.text($0 < sheet.units.count ? sheet.units[$0] : ""), column: $0, row: rowNumber, style: 7)
                    }.joined() + "</row>"
            }
        }
        for row in sheet.rows {
            rowNumber += 1
            xml += "<row r=\"\(rowNumber)\"\(height(row, widths: widths, bold: false))>"
            for (column, value) in row.enumerated() {
                xml += cell(value, column: column, row: rowNumber, style: style(of: value))
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if let range = filterRange(sheet) {
            xml += "<autoFilter ref=\"\(range)\"/>"
        }
        if !sheet.titles.isEmpty, columnCount > 1 {
            xml += "<mergeCells count=\"\(sheet.titles.count)\">"
            for row in 1...sheet.titles.count { xml += "<mergeCell ref=\"A\(row):\(lastColumn)\(row)\"/>" }
            xml += "</mergeCells>"
        }
        xml += "<printOptions horizontalCentered=\"1\"/>"
        xml += "<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.5\" bottom=\"0.6\" header=\"0.25\" footer=\"0.3\"/>"
        let fit = sheet.print.fitToWidth ? " fitToWidth=\"1\" fitToHeight=\"0\"" : ""
        xml += "<pageSetup paperSize=\"9\" orientation=\"\(sheet.print.landscape ? "landscape" : "portrait")\"\(fit)/>"
        if !sheet.print.footer.isEmpty { xml += "<headerFooter><oddFooter>\(escape("&C" + sheet.print.footer))</oddFooter></headerFooter>" }
        xml += "</worksheet>"
        return xml
    }

    /// A row's height when its text wraps: neither Excel nor LibreOffice sizes a row to wrapped text on opening a
    /// file, so the lines each cell takes in its column's width (a width unit holds about 1.15 characters of Times
    /// New Roman, fewer in bold) are counted and the row is given 14 points a line; nothing for a row of one line.
    static func height(_ cells: [Spreadsheet.Cell], widths: [Double], bold: Bool) -> String {
        var lines = 1
        for (column, cell) in cells.enumerated() where column < widths.count {
            guard case .text(let text) = cell, !text.isEmpty else { continue }
            let perLine = max(1, (widths[column] - 1) * (bold ? 0.95 : 1.15))
            let count = text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { total, line in
                total + max(1, Int((Double(line.count) / perLine).rounded(.up)))
            }
            lines = max(lines, count)
        }
        return lines == 1 ? "" : " ht=\"\(String(format: "%.1f", Double(lines) * 14 + 1))\" customHeight=\"1\""
    }

    static func style(of value: Spreadsheet.Cell) -> Int {
        switch value {
        case .number(let n): n.rounded() == n ? 2 : 3
        case .percent: 4
        case .change(let n, .count): n.rounded() == n ? 8 : 9
        case .change(_, .percent): 10
        case .change(_, .points): 11
        case .text, .empty: 0
        }
    }

    static func cell(_ value: Spreadsheet.Cell, column: Int, row: Int, style: Int) -> String {
        let reference = "\(columnName(column))\(row)"
        switch value {
        case .text(let text):
            // A cell holds at most 32,767 characters in Excel (its specifications and limits); a longer text is cut
            // there and says so, rather than making Excel call the workbook damaged.
            let fitted = text.count > maximumCellText ? String(text.prefix(maximumCellText - 24)) + " … (đã cắt bớt)" : text
            return "<c r=\"\(reference)\" s=\"\(style)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(fitted))</t></is></c>"
        case .number(let number) where number.isFinite, .percent(let number) where number.isFinite,
            .change(let number, _) where number.isFinite:
            return "<c r=\"\(reference)\" s=\"\(style)\"><v>\(number)</v></c>"
        default:
            return "<c r=\"\(reference)\" s=\"\(style)\"/>"
        }
    }

    static func automaticWidth(_ sheet: Spreadsheet.Sheet, column: Int) -> Double {
        var longest = column < sheet.header.count ? sheet.header[column].count : 4
        for row in sheet.rows.prefix(200) where column < row.count {
            if case .text(let text) = row[column] { longest = max(longest, text.count) }
        }
        return Double(min(max(longest + 2, 8), 60))
    }

    /// 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    static func escape(_ text: String) -> String { OOXMLPackage.escape(text) }

    /// The most characters Excel keeps in one cell.
    static let maximumCellText = 32_767
}

public enum XLSXError: Error, CustomStringConvertible {
    case cannotWrite
    case notASpreadsheet(String)

    public var description: String {
        switch self {
        case .cannotWrite: "The workbook could not be written."
        case .notASpreadsheet(let reason): "This is not a readable .xlsx workbook: \(reason)"
        }
    }
}
