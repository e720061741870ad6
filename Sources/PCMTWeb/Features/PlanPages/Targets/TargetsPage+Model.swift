import PCMTDomain

/// Every target of section I.2 as its own entry: rule in plain words, indicator, responsible assignees.
enum TargetsPage {
    struct Model {
        var plan: Plan
    }

    static func model(plan: Plan) -> Model { Model(plan: plan) }
}
