import PCMTDomain

/// The plan's front page: identity, general objective, the specific targets grouped as in the document.
enum HomePage {
    struct Model {
        var plan: Plan
        var units: UnitDirectory
    }

    static func model(_ context: PageQueryContext, plan: Plan) async throws -> Model {
        Model(plan: plan, units: try await context.unitDirectory(for: plan))
    }
}
