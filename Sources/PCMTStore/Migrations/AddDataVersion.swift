import Fluent
import Foundation
import SQLKit

/// A second number on the row of ``ReferenceCache``, `data_version`, moved by every change of what a board shows (a
/// value saved or imported, a report approved, returned or reopened, a round opened), so that the totals a board
/// reads can be kept in memory between changes (``ReferenceCache/boardTotals(key:on:load:)``); and an index that
/// finds a province's own bodies' values (`district_code IS NULL`) without walking every value of the province.
struct AddDataVersion: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema("reference_version").field("data_version", .int, .required, .sql(.default(0))).update()
        try await (database as! any SQLDatabase).create(index: "data_values_province_district").on(DataValueModel.schema)
            .column("province_code").column("district_code").column("element").column("year").run()
    }

    func revert(on database: Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "data_values_province_district").run()
        try await database.schema("reference_version").deleteField("data_version").update()
    }
}
