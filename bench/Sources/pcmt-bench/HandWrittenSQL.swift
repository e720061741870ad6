import Foundation
import PCMTDomain
import PCMTStore
import SQLKit

/// Totals computed by one hand-written SQL statement over `data_values`: per element and year, the year's total as
/// the board resolves it (the whole-year value when there is one, else by the element's aggregation from the halves:
/// the second half for a stock, the larger half for a flag, the sum otherwise), and the sums of the first and second
/// halves. Keys are "element@year"; nil when no value of that kind is there.
struct HandTotals {
    var years: [String: Double] = [:]
    var firstHalves: [String: Double] = [:]
    var secondHalves: [String: Double] = [:]
}

/// The floor the engine is compared with, and the independent check of its numbers: one statement, written here by
/// hand, not built from the store's query code. `province` nil is the whole country.
///
/// With `approvedFor` (a plan's id) only the values official for that plan count, by the rule of "Numbers you can
/// trust" stated here again, as lists computed once (the plan's round periods, its approved period-unit pairs) rather
/// than the store's correlated EXISTS: a value of year Y counts when the plan has no round for "Y" nor for "YS1", or
/// when a report of its unit or of its district is approved in the plan's round for "Y", or, for a first-half value,
/// in the round for "YS1".
func handWrittenTotals(_ sql: any SQLDatabase, elements: [DataElement], province: String?, approvedFor plan: UUID? = nil) async throws
    -> HandTotals
{
    let stocks = elements.filter { $0.aggregation == .stock }.map { "'\($0.code)'" }.joined(separator: ",")
    let flags = elements.filter { $0.aggregation == .flag }.map { "'\($0.code)'" }.joined(separator: ",")
    var query = SQLQueryString(
        """
        SELECT element, year, SUM(CASE WHEN y IS NOT NULL THEN y WHEN element IN (\(stocks.isEmpty ? "''" : stocks)) THEN s2 \
        WHEN element IN (\(flags.isEmpty ? "''" : flags)) THEN CASE WHEN COALESCE(s1, 0) >= COALESCE(s2, 0) THEN s1 ELSE s2 END \
        ELSE COALESCE(s1, 0) + COALESCE(s2, 0) END) AS total, SUM(s1) AS total_s1, SUM(s2) AS total_s2 \
        FROM (SELECT element, unit_code, year, \
        SUM(CASE WHEN half = 0 THEN value END) AS y, SUM(CASE WHEN half = 1 THEN value END) AS s1, \
        SUM(CASE WHEN half = 2 THEN value END) AS s2 FROM data_values dv WHERE 1 = 1
        """)
    if let province { query.appendLiteral(" AND dv.province_code = '\(province)'") }
    if let plan {
        // Lists computed once (not correlated): the plan's round periods, and its approved (period, unit) pairs.
        var periods = SQLQueryString("SELECT period FROM reporting_rounds WHERE plan_id = ")
        periods.appendInterpolation(bind: plan)
        func approved() -> SQLQueryString {
            var pairs = SQLQueryString(
                "SELECT r.period, s.unit_code FROM submissions s JOIN reporting_rounds r ON r.id = s.round_id WHERE s.state = 'approved' AND r.plan_id = "
            )
            pairs.appendInterpolation(bind: plan)
            return pairs
        }
        let year = "CAST(dv.year AS TEXT)"
        let firstHalf = "CAST(dv.year AS TEXT) || 'S1'"
        query.appendLiteral(" AND ((\(year) NOT IN (")
        query.appendInterpolation(periods)
        query.appendLiteral(") AND \(firstHalf) NOT IN (")
        query.appendInterpolation(periods)
        query.appendLiteral(")) OR (\(year), dv.unit_code) IN (")
        query.appendInterpolation(approved())
        query.appendLiteral(") OR (\(year), dv.district_code) IN (")
        query.appendInterpolation(approved())
        query.appendLiteral(") OR (dv.half = 1 AND ((\(firstHalf), dv.unit_code) IN (")
        query.appendInterpolation(approved())
        query.appendLiteral(") OR (\(firstHalf), dv.district_code) IN (")
        query.appendInterpolation(approved())
        query.appendLiteral("))))")
    }
    query.appendLiteral(" GROUP BY element, unit_code, year) u GROUP BY element, year")
    var totals = HandTotals()
    for row in try await sql.raw(query).all() {
        let key = "\(try row.decode(column: "element", as: String.self))@\(try row.decode(column: "year", as: Int.self))"
        totals.years[key] = try row.decode(column: "total", as: Double?.self)
        totals.firstHalves[key] = try row.decode(column: "total_s1", as: Double?.self)
        totals.secondHalves[key] = try row.decode(column: "total_s2", as: Double?.self)
    }
    return totals
}

/// The kept official totals of the whole country, read by the bench straight from `official_totals` (the store has
/// no country board of approved data only), in the shape of the hand-written totals.
func keptCountryOfficialTotals(_ sql: any SQLDatabase, plan: UUID) async throws -> HandTotals {
    var query = SQLQueryString(
        "SELECT element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count FROM official_totals WHERE plan_id = ")
    query.appendInterpolation(bind: plan)
    query.appendLiteral(" AND area_code = '*'")
    var totals = HandTotals()
    for row in try await sql.raw(query).all() {
        let key = "\(try row.decode(column: "element", as: String.self))@\(try row.decode(column: "year", as: Int.self))"
        if try row.decode(column: "year_count", as: Int.self) > 0 { totals.years[key] = try row.decode(column: "year_total", as: Double.self) }
        if try row.decode(column: "s1_count", as: Int.self) > 0 { totals.firstHalves[key] = try row.decode(column: "s1_total", as: Double.self) }
        if try row.decode(column: "s2_count", as: Int.self) > 0 { totals.secondHalves[key] = try row.decode(column: "s2_total", as: Double.self) }
    }
    return totals
}

/// The engine's totals in the shape of the hand-written ones.
func handShape(_ totals: UnitTotals) -> HandTotals {
    var shaped = HandTotals()
    for (element, years) in totals.years { for (year, value) in years { shaped.years["\(element)@\(year)"] = value } }
    for (element, halves) in totals.halves {
        for (period, value) in halves {
            guard let parsed = Period(period), case .halfYear(let year, let half) = parsed else { continue }
            if half == 1 { shaped.firstHalves["\(element)@\(year)"] = value } else { shaped.secondHalves["\(element)@\(year)"] = value }
        }
    }
    return shaped
}

/// Where two sets of totals differ (a missing figure counts as 0), as "kind element@year: a vs b", at most `limit`;
/// empty when they agree. Years outside `years` are left out (the engine reads only the plan's years).
func differences(_ a: HandTotals, _ b: HandTotals, years: ClosedRange<Int>, limit: Int = 5) -> [String] {
    var found: [String] = []
    for (kind, left, right) in [("year", a.years, b.years), ("S1", a.firstHalves, b.firstHalves), ("S2", a.secondHalves, b.secondHalves)] {
        for key in Set(left.keys).union(right.keys).sorted() {
            guard let year = key.split(separator: "@").last.flatMap({ Int($0) }), years.contains(year) else { continue }
            let x = left[key] ?? 0, y = right[key] ?? 0
            if abs(x - y) > max(1e-6, 1e-9 * max(abs(x), abs(y))) { found.append("\(kind) \(key): \(x) vs \(y)") }
        }
    }
    return Array(found.prefix(limit))
}
