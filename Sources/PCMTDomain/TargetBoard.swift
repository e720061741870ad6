/// Every target of a plan judged for one unit and period.
public struct TargetBoard: Sendable {
    public struct Row: Sendable {
        public var target: Target
        public var group: Int
        public var evaluation: TargetEvaluation
    }

    public var period: Period
    public var rows: [Row]

    public init(plan: Plan, period: Period, totals: some ElementTotals) {
        let engine = RuleEngine(planStartYear: plan.startYear, baselineYear: plan.baselineYear)
        self.period = period
        rows = plan.targetGroups.flatMap { group in
            group.targets.map { target in
                Row(
                    target: target, group: group.number,
                    evaluation: engine.evaluate(target.rule, measure: target.measure, period: period, totals: totals))
            }
        }
    }

    public func count(_ status: TargetStatus) -> Int { rows.filter { $0.evaluation.status == status }.count }
}

/// A target's measured value year by year, for a trend chart.
public struct TargetTrend: Sendable {
    public struct Point: Sendable {
        public var year: Int
        public var value: Double?
        public var status: TargetStatus
    }

    public var points: [Point]
    /// The line to be above or below, in the measure's own terms (a percentage for ratios), per year.
    public var goal: [Int: Double]

    public init(plan: Plan, target: Target, totals: some ElementTotals) {
        let engine = RuleEngine(planStartYear: plan.startYear, baselineYear: plan.baselineYear)
        var points: [Point] = []
        var goal: [Int: Double] = [:]
        for year in plan.baselineYear...plan.endYear {
            let value = target.measure.flatMap { engine.measured($0, .year(year), totals: totals) }
            let usable = value.flatMap { $0.value.isFinite ? $0.value : nil }
            let status =
                year < plan.startYear
                ? TargetStatus.noData
                : engine.evaluate(target.rule, measure: target.measure, period: .year(year), totals: totals).status
            points.append(Point(year: year, value: usable, status: status))
            let threshold = target.rule.threshold ?? 0
            switch target.rule.kind.family {
            case .ratio, .cumulativeRatio, .unitShare:
                goal[year] = threshold
            case .growth, .decrease:
                // The figure the year's value is to be above or below: the year before's grown by the threshold, or
                // for "decrease every year" the year before's itself.
                if let previous = target.measure.flatMap({ engine.measured($0, .year(year - 1), totals: totals) })?.value,
                    previous.isFinite, year >= plan.startYear
                {
                    goal[year] = target.rule.kind.family == .decrease ? previous : previous * (1 + threshold / 100)
                }
            case .noNew, .eradicated:
                goal[year] = 0
            case .increase, .qualitative:
                break
            }
        }
        self.points = points
        self.goal = goal
    }
}
