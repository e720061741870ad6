import Fluent

/// Files attached to a unit's report: the signed scan or the Word file it sent (pcmt issue 15, item 5), with their
/// bytes and SHA-256 (``AttachmentStore``). `content` is a BLOB on SQLite and `bytea` on PostgreSQL.
struct CreateSubmissionAttachments: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(SubmissionAttachmentModel.schema)
            .id()
            .field("submission_id", .uuid, .required, .references(SubmissionModel.schema, "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .field("note", .string, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SubmissionAttachmentModel.schema).delete()
    }
}
