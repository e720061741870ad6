/// A workbook as pcmt writes it: sheets of typed cells, with a header row, column widths and number formats.
public struct Spreadsheet: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// A fraction shown as a percentage (0.973 → 97.3%).
        case percent(Double)
        case empty
    }

    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var header: [String]
        public var rows: [[Cell]]
        /// Column widths in characters; missing columns get a width from their content.
        public var widths: [Double]
        /// How many columns on the left stay in view while scrolling sideways, besides the header row, which always
        /// does (0: none).
        public var frozenColumns: Int

        public init(name: String, header: [String], rows: [[Cell]], widths: [Double] = [], frozenColumns: Int = 0) {
            self.name = name; self.header = header; self.rows = rows; self.widths = widths; self.frozenColumns = frozenColumns
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }
}
