import PCMTDomain
import PCMTStore

/// Search across the plan and the organisation units, ignoring diacritics ("ngoc hoi" finds Ngọc Hồi).
enum SearchPage {
    struct Model {
        var query: String
        var plan: Plan?
        var hits: [SearchHit]
    }

    static func model(_ context: PageQueryContext, _ input: SearchQuery) async throws -> Model {
        let query = (input.q ?? "").trimmingCharacters(in: .whitespaces)
        let plan = try await context.defaultPlan()
        var plans: [Plan] = []
        for summary in try await context.plans.summaries() {
            if let found = try await context.plans.plan(id: summary.id) { plans.append(found) }
        }
        let elements = try await plan.asyncMap { try await DataElementStore(database: context.db).elements(planID: $0.id) } ?? []
        let hits =
            query.isEmpty
            ? [] : PlanSearch.search(query, plan: plan, units: try await context.units.all(), plans: plans, elements: elements)
        return Model(query: query, plan: plan, hits: hits)
    }
}
