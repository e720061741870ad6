import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// Gathers from the store what the round's official documents are made of (the documents' material), without HTTP.
enum RoundDocuments {
    /// The province's report: the saved text (or, before the first save or when `compile` asks, the draft compiled
    /// from approved reports under `heading`), the targets from approved data with every year of the period, the
    /// projects, how the units reported, and the audit log's head at the report's date (the heading's date, or now).
    static func material(
        _ context: PageQueryContext, round: RoundSummary, plan: Plan, heading: DocumentHeading? = nil,
        compile: Bool = false, grouping: RoundReportDraft.Grouping? = nil
    ) async throws -> (RoundReportMaterial, SavedRoundReport?) {
        let units = try await OrgUnitStore(database: context.db).all()
        let directory = UnitDirectory(units: units)
        guard let province = plan.province(in: units) else {
            throw PageError.notFound(context.t("The plan's province is not loaded.", "Chưa có đơn vị tỉnh của kế hoạch."))
        }
        let query = BoardQuery(database: context.db)
        let totals = try await query.totals(plan: plan, unit: province, approvedOnly: true).unit
        let submissions = try await RoundStore(database: context.db).submissions(roundID: round.id)
        let approved = submissions.filter { $0.state == .approved }
        let byUnit = Dictionary(approved.map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
        let saved = try await RoundReportStore(database: context.db).report(roundID: round.id)
        let elements = try await DataElementStore(database: context.db).elements(planID: plan.id)
        let figures = ReportFigures.statements(plan: plan, elements: elements, period: round.period, totals: totals)
        let draft: RoundReportDraft
        if let saved, !compile {
            draft = saved.draft
        } else {
            // Across a reform: where the data came from and who reported (``ReformStatement``).
            let timeline = UnitTimeline(units: units)
            let formed = approved.filter { submission in
                guard let unit = timeline.version(of: submission.unitCode, on: round.schedule.dueDate), let from = unit.validFrom else {
                    return false
                }
                let days = DataValueRules.days(of: round.period)
                return from > days.first && from <= days.last
            }
            let reform = ReformStatement.lines(
                area: province, period: round.period, madeFrom: totals.rebasedFrom, leftOut: totals.rebasedPartial,
                rebasedElements: totals.rebased.filter { _, periods in
                    let span = DataValueRules.days(of: round.period)
                    return periods.contains { key in
                        Period(key).map { DataValueRules.days(of: $0) }.map { $0.first >= span.first && $0.last <= span.last } ?? false
                    }
                }.count,
                reporting: .init(reporters: approved.count, formedInPeriod: formed.count))
            draft = try await compiledDraft(
                context, round: round, plan: plan,
                heading: heading ?? saved?.draft.heading
                    ?? DocumentHeading.provinceDefault(plan: plan, issuingOn: round.schedule.dueDate, timeline: timeline),
                approved: approved, directory: directory, figures: figures, reform: reform,
                grouping: grouping ?? saved?.draft.grouping ?? .outline)
        }
        // A project's lead that ended before the round was due reports through the unit that took over from it
        // (Công an tỉnh Quảng Ngãi for Kon Tum's police in the 2025 rounds).
        let unitTimeline = UnitTimeline(units: units)
        let projects = plan.projects.map { project in
            let reporter = project.leadUnit.map { RoundOpening.reporter(for: $0, plan: plan, schedule: round.schedule, timeline: unitTimeline) }
            let progress = reporter.flatMap { byUnit[$0]?.content.projects[project.code] }
            return RoundReportMaterial.ProjectLine(
                number: project.number, title: project.title, lead: project.leadUnit.map(directory.name) ?? "",
                status: progress?.status ?? "", progress: progress?.progress,
                allocated: progress?.allocated, spent: progress?.spent)
        }
        let sent = submissions.filter { $0.firstSubmittedAt != nil }
        let onTime = sent.filter { Timeliness.isOnTime(firstSubmittedAt: $0.firstSubmittedAt!, dueDate: round.schedule.dueDate) }
        let head = try await AuditLog(database: context.db).head(
            asOf: AuditHead.moment(ofReportDated: draft.heading.date, now: context.clock.now))
        let material = RoundReportMaterial(
            plan: plan, period: round.period, kind: round.kind, draft: draft,
            trajectories: TargetTrajectory.all(plan: plan, period: round.period, totals: totals), projects: projects,
            reporting: .init(expected: submissions.count, sent: sent.count, onTime: onTime.count, approved: approved.count),
            auditHead: head, figures: figures)
        return (material, saved)
    }

    /// The first draft of the text from the approved reports, without repeats, and the targets' figures against the
    /// comparable period (``ReportFigures``); the other elements are in the annex.
    static func compiledDraft(
        _ context: PageQueryContext, round: RoundSummary, plan: Plan, heading: DocumentHeading, approved: [SubmissionRecord],
        directory: UnitDirectory, figures: [FigureStatement], reform: [String] = [], grouping: RoundReportDraft.Grouping
    ) async throws -> RoundReportDraft {
        var facts = ReportFigures.situationLines(figures, .vi)
        facts += reform
        // Which figures communes counted from their registers rather than typed (issue 17: documents say which).
        let index = try await context.units.index()
        if let province = plan.issuerUnit.flatMap({ index.timeline.version(of: $0, on: DataValueRules.days(of: round.period).first) }) {
            let communes = index.timeline.area(of: province, in: round.period).filter { $0.level == .commune }.map(\.code)
            let counted = try await ElementSourceStore(database: context.db).derivingCommunes(communes, period: round.period)
            let elements = try await DataElementStore(database: context.db).elements(planID: plan.id).filter { counted[$0.code] != nil }
            if !elements.isEmpty {
                facts.append(
                    "Số liệu tính từ sổ theo dõi, sổ quản lý của xã, phường (không nhập tay): "
                        + elements.map { "\($0.name) (\(counted[$0.code]!) xã)" }.joined(separator: "; ") + ".")
            }
        }
        facts.append("Số liệu chi tiết của từng chỉ số và từng đơn vị tại Phụ lục kèm theo báo cáo này.")
        let timeline = try await context.units.index().timeline
        let writings = approved.map {
            RoundReportDraft.UnitWriting(
                unitCode: $0.unitCode, unitName: timeline.version(of: $0.unitCode, on: round.schedule.dueDate)?.name ?? directory.name($0.unitCode),
                content: $0.content,
                reportsFor: RoundOpening.reportsFor($0.unitCode, plan: plan, schedule: round.schedule, timeline: timeline))
        }
        return RoundReportDraft.compiled(
            plan: plan, period: round.period, kind: round.kind, heading: heading, writings: writings, situationFacts: facts,
            grouping: grouping, dataWindow: (round.schedule.cutoffStart, round.schedule.cutoffEnd))
    }

    /// An element over a period: a flow summed over a review's years, a stock at its last year.
    static func periodTotal(_ element: DataElement, _ period: Period, totals: some ElementTotals) -> Double? {
        totals.total(of: element, over: period)
    }

    /// A unit's own report, with the heading it fills in.
    static func unitMaterial(
        _ context: PageQueryContext, submission: SubmissionRecord, round: RoundSummary, plan: Plan, unit: OrgUnit,
        heading: DocumentHeading
    ) async throws -> UnitReportMaterial {
        let elements = try await DataElementStore(database: context.db).elements(planID: plan.id).filter { $0.collectedAt.applies(to: unit) }
        var data: [UnitReportMaterial.DataLine] = []
        // A review compares its span with the span a year earlier; a year or half-year, as the province's report does.
        let previousPeriod =
            round.period.isSpan ? round.period.yearBefore : ReportFigures.comparison(round.period, baselineYear: plan.baselineYear, .vi).previous
        if !elements.isEmpty {
            // The unit's figures as the board has them: a unit formed in the reform is compared with its re-based past
            // (Xã Tu Mơ Rông's 2024 from Xã Đắk Hà and old Xã Tu Mơ Rông, not from the old commune that had its code),
            // each re-based figure marked (``RebasedTotals``).
            let totals = try await BoardQuery(database: context.db).totals(plan: plan, unit: unit).unit
            // A commune's figure counted from its register says so, as the board and the entry form do (issue 17).
            let derived =
                unit.level == .commune
                ? try await ElementSourceStore(database: context.db).derivedElements(unitCode: unit.code, period: round.period) : []
            func written(_ value: Double, _ period: Period, _ code: String) -> String {
                Format.number(value, .vi) + (totals.rebased[code]?.contains(period.description) == true ? " (tính lại)" : "")
                    + (period == round.period && derived.contains(code) ? " (tính từ sổ)" : "")
            }
            for element in elements {
                guard let value = periodTotal(element, round.period, totals: totals) else { continue }
                let previous = periodTotal(element, previousPeriod, totals: totals)
                let change =
                    FigureChange.of(value, previous: previous)?.phrase(.vi, measure: element.valueType == .yesNo ? "" : element.measure) ?? ""
                data.append(
                    .init(
                        name: "\(element.name) (\(element.measure))", value: written(value, round.period, element.code),
                        previous: previous.map { written($0, previousPeriod, element.code) } ?? "", change: change))
            }
        }
        return UnitReportMaterial(
            plan: plan, period: round.period, kind: round.kind, heading: heading, unitName: unit.issuingBody,
            demands: SubmissionDemands(
                plan: plan,
                reportingFor: RoundOpening.reportsFor(
                    submission.unitCode, plan: plan, schedule: round.schedule, timeline: try await context.units.index().timeline)),
            content: submission.content, data: data,
            comparedWith: round.period.isSpan
                ? "Giai đoạn \(previousPeriod.phrase(.vi))"
                : {
                    let words = ReportFigures.comparison(round.period, baselineYear: plan.baselineYear, .vi).words
                    return words.prefix(1).uppercased() + words.dropFirst()
                }())
    }

    /// The body a unit reports to: the recipient of the plan's reporting duty for the round's kind, as it is on the
    /// round's due date (``UnitTimeline/body(_:on:)``: Kon Tum's police is the new province's after 30/06/2025).
    static func addressee(_ context: PageQueryContext, plan: Plan, kind: RoundKind, dueDate: String) async throws -> String {
        let duty = plan.reporting.first { $0.kind.rawValue == kind.rawValue } ?? plan.reporting.first { $0.recipientUnit != nil }
        guard let code = duty?.recipientUnit, let unit = try await context.units.index().timeline.body(code, on: dueDate) else { return "" }
        return unit.name
    }
}
