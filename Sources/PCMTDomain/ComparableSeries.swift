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
    public static func merged(
        own: YearFigures, cover: YearFigures, ownHalves: Set<Int>, year: Int, aggregation: DataElement.Aggregation
    ) -> Merged {
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

    /// Whether a judgement of `measure` for `period` rests on a re-based figure: the period's own, the period before
    /// (the comparison of a growth rule), the year before, or for a half-year the same half a year before (the
    /// report's comparison), for any element of the measure. `rebased`: element code → periods.
    public static func touches(_ measure: Measure?, period: Period, rebased: [String: Set<String>]) -> Bool {
        guard let measure, !rebased.isEmpty else { return false }
        var periods = [period.description, period.previous.description, "\(period.lastYear - 1)"]
        if case .halfYear(let year, let half) = period { periods.append("\(year - 1)S\(half)") }
        return measure.elementCodes.contains { code in
            guard let marked = rebased[code] else { return false }
            return periods.contains { marked.contains($0) }
        }
    }
}
