import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first sheet of an .xlsx workbook as Excel or LibreOffice save it: every cell with what it holds — text
/// (shared, inline or a formula's text result), a number, a yes/no value, a date (a number shown in a date or time
/// format, or a cell of type date), an error value (#REF!, #DIV/0!, …), or a formula whose result was never saved —
/// so that whoever reads it can refuse what is not a value by name instead of skipping it. An upload is read within
/// ``InputLimits`` (``firstSheet(_:limits:)``), its rows sparse: each row keeps its number and the cells it holds.
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

    /// Excel's own sheet size: the reader never accepts a cell past it, whatever the ``InputLimits``.
    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384

    /// One row of a sheet as read: its number (1 for the first row) and only the cells the file holds, in column
    /// order — a row whose one cell is in column XFD is one entry, not 16,384.
    public struct Row: Sendable, Equatable {
        public var number: Int
        public var cells: [Entry]

        public struct Entry: Sendable, Equatable {
            /// 0 for column A.
            public var column: Int
            public var cell: Cell
        }

        /// The row as an array with an ``Cell/empty`` for each cell the file leaves out, up to its last cell.
        public var dense: [Cell] {
            var result: [Cell] = []
            for entry in cells {
                while result.count < entry.column { result.append(.empty) }
                result.append(entry.cell)
            }
            return result
        }
    }

    /// The first sheet of a workbook: its name (at most 64 characters) and its rows in order; rows the file leaves
    /// out are not there.
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var rows: [Row]
    }

    /// The first sheet's rows as text (``Cell/text``), each row as an array up to its last cell, a missing row as
    /// an empty one (see ``firstSheetCells(_:limits:)``).
    /// - Throws: as ``firstSheet(_:limits:)``.
    public static func firstSheetRows(_ data: Data, limits: InputLimits = .standard) throws -> [[String]] {
        try firstSheetCells(data, limits: limits).map { $0.map(\.text) }
    }

    /// The first sheet's rows, cell by cell: the row at index `i` is the sheet's row `i + 1` (a missing row is an
    /// empty array), each up to its last cell with ``Cell/empty`` in the gaps. For reading workbooks pcmt wrote; an
    /// upload is read with ``firstSheet(_:limits:)``, whose rows stay sparse.
    /// - Throws: as ``firstSheet(_:limits:)``.
    public static func firstSheetCells(_ data: Data, limits: InputLimits = .standard) throws -> [[Cell]] {
        var result: [[Cell]] = []
        for row in try firstSheet(data, limits: limits).rows {
            while result.count + 1 < row.number { result.append([]) }
            result.append(row.dense)
        }
        return result
    }

    /// The first sheet of an uploaded workbook, read within `limits` (see ``InputLimits``): every size is checked
    /// before or while it is read, and reading stops at the first limit crossed. A cell that holds nothing (no value,
    /// formula or text) past the rows or columns limit is left out, never refused.
    /// - Throws: ``InputLimitExceeded`` for the first limit crossed (the upload's size, a part's unpacked size or
    ///   compression ratio, all parts together, rows, columns, cells, shared strings and their bytes, a cell's
    ///   characters, XML nesting), naming the part, or the sheet, row and column; ``XLSXError/notASpreadsheet(_:)``
    ///   when the data is not a zip archive with a worksheet (or a damaged one: ``ZIPReader``), a part declares a
    ///   DTD, or the sheet is not well-formed XML.
    public static func firstSheet(_ data: Data, limits: InputLimits = .standard) throws -> Sheet {
        guard data.count <= limits.uploadBytes else { throw InputLimitExceeded(.uploadBytes, value: limits.uploadBytes) }
        // Read by pcmt's own bounded zip reader, never by ZIPFoundation: see ``ZIPReader``.
        let archive: ZIPReader
        do { archive = try ZIPReader(data) } catch { throw XLSXError.notASpreadsheet("not a zip archive (\(error))") }
        var unpacked = 0
        func read(_ path: String) throws -> Data? {
            let part: Data?
            do {
                part = try archive.read(
                    path, limit: min(limits.partBytes, limits.unpackedBytes - unpacked),
                    ratio: (most: limits.compressionRatio, grace: limits.ratioGraceBytes))
            } catch var exceeded as InputLimitExceeded {
                // Past what is left of the total: the total is the limit crossed.
                if exceeded.limit == .partBytes, exceeded.value < limits.partBytes {
                    exceeded = InputLimitExceeded(
                        .unpackedBytes, value: limits.unpackedBytes, whereEn: exceeded.whereEn, whereVi: exceeded.whereVi)
                }
                throw exceeded
            } catch {
                throw XLSXError.notASpreadsheet("\(error)")
            }
            if let part {
                unpacked += part.count
                // Office Open XML never declares a DTD; one is how entity expansion ("billion laughs") begins.
                if part.range(of: Data("<!DOCTYPE".utf8)) != nil || part.range(of: Data("<!ENTITY".utf8)) != nil {
                    throw XLSXError.notASpreadsheet("\(path) declares a DTD, which a workbook never does")
                }
            }
            return part
        }
        var sheetPath = "xl/worksheets/sheet1.xml"
        var sheetName = "1"
        if let workbook = try read("xl/workbook.xml"), let relationships = try read("xl/_rels/workbook.xml.rels"),
            let first = FirstSheetParser.firstSheet(workbook), let target = RelationshipParser.target(of: first.id, in: relationships)
        {
            sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            if let name = first.name, !name.isEmpty { sheetName = String(name.prefix(64)) }
        }
        guard let sheet = try read(sheetPath) else { throw XLSXError.notASpreadsheet("no worksheet") }
        let shared = try read("xl/sharedStrings.xml").map { try SharedStringsParser.strings($0, limits: limits) } ?? []
        let dateStyles = try read("xl/styles.xml").map(StylesParser.dateStyles) ?? []
        return Sheet(
            name: sheetName, rows: try SheetParser.rows(sheet, name: sheetName, sharedStrings: shared, dateStyles: dateStyles, limits: limits))
    }

    /// A SAX parser over the part, fed in chunks from a stream: handed a part of more than 10 MB whole, Foundation's
    /// parser on Linux reports an error at its very end although every element was read.
    static func xmlParser(_ data: Data) -> XMLParser {
        XMLParser(stream: InputStream(data: data))
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
    var name: String?

    /// The relationship id and name of the workbook's first sheet.
    static func firstSheet(_ data: Data) -> (id: String, name: String?)? {
        let delegate = FirstSheetParser()
        let parser = XLSXReader.xmlParser(data)
        parser.delegate = delegate
        parser.parse()
        return delegate.id.map { ($0, delegate.name) }
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if id == nil, name == "sheet" || name.hasSuffix(":sheet") {
            id = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value
            self.name = attributes["name"]
        }
    }
}

private final class RelationshipParser: NSObject, XMLParserDelegate {
    var wanted = ""
    var target: String?

    static func target(of id: String, in data: Data) -> String? {
        let delegate = RelationshipParser()
        delegate.wanted = id
        let parser = XLSXReader.xmlParser(data)
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

/// The shared strings table, within the limits: its count, the bytes of all its text, each string's characters and
/// the nesting of its XML.
private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var limits = InputLimits.standard
    var strings: [String] = []
    var current = ""
    var currentCharacters = 0
    var totalBytes = 0
    var depth = 0
    var inText = false
    var inItem = false
    var inPhonetic = false
    var exceeded: InputLimitExceeded?

    static func strings(_ data: Data, limits: InputLimits) throws -> [String] {
        let delegate = SharedStringsParser()
        delegate.limits = limits
        let parser = XLSXReader.xmlParser(data)
        parser.delegate = delegate
        parser.parse()
        if let exceeded = delegate.exceeded { throw exceeded }
        return delegate.strings
    }

    func fail(_ parser: XMLParser, _ limit: InputLimitExceeded.Limit, _ value: Int) {
        let index = strings.count + 1
        exceeded = InputLimitExceeded(
            limit, value: value, whereEn: "shared string \(index) of xl/sharedStrings.xml",
            whereVi: "chuỗi dùng chung thứ \(index) của xl/sharedStrings.xml")
        parser.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard exceeded == nil else { return }
        depth += 1
        guard depth <= limits.xmlDepth else { return fail(parser, .xmlDepth, limits.xmlDepth) }
        if name == "si" {
            guard strings.count < limits.sharedStrings else { return fail(parser, .sharedStrings, limits.sharedStrings) }
            inItem = true
            current = ""
            currentCharacters = 0
        }
        if name == "rPh" { inPhonetic = true }
        if name == "t", inItem, !inPhonetic { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText, exceeded == nil else { return }
        currentCharacters += string.unicodeScalars.count
        totalBytes += string.utf8.count
        guard currentCharacters <= limits.cellCharacters else { return fail(parser, .cellCharacters, limits.cellCharacters) }
        guard totalBytes <= limits.sharedStringBytes else { return fail(parser, .sharedStringBytes, limits.sharedStringBytes) }
        current += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if name == "t" { inText = false }
        if name == "rPh" { inPhonetic = false }
        if name == "si", exceeded == nil {
            strings.append(current)
            inItem = false
        }
    }
}

/// The cell styles (indexes into cellXfs) whose number format shows a date or a time.
private final class StylesParser: NSObject, XMLParserDelegate {
    var customFormats: [Int: String] = [:]
    var styleFormats: [Int] = []
    var inCellFormats = false

    static func dateStyles(_ data: Data) -> Set<Int> {
        let delegate = StylesParser()
        let parser = XLSXReader.xmlParser(data)
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

/// The cells of a sheet, kept sparse (only the cells the file holds), within the limits.
private final class SheetParser: NSObject, XMLParserDelegate {
    var limits = InputLimits.standard
    var sheetName = ""
    var shared: [String] = []
    var dateStyles = Set<Int>()
    var rows: [XLSXReader.Row] = []
    var row: [XLSXReader.Row.Entry] = []
    var rowNumber = 0
    var column = 0
    var nextColumn = 0
    var type = ""
    var style = 0
    var value: String?
    var formula: String?
    var inline = ""
    var capturedCharacters = 0
    var capturing: String?
    var inPhonetic = false
    var depth = 0
    var cells = 0
    var problem: String?
    var exceeded: InputLimitExceeded?

    static func rows(
        _ data: Data, name: String, sharedStrings: [String], dateStyles: Set<Int>, limits: InputLimits
    ) throws -> [XLSXReader.Row] {
        let delegate = SheetParser()
        delegate.limits = limits
        delegate.sheetName = name
        delegate.shared = sharedStrings
        delegate.dateStyles = dateStyles
        let parser = XLSXReader.xmlParser(data)
        parser.delegate = delegate
        let parsed = parser.parse()
        if let exceeded = delegate.exceeded { throw exceeded }
        if let problem = delegate.problem { throw XLSXError.notASpreadsheet(problem) }
        if !parsed { throw XLSXError.notASpreadsheet("the worksheet is not well-formed XML") }
        return delegate.rows
    }

    func fail(_ parser: XMLParser, _ reason: String) {
        if problem == nil, exceeded == nil { problem = reason }
        parser.abortParsing()
    }

    func exceed(_ parser: XMLParser, _ limit: InputLimitExceeded.Limit, _ value: Int, row: Int? = nil, column: Int? = nil) {
        if problem == nil, exceeded == nil {
            let place = InputLimitExceeded.inSheet(sheetName, row: row, column: column)
            exceeded = InputLimitExceeded(limit, value: value, whereEn: place.en, whereVi: place.vi)
        }
        parser.abortParsing()
    }

    var stopped: Bool { problem != nil || exceeded != nil }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard !stopped else { return }
        depth += 1
        guard depth <= limits.xmlDepth else { return exceed(parser, .xmlDepth, limits.xmlDepth, row: rowNumber > 0 ? rowNumber : nil) }
        switch name {
        case "row":
            let number = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            guard number > rowNumber, number <= XLSXReader.maximumRows else {
                return fail(parser, "row number \(attributes["r"]?.prefix(20) ?? "?") is out of range")
            }
            rowNumber = number
            row = []
            nextColumn = 0
        case "c":
            if let reference = attributes["r"] {
                guard let index = XLSXReader.columnIndex(reference), index >= 0, index >= nextColumn else {
                    return fail(parser, "cell \(reference.prefix(20)) is out of range, or left of a cell before it")
                }
                column = index
            } else {
                column = nextColumn
            }
            guard column < XLSXReader.maximumColumns else { return fail(parser, "cell past column XFD") }
            nextColumn = column + 1
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = nil
            formula = nil
            inline = ""
            capturedCharacters = 0
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
        guard let capturing, !stopped else { return }
        capturedCharacters += string.unicodeScalars.count
        guard capturedCharacters <= limits.cellCharacters else {
            return exceed(parser, .cellCharacters, limits.cellCharacters, row: rowNumber, column: column)
        }
        switch capturing {
        case "v": value? += string
        case "f": formula? += string
        case "t": inline += string
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        guard !stopped else { return }
        switch name {
        case "v", "f", "t": capturing = nil
        case "rPh": inPhonetic = false
        case "c":
            let cell = self.cell()
            // A cell that holds nothing past the limits is left out; one that holds something is refused.
            if rowNumber > limits.rows || column >= limits.columns {
                guard cell != .empty else { return }
                if column >= limits.columns { return exceed(parser, .columns, limits.columns, row: rowNumber, column: column) }
                return exceed(parser, .rows, limits.rows, row: rowNumber, column: column)
            }
            cells += 1
            guard cells <= limits.cells else { return exceed(parser, .cells, limits.cells, row: rowNumber, column: column) }
            row.append(.init(column: column, cell: cell))
        case "row":
            if !row.isEmpty { rows.append(XLSXReader.Row(number: rowNumber, cells: row)) }
            row = []
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
