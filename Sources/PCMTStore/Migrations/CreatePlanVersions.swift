import Fluent
import SQLKit

/// The versions of each plan (issue 16, item 4): version 1 the plan as issued, each amendment a new version with its
/// document, its in-force day and the plan as it then stood (``PlanVersionStore``). A plan's existing rows are not
/// copied here: its version 1 is recorded from the plan as it stands before its first change (``PlanVersionStore/ensureIssued(planID:on:)``).
struct CreatePlanVersions: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(PlanVersionModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("in_force_from", .string, .required)
            .field("document_number", .string, .required)
            .field("document_date", .string, .required)
            .field("document_issuer", .string, .required)
            .field("document_title", .string, .required)
            .field("snapshot", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "plan_id", "number")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(PlanVersionModel.schema).delete()
    }
}
