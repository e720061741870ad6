extension DataElement.Aggregation {
    /// A unit's figure for a year from what it has for that year, each summed over categories: `whole`, reported for
    /// the whole year, wins; else the halves by the element's rule — a flow is S1 + S2 (either alone when only one is
    /// there), a stock its value at the year's end (S2), a flag "yes" when either half is. Nil when there is nothing.
    ///
    /// The rule of the board: the store applies the same in SQL (`ElementTotalsQuery`, `AreaTotals`); a year round
    /// counts what the board counts (issue 14, item 1).
    public func year(whole: Double?, first: Double?, second: Double?) -> Double? {
        if let whole { return whole }
        switch self {
        case .flow: return first == nil && second == nil ? nil : (first ?? 0) + (second ?? 0)
        case .stock: return second
        case .flag:
            guard let first else { return second }
            guard let second else { return first }
            return max(first, second)
        }
    }
}

/// One unit's figure for one element in a year or half-year, as a report of that period counts it: the value (made
/// from the halves for a year reported by half, ``DataElement/Aggregation/year(whole:first:second:)``), where it comes
/// from, and whether it covers every half-year the unit is expected to report (``CoverageRule/share(of:period:stock:reported:)``:
/// both halves for a flow or a flag, the second for a stock, only those the unit existed in).
public struct UnitFigure: Sendable, Equatable {
    /// Where a figure comes from.
    public enum Source: Sendable, Equatable {
        /// Nothing is entered.
        case none
        /// Entered for the period itself (a half-year, or a year reported whole).
        case entered
        /// A year made from its halves.
        case halves
    }

    /// The figure, in the element's unit of measure; nil when nothing is entered.
    public var value: Double?
    public var source: Source
    /// Every expected half-year is covered: nothing more is asked for.
    public var complete: Bool
    /// The half-years (or the year) still lacking, when not complete.
    public var missing: [Period]

    public init(value: Double?, source: Source, complete: Bool, missing: [Period] = []) {
        self.value = value; self.source = source; self.complete = complete; self.missing = missing
    }

    /// The figure of `unit` for `period` from its values for the period's year: `whole` for the year, `first` and
    /// `second` for its halves (each nil when absent, else summed over the categories entered). A span of years has
    /// no figure of its own and asks for nothing (complete, no value).
    ///
    /// `entered` says, for the year and each half, whether every category of the element has a value there (an
    /// element without categories: whether it has one): a period with some categories left empty ("not known yet",
    /// as the form says) gives the board its sum but does not count as reported, so the report still asks for it.
    /// What is missing is named as the half-years still expected (the second half for a stock: the year's end), or
    /// the whole period when nothing of a flow or flag is there.
    public static func of(
        _ aggregation: DataElement.Aggregation, period: Period, unit: ReportingUnit, whole: Double?, first: Double?, second: Double?,
        entered: (whole: Bool, first: Bool, second: Bool) = (true, true, true)
    ) -> UnitFigure {
        let value: Double?
        let source: Source
        switch period {
        case .span: return UnitFigure(value: nil, source: .none, complete: true)
        case .halfYear(_, let half):
            value = half == 1 ? first : second
            source = value == nil ? .none : .entered
        case .year:
            value = aggregation.year(whole: whole, first: first, second: second)
            source = whole != nil ? .entered : value == nil ? .none : .halves
        }
        let reported = ReportedHalves(
            year: whole != nil && entered.whole, first: first != nil && entered.first, second: second != nil && entered.second)
        guard let share = CoverageRule.share(of: unit, period: period, stock: aggregation == .stock, reported: reported) else {
            // Not expected in the period (the unit did not exist then): nothing is asked for.
            return UnitFigure(value: value, source: source, complete: true)
        }
        guard !share.isComplete else { return UnitFigure(value: value, source: source, complete: true) }
        let lacking = share.expected.subtracting(share.reported).sorted().map(HalfYearSlot.period)
        let missing = !share.contributes && aggregation != .stock && lacking.count > 1 ? [period] : lacking
        return UnitFigure(value: value, source: source, complete: false, missing: missing)
    }
}
