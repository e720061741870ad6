/// A workbook as pcmt writes it: sheets of typed cells, with title lines, one or two header rows, column widths,
/// number formats and print settings.
public struct Spreadsheet: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// A fraction shown as a percentage (0.973 → 97.3%).
        case percent(Double)
        /// A change from an earlier figure, shown with its sign ("+12", "−3", "+7.5%", "+2.5 điểm %").
        case change(Double, Change)
        case empty
    }

    /// What a `.change` cell holds: a difference of counts, a relative change as a fraction (0.075 → +7.5%), or a
    /// difference of two percentages in percentage points (2.5 → "+2.5 điểm %").
    public enum Change: Sendable, Equatable {
        case count
        case percent
        case points
    }

    /// A line above the header, merged across the sheet's columns and centred.
    public struct Title: Sendable, Equatable {
        public enum Emphasis: Sendable, Equatable {
            /// Bold, a size larger: the annex's name and subject.
            case heading
            /// Plain or italic: a reference to the report the annex goes with.
            case note
        }

        public var text: String
        public var emphasis: Emphasis

        public init(_ text: String, _ emphasis: Emphasis = .heading) {
            self.text = text; self.emphasis = emphasis
        }
    }

    /// How a sheet prints: A4 landscape by default, scaled to the page's width (as many pages down as it takes),
    /// the header rows repeated on every page, "Trang 1/3" in the footer.
    public struct PrintSetup: Sendable, Equatable {
        public var landscape: Bool
        public var fitToWidth: Bool
        /// The footer's text in the codes of ECMA-376 §18.3.1.46 (&P page, &N pages); empty for none.
        public var footer: String

        public init(landscape: Bool = true, fitToWidth: Bool = true, footer: String = "Trang &P/&N") {
            self.landscape = landscape; self.fitToWidth = fitToWidth; self.footer = footer
        }
    }

    public struct Sheet: Sendable, Equatable {
        public var name: String
        /// Lines above the header (an annex's number, its subject, the report it goes with), an empty row after them.
        public var titles: [Title]
        public var header: [String]
        /// A second header row under `header`: each column's unit of measure ("(vụ)", "(%)"); empty for none.
        public var units: [String]
        public var rows: [[Cell]]
        /// Column widths in characters; missing columns get a width from their content.
        public var widths: [Double]
        /// How many columns on the left stay in view while scrolling sideways, besides the title and header rows,
        /// which always do (0: none).
        public var frozenColumns: Int
        public var print: PrintSetup

        public init(
            name: String, titles: [Title] = [], header: [String], units: [String] = [], rows: [[Cell]], widths: [Double] = [],
            frozenColumns: Int = 0, print: PrintSetup = PrintSetup()
        ) {
            self.name = name; self.titles = titles; self.header = header; self.units = units; self.rows = rows
            self.widths = widths; self.frozenColumns = frozenColumns; self.print = print
        }

        /// Rows before the header: the title lines and an empty row, none without titles.
        public var titleRowCount: Int { titles.isEmpty ? 0 : titles.count + 1 }
        /// The header's rows: one, two with units, none without a header.
        public var headerRowCount: Int { header.isEmpty ? 0 : (units.isEmpty ? 1 : 2) }
        /// The first row of data, counted from 1 as a spreadsheet does.
        public var firstDataRow: Int { titleRowCount + headerRowCount + 1 }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }
}
