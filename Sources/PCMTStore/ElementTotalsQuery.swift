import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// Totals of elements for one area, resolved from what units reported: each unit's year is the year it reported
/// directly, or else made from its halves (sum for a flow, the second half for a stock, either for a flag); then
/// the units are summed. Ratios are never stored: the engine divides summed numerators by summed denominators.
public struct UnitTotals: ElementTotals {
    public var years: [String: [Int: Double]] = [:]
    public var halves: [String: [String: Double]] = [:]
    public var stocks: Set<String> = []
    /// Units of each level in the area ("commune" → 102), for terms such as "count:commune", when no count is known
    /// for the period's last half-year in `unitCountsByHalf`.
    public var unitCounts: [String: Double] = [:]
    /// Units of each level in the area at the end of each half-year ("2025S2" → "commune" → 40 for Kon Tum, whose
    /// territory is then the new communes', ``UnitTimeline/levelCounts(of:on:)``): a count, like a stock, is read
    /// at the period's end.
    public var unitCountsByHalf: [String: [String: Double]] = [:]
    /// For coverage: the units expected to report each element here (element code → units; "count:commune" → the
    /// units whose communes the count counts), or nil when coverage is not known (then nothing is judged incomplete).
    public var reporting: [String: [ReportingUnit]]? = nil
    /// For coverage: what each of those units has in the data, element → unit code → year.
    public var presence: [String: [String: [Int: ReportedHalves]]] = [:]
    /// The periods whose figure was re-based across a reform (``RebasedTotals``), element code → periods ("2024",
    /// "2025S1", "2025"), and the units they were made from, and those left out because the mapping cannot divide
    /// them (names).
    public var rebased: [String: Set<String>] = [:]
    public var rebasedFrom: [String] = []
    public var rebasedPartial: [String] = []
    /// The re-based half-years ("2025S2") for which some unit of the cover that reports the element has no figure
    /// (under the same filter), by element: coverage counts them as lacking, not as reported.
    public var rebasedIncomplete: [String: Set<String>] = [:]
    /// The units of the cover that lack their figure in each of those half-years, by element ("2025S2" → the new
    /// communes without it): coverage names them, not the units the figure stands for.
    public var rebasedLacking: [String: [String: [ReportingUnit]]] = [:]

    public init() {}

    /// Sets one element's year and halves (nil removes; no empty entry is left behind).
    mutating func set(_ code: String, year: Int, _ figures: ComparableSeries.YearFigures) {
        func put<Key: Hashable>(_ table: inout [String: [Key: Double]], _ key: Key, _ value: Double?) {
            if let value {
                table[code, default: [:]][key] = value
            } else if table[code]?[key] != nil {
                table[code]?[key] = nil
                if table[code]?.isEmpty == true { table[code] = nil }
            }
        }
        put(&years, year, figures.year)
        put(&halves, "\(year)S1", figures.s1)
        put(&halves, "\(year)S2", figures.s2)
    }

    /// One share per unit expected to report the element in the period (`CoverageRule`); a count of units is
    /// complete wherever its units existed.
    public func coverage(_ elementCode: String, _ period: Period) -> [UnitShare]? {
        guard let reporting else { return nil }
        let units = reporting[elementCode] ?? []
        if elementCode.hasPrefix("count:") { return units.compactMap { CoverageRule.structuralShare(of: $0, period: period) } }
        let stock = stocks.contains(elementCode)
        // Half-years whose figure was re-based (``RebasedTotals``) are those of the units of the territory then: they
        // stand for each unit expected here, which did not exist yet (or any more), as reported.
        let rebasedSlots = CoverageRule.slots(period, stock: stock).intersection(
            (rebased[elementCode] ?? []).compactMap(Period.init).flatMap(HalfYearSlot.slots(of:)))
        let incomplete = rebasedSlots.intersection((rebasedIncomplete[elementCode] ?? []).compactMap(Period.init).flatMap(HalfYearSlot.slots(of:)))
        let own = units.compactMap { unit -> UnitShare? in
            let share = CoverageRule.share(of: unit, period: period, stock: stock, reported: presence[elementCode]?[unit.code]?[period.firstYear])
            guard !rebasedSlots.isEmpty else { return share }
            guard var share else { return UnitShare(unit: unit, expected: rebasedSlots, reported: rebasedSlots, contributes: true) }
            share.expected.formUnion(rebasedSlots)
            share.reported.formUnion(rebasedSlots)
            return share
        }
        // What a re-based half lacks is named by the units of the cover without their figure (Kon Tum's 2025S2: the
        // new communes that have not reported it), each once with the half-years it lacks. Such a unit counts as in
        // the total (`contributes`), incompletely: the re-based half is its territory's figure, made without it, so a
        // comparison with a period in which that territory was whole (Kon Tum's 2024 from its districts) is not
        // judged (``SideCoverage/comparable(_:_:aligned:)``), as a unit that began and reported nothing would be.
        var lackingSlots: [ReportingUnit: Set<Int>] = [:]
        var order: [ReportingUnit] = []
        for slot in incomplete.sorted() {
            for unit in rebasedLacking[elementCode]?[HalfYearSlot.period(slot).description] ?? [] {
                if lackingSlots[unit] == nil { order.append(unit) }
                lackingSlots[unit, default: []].insert(slot)
            }
        }
        return own
            + order.map { unit in
                let slots = lackingSlots[unit] ?? []
                return UnitShare(unit: unit, expected: slots, reported: [], contributes: true, missing: slots.sorted().map(HalfYearSlot.period))
            }
    }

    public func total(_ elementCode: String, _ period: Period) -> Double? {
        if elementCode.hasPrefix("count:") {
            let level = String(elementCode.dropFirst(6))
            let last: String
            switch period {
            case .year(let year): last = "\(year)S2"
            case .halfYear: last = period.description
            case .span(_, let to): last = "\(to)S2"
            }
            if let counts = unitCountsByHalf[last] { return counts[level] }
            return unitCounts[level]
        }
        switch period {
        case .year(let year): return years[elementCode]?[year]
        case .halfYear: return halves[elementCode]?[period.description]
        case .span: return nil
        }
    }

    public func isStock(_ elementCode: String) -> Bool { stocks.contains(elementCode) }
}

/// Which values a totals query reads, and how it groups them.
public enum TotalsScope: Sendable, Equatable {
    case country
    case province(String)
    case district(String)
    case unit(String)

    var filter: (column: String, value: String)? {
        switch self {
        case .country: nil
        case .province(let code): ("province_code", code)
        case .district(let code): ("district_code", code)
        case .unit(let code): ("unit_code", code)
        }
    }
}

/// Which values are official: by year, the units whose report for the year was approved, and those whose report
/// for the first half was (their first-half values count). A district's approval covers its communes.
public struct OfficialFilter: Sendable, Equatable {
    public var byYear: [Int: (year: [String], firstHalf: [String])]
    /// Years without any reporting round (the baseline, say): everything entered counts, there being nothing to approve.
    public var openYears: [Int]

    public init(byYear: [Int: (year: [String], firstHalf: [String])], openYears: [Int] = []) {
        self.byYear = byYear
        self.openYears = openYears
    }

    public static func == (lhs: OfficialFilter, rhs: OfficialFilter) -> Bool {
        lhs.openYears == rhs.openYears
            && lhs.byYear.mapValues { "\($0.year)|\($0.firstHalf)" } == rhs.byYear.mapValues { "\($0.year)|\($0.firstHalf)" }
    }
}

public enum TotalsGrouping: String, Sendable {
    case none = "''"
    case province = "province_code"
    case district = "district_code"
    case unit = "unit_code"
}

public struct ElementTotalsQuery: Sendable {
    let database: any Database

    /// One unit's year from its columns y (reported whole), s1 and s2 (halves): the year if reported, else the
    /// second half for a stock, either half for a flag, the sum of the halves for a flow.
    static func appendResolvedYear(to query: inout SQLQueryString, stocks: [String], flags: [String]) {
        query.appendLiteral("COALESCE(y, CASE WHEN element IN (")
        query.appendInterpolation(binds: stocks.isEmpty ? [""] : stocks)
        query.appendLiteral(") THEN s2 WHEN element IN (")
        query.appendInterpolation(binds: flags.isEmpty ? [""] : flags)
        query.appendLiteral(") THEN CASE WHEN s1 IS NULL THEN s2 WHEN s2 IS NULL THEN s1 WHEN s1 >= s2 THEN s1 ELSE s2 END ")
        query.appendLiteral("ELSE CASE WHEN s1 IS NULL AND s2 IS NULL THEN NULL ELSE COALESCE(s1, 0) + COALESCE(s2, 0) END END)")
    }

    public init(database: any Database) { self.database = database }

    /// " AND (…)": only the values that are official under `official` (see `OfficialFilter`).
    static func appendOfficial(_ official: OfficialFilter, to query: inout SQLQueryString) {
        query.appendLiteral(" AND (1 = 0")
        for year in official.openYears {
            query.appendLiteral(" OR year = ")
            query.appendInterpolation(bind: year)
        }
        for (year, units) in official.byYear.sorted(by: { $0.key < $1.key }) {
            let all = units.year.isEmpty ? [""] : units.year
            let first = units.firstHalf.isEmpty ? [""] : units.firstHalf
            query.appendLiteral(" OR (year = ")
            query.appendInterpolation(bind: year)
            query.appendLiteral(" AND (unit_code IN (")
            query.appendInterpolation(binds: all)
            query.appendLiteral(") OR district_code IN (")
            query.appendInterpolation(binds: all)
            query.appendLiteral(") OR (half = 1 AND (unit_code IN (")
            query.appendInterpolation(binds: first)
            query.appendLiteral(") OR district_code IN (")
            query.appendInterpolation(binds: first)
            query.appendLiteral(")))))")
        }
        query.appendLiteral(")")
    }

    /// One row of `presence`: what a unit (or, grouped by district, a district with its communes) has in the data
    /// for an element and a year.
    public struct PresenceRow: Sendable, Equatable {
        public var unitCode: String
        /// The district the unit is in (its own code for a district); nil for a provincial body, and when grouped.
        public var districtCode: String?
        public var element: String
        public var year: Int
        public var halves: ReportedHalves
    }

    /// Which units have numbers for the elements in the years, under the same filters as `totals` (the scope and,
    /// for official figures, approved reports only): per unit, element and year, whether a whole-year value, a
    /// first-half value and a second-half value exist (in any category). `byDistrict` counts a commune's numbers
    /// for its district (the reporting unit of a province's total); a provincial body stays itself.
    ///
    /// `approvedFor` a plan's id keeps the values official for that plan, by the approvals as they are in the
    /// database (``OfficialTotals/appendIsOfficial(planID:table:to:)``), the same rule as `official` without
    /// building the filter first. `outsideDistricts` keeps the units under no district (a province's bodies).
    public func presence(
        _ scope: TotalsScope, byDistrict: Bool, elements: [DataElement], years: ClosedRange<Int>, official: OfficialFilter? = nil,
        approvedFor plan: UUID? = nil, outsideDistricts: Bool = false
    ) async throws -> [PresenceRow] {
        let sql = database as! any SQLDatabase
        let unit = byDistrict ? "COALESCE(district_code, unit_code)" : "unit_code"
        let district = byDistrict ? "NULL" : "district_code"
        var query = SQLQueryString("SELECT \(unit) AS u, \(district) AS d, element, year, ")
        query.appendLiteral("MAX(CASE WHEN half = 0 THEN 1 ELSE 0 END) AS has_y, MAX(CASE WHEN half = 1 THEN 1 ELSE 0 END) AS has_s1, ")
        query.appendLiteral("MAX(CASE WHEN half = 2 THEN 1 ELSE 0 END) AS has_s2 FROM data_values WHERE element IN (")
        query.appendInterpolation(binds: elements.isEmpty ? [""] : elements.map(\.code))
        query.appendLiteral(") AND year >= ")
        query.appendInterpolation(bind: years.lowerBound)
        query.appendLiteral(" AND year <= ")
        query.appendInterpolation(bind: years.upperBound)
        if let filter = scope.filter {
            query.appendLiteral(" AND \(filter.column) = ")
            query.appendInterpolation(bind: filter.value)
        }
        if let official { Self.appendOfficial(official, to: &query) }
        if let plan {
            query.appendLiteral(" AND ")
            OfficialTotals.appendIsOfficial(planID: plan, table: "data_values", to: &query)
        }
        if outsideDistricts { query.appendLiteral(" AND district_code IS NULL") }
        query.appendLiteral(
            byDistrict ? " GROUP BY COALESCE(district_code, unit_code), element, year" : " GROUP BY unit_code, district_code, element, year")
        return try await sql.raw(query).all().map { row in
            PresenceRow(
                unitCode: try row.decode(column: "u", as: String.self), districtCode: try row.decode(column: "d", as: String?.self),
                element: try row.decode(column: "element", as: String.self), year: try row.decode(column: "year", as: Int.self),
                halves: ReportedHalves(
                    year: try row.decode(column: "has_y", as: Int.self) > 0, first: try row.decode(column: "has_s1", as: Int.self) > 0,
                    second: try row.decode(column: "has_s2", as: Int.self) > 0))
        }
    }

    /// Totals for the scope, one set per group key ("" without grouping); `official` or `approvedFor` (a plan's id)
    /// keep the official values only, as in ``presence(_:byDistrict:elements:years:official:approvedFor:)``.
    public func totals(
        _ scope: TotalsScope, groupedBy grouping: TotalsGrouping = .none, elements: [DataElement],
        years: ClosedRange<Int>, official: OfficialFilter? = nil, approvedFor plan: UUID? = nil
    ) async throws -> [String: UnitTotals] {
        let sql = database as! any SQLDatabase
        let codes = elements.map(\.code)
        let stocks = elements.filter { $0.aggregation == .stock }.map(\.code)
        let flags = elements.filter { $0.aggregation == .flag }.map(\.code)
        var query = SQLQueryString("SELECT g, element, year, SUM(")
        Self.appendResolvedYear(to: &query, stocks: stocks, flags: flags)
        query.appendLiteral(") AS total_year, SUM(s1) AS total_s1, SUM(s2) AS total_s2 FROM (SELECT ")
        query.appendLiteral(grouping.rawValue)
        query.appendLiteral(" AS g, element, unit_code, year, ")
        query.appendLiteral("SUM(CASE WHEN half = 0 THEN value END) AS y, SUM(CASE WHEN half = 1 THEN value END) AS s1, ")
        query.appendLiteral("SUM(CASE WHEN half = 2 THEN value END) AS s2 FROM data_values WHERE element IN (")
        query.appendInterpolation(binds: codes.isEmpty ? [""] : codes)
        query.appendLiteral(") AND year >= ")
        query.appendInterpolation(bind: years.lowerBound)
        query.appendLiteral(" AND year <= ")
        query.appendInterpolation(bind: years.upperBound)
        if let filter = scope.filter {
            query.appendLiteral(" AND \(filter.column) = ")
            query.appendInterpolation(bind: filter.value)
        }
        if let official { Self.appendOfficial(official, to: &query) }
        if let plan {
            query.appendLiteral(" AND ")
            OfficialTotals.appendIsOfficial(planID: plan, table: "data_values", to: &query)
        }
        let innerGroup = grouping == .none ? "" : "\(grouping.rawValue), "
        query.appendLiteral(" GROUP BY \(innerGroup)element, unit_code, year) per_unit GROUP BY g, element, year")

        var result: [String: UnitTotals] = [:]
        for row in try await sql.raw(query).all() {
            let group = (try? row.decode(column: "g", as: String?.self)) ?? nil
            let key = group ?? ""
            let element = try row.decode(column: "element", as: String.self)
            let year = try row.decode(column: "year", as: Int.self)
            var totals = result[key] ?? UnitTotals()
            if let value = try row.decode(column: "total_year", as: Double?.self) { totals.years[element, default: [:]][year] = value }
            if let value = try row.decode(column: "total_s1", as: Double?.self) { totals.halves[element, default: [:]]["\(year)S1"] = value }
            if let value = try row.decode(column: "total_s2", as: Double?.self) { totals.halves[element, default: [:]]["\(year)S2"] = value }
            result[key] = totals
        }
        for key in result.keys { result[key]!.stocks = Set(stocks) }
        return result
    }
}
