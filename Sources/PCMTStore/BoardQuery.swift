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
    /// The official filter of a plan: nil when the plan has no reporting round yet (then all data counts).
    public func officialFilter(plan: Plan) async throws -> OfficialFilter? {
        let rounds = RoundStore(database: database)
        guard try await rounds.hasRounds(planID: plan.id) else { return nil }
        var byYear: [Int: (year: [String], firstHalf: [String])] = [:]
        var open: [Int] = []
        let periods = Set(try await rounds.rounds(planID: plan.id).map(\.period.description))
        for year in (plan.baselineYear - 1)...plan.endYear {
            guard periods.contains("\(year)") || periods.contains("\(year)S1") else { open.append(year); continue }
            byYear[year] = (
                try await rounds.approvedUnits(planID: plan.id, period: "\(year)"),
                try await rounds.approvedUnits(planID: plan.id, period: "\(year)S1")
            )
        }
        return OfficialFilter(byYear: byYear, openYears: open)
    }

    public func totals(
        plan: Plan, unit: OrgUnit, children: Bool = false, allUnits: [OrgUnit],
        official: OfficialFilter? = nil
    ) async throws -> (unit: UnitTotals, children: [String: UnitTotals]) {
        let elements = try await DataElementStore(database: database).elements(planID: plan.id)
        let years = (plan.baselineYear - 1)...plan.endYear
        let query = ElementTotalsQuery(database: database)
        let scope = Self.scope(for: unit)
        var own: UnitTotals
        if let official {
            own = try await query.totals(scope, elements: elements, years: years, official: official)[""] ?? UnitTotals()
        } else if unit.level == .province || unit.level == .district {
            own = try await AreaTotals.read(areas: [unit.code], elements: elements, years: years, on: database)[unit.code] ?? UnitTotals()
        } else {
            own = try await query.totals(scope, elements: elements, years: years)[""] ?? UnitTotals()
        }
        own.stocks = Set(elements.filter { $0.aggregation == .stock }.map(\.code))
        own.unitCounts = Self.counts(under: unit.code, allUnits: allUnits)
        var below: [String: UnitTotals] = [:]
        if children {
            if let official {
                below = try await query.totals(
                    scope, groupedBy: unit.level == .province ? .district : .unit, elements: elements,
                    years: years, official: official)
            } else if unit.level == .province {
                let districts = allUnits.filter { $0.parentCode == unit.code && $0.level == .district }.map(\.code)
                below = try await AreaTotals.read(areas: districts, elements: elements, years: years, on: database)
            } else {
                below = try await query.totals(scope, groupedBy: .unit, elements: elements, years: years)
            }
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

    /// Totals of the whole country, read from the kept table.
    public func countryTotals(plan: Plan, allUnits: [OrgUnit]) async throws -> UnitTotals {
        let elements = try await DataElementStore(database: database).elements(planID: plan.id)
        var totals =
            try await AreaTotals.read(
                areas: [AreaTotals.country], elements: elements, years: (plan.baselineYear - 1)...plan.endYear,
                on: database)[AreaTotals.country] ?? UnitTotals()
        totals.stocks = Set(elements.filter { $0.aggregation == .stock }.map(\.code))
        totals.unitCounts = ["commune": Double(allUnits.filter { $0.level == .commune }.count)]
        return totals
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
