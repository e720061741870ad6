import Foundation
import PCMTDomain
import Testing

/// The comparison of each rule is exactly its words (pcmt issue 16, item 4): "trên" is above, "từ … trở lên" and "ít
/// nhất" at least; a figure exactly at the threshold is met by "at least" and "at most", not by "above" and "below".
@Suite struct RuleComparisonTests {
    let engine = RuleEngine(planStartYear: 2021, baselineYear: 2020)
    let cases = Measure(numerator: ["cases"])
    let ratio = Measure(numerator: ["done"], denominator: ["all"])

    func status(_ rule: TargetRule, _ measure: Measure, _ period: String, _ values: [String: Double]) -> TargetStatus {
        engine.evaluate(rule, measure: measure, period: Period(period)!, totals: FixedTotals(values: values)).status
    }

    // MARK: Comparisons

    @Test(arguments: [
        // value, threshold, above, at least, below, at most
        (50.0, 50.0, false, true, false, true),
        (50.1, 50.0, true, true, false, false),
        (49.9, 50.0, false, false, true, true),
        // Quotients a hair off the threshold are the threshold: 11/20 × 100 and 100 → 129 (+29%).
        (11.0 / 20.0 * 100, 55.0, false, true, false, true),
        (RuleEngine.growth(from: 100, to: 129), 29.0, false, true, false, true),
        (RuleEngine.growth(from: 100, to: 107), 7.0, false, true, false, true),
        // Growth from nothing is above every threshold.
        (Double.infinity, 1000.0, true, true, false, false),
        (Double.nan, 0.0, false, false, false, false),
    ])
    func aComparisonHoldsExactlyAsItsWords(value: Double, threshold: Double, above: Bool, atLeast: Bool, below: Bool, atMost: Bool) {
        #expect(Comparison.above.holds(value, threshold) == above)
        #expect(Comparison.atLeast.holds(value, threshold) == atLeast)
        #expect(Comparison.below.holds(value, threshold) == below)
        #expect(Comparison.atMost.holds(value, threshold) == atMost)
    }

    @Test func everyKindWithAThresholdNamesItsComparisonAndFamily() {
        for kind in RuleKind.allCases {
            #expect(kind.needsThreshold == (kind.comparison != nil), "\(kind)")
            if let comparison = kind.comparison, kind != .ratioEquals {
                #expect(RuleKind(family: kind.family, comparison: comparison) == kind, "\(kind)")
            }
        }
        #expect(RuleKind(family: .ratio, comparison: .atLeast) == .ratioAtLeast)
        #expect(RuleKind(family: .decrease, comparison: .below) == nil)
        // The stored kinds of the 2021–2025 plan keep their meaning.
        #expect(RuleKind.growthAtLeast.comparison == .atLeast)
        #expect(RuleKind.growthBelow.comparison == .below)
        #expect(RuleKind.ratioAbove.comparison == .above)
        #expect(RuleKind.ratioEquals.comparison == .atLeast)
        #expect(RuleKind.cumulativeRatioBy.comparison == .above)
        #expect(RuleKind.allCases.filter(\.needsDeadline).map(\.family).allSatisfy { $0 == .cumulativeRatio || $0 == .unitShare })
    }

    // MARK: Growth over the previous year

    @Test(arguments: [
        // kind, threshold, previous, current, status of the year
        (RuleKind.growthAbove, 3.0, 100.0, 103.0, TargetStatus.notAchieved),  // exactly +3% is not "trên 3%"
        (.growthAbove, 3, 100, 104, .achieved),
        (.growthAtLeast, 3, 100, 103, .achieved),  // exactly +3% is "từ 3% trở lên"
        (.growthAtLeast, 3, 100, 102, .notAchieved),
        (.growthAbove, 7, 100, 107, .notAchieved),  // 7.000000000000001 by division
        (.growthAtLeast, 29, 100, 129, .achieved),  // 28.999999999999996 by division
        (.growthBelow, 1, 100, 101, .notAchieved),
        (.growthBelow, 1, 200, 201, .achieved),
        (.growthAtMost, 1, 100, 101, .achieved),
        (.growthAtMost, 1, 100, 102, .notAchieved),
        (.growthAbove, 5, 0, 3, .achieved),  // from nothing to something
        (.growthAtMost, 5, 0, 3, .notAchieved),
    ])
    func growthIsJudgedWithTheExactComparison(kind: RuleKind, threshold: Double, previous: Double, current: Double, expected: TargetStatus) {
        let rule = TargetRule(kind: kind, threshold: threshold, base: .previousYear)
        #expect(status(rule, cases, "2023", ["cases@2023": current, "cases@2022": previous]) == expected)
    }

    @Test func aHalfYearOfGrowthIsOnTrackOrAtRiskAndTheExplanationShowsTheSign() {
        let above = TargetRule(kind: .growthAbove, threshold: 3, base: .previousYear)
        #expect(status(above, cases, "2023S1", ["cases@2023S1": 104, "cases@2022S1": 100]) == .onTrack)
        #expect(status(above, cases, "2023S1", ["cases@2023S1": 103, "cases@2022S1": 100]) == .atRisk)
        let result = engine.evaluate(above, measure: cases, period: .year(2023), totals: FixedTotals(values: ["cases@2023": 103, "cases@2022": 100]))
        #expect(result.explanation(.vi) == "2023: 103 so với 100 năm 2022 = +3%, chỉ tiêu > +3%: không đạt")
        #expect(result.explanation(.en) == "2023: 103 vs 100 in 2022 = +3%, target > +3%: not achieved")
    }

    // MARK: Ratios

    @Test(arguments: [
        (RuleKind.ratioAbove, 50.0, 20.0, 40.0, TargetStatus.notAchieved),  // exactly 50% is not "trên 50%"
        (.ratioAtLeast, 50, 20, 40, .achieved),  // exactly 50% is "ít nhất 50%"
        (.ratioAtLeast, 50, 19, 40, .notAchieved),
        (.ratioBelow, 10, 4, 40, .notAchieved),
        (.ratioBelow, 10, 3, 40, .achieved),
        (.ratioAtMost, 10, 4, 40, .achieved),
        (.ratioAtMost, 55, 11, 20, .achieved),  // 55.00000000000001 by division
        (.ratioAbove, 55, 11, 20, .notAchieved),
        // "100% of hotspots found and eliminated": at least 100%.
        (.ratioAtLeast, 100, 7, 7, .achieved),
        (.ratioAtLeast, 100, 6, 7, .notAchieved),
        (.ratioEquals, 100, 7, 7, .achieved),
    ])
    func aRatioIsJudgedWithTheExactComparison(kind: RuleKind, threshold: Double, part: Double, whole: Double, expected: TargetStatus) {
        let rule = TargetRule(kind: kind, threshold: threshold, base: .denominator)
        #expect(status(rule, ratio, "2023", ["done@2023": part, "all@2023": whole]) == expected)
    }

    @Test func aCumulativeRatioAtTheThresholdIsMetByAtLeastOnly() {
        let hotspots = Measure(numerator: ["eliminated"], denominator: ["existing@baseline", "new"], cumulative: true)
        var values: [String: Double] = ["existing@2020": 100]
        for (year, value) in [2021: 20.0, 2022: 20, 2023: 20, 2024: 15, 2025: 5] {
            values["eliminated@\(year)"] = value
            values["new@\(year)"] = 0
        }
        let totals = FixedTotals(values: values, stocks: ["existing"])
        let above = TargetRule(kind: .cumulativeRatioBy, threshold: 80, base: .denominator, deadlineYear: 2025)
        let atLeast = TargetRule(kind: .cumulativeRatioAtLeastBy, threshold: 80, base: .denominator, deadlineYear: 2025)
        #expect(engine.evaluate(above, measure: hotspots, period: .year(2025), totals: totals).status == .notAchieved)
        let met = engine.evaluate(atLeast, measure: hotspots, period: .year(2025), totals: totals)
        #expect(met.status == .achieved)
        #expect(met.explanation(.vi).contains("chỉ tiêu ≥ 80% đến năm 2025"))
        // A cumulative ratio that must stay low is on track while it does, achieved at the deadline.
        let atMost = TargetRule(kind: .cumulativeRatioAtMostBy, threshold: 30, base: .denominator, deadlineYear: 2025)
        #expect(engine.evaluate(atMost, measure: hotspots, period: .year(2021), totals: totals).status == .onTrack)
        #expect(engine.evaluate(atMost, measure: hotspots, period: .year(2022), totals: totals).status == .atRisk)
        #expect(engine.evaluate(atMost, measure: hotspots, period: .year(2025), totals: totals).status == .notAchieved)
    }

    // MARK: Decrease every year

    @Test(arguments: [
        // the year, the year before, status
        (Double?.some(90), Double?.some(100), TargetStatus.achieved),
        (100, 100, .notAchieved),  // the same is not lower
        (0, 0, .notAchieved),
        (110, 100, .notAchieved),
        (nil, 100, .noData),  // no figure for the year
        (90, nil, .noData),  // nothing to compare with
    ])
    func aYearDecreasesWhenItIsLowerThanTheYearBefore(current: Double?, previous: Double?, expected: TargetStatus) {
        let rule = TargetRule(kind: .decreaseEveryYear, base: .previousYear)
        var values: [String: Double] = [:]
        values["cases@2023"] = current
        values["cases@2022"] = previous
        #expect(status(rule, cases, "2023", values) == expected)
    }

    @Test(arguments: [
        // figures 2020 (baseline) to 2023, the span's status
        ([100.0, 90, 80, 70] as [Double?], TargetStatus.achieved),
        ([100, 90, 95, 70], .notAchieved),
        ([100, 90, nil, 70], .incomplete),  // 2022 has no figure: neither 2022 nor 2023 can be compared
        ([100, 100, nil, 70], .notAchieved),  // a year that did not decrease outweighs a year without figures
        ([nil, nil, nil, nil], .noData),
    ])
    func aSpanDecreasesOnlyWhenEveryYearIsLower(figures: [Double?], expected: TargetStatus) {
        let rule = TargetRule(kind: .decreaseEveryYear, base: .previousYear)
        var values: [String: Double] = [:]
        for (offset, figure) in figures.enumerated() { values["cases@\(2020 + offset)"] = figure }
        let result = engine.evaluate(rule, measure: cases, period: .span(from: 2021, to: 2023), totals: FixedTotals(values: values))
        #expect(result.status == expected, "\(result.explanationVi)")
        if expected == .incomplete {
            #expect(result.explanationVi.contains("năm 2022, 2023 chưa so sánh được với năm trước"))
        }
    }

    // MARK: Share of units reaching a status by a year

    let plan2030 = RuleEngine(planStartYear: 2026, baselineYear: 2025)
    let drugFree = Measure.unitShare(element: "drug_free", level: .commune)

    func share(_ rule: TargetRule, _ period: Period, yes: Double, of units: Double, baseline: Double? = 10) -> TargetEvaluation {
        var values: [String: Double] = ["drug_free@\(period)": yes, "count:commune@\(period)": units, "count:commune@2025": units]
        values["drug_free@2025"] = baseline
        return plan2030.evaluate(rule, measure: drugFree, period: period, totals: FixedTotals(values: values, stocks: ["drug_free"]))
    }

    @Test(arguments: [
        // kind, year, communes that are yes (of 40), status
        (RuleKind.unitShareAtLeastBy, 2030, 20.0, TargetStatus.achieved),  // exactly 50% is "ít nhất 50%"
        (.unitShareAboveBy, 2030, 20, .notAchieved),  // and not "trên 50%"
        (.unitShareAtLeastBy, 2030, 19, .notAchieved),
        (.unitShareAtLeastBy, 2027, 21, .achieved),  // reached before the deadline
        // Baseline 2025: 10 of 40 = 25%; 2027 is two fifths of the way to 50%: the pace is 35% (14 communes).
        (.unitShareAtLeastBy, 2027, 14, .onTrack),
        (.unitShareAtLeastBy, 2027, 13, .atRisk),
    ])
    func aShareOfUnitsIsJudgedByItsDeadline(kind: RuleKind, year: Int, yes: Double, expected: TargetStatus) {
        let rule = TargetRule(kind: kind, threshold: 50, base: .denominator, deadlineYear: 2030)
        #expect(share(rule, .year(year), yes: yes, of: 40).status == expected)
    }

    @Test func aShareOfUnitsSaysWhichUnitsAndHowTheShareIsMade() {
        let rule = TargetRule(kind: .unitShareAtLeastBy, threshold: 50, base: .denominator, deadlineYear: 2030)
        let result = share(rule, .year(2027), yes: 14, of: 40)
        #expect(result.value == 35)
        #expect(result.current == MeasuredValue(numerator: 14, denominator: 40))
        #expect(result.explanationVi == "2027: 14/40 xã = 35%, chỉ tiêu ≥ 50% đến năm 2030 (tiến độ 35%): đúng tiến độ")
        #expect(result.explanationEn == "2027: 14/40 communes = 35%, target ≥ 50% by 2030 (pace 35%): on track")
        // Without a baseline figure the pace starts from 0%, and says so.
        let noBaseline = share(rule, .year(2027), yes: 8, of: 40, baseline: nil)
        #expect(noBaseline.status == .onTrack, "20% against a pace of 20%")
        #expect(noBaseline.explanationVi.contains("tính từ 0% vì năm 2025 chưa có số liệu"))
        // A review of the whole plan is judged at its last year.
        #expect(share(rule, .year(2030), yes: 20, of: 40).status == .achieved)
        let span = plan2030.evaluate(
            rule, measure: drugFree, period: .span(from: 2026, to: 2030),
            totals: FixedTotals(values: ["drug_free@2030": 19, "count:commune@2030": 40], stocks: ["drug_free"]))
        #expect(span.status == .notAchieved)
        #expect(rule.plainWords(.vi, measure: drugFree) == "Ít nhất 50% số xã đến năm 2030")
        #expect(rule.plainWords(.en, measure: drugFree) == "At least 50% of communes by 2030")
    }

    /// The pace (tiến độ) runs from the baseline's own share to the goal; a baseline already at or past the goal
    /// (a commune drug-free in 2025 is 100% of itself) has no way to go, and its pace is the goal, not a line from
    /// 100% down to 50%.
    @Test(arguments: [
        // kind, threshold, baseline yes (of 40), 2027 yes, pace in the words, status
        (RuleKind.unitShareAtLeastBy, 50.0, 10.0, 14.0, "tiến độ 35%", TargetStatus.onTrack),  // 25% → 50%: two fifths
        (.unitShareAtLeastBy, 50, 40, 19, "tiến độ 50%", .atRisk),  // 100% at the baseline: the goal itself
        (.unitShareAtLeastBy, 50, 20, 19, "tiến độ 50%", .atRisk),  // exactly the goal
        (.unitShareAtMostBy, 10, 8, 6, "tiến độ 16%", .onTrack),  // 20% → 10%
        (.unitShareAtMostBy, 10, 0, 5, "tiến độ 10%", .atRisk),  // 0% at the baseline: the goal, not a rise from 0%
    ])
    func thePaceStartsFromTheBaselinesShareUpToTheGoal(
        kind: RuleKind, threshold: Double, baseline: Double, yes: Double, pace: String, status: TargetStatus
    ) {
        let rule = TargetRule(kind: kind, threshold: threshold, base: .denominator, deadlineYear: 2030)
        let result = share(rule, .year(2027), yes: yes, of: 40, baseline: baseline)
        #expect(result.explanationVi.contains("(\(pace))"), "\(result.explanationVi)")
        #expect(result.status == status, "\(result.explanationVi)")
    }

    @Test func aShareThatMustStayLowIsOnTrackUntilTheDeadline() {
        let rule = TargetRule(kind: .unitShareAtMostBy, threshold: 10, base: .denominator, deadlineYear: 2030)
        #expect(share(rule, .year(2027), yes: 3, of: 40, baseline: 8).status == .onTrack, "7.5%: low so far")
        #expect(share(rule, .year(2030), yes: 4, of: 40, baseline: 8).status == .achieved, "exactly 10% is at most 10%")
        #expect(share(rule, .year(2030), yes: 5, of: 40, baseline: 8).status == .notAchieved)
        // 20% at the baseline, 2027 two fifths of the way down to 10%: the pace is 16%.
        #expect(share(rule, .year(2027), yes: 6, of: 40, baseline: 8).status == .onTrack, "15% is under the pace")
        #expect(share(rule, .year(2027), yes: 7, of: 40, baseline: 8).status == .atRisk, "17.5% is over it")
    }

    @Test func aShareMeasureIsOneElementOverACountOfUnits() {
        #expect(drugFree == Measure(numerator: ["drug_free"], denominator: ["count:commune"]))
        #expect(drugFree.unitShare?.element == "drug_free" && drugFree.unitShare?.level == .commune)
        #expect(Measure(numerator: ["a", "b"], denominator: ["count:commune"]).unitShare == nil)
        #expect(Measure(numerator: ["a"], denominator: ["b"]).unitShare == nil)
        #expect(Measure(numerator: ["a"], denominator: ["count:ward"]).unitShare == nil)
    }

    // MARK: Words

    @Test(arguments: [
        (
            TargetRule(kind: .growthAbove, threshold: 3, base: .previousYear), "Tăng trên 3% so với năm trước",
            "Up more than 3% over the previous year"
        ),
        (TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear), "Tăng ≥ 5% so với năm trước", "≥ 5% over the previous year"),
        (
            TargetRule(kind: .growthAtMost, threshold: 1, base: .previousYear), "Tăng không quá 1% so với năm trước",
            "Growth at most 1% over the previous year"
        ),
        (TargetRule(kind: .ratioAtLeast, threshold: 100, base: .denominator), "Ít nhất 100%", "At least 100%"),
        (TargetRule(kind: .ratioBelow, threshold: 10, base: .denominator), "Dưới 10%", "Below 10%"),
        (TargetRule(kind: .ratioAtMost, threshold: 10, base: .denominator), "Không quá 10%", "At most 10%"),
        (TargetRule(kind: .ratioEquals, threshold: 90, base: .denominator), "Ít nhất 90%", "At least 90%"),
        (
            TargetRule(kind: .cumulativeRatioAtLeastBy, threshold: 80, base: .denominator, deadlineYear: 2030),
            "Ít nhất 80% cộng dồn đến năm 2030", "At least 80% cumulative by 2030"
        ),
        (
            TargetRule(kind: .unitShareAtLeastBy, threshold: 50, base: .denominator, deadlineYear: 2030), "Ít nhất 50% số đơn vị đến năm 2030",
            "At least 50% of units by 2030"
        ),
        (
            TargetRule(kind: .decreaseEveryYear, base: .previousYear), "Giảm hằng năm (năm sau thấp hơn năm trước)",
            "Decrease every year (each year lower than the year before)"
        ),
    ])
    func theWordsStateTheComparison(rule: TargetRule, vietnamese: String, english: String) {
        #expect(rule.plainWords(.vi) == vietnamese)
        #expect(rule.plainWords(.en) == english)
    }

    // MARK: Stored rules

    @Test func theStoredRulesOfThe3959PlanDecodeUnchanged() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PCMTSeedData/Resources/plans/kontum-3959.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let groups = try #require(json["targetGroups"] as? [[String: Any]])
        var rules: [String: TargetRule] = [:]
        for target in groups.flatMap({ ($0["targets"] as? [[String: Any]]) ?? [] }) {
            let data = try JSONSerialization.data(withJSONObject: try #require(target["rule"]))
            rules[try #require(target["code"] as? String)] = try JSONDecoder().decode(TargetRule.self, from: data)
        }
        #expect(rules.count == 16)
        #expect(rules["T02"] == TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear))
        #expect(rules["T03"] == TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator))
        #expect(rules["T04"] == TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear))
        #expect(rules["T06"] == TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator))
        #expect(rules["T09"] == TargetRule(kind: .cumulativeRatioBy, threshold: 80, base: .denominator, deadlineYear: 2025))
        #expect(rules["T04"]?.comparison == .atLeast && rules["T03"]?.comparison == .above && rules["T02"]?.comparison == .below)
        #expect(rules["T06"]?.plainWords(.vi) == "100%" && rules["T09"]?.plainWords(.vi) == "> 80% cộng dồn đến năm 2025")
    }

    @Test func aRuleIsStoredWithTheSameKeysAsBefore() throws {
        let old = #"{"kind":"ratioAbove","threshold":90,"base":"denominator","deadlineYear":null}"#
        let rule = try JSONDecoder().decode(TargetRule.self, from: Data(old.utf8))
        #expect(rule == TargetRule(kind: .ratioAbove, threshold: 90, base: .denominator))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let new = TargetRule(kind: .unitShareAtLeastBy, threshold: 50, base: .denominator, deadlineYear: 2030)
        #expect(
            String(decoding: try encoder.encode(new), as: UTF8.self)
                == #"{"base":"denominator","deadlineYear":2030,"kind":"unitShareAtLeastBy","threshold":50}"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TargetRule.self, from: Data(#"{"kind":"ratioAround","base":"none"}"#.utf8)) }
    }

    // MARK: Checks of the rule fields

    static let elements = [
        DataElement(
            code: "drug_free", name: "Xã không ma túy", measure: "xã", aggregation: .stock, valueType: .yesNo, collectedAt: .init(level: .commune)),
        DataElement(code: "cases", name: "Số vụ", measure: "vụ", aggregation: .flow, collectedAt: .init(level: .district)),
    ]

    @Test(arguments: [
        // kind, threshold, deadline, numerator, denominator, the fields named
        ("unitShareAtLeastBy", "50", "2030", "drug_free", "count:commune", [String]()),
        ("unitShareAtLeastBy", "50", "", "drug_free", "count:commune", ["deadlineYear"]),
        ("unitShareAtLeastBy", "", "2030", "drug_free", "count:commune", ["threshold"]),
        ("unitShareAtLeastBy", "50", "2030", "", "count:commune", ["numerator"]),
        ("unitShareAtLeastBy", "50", "2030", "drug_free", "", ["denominator"]),
        ("unitShareAtLeastBy", "50", "2030", "cases", "count:commune", ["numerator"]),
        ("unitShareAtLeastBy", "50", "2030", "drug_free", "count:ward", ["denominator"]),
        ("growthAbove", "", "", "cases", "", ["threshold"]),
        ("growthAbove", "3", "", "cases", "", []),
        ("ratioAtLeast", "150", "", "a", "b", ["threshold"]),
        ("cumulativeRatioAtLeastBy", "80", "", "a", "b", ["deadlineYear"]),
        ("decreaseEveryYear", "", "", "cases", "", []),
        ("ratioAround", "50", "", "a", "b", ["ruleKind"]),
    ])
    func invalidRulesNameTheField(kind: String, threshold: String, deadline: String, numerator: String, denominator: String, fields: [String]) {
        let problems = TargetRuleValidation.problems(
            kindText: kind, thresholdText: threshold, deadlineText: deadline,
            numerator: PlanRecordValidation.codeList(numerator), denominator: PlanRecordValidation.codeList(denominator), elements: Self.elements)
        #expect(problems.map(\.field) == fields, "\(problems.map(\.messageVi))")
        #expect(problems.allSatisfy { !$0.messageVi.isEmpty && $0.messageVi != $0.messageEn })
    }

    @Test func aShareWithoutItsDeadlineOrLevelSaysSoInVietnamese() {
        let problems = TargetRuleValidation.problems(
            kindText: "unitShareAtLeastBy", thresholdText: "50", deadlineText: "", numerator: [], denominator: [], elements: nil)
        #expect(problems.map(\.messageVi).contains("Chỉ tiêu tỷ lệ đơn vị đạt cần có năm đích (đến năm nào)."))
        #expect(
            problems.contains { $0.field == "numerator" && $0.messageVi.hasPrefix("Tử số: chỉ tiêu tỷ lệ đơn vị đạt cần đúng một chỉ số có/không") })
        #expect(problems.contains { $0.field == "denominator" && $0.messageVi.contains("count:commune") })
    }
}
