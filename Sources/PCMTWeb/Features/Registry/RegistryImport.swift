import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// Reads a commune's existing list of people under management from a file (.xlsx or .csv, issue 17) into the rows
/// ``PeopleRegistryStore/importPeople(_:placement:today:context:)`` registers all at once or not at all. The first
/// row names the columns by their Vietnamese names (accents, case and a note in brackets aside); dates are read as
/// dd/mm/yyyy, yyyy-mm-dd, an Excel day number, or — for the day of birth — a bare year; sex and status by their
/// Vietnamese words. Nothing read is kept anywhere but in memory.
enum RegistryImport {
    /// A column of the list: the registration field it fills, its name in the template and whether it must be there.
    struct Column {
        var field: String
        var header: String
        var required: Bool
    }

    static let columns = [
        Column(field: "fullName", header: "Họ và tên", required: true),
        Column(field: "otherNames", header: "Tên gọi khác", required: false),
        Column(field: "sex", header: "Giới tính (Nam/Nữ)", required: true),
        Column(field: "birth", header: "Ngày sinh (dd/mm/yyyy hoặc năm)", required: true),
        Column(field: "idNumber", header: "Số CCCD/CMND", required: false),
        Column(field: "address", header: "Địa chỉ", required: false),
        Column(field: "status", header: "Tình trạng (Nghiện / Sử dụng trái phép)", required: true),
        Column(field: "statusOn", header: "Ngày xác định", required: true),
        Column(field: "statusBody", header: "Cơ quan xác định", required: true),
        Column(field: "managedFrom", header: "Ngày bắt đầu quản lý", required: true),
    ]

    /// The column's name without its note in brackets: "Giới tính".
    static func shortName(_ field: String) -> String {
        guard let column = columns.first(where: { $0.field == field }) else { return field }
        return String(column.header.split(separator: "(").first ?? Substring(column.header)).trimmingCharacters(in: .whitespaces)
    }

    /// A header or a word as compared: without accents, case, a note in brackets, and spaces around "/".
    static func key(_ text: String) -> String {
        let bare = text.split(separator: "(", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
        return bare.foldedForSearch.replacingOccurrences(of: " / ", with: "/").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// One cell as read: text (every CSV field, a workbook's text), a number, or a workbook cell formatted as a date
    /// (its Excel day number).
    enum Cell: Equatable {
        case text(String)
        case number(Double)
        case day(Double)
        case unreadable(en: String, vi: String)

        var isBlank: Bool {
            if case .text(let text) = self { return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            return false
        }
    }

    struct Sheet {
        /// Rows by their number in the file (the header is row 1), cells by column (0 for the first).
        var rows: [(row: Int, cells: [Int: Cell])]
    }

    /// The file's first sheet, or its CSV records; a file that cannot be read is a ``DataImport/RowError`` as for the
    /// import of reported values (a limit crossed carries its ``InputLimitExceeded``).
    static func sheet(_ data: Data, limits: InputLimits = .standard) -> Result<Sheet, DataImport.RowError> {
        guard data.count <= limits.uploadBytes else {
            return .failure(DataImport.RowError(InputLimitExceeded(.uploadBytes, value: limits.uploadBytes)))
        }
        if data.prefix(2) == Data("PK".utf8), let sheet = try? XLSXReader.firstSheet(data, limits: limits) {
            return .success(
                Sheet(
                    rows: sheet.rows.map { row in
                        var cells: [Int: Cell] = [:]
                        for entry in row.cells { cells[entry.column] = cell(entry.cell) }
                        return (row.number, cells)
                    }))
        }
        // Not a workbook that reads, or CSV text: read as the import of values reads it, with its messages.
        switch DataImport.table(data, limits: limits) {
        case .failure(let error): return .failure(error)
        case .success(let table):
            return .success(
                Sheet(
                    rows: table.rows.map { row in
                        var cells: [Int: Cell] = [:]
                        for entry in row.cells.entries {
                            switch entry.cell {
                            case .text(let text): cells[entry.column] = .text(text)
                            case .number(let number): cells[entry.column] = .number(number)
                            case .boolean(let value): cells[entry.column] = .text(value ? "TRUE" : "FALSE")
                            case .unreadable(let en, let vi): cells[entry.column] = .unreadable(en: en, vi: vi)
                            }
                        }
                        return (row.row, cells)
                    }))
        }
    }

    static func cell(_ cell: XLSXReader.Cell) -> Cell {
        switch cell {
        case .empty: .text("")
        case .text(let text): .text(text)
        case .number(let number): .number(number)
        case .boolean(let value): .text(value ? "TRUE" : "FALSE")
        case .date(let text):
            Double(text.trimmingCharacters(in: .whitespaces)).map(Cell.day)
                ?? .unreadable(en: "the cell holds a date that cannot be read (\(text)).", vi: "ô chứa ngày tháng không đọc được (\(text)).")
        case .error(let code): .unreadable(en: "the cell holds the error value \(code).", vi: "ô có giá trị lỗi \(code).")
        case .formulaWithoutValue(let formula):
            .unreadable(
                en: "the cell holds a formula without a saved result (=\(formula)): open the file in Excel or LibreOffice and save it again.",
                vi: "ô chứa công thức chưa có kết quả được lưu (=\(formula)): hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại.")
        case .unreadable(let text): .unreadable(en: "the cell cannot be read (\(text)).", vi: "không đọc được ô (\(text)).")
        }
    }

    /// A problem of a row (or of the file, row 0) in a column (a registration field, or "file").
    typealias Problem = PersonImportProblem

    /// What a file makes: the rows to import, and the problems found reading them (besides those the store finds).
    struct Read {
        var rows: [PersonImportRow] = []
        var problems: [Problem] = []
    }

    /// Reads the sheet's rows into registrations for `communeCode`: the header decides the columns (an unknown, a
    /// repeated or a missing one refuses the file, naming it); empty rows are skipped. A value that cannot be read is
    /// a problem of its row and column; the registration then carries a value the rules refuse, or — for sex and
    /// status — one the problem alone refuses, so the caller never imports a file with problems.
    static func read(_ sheet: Sheet, communeCode: String) -> Read {
        var result = Read()
        func fileProblem(_ row: Int, en: String, vi: String) { result.problems.append(Problem(row: row, field: "file", en: en, vi: vi)) }
        guard let header = sheet.rows.first(where: { $0.row == 1 }), header.cells.values.contains(where: { !$0.isBlank }) else {
            fileProblem(
                1, en: "The first row must name the columns (download the template): it is empty.",
                vi: "Dòng 1 phải là dòng tiêu đề ghi tên các cột (tải mẫu tệp): dòng này đang trống.")
            return result
        }
        var fieldOf: [Int: String] = [:]
        var columnOf: [String: Int] = [:]
        for (column, cell) in header.cells.sorted(by: { $0.key < $1.key }) where !cell.isBlank {
            let letter = XLSXWriter.columnName(column)
            guard case .text(let name) = cell, let found = columns.first(where: { key($0.header) == key(name) }) else {
                let shown: String =
                    switch cell {
                    case .text(let name): name
                    case .number(let number), .day(let number): String(number)
                    case .unreadable: "?"
                    }
                fileProblem(
                    1, en: "Column \(letter) (“\(shown)”) is not a column of the list: use the template's column names.",
                    vi: "Cột \(letter) (“\(shown)”) không phải cột của danh sách: hãy dùng tên cột theo mẫu tệp.")
                continue
            }
            if let first = columnOf[found.field] {
                fileProblem(
                    1, en: "Columns \(XLSXWriter.columnName(first)) and \(letter) are both “\(shortName(found.field))”.",
                    vi: "Cột \(XLSXWriter.columnName(first)) và cột \(letter) cùng là “\(shortName(found.field))”.")
                continue
            }
            columnOf[found.field] = column
            fieldOf[column] = found.field
        }
        for column in columns where column.required && columnOf[column.field] == nil {
            fileProblem(1, en: "The column “\(shortName(column.field))” is missing.", vi: "Thiếu cột “\(shortName(column.field))”.")
        }
        guard result.problems.isEmpty else { return result }
        for (row, cells) in sheet.rows where row > 1 {
            guard cells.values.contains(where: { !$0.isBlank }) else { continue }
            func cell(_ field: String) -> Cell { columnOf[field].flatMap { cells[$0] } ?? .text("") }
            func problem(_ field: String, en: String, vi: String) {
                result.problems.append(Problem(row: row, field: field, en: en, vi: vi))
            }
            func text(_ field: String) -> String {
                switch cell(field) {
                case .text(let text): return text.trimmingCharacters(in: .whitespacesAndNewlines)
                case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
                case .day(let serial): return day(serial: serial) ?? ""
                case .unreadable(let en, let vi):
                    problem(field, en: "The \(en)", vi: "Không đọc được: \(vi)")
                    return ""
                }
            }
            func date(_ field: String, yearAlone: Bool = false) -> String {
                let cell = cell(field)
                switch cell {
                case .day(let serial):
                    if let day = day(serial: serial) { return day }
                case .number(let number):
                    if yearAlone, number == number.rounded(), (1900...2100).contains(number) { return String(Int(number)) }
                    if let day = day(serial: number) { return day }
                case .text(let written):
                    let trimmed = written.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty { return "" }
                    if let day = day(written: trimmed, yearAlone: yearAlone) { return day }
                case .unreadable: return text(field)
                }
                let shown = text(field)
                problem(
                    field,
                    en: "“\(shown)” is not a day: write dd/mm/yyyy (such as 08/03/1994)\(yearAlone ? ", or the year alone" : "").",
                    vi: "“\(shown)” không phải là ngày: viết ngày/tháng/năm (như 08/03/1994)\(yearAlone ? ", hoặc chỉ năm sinh" : "").")
                // A value the rules refuse, with its problem shown in place of theirs.
                return "?"
            }
            let sexWord = key(text("sex"))
            let sex = PersonSex.allCases.first { key($0.name(.vi)) == sexWord || key($0.name(.en)) == sexWord }
            if sex == nil {
                problem(
                    "sex", en: sexWord.isEmpty ? "Required: Nam or Nữ." : "“\(text("sex"))” is neither Nam nor Nữ.",
                    vi: sexWord.isEmpty ? "Bắt buộc ghi Nam hoặc Nữ." : "“\(text("sex"))” không phải Nam hoặc Nữ.")
            }
            let statusWord = key(text("status"))
            let status = status(statusWord)
            if status == nil {
                problem(
                    "status",
                    en: statusWord.isEmpty
                        ? "Required: Nghiện or Sử dụng trái phép." : "“\(text("status"))” is neither Nghiện nor Sử dụng trái phép.",
                    vi: statusWord.isEmpty
                        ? "Bắt buộc ghi Nghiện hoặc Sử dụng trái phép." : "“\(text("status"))” không phải Nghiện hoặc Sử dụng trái phép.")
            }
            let idNumber = text("idNumber")
            result.rows.append(
                PersonImportRow(
                    row: row,
                    registration: PersonRegistration(
                        identity: PersonIdentity(
                            fullName: text("fullName"), otherNames: text("otherNames"), sex: sex ?? .male, birth: date("birth", yearAlone: true),
                            idNumber: idNumber.isEmpty ? nil : idNumber, address: text("address")),
                        communeCode: communeCode, status: status ?? .illicitUser, statusOn: date("statusOn"), statusBody: text("statusBody"),
                        managedFrom: date("managedFrom"))))
        }
        if result.rows.isEmpty && result.problems.isEmpty {
            fileProblem(0, en: "The file has no person's row below its header.", vi: "Tệp không có dòng nào ghi người dưới dòng tiêu đề.")
        }
        return result
    }

    /// The status a word names: "Nghiện" (also "Người nghiện ma túy"), "Sử dụng trái phép" (also the status's full name).
    static func status(_ word: String) -> DrugUseStatus? {
        switch word {
        case "nghien", "nguoi nghien", "nguoi nghien ma tuy", "nghien ma tuy", "addict", "drug addict": .addict
        case "su dung trai phep", "su dung trai phep chat ma tuy", "nguoi su dung trai phep chat ma tuy", "illicit user", "illicit drug user":
            .illicitUser
        default: nil
        }
    }

    /// The ISO day of an Excel day number (``OfficialDate/iso(excelSerial:)``).
    static func day(serial: Double) -> String? { OfficialDate.iso(excelSerial: serial) }

    /// The ISO day of a written day (``OfficialDate/iso(written:)``); a bare year "yyyy" when `yearAlone`.
    static func day(written: String, yearAlone: Bool) -> String? {
        if yearAlone, written.count == 4, written.allSatisfy(\.isASCIIDigit) { return written }
        return OfficialDate.iso(written: written)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
