import Fluent
import SQLKit

struct CreateDataValues: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(DataValueModel.schema)
            .id()
            .field("element", .string, .required)
            .field("unit_code", .string, .required)
            .field("district_code", .string)
            .field("province_code", .string, .required)
            .field("period", .string, .required)
            .field("year", .int, .required)
            .field("half", .int, .required)
            .field("category", .string, .required)
            .field("value", .double, .required)
            .field("version", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "element", "unit_code", "period", "category")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "data_values_province").on(DataValueModel.schema)
            .column("province_code").column("element").column("year").run()
        try await sql.create(index: "data_values_district").on(DataValueModel.schema)
            .column("district_code").column("element").column("year").run()
        try await sql.create(index: "data_values_unit").on(DataValueModel.schema)
            .column("unit_code").column("period").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(DataValueModel.schema).delete()
    }
}
