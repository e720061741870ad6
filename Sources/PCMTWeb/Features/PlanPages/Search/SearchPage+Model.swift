import PCMTDomain

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
        let hits = query.isEmpty ? [] : PlanSearch.search(query, plan: plan, units: try await context.units.all())
        return Model(query: query, plan: plan, hits: hits)
    }
}
