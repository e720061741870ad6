import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// `pcmt notices remind [--today yyyy-mm-dd]` leaves the day's reminders; `pcmt notices send` sends the e-mails
/// waiting in the outbox once; `pcmt notices retry` sends again those given up on (after the mail server is mended). The server does both by itself while it runs; these are for a server started without
/// its background work, for cron, and for checking a mail server.
struct NoticesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "remind, send or retry")
        var action: String
        @Option(name: "today", help: "The province's day to remind for, yyyy-mm-dd (default: today)")
        var today: String?
    }

    var help: String {
        "Leave the day's deadline reminders (remind), send the notices' e-mails now (send), or again those given up on (retry)"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "remind":
            let today = signature.today ?? app.clock.todayISO
            guard OfficialDate(iso: today) != nil else { throw CommandFailure(description: "--today must be a date yyyy-mm-dd, not \(today).") }
            let left = try await NoticeStore(database: app.db).remind(today: today)
            context.console.print("Reminders left for \(today): \(left).")
        case "send":
            guard app.noticeMail != nil else {
                throw CommandFailure(description: "No mail server: set PCMT_SMTP_URL and PCMT_MAIL_FROM (see README, 'Notices').")
            }
            let outcome = try await NoticeMailer(settings: app.noticeMail, database: app.db, logger: app.logger).deliver()
            context.console.print("E-mails sent: \(outcome.sent); not sent (tried again later or given up): \(outcome.failed).")
        case "retry":
            guard app.noticeMail != nil else {
                throw CommandFailure(description: "No mail server: set PCMT_SMTP_URL and PCMT_MAIL_FROM (see README, 'Notices').")
            }
            let again = try await NoticeStore(database: app.db).retryFailed()
            let outcome = try await NoticeMailer(settings: app.noticeMail, database: app.db, logger: app.logger).deliver()
            context.console.print("E-mails tried again: \(again); sent: \(outcome.sent); not sent: \(outcome.failed).")
        default:
            throw CommandFailure(description: "Unknown action \(signature.action): use remind, send or retry.")
        }
    }
}
