import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// The annexes of a round's report as one workbook, each sheet an annex of the report ("Phụ lục 01" … with the
/// reference "(Kèm theo Báo cáo số …)" from the report's saved heading, or the plan's default heading), printable on
/// A4 landscape. Every figure is of approved data (the values of approved reports, ``OfficialTotals``), as the
/// report's:
/// 1. the target board from approved data: the measured figure, the same period a year before, the change (in the
///    figure's unit, in percentage points for a share) and in %, the verdict, how it was judged, which units the
///    figure includes and which it lacks;
/// 2. the province's figure of each element, with the year before and the change;
/// 3. the completeness of reporting; 4. the projects' progress from approved reports (these four in this order: the round's CSV tables,
///    `DocumentRoutes.tables`, are sheets 1 to 4);
/// 5. the districts' figures, the elements a district reported down and the districts across, with their sum (from
///    01/07/2025 the communes directly under the province, which report what districts did);
/// 6. every other unit's figures (agencies), one row per unit and element it reported, with the year before.
///
/// The figures are those of the round's period and of the same period a year before (`Period.yearBefore`); a review
/// over several years shows its last year and the year before it, its verdict being the review's. Numbers are
/// numbers: counts with thousands, shares as percentages, changes signed.
enum RoundAnnex {
    static func workbook(_ context: PageQueryContext, round: RoundSummary, plan: Plan) async throws -> Spreadsheet {
        let t = context.t
        let units = try await OrgUnitStore(database: context.db).all()
        let byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        guard let province = plan.province(in: units) else {
            throw PageError.notFound(t("The plan's province is not loaded.", "Chưa có đơn vị tỉnh của kế hoạch."))
        }
        // The figures compared: the round's period and the same period a year before; a review's last year and the
        // year before it (a span a year earlier would count four of the same years again).
        let period: Period = round.period.isSpan ? .year(round.period.lastYear) : round.period
        let before = period.yearBefore
        let heading =
            try await RoundReportStore(database: context.db).report(roundID: round.id)?.draft.heading
            ?? .provinceDefault(plan: plan, issuingOn: round.schedule.dueDate, timeline: UnitTimeline(units: units))
        let reference = AnnexHeading.reference(to: heading, year: round.period.lastYear, planIssuer: plan.issuer, t.language)
        let periodWords: String = {
            if case .span = round.period { return t("over ", "giai đoạn ") + round.period.phrase(t.language) }
            return round.period.phrase(t.language)
        }()
        func titles(_ number: Int, _ subject: String) -> [Spreadsheet.Title] {
            [.init(AnnexHeading.label(number, t.language)), .init(subject.uppercased()), .init(reference, .note)]
        }
        let thisPeriod = t("This period", "Kỳ này") + "\n(" + period.phrase(t.language) + ")"
        let lastPeriod = t("A year before", "Cùng kỳ năm trước") + "\n(" + before.phrase(t.language) + ")"
        let changeHeader = t("Up (+), down (−)", "Tăng (+), giảm (−)")
        let changePercent = t("Change (%)", "Tăng, giảm (%)")

        let elements = try await DataElementStore(database: context.db).elements(planID: plan.id)
        let elementByCode = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        func measure(_ element: DataElement) -> String { element.valueType == .yesNo ? t("units", "đơn vị") : element.measure }

        // 1. Targets: this period's board and the same period's a year before, from the same totals.
        let query = BoardQuery(database: context.db)
        let totals = try await query.totals(plan: plan, unit: province, approvedOnly: true)
        let board = TargetBoard(plan: plan, period: round.period, totals: totals.unit)
        let currentBoard = round.period.isSpan ? TargetBoard(plan: plan, period: period, totals: totals.unit) : board
        let currentByCode = Dictionary(currentBoard.rows.map { ($0.target.code, $0.evaluation) }, uniquingKeysWith: { a, _ in a })
        let previousBoard = TargetBoard(plan: plan, period: before, totals: totals.unit)
        let previousByCode = Dictionary(previousBoard.rows.map { ($0.target.code, $0.evaluation) }, uniquingKeysWith: { a, _ in a })
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        let boardRows: [[Spreadsheet.Cell]] = board.rows.map { row in
            let e = row.evaluation
            let isShare = row.target.measure?.isRatio ?? false
            let unit =
                isShare ? "%" : (row.target.measure?.elementCodes.first.flatMap { elementByCode[$0] }.map(measure) ?? "")
            let current = finite(currentByCode[row.target.code]?.current?.value)
            let previous = finite(previousByCode[row.target.code]?.current?.value)
            func figure(_ value: Double?) -> Spreadsheet.Cell {
                value.map { isShare ? .percent($0 / 100) : .number($0) } ?? .empty
            }
            // As in the report's text: a figure that lacks some units' reports is not compared (its change would be
            // the missing units'), though both figures are shown.
            let complete = currentByCode[row.target.code]?.coverage?.isComplete ?? true
            let change = complete ? FigureChange.of(current, previous: previous) : nil
            return [
                .text(row.target.code), .text(row.target.indicator), .text(row.target.plainWords(t.language)), .text(unit),
                figure(current), figure(previous),
                change.map { .change($0.difference, isShare ? .points : .count) } ?? .empty,
                isShare ? .empty : (change?.percent.map { .change($0 / 100, .percent) } ?? .empty),
                .text(e.status.name(t.language)), .text(e.explanation(t.language)),
                .text(e.coverage.map { $0.expected.isEmpty && $0.isComplete ? "" : $0.count(t.language) } ?? ""),
                .text(
                    e.coverage.map {
                        [$0.missingList(t.language, limit: 10), $0.uncoveredPhrase(t.language)].filter { !$0.isEmpty }.joined(separator: "; ")
                    }
                        ?? ""),
            ]
        }

        // 2. The province's figure of each element.
        let provinceRows: [[Spreadsheet.Cell]] = elements.map { element in
            let current = RoundDocuments.periodTotal(element, period, totals: totals.unit).flatMap(finite)
            let previous = RoundDocuments.periodTotal(element, before, totals: totals.unit).flatMap(finite)
            // As in sheet 1 and the report: a figure that lacks some units' reports is shown, not compared.
            func complete(_ period: Period) -> Bool { totals.unit.coverage(element.code, period)?.allSatisfy(\.isComplete) ?? true }
            let change = complete(period) && complete(before) ? FigureChange.of(current, previous: previous) : nil
            return [
                .text(element.code), .text(element.name), .text(measure(element)), current.map { .number($0) } ?? .empty,
                previous.map { .number($0) } ?? .empty, change.map { .change($0.difference, .count) } ?? .empty,
                change?.percent.map { .change($0 / 100, .percent) } ?? .empty,
            ]
        }

        // 5. and 6. Each unit's own figures, from its approved values (as sheets 1 and 2) for the period and the year before, of
        // the half-years in which it existed (a reused code's values of other days are another unit's); nothing is
        // re-based here, so that the units of both maps add up to their territory.
        let submissions = try await RoundStore(database: context.db).submissions(roundID: round.id)
        let timeline = UnitTimeline(units: units)
        // The unit that had the code when the report was due (a reused code names the new commune after 30/06/2025).
        let submitting = submissions.compactMap { timeline.version(of: $0.unitCode, on: round.schedule.dueDate) ?? byCode[$0.unitCode] }
        let figures = try await query.ownFigures(
            plan: plan, units: submitting, timeline: timeline, years: before.firstYear...period.lastYear, approvedOnly: true)
        var districts: [(unit: OrgUnit, totals: UnitTotals)] = []
        var others: [(unit: OrgUnit, totals: UnitTotals)] = []
        for (unit, unitTotals) in zip(submitting, figures) {
            // A commune directly under the province reports as a district did.
            let asDistrict = unit.level == .district || (unit.level == .commune && unit.isDirectlyUnderProvince)
            if asDistrict { districts.append((unit, unitTotals)) } else { others.append((unit, unitTotals)) }
        }
        // A unit that did not exist through both years is named with its dates: its figures are of its own days.
        let spanFirst = DataValueRules.days(of: before).first, spanLast = DataValueRules.days(of: period).last
        func unitName(_ unit: OrgUnit) -> String {
            if let to = unit.validTo, to < spanLast { return unit.name + " (" + t("until ", "đến ") + t.date(to) + ")" }
            if let from = unit.validFrom, from > spanFirst { return unit.name + " (" + t("from ", "từ ") + t.date(from) + ")" }
            return unit.name
        }
        let districtRows: [[Spreadsheet.Cell]] = elements.compactMap { element in
            let values = districts.map { RoundDocuments.periodTotal(element, period, totals: $0.totals).flatMap(finite) }
            let present = values.compactMap { $0 }
            guard !present.isEmpty else { return nil }
            return [.text(element.name), .text(measure(element))] + values.map { $0.map { .number($0) } ?? .empty }
                + [.number(present.reduce(0, +))]
        }
        let otherRows: [[Spreadsheet.Cell]] = others.flatMap { unit, unitTotals in
            elements.compactMap { element -> [Spreadsheet.Cell]? in
                let current = RoundDocuments.periodTotal(element, period, totals: unitTotals).flatMap(finite)
                let previous = RoundDocuments.periodTotal(element, before, totals: unitTotals).flatMap(finite)
                guard current != nil || previous != nil else { return nil }
                return [
                    .text(unit.code), .text(unitName(unit)), .text(element.name), .text(measure(element)), current.map { .number($0) } ?? .empty,
                    previous.map { .number($0) } ?? .empty,
                    FigureChange.of(current, previous: previous).map { .change($0.difference, .count) } ?? .empty,
                ]
            }
        }

        // 3. and 4. Reporting and projects.
        let completenessRows: [[Spreadsheet.Cell]] = submissions.compactMap { submission in
            guard let unit = timeline.version(of: submission.unitCode, on: round.schedule.dueDate) ?? byCode[submission.unitCode] else { return nil }
            let onTime = submission.firstSubmittedAt.map { Timeliness.isOnTime(firstSubmittedAt: $0, dueDate: round.schedule.dueDate) }
            return [
                .text(unit.code), .text(unit.name), .text(submission.state.name(t.language)),
                .text(submission.firstSubmittedAt.map(DateText.dateTime) ?? ""),
                .text(onTime.map { $0 ? t("on time", "đúng hạn") : t("late", "trễ hạn") } ?? t("not sent", "chưa gửi")),
                .text(submission.approvedAt.map(DateText.dateTime) ?? ""),
            ]
        }
        // As the report's own table of projects (``RoundDocuments``): from approved reports only.
        let bySubmission = Dictionary(
            submissions.filter { $0.state == .approved }.map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
        let projectRows: [[Spreadsheet.Cell]] = plan.projects.map { project in
            // A lead that ended before the round was due reports through the unit that took over from it.
            let progress = project.leadUnit.flatMap {
                bySubmission[RoundOpening.reporter(for: $0, plan: plan, schedule: round.schedule, timeline: timeline)]?.content
                    .projects[project.code]
            }
            return [
                .text(project.code), .text("\(project.number) “\(project.title)”"), .text(project.leadUnit.map { byCode[$0]?.name ?? $0 } ?? ""),
                .text(progress?.status ?? ""), progress?.progress.map { .percent($0 / 100) } ?? .empty,
                progress?.allocated.map { .number($0) } ?? .empty, progress?.spent.map { .number($0) } ?? .empty, .text(progress?.note ?? ""),
            ]
        }
        let byUnit = t("(by unit)", "(theo ĐVT)")
        // A units sheet without any approved figure says so rather than printing empty.
        let noneApproved = t("No approved figure of these units yet.", "Chưa có số liệu đã duyệt của các đơn vị này.")
        let districtSheetRows = districtRows.isEmpty ? [[.text(noneApproved), .empty]] : districtRows
        let otherSheetRows = otherRows.isEmpty ? [[.empty, .text(noneApproved), .empty, .empty, .empty, .empty, .empty]] : otherRows
        // Sheet 5 names what it lists: the districts, or from 01/07/2025 the communes directly under the province
        // that report what districts did, or both when the period spans the reform.
        let hasDistricts = districts.contains { $0.unit.level == .district }
        let hasCommunes = districts.contains { $0.unit.level != .district }
        let (localSubject, localTotal): (String, String) =
            switch (hasDistricts, hasCommunes) {
            case (false, true):
                (t("Figures of the communes ", "Số liệu của các xã, phường, đặc khu "), t("Total of the communes", "Cộng các xã, phường"))
            case (true, true):
                (t("Figures of the districts and communes ", "Số liệu của các huyện, thành phố và các xã, phường "), t("Total", "Cộng"))
            default:
                (t("Figures of the districts ", "Số liệu của các huyện, thành phố "), t("Total of the districts", "Cộng các huyện"))
            }
        return Spreadsheet(sheets: [
            .init(
                name: t("Targets", "Chỉ tiêu"),
                titles: titles(1, t("Results of the plan's targets ", "Kết quả thực hiện các chỉ tiêu của kế hoạch ") + periodWords),
                header: [
                    t("Code", "Mã"), t("Indicator", "Chỉ số"), t("Rule", "Yêu cầu"), t("Unit of measure", "Đơn vị tính"), thisPeriod,
                    lastPeriod, changeHeader, changePercent, t("Status", "Đánh giá"), t("How it was judged", "Cách tính"),
                    t("Units reported", "Đơn vị có số liệu"), t("Missing", "Còn thiếu"),
                ],
                units: [
                    "", "", "", "", byUnit, byUnit, t("(by unit; share: points)", "(ĐVT; tỷ lệ: điểm %)"), "(%)", "", "",
                    t("(units)", "(đơn vị)"), "",
                ],
                rows: boardRows, widths: [5, 32, 17, 8, 10, 10, 13, 9, 11, 44, 11, 24], frozenColumns: 2),
            .init(
                name: t("Data", "Số liệu"),
                titles: titles(2, t("Figures of ", "Số liệu của ") + province.name + " " + periodWords),
                header: [
                    t("Code", "Mã"), t("Data element", "Số liệu"), t("Unit of measure", "Đơn vị tính"), thisPeriod, lastPeriod, changeHeader,
                    changePercent,
                ],
                units: ["", "", "", byUnit, byUnit, byUnit, "(%)"],
                rows: provinceRows, widths: [31, 70, 9, 11, 11, 11, 10], frozenColumns: 2),
            .init(
                name: t("Reporting", "Tiến độ báo cáo"),
                titles: titles(3, t("How the units reported ", "Tình hình gửi báo cáo của các đơn vị ") + periodWords),
                header: [
                    t("Code", "Mã"), t("Unit", "Đơn vị"), t("State", "Trạng thái"), t("First sent", "Gửi lần đầu"),
                    t("Timeliness", "Thời hạn"), t("Approved", "Duyệt lúc"),
                ],
                rows: completenessRows, widths: [11, 44, 14, 18, 12, 18], frozenColumns: 2),
            .init(
                name: t("Projects", "Dự án"),
                titles: titles(4, t("Progress of the plan's projects ", "Tiến độ thực hiện các dự án của kế hoạch ") + periodWords),
                header: [
                    t("Code", "Mã"), t("Project", "Dự án"), t("Lead", "Chủ trì"), t("Status", "Tình hình"),
                    t("Progress", "Tiến độ"), t("Allocated", "Bố trí"), t("Spent", "Sử dụng"), t("Note", "Ghi chú"),
                ],
                units: ["", "", "", "", "(%)", t("(million VND)", "(triệu đồng)"), t("(million VND)", "(triệu đồng)"), ""],
                rows: projectRows, widths: [7, 52, 26, 22, 9, 12, 12, 26], frozenColumns: 2),
            .init(
                name: t("Districts", "Số liệu cấp huyện"),
                titles: titles(5, localSubject + periodWords),
                header: [t("Data element", "Số liệu"), t("Unit of measure", "Đơn vị tính")] + districts.map { unitName($0.unit) }
                    + [localTotal],
                rows: districtSheetRows, widths: [46, 9] + districts.map { _ in 9.5 } + [10], frozenColumns: 2),
            .init(
                name: t("Other units", "Số liệu sở, ngành"),
                titles: titles(6, t("Figures of the other units ", "Số liệu của các sở, ban, ngành, đoàn thể ") + periodWords),
                header: [
                    t("Code", "Mã"), t("Unit", "Đơn vị"), t("Data element", "Số liệu"), t("Unit of measure", "Đơn vị tính"), thisPeriod,
                    lastPeriod, changeHeader,
                ],
                units: ["", "", "", "", byUnit, byUnit, byUnit],
                rows: otherSheetRows, widths: [13, 32, 60, 11, 13, 13, 13], frozenColumns: 2),
        ])
    }
}
