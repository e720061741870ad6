import Fluent

/// Files checked by the import page and waiting for the person to save them from the preview, and when each was saved
/// (``ImportDraftStore``).
struct CreateImportDrafts: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(ImportDraftModel.schema)
            .id()
            .field("owner", .string, .required)
            .field("file_name", .string, .required)
            .field("notation", .string, .required)
            .field("content", .data, .required)
            .field("size", .int, .required)
            .field("created_at", .datetime, .required)
            .field("saved_at", .datetime)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(ImportDraftModel.schema).delete()
    }
}
