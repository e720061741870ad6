import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// The annexes of a round's report as one workbook: the target board from approved data (with the units each figure
/// includes and those it lacks), the data of every expected unit (units × elements, with the province's total), the
/// completeness of reporting, and the projects' progress.
enum RoundAnnex {
    static func workbook(_ context: PageQueryContext, round: RoundSummary, plan: Plan) async throws -> Spreadsheet {
        let t = context.t
        let units = try await OrgUnitStore(database: context.db).all()
        let byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        guard let province = plan.province(in: units) else {
            throw PageError.notFound(t("The plan's province is not loaded.", "Chưa có đơn vị tỉnh của kế hoạch."))
        }
        let query = BoardQuery(database: context.db)
        let totals = try await query.totals(plan: plan, unit: province, approvedOnly: true)
        let board = TargetBoard(plan: plan, period: round.period, totals: totals.unit)
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        let boardRows: [[Spreadsheet.Cell]] = board.rows.map { row in
            let e = row.evaluation
            let expression = ValueExpression.of(row.target)
            return [
                .text(row.target.code), .text(row.target.indicator), .text(row.target.rule.plainWords(t.language)),
                finite(e.value).map { expression.isPercent ? .percent(expression.fraction($0)) : .number($0) } ?? .empty,
                finite(e.current?.numerator).map { .number($0) } ?? .empty, finite(e.current?.denominator).map { .number($0) } ?? .empty,
                .text(e.status.name(t.language)), .text(e.explanation(t.language)),
                .text(e.coverage.map { $0.expected.isEmpty && $0.isComplete ? "" : $0.count(t.language) } ?? ""),
                .text(
                    e.coverage.map { [$0.missingList(t.language), $0.uncoveredPhrase(t.language)].filter { !$0.isEmpty }.joined(separator: "; ") }
                        ?? ""),
            ]
        }
        let submissions = try await RoundStore(database: context.db).submissions(roundID: round.id)
        let elements = try await DataElementStore(database: context.db).elements(planID: plan.id)

        // Units × elements for the round's period (a review of several years shows its last year).
        let period: Period = round.period.isSpan ? .year(round.period.lastYear) : round.period
        let raw = ElementTotalsQuery(database: context.db)
        var dataRows: [[Spreadsheet.Cell]] = []
        var columnTotals = [Double](repeating: 0, count: elements.count)
        for submission in submissions {
            guard let unit = byCode[submission.unitCode] else { continue }
            let scope: TotalsScope = unit.level == .district ? .district(unit.code) : .unit(unit.code)
            let unitTotals = try await raw.totals(scope, elements: elements, years: period.firstYear...period.lastYear)[""] ?? UnitTotals()
            var row: [Spreadsheet.Cell] = [.text(unit.code), .text(unit.name), .text(submission.state.name(t.language))]
            for (index, element) in elements.enumerated() {
                if let value = unitTotals.total(element.code, period) {
                    row.append(.number(value))
                    columnTotals[index] += value
                } else {
                    row.append(.empty)
                }
            }
            dataRows.append(row)
        }
        dataRows.append(
            [.text(province.code), .text(t("Total of the units above", "Cộng các đơn vị trên")), .empty] + columnTotals.map { .number($0) })

        let completenessRows: [[Spreadsheet.Cell]] = submissions.compactMap { submission in
            guard let unit = byCode[submission.unitCode] else { return nil }
            let onTime = submission.firstSubmittedAt.map { Timeliness.isOnTime(firstSubmittedAt: $0, dueDate: round.schedule.dueDate) }
            return [
                .text(unit.code), .text(unit.name), .text(submission.state.name(t.language)),
                .text(submission.firstSubmittedAt.map(DateText.dateTime) ?? ""),
                .text(onTime.map { $0 ? t("on time", "đúng hạn") : t("late", "trễ hạn") } ?? t("not sent", "chưa gửi")),
                .text(submission.approvedAt.map(DateText.dateTime) ?? ""),
            ]
        }
        let bySubmission = Dictionary(submissions.map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
        let projectRows: [[Spreadsheet.Cell]] = plan.projects.flatMap { project -> [[Spreadsheet.Cell]] in
            let progress = project.leadUnit.flatMap { bySubmission[$0]?.content.projects[project.code] }
            return [
                [
                    .text(project.code), .text("\(project.number) “\(project.title)”"), .text(project.leadUnit.map { byCode[$0]?.name ?? $0 } ?? ""),
                    .text(progress?.status ?? ""), progress?.progress.map { .percent($0 / 100) } ?? .empty,
                    progress?.allocated.map { .number($0) } ?? .empty, progress?.spent.map { .number($0) } ?? .empty, .text(progress?.note ?? ""),
                ]
            ]
        }
        return Spreadsheet(sheets: [
            .init(
                name: t("Targets", "Chỉ tiêu"),
                header: [
                    t("Code", "Mã"), t("Indicator", "Chỉ số"), t("Rule", "Yêu cầu"), t("Value", "Kết quả"),
                    t("Numerator", "Tử số"), t("Denominator", "Mẫu số"), t("Status", "Đánh giá"), t("How it was judged", "Cách tính"),
                    t("Units reported", "Đơn vị có số liệu"), t("Missing", "Còn thiếu"),
                ],
                rows: boardRows, widths: [7, 45, 24, 11, 11, 11, 18, 70, 16, 40]),
            .init(
                name: t("Data", "Số liệu"),
                header: [t("Code", "Mã"), t("Unit", "Đơn vị"), t("Report", "Báo cáo")] + elements.map { "\($0.name) (\($0.measure))" },
                rows: dataRows, widths: [9, 32, 14] + elements.map { _ in 16 }),
            .init(
                name: t("Reporting", "Tiến độ báo cáo"),
                header: [
                    t("Code", "Mã"), t("Unit", "Đơn vị"), t("State", "Trạng thái"), t("First sent", "Gửi lần đầu"),
                    t("Timeliness", "Thời hạn"), t("Approved", "Duyệt lúc"),
                ],
                rows: completenessRows, widths: [9, 40, 14, 20, 12, 20]),
            .init(
                name: t("Projects", "Dự án"),
                header: [
                    t("Code", "Mã"), t("Project", "Dự án"), t("Lead", "Chủ trì"), t("Status", "Tình hình"),
                    t("Progress", "Tiến độ"), t("Allocated (million VND)", "Bố trí (triệu đồng)"),
                    t("Spent (million VND)", "Sử dụng (triệu đồng)"), t("Note", "Ghi chú"),
                ],
                rows: projectRows, widths: [7, 60, 30, 24, 10, 14, 14, 30]),
        ])
    }
}
