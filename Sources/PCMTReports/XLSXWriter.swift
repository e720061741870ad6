import Foundation

/// Writes Office Open XML workbooks (.xlsx) without an office suite: inline strings, one style sheet,
/// a frozen and bold header row, column widths, thousands and percentage formats.
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

    static func workbook(_ sheets: [Spreadsheet.Sheet]) -> String {
        var used = Set<String>()
        let entries = sheets.enumerated().map { index, sheet in
            var name = sheetName(sheet.name, index: index)
            while used.contains(name) { name = String(name.prefix(28)) + "_\(index + 1)" }
            used.insert(name)
            return "<sheet name=\"\(escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(entries)</sheets></workbook>
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

    /// Styles by index: 0 text, 1 header (bold, shaded, wrapped), 2 whole numbers, 3 decimals, 4 percentages.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0"/><numFmt numFmtId="165" formatCode="#,##0.0"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFDDE6F0"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>\
        <xf numFmtId="10" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>\
        </cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    static func worksheet(_ sheet: Spreadsheet.Sheet) -> String {
        let columnCount = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        if !sheet.header.isEmpty, sheet.frozenColumns > 0 {
            // The header row and the first columns stay in view (ECMA-376 §18.3.1.66: a frozen pane split both ways).
            let corner = "\(columnName(sheet.frozenColumns))2"
            xml +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane xSplit=\"\(sheet.frozenColumns)\" ySplit=\"1\" topLeftCell=\"\(corner)\" activePane=\"bottomRight\" state=\"frozen\"/><selection pane=\"bottomRight\" activeCell=\"\(corner)\" sqref=\"\(corner)\"/></sheetView></sheetViews>"
        } else if !sheet.header.isEmpty {
            xml +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        if columnCount > 0 {
            xml += "<cols>"
            for column in 0..<columnCount {
                let width = column < sheet.widths.count ? sheet.widths[column] : automaticWidth(sheet, column: column)
                xml += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(String(format: "%.1f", width))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        var rowNumber = 0
        if !sheet.header.isEmpty {
            rowNumber += 1
            xml +=
                "<row r=\"1\">" + sheet.header.enumerated().map { cell(.text($0.element), column: $0.offset, row: 1, style: 1) }.joined() + "</row>"
        }
        for row in sheet.rows {
            rowNumber += 1
            xml += "<row r=\"\(rowNumber)\">"
            for (column, value) in row.enumerated() {
                let style: Int =
                    switch value {
                    case .number(let n): n.rounded() == n ? 2 : 3
                    case .percent: 4
                    default: 0
                    }
                xml += cell(value, column: column, row: rowNumber, style: style)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.header.isEmpty, rowNumber > 1 {
            xml += "<autoFilter ref=\"A1:\(columnName(columnCount - 1))\(rowNumber)\"/>"
        }
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "<pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>"
        return xml
    }

    static func cell(_ value: Spreadsheet.Cell, column: Int, row: Int, style: Int) -> String {
        let reference = "\(columnName(column))\(row)"
        switch value {
        case .text(let text):
            return "<c r=\"\(reference)\" s=\"\(style)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(text))</t></is></c>"
        case .number(let number) where number.isFinite:
            return "<c r=\"\(reference)\" s=\"\(style)\"><v>\(number)</v></c>"
        case .percent(let fraction) where fraction.isFinite:
            return "<c r=\"\(reference)\" s=\"\(style)\"><v>\(fraction)</v></c>"
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
