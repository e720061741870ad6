import Fluent
import SQLKit

/// Units are keyed by code *and* first day (issue 16): the 2025 reform reused every old commune code with a new
/// meaning, so `org_units`' unique code gives way to `org_unit_versions`, unique on (code, valid_from). The rows are
/// copied as they are; SQLite cannot drop a constraint, so the table is rebuilt under its new name on both databases.
struct KeyOrgUnitsByValidity: AsyncMigration {
    static let oldSchema = "org_units"
    static let columns = [
        "id", "code", "name", "name_en", "level", "type_name", "parent_code", "valid_from", "valid_to", "successor_codes",
        "aliases", "version",
    ]

    func prepare(on database: Database) async throws {
        try await Self.createTable(OrgUnitModel.schema, uniqueOn: ["code", "valid_from"], on: database)
        let sql = database as! any SQLDatabase
        let list = Self.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try await sql.raw(
            SQLQueryString(
                "INSERT INTO \"\(unsafeRaw: OrgUnitModel.schema)\" (\(unsafeRaw: list)) SELECT \(unsafeRaw: list) FROM \"\(unsafeRaw: Self.oldSchema)\""
            )
        ).run()
        try await database.schema(Self.oldSchema).delete()
        try await sql.create(index: "org_unit_versions_code").on(OrgUnitModel.schema).column("code").run()
        try await sql.create(index: "org_unit_versions_parent_code").on(OrgUnitModel.schema).column("parent_code").run()
    }

    /// Back to one unit per code: each code's first unit is kept (a reused code's later units cannot be told apart
    /// by code alone).
    func revert(on database: Database) async throws {
        try await Self.createTable(Self.oldSchema, uniqueOn: ["code"], on: database)
        let sql = database as! any SQLDatabase
        let list = Self.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let table = OrgUnitModel.schema
        try await sql.raw(
            SQLQueryString(
                "INSERT INTO \"\(unsafeRaw: Self.oldSchema)\" (\(unsafeRaw: list)) SELECT \(unsafeRaw: list) FROM \"\(unsafeRaw: table)\" v WHERE NOT EXISTS (SELECT 1 FROM \"\(unsafeRaw: table)\" w WHERE w.code = v.code AND COALESCE(w.valid_from, '') < COALESCE(v.valid_from, ''))"
            )
        ).run()
        try await database.schema(table).delete()
        try await sql.create(index: "org_units_parent_code").on(Self.oldSchema).column("parent_code").run()
    }

    /// The units' table under `name`, unique on `columns`: the columns of ``CreateOrgUnits`` (kept as they were, so
    /// that rows are copied between the two).
    static func createTable(_ name: String, uniqueOn columns: [String], on database: Database) async throws {
        try await database.schema(name)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string)
            .field("level", .string, .required)
            .field("type_name", .string, .required)
            .field("parent_code", .string)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("successor_codes", .array(of: .string), .required)
            .field("aliases", .array(of: .string), .required)
            .field("version", .int, .required)
            .constraint(.constraint(.unique(fields: columns.map { .key(FieldKey(stringLiteral: $0)) }), name: nil))
            .create()
    }
}
