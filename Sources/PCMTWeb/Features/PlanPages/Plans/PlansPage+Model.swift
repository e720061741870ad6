import PCMTDomain
import PCMTStore

/// The plans held in this installation.
enum PlansPage {
    struct Model {
        var plans: [PlanSummary]
        /// Whether the page offers to start a plan (the standing office, ``Capability/createPlan``).
        var mayCreate = false
    }

    static func model(_ context: PageQueryContext) async throws -> Model {
        Model(
            plans: try await context.plans.summaries(),
            mayCreate: context.principal.map { Capability.createPlan.isOpen(to: $0.role) } ?? false)
    }
}
