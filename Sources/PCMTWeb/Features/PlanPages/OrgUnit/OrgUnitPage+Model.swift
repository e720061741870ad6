import PCMTDomain

/// One organisation unit: its identity, place in the tree, validity, and what the plan asks of it.
enum OrgUnitPage {
    struct Model {
        var unit: OrgUnit
        var ancestors: [OrgUnit]
        var children: [OrgUnit]
        var successors: [OrgUnit]
        var plan: Plan?
        var demands: PlanDemands?
        var units: UnitDirectory
        /// The board needs an account; visitors are not shown a way to it.
        var signedIn = false
    }

    static func model(_ context: PageQueryContext, code: String?) async throws -> Model {
        guard let code, let unit = try await context.units.unit(code: code) else {
            throw PageError.notFound(context.t("There is no unit with this code.", "Không có đơn vị với mã này."))
        }
        let ancestors = try await context.units.ancestors(of: unit)
        let plan = try await context.defaultPlan()
        var directory = ancestors
        if let plan { directory += try await context.units.units(codes: plan.assignments.flatMap(\.units)) }
        return Model(
            unit: unit, ancestors: ancestors, children: try await context.units.children(of: unit.code),
            successors: try await context.units.units(codes: unit.successorCodes),
            plan: plan, demands: plan?.demands(of: unit, ancestors: ancestors),
            units: UnitDirectory(units: directory), signedIn: context.principal != nil)
    }
}
