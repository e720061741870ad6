import Fluent

/// The shares by which an old unit split between new units is counted in their re-based figures (issue 16, item 2;
/// ``SplitShareStore``): one row per old unit and new unit, the old and new unit each by code and first day ("" for
/// a unit that predates the data), the share as a fraction 0–1 (null: none set, the old unit is counted for no new
/// unit), the note on the assumption, and the version of the old unit's shares with who set them when.
struct CreateSplitShares: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(SplitShareModel.schema)
            .id()
            .field("old_code", .string, .required)
            .field("old_from", .string, .required)
            .field("new_code", .string, .required)
            .field("new_from", .string, .required)
            .field("share", .double)
            .field("note", .string, .required)
            .field("version", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "old_code", "old_from", "new_code", "new_from")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SplitShareModel.schema).delete()
    }
}
