import PCMTDomain

/// CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF, quoted fields, and cells that would start a formula
/// (= + - @, tab, carriage return) prefixed with an apostrophe so they stay text — except a plain number, which
/// stays a number: an optional minus sign, digits, an optional decimal point with digits, an optional "%"
/// (`-1.8`, `-12%`). Nothing else that starts with "-" passes (`-1+2`, `-A1`, `-2e3` are neutralised), following
/// OWASP's advice on CSV injection.
public enum CSVWriter {
    public static func document(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A sheet of a workbook as CSV: its header, then its rows (no title lines, no units row); numbers plain, without
    /// thousands separators, in `notation` — with a point in English, a comma in Vietnamese ("68,8%", as a
    /// Vietnamese Excel reads it, ``ValueText/write(_:_:)``) — percentages with "%", a change in percentage points
    /// as its number.
    public static func document(_ sheet: Spreadsheet.Sheet, notation: Language = .en) -> String {
        let header = sheet.header.map(cell).joined(separator: ",")
        // Numbers are written by pcmt, never typed text, so a minus sign stays a minus sign.
        let rows = sheet.rows.map { row in
            row.map { value in
                if case .text(let text) = value { return cell(text) }
                return quoted(text(value, notation: notation))
            }.joined(separator: ",")
        }
        return "\u{FEFF}" + ([header] + rows).joined(separator: "\r\n") + "\r\n"
    }

    static func text(_ cell: Spreadsheet.Cell, notation: Language = .en) -> String {
        switch cell {
        case .text(let text): text
        case .number(let value): plain(value, notation)
        case .percent(let fraction), .change(let fraction, .percent): plain((fraction * 1000).rounded() / 10, notation) + "%"
        case .change(let value, _): plain(value, notation)
        case .empty: ""
        }
    }

    static func plain(_ value: Double, _ notation: Language = .en) -> String {
        guard value.isFinite else { return "" }
        if notation == .vi {
            // pcmt's own notation of numbers, without the thousands dots a file is better read without.
            return ValueText.write(value, .vi).replacingOccurrences(of: ".", with: "")
        }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first), !isPlainNumber(text) { text = "'" + text }
        return quoted(text)
    }

    /// "-1.8", "-12", "-0.5%", "42": a minus sign at most, ASCII digits, one decimal point between digits, a final
    /// "%" at most.
    static func isPlainNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        if scalars.last == "%" { scalars = scalars.dropLast() }
        let parts = String(scalars).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
