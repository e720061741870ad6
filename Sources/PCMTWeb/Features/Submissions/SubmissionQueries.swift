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
}

/// The queries of a unit's report: loading it within the principal's reach, what is missing, the page model.
enum SubmissionQueries {
    /// The report, if the account may read it: the unit's own reporters, the standing office and viewers of its area.
    static func load(_ context: PageQueryContext, id: UUID?) async throws -> LoadedSubmission {
        let t = context.t
        let rounds = RoundStore(database: context.db)
        guard let id, let submission = try await rounds.submission(id: id),
            let round = try await rounds.round(id: submission.roundID),
            let plan = try await context.plans.plan(id: round.planID),
            let unit = try await context.units.unit(code: submission.unitCode)
        else {
            throw PageError.notFound(t("No such report.", "Không có báo cáo này."))
        }
        guard try await context.allows(.readSubmission, at: unit) else {
            throw PageError.notFound(t("No such report in your area.", "Không có báo cáo này trong phạm vi của bạn."))
        }
        return LoadedSubmission(
            submission: submission, round: round, plan: plan, unit: unit,
            mayEdit: try await context.allows(.editSubmission, at: unit),
            mayReview: try await context.allows(.reviewSubmission, at: unit))
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

    /// The elements the unit reports that have no value for the round's period (none for a review of several years).
    static func missingData(_ context: PageQueryContext, _ loaded: LoadedSubmission) async throws -> [String] {
        guard !loaded.round.period.isSpan else { return [] }
        let elements = try await DataElementStore(database: context.db).elements(planID: loaded.plan.id)
            .filter { $0.collectedAt.applies(to: loaded.unit) }
        let saved = Set(
            try await DataValueStore(database: context.db)
                .values(unitCode: loaded.unit.code, periods: [loaded.round.period.description]).map(\.element))
        return elements.filter { !saved.contains($0.code) }.map { context.t.isEnglish ? ($0.nameEn ?? $0.name) : $0.name }
    }

    /// Everything the report still lacks before it can be sent, in the context's language.
    static func missing(_ context: PageQueryContext, _ loaded: LoadedSubmission) async throws -> [String] {
        SubmissionDemands(plan: loaded.plan, unitCode: loaded.unit.code)
            .missing(loaded.submission.content, missingData: try await missingData(context, loaded), language: context.t.language)
    }

    static func page(
        _ context: PageQueryContext, _ loaded: LoadedSubmission, notice: String? = nil, problem: String? = nil,
        csrfToken: String
    ) async throws -> SubmissionPage.Model {
        SubmissionPage.Model(
            plan: loaded.plan, round: loaded.round, unit: loaded.unit, submission: loaded.submission,
            demands: SubmissionDemands(plan: loaded.plan, unitCode: loaded.unit.code), missing: try await missing(context, loaded),
            events: try await RoundStore(database: context.db).events(submissionID: loaded.submission.id),
            mayEdit: loaded.mayEdit, mayReview: loaded.mayReview, notice: notice, problem: problem,
            dataPeriod: loaded.round.period.isSpan ? nil : loaded.round.period.description, csrfToken: csrfToken)
    }

    /// The report's content from the form: narratives per duty, progress per project (a percentage kept in 0–100).
    static func content(from form: [String: String], _ loaded: LoadedSubmission) -> SubmissionContent {
        var content = loaded.submission.content
        let demands = SubmissionDemands(plan: loaded.plan, unitCode: loaded.unit.code)
        for demand in demands.duties {
            content.narratives[demand.key] = .init(
                results: form["results_\(demand.key)"] ?? "",
                shortcomings: form["shortcomings_\(demand.key)"] ?? "",
                proposals: form["proposals_\(demand.key)"] ?? "")
        }
        for project in demands.projects {
            func number(_ key: String) -> Double? { form["\(key)_\(project.code)"].flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) } }
            content.projects[project.code] = .init(
                status: form["status_\(project.code)"] ?? "", progress: number("progress").map { min(max($0, 0), 100) },
                allocated: number("allocated"), spent: number("spent"), note: form["note_\(project.code)"] ?? "")
        }
        return content
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
        default: nil
        }
    }
}
