import Foundation
import PCMTDomain
import PCMTStore

/// The queries of the rounds pages: a plan's rounds, one round with its units, the compiled view.
enum RoundQueries {
    /// A round and its plan as in force for the round's period (``PageQueryContext/plan(id:for:)``: its pages and
    /// documents judge the period by the targets then in force), if the principal's area holds the plan's province (a
    /// round gathers every unit's writing).
    static func load(_ context: PageQueryContext, id: UUID?) async throws -> (RoundSummary, Plan) {
        guard let id, let round = try await RoundStore(database: context.db).round(id: id),
            let plan = try await context.plan(id: round.planID, for: round.period)
        else {
            throw PageError.notFound(context.t("No such round.", "Không có kỳ báo cáo này."))
        }
        if let issuer = plan.issuerUnit, !(try await context.allows(.seeRounds, atCode: issuer)) {
            throw PageError.notFound(context.t("No such round in your area.", "Không có kỳ báo cáo này trong phạm vi của bạn."))
        }
        return (round, plan)
    }

    /// A plan whose rounds the principal may see: only accounts whose area holds the plan's province (a viewer of a
    /// district does not get the province's list); not found otherwise.
    static func plan(_ context: PageQueryContext, id: UUID?) async throws -> Plan {
        let plan = try await context.plan(id: id)
        if let issuer = plan.issuerUnit, !(try await context.allows(.seeRounds, atCode: issuer)) {
            throw PageError.notFound(context.t("No such plan in your area.", "Không có kế hoạch này trong phạm vi của bạn."))
        }
        return plan
    }

    /// The rounds of a plan, and whether the principal may open one; `form` keeps what was typed after a refusal.
    static func rounds(
        _ context: PageQueryContext, plan: Plan, form: OpenRoundForm = .init(),
        problems: [FieldProblem] = [], csrfToken: String
    ) async throws -> RoundsPage.Model {
        RoundsPage.Model(
            plan: plan, rounds: try await RoundStore(database: context.db).rounds(planID: plan.id),
            mayOpen: try await context.mayEdit(plan), values: form.values, problems: problems, csrfToken: csrfToken)
    }

    /// Opens a round of `plan` with the checks of ``RoundOpening``; the new round's id, or the problems to show.
    static func open(
        _ context: PageQueryContext, plan: Plan, form: OpenRoundForm,
        change: ChangeContext
    ) async throws -> Result<UUID, RoundOpening.Refusal> {
        guard try await context.mayEdit(plan) else {
            throw PageError.forbidden(
                context.t(
                    "Only the plan's standing office opens its rounds.",
                    "Chỉ cơ quan thường trực của kế hoạch mở kỳ báo cáo."))
        }
        switch RoundOpening.check(
            plan: plan, period: form.period ?? "", due: form.due.nonEmpty,
            cutoffStart: form.cutoffStart.nonEmpty, cutoffEnd: form.cutoffEnd.nonEmpty)
        {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let opening):
            let timeline = try await context.units.index().timeline
            do {
                let id = try await RoundStore(database: context.db).open(
                    planID: plan.id, period: opening.period, kind: opening.kind, schedule: opening.schedule,
                    unitCodes: RoundOpening.expectedUnits(plan: plan, schedule: opening.schedule, timeline: timeline), context: change)
                return .success(id)
            } catch let error as RoundError {
                return .failure(
                    .init(problems: [
                        FieldProblem(
                            field: "period", en: "\(opening.kind.title(opening.period, .en)) is open already: \(error.description)",
                            vi: "\(opening.kind.title(opening.period, .vi)) đã được mở rồi: mỗi kỳ chỉ mở một lần.")
                    ]))
            }
        }
    }

    /// Every code once, as the unit it named at the end of the round's period: a code reused at the 2025 reform is
    /// the new unit in a 2026 round (23425 is Xã Tu Mơ Rông, not Xã Đắk Hà), the old one in a 2024 round; a unit
    /// that had ended by then is its last version (its report stays readable).
    static func units(_ context: PageQueryContext, in period: Period) async throws -> [OrgUnit] {
        let index = try await context.units.index()
        let last = DataValueRules.days(of: period).last
        var seen = Set<String>()
        return index.units.compactMap { unit in
            guard seen.insert(unit.code).inserted else { return nil }
            let versions = index.timeline.versions[unit.code] ?? [unit]
            return index.timeline.unit(unit.code, on: last) ?? versions.last { ($0.validTo ?? "9999-12-31") < last } ?? versions.first
        }
    }

    /// One round: every expected unit with its report's state, timeliness and contacts for a reminder.
    static func round(_ context: PageQueryContext, id: UUID?) async throws -> RoundPage.Model {
        let (round, plan) = try await Self.load(context, id: id)
        let units = try await Self.units(context, in: round.period)
        let accounts = try await AccountStore(database: context.db).accounts()
        let today = context.clock.todayISO
        let rows = try await RoundStore(database: context.db).submissions(roundID: round.id).compactMap { submission -> RoundPage.Row? in
            guard let unit = units.first(where: { $0.code == submission.unitCode }) else { return nil }
            let onTime = submission.firstSubmittedAt.map { Timeliness.isOnTime(firstSubmittedAt: $0, dueDate: round.schedule.dueDate) }
            let overdue = Timeliness.isOverdue(state: submission.state, dueDate: round.schedule.dueDate, today: today)
            return RoundPage.Row(
                unit: unit, submission: submission, onTime: onTime, overdue: overdue,
                contacts: accounts.filter { $0.unitCode == unit.code && !$0.disabled }.map { $0.email ?? $0.username })
        }
        return RoundPage.Model(plan: plan, round: round, rows: rows)
    }

    /// The compiled view: the province's official board for the round's period and each unit's report.
    static func compiled(_ context: PageQueryContext, id: UUID?) async throws -> CompiledPage.Model {
        let (round, plan) = try await Self.load(context, id: id)
        let units = try await Self.units(context, in: round.period)
        guard let province = plan.province(in: units) else {
            throw PageError.notFound(context.t("The plan's province is not loaded.", "Chưa có đơn vị tỉnh của kế hoạch."))
        }
        let query = BoardQuery(database: context.db)
        let totals = try await query.totals(plan: plan, unit: province, approvedOnly: true)
        let submissions = try await RoundStore(database: context.db).submissions(roundID: round.id)
        return CompiledPage.Model(
            plan: plan, round: round, board: TargetBoard(plan: plan, period: round.period, totals: totals.unit),
            submissions: Dictionary(submissions.map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a }),
            units: UnitDirectory(units: units))
    }

    /// The completeness table as CSV rows: header first, one row per expected unit.
    static func completenessRows(_ model: RoundPage.Model) -> [[String]] {
        let iso = ISO8601DateFormatter()
        return [["unit_code", "unit", "state", "first_submitted_at", "on_time", "overdue", "approved_at"]]
            + model.rows.map {
                [
                    $0.unit.code, $0.unit.name, $0.submission.state.rawValue, $0.submission.firstSubmittedAt.map { iso.string(from: $0) } ?? "",
                    $0.onTime.map { $0 ? "yes" : "no" } ?? "", $0.overdue ? "yes" : "no", $0.submission.approvedAt.map { iso.string(from: $0) } ?? "",
                ]
            }
    }
}

/// The form that opens a round: the period and, optionally, the due date and the cut-off dates (yyyy-mm-dd).
struct OpenRoundForm: Codable, Sendable, Equatable {
    var period: String?
    var due: String?
    var cutoffStart: String?
    var cutoffEnd: String?

    init(period: String? = nil, due: String? = nil, cutoffStart: String? = nil, cutoffEnd: String? = nil) {
        self.period = period; self.due = due; self.cutoffStart = cutoffStart; self.cutoffEnd = cutoffEnd
    }

    /// Trimmed of spaces.
    var trimmed: OpenRoundForm {
        func trim(_ text: String?) -> String? { text?.trimmingCharacters(in: .whitespaces) }
        return OpenRoundForm(period: trim(period), due: trim(due), cutoffStart: trim(cutoffStart), cutoffEnd: trim(cutoffEnd))
    }

    var values: [String: String] {
        ["period": period ?? "", "due": due ?? "", "cutoffStart": cutoffStart ?? "", "cutoffEnd": cutoffEnd ?? ""]
    }
}
