import PCMTDomain

/// Section IV: the numbered assignees, their units and what they lead.
enum AssignmentsPage {
    struct Model {
        var plan: Plan
        var units: UnitDirectory
    }

    static func model(_ context: PageQueryContext, plan: Plan) async throws -> Model {
        Model(plan: plan, units: try await context.unitDirectory(for: plan))
    }
}
