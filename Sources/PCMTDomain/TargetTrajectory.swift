/// A target followed over the plan's years up to a reporting period: the baseline, each whole year, and for a
/// half-year report the half-year itself, each with its measured value and status; and the judgement over the
/// period reported on (for a review, the whole span). This is the target table of the official reports.
public struct TargetTrajectory: Sendable {
    public struct Point: Sendable, Equatable {
        public var period: Period
        public var value: Double?
        /// Nil for the baseline, which is measured but not judged.
        public var status: TargetStatus?
    }

    public var target: Target
    public var points: [Point]
    public var overall: TargetEvaluation

    /// Whether the values are percentages (the measure has a denominator).
    public var isRatio: Bool { target.measure?.denominator != nil }

    /// The columns of the table: the baseline year, the plan's years up to the period's last whole year, then
    /// the half-year itself when the report is for one.
    public static func columns(plan: Plan, period: Period) -> [Period] {
        var columns: [Period] = [.year(plan.baselineYear)]
        let lastWholeYear: Int
        if case .halfYear(let year, _) = period { lastWholeYear = year - 1 } else { lastWholeYear = period.lastYear }
        if lastWholeYear >= plan.startYear {
            columns += (plan.startYear...lastWholeYear).map { Period.year($0) }
        }
        if case .halfYear = period { columns.append(period) }
        return columns
    }

    public init(plan: Plan, target: Target, period: Period, totals: some ElementTotals) {
        let engine = RuleEngine(planStartYear: plan.startYear, baselineYear: plan.baselineYear)
        self.target = target
        points = Self.columns(plan: plan, period: period).map { column in
            let value = target.measure.flatMap { engine.measured($0, column, totals: totals) }?.value
            let judged = column.firstYear >= plan.startYear
            return Point(
                period: column, value: value.flatMap { $0.isFinite ? $0 : nil },
                status: judged ? engine.evaluate(target.rule, measure: target.measure, period: column, totals: totals).status : nil)
        }
        overall = engine.evaluate(target.rule, measure: target.measure, period: period, totals: totals)
    }

    /// Every target of the plan, in document order.
    public static func all(plan: Plan, period: Period, totals: some ElementTotals) -> [TargetTrajectory] {
        plan.targets.map { TargetTrajectory(plan: plan, target: $0, period: period, totals: totals) }
    }
}
