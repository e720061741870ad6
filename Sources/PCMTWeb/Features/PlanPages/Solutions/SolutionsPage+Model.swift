import PCMTDomain

/// Section III: the solution groups and their points.
enum SolutionsPage {
    struct Model {
        var plan: Plan
    }

    static func model(plan: Plan) -> Model { Model(plan: plan) }
}
