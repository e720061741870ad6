import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore

/// One target: its trend since the baseline year as a chart, and the units below with their values and status.
enum TargetPage {
    struct Row {
        var unit: OrgUnit
        var evaluation: TargetEvaluation
    }

    struct Model {
        var plan: Plan
        var target: Target
        var unit: OrgUnit
        var period: Period
        var evaluation: TargetEvaluation
        var trend: TargetTrend
        var rows: [Row]
        var sort: String
        var descending: Bool
        var unitOptions: [OrgUnit]
        var officialOnly: Bool? = nil
        var boundaries = BoundarySet()
    }

    static func model(_ context: PageQueryContext, _ input: TargetFilter, plan current: Plan, code: String?) async throws -> Model {
        let period = BoardPage.period(context, input.board, plan: current)
        // The target as the version in force for the period words and judges it (``PlanVersions/inForce(for:)``).
        let plan = try await context.plan(current, for: period).plan
        guard let code, let target = plan.targets.first(where: { $0.code == code }) else {
            throw PageError.notFound(
                current.targets.contains { $0.code == code }
                    ? context.t(
                        "This target was added by an amendment not yet in force in \(period.phrase(.en)).",
                        "Chỉ tiêu này được bổ sung bởi văn bản sửa đổi chưa có hiệu lực trong kỳ \(period.phrase(.vi)).")
                    : context.t("No such target in this plan.", "Kế hoạch không có chỉ tiêu này."))
        }
        let index = try await context.units.index()
        let unit = try BoardPage.unit(context, input.board, plan: plan, units: index, period: period)
        let official = try await BoardPage.official(context, input.board, plan: plan)
        let totals = try await BoardQuery(database: context.db).totals(
            plan: plan, unit: unit, children: true, approvedOnly: official.approvedOnly)
        let engine = RuleEngine(planStartYear: plan.startYear, baselineYear: plan.baselineYear)
        var rows = totals.children.compactMap { code, childTotals -> Row? in
            guard let child = index.byCode[code], BoardPage.mayView(child, principal: context.principal, units: index, period: period)
            else { return nil }
            return Row(unit: child, evaluation: engine.evaluate(target.rule, measure: target.measure, period: period, totals: childTotals))
        }
        let sort = input.sort ?? "code"
        let descending = input.dir == "desc"
        rows.sort { a, b in
            let ordered: Bool
            switch sort {
            case "name": ordered = a.unit.name.foldedForSearch < b.unit.name.foldedForSearch
            case "value": ordered = (a.evaluation.value ?? -.infinity) < (b.evaluation.value ?? -.infinity)
            case "status": ordered = a.evaluation.status.rawValue < b.evaluation.status.rawValue
            default: ordered = a.unit.code < b.unit.code
            }
            return descending ? !ordered : ordered
        }
        return Model(
            plan: plan, target: target, unit: unit, period: period,
            evaluation: engine.evaluate(target.rule, measure: target.measure, period: period, totals: totals.unit),
            trend: TargetTrend(plan: plan, target: target, totals: totals.unit), rows: rows, sort: sort,
            descending: descending,
            unitOptions: plan.boardUnitOptions(index, current: unit).filter {
                BoardPage.mayView($0, principal: context.principal, units: index, period: period)
            }, officialOnly: official.officialOnly, boundaries: context.boundaries)
    }
}
