import Fluent
import SQLKit

/// The totals of official values per plan, area, element and year (``OfficialTotals``), kept in the same transaction
/// as every save, approval, return and reopening, so that the "approved data only" board reads a few rows as the
/// "all data" board does. A database made before this table gets it built once from its values and approvals.
struct CreateOfficialTotals: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(OfficialTotals.table)
            .field("plan_id", .uuid, .required, .references(PlanModel.schema, "id", onDelete: .cascade))
            .field("area_code", .string, .required)
            .field("element", .string, .required)
            .field("year", .int, .required)
            .field("year_total", .double, .required)
            .field("year_count", .int, .required)
            .field("s1_total", .double, .required)
            .field("s1_count", .int, .required)
            .field("s2_total", .double, .required)
            .field("s2_count", .int, .required)
            .field("y_count", .int, .required)
            .compositeIdentifier(over: "plan_id", "area_code", "element", "year")
            .create()
        try await OfficialTotals.rebuild(bumpingData: false, on: database)
    }

    func revert(on database: Database) async throws {
        try await database.schema(OfficialTotals.table).delete()
    }
}
