import PCMTDomain
import Testing

@Suite struct TargetRuleTests {
    @Test(arguments: [
        (TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear), "≥ 5% over the previous year", "Tăng ≥ 5% so với năm trước"),
        (TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear), "Growth < 1% over the previous year", "Tăng < 1% so với năm trước"),
        (TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator), "> 80%", "> 80%"),
        (TargetRule(kind: .ratioAbove, threshold: 90, base: .denominator), "> 90%", "> 90%"),
        (TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator), "100%", "100%"),
        (
            TargetRule(kind: .cumulativeRatioBy, threshold: 80, base: .denominator, deadlineYear: 2025), "> 80% cumulative by 2025",
            "> 80% cộng dồn đến năm 2025"
        ),
        (TargetRule(kind: .noNew), "No new", "Không phát sinh mới"),
        (TargetRule(kind: .eradicated), "Eradicated", "Xóa bỏ, không tái phát"),
        (TargetRule(kind: .increase, base: .previousYear), "Increase over the previous year", "Tăng so với năm trước"),
        (TargetRule(kind: .qualitative), "Qualitative", "Định tính"),
        (TargetRule(kind: .growthAtLeast, threshold: 2.5, base: .previousYear), "≥ 2.5% over the previous year", "Tăng ≥ 2,5% so với năm trước"),
    ])
    func describesTheRuleInPlainWords(rule: TargetRule, english: String, vietnamese: String) {
        #expect(rule.plainWords(.en) == english)
        #expect(rule.plainWords(.vi) == vietnamese)
    }

    @Test func onlyQualitativeTargetsAreNotMeasurable() {
        #expect(RuleKind.allCases.filter { !$0.isMeasurable } == [.qualitative])
    }

    @Test func kindsWithAPercentageNeedAThreshold() {
        #expect(
            RuleKind.allCases.filter(\.needsThreshold) == [
                .growthAbove, .growthAtLeast, .growthBelow, .growthAtMost, .ratioAbove, .ratioAtLeast, .ratioBelow, .ratioAtMost, .ratioEquals,
                .cumulativeRatioBy, .cumulativeRatioAtLeastBy, .cumulativeRatioBelowBy, .cumulativeRatioAtMostBy, .unitShareAboveBy,
                .unitShareAtLeastBy, .unitShareBelowBy, .unitShareAtMostBy,
            ])
    }
}
