import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// Reads and checks an import file: every row is checked and every problem named by its row number and column; the
/// file is saved only when there is none, after the person has seen what it changes.
///
/// How numbers are read (``ValueText``): a cell a workbook saved as a number is that number exactly; a text — every
/// CSV field, a workbook cell saved as text — is read in one notation for the whole file, decided in this order:
/// 1. the file's own numbers: a text that is a number in one notation only ("12,5", "1.234,5" Vietnamese; "12.5",
///    "1,234.5" English) decides; a file with both kinds is refused, naming a row of each;
/// 2. otherwise a CSV separated by semicolons is Vietnamese (Excel separates fields by semicolons where a comma
///    starts the decimals, as on a Vietnamese Windows);
/// 3. otherwise the language of the interface of the person importing — the notation pcmt prints numbers in on their
///    pages ("1.000" is one thousand in Vietnamese).
/// In that notation a count written with decimals ("1,000" in Vietnamese, "1.000" in English) is refused
/// (``DataValueRules/read(_:element:notation:field:)``), so a thousands separator misread as a decimal one cannot
/// turn 1000 into 1; the preview says which notation was used and why.
enum DataImport {
    struct RowError: Error, Equatable {
        var row: Int
        var en: String
        var vi: String
        /// The limit of ``InputLimits`` the file crossed, when that is the error (413 for bytes, else 422).
        var limit: InputLimitExceeded? = nil

        init(row: Int, en: String, vi: String, limit: InputLimitExceeded? = nil) {
            self.row = row
            self.en = en
            self.vi = vi
            self.limit = limit
        }

        init(_ exceeded: InputLimitExceeded, row: Int = 0) {
            self.init(row: row, en: exceeded.en, vi: exceeded.vi, limit: exceeded)
        }
    }

    static let columns = ["element", "unit", "period", "category", "value"]

    /// One cell of a file, as the check sees it.
    enum Cell: Equatable {
        case text(String)
        case number(Double)
        case boolean(Bool)
        /// Not a value: why, in both languages.
        case unreadable(en: String, vi: String)
    }

    /// The cells of one row by column (0 for the first), only those the file holds, in column order: a workbook
    /// cell in column XFD is one entry, not 16,384.
    struct Cells {
        var entries: [(column: Int, cell: Cell)]

        init(_ entries: [(column: Int, cell: Cell)]) { self.entries = entries }
        init(dense: [Cell]) { entries = dense.enumerated().map { ($0.offset, $0.element) } }

        /// One past the last column held.
        var count: Int { entries.last.map { $0.column + 1 } ?? 0 }

        /// The cell in `column`, an empty text where the file holds none.
        subscript(column: Int) -> Cell {
            var low = 0
            var high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].column < column { low = middle + 1 } else { high = middle }
            }
            return low < entries.count && entries[low].column == column ? entries[low].cell : .text("")
        }

        /// Every column up to the last held (for the header row, at most ``InputLimits/columns`` wide).
        var dense: [Cell] { (0..<count).map { self[$0] } }
    }

    /// A file read into rows of cells: row numbers as the file counts them (the header is row 1), and the CSV
    /// delimiter (nil for a workbook).
    struct Table {
        var rows: [(row: Int, cells: Cells)]
        var delimiter: Character?
    }

    // MARK: Reading a file

    /// An .xlsx workbook (it begins with "PK", a zip archive) or CSV text, read within `limits`: a file past one of
    /// them is a ``RowError`` carrying the ``InputLimitExceeded``.
    static func table(_ data: Data, limits: InputLimits = .standard) -> Result<Table, RowError> {
        guard data.count <= limits.uploadBytes else { return .failure(RowError(InputLimitExceeded(.uploadBytes, value: limits.uploadBytes))) }
        if data.prefix(2) == Data("PK".utf8) { return workbook(data, limits: limits) }
        switch CSVReader.table(data, limits: limits) {
        case .success(let table):
            return .success(
                Table(
                    rows: table.records.map { ($0.row, Cells(dense: $0.fields.map(Cell.text))) },
                    delimiter: table.delimiter))
        case .failure(let failure):
            return .failure(RowError(row: failure.row, en: failure.en, vi: failure.vi, limit: failure.limit))
        }
    }

    static func workbook(_ data: Data, limits: InputLimits = .standard) -> Result<Table, RowError> {
        do {
            let sheet = try XLSXReader.firstSheet(data, limits: limits)
            var rows = sheet.rows.map { row in (row: row.number, cells: Cells(row.cells.map { ($0.column, cell($0.cell)) })) }
            // The first row names the columns: a sheet that leaves it out has an empty header.
            if rows.first?.row != 1 { rows.insert((1, Cells([])), at: 0) }
            return .success(Table(rows: rows, delimiter: nil))
        } catch let exceeded as InputLimitExceeded {
            return .failure(RowError(exceeded, row: 0))
        } catch let error as XLSXError {
            // The reader's reason is technical (the zip archive, the XML): said after what to do, as a detail.
            let detail: String
            switch error {
            case .notASpreadsheet(let reason): detail = reason
            case .cannotWrite: detail = "\(error)"
            }
            return .failure(
                RowError(
                    row: 0,
                    en:
                        "The file cannot be read as an .xlsx workbook: it may be damaged, or another format (an old .xls, an .ods) renamed. Open it in Excel or LibreOffice and save it as .xlsx, or as CSV UTF-8. (Detail: \(detail).)",
                    vi:
                        "Không đọc được tệp dạng bảng tính .xlsx: tệp có thể bị hỏng, hoặc là định dạng khác (.xls cũ, .ods) được đổi tên. Hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx, hoặc CSV UTF-8. (Chi tiết kỹ thuật: \(detail).)"
                ))
        } catch {
            return .failure(
                RowError(
                    row: 0, en: "The file cannot be read as an .xlsx workbook (\(error)).",
                    vi: "Không đọc được tệp dạng bảng tính .xlsx (chi tiết kỹ thuật: \(error))."))
        }
    }

    static func cell(_ cell: XLSXReader.Cell) -> Cell {
        switch cell {
        case .empty: .text("")
        case .text(let text): .text(text)
        case .number(let number): .number(number)
        case .boolean(let value): .boolean(value)
        case .date(let text):
            .unreadable(
                en: "the cell holds a date (\(text)), not a number: format the cell as a number.",
                vi: "ô chứa ngày tháng (\(text)), không phải số: hãy định dạng ô là số.")
        case .error(let code):
            .unreadable(en: "the cell holds the error value \(code).", vi: "ô có giá trị lỗi \(code).")
        case .formulaWithoutValue(let formula):
            .unreadable(
                en: "the cell holds a formula without a saved result (=\(formula)): open the file in Excel or LibreOffice and save it again.",
                vi: "ô chứa công thức chưa có kết quả được lưu (=\(formula)): hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại.")
        case .unreadable(let text):
            .unreadable(en: "the cell cannot be read (\(text)).", vi: "không đọc được ô (\(text)).")
        }
    }

    // MARK: A sheet laid out as a grid

    /// The key a grid's header names in brackets at its end ("Lượt tư vấn (lượt) [counselling]" → "counselling"), or
    /// nil: lower-case letters, digits and "_" only.
    static func bracketedKey(_ cell: Cell) -> String? {
        guard case .text(let raw) = cell else { return nil }
        let text = raw.trimmingSpace
        guard text.hasSuffix("]"), let open = text.lastIndex(of: "[") else { return nil }
        let key = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard !key.isEmpty, key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            return nil
        }
        return String(key)
    }

    /// A sheet laid out as an area's grid (``AreaGridTemplate``: a row per unit, a column per figure, the header naming
    /// each column's key in brackets, "[unit]" and "[period]" among them) as the rows the import checks: one per
    /// figure filled in, keeping the sheet's row number; an empty cell says nothing. Any other table is returned as
    /// it is.
    static func longTable(_ table: Table) -> Table {
        guard let header = table.rows.first else { return table }
        var unitColumn: Int?
        var periodColumn: Int?
        var asOfColumn: Int?
        var figures: [(column: Int, element: String, category: String)] = []
        for (column, cell) in header.cells.entries {
            guard let key = bracketedKey(cell) else { continue }
            switch key {
            case "unit": unitColumn = unitColumn ?? column
            case "period": periodColumn = periodColumn ?? column
            case "as_of": asOfColumn = asOfColumn ?? column
            default:
                let parts = key.components(separatedBy: "__")
                figures.append((column, parts[0], parts.dropFirst().joined(separator: "__")))
            }
        }
        // A sheet of one value a row (the template) names its element and value columns: it is not a grid.
        guard let unitColumn, let periodColumn, !figures.isEmpty, !figures.contains(where: { ["element", "value"].contains($0.element) })
        else { return table }
        var rows: [(row: Int, cells: Cells)] = [(header.row, Cells(dense: (columns + ["as_of"]).map(Cell.text)))]
        for (row, cells) in table.rows.dropFirst() {
            let asOf = asOfColumn.map { cells[$0] } ?? .text("")
            for figure in figures {
                let value = cells[figure.column]
                if case .text(let text) = value, text.trimmingSpace.isEmpty { continue }
                rows.append(
                    (row, Cells(dense: [.text(figure.element), cells[unitColumn], cells[periodColumn], .text(figure.category), value, asOf])))
            }
        }
        return Table(rows: rows, delimiter: nil)
    }

    // MARK: The notation of the file's numbers

    /// The notation the texts of the value column are read in, and why, in both languages (see ``DataImport``).
    struct Notation: Equatable {
        var language: Language
        var en: String
        var vi: String
        /// Whether any text of the file has a separator, so that the notation matters.
        var matters: Bool
    }

    static func notation(_ table: Table, fallback: Language) -> Result<Notation, RowError> {
        let header = table.rows.first?.cells.dense.map(headerName) ?? []
        guard let valueColumn = header.firstIndex(of: "value") else {
            return .success(Notation(language: fallback, en: "", vi: "", matters: false))
        }
        var vietnamese: (row: Int, text: String)?
        var english: (row: Int, text: String)?
        var matters = false
        for (row, cells) in table.rows.dropFirst() where valueColumn < cells.count {
            guard case .text(let raw) = cells[valueColumn] else { continue }
            let text = raw.trimmingSpace
            if text.contains(where: { $0 == "." || $0 == "," }) { matters = true }
            let reading = ValueText.notations(of: text)
            if reading.vi != nil, reading.en == nil, vietnamese == nil { vietnamese = (row, text) }
            if reading.en != nil, reading.vi == nil, english == nil { english = (row, text) }
        }
        switch (vietnamese, english) {
        case (let vi?, let en?):
            return .failure(
                RowError(
                    row: max(vi.row, en.row),
                    en:
                        "value: the file writes numbers in two notations — row \(vi.row) “\(vi.text)” in Vietnamese (a comma before decimals), row \(en.row) “\(en.text)” in English (a dot before decimals). Write every number of the file the same way.",
                    vi:
                        "value: tệp viết số theo hai cách — dòng \(vi.row) “\(vi.text)” theo kiểu Việt Nam (dấu phẩy trước phần thập phân), dòng \(en.row) “\(en.text)” theo kiểu tiếng Anh (dấu chấm trước phần thập phân). Hãy viết mọi số trong tệp theo cùng một cách."
                ))
        case (let vi?, nil):
            return .success(
                Notation(
                    language: .vi, en: "the file's own numbers are written so (row \(vi.row): “\(vi.text)”)",
                    vi: "các số trong tệp được viết như vậy (dòng \(vi.row): “\(vi.text)”)", matters: true))
        case (nil, let en?):
            return .success(
                Notation(
                    language: .en, en: "the file's own numbers are written so (row \(en.row): “\(en.text)”)",
                    vi: "các số trong tệp được viết như vậy (dòng \(en.row): “\(en.text)”)", matters: true))
        case (nil, nil):
            if table.delimiter == ";" {
                return .success(
                    Notation(
                        language: .vi, en: "the file is separated by semicolons, as Excel writes it where a comma starts the decimals",
                        vi: "tệp phân cách bằng dấu chấm phẩy, như Excel ghi ở nơi dùng dấu phẩy trước phần thập phân", matters: matters))
            }
            return .success(
                Notation(
                    language: fallback, en: "the file's numbers do not show it, so they are read as your pages print them",
                    vi: "các số trong tệp không cho biết, nên được đọc như các trang của bạn hiển thị số", matters: matters))
        }
    }

    /// A value of digits followed, in a comma-separated file, by digits alone in the next column (within the header's
    /// width): a number such as “12,5” or “1,000” written without quotes and split by the delimiter. Nil otherwise,
    /// and always for a workbook or a file separated by semicolons or tabs.
    static func splitNumber(_ cells: Cells, valueColumn: Int, width: Int, delimiter: Character?) -> (value: String, next: String)? {
        guard delimiter == ",", valueColumn + 1 < width,
            case .text(let rawValue) = cells[valueColumn], case .text(let rawNext) = cells[valueColumn + 1]
        else { return nil }
        let value = rawValue.trimmingSpace, next = rawNext.trimmingSpace
        func digits(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy { ("0"..."9").contains($0) } }
        return digits(value.hasPrefix("-") ? String(value.dropFirst()) : value) && digits(next) ? (value, next) : nil
    }

    /// A column's name: the code in brackets at the end of a header such as the template's ("Mã đơn vị [unit]"), else
    /// the header itself in lower case ("unit", as files made before the Vietnamese template name it).
    static func headerName(_ cell: Cell) -> String {
        if let key = bracketedKey(cell) { return key }
        guard case .text(let text) = cell else { return "" }
        return text.trimmingSpace.lowercased()
    }

    /// The template's headers (one value a row): Vietnamese (or English) names with the column's code in brackets.
    static func templateHeader(_ t: Localizer) -> [String] {
        [
            t("Element code [element]", "Mã chỉ số [element]"), t("Unit code [unit]", "Mã đơn vị [unit]"), t("Period [period]", "Kỳ [period]"),
            t("Category code [category]", "Mã phân tổ [category]"), t("Value [value]", "Giá trị [value]"),
            t("Data element", "Tên chỉ số"), t("Unit of measure", "Đơn vị tính"),
        ]
    }

    // MARK: Checking the rows

    /// A row that passed every check of its own: where, what and the new value.
    struct Line: Sendable {
        var row: Int
        var unit: OrgUnit
        var placement: UnitPlacement
        var period: Period
        var element: DataElement
        var category: String
        var value: Double
        /// When the file was made from what was saved (a grid's workbook, its "[as_of]" column): a value saved after
        /// it that the row would replace is a conflict (``DataEntryQueries/importReview(_:lines:plan:elements:)``).
        var asOf: Date? = nil

        var key: DataValueKey { DataValueKey(element: element.code, category: category) }
    }

    /// The "[as_of]" of a grid's workbook: an instant in ISO 8601 with fractional seconds.
    static func asOfText(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().timeSeparator(.colon).time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static func asOf(_ text: String) -> Date? {
        try? Date(
            text.trimmingSpace,
            strategy: .iso8601.year().month().day().timeSeparator(.colon).time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// The rows' own checks: columns present, codes known, the person's units, a year or half-year, the element at
    /// the unit's level and its category (``DataValueRules/elementProblem(_:elements:unit:)``), the value read in
    /// `notation` and within its bounds, no value twice, no more fields than the header names (a CSV number split at
    /// its decimal comma). A row without a value says nothing (it neither sets nor clears): it is counted in
    /// `withoutValue`. The rules that need what is saved (period in the plan, unit active, part ≤ whole) come after, for
    /// each unit and period (``groupProblems(_:groups:saved:plan:elements:derived:)``). `mayEnter` answers for a unit and the row's
    /// period (nil when the row has none that could be read).
    static func check(
        _ table: Table, notation: Language, elements: [DataElement], units: [String: OrgUnit], placements: UnitPlacements,
        mayEnter: (OrgUnit, Period?) -> Bool
    ) -> (lines: [Line], errors: [RowError], withoutValue: Int) {
        guard let headerRow = table.rows.first else {
            return ([], [RowError(row: 1, en: "The file is empty.", vi: "Tệp trống.")], 0)
        }
        let header = headerRow.cells.dense.map(headerName)
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = columns.filter { index[$0] == nil }
        if !missing.isEmpty {
            let seen = header.filter { !$0.isEmpty }.prefix(8).map { "“\($0)”" }.joined(separator: ", ")
            return (
                [],
                [
                    RowError(
                        row: headerRow.row,
                        en:
                            "Missing column(s): \(missing.joined(separator: ", ")). The first row must name the columns \(columns.joined(separator: ", ")) (as the template does, e.g. “Unit code [unit]”), separated by commas, semicolons or tabs; it reads \(seen.isEmpty ? "nothing" : seen).",
                        vi:
                            "Thiếu cột: \(missing.joined(separator: ", ")). Dòng đầu phải có tên các cột \(columns.joined(separator: ", ")) (như mẫu tệp, ví dụ “Mã đơn vị [unit]”), phân cách bằng dấu phẩy, dấu chấm phẩy hoặc tab; dòng đầu đọc được \(seen.isEmpty ? "không có gì" : seen)."
                    )
                ],
                0
            )
        }
        let width = header.lastIndex { !$0.isEmpty }.map { $0 + 1 } ?? header.count
        let byCode = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [Line] = []
        var errors: [RowError] = []
        var seen: [String: Int] = [:]
        var withoutValue = 0
        for (line, cells) in table.rows.dropFirst() {
            func cell(_ name: String) -> Cell {
                cells[index[name]!]
            }
            func isBlank(_ cell: Cell) -> Bool {
                if case .text(let text) = cell { return text.trimmingSpace.isEmpty }
                return false
            }
            if cells.entries.allSatisfy({ isBlank($0.cell) }) { continue }
            let extra = table.delimiter == nil ? [] : cells.entries.filter { $0.column >= width && !isBlank($0.cell) }.map(\.cell)
            // A row without a value (as in the template) says nothing: it neither sets nor clears anything. The
            // preview counts these rows.
            if isBlank(cell("value")), extra.isEmpty {
                withoutValue += 1
                continue
            }
            var rowErrors: [RowError] = []
            func error(_ column: String, en: String, vi: String) {
                rowErrors.append(RowError(row: line, en: "\(column): \(en)", vi: "\(column): \(vi)"))
            }
            if !extra.isEmpty {
                let delimiter = table.delimiter.map(CSVReader.name) ?? (en: "cells", vi: "ô")
                rowErrors.append(
                    RowError(
                        row: line,
                        en:
                            "the row has \(width + extra.count) fields but the first row names \(width) (separated by \(delimiter.en)): a number written with a comma must be in quotes (\"12,5\"), or the file separated by semicolons.",
                        vi:
                            "dòng có \(width + extra.count) trường nhưng dòng đầu chỉ có \(width) tên cột (phân cách bằng \(delimiter.vi)): số có dấu phẩy phải đặt trong ngoặc kép (\"12,5\"), hoặc tệp phân cách bằng dấu chấm phẩy."
                    ))
            } else if let split = splitNumber(cells, valueColumn: index["value"]!, width: width, delimiter: table.delimiter) {
                // The same fault when the header has columns after the value (the template's name and unit of measure,
                // a comment): the rest of the number lands in the next column and the row has as many fields as the
                // header. Those columns hold text, never digits alone, so the row is refused, not read as "12".
                rowErrors.append(
                    RowError(
                        row: line,
                        en:
                            "value: “\(split.value)” is followed by “\(split.next)” in the next column: in a file separated by commas a number written with a comma (“\(split.value),\(split.next)”) is split in two. Put the number in quotes (\"\(split.value),\(split.next)\"), or separate the file by semicolons.",
                        vi:
                            "value: “\(split.value)” có “\(split.next)” ở cột ngay sau: trong tệp phân cách bằng dấu phẩy, số viết có dấu phẩy (“\(split.value),\(split.next)”) bị tách làm hai. Hãy đặt số trong ngoặc kép (\"\(split.value),\(split.next)\"), hoặc lưu tệp phân cách bằng dấu chấm phẩy."
                    ))
            }
            func text(_ name: String) -> String? {
                switch cell(name) {
                case .text(let raw):
                    // Every text cell passes the one rule for outside text (CleanText) before it is used or kept.
                    do {
                        return try CleanText.clean(
                            raw.trimmingSpace, field: name, rule: .line(CleanText.cellLimit))
                    } catch {
                        rowErrors.append(RowError(row: line, en: error.messageEn, vi: error.messageVi))
                        return nil
                    }
                case .number(let number):
                    if number.rounded() == number, abs(number) < 1e15, let whole = Int64(exactly: number) { return String(whole) }
                    return ValueText.write(number, .en)
                case .boolean(let value): return value ? "TRUE" : "FALSE"
                case .unreadable(let en, let vi):
                    error(name, en: en, vi: vi)
                    return nil
                }
            }
            let elementCode = text("element"), unitCode = text("unit"), periodText = text("period"), category = text("category") ?? ""
            let element = elementCode.flatMap { byCode[$0] }
            if let elementCode, element == nil {
                error(
                    "element", en: "unknown code “\(elementCode)” (not a data element of the plan).",
                    vi: "mã “\(elementCode)” không tồn tại (không phải chỉ số dữ liệu của kế hoạch).")
            }
            let period = periodText.flatMap { Period($0) }
            // A code is the unit that had it in the row's period (issue 16: codes reused by the 2025 reform).
            var unit = unitCode.flatMap { units[$0] }
            var placement = unit.flatMap { placements[$0.code] }
            var straddle: FieldProblem? = nil
            if let unitCode, let period, !period.isSpan {
                switch placements.resolve(unitCode, in: period) {
                case .success(let found)?: (unit, placement) = (found.unit, found.placement)
                case .failure(let problem)?: straddle = problem
                case nil: break
                }
            }
            if let unitCode, unit == nil {
                error("unit", en: "unknown code “\(unitCode)”.", vi: "mã đơn vị “\(unitCode)” không tồn tại.")
            } else if let straddle {
                error("unit", en: straddle.messageEn, vi: straddle.messageVi)
            } else if let unit, !mayEnter(unit, period) {
                error("unit", en: "you do not enter data for \(unit.name).", vi: "bạn không nhập số liệu cho \(unit.name).")
            } else if let unit, let element,
                let problem = DataValueRules.elementProblem(
                    DataValueKey(element: element.code, category: category), elements: elements, unit: unit)
            {
                let column = element.collectedAt.applies(to: unit) ? "category" : "unit"
                error(column, en: problem.messageEn, vi: problem.messageVi)
            }
            if let periodText, period == nil || period!.isSpan || period!.description != periodText {
                error(
                    "period", en: "“\(periodText)” is not a year or half-year such as 2023 or 2023S1.",
                    vi: "“\(periodText)” không phải năm hoặc 6 tháng, ví dụ 2023 hoặc 2023S1.")
            }
            var value: Double?
            if let element {
                let field = DataValueKey(element: element.code, category: category).field
                switch cell("value") {
                case .text(let typed):
                    switch DataValueRules.read(typed, element: element, notation: notation, field: field) {
                    case .success(let read): value = read
                    case .failure(let problem): error("value", en: problem.messageEn, vi: problem.messageVi)
                    }
                case .number(let number):
                    if let problem = DataValueRules.valueProblem(number, element: element, field: field) {
                        error("value", en: problem.messageEn, vi: problem.messageVi)
                    } else {
                        value = number
                    }
                case .boolean(let yes):
                    if element.valueType == .yesNo {
                        value = yes ? 1 : 0
                    } else {
                        error(
                            "value", en: "\(element.nameEn ?? element.name): \(yes ? "TRUE" : "FALSE") is not a number.",
                            vi: "\(element.name): \(yes ? "TRUE" : "FALSE") không phải là số.")
                    }
                case .unreadable(let en, let vi):
                    error("value", en: en, vi: vi)
                }
            } else if case .unreadable(let en, let vi) = cell("value") {
                error("value", en: en, vi: vi)
            }
            let key = "\(elementCode ?? "")|\(unitCode ?? "")|\(period?.description ?? periodText ?? "")|\(category)"
            if let first = seen[key] {
                rowErrors.append(RowError(row: line, en: "the same value is already on row \(first).", vi: "số liệu này đã có ở dòng \(first)."))
            } else {
                seen[key] = line
            }
            if rowErrors.isEmpty, let element, let unit, let period, let value, let placement {
                var asOf: Date? = nil
                if index["as_of"] != nil, case .text(let stamp) = cell("as_of"), !stamp.trimmingSpace.isEmpty {
                    asOf = Self.asOf(stamp)
                    if asOf == nil {
                        errors.append(
                            RowError(
                                row: line, en: "as_of: “\(stamp)” is not the time the file was downloaded; download the file again.",
                                vi: "as_of: “\(stamp)” không phải thời điểm tải tệp; hãy tải lại tệp."))
                        continue
                    }
                }
                lines.append(
                    Line(row: line, unit: unit, placement: placement, period: period, element: element, category: category, value: value, asOf: asOf))
            }
            errors += rowErrors
        }
        return (lines, errors, withoutValue)
    }

    /// The lines by unit and period: each group's line indices in row order, the groups in the order first met.
    static func groups(_ lines: [Line]) -> [[Int]] {
        struct Place: Hashable {
            var unit: String
            var period: Period
        }
        var index: [Place: Int] = [:]
        var groups: [[Int]] = []
        for (i, line) in lines.enumerated() {
            let place = Place(unit: line.unit.code, period: line.period)
            if let group = index[place] {
                groups[group].append(i)
            } else {
                index[place] = groups.count
                groups.append([i])
            }
        }
        return groups
    }

    /// The rules of each unit and period (``DataValueRules/problems(_:)``) over what is saved there (`saved`, one
    /// per group of ``groups(_:)``): the period in the plan and the unit active during it (named on every row of that
    /// unit and period), and parts not larger than their wholes (on the row of the value concerned). Values equal to
    /// what is saved are not changes.
    static func groupProblems(
        _ lines: [Line], groups: [[Int]], saved: [[DataValueKey: Double]], plan: Plan, elements: [DataElement],
        derived: [String: Set<String>] = [:]
    ) -> [RowError] {
        var errors: [RowError] = []
        for (members, before) in zip(groups, saved) {
            let first = lines[members[0]]
            var changes: [DataValueKey: Double?] = [:]
            for i in members where before[lines[i].key] != lines[i].value { changes[lines[i].key] = .some(lines[i].value) }
            var save = DataValueRules.Save(
                plan: plan, unit: first.unit, period: first.period, elements: elements, saved: before, changes: changes)
            save.derived = derived["\(first.unit.code)|\(first.period)"] ?? []
            for problem in DataValueRules.problems(save) {
                switch problem.field {
                case "period", "unit":
                    errors += members.map {
                        RowError(row: lines[$0].row, en: "\(problem.field): \(problem.messageEn)", vi: "\(problem.field): \(problem.messageVi)")
                    }
                default:
                    let line =
                        members.first { lines[$0].key.field == problem.field }.map { lines[$0] }
                        ?? members.first { lines[$0].element.code == problem.field }.map { lines[$0] }
                        ?? members.first { problem.field.hasPrefix(lines[$0].element.code + "__") }.map { lines[$0] } ?? first
                    errors.append(
                        RowError(
                            row: line.row, en: "value (\(line.unit.code) \(line.period)): \(problem.messageEn)",
                            vi: "value (\(line.unit.code) \(line.period)): \(problem.messageVi)"))
                }
            }
        }
        return errors
    }
}

/// CSV as spreadsheets write it: UTF-8 with or without a byte-order mark; fields separated by commas, semicolons or
/// tabs (found from the first row); RFC 4180 quoting (a field that begins with a quote may hold separators, line
/// breaks and doubled quotes).
enum CSVReader {
    /// Why a file is not read, naming the row (record) concerned, 0 for the whole file.
    struct Failure: Error, Equatable {
        var row: Int
        var en: String
        var vi: String
        /// The limit of ``InputLimits`` crossed, when that is why.
        var limit: InputLimitExceeded? = nil

        init(row: Int, en: String, vi: String, limit: InputLimitExceeded? = nil) {
            self.row = row
            self.en = en
            self.vi = vi
            self.limit = limit
        }

        init(_ exceeded: InputLimitExceeded, row: Int) {
            self.init(row: row, en: exceeded.en, vi: exceeded.vi, limit: exceeded)
        }
    }

    static func name(_ delimiter: Character) -> (en: String, vi: String) {
        switch delimiter {
        case ";": ("semicolons", "dấu chấm phẩy")
        case "\t": ("tabs", "dấu tab")
        default: ("commas", "dấu phẩy")
        }
    }

    /// The file's records within `limits` (see ``records(_:delimiter:limits:)``).
    static func table(
        _ data: Data, limits: InputLimits = .standard
    ) -> Result<(delimiter: Character, records: [(row: Int, fields: [String])]), Failure> {
        guard data.count <= limits.uploadBytes else { return .failure(Failure(InputLimitExceeded(.uploadBytes, value: limits.uploadBytes), row: 0)) }
        switch text(data) {
        case .failure(let failure): return .failure(failure)
        case .success(let text):
            let delimiter = delimiter(text)
            return records(text, delimiter: delimiter, limits: limits).map { (delimiter, $0) }
        }
    }

    /// The file as text: UTF-8, a byte-order mark dropped. UTF-16, bytes that are not UTF-8 (a legacy encoding such
    /// as Windows-1258 or Windows-1252) and NUL bytes (a binary file) are refused by name, with the row.
    static func text(_ data: Data) -> Result<String, Failure> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(
                Failure(
                    row: 0,
                    en:
                        "The file is UTF-16 text (Excel's “Unicode Text”), not UTF-8: save it as “CSV UTF-8 (Comma delimited)” in Excel, or as CSV with the character set Unicode (UTF-8) in LibreOffice.",
                    vi:
                        "Tệp là văn bản UTF-16 (“Unicode Text” của Excel), không phải UTF-8: hãy lưu lại dạng “CSV UTF-8 (Comma delimited)” trong Excel, hoặc CSV với bảng mã Unicode (UTF-8) trong LibreOffice."
                ))
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        func row(at offset: Int) -> Int { body[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }
        if let nul = body.firstIndex(of: 0) {
            return .failure(
                Failure(
                    row: row(at: nul),
                    en:
                        "The file is not text (it holds NUL bytes, as a binary or UTF-16 file does): upload an .xlsx workbook or a CSV file in UTF-8.",
                    vi: "Tệp không phải văn bản (có byte NUL, như tệp nhị phân hoặc UTF-16): hãy tải lên tệp .xlsx hoặc CSV mã UTF-8."))
        }
        if let bad = firstInvalidUTF8(body) {
            let line = row(at: bad)
            return .failure(
                Failure(
                    row: line,
                    en:
                        "The file is not UTF-8: row \(line) holds bytes of a legacy encoding (such as Windows-1258, the Vietnamese Windows code page, Windows-1252, TCVN3 or VNI). Save it again as “CSV UTF-8 (Comma delimited)” in Excel, or as CSV with the character set Unicode (UTF-8) in LibreOffice.",
                    vi:
                        "Tệp không phải mã UTF-8: dòng \(line) có byte của bảng mã cũ (như Windows-1258 — bảng mã tiếng Việt của Windows, Windows-1252, TCVN3 hoặc VNI). Hãy lưu lại dạng “CSV UTF-8 (Comma delimited)” trong Excel, hoặc CSV với bảng mã Unicode (UTF-8) trong LibreOffice."
                ))
        }
        return .success(String(decoding: body, as: UTF8.self))
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no overlong
    /// forms, no surrogates, nothing above U+10FFFF), or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            guard (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }

    /// The delimiter of the first row: the one of comma, semicolon and tab that splits it into the most of the
    /// expected column names (then into the most fields; a comma when nothing tells).
    static func delimiter(_ text: String) -> Character {
        var firstRow = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if !quoted, character == "\n" || character == "\r" || character == "\r\n" { break }
            firstRow.append(character)
            if firstRow.count > 10_000 { break }
        }
        var best: (Character, Int, Int) = (",", -1, -1)
        for candidate: Character in [",", ";", "\t"] {
            let fields = (try? records(firstRow, delimiter: candidate).get().first?.fields) ?? []
            let names = fields.map { $0.trimmingSpace.lowercased() }
            let known = DataImport.columns.filter(names.contains).count
            if (known, fields.count) > (best.1, best.2) { best = (candidate, known, fields.count) }
        }
        return best.0
    }

    /// The records of the text with their row numbers (the first record is row 1). A field that begins with a quote
    /// runs to the closing quote; a quote elsewhere is an ordinary character. A quote never closed is refused,
    /// naming the row where it opened.
    ///
    /// Read within `limits`, stopping at the first crossed, with the row and column: a record longer than
    /// ``InputLimits/csvLineCharacters``, a field longer than ``InputLimits/cellCharacters``, a field that is not
    /// blank past ``InputLimits/columns`` (blank ones there are dropped), more than ``InputLimits/cells`` fields or
    /// ``InputLimits/rows`` records.
    static func records(
        _ text: String, delimiter: Character, limits: InputLimits = .standard
    ) -> Result<[(row: Int, fields: [String])], Failure> {
        var records: [(row: Int, fields: [String])] = []
        var record: [String] = []
        var field = ""
        var fieldCharacters = 0
        var lineCharacters = 0
        var cells = 0
        /// The column of the field being read (0 for the first), counting the blank fields dropped past the limit.
        var column = 0
        var quoted = false
        var fieldStart = true
        var quoteRow = 0
        var exceeded: Failure? = nil
        // Read scalar by scalar (RFC 4180 is about characters of the file, not grapheme clusters): a quote, a
        // separator or a line end is always one scalar, and reading scalars is several times faster.
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        let separator = delimiter.unicodeScalars.first ?? ","
        func next() -> Unicode.Scalar? {
            if let c = pending { pending = nil; return c }
            return iterator.next()
        }
        func exceed(_ limit: InputLimitExceeded.Limit, _ value: Int, column: Int? = nil) {
            let row = records.count + 1
            let place =
                column.map { (en: "row \(row), column \($0 + 1)", vi: "dòng \(row), cột \($0 + 1)") } ?? (en: "row \(row)", vi: "dòng \(row)")
            exceeded = Failure(InputLimitExceeded(limit, value: value, whereEn: place.en, whereVi: place.vi), row: row)
        }
        /// Counts a character of the record and of the field; false past a limit.
        func count(_ c: Unicode.Scalar, inField: Bool) -> Bool {
            let scalars = 1
            lineCharacters += scalars
            guard lineCharacters <= limits.csvLineCharacters else {
                exceed(.csvLineCharacters, limits.csvLineCharacters)
                return false
            }
            if inField {
                fieldCharacters += scalars
                guard fieldCharacters <= limits.cellCharacters else {
                    exceed(.cellCharacters, limits.cellCharacters, column: column)
                    return false
                }
            }
            return true
        }
        func endField() -> Bool {
            defer { field = ""; fieldCharacters = 0; fieldStart = true; column += 1 }
            if column >= limits.columns {
                if field.trimmingSpace.isEmpty { return true }
                exceed(.columns, limits.columns, column: column)
                return false
            }
            cells += 1
            guard cells <= limits.cells else {
                exceed(.cells, limits.cells, column: column)
                return false
            }
            record.append(field)
            return true
        }
        func endRecord() -> Bool {
            guard endField() else { return false }
            guard records.count < limits.rows else {
                exceed(.rows, limits.rows)
                return false
            }
            records.append((records.count + 1, record))
            record = []
            lineCharacters = 0
            column = 0
            return true
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" {
                            guard count(after, inField: true) else { break }
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false; pending = after
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    guard count(c, inField: true) else { break }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where fieldStart:
                quoted = true; fieldStart = false; quoteRow = records.count + 1
            case separator:
                guard count(c, inField: false), endField() else { break }
            case "\n":
                guard endRecord() else { break }
            case "\r":
                // CR LF is one line end.
                if let after = next(), after != "\n" { pending = after }
                guard endRecord() else { break }
            default:
                guard count(c, inField: true) else { break }
                field.unicodeScalars.append(c); fieldStart = false
            }
            if exceeded != nil { break }
        }
        if let exceeded { return .failure(exceeded) }
        if quoted {
            return .failure(
                Failure(
                    row: quoteRow, en: "Row \(quoteRow) opens a quote (\") that is never closed.",
                    vi: "Dòng \(quoteRow) mở dấu ngoặc kép (\") mà không đóng lại."))
        }
        if !field.isEmpty || !record.isEmpty, !endRecord(), let exceeded { return .failure(exceeded) }
        return .success(records)
    }
}
