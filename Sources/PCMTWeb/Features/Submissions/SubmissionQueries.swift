import Foundation
import PCMTDomain
import PCMTStore

/// A unit's report in a round, as the principal may see it.
struct LoadedSubmission: Sendable {
    var submission: SubmissionRecord
    var round: RoundSummary
    var plan: Plan
    var unit: OrgUnit
    var mayEdit: Bool
    var mayReview: Bool
    /// What the unit reports in this round: its own duties and projects, and those of the units it stands for
    /// (``RoundOpening/reportsFor(_:plan:schedule:timeline:)``).
    var demands: SubmissionDemands
}

/// The queries of a unit's report: loading it within the principal's reach, what is missing, the page model.
enum SubmissionQueries {
    /// The report, if the account may read it: the unit's own reporters, the standing office and viewers of its area.
    static func load(_ context: PageQueryContext, id: UUID?) async throws -> LoadedSubmission {
        let t = context.t
        let rounds = RoundStore(database: context.db)
        guard let id, let submission = try await rounds.submission(id: id),
            let round = try await rounds.round(id: submission.roundID),
            // The plan as in force for the round's period (its duties, projects and targets then).
            let plan = try await context.plan(id: round.planID, for: round.period),
            case let timeline = try await context.units.index().timeline,
            // The unit that had the code when the report was due (a reused code names the new unit after 01/07/2025).
            let unit = timeline.version(of: submission.unitCode, on: round.schedule.dueDate)
        else {
            throw PageError.notFound(t("No such report.", "Không có báo cáo này."))
        }
        // A report lies in its unit's area in the round's period and in the areas of the units whose duties it
        // reports (Công an tỉnh Quảng Ngãi's report in Kon Tum's 2025 round is written for Kon Tum's police, in Kon
        // Tum's area, though the new police as a body is in neither old province's).
        let reportsFor = RoundOpening.reportsFor(submission.unitCode, plan: plan, schedule: round.schedule, timeline: timeline)
        var scope = try await context.scope(of: unit, during: round.period)
        for code in reportsFor where code != unit.code {
            guard let stood = timeline.version(of: code, on: round.schedule.dueDate) else { continue }
            for area in timeline.areaCodes(of: stood, during: round.period) where area != unit.code && !scope.ancestorCodes.contains(area) {
                scope.ancestorCodes.append(area)
            }
        }
        guard try await context.allows(.readSubmission, scope: scope) else {
            throw PageError.notFound(t("No such report in your area.", "Không có báo cáo này trong phạm vi của bạn."))
        }
        return LoadedSubmission(
            submission: submission, round: round, plan: plan, unit: unit,
            mayEdit: try await context.allows(.editSubmission, scope: scope),
            mayReview: try await context.allows(.reviewSubmission, scope: scope),
            demands: SubmissionDemands(plan: plan, reportingFor: reportsFor))
    }

    /// Refuses an approval by the account that last sent the report (``AccessPolicy/mayApprove(lastSubmitter:principal:)``).
    static func checkNotOwnWork(_ context: PageQueryContext, _ loaded: LoadedSubmission, action: SubmissionAction) async throws {
        guard action == .approve, let principal = context.principal else { return }
        let events = try await RoundStore(database: context.db).events(submissionID: loaded.submission.id)
        let lastSubmitter = events.last { $0.action == SubmissionAction.submit.rawValue }?.actor
        guard AccessPolicy.mayApprove(lastSubmitter: lastSubmitter, principal: principal) else {
            throw PageError.forbidden(
                context.t(
                    "You sent this report: another account of the standing office approves it.",
                    "Bạn là người gửi báo cáo này: một tài khoản khác của cơ quan thường trực sẽ duyệt."))
        }
    }

    /// What a report still lacks of its figures, in words: each element whose figure is not complete, with the
    /// half-years it lacks ("Số vụ phát hiện (thiếu 6 tháng cuối năm 2024)").
    static func missingData(_ figures: [DataEntryQueries.Figure], t: Localizer) -> [String] {
        figures.filter { !$0.figure.complete }.map { figure in
            let name = t.isEnglish ? (figure.element.nameEn ?? figure.element.name) : figure.element.name
            let lacking = figure.figure.missing.map { $0.phrase(t.language) }.joined(separator: t(" and ", " và "))
            return lacking.isEmpty ? name : t("\(name) (missing \(lacking))", "\(name) (thiếu \(lacking))")
        }
    }

    /// The elements the unit reports whose figure for the round's period is not complete (none for a review of
    /// several years).
    static func missingData(_ context: PageQueryContext, _ loaded: LoadedSubmission) async throws -> [String] {
        missingData(try await DataEntryQueries.figures(context, plan: loaded.plan, unit: loaded.unit, period: loaded.round.period), t: context.t)
    }

    /// Everything the report still lacks before it can be sent, in the context's language.
    static func missing(_ context: PageQueryContext, _ loaded: LoadedSubmission) async throws -> [String] {
        loaded.demands
            .missing(loaded.submission.content, missingData: try await missingData(context, loaded), language: context.t.language)
    }

    static func page(
        _ context: PageQueryContext, _ loaded: LoadedSubmission, notice: String? = nil, problem: String? = nil,
        csrfToken: String, reviewDraft: [String: String] = [:]
    ) async throws -> SubmissionPage.Model {
        let period = loaded.round.period
        let figures = try await DataEntryQueries.figures(context, plan: loaded.plan, unit: loaded.unit, period: period)
        // The same period a year before as the board has it: a unit formed in the reform is compared with its re-based
        // past (Xã Tu Mơ Rông's 2024 from Xã Đắk Hà and old Xã Tu Mơ Rông), marked (``RebasedTotals``).
        let comparable = try await BoardQuery(database: context.db).totals(plan: loaded.plan, unit: loaded.unit).unit
        let before = period.yearBefore
        var previous: [String: UnitFigure] = [:]
        var previousRebased: Set<String> = []
        for figure in figures {
            guard let value = comparable.total(of: figure.element, over: before) else { continue }
            previous[figure.element.code] = UnitFigure(value: value, source: .entered, complete: true)
            if comparable.rebased[figure.element.code]?.contains(before.description) == true { previousRebased.insert(figure.element.code) }
        }
        let events = try await RoundStore(database: context.db).events(submissionID: loaded.submission.id)
        // What changed since the report was last returned (or reopened): its values for the period (and a year's
        // halves) changed after that moment, newest first.
        var valueChanges: [SubmissionPage.ValueChange] = []
        if let back = events.last(where: { $0.action == "return" || $0.action == "reopen" }), !period.isSpan {
            let names = Dictionary(figures.map { ($0.element.code, $0.element) }, uniquingKeysWith: { first, _ in first })
            var periods = [period]
            if case .year(let y) = period { periods += [.halfYear(y, half: 1), .halfYear(y, half: 2)] }
            for p in periods {
                for change in try await DataValueStore(database: context.db).history(unitCode: loaded.unit.code, period: p.description)
                where change.at > back.at {
                    guard let element = names[change.element] else { continue }
                    valueChanges.append(
                        .init(
                            element: element, category: change.category, period: p, old: change.old, new: change.new, by: change.by,
                            at: change.at))
                }
            }
            valueChanges.sort { $0.at > $1.at }
        }
        return SubmissionPage.Model(
            plan: loaded.plan, round: loaded.round, unit: loaded.unit, submission: loaded.submission,
            demands: loaded.demands,
            missing: loaded.demands
                .missing(loaded.submission.content, missingData: missingData(figures, t: context.t), language: context.t.language),
            figures: figures,
            previous: previous, previousRebased: previousRebased,
            valueChanges: valueChanges,
            events: events,
            attachments: try await AttachmentStore(database: context.db).list(submissionID: loaded.submission.id),
            mayEdit: loaded.mayEdit, mayReview: loaded.mayReview, notice: notice, problem: problem,
            dataPeriod: loaded.round.period.isSpan ? nil : loaded.round.period.description, csrfToken: csrfToken,
            reviewDraft: reviewDraft)
    }

    /// The items a reviewer may comment on, in the page's order, with the names people know them by: each figure
    /// ("figure:CODE"), each duty ("duty:1/a") and each project ("project:CODE").
    static func itemLabels(_ loaded: LoadedSubmission, figures: [DataEntryQueries.Figure]) -> [(key: String, label: String)] {
        let demands = loaded.demands
        // In the page's order: the figures, then the duties, then the projects.
        var labels: [(key: String, label: String)] = figures.map { ("figure:" + $0.element.code, "Số liệu: " + $0.element.name) }
        labels += demands.duties.map { ("duty:" + $0.key, $0.name(.vi).capitalisedFirst) }
        labels += demands.projects.map { ("project:" + $0.code, "\($0.number) “\($0.title)”") }
        return labels
    }

    /// The report's content from the form: narratives per duty, progress per project (a percentage kept in 0–100).
    static func content(from form: [String: String], _ loaded: LoadedSubmission) -> SubmissionContent {
        var content = loaded.submission.content
        let demands = loaded.demands
        for demand in demands.duties {
            content.narratives[demand.key] = .init(
                results: form["results_\(demand.key)"] ?? "",
                shortcomings: form["shortcomings_\(demand.key)"] ?? "",
                proposals: form["proposals_\(demand.key)"] ?? "")
        }
        for project in demands.projects {
            func number(_ key: String) -> Double? { try? projectNumber(form, key, project).get() }
            content.projects[project.code] = .init(
                status: form["status_\(project.code)"] ?? "", progress: number("progress"),
                allocated: number("allocated"), spent: number("spent"), note: form["note_\(project.code)"] ?? "")
        }
        return content
    }

    /// A project's number from the form ("progress", "allocated", "spent"), read in the notation the form was printed
    /// in (its "notation" field; Vietnamese by default) by ``ValueText``: nil when empty; refused when it is not a
    /// number, a progress outside 0–100 %, or an amount below 0 or above ``DataValueRules/maximumQuantity``.
    static func projectNumber(_ form: [String: String], _ key: String, _ project: Project) -> Result<Double?, FieldProblem> {
        let notation = form["notation"].flatMap(Language.init(rawValue:)) ?? .vi
        let field = "\(key)_\(project.code)"
        let text = form[field] ?? ""
        let label = (
            en: key == "progress" ? "progress (%)" : key == "allocated" ? "budget allocated" : "budget spent",
            vi: key == "progress" ? "tiến độ (%)" : key == "allocated" ? "kinh phí được bố trí" : "kinh phí đã sử dụng"
        )
        switch ValueText.read(text, notation: notation) {
        case .failure(let refusal):
            let why = ValueText.explain(refusal, text: text, notation: notation)
            return .failure(
                FieldProblem(
                    field: field, en: "Project \(project.number), \(label.en): \(why.en)", vi: "Dự án \(project.number), \(label.vi): \(why.vi)"))
        case .success(nil): return .success(nil)
        case .success(let reading?):
            let limit = key == "progress" ? 100 : DataValueRules.maximumQuantity
            guard reading.value >= 0, reading.value <= limit else {
                return .failure(
                    FieldProblem(
                        field: field, en: "Project \(project.number), \(label.en): a number from 0 to \(ValueText.write(limit, .en)).",
                        vi: "Dự án \(project.number), \(label.vi): một số từ 0 đến \(ValueText.write(limit, .vi))."))
            }
            return .success(reading.value)
        }
    }

    /// The problems of the form's project numbers (``projectNumber(_:_:_:)``), in the order of the page.
    static func numberProblems(from form: [String: String], _ loaded: LoadedSubmission) -> [FieldProblem] {
        loaded.demands.projects.flatMap { project in
            ["progress", "allocated", "spent"].compactMap { key in
                if case .failure(let problem) = projectNumber(form, key, project) { problem } else { nil }
            }
        }
    }

    /// The notice after an action, by the `done` value of the address.
    static func notice(_ done: DoneNotice, t: Localizer) -> String? {
        switch done.done ?? "" {
        case "saved": t("The draft is saved.", "Đã lưu bản nháp.")
        case "submit": t("Sent to the standing office.", "Đã gửi cơ quan thường trực.")
        case "approve":
            t(
                "Approved: the report is locked and its data counts as official.",
                "Đã duyệt: báo cáo được khóa và số liệu là số liệu chính thức.")
        case "return": t("Returned to the unit with your comment.", "Đã trả lại đơn vị kèm ý kiến.")
        case "reopen": t("Reopened: the unit can change its report again.", "Đã mở lại: đơn vị có thể sửa báo cáo.")
        case "attached":
            t(
                "The file is attached to the report (listed under “Attached files” and in the history).",
                "Đã đính kèm tệp vào báo cáo (xem mục “Tệp đính kèm” và lịch sử).")
        default: nil
        }
    }
}
