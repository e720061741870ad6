import PCMTDomain

/// The tree of projects and sub-projects with their lead bodies.
enum ProjectsPage {
    struct Model {
        var plan: Plan
        var units: UnitDirectory
    }

    static func model(_ context: PageQueryContext, plan: Plan) async throws -> Model {
        Model(plan: plan, units: try await context.unitDirectory(for: plan))
    }
}
