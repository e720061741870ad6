import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// Reads a commune's existing records of one register from a file (.xlsx or .csv, issue 17: "hotspots and cases
/// likewise") into rows for ``RecordRegistryStore/importRecords(_:rows:placement:today:context:)``, which enters them
/// all at once or none. The first row names the columns by the fields' Vietnamese names (or their keys), accents,
/// case and a note in brackets aside; cells are read as the form reads them (``RecordRegistry/read(_:today:)``), a
/// workbook's date or day number as its day.
enum RecordsImport {
    /// The column's name in the template: the field's name, with its unit or the way to write it in brackets.
    static func header(_ field: RecordField) -> String {
        switch field.kind {
        case .day: "\(field.vi) (dd/mm/yyyy)"
        case .quantity(let unit): "\(field.vi) (\(unit))"
        case .flag: "\(field.vi) (có/không)"
        default: field.vi
        }
    }

    /// How to write the column's values, for the import page.
    static func hint(_ field: RecordField, t: Localizer) -> String {
        let required = field.required ? t("Required. ", "Bắt buộc. ") : ""
        let how: String =
            switch field.kind {
            case .day: t("A day, dd/mm/yyyy.", "Ngày, dd/mm/yyyy.")
            case .count: t("A whole number.", "Số nguyên.")
            case .quantity(let unit): t("A number, in \(unit).", "Số, đơn vị \(unit).")
            case .choice(let choices): t("One of: ", "Một trong: ") + choices.map { $0.name(t.language) }.joined(separator: "; ") + "."
            case .flag: t("Yes or no (empty: no).", "Có hoặc không (để trống: không).")
            case .text(let limit): t("Text, at most \(limit) characters.", "Chữ, tối đa \(limit) ký tự.")
            case .year: t("A year, such as 2026.", "Năm, ví dụ 2026.")
            }
        return required + how
    }

    struct Read {
        var rows: [(row: Int, fields: [String: String])] = []
        /// Problems of the file itself (row 0) or of a cell that could not be read, by row and field key.
        var problems: [RecordImportProblem] = []
    }

    /// Reads the sheet's rows into fields by key: the header decides the columns (an unknown, repeated or missing
    /// required column refuses the file, naming it); empty rows are skipped.
    static func read(_ sheet: RegistryImport.Sheet, registry: RecordRegistry) -> Read {
        var result = Read()
        guard let headerRow = sheet.rows.first(where: { !$0.cells.values.allSatisfy(\.isBlank) }) else {
            result.problems.append(RecordImportProblem(row: 0, field: "file", en: "The file is empty.", vi: "Tệp không có dữ liệu."))
            return result
        }
        var columnOf: [String: Int] = [:]
        for (column, cell) in headerRow.cells.sorted(by: { $0.key < $1.key }) {
            guard case .text(let text) = cell, !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let key = RegistryImport.key(text)
            guard
                let field = registry.fields.first(where: { RegistryImport.key($0.vi) == key || $0.key == text.trimmingCharacters(in: .whitespaces) })
            else {
                result.problems.append(
                    RecordImportProblem(
                        row: headerRow.row, field: "file", en: "The column “\(text)” is not one of the register's.",
                        vi: "Cột “\(text)” không có trong sổ này (xem danh sách cột)."))
                continue
            }
            if columnOf[field.key] != nil {
                result.problems.append(
                    RecordImportProblem(
                        row: headerRow.row, field: "file", en: "The column “\(text)” is repeated.", vi: "Cột “\(text)” bị lặp lại."))
            }
            columnOf[field.key] = column
        }
        for field in registry.fields where field.required && columnOf[field.key] == nil {
            result.problems.append(
                RecordImportProblem(
                    row: headerRow.row, field: "file", en: "The column “\(header(field))” is missing.", vi: "Thiếu cột “\(header(field))”."))
        }
        guard result.problems.isEmpty else { return result }
        for (number, cells) in sheet.rows where number > headerRow.row {
            guard !cells.values.allSatisfy(\.isBlank) else { continue }
            var fields: [String: String] = [:]
            for field in registry.fields {
                guard let column = columnOf[field.key], let cell = cells[column] else { continue }
                switch cell {
                case .text(let text): fields[field.key] = text
                case .day(let serial): fields[field.key] = OfficialDate.iso(excelSerial: serial) ?? String(serial)
                case .number(let number):
                    if field.kind == .day, let day = OfficialDate.iso(excelSerial: number) {
                        fields[field.key] = day
                    } else {
                        // Written back the way the register reads numbers (Vietnamese notation), exactly.
                        fields[field.key] = ValueText.write(number, .vi)
                    }
                case .unreadable(let en, let vi):
                    result.problems.append(RecordImportProblem(row: number, field: field.key, en: "\(field.en): \(en)", vi: "\(field.vi): \(vi)"))
                }
            }
            result.rows.append((number, fields))
        }
        if result.rows.isEmpty, result.problems.isEmpty {
            result.problems.append(
                RecordImportProblem(row: 0, field: "file", en: "The file has no rows below its header.", vi: "Tệp không có dòng dữ liệu nào."))
        }
        return result
    }
}
