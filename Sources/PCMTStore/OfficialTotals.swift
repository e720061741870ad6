import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// Keeps `official_totals` in step with `data_values` and the approvals of reports: per plan, area (district,
/// province, the whole country as "*"), element and year, the totals of the values that are official for the plan,
/// in the shape of `area_totals` (``AreaTotals``).
///
/// A value is official for a plan (the rule of ``OfficialFilter``, stated in SQL by ``appendIsOfficial(plan:table:to:)``)
/// when the plan has no reporting round for its year (neither the year's nor its first half's: nothing to approve,
/// everything entered counts), or when the report of its unit or of its district for its year is approved, or, for a
/// first-half value, the report for the first half is. A review (a span of years) makes nothing official by itself.
///
/// Every change that can move an official total takes the contributions of the unit-years it touches out before the
/// change and puts them back after it, in the change's own transaction: a save or an import of values
/// (``DataValueStore``), a report moved into or out of `approved` (``RoundStore/transition(id:expectedVersion:action:comment:context:)``),
/// a round opened (``RoundStore/open(planID:period:kind:schedule:unitCodes:context:)``), a plan given its elements.
/// ``rebuild(on:)`` computes the whole table from scratch (migration, bulk loads).
enum OfficialTotals {
    static let table = "official_totals"

    /// " ON CONFLICT …": an inserted row adds its totals and counts to the kept row of the same plan, area, element
    /// and year.
    static let addingOnConflict =
        " ON CONFLICT (plan_id, area_code, element, year) DO UPDATE SET "
        + "year_total = official_totals.year_total + excluded.year_total, year_count = official_totals.year_count + excluded.year_count, "
        + "s1_total = official_totals.s1_total + excluded.s1_total, s1_count = official_totals.s1_count + excluded.s1_count, "
        + "s2_total = official_totals.s2_total + excluded.s2_total, s2_count = official_totals.s2_count + excluded.s2_count, "
        + "y_count = official_totals.y_count + excluded.y_count"

    /// " (…)": whether the row of `table` (data_values or its alias) is official for the plan whose id is the SQL
    /// expression `plan` (a column such as `de.plan_id`; never user input).
    static func appendIsOfficial(plan: String, table: String, to query: inout SQLQueryString) {
        let year = "CAST(\(table).year AS TEXT)"
        query.appendLiteral(
            "(NOT EXISTS (SELECT 1 FROM reporting_rounds orr WHERE orr.plan_id = \(plan) AND (orr.period = \(year) OR orr.period = \(year) || 'S1')) "
                + "OR EXISTS (SELECT 1 FROM reporting_rounds orr JOIN submissions os ON os.round_id = orr.id WHERE orr.plan_id = \(plan) "
                + "AND os.state = 'approved' AND (os.unit_code = \(table).unit_code OR os.unit_code = \(table).district_code) "
                + "AND (orr.period = \(year) OR (\(table).half = 1 AND orr.period = \(year) || 'S1'))))")
    }

    /// " (…)": the same for one plan given by its id (bound).
    static func appendIsOfficial(planID: UUID, table: String, to query: inout SQLQueryString) {
        let year = "CAST(\(table).year AS TEXT)"
        query.appendLiteral("(NOT EXISTS (SELECT 1 FROM reporting_rounds orr WHERE orr.plan_id = ")
        query.appendInterpolation(bind: planID)
        query.appendLiteral(" AND (orr.period = \(year) OR orr.period = \(year) || 'S1')) ")
        query.appendLiteral("OR EXISTS (SELECT 1 FROM reporting_rounds orr JOIN submissions os ON os.round_id = orr.id WHERE orr.plan_id = ")
        query.appendInterpolation(bind: planID)
        query.appendLiteral(
            " AND os.state = 'approved' AND (os.unit_code = \(table).unit_code OR os.unit_code = \(table).district_code) "
                + "AND (orr.period = \(year) OR (\(table).half = 1 AND orr.period = \(year) || 'S1'))))")
    }

    /// Which unit-years a change touches: a condition on `dv` (data_values) and `de` (the plan's data element).
    enum Touched {
        /// Every value (a rebuild).
        case all
        /// The values of one plan (its elements were just given to it).
        case plan(UUID)
        /// The values of one year under one plan (a round opened): every unit's year for the plan's elements.
        case planYear(UUID, Int)
        /// A report of `unit` (or of the district `unit`, with its communes) for a year under one plan.
        case planUnitYear(UUID, unit: String, year: Int)
        /// One unit's year for some elements, under every plan that has them (a save of values).
        case unitYear(unit: String, year: Int, elements: [String])
        /// Every year of `years` of each unit of `units` for some elements, under every plan that has them (a bulk
        /// write: taken out and put back whole, so a unit-year it does not change comes back as it was).
        case unitsYears(units: [String], years: [Int], elements: [String])

        func append(to query: inout SQLQueryString) {
            switch self {
            case .all:
                query.appendLiteral("1 = 1")
            case .plan(let plan):
                query.appendLiteral("de.plan_id = ")
                query.appendInterpolation(bind: plan)
            case .planYear(let plan, let year):
                query.appendLiteral("de.plan_id = ")
                query.appendInterpolation(bind: plan)
                query.appendLiteral(" AND dv.year = ")
                query.appendInterpolation(bind: year)
            case .planUnitYear(let plan, let unit, let year):
                query.appendLiteral("de.plan_id = ")
                query.appendInterpolation(bind: plan)
                query.appendLiteral(" AND dv.year = ")
                query.appendInterpolation(bind: year)
                query.appendLiteral(" AND (dv.unit_code = ")
                query.appendInterpolation(bind: unit)
                query.appendLiteral(" OR dv.district_code = ")
                query.appendInterpolation(bind: unit)
                query.appendLiteral(")")
            case .unitYear(let unit, let year, let elements):
                query.appendLiteral("dv.unit_code = ")
                query.appendInterpolation(bind: unit)
                query.appendLiteral(" AND dv.year = ")
                query.appendInterpolation(bind: year)
                query.appendLiteral(" AND dv.element IN (")
                query.appendInterpolation(binds: elements.isEmpty ? [""] : elements)
                query.appendLiteral(")")
            case .unitsYears(let units, let years, let elements):
                query.appendLiteral("dv.unit_code IN (")
                query.appendInterpolation(binds: units.isEmpty ? [""] : units)
                query.appendLiteral(") AND dv.year IN (")
                query.appendInterpolation(binds: years.isEmpty ? [0] : years)
                query.appendLiteral(") AND dv.element IN (")
                query.appendInterpolation(binds: elements.isEmpty ? [""] : elements)
                query.appendLiteral(")")
            }
        }
    }

    /// Adds (`sign` 1) or takes out (`sign` -1) the official contributions of the touched unit-years to every area
    /// above them: per unit, element and year the year is resolved from its official values as ``UnitYear`` does (by
    /// the plan's aggregation of the element), then summed per area with the number of units that have it.
    /// Every call also moves the data number of the boards' cache (``ReferenceCache/bumpData(on:)``): what passes
    /// here is what can change a board.
    /// `bumpingData` false: for the migration that runs before that number exists (``AddDataVersion``).
    static func contribute(_ touched: Touched, sign: Int, bumpingData: Bool = true, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if bumpingData { try await ReferenceCache.bumpData(on: db) }
        let factor = sign < 0 ? "-1 * " : ""
        for area in ["dv.district_code", "dv.province_code", "'*'"] {
            var query = SQLQueryString(
                "INSERT INTO official_totals (plan_id, area_code, element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count, y_count) "
            )
            query.appendLiteral(
                "SELECT p, g, element, year, \(factor)COALESCE(SUM(r), 0), \(factor)COUNT(r), \(factor)COALESCE(SUM(s1), 0), \(factor)COUNT(s1), "
                    + "\(factor)COALESCE(SUM(s2), 0), \(factor)COUNT(s2), \(factor)COUNT(y) FROM (")
            query.appendLiteral("SELECT p, g, element, year, y, s1, s2, COALESCE(y, CASE WHEN agg = 'stock' THEN s2 WHEN agg = 'flag' THEN ")
            query.appendLiteral("CASE WHEN s1 IS NULL THEN s2 WHEN s2 IS NULL THEN s1 WHEN s1 >= s2 THEN s1 ELSE s2 END ")
            query.appendLiteral("ELSE CASE WHEN s1 IS NULL AND s2 IS NULL THEN NULL ELSE COALESCE(s1, 0) + COALESCE(s2, 0) END END) AS r FROM (")
            query.appendLiteral(
                "SELECT de.plan_id AS p, \(area) AS g, dv.element AS element, dv.unit_code AS u, dv.year AS year, de.aggregation AS agg, ")
            query.appendLiteral("SUM(CASE WHEN dv.half = 0 THEN dv.value END) AS y, SUM(CASE WHEN dv.half = 1 THEN dv.value END) AS s1, ")
            query.appendLiteral("SUM(CASE WHEN dv.half = 2 THEN dv.value END) AS s2 ")
            query.appendLiteral("FROM data_values dv JOIN data_elements de ON de.code = dv.element WHERE \(area) IS NOT NULL AND ")
            touched.append(to: &query)
            query.appendLiteral(" AND ")
            appendIsOfficial(plan: "de.plan_id", table: "dv", to: &query)
            query.appendLiteral(" GROUP BY de.plan_id, \(area == "'*'" ? "" : "\(area), ")dv.element, dv.unit_code, dv.year, de.aggregation")
            query.appendLiteral(") per_unit) resolved WHERE 1 = 1 GROUP BY p, g, element, year ")
            query.appendLiteral(Self.addingOnConflict)
            try await sql.raw(query).run()
        }
    }

    /// Of `years`, the plans whose official totals a write of values of `elements` can move once the write has
    /// passed the locks (``RoundStore/locks(_:on:)``): per year, each plan that has one of the elements and no
    /// reporting round, neither the year's nor its first half's, with the aggregations of its elements among
    /// `elements`. A year no such plan has is left out.
    ///
    /// Under a plan with a round for the year, a value is official only through an approved report (of its unit or
    /// district, for its year, or for the first half for a first-half value: ``appendIsOfficial(plan:table:to:)``),
    /// and every such report, of any plan, locks the value (``RoundStore/covers(_:_:)``: a year report locks the
    /// year and its halves, a half-year report its half). A write that was not refused by a lock therefore changes
    /// only values that are not official under that plan, before and after: the plan's official totals for the
    /// year stay as they were. Under a plan without a round for the year every value is official, so its official
    /// totals move exactly as `area_totals` do for its elements (``add(_:plans:on:)``).
    static func countedPlans(_ years: [Int], elements: [String], on db: any Database) async throws
        -> [Int: [UUID: [String: DataElement.Aggregation]]]
    {
        guard !years.isEmpty, !elements.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        var planElements: [UUID: [String: DataElement.Aggregation]] = [:]
        for row in try await sql.raw("SELECT plan_id, code, aggregation FROM data_elements WHERE code IN (\(binds: elements))").all() {
            planElements[try row.decode(column: "plan_id", as: UUID.self), default: [:]][try row.decode(column: "code", as: String.self)] =
                DataElement.Aggregation(rawValue: try row.decode(column: "aggregation", as: String.self)) ?? .flow
        }
        guard !planElements.isEmpty else { return [:] }
        var periods: [UUID: Set<String>] = [:]
        let plans = Array(planElements.keys)
        for row in try await sql.raw("SELECT plan_id, period FROM reporting_rounds WHERE plan_id IN (\(binds: plans))").all() {
            periods[try row.decode(column: "plan_id", as: UUID.self), default: []].insert(try row.decode(column: "period", as: String.self))
        }
        var result: [Int: [UUID: [String: DataElement.Aggregation]]] = [:]
        for year in years {
            for (plan, aggregations) in planElements {
                let rounds = periods[plan] ?? []
                if !rounds.contains(String(year)) && !rounds.contains("\(year)S1") { result[year, default: [:]][plan] = aggregations }
            }
        }
        return result
    }

    /// Adds the movements of `area_totals` (``AreaTotals/deltas(before:after:aggregations:)``) to the
    /// official totals of the plans without a round for the year (`plans`, from ``countedPlans(_:elements:on:)``),
    /// each for its own elements, in multi-row upserts of at most 2,700 rows (11 parameters each). The movements must
    /// have been resolved by the same aggregations as the plans' elements.
    static func add(_ deltas: [AreaTotals.AreaKey: AreaTotals.Delta], plans: [Int: [UUID: [String: DataElement.Aggregation]]], on db: any Database)
        async throws
    {
        var rows: [(plan: UUID, key: AreaTotals.AreaKey, delta: AreaTotals.Delta)] = []
        for (key, delta) in deltas {
            for (plan, elements) in plans[key.year] ?? [:] where elements[key.element] != nil { rows.append((plan, key, delta)) }
        }
        rows.sort { ($0.plan.uuidString, $0.key.area, $0.key.element, $0.key.year) < ($1.plan.uuidString, $1.key.area, $1.key.element, $1.key.year) }
        let sql = db as! any SQLDatabase
        for chunk in BulkSQL.chunks(rows, size: 2700) {
            var query = SQLQueryString(
                "INSERT INTO official_totals (plan_id, area_code, element, year, year_total, year_count, s1_total, s1_count, s2_total, s2_count, y_count) VALUES "
            )
            BulkSQL.appendRows(chunk, to: &query) { row in
                [
                    row.plan, row.key.area, row.key.element, row.key.year, row.delta.yearTotal, row.delta.yearCount, row.delta.s1Total,
                    row.delta.s1Count, row.delta.s2Total, row.delta.s2Count, row.delta.yCount,
                ]
            }
            query.appendLiteral(Self.addingOnConflict)
            try await sql.raw(query).run()
        }
    }

    /// Runs `change` between taking the touched contributions out and putting them back, so that the kept totals
    /// follow whatever the change does to the values or to the approvals. Call inside the change's transaction.
    /// The boards' data number moves even when nothing is touched (a review round opened: the plan has rounds now).
    static func around<T>(_ touched: [Touched], on db: any Database, _ change: () async throws -> T) async throws -> T {
        try await ReferenceCache.bumpData(on: db)
        for item in touched { try await contribute(item, sign: -1, on: db) }
        let result = try await change()
        for item in touched { try await contribute(item, sign: 1, on: db) }
        return result
    }

    /// Computes the whole table again from the values and the approvals.
    static func rebuild(bumpingData: Bool = true, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DELETE FROM official_totals").run()
        try await contribute(.all, sign: 1, bumpingData: bumpingData, on: db)
    }

    /// Computes one plan's rows again (its elements changed).
    static func rebuild(planID: UUID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DELETE FROM official_totals WHERE plan_id = \(bind: planID)").run()
        try await contribute(.plan(planID), sign: 1, on: db)
    }
}
