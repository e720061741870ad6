import FluentKit
import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore

/// What a page query needs besides its own input: a database, who asks, the clock, and the language of the answer.
/// Never a request: page queries are called from handlers and from tests alike.
struct PageQueryContext: Sendable {
    var db: any Database
    var principal: Principal?
    var clock: ProvinceClock
    var t: Localizer
    /// The outlines maps are drawn from (the installation's, ``Application/boundaries``).
    var boundaries = BoundarySet()

    init(db: any Database, principal: Principal?, clock: ProvinceClock = .system, language: Language = .vi) {
        self.db = db; self.principal = principal; self.clock = clock; self.t = Localizer(language: language)
    }

    var plans: PlanStore { PlanStore(database: db) }
    var units: OrgUnitStore { OrgUnitStore(database: db) }

    /// The signed-in principal; the route's access rule has made sure there is one.
    var signedIn: Principal {
        get throws {
            guard let principal else { throw PageError.signInNeeded }
            return principal
        }
    }

    /// The plan with this id; not found when there is none.
    func plan(id: UUID?) async throws -> Plan {
        guard let id, let plan = try await plans.plan(id: id) else {
            throw PageError.notFound(t("There is no such plan.", "Không có kế hoạch này."))
        }
        return plan
    }

    /// The plan shown when none is named (the menu's plan): the plan serving the current year
    /// (``PlanServing/current(year:plans:province:)``), else the account's province's latest, else the latest.
    func defaultPlan() async throws -> Plan? {
        let plans = try await allPlans()
        let span = PlanServing.current(year: clock.year, plans: plans.map(PlanServing.Span.init), province: try await principalProvince())
        return plans.first { $0.id == span?.id }
    }

    /// The plan that serves `year` by ``PlanServing``: its own years first, so a successor never takes over its
    /// predecessor's last year; without a year, ``defaultPlan()``.
    func plan(covering year: Int?) async throws -> Plan? {
        guard let year else { return try await defaultPlan() }
        return try await planChoices(for: year).first?.plan
    }

    /// Every plan that may serve `year`, the default first, each with its role (``PlanServing/choices(year:plans:province:)``).
    func planChoices(for year: Int) async throws -> [(plan: Plan, role: PlanServing.Role)] {
        let plans = try await allPlans()
        let choices = PlanServing.choices(year: year, plans: plans.map(PlanServing.Span.init), province: try await principalProvince())
        return choices.compactMap { choice in plans.first { $0.id == choice.plan.id }.map { ($0, choice.role) } }
    }

    /// The plan a page for `year` serves: the one named by a `plan` query value, which must be one of the plans
    /// that may serve the year (else 404 saying so), or the default one. Nil when no plan reaches the year.
    func plan(for year: Int, chosen: String?) async throws -> Plan? {
        let choices = try await planChoices(for: year)
        guard let chosen = chosen?.trimmingCharacters(in: .whitespaces), !chosen.isEmpty else { return choices.first?.plan }
        guard let id = UUID(uuidString: chosen), let match = choices.first(where: { $0.plan.id == id }) else {
            let codes = choices.map(\.plan.code).joined(separator: ", ")
            throw PageError.notFound(
                t(
                    "The plan named in the address does not serve \(year) (plans for \(year): \(codes.isEmpty ? "none" : codes)).",
                    "Kế hoạch ghi trong địa chỉ không áp dụng cho năm \(year) (kế hoạch của năm \(year): \(codes.isEmpty ? "không có" : codes))."
                ))
        }
        return match.plan
    }

    /// Every stored plan, whole.
    func allPlans() async throws -> [Plan] {
        var result: [Plan] = []
        for summary in try await plans.summaries() {
            if let plan = try await plans.plan(id: summary.id) { result.append(plan) }
        }
        return result
    }

    /// The province of the signed-in account's unit, if any.
    func principalProvince() async throws -> String? {
        guard let unit = principal?.unit else { return nil }
        if unit.level == .province { return unit.code }
        return try await units.ancestors(of: unit).first { $0.level == .province }?.code
    }

    /// The units a plan names, by code, for links and names.
    func unitDirectory(for plan: Plan) async throws -> UnitDirectory {
        var codes = Set(plan.assignments.flatMap { $0.units + $0.partnerUnits })
        codes.formUnion(plan.projects.compactMap(\.leadUnit))
        if let issuer = plan.issuerUnit { codes.insert(issuer) }
        codes.formUnion(plan.reporting.compactMap(\.recipientUnit))
        return UnitDirectory(units: try await units.units(codes: Array(codes)))
    }

    /// The scope of a unit for ``AccessPolicy``: the unit with the codes of the areas it lies in through a reform,
    /// for its data of `period` when the action concerns a period (``UnitTimeline/scope(of:during:)``).
    func scope(of unit: OrgUnit, during period: Period? = nil) async throws -> UnitScope {
        try await units.index().timeline.scope(of: unit, during: period)
    }

    /// Whether the principal may use `capability` for `unit` (nil: a capability without a unit), for its data of
    /// `period` when the action concerns one (a report of a round, a board's figures).
    func allows(_ capability: Capability, at unit: OrgUnit?, during period: Period? = nil) async throws -> Bool {
        guard let principal else { return false }
        let scope = try await unit.asyncMap { try await self.scope(of: $0, during: period) }
        let own = try await units.index().ancestorCodes(of: principal.unit)
        return AccessPolicy.allows(principal, capability, at: scope, principalAncestorCodes: own)
    }

    /// Whether the principal may use `capability` for a unit given by its scope (``UnitTimeline/scope(of:during:)``,
    /// with any areas added, such as those of the units a report is written for).
    func allows(_ capability: Capability, scope: UnitScope) async throws -> Bool {
        guard let principal else { return false }
        let own = try await units.index().ancestorCodes(of: principal.unit)
        return AccessPolicy.allows(principal, capability, at: scope, principalAncestorCodes: own)
    }

    /// Whether the principal may use `capability` for the unit with `code`; false when there is no such unit.
    func allows(_ capability: Capability, atCode code: String?) async throws -> Bool {
        guard let code else { return try await allows(capability, at: nil) }
        guard let unit = try await units.unit(code: code) else { return false }
        return try await allows(capability, at: unit)
    }

    /// Why the principal may not give `role` at the unit with `code` (``RoleAssignment``), or nil.
    func roleProblem(_ role: Role, atCode code: String) async throws -> FieldProblem? {
        guard let unit = try await units.unit(code: code) else { return nil }
        return RoleAssignment.problem(
            role: role, unit: unit, ancestorCodes: try await units.ancestors(of: unit).map(\.code), by: principal)
    }

    /// May the principal edit this plan: the standing office of the area that issued it.
    func mayEdit(_ plan: Plan) async throws -> Bool {
        try await allows(.editPlan, atCode: plan.issuerUnit)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

/// Why a page query gives no page: the web layer answers 401/403/404/409/422/423 with the message.
enum PageError: Error, Sendable, Equatable {
    case signInNeeded
    case notFound(String)
    case forbidden(String)
    case conflict(String)
    case unprocessable(String)
    case locked(String)
}
