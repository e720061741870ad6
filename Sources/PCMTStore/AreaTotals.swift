import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// One unit's numbers for an element and a year: reported whole, and by half (summed over categories).
struct UnitYear: Equatable {
    var year: Double?
    var s1: Double?
    var s2: Double?

    /// The year as the unit contributes it: reported whole, else made from its halves.
    func resolved(_ aggregation: DataElement.Aggregation) -> Double? {
        if let year { return year }
        switch aggregation {
        case .flow: return s1 == nil && s2 == nil ? nil : (s1 ?? 0) + (s2 ?? 0)
        case .stock: return s2
        case .flag: return s1 == nil ? s2 : s2 == nil ? s1 : max(s1!, s2!)
        }
    }
}

/// Keeps `area_totals` in step with `data_values`.
enum AreaTotals {
    static let country = "*"

    static func areas(_ placement: UnitPlacement) -> [String] {
        [placement.districtCode, placement.provinceCode, country].compactMap { $0 }
    }

    /// The unit's numbers for one element and year, as stored now.
    static func unitYear(element: String, unitCode: String, year: Int, on db: any Database) async throws -> UnitYear {
        let rows = try await DataValueModel.query(on: db).filter(\.$element == element).filter(\.$unitCode == unitCode)
            .filter(\.$year == year).all()
        var result = UnitYear()
        for row in rows {
            switch row.half {
            case 0: result.year = (result.year ?? 0) + row.value
            case 1: result.s1 = (result.s1 ?? 0) + row.value
            default: result.s2 = (result.s2 ?? 0) + row.value
            }
        }
        return result
    }

    /// Moves the areas above a unit from `before` to `after` for one element and year.
    static func apply(
        element: String, aggregation: DataElement.Aggregation, placement: UnitPlacement, year: Int,
        before: UnitYear, after: UnitYear, on db: any Database
    ) async throws {
        guard before != after else { return }
        func delta(_ old: Double?, _ new: Double?) -> (Double, Int) {
            ((new ?? 0) - (old ?? 0), (new == nil ? 0 : 1) - (old == nil ? 0 : 1))
        }
        let (yearDelta, yearCount) = delta(before.resolved(aggregation), after.resolved(aggregation))
        let (s1Delta, s1Count) = delta(before.s1, after.s1)
        let (s2Delta, s2Count) = delta(before.s2, after.s2)
        let yCount = (after.year == nil ? 0 : 1) - (before.year == nil ? 0 : 1)
        let sql = db as! any SQLDatabase
        for area in areas(placement) {
            try await sql.raw(
                """
                INSERT INTO area_totals (area_code, element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count, y_count)
                VALUES (\(bind: area), \(bind: element), \(bind: year), \(bind: yearDelta), \(bind: yearCount), \(bind: s1Delta), \(bind: s1Count), \(bind: s2Delta), \(bind: s2Count), \(bind: yCount))
                ON CONFLICT (area_code, element, year) DO UPDATE SET
                year_total = area_totals.year_total + excluded.year_total, year_count = area_totals.year_count + excluded.year_count,
                s1_total = area_totals.s1_total + excluded.s1_total, s1_count = area_totals.s1_count + excluded.s1_count,
                s2_total = area_totals.s2_total + excluded.s2_total, s2_count = area_totals.s2_count + excluded.s2_count,
                y_count = area_totals.y_count + excluded.y_count
                """
            ).run()
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

    /// The totals of one or more areas, read straight from the kept table: of every value (`area_totals`), or with
    /// `officialFor` a plan's id, of the values official for that plan (`official_totals`, ``OfficialTotals``).
    static func read(
        areas: [String], elements: [DataElement], years: ClosedRange<Int>, officialFor plan: UUID? = nil, on db: any Database
    ) async throws -> [String: UnitTotals] {
        guard !areas.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        var query = SQLQueryString(
            "SELECT area_code, element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count FROM ")
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
