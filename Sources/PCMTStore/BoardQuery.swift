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

    /// Totals for `unit`, and, when `children` is true, for each unit directly below it (districts of a province,
    /// communes of a district).
    ///
    /// The figures are of every value, or of the official ones only: with `approvedOnly`, those official for the plan
    /// by the approvals in the database, read from the kept official totals (``OfficialTotals``) for a province or a
    /// district, as the figures of every value are read from the kept area totals; with `official`, those the given
    /// filter keeps, summed from the values (the reference the kept totals are checked against).
    public func totals(
        plan: Plan, unit: OrgUnit, children: Bool = false, allUnits: [OrgUnit],
        official: OfficialFilter? = nil, approvedOnly: Bool = false
    ) async throws -> (unit: UnitTotals, children: [String: UnitTotals]) {
        try await compute(
            plan: plan, unit: unit, children: children, index: UnitIndex(units: allUnits), official: official, approvedOnly: approvedOnly)
    }

    /// The same for the units in the database (the tree kept by ``ReferenceCache``), kept in memory until units,
    /// plans or data change (``ReferenceCache/boardTotals(key:on:load:)``): a board asked for again, by anyone,
    /// reads nothing but the two version numbers until the next save, import, approval, return, reopening or round.
    /// The figures are those of every value, or with `approvedOnly` of the official ones (as above).
    public func totals(plan: Plan, unit: OrgUnit, children: Bool = false, approvedOnly: Bool = false) async throws -> (
        unit: UnitTotals, children: [String: UnitTotals]
    ) {
        let key =
            "totals|\(plan.id.uuidString)|\(unit.code)@\(unit.validFrom ?? "")|\(children ? "children" : "own")|\(approvedOnly ? "approved" : "all")"
        let totals: BoardTotals = try await ReferenceCache.shared.derived(key: key, on: database) {
            let index = try await ReferenceCache.shared.unitIndex(on: database)
            let computed = try await compute(plan: plan, unit: unit, children: children, index: index, official: nil, approvedOnly: approvedOnly)
            return BoardTotals(unit: computed.unit, children: computed.children)
        }
        return (totals.unit, totals.children)
    }

    /// Every target of the plan judged for `unit` and `period` (``TargetBoard``) from the totals above, kept with them
    /// until the next change.
    public func board(plan: Plan, unit: OrgUnit, period: Period, approvedOnly: Bool = false) async throws -> TargetBoard {
        let key = "board|\(plan.id.uuidString)|\(unit.code)@\(unit.validFrom ?? "")|\(period)|\(approvedOnly ? "approved" : "all")"
        return try await ReferenceCache.shared.derived(key: key, on: database) {
            TargetBoard(plan: plan, period: period, totals: try await totals(plan: plan, unit: unit, approvedOnly: approvedOnly).unit)
        }
    }

    /// Each unit's own figures (the annex's units sheets): the values entered for the unit itself, a district's by
    /// its communes, of every value or with `approvedOnly` of those official for the plan (as the board's figures with
    /// approved data, ``OfficialTotals``), and only of the half-years in which the unit existed under its
    /// code: a reused code's values of other days are another unit's (23425's 2025S1 is old Xã Đắk Hà's, not the new
    /// Xã Tu Mơ Rông's), and nothing is re-based, so that units of both maps add up to their territory without a
    /// half counted twice. One query per province and level, whatever the number of units.
    ///
    /// - Returns: the totals in the order of `units` (empty totals for a unit with no value).
    public func ownFigures(
        plan: Plan, units: [OrgUnit], timeline: UnitTimeline, years: ClosedRange<Int>, approvedOnly: Bool = false
    ) async throws -> [UnitTotals] {
        let elements = try await DataElementStore(database: database).elements(planID: plan.id)
        let query = ElementTotalsQuery(database: database)
        func province(_ unit: OrgUnit) -> String? { ([unit] + timeline.ancestors(of: unit)).first { $0.level == .province }?.code }
        var read: [String: [String: UnitTotals]] = [:]
        var result: [UnitTotals] = []
        for unit in units {
            let grouping: TotalsGrouping = unit.level == .district ? .district : .unit
            let area = province(unit)
            let key = "\(area ?? "")|\(grouping.rawValue)"
            if read[key] == nil {
                let scope: TotalsScope = area.map { .province($0) } ?? BoardQuery.scope(for: unit)
                read[key] = try await query.totals(
                    scope, groupedBy: grouping, elements: elements, years: years, approvedFor: approvedOnly ? plan.id : nil)
            }
            let totals = read[key]?[unit.code] ?? UnitTotals()
            result.append(RebasedTotals.own(totals, unit: unit, elements: elements, years: years))
        }
        return result
    }

    /// The totals of one board as kept: the area's, and each unit's directly below it when asked for.
    struct BoardTotals: Sendable {
        var unit: UnitTotals
        var children: [String: UnitTotals]
    }

    func compute(
        plan: Plan, unit: OrgUnit, children: Bool, index: UnitIndex, official: OfficialFilter?, approvedOnly: Bool
    ) async throws -> (unit: UnitTotals, children: [String: UnitTotals]) {
        let elements = try await DataElementStore(database: database).elements(planID: plan.id)
        let years = (plan.baselineYear - 1)...plan.endYear
        let query = ElementTotalsQuery(database: database)
        let scope = Self.scope(for: unit)
        let approvedFor = approvedOnly && official == nil ? plan.id : nil
        var own: UnitTotals
        if let official {
            own = try await query.totals(scope, elements: elements, years: years, official: official)[""] ?? UnitTotals()
        } else if unit.level == .province || unit.level == .district {
            own =
                try await AreaTotals.read(areas: [unit.code], elements: elements, years: years, officialFor: approvedFor, on: database)[unit.code]
                ?? UnitTotals()
        } else {
            own = try await query.totals(scope, elements: elements, years: years, approvedFor: approvedFor)[""] ?? UnitTotals()
        }
        own.stocks = Set(elements.filter { $0.aggregation == .stock }.map(\.code))
        own.unitCounts = Self.counts(under: unit, timeline: index.timeline)
        own.unitCountsByHalf = Self.counts(of: unit, years: years, timeline: index.timeline)
        // The units below the area in its own time: a reused code's other unit has other units (old Quảng Ngãi's
        // districts are not the new province's).
        let childUnits = index.timeline.children(of: unit)
        // Coverage: which units have numbers, under the same filter as the totals. A province formed without a district
        // level (Quảng Ngãi from 01/07/2025) has its communes directly below it.
        let hasDistricts = childUnits.contains { $0.level == .district }
        let provinceWithDistricts = unit.level == .province && children && hasDistricts
        let presence: [ElementTotalsQuery.PresenceRow]
        if official == nil, unit.level == .province, !children {
            // A province's own board: its districts' presence from the kept rows, its bodies' from their few values.
            let districts = childUnits.filter { $0.level == .district }.map(\.code)
            presence =
                try await AreaTotals.presence(areas: districts, elements: elements, years: years, officialFor: approvedFor, on: database)
                + query.presence(scope, byDistrict: true, elements: elements, years: years, approvedFor: approvedFor, outsideDistricts: true)
        } else {
            presence = try await query.presence(
                scope, byDistrict: unit.level == .province && !children, elements: elements, years: years, official: official,
                approvedFor: approvedFor)
        }
        let ownPresence = Self.presenceMap(presence) { row in provinceWithDistricts ? row.districtCode ?? row.unitCode : row.unitCode }
        own.presence = ownPresence
        own.reporting = Self.reporting(elements: elements, at: unit, below: childUnits, presence: ownPresence)
        var below: [String: UnitTotals] = [:]
        if children {
            if let official {
                below = try await query.totals(
                    scope, groupedBy: provinceWithDistricts ? .district : .unit, elements: elements,
                    years: years, official: official)
            } else if unit.level == .province, hasDistricts {
                let districts = childUnits.filter { $0.level == .district }.map(\.code)
                below = try await AreaTotals.read(areas: districts, elements: elements, years: years, officialFor: approvedFor, on: database)
            } else {
                below = try await query.totals(scope, groupedBy: .unit, elements: elements, years: years, approvedFor: approvedFor)
            }
            let rowsByChild = Dictionary(grouping: presence) { provinceWithDistricts ? $0.districtCode ?? "" : $0.unitCode }
            for child in childUnits where child.level != .agency {
                var totals = below[child.code] ?? UnitTotals()
                totals.stocks = own.stocks
                totals.unitCounts = Self.counts(under: child, timeline: index.timeline)
                totals.unitCountsByHalf = Self.counts(of: child, years: years, timeline: index.timeline)
                totals.presence = Self.presenceMap(rowsByChild[child.code] ?? []) { $0.unitCode }
                totals.reporting = Self.reporting(
                    elements: elements, at: child, below: index.timeline.children(of: child), presence: totals.presence)
                below[child.code] = totals
            }
            let childCodes = Set(childUnits.filter { $0.level != .agency }.map(\.code))
            below = below.filter { code, _ in childCodes.contains(code) }
        }
        // Across a reform: the years a unit did not wholly exist in, from the units of its territory (re-based).
        var rebase = RebasedTotals(
            database: database, timeline: index.timeline, elements: elements, years: years, approvedFor: approvedFor)
        own = try await rebase.apply(own, unit: unit)
        if children {
            for child in childUnits where child.level != .agency {
                if let totals = below[child.code] { below[child.code] = try await rebase.apply(totals, unit: child) }
            }
        }
        return (own, below)
    }

    /// Presence rows as element → reporting unit → year, the rows of one reporting unit merged (a district's
    /// communes: a half-year is there when any of them has it).
    static func presenceMap(
        _ rows: [ElementTotalsQuery.PresenceRow], unit: (ElementTotalsQuery.PresenceRow) -> String
    ) -> [String: [String: [Int: ReportedHalves]]] {
        var map: [String: [String: [Int: ReportedHalves]]] = [:]
        for row in rows {
            let code = unit(row)
            map[row.element, default: [:]][code, default: [:]][row.year] =
                (map[row.element]?[code]?[row.year] ?? ReportedHalves()).merged(row.halves)
        }
        return map
    }

    /// The units expected to report each element for the total of `area`, by where the element is collected
    /// (`DataElement.collectedAt`): for a province, its districts (each with its communes) for an element of
    /// districts or communes, and the named provincial bodies for an element of bodies (any body that reported it
    /// when none is named); for a district, its communes, or the district itself for an element of districts; a
    /// commune or a body, itself when the element is collected there. Whether a unit existed in the period is
    /// decided later, by its dates (`CoverageRule`). "count:commune" and the like: the units the count is made of.
    public static func reporting(
        elements: [DataElement], at area: OrgUnit, allUnits: [OrgUnit], presence: [String: [String: [Int: ReportedHalves]]] = [:]
    ) -> [String: [ReportingUnit]] {
        reporting(elements: elements, at: area, below: allUnits.filter { $0.parentCode == area.code }, presence: presence)
    }

    /// The same from the units directly below `area` (in any order).
    static func reporting(
        elements: [DataElement], at area: OrgUnit, below children: [OrgUnit], presence: [String: [String: [Int: ReportedHalves]]]
    ) -> [String: [ReportingUnit]] {
        let below = children.sorted { $0.code < $1.code }
        func expected(_ collection: DataElement.Collection, code: String?) -> [OrgUnit] {
            switch (area.level, collection.level) {
            case (.province, .commune), (.province, .district):
                // Without a district level (a province from 01/07/2025), its communes.
                let districts = below.filter { $0.level == .district }
                return districts.isEmpty ? below.filter { $0.level == .commune } : districts
            case (.province, .agency):
                let reporters = Set((code.flatMap { presence[$0] } ?? [:]).keys)
                return below.filter {
                    $0.level == .agency && (collection.units.isEmpty ? reporters.contains($0.code) : collection.units.contains($0.code))
                }
            case (.district, .commune):
                return below.filter { $0.level == .commune }
            case (.district, .district), (.commune, .commune):
                return [area]
            case (.commune, .district):
                // A commune directly under a province (no district level, from 01/07/2025) reports what districts did.
                return collection.applies(to: area) ? [area] : []
            case (.agency, .agency):
                return collection.applies(to: area) ? [area] : []
            default:
                return []
            }
        }
        var result: [String: [ReportingUnit]] = [:]
        for element in elements {
            result[element.code] = expected(element.collectedAt, code: element.code).map(ReportingUnit.init)
        }
        for level in [OrgUnitLevel.commune, .district] {
            result["count:\(level.rawValue)"] = expected(.init(level: level), code: nil).map(ReportingUnit.init)
        }
        return result
    }

    /// Totals of the whole country, read from the kept table: of every value (`area_totals`), or with `approvedOnly`
    /// of the values official for the plan (`official_totals`, ``OfficialTotals``), as a province's board reads them.
    public func countryTotals(plan: Plan, allUnits: [OrgUnit], approvedOnly: Bool = false) async throws -> UnitTotals {
        let elements = try await DataElementStore(database: database).elements(planID: plan.id)
        var totals =
            try await AreaTotals.read(
                areas: [AreaTotals.country], elements: elements, years: (plan.baselineYear - 1)...plan.endYear,
                officialFor: approvedOnly ? plan.id : nil, on: database)[AreaTotals.country] ?? UnitTotals()
        totals.stocks = Set(elements.filter { $0.aggregation == .stock }.map(\.code))
        totals.unitCounts = ["commune": Double(allUnits.filter { $0.level == .commune }.count)]
        return totals
    }

    /// The number of units of each level in the area of `unit` in its own time (``UnitTimeline/descendants(of:)``),
    /// the unit itself included: the new Tỉnh Quảng Ngãi has 96 communes, not the 170 of the old province with the
    /// same code as well.
    /// The same at the end of each half-year of `years` ("2025S2"), the area's units of that day
    /// (``UnitTimeline/levelCounts(of:on:)``).
    static func counts(of unit: OrgUnit, years: ClosedRange<Int>, timeline: UnitTimeline) -> [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        for year in years {
            result["\(year)S1"] = timeline.levelCounts(of: unit, on: "\(year)-06-30")
            result["\(year)S2"] = timeline.levelCounts(of: unit, on: "\(year)-12-31")
        }
        return result
    }

    static func counts(under unit: OrgUnit, timeline: UnitTimeline) -> [String: Double] {
        var counts: [String: Double] = [:]
        for member in [unit] + timeline.descendants(of: unit) { counts[member.level.rawValue, default: 0] += 1 }
        return counts
    }
}
