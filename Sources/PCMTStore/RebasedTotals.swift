import Fluent
import Foundation
import PCMTDomain

/// A unit's totals made comparable across a reform (issue 16, item 2): for every half-year of the board's years in
/// which the unit did not exist, its figures are those of the units that covered its territory
/// (``UnitTimeline/cover(of:from:to:)``), merged by ``ComparableSeries/merged(own:cover:ownHalves:year:aggregation:)``
/// and marked in ``UnitTotals/rebased``. The units of a reused code keep apart: a new unit's own figures before its
/// first day are never counted (they are the old unit's with the same code). An old unit split between new units
/// counts for each by the share the standing office set (``SplitShareStore``; flows and stocks, not yes/no figures),
/// named with its share ("Xã Trà Bùi (giả định 40%)"); without shares it is left out and named.
struct RebasedTotals {
    let database: any Database
    let timeline: UnitTimeline
    let elements: [DataElement]
    let years: ClosedRange<Int>
    let approvedFor: UUID?
    /// Figures of cover units read so far, by "code|first day".
    private var read: [String: UnitTotals] = [:]
    /// The shares set for split old units, read once.
    private var shares: SplitShares?

    init(database: any Database, timeline: UnitTimeline, elements: [DataElement], years: ClosedRange<Int>, approvedFor: UUID?) {
        self.database = database; self.timeline = timeline; self.elements = elements; self.years = years; self.approvedFor = approvedFor
    }

    /// Whether `unit` began or ended within the years (only then is anything re-based).
    func concerns(_ unit: OrgUnit) -> Bool {
        let first = "\(years.lowerBound)-01-01", last = "\(years.upperBound)-12-31"
        if let from = unit.validFrom, from > first { return true }
        if let to = unit.validTo, to < last { return true }
        return false
    }

    /// `totals` of `unit` with the years it did not wholly exist in completed from its cover.
    mutating func apply(_ totals: UnitTotals, unit: OrgUnit) async throws -> UnitTotals {
        guard concerns(unit) else { return totals }
        var result = totals
        var from: [String] = []
        var partial: [String] = []
        for year in years {
            let halves = ComparableSeries.halves(of: unit, in: year)
            guard halves.count < 2 else { continue }
            // The cover of the whole year when the unit did not exist in it, else of the half it did not exist in.
            let missing = [1, 2].filter { !halves.contains($0) }
            let span: Period = halves.isEmpty ? .year(year) : .halfYear(year, half: missing[0])
            let days = DataValueRules.days(of: span)
            if shares == nil { shares = try await SplitShareStore.all(on: database) }
            guard let cover = timeline.cover(of: unit, from: days.first, to: days.last, shares: shares ?? SplitShares()) else {
                // Nothing stands for the unit then: its own figures of days it did not exist in are not its own.
                Self.keepOwn(&result, of: totals, halves: halves, year: year, elements: elements)
                continue
            }
            let parts = try await figures(of: cover.units)
            let coverUnits = cover.units
            let sharedParts = try await figures(of: cover.shared.map(\.unit))
            for part in cover.units where !from.contains(timeline.name(part)) { from.append(timeline.name(part)) }
            for part in cover.shared {
                let label = SplitShares.label(part.unit, share: part.share)
                if !from.contains(label) { from.append(label) }
                // A yes/no figure is not divided: the split unit counts for no new unit there.
                let flags = SplitShares.flagLabel(part.unit)
                if elements.contains(where: { $0.aggregation == .flag }), !partial.contains(flags) { partial.append(flags) }
            }
            for part in cover.partial where !partial.contains(timeline.name(part)) { partial.append(timeline.name(part)) }
            for element in elements {
                let code = element.code
                let own = ComparableSeries.YearFigures(
                    year: totals.years[code]?[year], s1: totals.halves[code]?["\(year)S1"], s2: totals.halves[code]?["\(year)S2"])
                func outside(_ totals: UnitTotals) -> ComparableSeries.YearFigures {
                    ComparableSeries.YearFigures(
                        year: halves.isEmpty ? totals.years[code]?[year] : nil,
                        s1: missing.contains(1) ? totals.halves[code]?["\(year)S1"] : nil,
                        s2: missing.contains(2) ? totals.halves[code]?["\(year)S2"] : nil)
                }
                // An area's own figures of those days are of the units still placed in it then (provincial bodies):
                // they count with the cover's, unless a cover unit has the same code (the new Quảng Ngãi's 2025S1
                // from the old one, code 51: the same kept totals, counted once). A commune's or body's are another
                // unit's with the same code: dropped.
                let area = (unit.level == .province || unit.level == .district) && !cover.units.contains { $0.code == unit.code }
                let shared =
                    element.aggregation == .flag ? [] : zip(sharedParts, cover.shared).map { outside($0).scaled(by: $1.share) }
                let cover = ComparableSeries.YearFigures.sum(parts.map(outside) + shared + (area ? [outside(totals)] : []))
                let merged = ComparableSeries.merged(
                    own: own, cover: cover, ownHalves: halves, year: year, aggregation: element.aggregation)
                result.set(code, year: year, merged.figures)
                if !merged.rebased.isEmpty { result.rebased[code, default: []].formUnion(merged.rebased) }
                // A re-based half is complete only when every commune or body of the cover that reports the element
                // has its figure (with approved data only, those approved); otherwise coverage says it lacks it.
                if !merged.rebased.isEmpty {
                    let reporters = zip(coverUnits, parts).filter { unit, _ in
                        (unit.level == .commune || unit.level == .agency) && element.collectedAt.applies(to: unit)
                    }
                    for half in missing {
                        let key = "\(year)S\(half)"
                        let lacking = reporters.filter { _, part in part.halves[code]?[key] == nil && part.years[code]?[year] == nil }
                        if !lacking.isEmpty {
                            result.rebasedIncomplete[code, default: []].insert(key)
                            result.rebasedLacking[code, default: [:]][key, default: []] += lacking.map { ReportingUnit($0.0) }
                        }
                    }
                }
            }
        }
        result.rebasedFrom = from
        result.rebasedPartial = partial
        return result
    }

    /// `totals` of `unit` with only the half-years in which the unit existed (``ComparableSeries/halves(of:in:)``):
    /// the values of its code on other days are another unit's (a reused code) or none. Nothing is re-based.
    static func own(_ totals: UnitTotals, unit: OrgUnit, elements: [DataElement], years: ClosedRange<Int>) -> UnitTotals {
        var result = totals
        for year in years {
            let halves = ComparableSeries.halves(of: unit, in: year)
            if halves.count < 2 { keepOwn(&result, of: totals, halves: halves, year: year, elements: elements) }
        }
        return result
    }

    private static func keepOwn(_ result: inout UnitTotals, of totals: UnitTotals, halves: Set<Int>, year: Int, elements: [DataElement]) {
        for element in elements {
            let own = ComparableSeries.YearFigures(
                year: totals.years[element.code]?[year], s1: totals.halves[element.code]?["\(year)S1"],
                s2: totals.halves[element.code]?["\(year)S2"])
            let merged = ComparableSeries.merged(own: own, cover: .init(), ownHalves: halves, year: year, aggregation: element.aggregation)
            result.set(element.code, year: year, merged.figures)
        }
    }

    /// The totals of each cover unit: a province or district from the kept area totals, a commune or body from its
    /// values within the province it belonged to then (so a reused code's other unit is not counted).
    private mutating func figures(of units: [OrgUnit]) async throws -> [UnitTotals] {
        var result: [UnitTotals] = []
        for unit in units {
            let key = "\(unit.code)|\(unit.validFrom ?? "")"
            if let known = read[key] {
                result.append(known)
                continue
            }
            var totals: UnitTotals
            switch unit.level {
            case .province, .district:
                totals =
                    try await AreaTotals.read(areas: [unit.code], elements: elements, years: years, officialFor: approvedFor, on: database)[
                        unit.code] ?? UnitTotals()
            case .commune, .agency:
                let province = ([unit] + timeline.ancestors(of: unit)).first { $0.level == .province }?.code
                let scope: TotalsScope = province.map { .province($0) } ?? .unit(unit.code)
                let grouped = try await ElementTotalsQuery(database: database).totals(
                    scope, groupedBy: .unit, elements: elements, years: years, approvedFor: approvedFor)
                // Every unit of that province is read at once: the next cover unit there needs no query.
                for version in timeline.versions.values.flatMap({ $0 }) where version.level == unit.level {
                    let versionProvince = ([version] + timeline.ancestors(of: version)).first { $0.level == .province }?.code
                    if versionProvince == province, let found = grouped[version.code] {
                        read["\(version.code)|\(version.validFrom ?? "")"] = found
                    }
                }
                totals = grouped[unit.code] ?? UnitTotals()
            }
            read[key] = totals
            result.append(totals)
        }
        return result
    }
}
