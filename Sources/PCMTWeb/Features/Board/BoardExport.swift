import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The board as officials keep it: an Excel sheet or a CSV file; every export is in the audit log.
extension BoardRoutes {
    enum ExportFormat { case xlsx, csv }

    /// The board as officials keep it: an Excel sheet or a CSV file; every export is in the audit log.
    func export(_ request: Request, as format: ExportFormat) async throws -> Response {
        let context = PageContext(request)
        let plan = try await context.routedPlan()
        let model = try await BoardPage.model(context.query, try request.query.decode(BoardFilter.self), plan: plan)
        let t = context.t
        let header = [
            t("Code", "Mã"), t("Target", "Chỉ tiêu"), t("Indicator", "Chỉ số"), t("Rule", "Yêu cầu"), t("Value", "Kết quả"),
            t("Numerator", "Tử số"), t("Denominator", "Mẫu số"), t("Status", "Đánh giá"), t("How it was judged", "Cách tính"),
            t("Units reported", "Đơn vị có số liệu"), t("Missing", "Còn thiếu"),
        ]
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        let rows: [[Spreadsheet.Cell]] = model.board.rows.map { row in
            let e = row.evaluation
            let expression = ValueExpression.of(row.target)
            let value: Spreadsheet.Cell = finite(e.value).map { expression.isPercent ? .percent(expression.fraction($0)) : .number($0) } ?? .empty
            return [
                .text(row.target.code), .text(row.target.text), .text(row.target.indicator), .text(row.target.plainWords(t.language)),
                value, finite(e.current?.numerator).map { .number($0) } ?? .empty, finite(e.current?.denominator).map { .number($0) } ?? .empty,
                .text(e.status.name(t.language)), .text(e.explanation(t.language)),
                .text(e.coverage.map { $0.expected.isEmpty && $0.isComplete ? "" : $0.count(t.language) } ?? ""),
                .text(
                    e.coverage.map { [$0.missingList(t.language), $0.uncoveredPhrase(t.language)].filter { !$0.isEmpty }.joined(separator: "; ") }
                        ?? ""),
            ]
        }
        let name = "pcmt-chi-tieu-\(model.unit.code)-\(model.period)"
        let sheet = Spreadsheet.Sheet(
            name: "\(model.unit.code) \(model.period)", header: header, rows: rows, widths: [7, 50, 40, 22, 11, 11, 11, 18, 60, 16, 40])
        let file: Download
        switch format {
        case .xlsx:
            // Numbers stay numbers in the cells; Excel shows them in its own locale.
            file = Download(.xlsx, name: name, data: try XLSXWriter.data(Spreadsheet(sheets: [sheet])))
        case .csv:
            // Text, so written in the page's language: "68,8%" in Vietnamese, "68.8%" in English.
            file = Download(csv: CSVWriter.document(sheet, notation: t.language), name: name)
        }
        return try await request.download(
            file,
            audit: AuditSubject(
                kind: .export, entity: "board", entityID: "\(plan.code) \(model.unit.code) \(model.period)", unitCode: model.unit.code,
                summary: "target board of \(model.unit.code) for \(model.period) exported as \(file.kind.fileExtension)"))
    }
}
