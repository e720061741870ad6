import Foundation
import PCMTDomain
import PCMTStore

/// Reads and checks an import file: every row is checked and every problem named by its row number; the file is
/// saved only when there is none.
enum DataImport {
    struct RowError: Equatable {
        var row: Int
        var en: String
        var vi: String
    }

    static let columns = ["element", "unit", "period", "category", "value"]

    static func check(
        records: [[String]], elements: [DataElement], units: [String: OrgUnit], placements: UnitPlacements,
        mayEnter: (OrgUnit) -> Bool
    ) -> (rows: [ImportRow], errors: [RowError]) {
        guard let header = records.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            return ([], [RowError(row: 1, en: "The file is empty.", vi: "Tệp trống.")])
        }
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = columns.filter { index[$0] == nil }
        if !missing.isEmpty {
            return (
                [],
                [
                    RowError(
                        row: 1,
                        en:
                            "Missing column(s): \(missing.joined(separator: ", ")). The first row must name the columns \(columns.joined(separator: ", ")).",
                        vi: "Thiếu cột: \(missing.joined(separator: ", ")). Dòng đầu phải có tên các cột \(columns.joined(separator: ", ")).")
                ]
            )
        }
        let byCode = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [ImportRow] = []
        var errors: [RowError] = []
        var seen: [String: Int] = [:]
        var totals: [String: [String: Double]] = [:]
        for (offset, record) in records.dropFirst().enumerated() {
            let line = offset + 2
            func field(_ name: String) -> String {
                let i = index[name]!
                return i < record.count ? record[i].trimmingCharacters(in: .whitespaces) : ""
            }
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var rowErrors: [RowError] = []
            let elementCode = field("element"), unitCode = field("unit"), periodText = field("period")
            let category = field("category"), valueText = field("value")
            let element = byCode[elementCode]
            if element == nil {
                rowErrors.append(
                    RowError(row: line, en: "element: unknown code “\(elementCode)”.", vi: "element: mã “\(elementCode)” không tồn tại."))
            }
            let unit = units[unitCode]
            if unit == nil {
                rowErrors.append(RowError(row: line, en: "unit: unknown code “\(unitCode)”.", vi: "unit: mã đơn vị “\(unitCode)” không tồn tại."))
            } else if let unit, !mayEnter(unit) {
                rowErrors.append(
                    RowError(row: line, en: "unit: you do not enter data for \(unit.name).", vi: "unit: bạn không nhập số liệu cho \(unit.name)."))
            } else if let unit, let element, !element.collectedAt.applies(to: unit) {
                rowErrors.append(
                    RowError(
                        row: line, en: "unit: \(element.code) is not reported by \(unit.name).",
                        vi: "unit: \(unit.name) không báo cáo chỉ số \(element.code)."))
            }
            let period = Period(periodText)
            if period == nil || { if case .span = period! { true } else { false } }() {
                rowErrors.append(
                    RowError(
                        row: line, en: "period: “\(periodText)” is not a year or half-year such as 2023 or 2023S1.",
                        vi: "period: “\(periodText)” không phải năm hoặc 6 tháng, ví dụ 2023 hoặc 2023S1."))
            }
            if let element {
                let allowed = element.categories.map(\.code)
                if allowed.isEmpty ? !category.isEmpty : !allowed.contains(category) {
                    rowErrors.append(
                        RowError(
                            row: line,
                            en: allowed.isEmpty
                                ? "category: \(element.code) has no categories; leave it empty."
                                : "category: one of \(allowed.joined(separator: ", ")).",
                            vi: allowed.isEmpty
                                ? "category: \(element.code) không có phân tổ; để trống." : "category: một trong \(allowed.joined(separator: ", ")).")
                    )
                }
            }
            // A row without a value (as in the template) says nothing: it neither sets nor clears anything.
            if valueText.isEmpty { continue }
            var value: Double? = nil
            if let element {
                let (parsed, problems) = DataEntryValidation.parse([.init(element: element.code, text: valueText)], elements: [element])
                if let problem = problems.first {
                    rowErrors.append(RowError(row: line, en: "value: \(problem.messageEn)", vi: "value: \(problem.messageVi)"))
                } else {
                    value = parsed[element.code] ?? nil
                }
            }
            let key = "\(elementCode)|\(unitCode)|\(period?.description ?? periodText)|\(category)"
            if let first = seen[key] {
                rowErrors.append(RowError(row: line, en: "the same value is already on row \(first).", vi: "số liệu này đã có ở dòng \(first)."))
            }
            seen[key] = line
            if rowErrors.isEmpty, let element, let unit, let period, let placement = placements[unit.code] {
                rows.append(ImportRow(element: element.code, placement: placement, period: period, category: category, value: value))
                if let value { totals["\(unit.code)|\(period)", default: [:]][element.code, default: 0] += value }
            }
            errors += rowErrors
        }
        for (key, elementTotals) in totals.sorted(by: { $0.key < $1.key }) {
            for problem in DataEntryValidation.partProblems(totals: elementTotals, elements: elements) {
                let line =
                    rows.indices.first { "\(rows[$0].placement.unitCode)|\(rows[$0].period)" == key && rows[$0].element == problem.field }
                    .flatMap { index in
                        seen.first { $0.key.hasPrefix("\(rows[index].element)|\(rows[index].placement.unitCode)|\(rows[index].period)|") }?.value
                    } ?? 0
                errors.append(
                    RowError(
                        row: line, en: "\(key.replacingOccurrences(of: "|", with: " ")): \(problem.messageEn)",
                        vi: "\(key.replacingOccurrences(of: "|", with: " ")): \(problem.messageVi)"))
            }
        }
        return (rows, errors.sorted { $0.row < $1.row })
    }
}

/// RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes; a byte-order mark is skipped.
enum CSVReader {
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < characters.count, characters[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else {
                switch c {
                case "\"": quoted = true
                case ",", ";": record.append(field); field = ""
                case "\r\n", "\n", "\r":
                    record.append(field); records.append(record); record = []; field = ""
                default: field.append(c)
                }
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
