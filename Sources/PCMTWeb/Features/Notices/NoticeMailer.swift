import Fluent
import Foundation
import NIOCore
import PCMTDomain
import PCMTMail
import PCMTStore
import Vapor

/// How an installation e-mails its notices: `PCMT_SMTP_URL` (``SMTPSettings``), `PCMT_MAIL_FROM` (the sender's
/// address, required with a server; `Name <address>` or the address alone) and `PCMT_PUBLIC_URL` (the address people
/// open pcmt at, for the link in each e-mail, e.g. `https://pcmt.congan.example.gov.vn`). Without `PCMT_SMTP_URL`
/// notices stay inside pcmt and their e-mails expire after ``NoticeStore/mailLifetime``.
public struct NoticeMailSettings: Sendable, Equatable {
    public var smtp: SMTPSettings
    public var from: String
    public var fromName: String
    public var publicURL: String

    public init(smtp: SMTPSettings, from: String, fromName: String = "pcmt", publicURL: String) {
        self.smtp = smtp; self.from = from; self.fromName = fromName
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// From the environment; nil when `PCMT_SMTP_URL` is not set. Throws naming the variable that is wrong.
    public static func fromEnvironment(_ environment: [String: String]) throws -> NoticeMailSettings? {
        guard let url = environment["PCMT_SMTP_URL"], !url.isEmpty else { return nil }
        let smtp = try SMTPSettings(url: url)
        guard let fromText = environment["PCMT_MAIL_FROM"], !fromText.isEmpty else {
            throw SMTPSettingsError(reason: "PCMT_MAIL_FROM (the sender's address) must be set with it")
        }
        var name = "pcmt", address = fromText.trimmingCharacters(in: .whitespaces)
        if let open = address.lastIndex(of: "<"), address.hasSuffix(">") {
            name = address[..<open].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"")))
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        guard case .success = AccountRules.email(address) else {
            throw SMTPSettingsError(reason: "PCMT_MAIL_FROM is not an e-mail address: \(fromText)")
        }
        return NoticeMailSettings(smtp: smtp, from: address, fromName: name, publicURL: environment["PCMT_PUBLIC_URL"] ?? "")
    }
}

/// Sends the notices' e-mails waiting in the outbox (``NoticeStore/claimMail(now:limit:)``) and leaves the day's
/// reminders (``NoticeStore/remind(today:now:)``). The server runs both in the background (``NoticeLoop``); the
/// command `pcmt notices` runs them once.
struct NoticeMailer: Sendable {
    var settings: NoticeMailSettings?
    var database: any Database
    var logger: Logger

    struct Outcome: Equatable {
        var sent = 0
        var failed = 0
        var expiredOrSkipped = 0
    }

    /// Sends what is due now, until the outbox is empty.
    func deliver(now: Date = Date()) async throws -> Outcome {
        let store = NoticeStore(database: database)
        var outcome = Outcome()
        guard let settings else { return outcome }
        let client = SMTPClient(settings: settings.smtp)
        var rounds = 0
        while rounds < 50 {
            rounds += 1
            let batch = try await store.claimMail(now: now, limit: 20)
            if batch.isEmpty { break }
            for mail in batch {
                do {
                    try await client.send(Self.message(mail, settings: settings))
                    try await store.mailSent(id: mail.id)
                    outcome.sent += 1
                } catch {
                    let permanent = (error as? SMTPError)?.isPermanent ?? false
                    try await store.mailFailed(id: mail.id, error: String(describing: error), permanent: permanent, now: now)
                    logger.warning("Notice e-mail to \(mail.username) not sent: \(error)")
                    outcome.failed += 1
                }
            }
        }
        return outcome
    }

    /// The e-mail of a notice, in Vietnamese (the language of the province's documents), with the link to open.
    static func message(_ mail: OutgoingNoticeMail, settings: NoticeMailSettings) -> MailMessage {
        let notice = mail.notice
        var paragraphs = notice.body(.vi)
        paragraphs.append(settings.publicURL + mail.link)
        paragraphs.append("")
        paragraphs.append(
            "Thư do pcmt gửi tự động tới tài khoản \(mail.username). Muốn thôi nhận thư, mở pcmt, trang Thông báo, bỏ chọn “Gửi thông báo qua e-mail tới địa chỉ này”."
        )
        return MailMessage(
            from: settings.from, fromName: settings.fromName, to: mail.to, subject: "[pcmt] " + notice.subject(.vi),
            body: paragraphs.joined(separator: "\n\n"))
    }
}

/// The server's background work for notices: every ``interval`` it sends the outbox, and once a day (at the first
/// run of each day in the province's time) it leaves the day's reminders. A run that fails is logged and tried again
/// at the next tick; reminders are kept once each, so a restart or a second server never repeats them.
final class NoticeLoop: LifecycleHandler, @unchecked Sendable {
    let interval: TimeAmount
    private var task: Task<Void, Never>?

    init(interval: TimeAmount) { self.interval = interval }

    func didBootAsync(_ application: Application) async throws {
        let mailer = NoticeMailer(settings: application.noticeMail, database: application.db, logger: application.logger)
        let clock = application.clock
        let interval = interval
        task = Task {
            var remindedOn = ""
            while !Task.isCancelled {
                do {
                    let today = clock.todayISO
                    if today != remindedOn {
                        let left = try await NoticeStore(database: mailer.database).remind(today: today)
                        if left > 0 { mailer.logger.info("Left \(left) reminder(s) for \(today)") }
                        remindedOn = today
                    }
                    _ = try await mailer.deliver()
                } catch {
                    mailer.logger.warning("Notices: \(error)")
                }
                try? await Task.sleep(nanoseconds: UInt64(interval.nanoseconds))
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        _ = await task?.value
    }
}

extension Application {
    private struct NoticeMailKey: StorageKey { typealias Value = NoticeMailSettings }

    /// The installation's mail server for notices; nil when notices are not e-mailed.
    var noticeMail: NoticeMailSettings? {
        get { storage[NoticeMailKey.self] }
        set { storage[NoticeMailKey.self] = newValue }
    }
}
