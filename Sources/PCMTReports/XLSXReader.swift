import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first sheet of an .xlsx workbook as Excel or LibreOffice save it: every cell with what it holds — text
/// (shared, inline or a formula's text result), a number, a yes/no value, a date (a number shown in a date or time
/// format, or a cell of type date), an error value (#REF!, #DIV/0!, …), or a formula whose result was never saved —
/// so that whoever reads it can refuse what is not a value by name instead of skipping it. Empty cells keep their
/// place; missing rows are empty rows, so the row at index `i` is the sheet's row `i + 1`.
public enum XLSXReader {
    /// What one cell holds.
    public enum Cell: Sendable, Equatable {
        case empty
        case text(String)
        /// A number saved in the cell (a formula's saved result included), not shown as a date.
        case number(Double)
        case boolean(Bool)
        /// A date or time: the cell's text as saved (a serial day number such as "45292", or an ISO date).
        case date(String)
        /// An error value as Excel writes it: "#REF!", "#DIV/0!", "#N/A", "#VALUE!", …
        case error(String)
        /// A formula without a saved result (the file was written by a program that does not compute formulas).
        case formulaWithoutValue(String)
        /// A cell whose content cannot be read: a number that is not one, a shared string that does not exist.
        case unreadable(String)

        /// The cell as plain text, as the cell shows a whole number (no ".0"); "" for an empty cell, the formula
        /// or error for the others.
        public var text: String {
            switch self {
            case .empty: ""
            case .text(let text): text
            case .number(let number):
                if number.rounded() == number, abs(number) < 1e15, let whole = Int64(exactly: number) { String(whole) } else { "\(number)" }
            case .boolean(let value): value ? "TRUE" : "FALSE"
            case .date(let text), .error(let text), .unreadable(let text): text
            case .formulaWithoutValue(let formula): "=" + formula
            }
        }
    }

    /// Limits that keep a small hostile file from taking the server down: Excel's own sheet size, and at most
    /// 64 MB unpacked per part.
    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384
    static let maximumUnpackedBytes = 64 * 1024 * 1024
    static let maximumCells = 2_000_000

    /// The first sheet's rows as text (``Cell/text``).
    /// - Throws: ``XLSXError/notASpreadsheet(_:)`` when the data is not a workbook that can be read.
    public static func firstSheetRows(_ data: Data) throws -> [[String]] {
        try firstSheetCells(data).map { $0.map(\.text) }
    }

    /// The first sheet's rows, cell by cell.
    /// - Throws: ``XLSXError/notASpreadsheet(_:)`` when the data is not a zip archive with a worksheet (or a damaged
    ///   one: ``ZIPReader``), a part is larger than 64 MB unpacked, the sheet is not well-formed XML, or it goes past
    ///   Excel's rows, columns or 2,000,000 cells.
    public static func firstSheetCells(_ data: Data) throws -> [[Cell]] {
        // Read by pcmt's own bounded zip reader, never by ZIPFoundation: see ``ZIPReader``.
        let archive: ZIPReader
        do { archive = try ZIPReader(data) } catch { throw XLSXError.notASpreadsheet("not a zip archive (\(error))") }
        func read(_ path: String) throws -> Data? {
            do { return try archive.read(path, limit: maximumUnpackedBytes) } catch { throw XLSXError.notASpreadsheet("\(error)") }
        }
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let workbook = try read("xl/workbook.xml"), let relationships = try read("xl/_rels/workbook.xml.rels"),
            let firstID = FirstSheetParser.firstSheetID(workbook), let target = RelationshipParser.target(of: firstID, in: relationships)
        {
            sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        guard let sheet = try read(sheetPath) else { throw XLSXError.notASpreadsheet("no worksheet") }
        let shared = try read("xl/sharedStrings.xml").map(SharedStringsParser.strings) ?? []
        let dateStyles = try read("xl/styles.xml").map(StylesParser.dateStyles) ?? []
        let rows = SheetParser.rows(sheet, sharedStrings: shared, dateStyles: dateStyles)
        if let problem = rows.problem { throw XLSXError.notASpreadsheet(problem) }
        return rows.rows
    }

    /// "C" → 2, "AA" → 26; nil past Excel's last column or for anything that is not a cell reference.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        for character in reference.uppercased() where character.isLetter {
            guard let ascii = character.asciiValue, (65...90).contains(ascii) else { return nil }
            index = index * 26 + Int(ascii - 64)
            if index > maximumColumns { return nil }
        }
        return index - 1
    }

    /// Whether a number format shows a date or a time: Excel's built-in formats 14–22, 27–36, 45–47 and 50–58, or
    /// a format code with a day, month, year, hour or second in it (outside quoted text, escapes and [colour]
    /// or [$-locale] sections).
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if [14...22, 27...36, 45...47, 50...58].contains(where: { $0.contains(id) }) { return true }
        guard let code else { return false }
        var plain = ""
        var inQuote = false, inBracket = false, escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            default: if !inQuote && !inBracket { plain.append(character) }
            }
        }
        let lowered = plain.lowercased().replacingOccurrences(of: "general", with: "")
        return lowered.contains { "ymdhs".contains($0) }
    }
}

private final class FirstSheetParser: NSObject, XMLParserDelegate {
    var id: String?

    static func firstSheetID(_ data: Data) -> String? {
        let delegate = FirstSheetParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.id
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if id == nil, name == "sheet" || name.hasSuffix(":sheet") { id = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value }
    }
}

private final class RelationshipParser: NSObject, XMLParserDelegate {
    var wanted = ""
    var target: String?

    static func target(of id: String, in data: Data) -> String? {
        let delegate = RelationshipParser()
        delegate.wanted = id
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.target
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "Relationship", attributes["Id"] == wanted { target = attributes["Target"] }
    }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false
    var inItem = false
    var inPhonetic = false

    static func strings(_ data: Data) -> [String] {
        let delegate = SharedStringsParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.strings
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "si" { inItem = true; current = "" }
        if name == "rPh" { inPhonetic = true }
        if name == "t", inItem, !inPhonetic { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "rPh" { inPhonetic = false }
        if name == "si" { strings.append(current); inItem = false }
    }
}

/// The cell styles (indexes into cellXfs) whose number format shows a date or a time.
private final class StylesParser: NSObject, XMLParserDelegate {
    var customFormats: [Int: String] = [:]
    var styleFormats: [Int] = []
    var inCellFormats = false

    static func dateStyles(_ data: Data) -> Set<Int> {
        let delegate = StylesParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        var result = Set<Int>()
        for (index, id) in delegate.styleFormats.enumerated() where XLSXReader.isDateFormat(id: id, code: delegate.customFormats[id]) {
            result.insert(index)
        }
        return result
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats:
            if styleFormats.count < 100_000 { styleFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellFormats = false }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    var shared: [String] = []
    var dateStyles = Set<Int>()
    var rows: [[XLSXReader.Cell]] = []
    var row: [XLSXReader.Cell] = []
    var rowNumber = 0
    var column = 0
    var type = ""
    var style = 0
    var value: String?
    var formula: String?
    var inline = ""
    var capturing: String?
    var inPhonetic = false
    var cells = 0
    var problem: String?

    static func rows(_ data: Data, sharedStrings: [String], dateStyles: Set<Int>) -> (rows: [[XLSXReader.Cell]], problem: String?) {
        let delegate = SheetParser()
        delegate.shared = sharedStrings
        delegate.dateStyles = dateStyles
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        let parsed = parser.parse()
        if !parsed, delegate.problem == nil { delegate.problem = "the worksheet is not well-formed XML" }
        return (delegate.rows, delegate.problem)
    }

    func fail(_ parser: XMLParser, _ reason: String) {
        if problem == nil { problem = reason }
        parser.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "row":
            let number = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            guard number > rowNumber, number <= XLSXReader.maximumRows, number - rowNumber < 100_000 else {
                return fail(parser, "row number \(attributes["r"] ?? "?") is out of range")
            }
            while rowNumber + 1 < number { rows.append([]); rowNumber += 1 }
            rowNumber = number
            row = []
        case "c":
            cells += 1
            guard cells <= XLSXReader.maximumCells else { return fail(parser, "too many cells") }
            if let reference = attributes["r"] {
                guard let index = XLSXReader.columnIndex(reference), index >= 0 else { return fail(parser, "cell \(reference) is out of range") }
                column = index
            } else {
                column = row.count
            }
            guard column < XLSXReader.maximumColumns else { return fail(parser, "too many columns") }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = nil; formula = nil; inline = ""
        case "v", "f":
            capturing = name
            if name == "v" { value = value ?? "" } else { formula = formula ?? "" }
        case "rPh": inPhonetic = true
        case "t":
            if !inPhonetic { capturing = "t" }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch capturing {
        case "v": value? += string
        case "f": formula? += string
        case "t": inline += string
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "f", "t": capturing = nil
        case "rPh": inPhonetic = false
        case "c":
            let cell = self.cell()
            guard column < XLSXReader.maximumColumns else { return }
            while row.count < column { row.append(.empty) }
            if row.count == column { row.append(cell) } else if column < row.count { row[column] = cell }
        case "row":
            rows.append(row)
        default: break
        }
    }

    /// What the cell just closed holds.
    func cell() -> XLSXReader.Cell {
        if type == "inlineStr" { return inline.isEmpty ? .empty : .text(inline) }
        guard let value else {
            if let formula { return .formulaWithoutValue(formula) }
            return .empty
        }
        switch type {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), index >= 0, index < shared.count else {
                return .unreadable("shared string \(value)")
            }
            return shared[index].isEmpty ? .empty : .text(shared[index])
        case "str": return value.isEmpty ? .empty : .text(value)
        case "b": return value == "1" ? .boolean(true) : value == "0" ? .boolean(false) : .unreadable(value)
        case "e": return .error(value)
        case "d": return .date(value)
        default:
            let text = value.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return .empty }
            guard let number = Double(text), number.isFinite else { return .unreadable(value) }
            return dateStyles.contains(style) ? .date(text) : .number(number)
        }
    }
}
