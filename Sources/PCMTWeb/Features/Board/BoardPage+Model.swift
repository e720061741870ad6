import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore

/// The target board: every target of a plan for one unit and period, with its status and the numbers behind it.
enum BoardPage {
    struct Model {
        var plan: Plan
        var unit: OrgUnit
        var period: Period
        var board: TargetBoard
        var unitOptions: [OrgUnit]
        /// Only approved reports count, unless unapproved data was asked for; nil when the plan has no round yet.
        var officialOnly: Bool? = nil
        /// The units directly below, each with how it stands on the targets (``AreaVerdict``), for the map.
        /// Each unit below with its verdict, whether a figure of its own for the period was re-based
        /// (``RebasedTotals``), and whether only a figure it is compared with was (its re-based 2025 for 2026).
        var children: [(unit: OrgUnit, verdict: AreaVerdict, rebased: Bool, comparedWithRebased: Bool)] = []
        var boundaries = BoundarySet()
        /// The plan this one succeeds, when the board's period is in this plan's baseline years: the period's results
        /// are the predecessor's (``PlanServing``), linked from the board.
        var predecessor: Plan? = nil
        /// Figures made from the units of the territory across a reform (``ComparableSeries``): element → periods,
        /// the units they came from and those left out (names).
        var rebased: [String: Set<String>] = [:]
        var rebasedFrom: [String] = []
        var rebasedPartial: [String] = []
        /// The version of the plan in force for the period, when the plan has been amended (``PlanVersions/inForce(for:)``).
        var version: PlanInForce? = nil
        /// The elements of the plan's targets that communes of the area derive from their registers (issue 17: "the
        /// board … say[s] which"), each with how many communes.
        var derived: [(element: DataElement, communes: Int)] = []
    }

    /// The figures the board shows: approved data only (the default once the plan has reporting rounds, read from the
    /// kept official totals), or everything with `all=1` (pages) or `data=all` (API).
    static func official(_ context: PageQueryContext, _ input: BoardFilter, plan: Plan) async throws -> (approvedOnly: Bool, officialOnly: Bool?) {
        guard try await RoundStore(database: context.db).hasRounds(planID: plan.id) else { return (false, nil) }
        return input.wantsAllData ? (false, false) : (true, true)
    }

    /// The periods a plan is looked at: years, half-years, the mid-term span and the whole span.
    static func periodOptions(_ plan: Plan, t: Localizer) -> [(value: String, label: String)] {
        var options: [(String, String)] = []
        for year in (plan.baselineYear...plan.endYear).reversed() {
            options.append((String(year), t("Year \(year)", "Năm \(year)")))
            if year >= plan.startYear {
                options.append(("\(year)S2", t("\(year) second half", "6 tháng cuối năm \(year)")))
                options.append(("\(year)S1", t("\(year) first half", "6 tháng đầu năm \(year)")))
            }
        }
        let midTerm = min(plan.startYear + 2, plan.endYear)
        options.insert(("\(plan.startYear)-\(midTerm)", t("Mid-term \(plan.startYear)–\(midTerm)", "Giữa kỳ \(plan.startYear)–\(midTerm)")), at: 0)
        options.insert(
            (
                "\(plan.startYear)-\(plan.endYear)",
                t("Whole plan \(plan.startYear)–\(plan.endYear)", "Cả giai đoạn \(plan.startYear)–\(plan.endYear)")
            ), at: 0)
        return options
    }

    /// The period asked for, or the last whole year of the plan that has passed.
    static func period(_ context: PageQueryContext, _ input: BoardFilter, plan: Plan) -> Period {
        if let text = input.period, let period = Period(text),
            period.firstYear >= plan.baselineYear, period.lastYear <= plan.endYear
        {
            return period
        }
        let year = context.clock.year - 1
        return .year(min(max(year, plan.startYear), plan.endYear))
    }

    /// The unit asked for (`unit` or `orgunit`), or the plan's issuing province. A code that named two units over time
    /// is the latest of them that existed in or after the period (51 in 2024 is the new Quảng Ngãi, whose 2024 is
    /// re-based from old Kon Tum, ``RebasedTotals``; 23425 in 2024 the new Xã Tu Mơ Rông), so that a board compares
    /// the unit of today with its own re-based past; a code used once is that unit.
    static func unit(_ context: PageQueryContext, _ input: BoardFilter, plan: Plan, units: UnitIndex, period: Period? = nil) throws -> OrgUnit {
        let code = input.unitCode ?? plan.issuerUnit ?? units.units.first { $0.parentCode == nil }?.code ?? ""
        var found = units.byCode[code]
        if let period, let versions = units.timeline.versions[code], versions.count > 1 {
            let last = DataValueRules.days(of: period).last
            found = versions.last { ($0.validTo ?? "9999-12-31") >= last } ?? versions.last
        }
        guard let unit = found else {
            throw PageError.notFound(context.t("No unit with this code.", "Không có đơn vị với mã này."))
        }
        guard mayView(unit, principal: context.principal, units: units, period: period) else {
            throw PageError.forbidden(
                context.t(
                    "Your account sees its own area and its province's totals only.",
                    "Tài khoản của bạn chỉ xem được địa bàn của mình và số liệu chung của tỉnh."))
        }
        return unit
    }

    /// Figures of a unit are for accounts that reach it; every account of a province also sees the province's totals
    /// (``Capability/seeFigures``), for the figures of `period` (``UnitTimeline/scope(of:during:)``: Kon Tum's police
    /// see a new commune's 2025, not its 2026).
    /// The ancestors come from the unit tree kept in memory (``UnitIndex``), not from a map rebuilt per unit.
    static func mayView(_ unit: OrgUnit, principal: Principal?, units: UnitIndex, period: Period?) -> Bool {
        guard let principal else { return false }
        return AccessPolicy.allows(
            principal, .seeFigures, at: units.timeline.scope(of: unit, during: period),
            principalAncestorCodes: units.ancestorCodes(of: principal.unit))
    }

    static func model(_ context: PageQueryContext, _ input: BoardFilter, plan current: Plan) async throws -> Model {
        let index = try await context.units.index()
        let period = period(context, input, plan: current)
        // The targets and rules in force for the period: an amendment in force from 2024 judges 2024, not 2023.
        let inForce = try await context.plan(current, for: period)
        let plan = inForce.plan
        let unit = try unit(context, input, plan: plan, units: index, period: period)
        let official = try await official(context, input, plan: plan)
        let board = try await BoardQuery(database: context.db).board(plan: plan, unit: unit, period: period, approvedOnly: official.approvedOnly)
        let options = plan.boardUnitOptions(index, current: unit).filter { mayView($0, principal: context.principal, units: index, period: period) }
        // Each unit below, judged on every target by the same engine (kept totals: a few rows, cached).
        let totals = try await BoardQuery(database: context.db).totals(
            plan: plan, unit: unit, children: true, approvedOnly: official.approvedOnly)
        let engine = RuleEngine(planStartYear: plan.startYear, baselineYear: plan.baselineYear)
        let children = totals.children.compactMap {
            code, childTotals -> (unit: OrgUnit, verdict: AreaVerdict, rebased: Bool, comparedWithRebased: Bool)? in
            guard let child = index.timeline.children(of: unit).first(where: { $0.code == code }) ?? index.byCode[code],
                mayView(child, principal: context.principal, units: index, period: period)
            else { return nil }
            let statuses = plan.targets.map { engine.evaluate($0.rule, measure: $0.measure, period: period, totals: childTotals).status }
            let rebased = plan.targets.contains {
                ComparableSeries.isRebased(
                    $0.measure, period: period, planStartYear: plan.startYear, baselineYear: plan.baselineYear, rebased: childTotals.rebased)
            }
            let compared = plan.targets.contains {
                !ComparableSeries.rebasedComparisons(
                    $0.rule, measure: $0.measure, period: period, baselineYear: plan.baselineYear, rebased: childTotals.rebased
                ).isEmpty
            }
            return (child, AreaVerdict(statuses), rebased, !rebased && compared)
        }.sorted { $0.unit.code < $1.unit.code }
        var predecessor: Plan? = nil
        if period.lastYear < plan.startYear, let id = plan.predecessorID { predecessor = try await context.plans.plan(id: id) }
        let derived = try await derivedElements(context, plan: plan, unit: unit, period: period, units: index)
        var model = Model(
            plan: plan, unit: unit, period: period, board: board,
            unitOptions: options, officialOnly: official.officialOnly, children: children, boundaries: context.boundaries,
            predecessor: predecessor, rebased: totals.unit.rebased, rebasedFrom: totals.unit.rebasedFrom,
            rebasedPartial: totals.unit.rebasedPartial, version: inForce.versionCount > 1 ? inForce : nil)
        model.derived = derived
        return model
    }

    /// The plan's elements that communes of `unit`'s area in `period` derive from their registers, with how many.
    static func derivedElements(
        _ context: PageQueryContext, plan: Plan, unit: OrgUnit, period: Period, units: UnitIndex
    ) async throws -> [(element: DataElement, communes: Int)] {
        let communes = units.timeline.area(of: unit, in: period).filter { $0.level == .commune }.map(\.code)
        guard !communes.isEmpty, communes.count <= 20_000 else { return [] }
        let counted = try await ElementSourceStore(database: context.db).derivingCommunes(communes, period: period)
        guard !counted.isEmpty else { return [] }
        let used = Set(plan.targets.flatMap { $0.measure?.elementCodes ?? [] })
        return try await DataElementStore(database: context.db).elements(planID: plan.id).compactMap { element in
            guard used.contains(element.code), let count = counted[element.code] else { return nil }
            return (element, count)
        }
    }
}
