import PCMTDomain
import Testing

/// Totals written by hand: "code@period" → value.
struct FixedTotals: ElementTotals {
    var values: [String: Double]
    var stocks: Set<String> = []

    func total(_ elementCode: String, _ period: Period) -> Double? { values["\(elementCode)@\(period)"] }
    func isStock(_ elementCode: String) -> Bool { stocks.contains(elementCode) }
}

@Suite struct RuleEngineTests {
    let engine = RuleEngine(planStartYear: 2021, baselineYear: 2020)
    let cases = Measure(numerator: ["cases"])
    let ratio = Measure(numerator: ["done"], denominator: ["all"])

    func status(_ rule: TargetRule, _ measure: Measure, _ period: String, _ values: [String: Double], stocks: Set<String> = []) -> TargetStatus {
        engine.evaluate(rule, measure: measure, period: Period(period)!, totals: FixedTotals(values: values, stocks: stocks)).status
    }

    // MARK: growth at least x%

    @Test(arguments: [
        (105.0, TargetStatus.achieved),  // exactly +5%
        (104.0, .notAchieved),  // +4%
        (142.0, .achieved),
        (95.0, .notAchieved),  // a fall
    ])
    func growthAtLeastFivePercent(current: Double, expected: TargetStatus) {
        let rule = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
        #expect(status(rule, cases, "2023", ["cases@2023": current, "cases@2022": 100]) == expected)
    }

    @Test func theExplanationShowsTheFiguresAndTheFormula() {
        let rule = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
        let result = engine.evaluate(rule, measure: cases, period: .year(2023), totals: FixedTotals(values: ["cases@2023": 142, "cases@2022": 131]))
        #expect(result.explanation(.en) == "2023: 142 vs 131 in 2022 = +8.4%, target ≥ +5%: achieved")
        #expect(result.explanation(.vi) == "2023: 142 so với 131 năm 2022 = +8,4%, chỉ tiêu ≥ +5%: đạt")
        #expect(result.value.map { ($0 * 10).rounded() / 10 } == 8.4)
    }

    @Test func growthNeedsThePreviousYear() {
        let rule = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
        let result = engine.evaluate(rule, measure: cases, period: .year(2021), totals: FixedTotals(values: ["cases@2021": 10]))
        #expect(result.status == .noData)
        #expect(result.explanation(.en).contains("no data for 2020"))
        // With the 2020 baseline reported, 2021 can be judged.
        #expect(status(rule, cases, "2021", ["cases@2021": 10, "cases@2020": 9]) == .achieved)
    }

    @Test func growthFromZero() {
        let atLeast = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
        let below = TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear)
        #expect(status(atLeast, cases, "2023", ["cases@2023": 3, "cases@2022": 0]) == .achieved)
        #expect(status(atLeast, cases, "2023", ["cases@2023": 0, "cases@2022": 0]) == .notAchieved)
        #expect(status(below, cases, "2023", ["cases@2023": 0, "cases@2022": 0]) == .achieved)
        #expect(status(below, cases, "2023", ["cases@2023": 2, "cases@2022": 0]) == .notAchieved)
    }

    // MARK: growth under x%

    @Test(arguments: [
        (100.9, TargetStatus.achieved), (101.0, .notAchieved), (98.0, .achieved), (120.0, .notAchieved),
    ])
    func addictsGrowUnderOnePercent(current: Double, expected: TargetStatus) {
        let rule = TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear)
        #expect(
            status(rule, Measure(numerator: ["addicts"]), "2024", ["addicts@2024": current, "addicts@2023": 100], stocks: ["addicts"]) == expected)
    }

    // MARK: increase

    @Test func anIncreaseMustBeStrict() {
        let rule = TargetRule(kind: .increase, base: .previousYear)
        let free = Measure(numerator: ["free"])
        #expect(status(rule, free, "2022", ["free@2022": 51, "free@2021": 50]) == .achieved)
        #expect(status(rule, free, "2022", ["free@2022": 50, "free@2021": 50]) == .notAchieved)
        #expect(status(rule, free, "2022", ["free@2022": 49, "free@2021": 50]) == .notAchieved)
    }

    // MARK: ratios

    @Test(arguments: [
        (81.0, TargetStatus.achieved), (80.0, .notAchieved), (79.9, .notAchieved), (100.0, .achieved),
    ])
    func ratioAboveEightyPercent(done: Double, expected: TargetStatus) {
        let rule = TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator)
        #expect(status(rule, ratio, "2023", ["done@2023": done, "all@2023": 100]) == expected)
    }

    @Test(arguments: [(90.0, TargetStatus.notAchieved), (90.5, .achieved)])
    func ratioAboveNinetyPercent(done: Double, expected: TargetStatus) {
        let rule = TargetRule(kind: .ratioAbove, threshold: 90, base: .denominator)
        #expect(status(rule, ratio, "2023", ["done@2023": done, "all@2023": 100]) == expected)
    }

    @Test func allMeansAll() {
        let rule = TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator)
        #expect(status(rule, ratio, "2023", ["done@2023": 37, "all@2023": 37]) == .achieved)
        #expect(status(rule, ratio, "2023", ["done@2023": 36, "all@2023": 37]) == .notAchieved)
        let result = engine.evaluate(rule, measure: ratio, period: .year(2023), totals: FixedTotals(values: ["done@2023": 36, "all@2023": 37]))
        #expect(result.explanation(.en) == "2023: 36/37 = 97.3%, target 100%: not achieved")
    }

    @Test func aZeroDenominatorHasNothingToMeasure() {
        let rule = TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator)
        let result = engine.evaluate(rule, measure: ratio, period: .year(2023), totals: FixedTotals(values: ["done@2023": 0, "all@2023": 0]))
        #expect(result.status == .noData)
        #expect(result.explanation(.en).contains("denominator is 0"))
        #expect(status(rule, ratio, "2023", ["done@2023": 5]) == .noData, "no denominator reported")
    }

    @Test func missingNumeratorTermsCountAsZeroUnlessAllAreMissing() {
        let rule = TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator)
        let twoParts = Measure(numerator: ["a", "b"], denominator: ["all"])
        #expect(status(rule, twoParts, "2023", ["a@2023": 90, "all@2023": 100]) == .achieved)
        #expect(status(rule, twoParts, "2023", ["all@2023": 100]) == .noData)
    }

    // MARK: cumulative by a deadline

    let hotspots = Measure(numerator: ["eliminated"], denominator: ["existing@baseline", "new"], cumulative: true)
    let byDeadline = TargetRule(kind: .cumulativeRatioBy, threshold: 80, base: .denominator, deadlineYear: 2025)

    func hotspotTotals(eliminated: [Int: Double]) -> FixedTotals {
        var values: [String: Double] = ["existing@2020": 100]
        for year in 2021...2025 { values["new@\(year)"] = 0 }
        for (year, value) in eliminated { values["eliminated@\(year)"] = value }
        return FixedTotals(values: values, stocks: ["existing"])
    }

    @Test func cumulativeEliminationIsJudgedAgainstThePaceUntilTheDeadline() {
        // 2021 is one fifth of the way: the pace is 16%.
        let early = engine.evaluate(byDeadline, measure: hotspots, period: .year(2021), totals: hotspotTotals(eliminated: [2021: 16]))
        #expect(early.status == .onTrack)
        #expect(engine.evaluate(byDeadline, measure: hotspots, period: .year(2021), totals: hotspotTotals(eliminated: [2021: 15])).status == .atRisk)
        let totals = hotspotTotals(eliminated: [2021: 20, 2022: 20, 2023: 20, 2024: 15, 2025: 5])
        let final = engine.evaluate(byDeadline, measure: hotspots, period: .year(2025), totals: totals)
        #expect(final.status == .notAchieved, "exactly 80% is not over 80%")
        #expect(final.current == MeasuredValue(numerator: 80, denominator: 100))
        let met = engine.evaluate(
            byDeadline, measure: hotspots, period: .year(2025),
            totals: hotspotTotals(eliminated: [2021: 20, 2022: 20, 2023: 20, 2024: 15, 2025: 6]))
        #expect(met.status == .achieved)
    }

    @Test func theSecondHalfOfTheDeadlineYearIsTheDeadline() {
        let totals = hotspotTotals(eliminated: [2021: 20, 2022: 20, 2023: 20, 2024: 10, 2025: 5])
        // Through the second half of 2025 is the whole of 2025: 75% of 100 is final, not a mid-year pace.
        let result = engine.evaluate(byDeadline, measure: hotspots, period: .halfYear(2025, half: 2), totals: totals)
        #expect(result.status == .notAchieved)
        #expect(!result.explanation(.en).contains("pace 72"))
    }

    @Test func growthNextToTheThresholdShowsTwoDecimals() {
        let rule = TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear)
        let result = engine.evaluate(rule, measure: cases, period: .year(2024), totals: FixedTotals(values: ["cases@2024": 198, "cases@2023": 196]))
        #expect(result.explanation(.vi) == "2024: 198 so với 196 năm 2023 = +1,02%, chỉ tiêu < +1%: không đạt")
        let half = engine.evaluate(
            TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear), measure: cases, period: .halfYear(2024, half: 2),
            totals: FixedTotals(values: ["cases@2024S2": 20, "cases@2023S2": 18]))
        #expect(half.explanation(.vi).contains("so với 18 của 6 tháng cuối năm 2023"))
    }

    @Test func newHotspotsEnlargeTheDenominator() {
        var totals = hotspotTotals(eliminated: [2021: 50])
        totals.values["new@2021"] = 25
        let result = engine.evaluate(byDeadline, measure: hotspots, period: .year(2021), totals: totals)
        #expect(result.current == MeasuredValue(numerator: 50, denominator: 125))
    }

    // MARK: none new, eradicated

    @Test func noNewAndEradicatedMeanZero() {
        let noNew = TargetRule(kind: .noNew)
        let new = Measure(numerator: ["new"])
        #expect(status(noNew, new, "2022", ["new@2022": 0]) == .achieved)
        #expect(status(noNew, new, "2022", ["new@2022": 1]) == .notAchieved)
        #expect(status(noNew, new, "2022", [:]) == .noData)
        let eradicated = TargetRule(kind: .eradicated)
        let area = Measure(numerator: ["found"])
        #expect(status(eradicated, area, "2022", ["found@2022": 0]) == .achieved)
        #expect(status(eradicated, area, "2022", ["found@2022": 120]) == .notAchieved)
    }

    // MARK: half-years

    @Test func aHalfYearIsOnTrackOrAtRiskNeverFailed() {
        let growth = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
        #expect(status(growth, cases, "2023S1", ["cases@2023S1": 70, "cases@2022S1": 60]) == .onTrack)
        #expect(status(growth, cases, "2023S1", ["cases@2023S1": 50, "cases@2022S1": 60]) == .atRisk)
        let all = TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator)
        #expect(status(all, ratio, "2023S1", ["done@2023S1": 5, "all@2023S1": 10]) == .atRisk)
        #expect(status(TargetRule(kind: .noNew), Measure(numerator: ["new"]), "2023S1", ["new@2023S1": 2]) == .atRisk)
        for kind in RuleKind.allCases {
            let rule = TargetRule(kind: kind, threshold: 5, base: .previousYear, deadlineYear: 2025)
            let values: [String: Double] = ["cases@2023S1": 0, "cases@2022S1": 100, "cases@2022": 100, "done@2023S1": 0, "all@2023S1": 10]
            let measure = kind == .ratioAbove || kind == .ratioEquals || kind == .cumulativeRatioBy ? ratio : cases
            #expect(status(rule, measure, "2023S1", values) != .notAchieved, "\(kind)")
        }
    }

    @Test func aStockAtMidYearIsComparedWithTheLastYearEnd() {
        let rule = TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear)
        let addicts = Measure(numerator: ["addicts"])
        #expect(status(rule, addicts, "2024S1", ["addicts@2024S1": 100, "addicts@2023": 100], stocks: ["addicts"]) == .onTrack)
        #expect(status(rule, addicts, "2024S1", ["addicts@2024S1": 110, "addicts@2023": 100], stocks: ["addicts"]) == .atRisk)
    }

    // MARK: spans

    @Test func aSpanIsAsGoodAsItsWorstYear() {
        let rule = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
        let good: [String: Double] = ["cases@2020": 100, "cases@2021": 106, "cases@2022": 112, "cases@2023": 118]
        #expect(status(rule, cases, "2021-2023", good) == .achieved)
        var bad = good
        bad["cases@2022"] = 107
        let result = engine.evaluate(rule, measure: cases, period: .span(from: 2021, to: 2023), totals: FixedTotals(values: bad))
        #expect(result.status == .notAchieved)
        #expect(result.explanation(.en) == "2021–2023: achieved in 2 of 3 years (2021 ✔, 2022 ✘, 2023 ✔)")
        #expect(status(rule, cases, "2021-2025", [:]) == .noData)
    }

    @Test func qualitativeTargetsAreNotJudgedByNumbers() {
        #expect(status(TargetRule(kind: .qualitative), cases, "2023", ["cases@2023": 1]) == .noData)
        #expect(
            engine.evaluate(TargetRule(kind: .qualitative), measure: nil, period: .year(2023), totals: FixedTotals(values: [:])).status == .noData)
    }

    @Test func numbersAreWrittenTheVietnameseWay() {
        #expect(Format.number(1234567, .vi) == "1.234.567")
        #expect(Format.number(1234567, .en) == "1,234,567")
        #expect(Format.number(8.44, .vi) == "8,4")
        #expect(Format.number(-3.25, .en) == "-3.3" || Format.number(-3.25, .en) == "-3.2")
        #expect(Format.percent(97.297, .en) == "97.3%")
    }
}
