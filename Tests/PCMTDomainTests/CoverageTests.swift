import PCMTDomain
import Testing

/// What a unit's numbers cover (`CoverageRule`), when two sides compare like with like (`SideCoverage.comparable`),
/// how coverage is written, and the verdicts of the rule engine on incomplete and inconsistent data.
@Suite struct CoverageTests {
    let open = ReportingUnit(code: "23281", name: "Phường Quyết Thắng", level: .commune)
    let ceased = ReportingUnit(code: "23284", name: "Phường Thắng Lợi", level: .commune, validTo: "2025-06-30")
    let begun = ReportingUnit(code: "23999", name: "Xã Mới Lập", level: .commune, validFrom: "2024-07-01")

    // MARK: the rule of one unit's share

    struct ShareCase: Sendable, CustomTestStringConvertible {
        var name: String
        var period: String
        var stock: Bool
        var unit: Int  // 0 open, 1 ceased 30/06/2025, 2 begun 01/07/2024
        var has: ReportedHalves?
        /// nil: the unit is not expected.
        var expected: [String]?
        var reported: [String]
        var contributes: Bool
        var missing: [String]
        var testDescription: String { name }
    }

    static let shareCases: [ShareCase] = [
        .init(
            name: "a flow's year from both halves", period: "2024", stock: false, unit: 0, has: .init(first: true, second: true),
            expected: ["2024S1", "2024S2"], reported: ["2024S1", "2024S2"], contributes: true, missing: []),
        .init(
            name: "a flow's year reported whole", period: "2024", stock: false, unit: 0, has: .init(year: true),
            expected: ["2024S1", "2024S2"], reported: ["2024S1", "2024S2"], contributes: true, missing: []),
        .init(
            name: "a flow's year with its first half only", period: "2024", stock: false, unit: 0, has: .init(first: true),
            expected: ["2024S1", "2024S2"], reported: ["2024S1"], contributes: true, missing: ["2024S2"]),
        .init(
            name: "nothing at all", period: "2024", stock: false, unit: 0, has: nil,
            expected: ["2024S1", "2024S2"], reported: [], contributes: false, missing: ["2024"]),
        .init(
            name: "a stock's year is its year-end value", period: "2024", stock: true, unit: 0, has: .init(second: true),
            expected: ["2024S2"], reported: ["2024S2"], contributes: true, missing: []),
        .init(
            name: "a stock at mid-year says nothing of the year's end", period: "2024", stock: true, unit: 0, has: .init(first: true),
            expected: ["2024S2"], reported: [], contributes: false, missing: ["2024"]),
        .init(
            name: "a half-year reads half-year values only", period: "2024S1", stock: false, unit: 0, has: .init(year: true),
            expected: ["2024S1"], reported: [], contributes: false, missing: ["2024S1"]),
        .init(
            name: "a unit that ceased on 30/06/2025 is expected for the first half", period: "2025", stock: false, unit: 1,
            has: .init(first: true), expected: ["2025S1"], reported: ["2025S1"], contributes: true, missing: []),
        .init(
            name: "and not after it ceased", period: "2025S2", stock: false, unit: 1, has: .init(second: true),
            expected: nil, reported: [], contributes: false, missing: []),
        .init(
            name: "nor for a stock at the end of a year it did not finish", period: "2025", stock: true, unit: 1, has: .init(first: true),
            expected: nil, reported: [], contributes: false, missing: []),
        .init(
            name: "a unit begun on 01/07/2024 is expected for the second half", period: "2024", stock: false, unit: 2,
            has: .init(second: true), expected: ["2024S2"], reported: ["2024S2"], contributes: true, missing: []),
        .init(
            name: "and not in the year before", period: "2023", stock: false, unit: 2, has: nil,
            expected: nil, reported: [], contributes: false, missing: []),
    ]

    @Test(arguments: shareCases)
    func aUnitsShare(_ row: ShareCase) {
        let unit = [open, ceased, begun][row.unit]
        let share = CoverageRule.share(of: unit, period: Period(row.period)!, stock: row.stock, reported: row.has)
        func slots(_ periods: [String]) -> Set<Int> { Set(periods.flatMap { HalfYearSlot.slots(of: Period($0)!) }) }
        guard let expected = row.expected else {
            #expect(share == nil)
            return
        }
        #expect(share?.expected == slots(expected))
        #expect(share?.reported == slots(row.reported))
        #expect(share?.contributes == row.contributes)
        #expect(share?.missing.map(\.description) == row.missing)
    }

    @Test func halfYearSlots() {
        #expect(HalfYearSlot.slot(2024, half: 1) == 4048)
        #expect(HalfYearSlot.slots(of: .year(2024)) == [4048, 4049])
        #expect(HalfYearSlot.period(4049) == .halfYear(2024, half: 2))
        #expect(HalfYearSlot.slots(of: .span(from: 2021, to: 2022)) == [4042, 4043, 4044, 4045])
        #expect(CoverageRule.structuralShare(of: ceased, period: .year(2025))?.reported == [4050])
    }

    // MARK: two sides

    /// One side: units → "full", "s1", "s2", "none" (flows of a year).
    func side(_ year: Int, _ shares: [(ReportingUnit, String)]) -> SideCoverage {
        let period = Period.year(year)
        let list = shares.compactMap { unit, has -> UnitShare? in
            let halves: ReportedHalves? =
                switch has {
                case "full": .init(first: true, second: true)
                case "s1": .init(first: true)
                case "s2": .init(second: true)
                default: nil
                }
            return CoverageRule.share(of: unit, period: period, stock: false, reported: halves)
        }
        return SideCoverage.combining(period: period, components: [(CoverageRule.slots(period, stock: false), list)])
    }

    @Test func growthSides() {
        let a = Districts.all[0], b = Districts.all[1]
        // Everything on both sides.
        #expect(SideCoverage.comparable(side(2024, [(a, "full"), (b, "full")]), side(2023, [(a, "full"), (b, "full")]), aligned: true))
        // C7: one district missing from this year only.
        #expect(!SideCoverage.comparable(side(2024, [(a, "none"), (b, "full")]), side(2023, [(a, "full"), (b, "full")]), aligned: true))
        // The same district missing from both: like with like (on the other one).
        #expect(SideCoverage.comparable(side(2024, [(a, "none"), (b, "full")]), side(2023, [(a, "none"), (b, "full")]), aligned: true))
        // The same half-year of each year.
        #expect(SideCoverage.comparable(side(2024, [(a, "s1"), (b, "full")]), side(2023, [(a, "s1"), (b, "full")]), aligned: true))
        // Different months.
        #expect(!SideCoverage.comparable(side(2024, [(a, "s1"), (b, "full")]), side(2023, [(a, "s2"), (b, "full")]), aligned: true))
        #expect(!SideCoverage.comparable(side(2024, [(a, "s1"), (b, "full")]), side(2023, [(a, "full"), (b, "full")]), aligned: true))
        // Units that ceased on 30/06/2025: the whole of what they were asked for, but half a year against a whole one.
        #expect(!SideCoverage.comparable(side(2025, [(a, "full"), (b, "full")]), side(2024, [(a, "full"), (b, "full")]), aligned: true))
        // A unit replaced by another in the middle of 2024: the area is covered throughout, both sides complete.
        #expect(SideCoverage.comparable(side(2024, [(ceasedIn2024, "s1"), (begun, "s2")]), side(2023, [(ceasedIn2024, "full")]), aligned: true))
    }

    let ceasedIn2024 = ReportingUnit(code: "23000", name: "Xã Cũ", level: .commune, validTo: "2024-06-30")

    @Test func ratioSides() {
        let a = Districts.all[0], b = Districts.all[1]
        let full = side(2024, [(a, "full"), (b, "full")])
        #expect(SideCoverage.comparable(full, full, aligned: false))
        #expect(!SideCoverage.comparable(side(2024, [(a, "none"), (b, "full")]), full, aligned: false), "the numerator lacks a district")
        #expect(SideCoverage.comparable(side(2024, [(a, "none"), (b, "full")]), side(2024, [(a, "none"), (b, "full")]), aligned: false))
        #expect(SideCoverage.comparable(side(2024, [(a, "s1"), (b, "full")]), side(2024, [(a, "s1"), (b, "full")]), aligned: false))
        #expect(!SideCoverage.comparable(side(2024, [(a, "s1"), (b, "full")]), side(2024, [(a, "s2"), (b, "full")]), aligned: false))
    }

    // MARK: words

    @Test func coverageInWords() {
        let all = Districts.all
        let now = side(2024, all.map { ($0, $0.code == "608" ? "none" : "full") })
        let before = side(2023, all.map { ($0, "full") })
        let coverage = Coverage(sides: [now, before])
        #expect(coverage.expected.count == 10 && coverage.reported.count == 9)
        #expect(coverage.missing == [.init(unit: all[0], periods: [.year(2024)])])
        #expect(coverage.phrase(.vi) == "9/10 huyện, thiếu Thành phố Kon Tum (năm 2024)")
        #expect(coverage.phrase(.en) == "9/10 districts, missing Thành phố Kon Tum (2024)")
        #expect(now.count(.vi) == "9/10 huyện" && before.count(.en) == "10/10 districts")
        #expect(Coverage(sides: [before]).phrase(.vi) == "10/10 huyện")

        let halves = Coverage(sides: [side(2024, all.map { ($0, $0.code == "611" ? "s1" : "full") })])
        #expect(halves.phrase(.vi) == "9/10 huyện, thiếu Huyện Ngọc Hồi (6 tháng cuối năm 2024)")

        let many = Coverage(sides: [side(2024, all.map { ($0, $0.code < "617" ? "none" : "full") })])
        #expect(
            many.phrase(.vi)
                == "2/10 huyện, thiếu Thành phố Kon Tum (năm 2024), Huyện Đắk Glei (năm 2024), Huyện Ngọc Hồi (năm 2024), Huyện Đắk Tô (năm 2024), Huyện Kon Plông (năm 2024) và 3 huyện khác"
        )
        #expect(many.phrase(.en).hasSuffix(" and 3 more"))

        let ended = Coverage(sides: [side(2025, all.map { ($0, "s1") })])
        #expect(!ended.isComplete && ended.missing.isEmpty)
        #expect(
            ended.phrase(.vi) == "10/10 huyện; 6 tháng cuối năm 2025 không có đơn vị nào phải báo cáo (đã kết thúc hoạt động hoặc chưa thành lập)")
        #expect(ended.phrase(.en) == "10/10 districts; no unit to report for the second half of 2025 (they had ended or were not yet formed)")

        let mixed = Coverage(sides: [side(2024, [(open, "full"), (Districts.all[0], "full")])])
        #expect(mixed.phrase(.vi) == "2/2 đơn vị")
    }

    @Test func aSpanJoinsItsYears() {
        let all = Districts.all
        let coverage = Coverage.union([
            Coverage(sides: [side(2023, all.map { ($0, "full") })]),
            Coverage(sides: [side(2024, all.map { ($0, $0.code == "608" ? "s1" : "full") })]),
            Coverage(sides: [side(2022, all.map { ($0, $0.code == "608" ? "none" : "full") })]),
        ])
        #expect(coverage.phrase(.vi) == "9/10 huyện, thiếu Thành phố Kon Tum (năm 2022, 6 tháng cuối năm 2024)")
    }

    // MARK: the engine on incomplete data

    let engine = RuleEngine(planStartYear: 2021, baselineYear: 2020)

    /// C7 in small: addicts (a stock) of ten districts, 2023 from all of them, 2024 without Thành phố Kon Tum.
    func addicts(missing2024: Set<String> = ["608"], missing2023: Set<String> = []) -> UnitData {
        var data = UnitData(units: Districts.all, stocks: ["addicts"])
        for unit in Districts.all {
            if !missing2023.contains(unit.code) { data.set(unit.code, "addicts", "2023S2", 250) }
            if !missing2024.contains(unit.code) { data.set(unit.code, "addicts", "2024S2", 230) }
            data.set(unit.code, "addicts", "2024S1", 240)
        }
        return data
    }

    let t02 = TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear)
    let addictsMeasure = Measure(numerator: ["addicts"])

    @Test func c7AGrowthFromUnequalSidesIsIncomplete() {
        let result = engine.evaluate(t02, measure: addictsMeasure, period: .year(2024), totals: addicts())
        #expect(result.status == .incomplete)
        #expect(result.value == nil, "no growth is claimed")
        #expect(result.current?.value == 2070 && result.comparison?.value == 2500)
        #expect(
            result.explanationVi
                == "2024: 2.070 so với 2.500 năm 2023 — chưa đủ số liệu: 9/10 huyện, thiếu Thành phố Kon Tum (năm 2024); năm 2024 có 9/10 huyện, năm 2023 có 10/10 huyện: hai kỳ không cùng các đơn vị và thời gian nên chưa đánh giá"
        )
        #expect(
            result.explanationEn
                == "2024: 2,070 vs 2,500 in 2023 — incomplete data: 9/10 districts, missing Thành phố Kon Tum (2024); 2024 has 9/10 districts, 2023 has 10/10 districts: the two do not cover the same units and months, so no verdict"
        )
        #expect(result.coverage?.missing.map(\.unit.code) == ["608"])
        // Once 608 reports, the verdict is back: 2.300 against 2.500 is a fall.
        let complete = engine.evaluate(t02, measure: addictsMeasure, period: .year(2024), totals: addicts(missing2024: []))
        #expect(complete.status == .achieved)
        #expect(complete.explanationVi == "2024: 2.300 so với 2.500 năm 2023 = -8%, chỉ tiêu < +1%: đạt")
        #expect(complete.coverage?.isComplete == true)
    }

    @Test func theSameUnitMissingFromBothSidesIsComparedAndSaidSo() {
        let result = engine.evaluate(t02, measure: addictsMeasure, period: .year(2024), totals: addicts(missing2024: ["608"], missing2023: ["608"]))
        #expect(result.status == .achieved, "2.070 against 2.250 on the same nine districts")
        #expect(
            result.explanationVi
                == "2024: 2.070 so với 2.250 năm 2023 = -8%, chỉ tiêu < +1%: đạt — số liệu của 9/10 huyện, thiếu Thành phố Kon Tum (năm 2023, năm 2024)"
        )
    }

    @Test func halfAYearIsNotComparedWithAWholeOne() {
        var data = UnitData(units: Districts.all)
        for unit in Districts.all {
            data.set(unit.code, "cases", "2024S1", 10)
            data.set(unit.code, "cases", "2024S2", 10)
            data.set(unit.code, "cases", "2025S1", 12)
        }
        let rule = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
        let result = engine.evaluate(rule, measure: Measure(numerator: ["cases"]), period: .year(2025), totals: data)
        #expect(result.status == .incomplete, "120 in six months against 200 in twelve is no fall")
        #expect(
            result.explanationVi.contains(
                "10/10 huyện; 6 tháng cuối năm 2025 không có đơn vị nào phải báo cáo (đã kết thúc hoạt động hoặc chưa thành lập)"))
        // The first halves compare: +20%.
        let half = engine.evaluate(rule, measure: Measure(numerator: ["cases"]), period: .halfYear(2025, half: 1), totals: data)
        #expect(half.status == .onTrack && half.value == 20)
    }

    @Test func aRatioWhoseNumeratorLacksAUnitIsIncomplete() {
        var data = UnitData(units: Districts.all, stocks: ["served", "managed"])
        for unit in Districts.all {
            data.set(unit.code, "managed", "2024S2", 100)
            if unit.code != "611" { data.set(unit.code, "served", "2024S2", 90) }
        }
        let rule = TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator)
        let measure = Measure(numerator: ["served"], denominator: ["managed"])
        let result = engine.evaluate(rule, measure: measure, period: .year(2024), totals: data)
        #expect(result.status == .incomplete, "810/1.000 = 81% would read as achieved")
        #expect(
            result.explanationVi
                == "2024: 810/1.000 — chưa đủ số liệu: 9/10 huyện, thiếu Huyện Ngọc Hồi (năm 2024); tử số có 9/10 huyện, mẫu số có 10/10 huyện: tử số và mẫu số không cùng các đơn vị và thời gian nên chưa đánh giá"
        )
        // A count of communes is complete wherever its units existed: propaganda missing from one district is incomplete.
        var propaganda = UnitData(units: Districts.all, flags: ["propaganda"])
        for unit in Districts.all where unit.code != "618" {
            propaganda.set(unit.code, "propaganda", "2024S1", 1)
            propaganda.set(unit.code, "propaganda", "2024S2", 1)
        }
        let all = TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator)
        let reached = Measure(numerator: ["propaganda"], denominator: ["count:district"])
        #expect(engine.evaluate(all, measure: reached, period: .year(2024), totals: propaganda).status == .incomplete)
        propaganda.set("618", "propaganda", "2024", 1)
        #expect(engine.evaluate(all, measure: reached, period: .year(2024), totals: propaganda).status == .achieved)
    }

    @Test func noneAmongSomeIsNotNoneEverywhere() {
        var data = UnitData(units: Districts.all)
        for unit in Districts.all where unit.code != "613" { data.set(unit.code, "new", "2024", 0) }
        let result = engine.evaluate(TargetRule(kind: .noNew), measure: Measure(numerator: ["new"]), period: .year(2024), totals: data)
        #expect(result.status == .incomplete)
        #expect(
            result.explanationVi
                == "2024: 0, chỉ tiêu không phát sinh mới — chưa đủ số liệu: 9/10 huyện, thiếu Huyện Kon Plông (năm 2024); chưa thể kết luận cho cả địa bàn"
        )
        data.set("610", "new", "2024", 2)
        let some = engine.evaluate(TargetRule(kind: .noNew), measure: Measure(numerator: ["new"]), period: .year(2024), totals: data)
        #expect(some.status == .notAchieved, "two new ones are two new ones, whoever is missing")
        #expect(some.explanationVi.hasSuffix(": không đạt — số liệu của 9/10 huyện, thiếu Huyện Kon Plông (năm 2024)"))
    }

    @Test func aSpanWithAnIncompleteYearIsNotAchieved() {
        var data = UnitData(units: Districts.all)
        for unit in Districts.all {
            for year in 2020...2023 where !(year == 2023 && unit.code == "608") {
                data.set(unit.code, "cases", "\(year)", Double(100 + (year - 2020) * 10))
            }
        }
        let rule = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
        let result = engine.evaluate(rule, measure: Measure(numerator: ["cases"]), period: .span(from: 2021, to: 2023), totals: data)
        #expect(result.status == .incomplete)
        #expect(
            result.explanationVi
                == "2021–2023: đạt 2/3 năm (2021 ✔, 2022 ✔, 2023 ◐) — số liệu của 9/10 huyện, thiếu Thành phố Kon Tum (năm 2023)")
        data.set("611", "cases", "2022", 20)
        let failed = engine.evaluate(rule, measure: Measure(numerator: ["cases"]), period: .span(from: 2021, to: 2023), totals: data)
        #expect(failed.status == .notAchieved, "a year not achieved outweighs a year that cannot be judged")
    }

    // MARK: a part larger than its whole

    @Test(arguments: [
        (TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator), "2024"),
        (TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator), "2024"),
        (TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator), "2024S2"),
    ])
    func aShareAboveAHundredPercentIsInconsistent(rule: TargetRule, period: String) {
        let totals = FixedTotals(values: ["done@\(period)": 500, "all@\(period)": 42])
        let result = engine.evaluate(rule, measure: Measure(numerator: ["done"], denominator: ["all"]), period: Period(period)!, totals: totals)
        #expect(result.status == .inconsistent, "never achieved")
        #expect(result.current == MeasuredValue(numerator: 500, denominator: 42), "the figures are kept")
        #expect(result.explanationVi.hasPrefix("\(period): 500/42 = 1.190,5% — số liệu mâu thuẫn: tử số lớn hơn mẫu số"))
        #expect(result.explanationEn.contains("inconsistent data: the numerator is larger than the denominator"))
        #expect(TargetStatus.inconsistent.name(.vi) == "Số liệu mâu thuẫn" && TargetStatus.inconsistent.name(.en) == "Inconsistent data")
        // Exactly the whole is consistent.
        let whole = FixedTotals(values: ["done@\(period)": 42, "all@\(period)": 42])
        #expect(
            engine.evaluate(rule, measure: Measure(numerator: ["done"], denominator: ["all"]), period: Period(period)!, totals: whole).status
                != .inconsistent)
    }

    @Test func moreHotspotsEliminatedThanThereWereIsInconsistent() {
        let measure = Measure(numerator: ["eliminated"], denominator: ["existing@baseline", "new"], cumulative: true)
        let rule = TargetRule(kind: .cumulativeRatioBy, threshold: 80, base: .denominator, deadlineYear: 2025)
        let totals = FixedTotals(
            values: ["existing@2020": 10, "new@2021": 0, "new@2022": 1, "eliminated@2021": 6, "eliminated@2022": 6], stocks: ["existing"])
        let result = engine.evaluate(rule, measure: measure, period: .year(2022), totals: totals)
        #expect(result.status == .inconsistent)
        #expect(result.explanationEn.hasPrefix("2022: 12/11 = 109.1% cumulative since 2021 — inconsistent data"))
    }

    @Test func theNewStatusesInBothLanguages() {
        #expect(TargetStatus.incomplete.rawValue == "incomplete" && TargetStatus.inconsistent.rawValue == "inconsistent")
        #expect(TargetStatus.incomplete.name(.vi) == "Chưa đủ số liệu" && TargetStatus.incomplete.name(.en) == "Incomplete data")
        #expect(TargetStatus.allCases.filter(\.isAboutTheData) == [.incomplete, .inconsistent])
    }
}
