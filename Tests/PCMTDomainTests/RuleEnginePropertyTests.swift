import PCMTDomain
import PropertyBased
import Testing

/// Properties of the rule engine over random data of several units (`UnitData`): a unit's verdict is its own, a
/// ratio is a ratio of sums, and sides with the same coverage are always compared.
@Suite struct RuleEnginePropertyTests {
    let engine = RuleEngine(planStartYear: 2021, baselineYear: 2020)
    static let communes: [ReportingUnit] = (0..<6).map { ReportingUnit(code: "2330\($0)", name: "Xã Thử \($0)", level: .commune) }

    /// What a unit has for an element and a year: 0 nothing, 1 the first half, 2 the second half, 3 both halves,
    /// 4 the whole year.
    static func put(_ data: inout UnitData, _ unit: String, _ element: String, _ year: Int, pattern: Int, value: Int) {
        let v = Double(value)
        switch pattern {
        case 1: data.set(unit, element, "\(year)S1", v)
        case 2: data.set(unit, element, "\(year)S2", v)
        case 3:
            data.set(unit, element, "\(year)S1", v)
            data.set(unit, element, "\(year)S2", v + 1)
        case 4: data.set(unit, element, "\(year)", v)
        default: break
        }
    }

    /// Rules judged in the properties: a growth of a flow, a growth of a stock, a share, none new.
    static let rules: [(TargetRule, Measure)] = [
        (TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear), Measure(numerator: ["cases"])),
        (TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear), Measure(numerator: ["managed"])),
        (TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator), Measure(numerator: ["served"], denominator: ["managed"])),
        (TargetRule(kind: .noNew), Measure(numerator: ["cases"])),
    ]

    static let elements = ["cases", "managed", "served"]

    /// Five communes' data from 30 patterns and 30 values (5 units × 2 years × 3 elements).
    static func data(_ patterns: [Int], _ values: [Int]) -> UnitData {
        var data = UnitData(units: communes, stocks: ["managed", "served"])
        var index = 0
        for unit in communes.prefix(5) {
            for year in [2023, 2024] {
                for element in elements {
                    put(&data, unit.code, element, year, pattern: patterns[index % patterns.count], value: values[index % values.count])
                    index += 1
                }
            }
        }
        return data
    }

    /// The same evaluation, a ratio over zero (NaN, never equal to itself) included.
    static func same(_ a: TargetEvaluation, _ b: TargetEvaluation) -> Bool { String(describing: a) == String(describing: b) }

    @Test func addingAUnitsDataNeverChangesAnotherUnitsVerdict() async {
        await propertyCheck(
            count: 150, input: Gen.int(in: 0...4).array(of: 30), Gen.int(in: 0...400).array(of: 30), Gen.int(in: 0...5),
            Gen.int(in: 0...4).array(of: 6)
        ) { patterns, values, added, addedPatterns in
            let before = Self.data(patterns, values)
            var after = before
            let unit = Self.communes[added].code
            var index = 0
            for year in [2023, 2024] {
                for element in Self.elements {
                    Self.put(&after, unit, element, year, pattern: addedPatterns[index], value: values[index] + 7)
                    index += 1
                }
            }
            for other in Self.communes where other.code != unit {
                for (rule, measure) in Self.rules {
                    for period in [Period.year(2024), .halfYear(2024, half: 2)] {
                        let was = engine.evaluate(rule, measure: measure, period: period, totals: before.only([other.code]))
                        let now = engine.evaluate(rule, measure: measure, period: period, totals: after.only([other.code]))
                        #expect(Self.same(was, now), "\(other.code) \(rule.kind) \(period)")
                    }
                }
                // Nor the verdict of an area without the unit.
                let area = Set(Self.communes.map(\.code)).subtracting([unit])
                for (rule, measure) in Self.rules {
                    #expect(
                        Self.same(
                            engine.evaluate(rule, measure: measure, period: .year(2024), totals: before.only(area)),
                            engine.evaluate(rule, measure: measure, period: .year(2024), totals: after.only(area))))
                }
            }
        }
    }

    @Test func aRatioIsARatioOfSumsNeverAnAverageOfRatios() async {
        let rule = TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator)
        let measure = Measure(numerator: ["served"], denominator: ["managed"])
        await propertyCheck(count: 500, input: Gen.int(in: 1...1000).array(of: 1...6), Gen.int(in: 0...1000).array(of: 6)) { wholes, shares in
            var data = UnitData(units: Array(Self.communes.prefix(wholes.count)), stocks: ["served", "managed"])
            var served = 0.0, managed = 0.0
            for (index, whole) in wholes.enumerated() {
                let part = (Double(whole) * Double(shares[index]) / 1000).rounded(.down)
                data.set(Self.communes[index].code, "managed", "2024S2", Double(whole))
                data.set(Self.communes[index].code, "served", "2024S2", part)
                served += part
                managed += Double(whole)
            }
            let result = engine.evaluate(rule, measure: measure, period: .year(2024), totals: data)
            let ratio = served / managed * 100
            #expect(result.current == MeasuredValue(numerator: served, denominator: managed))
            #expect(abs((result.value ?? .nan) - ratio) <= 1e-9 * max(1, ratio))
            #expect(result.status == (ratio > 80 ? .achieved : .notAchieved))
        }
        // One small commune fully served and a large one hardly at all: 2/101, not the mean of 100% and 1%.
        var data = UnitData(units: Array(Self.communes.prefix(2)), stocks: ["served", "managed"])
        data.set("23300", "managed", "2024S2", 1)
        data.set("23300", "served", "2024S2", 1)
        data.set("23301", "managed", "2024S2", 100)
        data.set("23301", "served", "2024S2", 1)
        let result = engine.evaluate(rule, measure: measure, period: .year(2024), totals: data)
        #expect(result.explanationVi == "2024: 2/101 = 2%, chỉ tiêu > 80%: không đạt")
    }

    @Test func aGrowthWithEqualCoverageOnBothSidesIsNeverIncomplete() async {
        await propertyCheck(
            count: 500, input: Gen.int(in: 0...4).array(of: 1...6), Gen.int(in: 0...400).array(of: 12), Gen.bool, Gen.bool
        ) { patterns, values, stock, half in
            var data = UnitData(units: Array(Self.communes.prefix(patterns.count)), stocks: stock ? ["x"] : [])
            for (index, pattern) in patterns.enumerated() {
                let unit = Self.communes[index].code
                Self.put(&data, unit, "x", 2023, pattern: pattern, value: values[index])
                Self.put(&data, unit, "x", 2024, pattern: pattern, value: values[index + 6])
            }
            // A half-year of a flow is compared with the same half a year before; a stock's half-year with the end of
            // the year before (a different kind of period, which the same pattern does not make equal): years only.
            let period: Period = half && !stock ? .halfYear(2024, half: 2) : .year(2024)
            for kind in [RuleKind.growthAtLeast, .growthBelow, .increase] {
                let rule = TargetRule(kind: kind, threshold: 5, base: .previousYear)
                let result = engine.evaluate(rule, measure: Measure(numerator: ["x"]), period: period, totals: data)
                #expect(result.status != .incomplete, "\(kind) \(period): \(result.explanationEn)")
            }
        }
    }

    @Test func aUnitOnOneSideOnlyMakesAGrowthIncomplete() async {
        await propertyCheck(
            count: 500, input: Gen.int(in: 1...4).array(of: 2...6), Gen.int(in: 1...400).array(of: 12), Gen.int(in: 0...5)
        ) { patterns, values, dropped in
            let missing = dropped % patterns.count
            var data = UnitData(units: Array(Self.communes.prefix(patterns.count)))
            for (index, pattern) in patterns.enumerated() {
                let unit = Self.communes[index].code
                Self.put(&data, unit, "x", 2023, pattern: pattern, value: values[index])
                if index != missing { Self.put(&data, unit, "x", 2024, pattern: pattern, value: values[index + 6]) }
            }
            let rule = TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear)
            let result = engine.evaluate(rule, measure: Measure(numerator: ["x"]), period: .year(2024), totals: data)
            #expect(result.status == .incomplete, "\(result.explanationEn)")
            // Missing: the unit dropped, and any unit with one half-year only.
            let expected = patterns.indices.filter { $0 == missing || patterns[$0] < 3 }.map { Self.communes[$0].code }
            #expect(result.coverage?.missing.map(\.unit.code) == expected)
        }
    }
}
