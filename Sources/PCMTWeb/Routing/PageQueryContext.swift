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

    /// The plan shown when none is named: the newest one of the signed-in account's province, else the newest.
    func defaultPlan() async throws -> Plan? {
        try await plan(covering: nil)
    }

    /// The plan whose years (from its baseline) include `year`, preferring the account's own province and then the
    /// plan that starts latest; without a year, the newest.
    func plan(covering year: Int?) async throws -> Plan? {
        var candidates: [Plan] = []
        for summary in try await plans.summaries() {
            if let plan = try await plans.plan(id: summary.id) { candidates.append(plan) }
        }
        if let year { candidates = candidates.filter { $0.baselineYear <= year && year <= $0.endYear } }
        let province = try await principalProvince()
        return candidates.sorted { a, b in
            let ownA = a.issuerUnit == province, ownB = b.issuerUnit == province
            if ownA != ownB { return ownA }
            return (a.startYear, a.issuedOn) > (b.startYear, b.issuedOn)
        }.first
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

    /// The scope of a unit for ``AccessPolicy``: the unit with the codes above it.
    func scope(of unit: OrgUnit) async throws -> UnitScope {
        UnitScope(unit, ancestors: try await units.ancestors(of: unit))
    }

    /// Whether the principal may use `capability` for `unit` (nil: a capability without a unit).
    func allows(_ capability: Capability, at unit: OrgUnit?) async throws -> Bool {
        guard let principal else { return false }
        let scope = try await unit.asyncMap { try await self.scope(of: $0) }
        let own = try await units.ancestors(of: principal.unit).map(\.code)
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
