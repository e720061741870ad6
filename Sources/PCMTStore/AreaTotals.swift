import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// One unit's numbers for an element and a year: reported whole, and by half (summed over categories).
struct UnitYear: Equatable {
    var year: Double?
    var s1: Double?
    var s2: Double?

    /// The year as the unit contributes it: reported whole, else made from its halves
    /// (``DataElement/Aggregation/year(whole:first:second:)``, the rule the SQL of the kept totals applies too).
    func resolved(_ aggregation: DataElement.Aggregation) -> Double? {
        aggregation.year(whole: year, first: s1, second: s2)
    }
}

/// Keeps `area_totals` in step with `data_values`.
enum AreaTotals {
    static let country = "*"

    static func areas(_ placement: UnitPlacement) -> [String] {
        [placement.districtCode, placement.provinceCode, country].compactMap { $0 }
    }

    /// A unit, element and year whose numbers a write changes, with the place the unit had then: a reused code
    /// (``UnitTimeline``) names two units in the year of a reform, each counted in its own areas, so only the values
    /// stored with the same district and province are the unit's.
    struct UnitYearKey: Hashable {
        var unitCode: String
        var districtCode: String?
        var provinceCode: String
        var element: String
        var year: Int

        init(placement: UnitPlacement, element: String, year: Int) {
            unitCode = placement.unitCode; districtCode = placement.districtCode; provinceCode = placement.provinceCode
            self.element = element; self.year = year
        }

        var placement: UnitPlacement { UnitPlacement(unitCode: unitCode, districtCode: districtCode, provinceCode: provinceCode) }
    }

    /// The numbers of many units, elements and years as stored now, read in one grouped query per 1,000 units (a key
    /// without any value is an empty ``UnitYear``).
    static func unitYears(_ keys: Set<UnitYearKey>, on db: any Database) async throws -> [UnitYearKey: UnitYear] {
        var result = Dictionary(keys.map { ($0, UnitYear()) }, uniquingKeysWith: { first, _ in first })
        guard !keys.isEmpty else { return result }
        let sql = db as! any SQLDatabase
        let units = Set(keys.map(\.unitCode)).sorted()
        let elements = Set(keys.map(\.element)).sorted()
        let years = Set(keys.map(\.year)).sorted()
        for start in stride(from: 0, to: units.count, by: 1000) {
            var query = SQLQueryString(
                "SELECT unit_code, district_code, province_code, element, year, half, SUM(value) AS total FROM data_values WHERE unit_code IN (")
            query.appendInterpolation(binds: Array(units[start..<min(start + 1000, units.count)]))
            query.appendLiteral(") AND element IN (")
            query.appendInterpolation(binds: elements)
            query.appendLiteral(") AND year IN (")
            query.appendInterpolation(binds: years)
            query.appendLiteral(") GROUP BY unit_code, district_code, province_code, element, year, half")
            for row in try await sql.raw(query).all() {
                let key = UnitYearKey(
                    placement: UnitPlacement(
                        unitCode: try row.decode(column: "unit_code", as: String.self),
                        districtCode: try row.decode(column: "district_code", as: String?.self),
                        provinceCode: try row.decode(column: "province_code", as: String.self)),
                    element: try row.decode(column: "element", as: String.self), year: try row.decode(column: "year", as: Int.self))
                guard var entry = result[key] else { continue }
                let total = try row.decode(column: "total", as: Double.self)
                switch try row.decode(column: "half", as: Int.self) {
                case 0: entry.year = total
                case 1: entry.s1 = total
                default: entry.s2 = total
                }
                result[key] = entry
            }
        }
        return result
    }

    /// A row of `area_totals`: an area (district, province, "*"), an element and a year.
    struct AreaKey: Hashable {
        var area: String
        var element: String
        var year: Int
    }

    /// How much a change moves one row of `area_totals`: totals and counts of units.
    struct Delta: Equatable {
        var yearTotal = 0.0, yearCount = 0, s1Total = 0.0, s1Count = 0, s2Total = 0.0, s2Count = 0, yCount = 0

        /// Nothing moved.
        init() {}

        /// What moving a unit's year from `before` to `after` adds to each area above it (the year resolved by the
        /// element's `aggregation`, ``UnitYear/resolved(_:)``); nil when nothing moves.
        init?(aggregation: DataElement.Aggregation, before: UnitYear, after: UnitYear) {
            guard before != after else { return nil }
            func delta(_ old: Double?, _ new: Double?) -> (Double, Int) {
                ((new ?? 0) - (old ?? 0), (new == nil ? 0 : 1) - (old == nil ? 0 : 1))
            }
            (yearTotal, yearCount) = delta(before.resolved(aggregation), after.resolved(aggregation))
            (s1Total, s1Count) = delta(before.s1, after.s1)
            (s2Total, s2Count) = delta(before.s2, after.s2)
            yCount = (after.year == nil ? 0 : 1) - (before.year == nil ? 0 : 1)
        }

        static func += (lhs: inout Delta, rhs: Delta) {
            lhs.yearTotal += rhs.yearTotal; lhs.yearCount += rhs.yearCount; lhs.s1Total += rhs.s1Total; lhs.s1Count += rhs.s1Count
            lhs.s2Total += rhs.s2Total; lhs.s2Count += rhs.s2Count; lhs.yCount += rhs.yCount
        }
    }

    /// The movements of every area above the units whose years moved from `before` to `after`, summed per area,
    /// element and year: one row per area however many of its units changed.
    static func deltas(
        before: [UnitYearKey: UnitYear], after: [UnitYearKey: UnitYear], aggregations: [String: DataElement.Aggregation]
    ) -> [AreaKey: Delta] {
        var result: [AreaKey: Delta] = [:]
        for (key, old) in before {
            guard let delta = Delta(aggregation: aggregations[key.element] ?? .flow, before: old, after: after[key] ?? UnitYear())
            else { continue }
            for area in areas(key.placement) { result[AreaKey(area: area, element: key.element, year: key.year), default: Delta()] += delta }
        }
        return result
    }

    /// Adds the movements to `area_totals`, in multi-row upserts of at most 3,000 rows (10 parameters each, under
    /// SQLite's 32,766 and PostgreSQL's 65,535 bound parameters).
    static func add(_ deltas: [AreaKey: Delta], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let rows = deltas.sorted { ($0.key.area, $0.key.element, $0.key.year) < ($1.key.area, $1.key.element, $1.key.year) }
        for start in stride(from: 0, to: rows.count, by: 3000) {
            var query = SQLQueryString(
                "INSERT INTO area_totals (area_code, element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count, y_count) VALUES "
            )
            BulkSQL.appendRows(rows[start..<min(start + 3000, rows.count)], to: &query) { key, delta in
                [
                    key.area, key.element, key.year, delta.yearTotal, delta.yearCount, delta.s1Total, delta.s1Count, delta.s2Total, delta.s2Count,
                    delta.yCount,
                ]
            }
            query.appendLiteral(
                """
                 ON CONFLICT (area_code, element, year) DO UPDATE SET
                year_total = area_totals.year_total + excluded.year_total, year_count = area_totals.year_count + excluded.year_count,
                s1_total = area_totals.s1_total + excluded.s1_total, s1_count = area_totals.s1_count + excluded.s1_count,
                s2_total = area_totals.s2_total + excluded.s2_total, s2_count = area_totals.s2_count + excluded.s2_count,
                y_count = area_totals.y_count + excluded.y_count
                """)
            try await sql.raw(query).run()
        }
    }

    /// Computes every area's totals again from the values, e.g. after a bulk load. `yearCount` false leaves out
    /// `y_count`, for the table as it was made before that column was added (``AddAreaTotalsYearCount``).
    /// `bumpingData` false: for the migrations that run before the boards' data number exists (``AddDataVersion``).
    static func rebuild(elements: [DataElement], yearCount: Bool = true, bumpingData: Bool = true, on db: any Database) async throws {
        if bumpingData { try await ReferenceCache.bumpData(on: db) }
        let sql = db as! any SQLDatabase
        try await sql.raw("DELETE FROM area_totals").run()
        let stocks = elements.filter { $0.aggregation == .stock }.map(\.code)
        let flags = elements.filter { $0.aggregation == .flag }.map(\.code)
        for (column, areaExpression) in [("district_code", "district_code"), ("province_code", "province_code"), (nil, "'*'")] as [(String?, String)]
        {
            var query = SQLQueryString(
                "INSERT INTO area_totals (area_code, element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count\(yearCount ? ", y_count" : "")) "
            )
            query.appendLiteral(
                "SELECT g, element, year, COALESCE(SUM(r), 0), COUNT(r), COALESCE(SUM(s1), 0), COUNT(s1), COALESCE(SUM(s2), 0), COUNT(s2)\(yearCount ? ", COUNT(y)" : "") FROM ("
            )
            query.appendLiteral("SELECT g, element, year, y, s1, s2, ")
            ElementTotalsQuery.appendResolvedYear(to: &query, stocks: stocks, flags: flags)
            query.appendLiteral(" AS r FROM (")
            query.appendLiteral("SELECT \(areaExpression) AS g, element, unit_code, year, SUM(CASE WHEN half = 0 THEN value END) AS y, ")
            query.appendLiteral("SUM(CASE WHEN half = 1 THEN value END) AS s1, SUM(CASE WHEN half = 2 THEN value END) AS s2 FROM data_values ")
            if let column { query.appendLiteral("WHERE \(column) IS NOT NULL ") }
            query.appendLiteral("GROUP BY \(column.map { "\($0), " } ?? "")element, unit_code, year) per_unit) resolved GROUP BY g, element, year")
            try await sql.raw(query).run()
        }
    }

    /// Which areas (districts) have numbers, per element and year, read from the kept table as
    /// ``ElementTotalsQuery/presence(_:byDistrict:elements:years:official:approvedFor:)`` grouped by district finds
    /// them in the values: a whole-year value, a first-half and a second-half value of any unit of the area
    /// (`y_count`, `s1_count`, `s2_count` above 0). An area without any is left out, as the grouped values leave it.
    static func presence(
        areas: [String], elements: [DataElement], years: ClosedRange<Int>, officialFor plan: UUID? = nil, on db: any Database
    ) async throws -> [ElementTotalsQuery.PresenceRow] {
        guard !areas.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        var query = SQLQueryString("SELECT area_code, element, year, y_count, s1_count, s2_count FROM ")
        appendKeptRows(areas: areas, elements: elements, years: years, officialFor: plan, to: &query)
        query.appendLiteral(" AND (y_count > 0 OR s1_count > 0 OR s2_count > 0)")
        return try await sql.raw(query).all().map { row in
            ElementTotalsQuery.PresenceRow(
                unitCode: try row.decode(column: "area_code", as: String.self), districtCode: nil,
                element: try row.decode(column: "element", as: String.self), year: try row.decode(column: "year", as: Int.self),
                halves: ReportedHalves(
                    year: try row.decode(column: "y_count", as: Int.self) > 0, first: try row.decode(column: "s1_count", as: Int.self) > 0,
                    second: try row.decode(column: "s2_count", as: Int.self) > 0))
        }
    }

    /// "… WHERE …": the kept rows of the areas, elements and years, from `area_totals`, or with `officialFor` a
    /// plan's id from that plan's rows of `official_totals`; appended after "SELECT … FROM ".
    static func appendKeptRows(
        areas: [String], elements: [DataElement], years: ClosedRange<Int>, officialFor plan: UUID?, to query: inout SQLQueryString
    ) {
        if let plan {
            query.appendLiteral("official_totals WHERE plan_id = ")
            query.appendInterpolation(bind: plan)
            query.appendLiteral(" AND area_code IN (")
        } else {
            query.appendLiteral("area_totals WHERE area_code IN (")
        }
        query.appendInterpolation(binds: areas)
        query.appendLiteral(") AND element IN (")
        query.appendInterpolation(binds: elements.isEmpty ? [""] : elements.map(\.code))
        query.appendLiteral(") AND year >= ")
        query.appendInterpolation(bind: years.lowerBound)
        query.appendLiteral(" AND year <= ")
        query.appendInterpolation(bind: years.upperBound)
    }

    /// The totals of one or more areas, read straight from the kept table: of every value (`area_totals`), or with
    /// `officialFor` a plan's id, of the values official for that plan (`official_totals`, ``OfficialTotals``).
    static func read(
        areas: [String], elements: [DataElement], years: ClosedRange<Int>, officialFor plan: UUID? = nil, on db: any Database
    ) async throws -> [String: UnitTotals] {
        guard !areas.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        var query = SQLQueryString(
            "SELECT area_code, element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count FROM ")
        appendKeptRows(areas: areas, elements: elements, years: years, officialFor: plan, to: &query)
        var result: [String: UnitTotals] = [:]
        for row in try await sql.raw(query).all() {
            let area = try row.decode(column: "area_code", as: String.self)
            let element = try row.decode(column: "element", as: String.self)
            let year = try row.decode(column: "year", as: Int.self)
            var totals = result[area] ?? UnitTotals()
            if try row.decode(column: "year_count", as: Int.self) > 0 {
                totals.years[element, default: [:]][year] = try row.decode(column: "year_total", as: Double.self)
            }
            if try row.decode(column: "s1_count", as: Int.self) > 0 {
                totals.halves[element, default: [:]]["\(year)S1"] = try row.decode(column: "s1_total", as: Double.self)
            }
            if try row.decode(column: "s2_count", as: Int.self) > 0 {
                totals.halves[element, default: [:]]["\(year)S2"] = try row.decode(column: "s2_total", as: Double.self)
            }
            result[area] = totals
        }
        let stocks = Set(elements.filter { $0.aggregation == .stock }.map(\.code))
        for key in result.keys { result[key]!.stocks = stocks }
        return result
    }
}
