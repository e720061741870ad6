import Foundation

/// Totals of data elements for one organisation unit, already rolled up from the units below it and resolved
/// from half-years into years where needed.
public protocol ElementTotals: Sendable {
    /// The total of an element in a year or half-year, nil when nothing was reported. Codes of the form
    /// "count:commune" ask for the number of units of that level in the unit's area.
    func total(_ elementCode: String, _ period: Period) -> Double?
    /// Whether the element is taken at the period's end rather than summed over it.
    func isStock(_ elementCode: String) -> Bool
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
        switch rule.kind {
        case .growthAtLeast, .growthBelow, .increase:
            return evaluateGrowth(rule, measure: measure, period: period, totals: totals)
        case .ratioAbove, .ratioEquals, .cumulativeRatioBy:
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
        guard let current = measured(measure, period, totals: totals) else {
            return noData(en: "\(period): no data reported.", vi: "\(period): chưa có số liệu.", threshold: rule.threshold)
        }
        guard let previous = measured(measure, previousPeriod, totals: totals) else {
            return noData(
                en: "\(period): \(Format.number(current.value, .en)); no data for \(previousPeriod) to compare with.",
                vi: "\(period): \(Format.number(current.value, .vi)); chưa có số liệu \(previousPeriod) để so sánh.",
                threshold: rule.threshold, current: current)
        }
        let growth = Self.growth(from: previous.value, to: current.value)
        let met: Bool
        let targetEn: String
        let targetVi: String
        switch rule.kind {
        case .growthAtLeast:
            let x = rule.threshold ?? 0
            met = growth >= x
            targetEn = "target ≥ +\(Format.number(x, .en))%"; targetVi = "chỉ tiêu ≥ +\(Format.number(x, .vi))%"
        case .growthBelow:
            let x = rule.threshold ?? 0
            met = growth < x
            targetEn = "target < +\(Format.number(x, .en))%"; targetVi = "chỉ tiêu < +\(Format.number(x, .vi))%"
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
            explanationEn:
                "\(period): \(Format.number(current.value, .en)) vs \(Format.number(previous.value, .en)) in \(previousPeriod.phrase(.en)) = \(growthEn), \(targetEn): \(status.name(.en).lowercased())",
            explanationVi:
                "\(period): \(Format.number(current.value, .vi)) so với \(Format.number(previous.value, .vi)) \(previousPeriod.isPartialYear ? "của " : "")\(previousPeriod.phrase(.vi)) = \(growthVi), \(targetVi): \(status.name(.vi).lowercased())"
        )
    }

    func evaluateRatio(_ rule: TargetRule, measure: Measure, period: Period, totals: some ElementTotals) -> TargetEvaluation {
        let threshold = rule.threshold ?? 100
        guard let current = measured(measure, period, totals: totals) else {
            return noData(en: "\(period): no data reported.", vi: "\(period): chưa có số liệu.", threshold: threshold)
        }
        guard let denominator = current.denominator, denominator > 0 else {
            return noData(
                en: "\(period): nothing to measure (the denominator is 0).", vi: "\(period): không có gì để đo (mẫu số bằng 0).",
                threshold: threshold, current: current)
        }
        let ratio = current.value
        let fraction = "\(Format.number(current.numerator, .en))/\(Format.number(denominator, .en))"
        let fractionVi = "\(Format.number(current.numerator, .vi))/\(Format.number(denominator, .vi))"
        var status: TargetStatus
        var targetEn: String
        var targetVi: String
        switch rule.kind {
        case .ratioEquals:
            let met = ratio >= threshold
            status = period.isPartialYear ? (met ? .onTrack : .atRisk) : (met ? .achieved : .notAchieved)
            targetEn = "target \(Format.number(threshold, .en))%"; targetVi = "chỉ tiêu \(Format.number(threshold, .vi))%"
        case .cumulativeRatioBy:
            let deadline = rule.deadlineYear ?? period.lastYear
            let span = Double(max(deadline - planStartYear + 1, 1))
            let firstHalfOnly = { if case .halfYear(_, 1) = period { true } else { false } }()
            let elapsed = Double(period.lastYear - planStartYear) + (firstHalfOnly ? 0.5 : 1)
            let pace = min(threshold * elapsed / span, threshold)
            if ratio > threshold {
                status = .achieved
            } else if period.lastYear >= deadline && !firstHalfOnly {
                status = .notAchieved
            } else {
                status = ratio >= pace ? .onTrack : .atRisk
            }
            targetEn = "target > \(Format.number(threshold, .en))% by \(deadline) (pace \(Format.number(pace, .en))%)"
            targetVi = "chỉ tiêu > \(Format.number(threshold, .vi))% đến năm \(deadline) (tiến độ \(Format.number(pace, .vi))%)"
        default:
            let met = ratio > threshold
            status = period.isPartialYear ? (met ? .onTrack : .atRisk) : (met ? .achieved : .notAchieved)
            targetEn = "target > \(Format.number(threshold, .en))%"; targetVi = "chỉ tiêu > \(Format.number(threshold, .vi))%"
        }
        let cumulativeEn = measure.cumulative ? " cumulative since \(planStartYear)" : ""
        let cumulativeVi = measure.cumulative ? " cộng dồn từ \(planStartYear)" : ""
        return TargetEvaluation(
            status: status, value: ratio, threshold: threshold, current: current, comparison: nil,
            explanationEn: "\(period): \(fraction) = \(Format.percent(ratio, .en))\(cumulativeEn), \(targetEn): \(status.name(.en).lowercased())",
            explanationVi: "\(period): \(fractionVi) = \(Format.percent(ratio, .vi))\(cumulativeVi), \(targetVi): \(status.name(.vi).lowercased())")
    }

    func evaluateNone(_ rule: TargetRule, measure: Measure, period: Period, totals: some ElementTotals) -> TargetEvaluation {
        guard let current = measured(measure, period, totals: totals) else {
            return noData(en: "\(period): no data reported.", vi: "\(period): chưa có số liệu.", threshold: 0)
        }
        let met = current.value == 0
        let status: TargetStatus = period.isPartialYear ? (met ? .onTrack : .atRisk) : (met ? .achieved : .notAchieved)
        let (targetEn, targetVi) =
            rule.kind == .noNew
            ? ("target none new", "chỉ tiêu không phát sinh mới")
            : ("target none remaining", "chỉ tiêu xóa bỏ hoàn toàn")
        return TargetEvaluation(
            status: status, value: current.value, threshold: 0, current: current, comparison: nil,
            explanationEn: "\(period): \(Format.number(current.value, .en)), \(targetEn): \(status.name(.en).lowercased())",
            explanationVi: "\(period): \(Format.number(current.value, .vi)), \(targetVi): \(status.name(.vi).lowercased())")
    }

    /// A span of years is judged year by year; a cumulative target at the span's last year.
    func evaluateSpan(_ rule: TargetRule, measure: Measure, from: Int, to: Int, totals: some ElementTotals) -> TargetEvaluation {
        if rule.kind == .cumulativeRatioBy {
            var result = evaluateRatio(rule, measure: measure, period: .year(to), totals: totals)
            result.explanationEn = "\(from)–\(to): " + result.explanationEn
            result.explanationVi = "\(from)–\(to): " + result.explanationVi
            return result
        }
        let years = (from...to).map { ($0, evaluate(rule, measure: measure, period: .year($0), totals: totals)) }
        let judged = years.filter { $0.1.status != .noData }
        guard !judged.isEmpty else {
            return noData(en: "\(from)–\(to): no data reported.", vi: "\(from)–\(to): chưa có số liệu.", threshold: rule.threshold)
        }
        let worst = judged.map(\.1.status).max { $0.severity < $1.severity }!
        let achieved = judged.filter { $0.1.status == .achieved }.count
        let list = years.map { "\($0.0) \($0.1.status.symbol)" }.joined(separator: ", ")
        return TargetEvaluation(
            status: worst, value: years.last?.1.value, threshold: rule.threshold, current: years.last?.1.current, comparison: nil,
            explanationEn: "\(from)–\(to): achieved in \(achieved) of \(to - from + 1) years (\(list))",
            explanationVi: "\(from)–\(to): đạt \(achieved)/\(to - from + 1) năm (\(list))")
    }

    func noData(en: String, vi: String, threshold: Double?, current: MeasuredValue? = nil) -> TargetEvaluation {
        TargetEvaluation(
            status: .noData, value: nil, threshold: threshold, current: current, comparison: nil,
            explanationEn: en, explanationVi: vi)
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
        guard value.isFinite else { return "—" }
        let scale = decimals == 2 ? 100.0 : 10.0
        let rounded = (value * scale).rounded() / scale
        let integer = rounded.rounded(.towardZero)
        let whole = Int(integer)
        let separator = language == .vi ? "." : ","
        let digits = String(abs(whole))
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
