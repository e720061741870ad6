import PCMTDomain
import Testing

/// One rule for what a target's value is and how it is written (board, exports, annex, report).
@Suite struct TargetValueExpressionTests {
    static let count = Measure(numerator: ["hotspots_new"])
    static let share = Measure(numerator: ["done"], denominator: ["all"])

    // Every kind of rule → what `TargetEvaluation.value` is for it (see `RuleEngine.evaluate`).
    static let kinds: [(RuleKind, Measure?, String, ValueExpression)] = [
        (.increase, count, "điểm", .signedPercentChange),
        (.growthAtLeast, count, "vụ", .signedPercentChange),
        (.growthBelow, count, "người", .signedPercentChange),
        (.ratioAbove, share, "", .percent),
        (.ratioEquals, share, "", .percent),
        (.cumulativeRatioBy, share, "", .percent),
        (.decreaseEveryYear, count, "người", .signedPercentChange),
        (.growthAbove, count, "vụ", .signedPercentChange),
        (.growthAtMost, count, "vụ", .signedPercentChange),
        (.ratioAtLeast, share, "", .percent),
        (.ratioBelow, share, "", .percent),
        (.ratioAtMost, share, "", .percent),
        (.cumulativeRatioAtLeastBy, share, "", .percent),
        (.cumulativeRatioBelowBy, share, "", .percent),
        (.cumulativeRatioAtMostBy, share, "", .percent),
        (.unitShareAboveBy, .unitShare(element: "drug_free", level: .commune), "", .percent),
        (.unitShareAtLeastBy, .unitShare(element: "drug_free", level: .commune), "", .percent),
        (.unitShareBelowBy, .unitShare(element: "drug_free", level: .commune), "", .percent),
        (.unitShareAtMostBy, .unitShare(element: "drug_free", level: .commune), "", .percent),
        (.noNew, count, "điểm", .count(measure: "điểm")),
        (.eradicated, count, "m²", .count(measure: "m²")),
        (.noNew, share, "điểm", .percent),
        (.qualitative, nil, "", .notMeasured),
    ]

    @Test(arguments: kinds)
    func eachKindOfRuleHasOneExpression(kind: RuleKind, measure: Measure?, unit: String, expected: ValueExpression) {
        #expect(ValueExpression.of(TargetRule(kind: kind), measure: measure, unit: unit) == expected)
        let target = Target(code: "T", text: "", rule: TargetRule(kind: kind), indicator: "", measure: measure)
        #expect(ValueExpression.of(target, unit: unit) == expected)
    }

    @Test func everyKindIsInTheTable() {
        #expect(Set(Self.kinds.map { $0.0 }) == Set(RuleKind.allCases), "a new kind of rule needs its expression")
    }

    @Test(
        arguments: [
            (Measure?.none, ValueExpression.notMeasured),
            (count, .count(measure: "vụ")),
            (share, .percent),
        ] as [(Measure?, ValueExpression)])
    func aMeasuredValueIsAShareOrACount(measure: Measure?, expected: ValueExpression) {
        #expect(ValueExpression.measured(measure, unit: "vụ") == expected)
    }

    // Written by hand from the `Format` rules: one decimal; Vietnamese "1.234,5", English "1,234.5"; a fall keeps its
    // ASCII minus sign as `Format.signedPercent` prints it.
    @Test(
        arguments: [
            (ValueExpression.percent, 83.333, "83,3%", "83.3%"),
            (.percent, 100, "100%", "100%"),
            (.percent, 0, "0%", "0%"),
            (.signedPercentChange, 7.5, "+7,5%", "+7.5%"),
            (.signedPercentChange, -17.857, "-17,9%", "-17.9%"),
            (.signedPercentChange, -100, "-100%", "-100%"),
            (.signedPercentChange, 0, "+0%", "+0%"),
            (.signedPercentChange, 1234.5, "+1.234,5%", "+1,234.5%"),
            (.signedPercentChange, .infinity, "tăng từ 0", "up from 0"),
            (.count(measure: ""), 43, "43", "43"),
            (.count(measure: ""), 1234, "1.234", "1,234"),
            (.count(measure: "vụ"), 1234, "1.234 vụ", "1,234 vụ"),
            (.count(measure: "m²"), 2.25, "2,3 m²", "2.3 m²"),
            (.count(measure: "vụ"), .nan, "—", "—"),
            (.notMeasured, 5, "—", "—"),
        ] as [(ValueExpression, Double, String, String)])
    func writesTheValue(expression: ValueExpression, value: Double, vietnamese: String, english: String) {
        #expect(expression.text(value, .vi) == vietnamese)
        #expect(expression.text(value, .en) == english)
    }

    @Test(arguments: [
        (ValueExpression.percent, 50.0, true, 0.5),
        (.percent, 100, true, 1),
        (.signedPercentChange, -25, true, -0.25),
        (.signedPercentChange, 12.5, true, 0.125),
        (.count(measure: "vụ"), 43, false, 43),
        (.notMeasured, 2, false, 2),
    ])
    func aSpreadsheetGetsAFractionForAPercentage(expression: ValueExpression, value: Double, isPercent: Bool, fraction: Double) {
        #expect(expression.isPercent == isPercent)
        #expect(expression.fraction(value) == fraction)
    }

    // The value column of a judged target, from the rule engine's own evaluation. The `increase` row is the drift
    // this rule ends: the board page wrote the count (46) while the annex wrote the change.
    @Test(
        arguments: [
            ("increase: a fall from 56 to 46", RuleKind.increase, count, ["hotspots_new@2023": 46, "hotspots_new@2022": 56], "-17,9%", "-17.9%"),
            ("increase: a rise from 40 to 43", .increase, count, ["hotspots_new@2023": 43, "hotspots_new@2022": 40], "+7,5%", "+7.5%"),
            ("growth with nothing to compare: the count", .growthAtLeast, count, ["hotspots_new@2023": 46], "46 điểm", "46 điểm"),
            ("growth from zero: the count", .growthAtLeast, count, ["hotspots_new@2023": 5, "hotspots_new@2022": 0], "5 điểm", "5 điểm"),
            ("a share", .ratioAbove, share, ["done@2023": 5, "all@2023": 6], "83,3%", "83.3%"),
            ("a share of nothing", .ratioAbove, share, ["done@2023": 0, "all@2023": 0], "—", "—"),
            ("none new: the count", .noNew, count, ["hotspots_new@2023": 3], "3 điểm", "3 điểm"),
            ("no data", .noNew, count, [:], "—", "—"),
            ("qualitative", .qualitative, nil, [:], "—", "—"),
        ] as [(String, RuleKind, Measure?, [String: Double], String, String)])
    func theValueColumnOfAJudgedTarget(
        _ label: String, kind: RuleKind, measure: Measure?, values: [String: Double],
        vietnamese: String, english: String
    ) {
        let rule = TargetRule(kind: kind, threshold: kind.needsThreshold ? 80 : nil)
        let target = Target(code: "T", text: "", rule: rule, indicator: "", measure: measure)
        let evaluation = RuleEngine(planStartYear: 2021, baselineYear: 2020)
            .evaluate(rule, measure: measure, period: .year(2023), totals: FixedTotals(values: values))
        #expect(ValueExpression.text(of: evaluation, for: target, .vi, unit: "điểm") == vietnamese, "\(label)")
        #expect(ValueExpression.text(of: evaluation, for: target, .en, unit: "điểm") == english, "\(label)")
    }
}
