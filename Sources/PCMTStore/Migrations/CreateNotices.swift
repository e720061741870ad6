import Fluent
import SQLKit

/// Notices to accounts (issue 14, item 3) with the state of their e-mail, and each account's switch for e-mail
/// (``NoticeStore``).
struct CreateNotices: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(NoticeModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("facts", .string, .required)
            .field("link", .string, .required)
            .field("dedupe_key", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("email_state", .string, .required)
            .field("email_attempts", .int, .required)
            .field("email_next_at", .datetime)
            .field("email_error", .string)
            .field("emailed_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "notices_by_user").on(NoticeModel.schema).column("user_id").column("created_at").run()
        try await sql.create(index: "notices_by_email_state").on(NoticeModel.schema).column("email_state").run()
        try await database.schema(UserModel.schema).field("email_notices", .bool, .required, .sql(.default(true))).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(UserModel.schema).deleteField("email_notices").update()
        try await database.schema(NoticeModel.schema).delete()
    }
}
