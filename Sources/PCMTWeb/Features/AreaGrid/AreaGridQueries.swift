import FluentKit
import Foundation
import PCMTDomain
import PCMTStore

/// A district's area in one grid (issue 14, item 2): for one period, its communes as rows and the data elements they
/// report as columns, and the district's own elements; read and saved as one.
enum AreaGridQueries {
    /// One column of the grid: an element, or one category of it.
    struct Column: Sendable {
        var element: DataElement
        var category: DataElement.Category?
        /// The form key, as the unit's own form names it (``DataEntryPage/key(_:_:)``).
        var key: String { DataEntryPage.key(element.code, category?.code ?? "") }
    }

    /// One row: a unit (a commune, or the district for its own elements) with where it sits.
    struct Row: Sendable {
        var unit: OrgUnit
        var placement: UnitPlacement
        /// The columns this unit reports (an element collected only at some communes leaves the others empty).
        var keys: Set<String>
    }

    struct Grid: Sendable {
        var plan: Plan
        var district: Row
        var period: Period
        /// The communes of the district that existed during the period, in the order of their codes (the official list's).
        var communes: [Row]
        var communeColumns: [Column]
        var districtColumns: [Column]
        /// Every element of the plan (for the rules over a unit's values).
        var elements: [DataElement]

        var rows: [Row] { communes + [district] }
    }

    static func columns(_ elements: [DataElement]) -> [Column] {
        elements.flatMap { element in
            element.categories.isEmpty ? [Column(element: element)] : element.categories.map { Column(element: element, category: $0) }
        }
    }

    /// The grid of a district for a period, once the principal may enter the district's data (its district reporter,
    /// the province's standing office): 404 for a unit that is not a district or a period outside the plan, 403
    /// otherwise.
    static func grid(_ context: PageQueryContext, districtCode: String?, period text: String?) async throws -> Grid {
        let target = try await DataEntryQueries.target(context, unitCode: districtCode, period: text)
        guard target.unit.level == .district else {
            throw PageError.notFound(
                context.t(
                    "The grid of communes is for a district: \(target.unit.name) is not one.",
                    "Bảng nhập số liệu các xã dành cho cấp huyện: \(target.unit.name) không phải đơn vị cấp huyện."))
        }
        let (_, elements) = try await DataEntryQueries.plan(context, year: target.period.firstYear)
        let children = try await context.units.children(of: target.unit.code)
            .filter { $0.level == .commune && DataValueRules.unitProblem($0, period: target.period) == nil }
            .sorted { $0.code < $1.code }
        let communeElements = elements.filter { element in children.contains { element.collectedAt.applies(to: $0) } }
        let communes = children.map { unit in
            Row(
                unit: unit,
                placement: UnitPlacement(
                    unitCode: unit.code, districtCode: target.unit.code, provinceCode: target.placement.provinceCode),
                keys: Set(columns(communeElements.filter { $0.collectedAt.applies(to: unit) }).map(\.key)))
        }
        let districtColumns = columns(target.elements)
        return Grid(
            plan: target.plan,
            district: Row(unit: target.unit, placement: target.placement, keys: Set(districtColumns.map(\.key))),
            period: target.period, communes: communes, communeColumns: columns(communeElements), districtColumns: districtColumns,
            elements: elements)
    }

    /// What is saved in the grid's places, as a write takes it (``SavedValues``), and by unit code and form key.
    static func saved(_ context: PageQueryContext, _ grid: Grid) async throws -> (known: SavedValues, current: [String: [String: DataValue]]) {
        let known = try await DataValueStore(database: context.db).savedValues(places: grid.rows.map { ($0.unit.code, grid.period.description) })
        var current: [String: [String: DataValue]] = [:]
        for row in grid.rows {
            for value in known.byPlace["\(row.unit.code)|\(grid.period)"] ?? [] {
                current[row.unit.code, default: [:]][DataEntryPage.key(value.element, value.category)] = value
            }
        }
        return (known, current)
    }

    /// For a year, each cell's figure made from its two half-years by the element's rule (flows added, stocks at the
    /// year's end, flags yes if either is), by unit code and form key; empty for a half-year or a span.
    static func fromHalves(_ context: PageQueryContext, _ grid: Grid) async throws -> [String: [String: Double]] {
        guard case .year(let year) = grid.period else { return [:] }
        let halves = [Period.halfYear(year, half: 1), .halfYear(year, half: 2)].map(\.description)
        let known = try await DataValueStore(database: context.db).savedValues(
            places: grid.rows.flatMap { row in halves.map { (row.unit.code, $0) } })
        let aggregation = Dictionary(grid.elements.map { ($0.code, $0.aggregation) }, uniquingKeysWith: { first, _ in first })
        var result: [String: [String: Double]] = [:]
        for row in grid.rows {
            var first: [String: Double] = [:], second: [String: Double] = [:]
            for value in known.byPlace["\(row.unit.code)|\(halves[0])"] ?? [] {
                first[DataEntryPage.key(value.element, value.category)] = value.value
            }
            for value in known.byPlace["\(row.unit.code)|\(halves[1])"] ?? [] {
                second[DataEntryPage.key(value.element, value.category)] = value.value
            }
            for key in Set(first.keys).union(second.keys) {
                let code = key.components(separatedBy: "__").first ?? key
                guard let rule = aggregation[code], let figure = rule.year(whole: nil, first: first[key], second: second[key]) else { continue }
                result[row.unit.code, default: [:]][key] = figure
            }
        }
        return result
    }

    /// The first approved report that locks each unit of the grid in the period, in words, by unit code.
    static func locks(_ context: PageQueryContext, _ grid: Grid) async throws -> [String: String] {
        let locks = try await RoundStore(database: context.db).firstLocks(grid.rows.map { ($0.placement, grid.period) })
        var messages: [String: String] = [:]
        for (row, lock) in zip(grid.rows, locks) {
            if let lock { messages[row.unit.code] = lock.message(context.t.language) }
        }
        return messages
    }
}
