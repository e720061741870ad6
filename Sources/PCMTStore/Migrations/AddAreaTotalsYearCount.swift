import Fluent

/// The kept area totals count the units that reported a whole year (`y_count`) beside those with each half, so that
/// a province's board reads which districts have numbers from the kept rows instead of grouping the values
/// (``AreaTotals/presence(areas:elements:years:officialFor:on:)``); the rows are computed again once to fill it.
struct AddAreaTotalsYearCount: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("area_totals").field("y_count", .int, .required, .sql(.default(0))).update()
        let elements = try await DataElementModel.query(on: database).all().map(\.domain)
        try await AreaTotals.rebuild(elements: elements, bumpingData: false, on: database)
    }

    func revert(on database: Database) async throws {
        try await database.schema("area_totals").deleteField("y_count").update()
    }
}
