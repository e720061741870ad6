/// What a target's number is, and how it is written: one rule for the board page, the target page, the board's
/// Excel and CSV export, the round's annex workbook and the province's report.
///
/// Source of the rule: `RuleEngine.evaluate`. What `TargetEvaluation.value` holds depends on the rule's kind:
///
/// | kind                                             | `evaluation.value`                                                    |
/// |--------------------------------------------------|-----------------------------------------------------------------------|
/// | `increase`, `decreaseEveryYear`, `growth…`       | the change over the comparison period, in % (`RuleEngine.growth`), signed: −17.9 is a fall of 17.9% |
/// | `ratio…`, `cumulativeRatio…`, `unitShare…`       | numerator / denominator × 100, a share in % (0–100)                   |
/// | `noNew`, `eradicated`                            | the measured value itself: a number in the element's unit of measure (a share in % if the measure has a denominator) |
/// | `qualitative`                                    | always nil                                                            |
///
/// An `increase` target is judged on "more than the year before", so its value is the change, like the other
/// growth rules, never the count it was computed from (that count is `evaluation.current`). A span of years
/// carries its last year's value, so its expression is the same as a single year's.
///
/// A measured value (`MeasuredValue.value`, the points of `TargetTrajectory` and `TargetTrend`) is a different
/// number: a share in % when the measure has a denominator, otherwise a number in the unit of measure; see
/// `measured(_:unit:)`.
public enum ValueExpression: Sendable, Equatable, Hashable {
    /// A share in per cent, normally 0–100: "83,3%" / "83.3%".
    case percent
    /// A change in per cent, signed: "+7,5%", "-17,9%", "up from 0" when it grew from zero (infinite growth).
    case signedPercentChange
    /// A number of things (or an amount such as an area) in a unit of measure as written on forms ("vụ", "người",
    /// "m²"); empty when the caller does not know it, then the number is written alone.
    case count(measure: String)
    /// Nothing measured by numbers (a qualitative target): no value to write.
    case notMeasured

    /// The expression of `TargetEvaluation.value` for a target with this rule. `measure` (the target's formula) is
    /// needed only to tell a `noNew`/`eradicated` count from a share; `unit` is the unit of measure of a count.
    public static func of(_ rule: TargetRule, measure: Measure? = nil, unit: String = "") -> ValueExpression {
        switch rule.kind.family {
        case .increase, .decrease, .growth: .signedPercentChange
        case .ratio, .cumulativeRatio, .unitShare: .percent
        case .noNew, .eradicated: measured(measure, unit: unit)
        case .qualitative: .notMeasured
        }
    }

    /// The expression of `TargetEvaluation.value` for this target (its rule and its measure).
    public static func of(_ target: Target, unit: String = "") -> ValueExpression {
        of(target.rule, measure: target.measure, unit: unit)
    }

    /// The expression of a measured value (`MeasuredValue.value`, a point of a trajectory or a trend): a share in %
    /// when the measure has a denominator, otherwise a count in `unit`; nothing for a target without a measure.
    public static func measured(_ measure: Measure?, unit: String = "") -> ValueExpression {
        guard let measure else { return .notMeasured }
        return measure.isRatio ? .percent : .count(measure: unit)
    }

    /// Whether the value is a percentage (a share or a change): a spreadsheet shows it as a percent cell.
    public var isPercent: Bool {
        switch self {
        case .percent, .signedPercentChange: true
        case .count, .notMeasured: false
        }
    }

    /// The number a spreadsheet cell holds: a percentage as a fraction (83.3 → 0.833, −17.9 → −0.179), as the
    /// `.percent` cell of a workbook wants it; a count unchanged.
    public func fraction(_ value: Double) -> Double {
        isPercent ? value / 100 : value
    }

    /// The value as the interface writes it, with the `Format` rules of each language (decimal comma and dot
    /// thousands in Vietnamese, the other way in English; one decimal): "83,3%", "+7,5%", "-17,9%", "1.234 vụ".
    /// A value that is not finite is "—", except a growth from zero ("tăng từ 0" / "up from 0").
    public func text(_ value: Double, _ language: Language) -> String {
        switch self {
        case .percent:
            return Format.percent(value, language)
        case .signedPercentChange:
            return Format.signedPercent(value, language)
        case .count(let measure):
            let number = Format.number(value, language)
            return measure.isEmpty || !value.isFinite ? number : "\(number) \(measure)"
        case .notMeasured:
            return "—"
        }
    }

    /// The value column of a judged target on a page: the evaluation's value in the expression of `of(target)`;
    /// when it has none but something was measured (a growth with nothing to compare with, or grown from zero), the
    /// measured value in the expression of `measured(target.measure)`, so the reader sees what was counted; otherwise "—".
    public static func text(of evaluation: TargetEvaluation, for target: Target, _ language: Language, unit: String = "") -> String {
        if let value = evaluation.value, value.isFinite {
            return of(target, unit: unit).text(value, language)
        }
        if let current = evaluation.current, current.value.isFinite {
            return measured(target.measure, unit: unit).text(current.value, language)
        }
        return "—"
    }
}
