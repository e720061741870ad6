import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first sheet of an .xlsx workbook as rows of text, as Excel or LibreOffice save it
/// (shared or inline strings, numbers, booleans; empty cells kept in place).
public enum XLSXReader {
    /// Limits that keep a small hostile file from taking the server down: Excel's own sheet size, and at most
    /// 64 MB unpacked.
    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384
    static let maximumUnpackedBytes = 64 * 1024 * 1024
    static let maximumCells = 2_000_000

    public static func firstSheetRows(_ data: Data) throws -> [[String]] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw XLSXError.notASpreadsheet("not a zip archive") }
        func read(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= maximumUnpackedBytes else { throw XLSXError.notASpreadsheet("\(path) is too large") }
            var result = Data()
            _ = try archive.extract(entry) { chunk in
                result.append(chunk)
                if result.count > maximumUnpackedBytes { throw XLSXError.notASpreadsheet("\(path) is too large") }
            }
            return result
        }
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let workbook = try read("xl/workbook.xml"), let relationships = try read("xl/_rels/workbook.xml.rels"),
            let firstID = FirstSheetParser.firstSheetID(workbook), let target = RelationshipParser.target(of: firstID, in: relationships)
        {
            sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        guard let sheet = try read(sheetPath) else { throw XLSXError.notASpreadsheet("no worksheet") }
        let shared = try read("xl/sharedStrings.xml").map(SharedStringsParser.strings) ?? []
        let rows = SheetParser.rows(sheet, sharedStrings: shared)
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
        if name == "t", inItem { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" { strings.append(current); inItem = false }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    var shared: [String] = []
    var rows: [[String]] = []
    var row: [String] = []
    var rowNumber = 0
    var column = 0
    var type = ""
    var text = ""
    var capturing = false
    var cells = 0
    var problem: String?

    static func rows(_ data: Data, sharedStrings: [String]) -> (rows: [[String]], problem: String?) {
        let delegate = SheetParser()
        delegate.shared = sharedStrings
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
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
                guard let index = XLSXReader.columnIndex(reference) else { return fail(parser, "cell \(reference) is out of range") }
                column = index
            } else {
                column = row.count
            }
            type = attributes["t"] ?? "n"
            text = ""
        case "v", "t":
            capturing = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if capturing { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": capturing = false
        case "c":
            var value = text
            if type == "s", let index = Int(text), index < shared.count { value = shared[index] }
            if type == "b" { value = text == "1" ? "TRUE" : "FALSE" }
            if type == "n", let number = Double(text), number.rounded() == number, abs(number) < 1e15 { value = String(Int(number)) }
            while row.count < column { row.append("") }
            if row.count == column { row.append(value) } else if column < row.count { row[column] = value }
        case "row":
            rows.append(row)
        default: break
        }
    }
}
