import Fluent

struct CreatePlans: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(PlanModel.schema)
            .id()
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("title_en", .string)
            .field("issuer", .string, .required)
            .field("issuer_en", .string)
            .field("issuer_unit", .string)
            .field("place", .string, .required)
            .field("issued_on", .string, .required)
            .field("implements", .string, .required)
            .field("implements_en", .string)
            .field("start_year", .int, .required)
            .field("end_year", .int, .required)
            .field("baseline_year", .int, .required)
            .field("signature_capacity", .string)
            .field("signature_title", .string)
            .field("recipients", .array(of: .string), .required)
            .field("general_objective", .string, .required)
            .field("general_objective_en", .string)
            .field("version", .int, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(PlanModel.schema).delete()
    }
}
