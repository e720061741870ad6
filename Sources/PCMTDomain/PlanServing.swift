import Foundation

/// Which plan serves a reporting year when several plans run at once (the last year of one is the baseline of the
/// next). One rule for every place that picks a plan for a year: the data entry form, the import, the data value
/// API, the communes' grid, the opening of rounds and the menu's default plan.
///
/// The rule (issue 16, "a new plan never takes over another's periods"):
/// 1. A plan's own years (`startYear…endYear`) belong to it: it serves them as ``Role/own``.
/// 2. Its baseline years (`baselineYear…startYear-1`) are only lent to it (``Role/baseline``): a plan whose own years
///    include the year comes first, so a successor's baseline year stays with its predecessor.
/// 3. Among plans of the same role, the plan of the account's own province comes first, then the one that starts
///    latest, then the one issued latest, then the smaller number (code): the order is total, so the pick never
///    depends on the order the plans were read in.
/// The first plan of the ordered list is the default; the others are offered as choices wherever a user may
/// legitimately work for either (values are keyed by element, unit and period, so both plans read the same numbers).
public enum PlanServing {
    /// How a plan relates to a year it may serve.
    public enum Role: String, Sendable, Equatable, Comparable {
        /// One of the plan's own years (start to end).
        case own
        /// A year before the plan's start from its baseline: the plan reads it, it does not own it.
        case baseline

        public static func < (a: Role, b: Role) -> Bool { a == .own && b == .baseline }
    }

    /// A plan's years and what orders it, as the rule needs them.
    public struct Span: Sendable, Equatable {
        public var id: UUID
        public var code: String
        public var issuerUnit: String?
        public var issuedOn: String
        public var startYear: Int
        public var endYear: Int
        public var baselineYear: Int

        public init(
            id: UUID, code: String, issuerUnit: String?, issuedOn: String, startYear: Int, endYear: Int, baselineYear: Int
        ) {
            self.id = id; self.code = code; self.issuerUnit = issuerUnit; self.issuedOn = issuedOn
            self.startYear = startYear; self.endYear = endYear; self.baselineYear = baselineYear
        }

        public init(_ plan: Plan) {
            self.init(
                id: plan.id, code: plan.code, issuerUnit: plan.issuerUnit, issuedOn: plan.issuedOn, startYear: plan.startYear,
                endYear: plan.endYear, baselineYear: plan.baselineYear)
        }

        /// The role of `year` for this plan; nil when the plan does not reach it.
        public func role(of year: Int) -> Role? {
            if startYear <= year, year <= endYear { return .own }
            if min(baselineYear, startYear) <= year, year < startYear { return .baseline }
            return nil
        }
    }

    /// One plan that may serve a year, with its role.
    public struct Choice: Sendable, Equatable {
        public var plan: Span
        public var role: Role
        public init(plan: Span, role: Role) { self.plan = plan; self.role = role }
    }

    /// Every plan that may serve `year`, the default first (see the rule above).
    /// - Parameters:
    ///   - plans: the plans as stored, in any order.
    ///   - province: the code of the signed-in account's province, nil for none.
    public static func choices(year: Int, plans: [Span], province: String?) -> [Choice] {
        plans.compactMap { plan in plan.role(of: year).map { Choice(plan: plan, role: $0) } }
            .sorted { a, b in
                if a.role != b.role { return a.role < b.role }
                let ownA = province != nil && a.plan.issuerUnit == province
                let ownB = province != nil && b.plan.issuerUnit == province
                if ownA != ownB { return ownA }
                if a.plan.startYear != b.plan.startYear { return a.plan.startYear > b.plan.startYear }
                if a.plan.issuedOn != b.plan.issuedOn { return a.plan.issuedOn > b.plan.issuedOn }
                if a.plan.code != b.plan.code { return a.plan.code < b.plan.code }
                return a.plan.id.uuidString < b.plan.id.uuidString
            }
    }

    /// The plan that serves `year` by default; nil when no plan reaches it.
    public static func serving(year: Int, plans: [Span], province: String?) -> Span? {
        choices(year: year, plans: plans, province: province).first?.plan
    }

    /// The plan shown when no year is asked: the one serving `year` (the current year), else the plan of the
    /// account's province that starts latest, else the plan that starts latest.
    public static func current(year: Int, plans: [Span], province: String?) -> Span? {
        if let serving = serving(year: year, plans: plans, province: province) { return serving }
        return plans.sorted { a, b in
            let ownA = province != nil && a.issuerUnit == province
            let ownB = province != nil && b.issuerUnit == province
            if ownA != ownB { return ownA }
            if a.startYear != b.startYear { return a.startYear > b.startYear }
            if a.issuedOn != b.issuedOn { return a.issuedOn > b.issuedOn }
            return a.code < b.code
        }.first
    }
}
