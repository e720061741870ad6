import Fluent
import SQLKit

/// Totals per area (district, province, the whole country as "*"), element and year, kept up to date in the same
/// transaction as every change of a value, so that a board reads a few rows instead of summing millions.
struct CreateAreaTotals: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("area_totals")
            .field("area_code", .string, .required)
            .field("element", .string, .required)
            .field("year", .int, .required)
            .field("year_total", .double, .required)
            .field("year_count", .int, .required)
            .field("s1_total", .double, .required)
            .field("s1_count", .int, .required)
            .field("s2_total", .double, .required)
            .field("s2_count", .int, .required)
            .compositeIdentifier(over: "area_code", "element", "year")
            .create()
        // Values saved before this table existed are counted in at once.
        let elements = try await DataElementModel.query(on: database).all().map(\.domain)
        try await AreaTotals.rebuild(elements: elements, yearCount: false, bumpingData: false, on: database)
    }

    func revert(on database: Database) async throws {
        try await database.schema("area_totals").delete()
    }
}
