import PCMTStore

/// The plans held in this installation.
enum PlansPage {
    struct Model {
        var plans: [PlanSummary]
    }

    static func model(_ context: PageQueryContext) async throws -> Model {
        Model(plans: try await context.plans.summaries())
    }
}
