import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// The grid of an area as a workbook: a row per unit (the communes, then the district), a column per figure with its
/// Vietnamese name and unit of measure, the header row and the unit columns kept in view. Each header ends with the
/// figure's code in brackets ("Lượt tư vấn về nghiện ma túy (lượt) [counselling]"), which is how the import reads the
/// sheet back (``DataImport/longTable(_:)``); the unit and period columns are "[unit]" and "[period]".
enum AreaGridTemplate {
    static func header(_ column: AreaGridQueries.Column, t: Localizer) -> String {
        let element = t.isEnglish ? column.element.nameEn ?? column.element.name : column.element.name
        let category = column.category.map { " — " + (t.isEnglish ? $0.nameEn ?? $0.name : $0.name) } ?? ""
        let measure =
            column.element.valueType == .yesNo
            ? t("1 = yes, 0 = no", "1 = có, 0 = không") : (t.isEnglish ? column.element.measureEn ?? column.element.measure : column.element.measure)
        return "\(element)\(category) (\(measure)) [\(column.key)]"
    }

    /// `asOf`: when `current` was read; each row carries it ("[as_of]"), so that the import refuses to put back a value
    /// someone saved after the download.
    static func sheet(_ grid: AreaGridQueries.Grid, current: [String: [String: DataValue]], asOf: Date, t: Localizer) -> Spreadsheet.Sheet {
        var columns = grid.communeColumns
        for column in grid.districtColumns where !columns.contains(where: { $0.key == column.key }) { columns.append(column) }
        let titles =
            [t("Unit code [unit]", "Mã đơn vị [unit]"), t("Unit", "Tên đơn vị"), t("Period [period]", "Kỳ [period]")]
            + columns.map { header($0, t: t) } + [t("Downloaded at (do not change) [as_of]", "Thời điểm tải tệp (không sửa) [as_of]")]
        let rows: [[Spreadsheet.Cell]] = grid.rows.map { row in
            [.text(row.unit.code), .text(row.unit.name), .text(grid.period.description)]
                + columns.map { column in
                    guard row.keys.contains(column.key), let value = current[row.unit.code]?[column.key]?.value else { return .text("") }
                    return .number(value)
                } + [.text(DataImport.asOfText(asOf))]
        }
        return Spreadsheet.Sheet(
            name: t("Communes", "Các xã"), header: titles, rows: rows, widths: [12, 26, 10] + columns.map { _ in 18 } + [26], frozenColumns: 3)
    }
}
