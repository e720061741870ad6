import PCMTDomain
import Testing

/// A unit's year with the halves it did not exist in taken from the units that covered its territory (issue 16,
/// item 2). Expected figures are worked out by hand.
@Suite struct ComparableSeriesTests {
    typealias Y = ComparableSeries.YearFigures

    @Test(arguments: [
        // A new unit in 2024 (did not exist): the cover's year, made from its halves (flow 3 + 4).
        (Y(), Y(s1: 3, s2: 4), Set<Int>(), DataElement.Aggregation.flow, Y(year: 7, s1: 3, s2: 4), Set(["2024", "2024S1", "2024S2"])),
        // The cover reported the whole year: that figure stands.
        (Y(), Y(year: 10), Set<Int>(), .flow, Y(year: 10), Set(["2024"])),
        // A stock's year is its second half.
        (Y(), Y(s1: 30, s2: 28), Set<Int>(), .stock, Y(year: 28, s1: 30, s2: 28), Set(["2024", "2024S1", "2024S2"])),
        // Began on 01/07: the first half is the cover's, the second its own; the year is both (flow).
        (Y(s2: 5), Y(s1: 3, s2: 99), Set([2]), .flow, Y(year: 8, s1: 3, s2: 5), Set(["2024S1", "2024"])),
        // A whole-year figure of a unit that existed only in the second half stands for that half.
        (Y(year: 5), Y(s1: 3), Set([2]), .flow, Y(year: 8, s1: 3, s2: 5), Set(["2024S1", "2024"])),
        // Ended on 30/06: the second half is its successors'.
        (Y(s1: 6), Y(s2: 4), Set([1]), .flow, Y(year: 10, s1: 6, s2: 4), Set(["2024S2", "2024"])),
        // A flag: yes if either half is.
        (Y(s1: 0), Y(s2: 1), Set([1]), .flag, Y(year: 1, s1: 0, s2: 1), Set(["2024S2", "2024"])),
        // An area's count of units flagged yes across the reform is that of the units of the year's end, as the count
        // of units it is divided by: 38 of the new communes, not the 100 old ones of the first half.
        (Y(s1: 100), Y(s2: 38), Set([1]), .flag, Y(year: 38, s1: 100, s2: 38), Set(["2024S2", "2024"])),
        (Y(s2: 90), Y(s1: 250), Set([2]), .flag, Y(year: 90, s1: 250, s2: 90), Set(["2024S1", "2024"])),
        // … and with nobody for the second half, the first half's, unmarked, as a stock's.
        (Y(s1: 7), Y(), Set([1]), .flag, Y(year: 7, s1: 7), Set<String>()),
        // Ended on 30/06 with nothing standing for the second half: a stock's year is its last value, not marked.
        (Y(s1: 12), Y(), Set([1]), .stock, Y(year: 12, s1: 12), Set<String>()),
        // … but a successor's second half, when there is one, is the year's stock.
        (Y(s1: 12), Y(s2: 10), Set([1]), .stock, Y(year: 10, s1: 12, s2: 10), Set(["2024S2", "2024"])),
        // Nothing to take from the cover: the unit's own half only, nothing marked.
        (Y(s2: 5), Y(), Set([2]), .flow, Y(year: 5, s2: 5), Set<String>()),
        // A unit that existed all year is left as it is.
        (Y(year: 9, s1: 4), Y(s1: 100), Set([1, 2]), .flow, Y(year: 9, s1: 4), Set<String>()),
    ])
    func aYearTakesTheHalvesTheUnitDidNotExistInFromItsCover(
        own: Y, cover: Y, halves: Set<Int>, aggregation: DataElement.Aggregation, expected: Y, rebased: Set<String>
    ) {
        let merged = ComparableSeries.merged(own: own, cover: cover, ownHalves: halves, year: 2024, aggregation: aggregation)
        #expect(merged.figures == expected)
        #expect(merged.rebased == rebased)
    }

    @Test func figuresOfSeveralUnitsAreAddedFieldByField() {
        #expect(Y.sum([Y(s1: 1), Y(s1: 2, s2: 5), Y()]) == Y(s1: 3, s2: 5))
        #expect(Y.sum([]) == Y())
    }

    /// A figure is marked "(tính lại)" only when it was itself made from other units' data, not because the period
    /// it is compared with was (2026 against a re-based 2025 is 2026's own figure).
    @Test(arguments: [
        // marked periods, period, cumulative, figure re-based?
        (Set(["2025", "2025S1"]), "2026", false, false),  // the growth of 2026 compares with 2025: not 2026's figure
        (Set(["2025", "2025S1"]), "2025", false, true),
        (Set(["2025", "2025S1"]), "2025S1", false, true),
        (Set(["2025", "2025S1"]), "2025S2", false, false),  // the unit's own second half
        (Set(["2024S2"]), "2025S2", false, false),  // the same half a year before is a comparison
        (Set(["2027"]), "2026-2028", false, true),  // a span is read in each of its years
        (Set(["2026"]), "2027", true, true),  // a cumulative figure from the plan's first year through the period
        (Set(["2025"]), "2026", true, false),  // … which does not reach back to the baseline
    ])
    func aFigureIsMarkedOnlyWhenItWasItselfReBased(marked: Set<String>, period: String, cumulative: Bool, expected: Bool) throws {
        let measure = Measure(numerator: ["drug_cases_detected"], cumulative: cumulative)
        let result = ComparableSeries.isRebased(
            measure, period: try #require(Period(period)), planStartYear: 2026, baselineYear: 2025,
            rebased: ["drug_cases_detected": marked])
        #expect(result == expected)
    }

    @Test func aFigureReadAtTheBaselineMakesACumulativeRatioReBased() {
        // Hotspots eliminated since 2026 over those of the re-based 2025: the ratio of 2026 rests on a re-based term.
        let measure = Measure(numerator: ["hotspots_eliminated"], denominator: ["hotspots_existing@baseline"], cumulative: true)
        #expect(
            ComparableSeries.isRebased(
                measure, period: .year(2026), planStartYear: 2026, baselineYear: 2025, rebased: ["hotspots_existing": ["2025"]]))
        #expect(
            !ComparableSeries.isRebased(
                measure, period: .year(2026), planStartYear: 2026, baselineYear: 2025, rebased: ["hotspots_eliminated": ["2025"]]))
    }

    static let growth = TargetRule(kind: .growthAbove, threshold: 3, base: .previousYear)
    static let none = TargetRule(kind: .noNew, threshold: nil, base: .none)
    static let share = TargetRule(kind: .unitShareAtLeastBy, threshold: 50, base: .denominator, deadlineYear: 2030)

    /// Only what a rule compares with is named: the year before for a growth, the baseline for a share's pace.
    @Test(arguments: [
        (growth, "2025", "2026", ["2025"]),  // growth of 2026 compares with the re-based 2025
        (growth, "2024", "2026", [String]()),
        (growth, "2025S1", "2025", [String]()),  // the period's own figure is not a comparison
        (growth, "2024S2", "2025S2", ["2024S2"]),  // the same half a year before
        (growth, "2025S1", "2025S2", [String]()),  // the half before is not what a growth compares with
        (growth, "2025", "2026-2028", ["2025"]),  // a span from the year before its first
        (none, "2025", "2026", [String]()),  // "none new" compares with nothing
        (share, "2025", "2027", ["2025"]),  // a share's pace starts from the baseline
    ])
    func theComparisonsThatWereReBasedAreNamed(rule: TargetRule, marked: String, period: String, expected: [String]) throws {
        let measure = Measure(numerator: ["drug_cases_detected"])
        let result = ComparableSeries.rebasedComparisons(
            rule, measure: measure, period: try #require(Period(period)), baselineYear: 2025,
            rebased: ["drug_cases_detected": [marked]])
        #expect(result.map(\.description) == expected)
    }

    @Test func theHalvesAUnitExistedIn() {
        let new = OrgUnit(code: "23425", name: "Xã Tu Mơ Rông", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01")
        let old = OrgUnit(code: "23425", name: "Xã Đắk Hà", level: .commune, typeName: "Xã", parentCode: "617", validTo: "2025-06-30")
        #expect(ComparableSeries.halves(of: new, in: 2025) == [2])
        #expect(ComparableSeries.halves(of: new, in: 2024) == [])
        #expect(ComparableSeries.halves(of: old, in: 2025) == [1])
        #expect(ComparableSeries.halves(of: old, in: 2024) == [1, 2])
    }
}
