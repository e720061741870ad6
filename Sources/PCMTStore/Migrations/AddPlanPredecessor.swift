import Fluent

/// A plan may name the plan it succeeds (issue 16: the 2026–2030 plan after 2021–2025); nil for none.
struct AddPlanPredecessor: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(PlanModel.schema).field("predecessor_id", .uuid).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(PlanModel.schema).deleteField("predecessor_id").update()
    }
}
