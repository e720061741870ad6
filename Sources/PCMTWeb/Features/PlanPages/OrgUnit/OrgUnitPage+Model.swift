import PCMTDomain

/// One organisation unit: its identity, place in the tree, validity, and what the plan asks of it.
enum OrgUnitPage {
    struct Model {
        var unit: OrgUnit
        var ancestors: [OrgUnit]
        var children: [OrgUnit]
        var successors: [OrgUnit]
        /// The units this one was formed from (a reform's predecessors: those that name it as successor and ended
        /// before it began).
        var predecessors: [OrgUnit] = []
        /// The other units that had the same code at other times (issue 16: codes reused by the 2025 reform), each
        /// with its label ("Xã Tu Mơ Rông (23425, từ 01/07/2025)").
        var sameCode: [(unit: OrgUnit, label: String)] = []
        var plan: Plan?
        var demands: PlanDemands?
        var units: UnitDirectory
        /// The board needs an account; visitors are not shown a way to it.
        var signedIn = false
    }

    static func model(_ context: PageQueryContext, code: String?) async throws -> Model {
        let timeline = try await context.units.index().timeline
        // A reused code shows the unit that has it today (else its last), and names the others.
        guard let code, let unit = timeline.unit(code, on: context.clock.todayISO) ?? timeline.versions[code]?.last else {
            throw PageError.notFound(context.t("There is no unit with this code.", "Không có đơn vị với mã này."))
        }
        let ancestors = try await context.units.ancestors(of: unit)
        let plan = try await context.defaultPlan()
        var directory = ancestors
        if let plan { directory += try await context.units.units(codes: plan.assignments.flatMap(\.units)) }
        // Successors are the units that began after this one ended; predecessors ended before it began.
        let successors: [OrgUnit] =
            if let end = unit.validTo {
                unit.successorCodes.compactMap { code in timeline.versions[code]?.first { ($0.validFrom ?? "") > end } }
            } else {
                try await context.units.units(codes: unit.successorCodes)
            }
        let predecessors: [OrgUnit] =
            if let start = unit.validFrom {
                try await context.units.all().filter { $0.successorCodes.contains(unit.code) && ($0.validTo ?? "9999") < start }
            } else {
                []
            }
        let children = try await context.units.children(of: unit.code)
        return Model(
            unit: unit, ancestors: ancestors, children: children, successors: successors, predecessors: predecessors,
            sameCode: (timeline.versions[unit.code] ?? []).filter { $0 != unit }.map { ($0, timeline.label($0, context.t.language)) },
            plan: plan, demands: plan?.demands(of: unit, ancestors: ancestors),
            units: UnitDirectory(units: directory), signedIn: context.principal != nil)
    }
}
