import Foundation

/// Totals of data elements for one organisation unit, already rolled up from the units below it and resolved
/// from half-years into years where needed.
public protocol ElementTotals: Sendable {
    /// The total of an element in a year or half-year, nil when nothing was reported. Codes of the form
    /// "count:commune" ask for the number of units of that level in the unit's area.
    func total(_ elementCode: String, _ period: Period) -> Double?
    /// Whether the element is taken at the period's end rather than summed over it.
    func isStock(_ elementCode: String) -> Bool
    /// Which units the total of an element (or of a count such as "count:commune") in a year or half-year includes:
    /// one share for every unit expected to report it then (`CoverageRule`); nil when the totals do not know.
    func coverage(_ elementCode: String, _ period: Period) -> [UnitShare]?
}

extension ElementTotals {
    /// An element over a period, as a report states it: a year's or half-year's total; over a review's span of years a
    /// flow summed over its years, a stock or a yes/no figure at its last year. Nil when nothing was reported.
    public func total(of element: DataElement, over period: Period) -> Double? {
        guard case .span(let from, let to) = period else { return total(element.code, period) }
        if element.aggregation == .stock || element.valueType == .yesNo { return total(element.code, .year(to)) }
        let years = (from...to).compactMap { total(element.code, .year($0)) }
        return years.isEmpty ? nil : years.reduce(0, +)
    }

    /// Totals that do not know who reported (written by hand): no coverage, nothing judged incomplete.
    public func coverage(_ elementCode: String, _ period: Period) -> [UnitShare]? { nil }
}

/// Judges targets against data: every rule type of a plan, for a year, a half-year or a span of years.
public struct RuleEngine: Sendable {
    public var planStartYear: Int
    public var baselineYear: Int

    public init(planStartYear: Int, baselineYear: Int) {
        self.planStartYear = planStartYear
        self.baselineYear = baselineYear
    }

    // MARK: Measures

    /// The measure in one period (a year or a half-year). Missing terms count as zero, unless all are missing.
    public func measured(_ measure: Measure, _ period: Period, totals: some ElementTotals) -> MeasuredValue? {
        if measure.cumulative { return cumulative(measure, through: period, totals: totals) }
        guard let numerator = sum(measure.numerator, period, totals) else { return nil }
        guard let terms = measure.denominator else { return MeasuredValue(numerator: numerator) }
        guard let denominator = sum(terms, period, totals) else { return nil }
        return MeasuredValue(numerator: numerator, denominator: denominator)
    }

    /// From the plan's first year through `period`: numerator flows summed, denominator terms marked "@baseline" read
    /// at the baseline year plus the other terms summed (the stock of hotspots at the start plus those formed since).
    func cumulative(_ measure: Measure, through period: Period, totals: some ElementTotals) -> MeasuredValue? {
        // Nothing accumulates before the plan's first year (the baseline column of a trajectory).
        guard period.lastYear >= planStartYear else { return nil }
        var periods: [Period] = (planStartYear..<period.lastYear).map { .year($0) }
        switch period {
        case .halfYear(let year, let half):
            periods += half == 1 ? [.halfYear(year, half: 1)] : [.year(year)]
        case .year(let year):
            periods.append(.year(year))
        case .span(_, let to):
            periods.append(.year(to))
        }
        var numerator: Double? = nil
        for p in periods { if let value = sum(measure.numerator, p, totals) { numerator = (numerator ?? 0) + value } }
        guard let numerator else { return nil }
        guard let terms = measure.denominator else { return MeasuredValue(numerator: numerator) }
        var denominator: Double? = sum(terms.filter { $0.hasSuffix("@baseline") }, .year(baselineYear), totals)
        let flowing = terms.filter { !$0.hasSuffix("@baseline") }
        for p in periods where !flowing.isEmpty {
            if let value = sum(flowing, p, totals) { denominator = (denominator ?? 0) + value }
        }
        guard let denominator else { return nil }
        return MeasuredValue(numerator: numerator, denominator: denominator)
    }

    func sum(_ terms: [String], _ period: Period, _ totals: some ElementTotals) -> Double? {
        var result: Double? = nil
        for term in terms {
            let negative = term.hasPrefix("-")
            guard let value = totals.total(Measure.elementCode(term), period) else { continue }
            result = (result ?? 0) + (negative ? -value : value)
        }
        return result
    }

    // MARK: Coverage

    /// Which part of a measure a side is: a ratio compares its numerator with its denominator, a growth the whole
    /// measure in two periods.
    public enum MeasurePart: Sendable { case numerator, denominator, whole }

    /// The terms of a measure and the period each is read in, exactly as `measured` reads them: for a cumulative
    /// measure every year from the plan's first (numerator and flowing denominator terms) and "@baseline" terms at
    /// the baseline year.
    func components(_ measure: Measure, _ period: Period, part: MeasurePart) -> [(term: String, period: Period)] {
        let numerator = part == .denominator ? [] : measure.numerator
        let denominator = part == .numerator ? [] : (measure.denominator ?? [])
        guard measure.cumulative else { return (numerator + denominator).map { ($0, period) } }
        guard period.lastYear >= planStartYear else { return [] }
        var periods: [Period] = (planStartYear..<period.lastYear).map { .year($0) }
        switch period {
        case .halfYear(let year, let half): periods += half == 1 ? [.halfYear(year, half: 1)] : [.year(year)]
        case .year(let year): periods.append(.year(year))
        case .span(_, let to): periods.append(.year(to))
        }
        var result: [(String, Period)] = []
        for term in numerator { result += periods.map { (term, $0) } }
        for term in denominator {
            if term.hasSuffix("@baseline") { result.append((term, .year(baselineYear))) } else { result += periods.map { (term, $0) } }
        }
        return result
    }

    /// The coverage of one side of a comparison: every expected unit's share in the measure (or its numerator or
    /// denominator) for the period, combined over its terms and the periods it sums; nil when the totals do not know
    /// coverage.
    public func coverage(_ measure: Measure, _ period: Period, part: MeasurePart = .whole, totals: some ElementTotals) -> SideCoverage? {
        let parts = components(measure, period, part: part)
        guard !parts.isEmpty else { return nil }
        var combined: [(frame: Set<Int>, shares: [UnitShare])] = []
        for (term, termPeriod) in parts {
            let code = Measure.elementCode(term)
            guard let shares = totals.coverage(code, termPeriod) else { return nil }
            combined.append((CoverageRule.slots(termPeriod, stock: totals.isStock(code)), shares))
        }
        return SideCoverage.combining(period: period, components: combined)
    }

    /// " — số liệu của 9/10 huyện, thiếu …" after a verdict made on figures that lack the same units on every side;
    /// nothing when the coverage is complete or not known.
    func coverageNote(_ coverage: Coverage?, _ language: Language) -> String {
        guard let coverage, !coverage.isComplete else { return "" }
        return language == .vi ? " — số liệu của \(coverage.phrase(.vi))" : " — figures of \(coverage.phrase(.en))"
    }

    // MARK: Rules

    public func evaluate(_ rule: TargetRule, measure: Measure?, period: Period, totals: some ElementTotals) -> TargetEvaluation {
        guard rule.kind.isMeasurable, let measure else {
            return noData(
                en: "Qualitative target: judged in the narrative reports.", vi: "Chỉ tiêu định tính: đánh giá trong báo cáo.",
                threshold: rule.threshold)
        }
        if case .span(let from, let to) = period {
            return evaluateSpan(rule, measure: measure, from: from, to: to, totals: totals)
        }
        switch rule.kind.family {
        case .growth, .increase, .decrease:
            return evaluateGrowth(rule, measure: measure, period: period, totals: totals)
        case .ratio, .cumulativeRatio, .unitShare:
            return evaluateRatio(rule, measure: measure, period: period, totals: totals)
        case .noNew, .eradicated:
            return evaluateNone(rule, measure: measure, period: period, totals: totals)
        case .qualitative:
            return noData(en: "Qualitative target.", vi: "Chỉ tiêu định tính.", threshold: nil)
        }
    }

    /// The period a growth is measured against: the year before, or for a half-year of a flow the same half a year
    /// before, and for a stock the end of the year before.
    func comparisonPeriod(_ period: Period, flowLike: Bool) -> Period {
        switch period {
        case .year(let year): .year(year - 1)
        case .halfYear(let year, let half): flowLike ? .halfYear(year - 1, half: half) : .year(year - 1)
        case .span(let from, let to): .span(from: from - (to - from + 1), to: from - 1)
        }
    }

    func evaluateGrowth(_ rule: TargetRule, measure: Measure, period: Period, totals: some ElementTotals) -> TargetEvaluation {
        let partial = period.isPartialYear
        let flowLike = !measure.numerator.map(Measure.elementCode).allSatisfy(totals.isStock)
        let previousPeriod = comparisonPeriod(period, flowLike: flowLike)
        let now = coverage(measure, period, totals: totals)
        let before = coverage(measure, previousPeriod, totals: totals)
        let sides = [now, before].compactMap { $0 }
        let figureCoverage = sides.count == 2 ? Coverage(sides: sides) : now.map { Coverage(sides: [$0]) }
        guard let current = measured(measure, period, totals: totals) else {
            return noData(
                en: "\(period): no data reported.", vi: "\(period): chưa có số liệu.", threshold: rule.threshold, coverage: figureCoverage)
        }
        guard let previous = measured(measure, previousPeriod, totals: totals) else {
            return noData(
                en: "\(period): \(Format.number(current.value, .en)); no data for \(previousPeriod) to compare with.",
                vi: "\(period): \(Format.number(current.value, .vi)); chưa có số liệu \(previousPeriod) để so sánh.",
                threshold: rule.threshold, current: current, coverage: figureCoverage)
        }
        let versusEn = "\(period): \(Format.number(current.value, .en)) vs \(Format.number(previous.value, .en)) in \(previousPeriod.phrase(.en))"
        let versusVi =
            "\(period): \(Format.number(current.value, .vi)) so với \(Format.number(previous.value, .vi)) \(previousPeriod.isPartialYear ? "của " : "")\(previousPeriod.phrase(.vi))"
        if let now, let before, let figureCoverage, !SideCoverage.comparable(now, before, aligned: true) {
            return TargetEvaluation(
                status: .incomplete, value: nil, threshold: rule.threshold, current: current, comparison: previous,
                explanationEn:
                    "\(versusEn) — incomplete data: \(figureCoverage.phrase(.en)); \(period.phrase(.en)) \(now.has(.en)), \(previousPeriod.phrase(.en)) \(before.has(.en)): the two do not cover the same units and months, so no verdict",
                explanationVi:
                    "\(versusVi) — chưa đủ số liệu: \(figureCoverage.phrase(.vi)); \(period.phrase(.vi)) \(now.has(.vi)), \(previousPeriod.phrase(.vi)) \(before.has(.vi)): hai kỳ không cùng các đơn vị và thời gian nên chưa đánh giá",
                coverage: figureCoverage)
        }
        let growth = Self.growth(from: previous.value, to: current.value)
        let met: Bool
        let targetEn: String
        let targetVi: String
        switch (rule.kind.family, rule.kind.comparison) {
        case (.growth, let comparison?):
            let x = rule.threshold ?? 0
            met = comparison.holds(growth, x)
            targetEn = "target \(comparison.symbol) +\(Format.number(x, .en))%"
            targetVi = "chỉ tiêu \(comparison.symbol) +\(Format.number(x, .vi))%"
        case (.decrease, _):
            // Strictly lower: a figure that stays the same (even at 0) has not decreased.
            met = current.value < previous.value
            targetEn = "target a decrease"; targetVi = "chỉ tiêu là giảm"
        default:
            met = current.value > previous.value
            targetEn = "target an increase"; targetVi = "chỉ tiêu là tăng"
        }
        let status: TargetStatus = partial ? (met ? .onTrack : .atRisk) : (met ? .achieved : .notAchieved)
        // Near the threshold one decimal can round onto it ("+1% … < +1%"): show two then.
        let precise = abs(growth - (rule.threshold ?? .infinity)) < 0.05
        let growthEn = Format.signedPercent(growth, .en, precise: precise)
        let growthVi = Format.signedPercent(growth, .vi, precise: precise)
        return TargetEvaluation(
            status: status, value: growth.isFinite ? growth : nil, threshold: rule.threshold, current: current, comparison: previous,
            explanationEn: "\(versusEn) = \(growthEn), \(targetEn): \(status.name(.en).lowercased())\(coverageNote(figureCoverage, .en))",
            explanationVi: "\(versusVi) = \(growthVi), \(targetVi): \(status.name(.vi).lowercased())\(coverageNote(figureCoverage, .vi))",
            coverage: figureCoverage)
    }

    func evaluateRatio(_ rule: TargetRule, measure: Measure, period: Period, totals: some ElementTotals) -> TargetEvaluation {
        let threshold = rule.threshold ?? 100
        let numeratorSide = coverage(measure, period, part: .numerator, totals: totals)
        let denominatorSide = coverage(measure, period, part: .denominator, totals: totals)
        let sides = [numeratorSide, denominatorSide].compactMap { $0 }
        let figureCoverage = sides.isEmpty ? nil : Coverage(sides: sides)
        guard let current = measured(measure, period, totals: totals) else {
            return noData(en: "\(period): no data reported.", vi: "\(period): chưa có số liệu.", threshold: threshold, coverage: figureCoverage)
        }
        guard let denominator = current.denominator, denominator > 0 else {
            return noData(
                en: "\(period): nothing to measure (the denominator is 0).", vi: "\(period): không có gì để đo (mẫu số bằng 0).",
                threshold: threshold, current: current, coverage: figureCoverage)
        }
        let ratio = current.value
        let fraction = "\(Format.number(current.numerator, .en))/\(Format.number(denominator, .en))"
        let fractionVi = "\(Format.number(current.numerator, .vi))/\(Format.number(denominator, .vi))"
        let cumulativeEn = measure.cumulative ? " cumulative since \(planStartYear)" : ""
        let cumulativeVi = measure.cumulative ? " cộng dồn từ \(planStartYear)" : ""
        if let numeratorSide, let denominatorSide, let figureCoverage, !SideCoverage.comparable(numeratorSide, denominatorSide, aligned: false) {
            return TargetEvaluation(
                status: .incomplete, value: nil, threshold: threshold, current: current, comparison: nil,
                explanationEn:
                    "\(period): \(fraction)\(cumulativeEn) — incomplete data: \(figureCoverage.phrase(.en)); the numerator \(numeratorSide.has(.en)), the denominator \(denominatorSide.has(.en)): the two do not cover the same units and months, so no verdict",
                explanationVi:
                    "\(period): \(fractionVi)\(cumulativeVi) — chưa đủ số liệu: \(figureCoverage.phrase(.vi)); tử số \(numeratorSide.has(.vi)), mẫu số \(denominatorSide.has(.vi)): tử số và mẫu số không cùng các đơn vị và thời gian nên chưa đánh giá",
                coverage: figureCoverage)
        }
        if current.numerator > denominator {
            // A share cannot be above 100%: the part is larger than its whole (reached > under management).
            return TargetEvaluation(
                status: .inconsistent, value: ratio, threshold: threshold, current: current, comparison: nil,
                explanationEn:
                    "\(period): \(fraction) = \(Format.percent(ratio, .en))\(cumulativeEn) — inconsistent data: the numerator is larger than the denominator (a part cannot exceed its whole); check the figures\(coverageNote(figureCoverage, .en))",
                explanationVi:
                    "\(period): \(fractionVi) = \(Format.percent(ratio, .vi))\(cumulativeVi) — số liệu mâu thuẫn: tử số lớn hơn mẫu số (phần không thể lớn hơn tổng); cần kiểm tra lại số liệu\(coverageNote(figureCoverage, .vi))",
                coverage: figureCoverage)
        }
        var status: TargetStatus
        var targetEn: String
        var targetVi: String
        let comparison = rule.kind.comparison ?? .atLeast
        switch rule.kind.family {
        case .cumulativeRatio, .unitShare:
            let deadline = rule.deadlineYear ?? period.lastYear
            // The pace starts from nothing for a cumulative ratio, from the baseline year's share for a share of
            // units (from 0% or 100% when the baseline year has no figure). A baseline already at or past the goal
            // (a commune drug-free in 2025 is 100% of itself) has no way to go: the pace is the goal itself, not a
            // line from 100% down to 50% for "at least 50%".
            var start: Double? = nil
            var startNoteEn = ""
            var startNoteVi = ""
            if rule.kind.family == .unitShare {
                let baseline = measured(measure, .year(baselineYear), totals: totals)?.value
                if let baseline, baseline.isFinite {
                    start = comparison.isUpward ? min(baseline, threshold) : max(baseline, threshold)
                } else {
                    start = comparison.isUpward ? 0 : 100
                    startNoteEn = ", from \(Format.number(start!, .en))% as \(baselineYear) has no figure"
                    startNoteVi = ", tính từ \(Format.number(start!, .vi))% vì năm \(baselineYear) chưa có số liệu"
                }
            } else if comparison.isUpward {
                start = 0
            }
            let judged = Self.byDeadline(
                ratio, threshold: threshold, comparison: comparison, deadline: deadline, period: period,
                planStartYear: planStartYear, start: start)
            status = judged.status
            let paceEn = judged.pace.map { " (pace \(Format.number($0, .en))%\(startNoteEn))" } ?? ""
            let paceVi = judged.pace.map { " (tiến độ \(Format.number($0, .vi))%\(startNoteVi))" } ?? ""
            let wordsEn = "\(comparison.symbol) "
            targetEn = "target \(wordsEn)\(Format.number(threshold, .en))% by \(deadline)\(paceEn)"
            targetVi = "chỉ tiêu \(wordsEn)\(Format.number(threshold, .vi))% đến năm \(deadline)\(paceVi)"
        default:
            let met = comparison.holds(ratio, threshold)
            status = period.isPartialYear ? (met ? .onTrack : .atRisk) : (met ? .achieved : .notAchieved)
            // A stored "ratio equals" reads as its words did: "target 100%".
            let symbol = rule.kind == .ratioEquals ? "" : "\(comparison.symbol) "
            targetEn = "target \(symbol)\(Format.number(threshold, .en))%"; targetVi = "chỉ tiêu \(symbol)\(Format.number(threshold, .vi))%"
        }
        let unitsEn = measure.unitShare.map { " \($0.level.pluralName(.en))" } ?? ""
        let unitsVi = measure.unitShare.map { " \($0.level.pluralName(.vi))" } ?? ""
        return TargetEvaluation(
            status: status, value: ratio, threshold: threshold, current: current, comparison: nil,
            explanationEn:
                "\(period): \(fraction)\(unitsEn) = \(Format.percent(ratio, .en))\(cumulativeEn), \(targetEn): \(status.name(.en).lowercased())\(coverageNote(figureCoverage, .en))",
            explanationVi:
                "\(period): \(fractionVi)\(unitsVi) = \(Format.percent(ratio, .vi))\(cumulativeVi), \(targetVi): \(status.name(.vi).lowercased())\(coverageNote(figureCoverage, .vi))",
            coverage: figureCoverage)
    }

    func evaluateNone(_ rule: TargetRule, measure: Measure, period: Period, totals: some ElementTotals) -> TargetEvaluation {
        let figureCoverage = coverage(measure, period, totals: totals).map { Coverage(sides: [$0]) }
        guard let current = measured(measure, period, totals: totals) else {
            return noData(en: "\(period): no data reported.", vi: "\(period): chưa có số liệu.", threshold: 0, coverage: figureCoverage)
        }
        let met = current.value == 0
        let (targetEn, targetVi) =
            rule.kind == .noNew
            ? ("target none new", "chỉ tiêu không phát sinh mới")
            : ("target none remaining", "chỉ tiêu xóa bỏ hoàn toàn")
        if met, let figureCoverage, !figureCoverage.isComplete {
            // Nothing among the units that reported says nothing about those that did not.
            return TargetEvaluation(
                status: .incomplete, value: current.value, threshold: 0, current: current, comparison: nil,
                explanationEn:
                    "\(period): \(Format.number(current.value, .en)), \(targetEn) — incomplete data: \(figureCoverage.phrase(.en)); none among these is not yet none everywhere",
                explanationVi:
                    "\(period): \(Format.number(current.value, .vi)), \(targetVi) — chưa đủ số liệu: \(figureCoverage.phrase(.vi)); chưa thể kết luận cho cả địa bàn",
                coverage: figureCoverage)
        }
        let status: TargetStatus = period.isPartialYear ? (met ? .onTrack : .atRisk) : (met ? .achieved : .notAchieved)
        return TargetEvaluation(
            status: status, value: current.value, threshold: 0, current: current, comparison: nil,
            explanationEn:
                "\(period): \(Format.number(current.value, .en)), \(targetEn): \(status.name(.en).lowercased())\(coverageNote(figureCoverage, .en))",
            explanationVi:
                "\(period): \(Format.number(current.value, .vi)), \(targetVi): \(status.name(.vi).lowercased())\(coverageNote(figureCoverage, .vi))",
            coverage: figureCoverage)
    }

    /// Judges a ratio against a target by a deadline year (a cumulative ratio, a share of units):
    ///
    /// | the ratio                 | before the deadline (or its first half)            | the deadline year and after |
    /// |---------------------------|----------------------------------------------------|-----------------------------|
    /// | meets the threshold       | above / at least: achieved; below / at most: on track (it may still rise) | achieved |
    /// | does not meet it          | on track when at or beyond the pace, else at risk  | not achieved                |
    ///
    /// The pace goes in a straight line from `start` (the plan's first year) to the threshold at the deadline: on a
    /// half-year, half a year elapsed. Without a `start` (a cumulative ratio that must stay low) there is no pace and
    /// a ratio that does not meet the threshold is at risk.
    static func byDeadline(
        _ ratio: Double, threshold: Double, comparison: Comparison, deadline: Int, period: Period, planStartYear: Int, start: Double?
    ) -> (status: TargetStatus, pace: Double?) {
        let firstHalfOnly = { if case .halfYear(_, 1) = period { true } else { false } }()
        let reached = period.lastYear >= deadline && !firstHalfOnly
        let span = Double(max(deadline - planStartYear + 1, 1))
        let elapsed = Double(period.lastYear - planStartYear) + (firstHalfOnly ? 0.5 : 1)
        let pace = start.map { $0 + (threshold - $0) * min(max(elapsed / span, 0), 1) }
        if comparison.holds(ratio, threshold) {
            return (comparison.isUpward || reached ? .achieved : .onTrack, pace)
        }
        if reached { return (.notAchieved, pace) }
        guard let pace else { return (.atRisk, nil) }
        let onPace = comparison.isUpward ? Comparison.atLeast.holds(ratio, pace) : Comparison.atMost.holds(ratio, pace)
        return (onPace ? .onTrack : .atRisk, pace)
    }

    /// A span of years is judged year by year; a target by a deadline (cumulative, share of units) at the span's last
    /// year; "decrease every year" needs every year of the span lower than the year before.
    func evaluateSpan(_ rule: TargetRule, measure: Measure, from: Int, to: Int, totals: some ElementTotals) -> TargetEvaluation {
        if rule.kind.family == .decrease {
            return evaluateDecreaseSpan(rule, measure: measure, from: from, to: to, totals: totals)
        }
        if rule.kind.family == .cumulativeRatio || rule.kind.family == .unitShare {
            var result = evaluateRatio(rule, measure: measure, period: .year(to), totals: totals)
            result.explanationEn = "\(from)–\(to): " + result.explanationEn
            result.explanationVi = "\(from)–\(to): " + result.explanationVi
            return result
        }
        let years = (from...to).map { ($0, evaluate(rule, measure: measure, period: .year($0), totals: totals)) }
        let coverages = years.compactMap(\.1.coverage)
        let spanCoverage = coverages.isEmpty ? nil : Coverage.union(coverages)
        let judged = years.filter { $0.1.status != .noData }
        guard !judged.isEmpty else {
            return noData(
                en: "\(from)–\(to): no data reported.", vi: "\(from)–\(to): chưa có số liệu.", threshold: rule.threshold, coverage: spanCoverage)
        }
        let worst = judged.map(\.1.status).max { $0.severity < $1.severity }!
        let achieved = judged.filter { $0.1.status == .achieved }.count
        let list = years.map { "\($0.0) \($0.1.status.symbol)" }.joined(separator: ", ")
        return TargetEvaluation(
            status: worst, value: years.last?.1.value, threshold: rule.threshold, current: years.last?.1.current, comparison: nil,
            explanationEn: "\(from)–\(to): achieved in \(achieved) of \(to - from + 1) years (\(list))\(coverageNote(spanCoverage, .en))",
            explanationVi: "\(from)–\(to): đạt \(achieved)/\(to - from + 1) năm (\(list))\(coverageNote(spanCoverage, .vi))",
            coverage: spanCoverage)
    }

    /// "Decrease every year" over a span: each year (the first compared with the year before the span) must be
    /// lower than the year before. A year not lower makes the span not achieved; a year that cannot be compared (no
    /// figure for it or the year before, or incomplete data) leaves the span without a verdict ("incomplete") when
    /// no year failed, as "every year" cannot be said of years without figures; no year compared at all is no data.
    func evaluateDecreaseSpan(_ rule: TargetRule, measure: Measure, from: Int, to: Int, totals: some ElementTotals) -> TargetEvaluation {
        let years = (from...to).map { ($0, evaluate(rule, measure: measure, period: .year($0), totals: totals)) }
        let coverages = years.compactMap(\.1.coverage)
        let spanCoverage = coverages.isEmpty ? nil : Coverage.union(coverages)
        let list = years.map { "\($0.0) \($0.1.status.symbol)" }.joined(separator: ", ")
        let lower = years.filter { $0.1.status == .achieved }.count
        let failed = years.filter { $0.1.status == .notAchieved }.map { String($0.0) }
        let unjudged = years.filter { $0.1.status != .achieved && $0.1.status != .notAchieved }.map { String($0.0) }
        guard unjudged.count < years.count else {
            return noData(
                en: "\(from)–\(to): no data reported.", vi: "\(from)–\(to): chưa có số liệu.", threshold: nil, coverage: spanCoverage)
        }
        let status: TargetStatus
        var whyEn = ""
        var whyVi = ""
        if !failed.isEmpty {
            status = .notAchieved
            whyEn = "; not lower than the year before in \(failed.joined(separator: ", "))"
            whyVi = "; không giảm so với năm trước ở năm \(failed.joined(separator: ", "))"
        } else if !unjudged.isEmpty {
            status = .incomplete
            whyEn = "; \(unjudged.joined(separator: ", ")) cannot be compared with the year before, so \"every year\" is not shown"
            whyVi = "; năm \(unjudged.joined(separator: ", ")) chưa so sánh được với năm trước nên chưa thể kết luận giảm hằng năm"
        } else {
            status = .achieved
        }
        let last = years.last?.1
        return TargetEvaluation(
            status: status, value: last?.value, threshold: nil, current: last?.current, comparison: nil,
            explanationEn:
                "\(from)–\(to): lower than the year before in \(lower) of \(years.count) years (\(list))\(whyEn): \(status.name(.en).lowercased())",
            explanationVi:
                "\(from)–\(to): giảm so với năm trước \(lower)/\(years.count) năm (\(list))\(whyVi): \(status.name(.vi).lowercased())",
            coverage: spanCoverage)
    }

    func noData(en: String, vi: String, threshold: Double?, current: MeasuredValue? = nil, coverage: Coverage? = nil) -> TargetEvaluation {
        TargetEvaluation(
            status: .noData, value: nil, threshold: threshold, current: current, comparison: nil,
            explanationEn: en, explanationVi: vi, coverage: coverage)
    }

    /// Growth in % from `previous` to `current`; from zero to more is infinite growth, from zero to zero none.
    public static func growth(from previous: Double, to current: Double) -> Double {
        if previous == 0 { return current == 0 ? 0 : .infinity }
        return (current - previous) / previous * 100
    }
}

extension Period {
    /// A half-year is judged against the pace, never as failed before the year ends.
    public var isPartialYear: Bool {
        if case .halfYear = self { return true }
        return false
    }
}

/// Numbers as the interface writes them: Vietnamese with a decimal comma and dot thousands, English the other way.
public enum Format {
    public static func number(_ value: Double, _ language: Language, decimals: Int = 1) -> String {
        guard value.isFinite, (value * 100).isFinite else { return "—" }
        let scale = decimals == 2 ? 100.0 : 10.0
        let rounded = (value * scale).rounded() / scale
        let integer = rounded.rounded(.towardZero)
        let separator = language == .vi ? "." : ","
        // Written, never converted to Int: a figure beyond Int.max (a sum of huge stored values) must not trap (C3).
        let digits = Int(exactly: abs(integer)).map { String($0) } ?? String(format: "%.0f", abs(integer))
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += separator }
            grouped.append(character)
        }
        let sign = rounded < 0 ? "-" : ""
        let fraction = abs(rounded - integer)
        if fraction < 0.5 / scale { return sign + grouped }
        var digits2 = String(Int((fraction * scale).rounded()))
        if decimals == 2 && digits2.count < 2 { digits2 = "0" + digits2 }
        if decimals == 2 && digits2.hasSuffix("0") { digits2.removeLast() }
        return sign + grouped + (language == .vi ? "," : ".") + digits2
    }

    public static func percent(_ value: Double, _ language: Language) -> String { number(value, language) + "%" }

    public static func signedPercent(_ value: Double, _ language: Language, precise: Bool = false) -> String {
        if value == .infinity { return language == .vi ? "tăng từ 0" : "up from 0" }
        return (value >= 0 ? "+" : "") + number(value, language, decimals: precise ? 2 : 1) + "%"
    }
}
