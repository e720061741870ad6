import PCMTDomain

/// Section II: the key tasks.
enum TasksPage {
    struct Model {
        var plan: Plan
    }

    static func model(plan: Plan) -> Model { Model(plan: plan) }
}
