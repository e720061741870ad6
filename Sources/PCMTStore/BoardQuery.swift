import Fluent
import Foundation
import PCMTDomain

/// Everything a board needs for one area: the plan's elements, their totals, and the number of units of each level.
public struct BoardQuery: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public static func scope(for unit: OrgUnit) -> TotalsScope {
        switch unit.level {
        case .province: .province(unit.code)
        case .district: .district(unit.code)
        case .commune, .agency: .unit(unit.code)
        }
    }

    /// Totals for `unit`, and, when `children` is true, for each unit directly below it (districts of a province,
    /// communes of a district).
    public func totals(plan: Plan, unit: OrgUnit, children: Bool = false, allUnits: [OrgUnit]) async throws
        -> (unit: UnitTotals, children: [String: UnitTotals]) {
        let elements = try await DataElementStore(database: database).elements(planID: plan.id)
        let years = (plan.baselineYear - 1)...plan.endYear
        let query = ElementTotalsQuery(database: database)
        let scope = Self.scope(for: unit)
        var own = try await query.totals(scope, elements: elements, years: years)[""] ?? UnitTotals()
        own.stocks = Set(elements.filter { $0.aggregation == .stock }.map(\.code))
        own.unitCounts = Self.counts(under: unit.code, allUnits: allUnits)
        var below: [String: UnitTotals] = [:]
        if children {
            let grouping: TotalsGrouping = unit.level == .province ? .district : .unit
            below = try await query.totals(scope, groupedBy: grouping, elements: elements, years: years)
            for child in allUnits where child.parentCode == unit.code && child.level != .agency {
                var totals = below[child.code] ?? UnitTotals()
                totals.stocks = own.stocks
                totals.unitCounts = Self.counts(under: child.code, allUnits: allUnits)
                below[child.code] = totals
            }
            below = below.filter { code, _ in allUnits.contains { $0.code == code && $0.parentCode == unit.code } }
        }
        return (own, below)
    }

    /// The number of units of each level in the area of `code`, the unit itself included.
    static func counts(under code: String, allUnits: [OrgUnit]) -> [String: Double] {
        var children: [String: [OrgUnit]] = [:]
        for unit in allUnits { if let parent = unit.parentCode { children[parent, default: []].append(unit) } }
        var counts: [String: Double] = [:]
        var stack = [code]
        if let me = allUnits.first(where: { $0.code == code }) { counts[me.level.rawValue, default: 0] += 1 }
        while let next = stack.popLast() {
            for child in children[next] ?? [] {
                counts[child.level.rawValue, default: 0] += 1
                stack.append(child.code)
            }
        }
        return counts
    }
}
