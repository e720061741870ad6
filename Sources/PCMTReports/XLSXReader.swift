import Foundation
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first sheet of an .xlsx workbook as rows of text, as Excel or LibreOffice save it
/// (shared or inline strings, numbers, booleans; empty cells kept in place).
public enum XLSXReader {
    public static func firstSheetRows(_ data: Data) throws -> [[String]] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw XLSXError.notASpreadsheet("not a zip archive") }
        func read(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var result = Data()
            _ = try archive.extract(entry) { result.append($0) }
            return result
        }
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let workbook = try read("xl/workbook.xml"), let relationships = try read("xl/_rels/workbook.xml.rels"),
           let firstID = FirstSheetParser.firstSheetID(workbook), let target = RelationshipParser.target(of: firstID, in: relationships) {
            sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        guard let sheet = try read(sheetPath) else { throw XLSXError.notASpreadsheet("no worksheet") }
        let shared = try read("xl/sharedStrings.xml").map(SharedStringsParser.strings) ?? []
        return SheetParser.rows(sheet, sharedStrings: shared)
    }

    /// "C" → 2, "AA" → 26.
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for character in reference.uppercased() where character.isLetter {
            index = index * 26 + Int(character.asciiValue! - 64)
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

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
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

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
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

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
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

    static func rows(_ data: Data, sharedStrings: [String]) -> [[String]] {
        let delegate = SheetParser()
        delegate.shared = sharedStrings
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.rows
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            let number = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            while rowNumber + 1 < number { rows.append([]); rowNumber += 1 }
            rowNumber = number
            row = []
        case "c":
            column = attributes["r"].map(XLSXReader.columnIndex) ?? row.count
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
