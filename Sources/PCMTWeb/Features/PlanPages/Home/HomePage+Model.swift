import PCMTDomain
import PCMTStore

/// The plan's front page: identity, general objective, the specific targets grouped as in the document.
enum HomePage {
    struct Model {
        var plan: Plan
        var units: UnitDirectory
        /// The plan this one succeeds, and the plans that succeed it (``Plan/predecessorID``).
        var predecessor: Plan? = nil
        var successors: [Plan] = []
        /// The plan's recorded versions (``PlanVersionStore``); more than one when it was amended.
        var versions: [PlanVersionRecord] = []
    }

    static func model(_ context: PageQueryContext, plan: Plan) async throws -> Model {
        let all = try await context.allPlans()
        return Model(
            plan: plan, units: try await context.unitDirectory(for: plan),
            predecessor: plan.predecessorID.flatMap { id in all.first { $0.id == id } },
            successors: all.filter { $0.predecessorID == plan.id },
            versions: try await PlanVersionStore(database: context.db).versions(planID: plan.id))
    }
}
