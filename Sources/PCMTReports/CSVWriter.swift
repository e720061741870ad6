/// CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF, quoted fields, and cells that would start a formula
/// (= + - @, tab, carriage return) prefixed with an apostrophe so they stay text.
public enum CSVWriter {
    public static func document(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A sheet of a workbook as CSV: its header, then its rows; numbers plain with a point, percentages with "%".
    public static func document(_ sheet: Spreadsheet.Sheet) -> String {
        document([sheet.header] + sheet.rows.map { $0.map(text) })
    }

    static func text(_ cell: Spreadsheet.Cell) -> String {
        switch cell {
        case .text(let text): text
        case .number(let value): plain(value)
        case .percent(let fraction): plain((fraction * 1000).rounded() / 10) + "%"
        case .empty: ""
        }
    }

    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
