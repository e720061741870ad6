/// Comparable series across a reform of the map (issue 16, item 2): a unit's figure for a year or half-year in which
/// it did not exist is made from the units that covered its territory then (``UnitTimeline/cover(of:from:to:)``) —
/// re-based from its predecessors before it began (the new Xã Tu Mơ Rông in 2024 is the old Xã Đắk Hà and Xã Tu Mơ
/// Rông together), or summed from its successors after it ended (Kon Tum's second half of 2025 is the 40 new communes
/// formed on its territory). Such a figure is always marked ("tính lại").
public enum ComparableSeries {
    /// One element's figures for one year: reported for the whole year, and by half.
    public struct YearFigures: Sendable, Equatable {
        public var year: Double?
        public var s1: Double?
        public var s2: Double?

        public init(year: Double? = nil, s1: Double? = nil, s2: Double? = nil) {
            self.year = year; self.s1 = s1; self.s2 = s2
        }

        public var isEmpty: Bool { year == nil && s1 == nil && s2 == nil }

        /// The figures of several units added field by field (nil where none has one).
        public static func sum(_ parts: [YearFigures]) -> YearFigures {
            func add(_ values: [Double?]) -> Double? {
                let present = values.compactMap { $0 }
                return present.isEmpty ? nil : present.reduce(0, +)
            }
            return YearFigures(year: add(parts.map(\.year)), s1: add(parts.map(\.s1)), s2: add(parts.map(\.s2)))
        }
    }

    /// What a year becomes once the halves the unit did not exist in are taken from its cover.
    public struct Merged: Sendable, Equatable {
        public var figures: YearFigures
        /// The periods whose figure came, wholly or partly, from the cover ("2024", "2025S1", "2025").
        public var rebased: Set<String>
    }

    /// The unit's year `year` with the halves it did not exist in (`ownHalves` holds those it did: 1, 2) taken from
    /// `cover`, the year made again from the halves by `aggregation` (``DataElement/Aggregation/year(whole:first:second:)``)
    /// when it straddles the unit's first or last day. A unit that existed all year is left as it is.
    ///
    /// - A year the unit did not exist in at all is the cover's: its whole-year figure, else made from its halves.
    /// - A year the unit began in the middle of: the first half is the cover's, the second the unit's own (its
    ///   whole-year figure stands for the half it existed in when it gave no halves).
    /// - A year it ended in the middle of: the other way round; a stock with nothing for the second half keeps the
    ///   first half's value as its year's.
    /// - A yes/no figure of such a year counts the units of the year's end, as a stock does, and as the count of units
    ///   it is divided by is read at the period's end (``UnitTimeline/levelCounts(of:on:)``): Kon Tum's communes with
    ///   drug-prevention communication in 2025 are among its 40 communes of 31/12/2025, not the larger of that count
    ///   and its 102 old communes' of the first half.
    public static func merged(
        own: YearFigures, cover: YearFigures, ownHalves: Set<Int>, year: Int, aggregation elementAggregation: DataElement.Aggregation
    ) -> Merged {
        let aggregation: DataElement.Aggregation =
            elementAggregation == .flag && ownHalves.count == 1 ? .stock : elementAggregation
        switch (ownHalves.contains(1), ownHalves.contains(2)) {
        case (true, true):
            return Merged(figures: own, rebased: [])
        case (false, false):
            let whole = cover.year ?? aggregation.year(whole: nil, first: cover.s1, second: cover.s2)
            var rebased: Set<String> = []
            if whole != nil { rebased.insert("\(year)") }
            if cover.s1 != nil { rebased.insert("\(year)S1") }
            if cover.s2 != nil { rebased.insert("\(year)S2") }
            return Merged(figures: YearFigures(year: whole, s1: cover.s1, s2: cover.s2), rebased: rebased)
        case (false, true):
            let second = own.s2 ?? own.year
            let whole = aggregation.year(whole: nil, first: cover.s1, second: second)
            return Merged(
                figures: YearFigures(year: whole, s1: cover.s1, s2: second),
                rebased: cover.s1 == nil ? [] : ["\(year)S1", "\(year)"])
        case (true, false):
            let first = own.s1 ?? own.year
            // No unit stood for the second half (Kon Tum's departments after 30/06/2025): a stock's year is its last
            // value, the first half's, as for a unit that ended then (``DataValueRules``, rule 2).
            let whole =
                aggregation == .stock && cover.s2 == nil ? first : aggregation.year(whole: nil, first: first, second: cover.s2)
            return Merged(
                figures: YearFigures(year: whole, s1: first, s2: cover.s2),
                rebased: cover.s2 == nil ? [] : ["\(year)S2", "\(year)"])
        }
    }

    /// The halves of `year` (1, 2) in which `unit` existed.
    public static func halves(of unit: OrgUnit, in year: Int) -> Set<Int> {
        var result: Set<Int> = []
        for half in 1...2 {
            let days = DataValueRules.days(of: .halfYear(year, half: half))
            if UnitTimeline.overlaps(unit, days.first, days.last) { result.insert(half) }
        }
        return result
    }

    /// Whether the figure of `measure` for `period` was itself re-based, the only case in which it is marked
    /// "(tính lại)": some element of it is read in a period whose figure was made from other units' data. A figure
    /// is read in its own period (a span in each of its years); a cumulative one from the plan's first year through
    /// the period, and its "@baseline" terms in the baseline year (the hotspots found by 2030 over those of 2025).
    /// The period it is compared with does not make it re-based (2026 against a re-based 2025 is 2026's own figure:
    /// see ``rebasedComparisons(_:period:rebased:)``). `rebased`: element code → periods ("2024", "2025S1").
    public static func isRebased(
        _ measure: Measure?, period: Period, planStartYear: Int, baselineYear: Int, rebased: [String: Set<String>]
    ) -> Bool {
        guard let measure, !rebased.isEmpty else { return false }
        func read(_ term: String) -> [String] {
            if term.hasSuffix("@baseline") { return ["\(baselineYear)"] }
            var periods = [period.description]
            if case .span(let from, let to) = period { periods += (from...to).map(String.init) }
            if measure.cumulative, planStartYear < period.lastYear {
                periods += (planStartYear..<period.lastYear).map(String.init)
            }
            return periods
        }
        return (measure.numerator + (measure.denominator ?? [])).contains { term in
            guard let marked = rebased[Measure.elementCode(term)] else { return false }
            return read(term).contains { marked.contains($0) }
        }
    }

    /// The periods `rule` compares the figure of `measure` for `period` with whose figure was re-based, oldest
    /// first: for a rule against the year before (growth, increase, decrease) that year — for a half-year the same
    /// half a year before or, for a stock, the year before; for a span the year before its first — and for a share
    /// of units the baseline year its pace starts from. A rule that compares with nothing (a ratio, none new) names
    /// none. The 2026 board's growth against 2025 names 2025 here.
    public static func rebasedComparisons(
        _ rule: TargetRule, measure: Measure?, period: Period, baselineYear: Int, rebased: [String: Set<String>]
    ) -> [Period] {
        guard let measure, !rebased.isEmpty else { return [] }
        let candidates: [Period]
        switch rule.kind.family {
        case .growth, .increase, .decrease:
            switch period {
            case .year(let year): candidates = [.year(year - 1)]
            case .halfYear(let year, let half): candidates = [.halfYear(year - 1, half: half), .year(year - 1)]
            case .span(let from, _): candidates = [.year(from - 1)]
            }
        case .unitShare: candidates = [.year(baselineYear)]
        default: candidates = []
        }
        let marked = measure.elementCodes.reduce(into: Set<String>()) { $0.formUnion(rebased[$1] ?? []) }
        return Set(candidates.filter { $0 != period && marked.contains($0.description) }).sorted()
    }
}
