/// Coverage: which of the units expected to report a figure, and which of their half-years, the figure includes.
///
/// A total on the board is a sum over units and, for a year, over half-years. It compares like with like only when
/// both sides of a comparison (this year and the year before for a growth; numerator and denominator for a ratio)
/// include the same units for the same months. This file holds what "expected", "reported" and "the same" mean;
/// the store says which units have numbers (`ReportedHalves`), the rule engine compares the sides
/// (`SideCoverage.comparable`) and every evaluation carries the `Coverage` it was made on.
///
/// Half-years are written as slots `year * 2 + half - 1` (2024S1 = 4048, 2024S2 = 4049), so that spans of years
/// compare and sort simply.
public enum HalfYearSlot {
    public static func slot(_ year: Int, half: Int) -> Int { year * 2 + half - 1 }

    /// Every half-year of a period: two for a year, one for a half-year, all of them for a span.
    public static func slots(of period: Period) -> [Int] {
        switch period {
        case .year(let year): [slot(year, half: 1), slot(year, half: 2)]
        case .halfYear(let year, let half): [slot(year, half: half)]
        case .span(let from, let to): (from...to).flatMap { [slot($0, half: 1), slot($0, half: 2)] }
        }
    }

    /// The half-year of a slot.
    public static func period(_ slot: Int) -> Period {
        let year = slot / 2
        return .halfYear(year, half: slot - year * 2 + 1)
    }

    /// First and last day ("yyyy-mm-dd") of a slot.
    static func days(_ slot: Int) -> (first: String, last: String) {
        guard case .halfYear(let year, let half) = period(slot) else { return ("", "") }
        let y = String(year)
        return half == 1 ? ("\(y)-01-01", "\(y)-06-30") : ("\(y)-07-01", "\(y)-12-31")
    }
}

/// A unit that reports figures, as coverage names it: its code, name, level and the dates it existed.
public struct ReportingUnit: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var level: OrgUnitLevel
    /// ISO dates (yyyy-MM-dd), nil when open.
    public var validFrom: String?
    public var validTo: String?

    public init(code: String, name: String, level: OrgUnitLevel, validFrom: String? = nil, validTo: String? = nil) {
        self.code = code; self.name = name; self.level = level; self.validFrom = validFrom; self.validTo = validTo
    }

    public init(_ unit: OrgUnit) {
        self.init(code: unit.code, name: unit.name, level: unit.level, validFrom: unit.validFrom, validTo: unit.validTo)
    }

    /// Whether the unit existed on at least one day of the half-year `slot`.
    public func existed(in slot: Int) -> Bool {
        let days = HalfYearSlot.days(slot)
        if let validFrom, validFrom > days.last { return false }
        if let validTo, validTo < days.first { return false }
        return true
    }
}

/// What a unit (with the units below it) has in the data for one element and one year: a value for the whole year,
/// for the first half, for the second half.
public struct ReportedHalves: Sendable, Hashable {
    public var year: Bool
    public var first: Bool
    public var second: Bool

    public init(year: Bool = false, first: Bool = false, second: Bool = false) {
        self.year = year; self.first = first; self.second = second
    }

    /// Either unit's numbers (a district made of its communes): what either has.
    public func merged(_ other: ReportedHalves) -> ReportedHalves {
        ReportedHalves(year: year || other.year, first: first || other.first, second: second || other.second)
    }
}

/// One unit's part in a total (of one element in one period, or of a measured value made of several).
public struct UnitShare: Sendable, Equatable {
    public var unit: ReportingUnit
    /// The half-years (slots) the unit was expected to report for the total: those it existed in, among those the
    /// total stands for. Never empty: a unit not expected has no share.
    public var expected: Set<Int>
    /// The expected half-years its numbers cover.
    public var reported: Set<Int>
    /// Some number of the unit is in the total (it may still cover none of the expected half-years in full, e.g.
    /// one term of a sum of two).
    public var contributes: Bool
    /// What is missing, as periods: the whole year or half-year of a component the unit has nothing for, or the
    /// half-years it lacks.
    public var missing: [Period]

    public init(unit: ReportingUnit, expected: Set<Int>, reported: Set<Int>, contributes: Bool, missing: [Period] = []) {
        self.unit = unit; self.expected = expected; self.reported = reported; self.contributes = contributes
        self.missing = missing
    }

    /// Every expected half-year is there.
    public var isComplete: Bool { reported == expected }

    /// Nothing of the unit is in the total.
    public var isAbsent: Bool { !contributes }
}

/// The rule of coverage for one element: who is expected, and what a unit's numbers cover.
///
/// - A total stands for every half-year of its period when the element is a flow or a flag (a year is S1 + S2, or
///   "yes in either half"), and for the last half-year only when it is a stock (a year is its value at the year's
///   end, the S2 value): `slots(_:stock:)`.
/// - A unit is expected for those of these half-years in which it existed (its validity dates,
///   `ReportingUnit.existed(in:)`); a unit that existed in none of them is not expected.
/// - A value for the whole year covers every half-year of the year; otherwise each half-year value covers its own
///   half-year; a half-year total reads half-year values only. This is how the store makes a unit's year from its
///   halves (`ElementTotalsQuery`: the year if reported, else S1 + S2 for a flow, S2 for a stock, either for a flag).
public enum CoverageRule {
    /// The half-years a total of `period` stands for.
    public static func slots(_ period: Period, stock: Bool) -> Set<Int> {
        let all = HalfYearSlot.slots(of: period)
        guard stock, let last = all.last else { return Set(all) }
        return [last]
    }

    /// A unit's share in the total of an element for a year or half-year; nil when the unit is not expected then.
    /// `reported` is what the unit has for the period's year (nil: nothing at all).
    public static func share(of unit: ReportingUnit, period: Period, stock: Bool, reported: ReportedHalves?) -> UnitShare? {
        let standsFor = slots(period, stock: stock)
        let expected = standsFor.filter(unit.existed(in:))
        guard !expected.isEmpty else { return nil }
        let has = reported ?? ReportedHalves()
        var covered: Set<Int> = []
        let contributes: Bool
        switch period {
        case .year(let year):
            if has.year {
                covered = standsFor
            } else {
                if has.first { covered.insert(HalfYearSlot.slot(year, half: 1)) }
                if has.second { covered.insert(HalfYearSlot.slot(year, half: 2)) }
            }
            contributes = stock ? has.year || has.second : has.year || has.first || has.second
        case .halfYear(let year, let half):
            if half == 1 ? has.first : has.second { covered.insert(HalfYearSlot.slot(year, half: half)) }
            contributes = !covered.isEmpty
        case .span:
            contributes = false
        }
        let reportedSlots = covered.intersection(expected)
        let lacking = expected.subtracting(reportedSlots)
        let missing: [Period] = !contributes ? [period] : lacking.sorted().map(HalfYearSlot.period)
        return UnitShare(unit: unit, expected: expected, reported: reportedSlots, contributes: contributes, missing: missing)
    }

    /// A unit's share in a count of units ("count:commune"): the structure of the area, there whenever the unit existed.
    public static func structuralShare(of unit: ReportingUnit, period: Period) -> UnitShare? {
        let expected = slots(period, stock: false).filter(unit.existed(in:))
        guard !expected.isEmpty else { return nil }
        return UnitShare(unit: unit, expected: expected, reported: expected, contributes: true)
    }
}

/// One side of a comparison (a measured value): every unit's share, combined over the terms and periods it sums.
public struct SideCoverage: Sendable, Equatable {
    /// The period the side measures.
    public var period: Period
    /// The half-years the side stands for (whatever units existed).
    public var frame: Set<Int>
    /// Shares by unit code.
    public var shares: [String: UnitShare]

    public init(period: Period, frame: Set<Int>, shares: [String: UnitShare]) {
        self.period = period; self.frame = frame; self.shares = shares
    }

    /// Combines the shares of the components of a side (each term in each period it sums): a unit is expected for
    /// every half-year any component expects it for, and reports a half-year when every component that expects it
    /// there has it.
    public static func combining(period: Period, components: [(frame: Set<Int>, shares: [UnitShare])]) -> SideCoverage {
        var frame: Set<Int> = []
        var byUnit: [String: [UnitShare]] = [:]
        for component in components {
            frame.formUnion(component.frame)
            for share in component.shares { byUnit[share.unit.code, default: []].append(share) }
        }
        var shares: [String: UnitShare] = [:]
        for (code, parts) in byUnit {
            let expected = parts.reduce(into: Set<Int>()) { $0.formUnion($1.expected) }
            let reported = expected.filter { slot in parts.allSatisfy { !$0.expected.contains(slot) || $0.reported.contains(slot) } }
            var missing: [Period] = []
            for period in parts.flatMap(\.missing) where !missing.contains(period) { missing.append(period) }
            shares[code] = UnitShare(
                unit: parts[0].unit, expected: expected, reported: reported, contributes: parts.contains(where: \.contributes),
                missing: missing.sorted())
        }
        return SideCoverage(period: period, frame: frame, shares: shares)
    }

    /// Every expected unit reported every half-year it was expected for.
    public var isComplete: Bool { shares.values.allSatisfy(\.isComplete) }

    /// Some unit existed in every half-year the side stands for.
    public var spansItsPeriod: Bool {
        frame.isSubset(of: shares.values.reduce(into: Set<Int>()) { $0.formUnion($1.expected) })
    }

    /// The half-years the side stands for in which no expected unit existed.
    public var uncovered: [Int] {
        let existing = shares.values.reduce(into: Set<Int>()) { $0.formUnion($1.expected) }
        return frame.subtracting(existing).sorted()
    }

    public var expectedCount: Int { shares.count }
    public var reportedCount: Int { shares.values.filter(\.isComplete).count }

    /// Whether two sides compare like with like:
    ///
    /// - both are complete (every expected unit reported every half-year it existed in) and each side's units
    ///   existed throughout its period (a unit that ceased is then replaced by its successors); or
    /// - the same units are in both, each for the same half-years. For a growth (`aligned`) the half-years are
    ///   compared by their place in the period (the second half of this year with the second half of the last);
    ///   for a ratio, whose sides measure the same period, a unit is in both in full, in neither, or in both for the
    ///   same half-years.
    ///
    /// Two sides with equal shares are always comparable, whatever is missing from both.
    public static func comparable(_ a: SideCoverage, _ b: SideCoverage, aligned: Bool) -> Bool {
        if a.isComplete && b.isComplete && a.spansItsPeriod && b.spansItsPeriod { return true }
        let codes = Set(a.shares.keys).union(b.shares.keys)
        return codes.allSatisfy { code in
            let left = a.shares[code], right = b.shares[code]
            if aligned {
                return a.position(left) == b.position(right)
            }
            switch (left, right) {
            case (nil, nil): return true
            case (let l?, let r?):
                if l.isComplete && r.isComplete { return true }
                if l.isAbsent && r.isAbsent { return true }
                return l.isAbsent == r.isAbsent && !l.isComplete && !r.isComplete && l.reported == r.reported
            case (let share?, nil), (nil, let share?):
                // Expected on one side only (a unit that began or ceased): in neither.
                return share.isAbsent
            }
        }
    }

    /// A unit's share by the place of its half-years in this side's period (counted back from the period's end),
    /// and whether it contributes at all.
    func position(_ share: UnitShare?) -> (Set<Int>, Bool) {
        guard let share else { return ([], false) }
        let end = frame.max() ?? 0
        return (Set(share.reported.map { end - $0 }), share.contributes)
    }
}

/// Which units a judged figure includes: the units expected on any side of it, those that reported in full wherever
/// they were expected, and what the others are missing. Returned with every evaluation, shown on the board, the
/// target page, the province's report and the annex, and in the API (`coverage: {reported, expected, missing}`).
public struct Coverage: Sendable, Equatable {
    public struct Gap: Sendable, Equatable {
        public var unit: ReportingUnit
        /// The periods the unit has nothing for, or the half-years it lacks.
        public var periods: [Period]

        public init(unit: ReportingUnit, periods: [Period]) { self.unit = unit; self.periods = periods }
    }

    /// Units expected on any side, by code.
    public var expected: [ReportingUnit]
    /// Units that reported in full wherever they were expected.
    public var reported: [ReportingUnit]
    /// The others, with what they lack.
    public var missing: [Gap]
    /// Half-years of the period in which no expected unit existed (they had ceased, or not yet begun).
    public var uncovered: [Period]

    public init(expected: [ReportingUnit], reported: [ReportingUnit], missing: [Gap], uncovered: [Period] = []) {
        self.expected = expected; self.reported = reported; self.missing = missing; self.uncovered = uncovered
    }

    /// Every expected unit is there for every half-year, and units existed throughout.
    public var isComplete: Bool { missing.isEmpty && uncovered.isEmpty }

    /// The coverage of a figure made of one or more sides.
    public init(sides: [SideCoverage]) {
        var units: [String: ReportingUnit] = [:]
        var lacking: [String: [Period]] = [:]
        var uncoveredSlots: Set<Int> = []
        for side in sides {
            for (code, share) in side.shares {
                units[code] = share.unit
                if !share.isComplete {
                    for period in share.missing where !(lacking[code] ?? []).contains(period) { lacking[code, default: []].append(period) }
                    if share.missing.isEmpty { lacking[code, default: []].append(side.period) }
                }
            }
            uncoveredSlots.formUnion(side.uncovered)
        }
        let ordered = units.values.sorted { $0.code < $1.code }
        expected = ordered
        reported = ordered.filter { lacking[$0.code] == nil }
        missing = ordered.compactMap { unit in lacking[unit.code].map { Gap(unit: unit, periods: Self.merged($0)) } }
        uncovered = Self.merged(uncoveredSlots.sorted().map(HalfYearSlot.period))
    }

    /// The coverage of several figures together (the years of a span): expected anywhere, complete everywhere.
    public static func union(_ parts: [Coverage]) -> Coverage {
        var units: [String: ReportingUnit] = [:]
        var lacking: [String: [Period]] = [:]
        var uncovered: [Period] = []
        for part in parts {
            for unit in part.expected { units[unit.code] = unit }
            for gap in part.missing {
                for period in gap.periods where !(lacking[gap.unit.code] ?? []).contains(period) {
                    lacking[gap.unit.code, default: []].append(period)
                }
            }
            for period in part.uncovered where !uncovered.contains(period) { uncovered.append(period) }
        }
        let ordered = units.values.sorted { $0.code < $1.code }
        return Coverage(
            expected: ordered, reported: ordered.filter { lacking[$0.code] == nil },
            missing: ordered.compactMap { unit in lacking[unit.code].map { Gap(unit: unit, periods: merged($0)) } },
            uncovered: merged(uncovered))
    }

    /// Periods in order, each once, the two halves of a year written as the year.
    static func merged(_ periods: [Period]) -> [Period] {
        var result = Set(periods)
        for period in periods {
            if case .halfYear(let year, _) = period,
                result.contains(.halfYear(year, half: 1)) && result.contains(.halfYear(year, half: 2)) || result.contains(.year(year))
            {
                result.remove(.halfYear(year, half: 1)); result.remove(.halfYear(year, half: 2)); result.insert(.year(year))
            }
        }
        return result.sorted()
    }

    // MARK: Words

    /// "9/10 huyện" / "9/10 districts": units in full over units expected, named by their level.
    public func count(_ language: Language) -> String {
        Self.count(reported: reported.count, expected: expected.count, units: expected, language)
    }

    static func count(reported: Int, expected: Int, units: [ReportingUnit], _ language: Language) -> String {
        "\(reported)/\(expected) \(levelWord(units, language))"
    }

    /// "9/10 huyện, thiếu Thành phố Kon Tum (năm 2024)"; "10/10 huyện" when complete; units beyond the fifth are
    /// counted ("và 7 xã khác"); half-years in which no unit existed are said last (alone when no unit was expected).
    public func phrase(_ language: Language) -> String {
        if expected.isEmpty {
            return uncovered.isEmpty ? (language == .vi ? "không có đơn vị nào phải báo cáo" : "no unit to report") : uncoveredPhrase(language)
        }
        var text = count(language)
        if !missing.isEmpty {
            text += (language == .vi ? ", thiếu " : ", missing ") + missingList(language, limit: 5)
        }
        if !uncovered.isEmpty { text += "; " + uncoveredPhrase(language) }
        return text
    }

    /// The units not in full with what they lack, "Thành phố Kon Tum (năm 2024), Huyện Ngọc Hồi (6 tháng cuối năm
    /// 2024)"; after `limit` units the rest are counted.
    public func missingList(_ language: Language, limit: Int? = nil) -> String {
        let shown = limit.map { Array(missing.prefix($0)) } ?? missing
        var list = shown.map { gap in "\(gap.unit.name) (\(gap.periods.map { $0.phrase(language) }.joined(separator: ", ")))" }
            .joined(separator: ", ")
        if shown.count < missing.count {
            let rest = missing.count - shown.count
            list += language == .vi ? " và \(rest) \(Self.levelWord(expected, .vi)) khác" : " and \(rest) more"
        }
        return list
    }

    /// "6 tháng cuối năm 2025 không có đơn vị nào phải báo cáo (đã kết thúc hoạt động hoặc chưa thành lập)": the
    /// half-years in which none of the expected units existed, and no unit formed from them stood for them (Kon Tum's
    /// bodies after 30/06/2025: the new province's police took over both old provinces, so it stands for neither);
    /// empty when units existed throughout.
    public func uncoveredPhrase(_ language: Language) -> String {
        guard !uncovered.isEmpty else { return "" }
        let periods = uncovered.map { $0.phrase(language) }.joined(separator: ", ")
        return language == .vi
            ? "\(periods) không có đơn vị nào phải báo cáo (đã kết thúc hoạt động hoặc chưa thành lập)"
            : "no unit to report for \(periods) (they had ended or were not yet formed)"
    }

    /// The word for the units counted: "huyện", "xã", "cơ quan", or "đơn vị" when they are of several levels.
    static func levelWord(_ units: [ReportingUnit], _ language: Language) -> String {
        let levels = Set(units.map(\.level))
        let level = levels.count == 1 ? levels.first : nil
        switch (level, language) {
        case (.district?, .vi): return "huyện"
        case (.district?, .en): return "districts"
        case (.commune?, .vi): return "xã"
        case (.commune?, .en): return "communes"
        case (.agency?, .vi): return "cơ quan"
        case (.agency?, .en): return "bodies"
        case (.province?, .vi): return "tỉnh"
        case (.province?, .en): return "provinces"
        case (nil, .vi): return "đơn vị"
        case (nil, .en): return "units"
        }
    }
}

extension SideCoverage {
    /// "9/10 huyện": this side's units in full over those expected.
    public func count(_ language: Language) -> String {
        Coverage.count(
            reported: reportedCount, expected: expectedCount, units: shares.values.map(\.unit).sorted { $0.code < $1.code }, language)
    }

    /// "có 9/10 huyện" / "has 9/10 districts"; "không có đơn vị nào phải báo cáo" / "has no unit to report" when no
    /// unit existed then.
    public func has(_ language: Language) -> String {
        guard expectedCount > 0 else { return language == .vi ? "không có đơn vị nào phải báo cáo" : "has no unit to report" }
        return (language == .vi ? "có " : "has ") + count(language)
    }
}
