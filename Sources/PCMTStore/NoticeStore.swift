import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// A notice as its recipient sees it.
public struct NoticeRecord: Sendable, Equatable {
    public var id: UUID
    public var notice: Notice
    /// The page it is about ("/submissions/…").
    public var link: String
    public var createdAt: Date
    public var readAt: Date?
    public var email: NoticeMailState
}

/// Where a notice's e-mail is.
public enum NoticeMailState: String, Sendable, Equatable {
    /// Not e-mailed: the account has no address or its switch is off.
    case none
    /// Waiting for the mailer (or for its next try after a failure).
    case pending
    /// Taken by a mailer that is sending it now.
    case sending
    /// Handed to the SMTP server.
    case sent
    /// Given up after ``NoticeStore/maxAttempts`` tries, or the address was removed meanwhile.
    case failed
    /// Not sent because it waited longer than ``NoticeStore/mailLifetime`` (no mail server was configured).
    case expired
}

/// One e-mail the mailer is to send now.
public struct OutgoingNoticeMail: Sendable, Equatable {
    public var id: UUID
    public var to: String
    public var username: String
    public var notice: Notice
    public var link: String
    public var attempts: Int
}

/// Notices inside pcmt and the e-mails that carry them (issue 14, item 3). A review action leaves its notices in the
/// transaction that changes the report (``leave(after:submission:comment:actor:on:)``), so a notice is never lost nor
/// left for an action that did not happen. E-mails are an outbox: the mailer claims pending ones
/// (``claimMail(now:limit:)``), sends them and says how it went; a claim left by a mailer that stopped is taken again
/// after ``claimTimeout``.
public struct NoticeStore: Sendable {
    let database: any Database

    /// A notice's e-mail is tried at most this many times (waiting 1, 2, 4, 8 minutes between tries).
    public static let maxAttempts = 5
    /// An e-mail not sent within this time is not sent at all (3 days): a reminder that arrives a week late misleads.
    public static let mailLifetime: TimeInterval = 3 * 24 * 3600
    /// A claimed e-mail is taken again when its mailer has not answered within this time (10 minutes).
    public static let claimTimeout: TimeInterval = 600
    /// The notices listed on the page at most.
    public static let listed = 200

    public init(database: any Database) { self.database = database }

    // MARK: Leaving notices

    /// Leaves the notices of a review action on `db` (inside the transaction that made it): to the unit's reporters
    /// for a return, an approval or a reopening, to the standing office of the unit's province for a report sent.
    static func leave(
        after action: SubmissionAction, submission: SubmissionModel, comment: String, items: [String] = [], actor: String,
        on db: any Database
    ) async throws {
        guard let round = try await ReportingRoundModel.find(submission.roundID, on: db) else { return }
        let kind = NoticeKind.after(action)
        let recipients =
            kind == .submitted
            ? try await standingOffice(of: submission.unitCode, on: db) : try await reporters(of: submission.unitCode, on: db)
        let notice = Notice(
            kind: kind, period: round.period, roundKind: RoundKind(rawValue: round.kind) ?? .halfYear,
            unitName: try await unitName(submission.unitCode, on: db), actor: actor, comment: comment, items: items,
            dueDate: round.dueDate)
        let now = Date()
        for user in recipients where user.username != actor {
            try await insert(notice, to: user, link: "/submissions/\(submission.id!.uuidString.lowercased())", dedupeKey: nil, now: now, on: db)
        }
    }

    /// Leaves today's reminders (``ReminderRule``) for every report of every plan still in draft or returned, once per
    /// report, kind, due date and account (a repeated or concurrent run adds nothing). Returns how many were left.
    public func remind(today: String, now: Date = Date()) async throws -> Int {
        guard let todayDate = OfficialDate(iso: today) else { return 0 }
        // Only rounds whose due date can earn a reminder today.
        let earliest = Self.shift(todayDate, by: -ReminderRule.daysAfter), latest = Self.shift(todayDate, by: ReminderRule.daysBefore)
        let rounds = try await ReportingRoundModel.query(on: database).filter(\.$dueDate >= earliest).filter(\.$dueDate <= latest).all()
        var left = 0
        for round in rounds {
            let open = try await SubmissionModel.query(on: database).filter(\.$roundID == round.id!)
                .filter(\.$state ~~ [SubmissionState.draft.rawValue, SubmissionState.returned.rawValue]).all()
            for submission in open {
                guard
                    let kind = ReminderRule.reminder(
                        state: SubmissionState(rawValue: submission.state) ?? .draft, dueDate: round.dueDate, today: today)
                else { continue }
                let notice = Notice(
                    kind: kind, period: round.period, roundKind: RoundKind(rawValue: round.kind) ?? .halfYear,
                    unitName: try await Self.unitName(submission.unitCode, on: database), dueDate: round.dueDate)
                for user in try await Self.reporters(of: submission.unitCode, on: database) {
                    let key = "\(kind.rawValue):\(submission.id!.uuidString):\(round.dueDate):\(user.id!.uuidString)"
                    if try await Self.insert(
                        notice, to: user, link: "/submissions/\(submission.id!.uuidString.lowercased())", dedupeKey: key, now: now, on: database)
                    {
                        left += 1
                    }
                }
            }
        }
        return left
    }

    /// Inserts one notice; false when a notice with the same `dedupeKey` exists already.
    @discardableResult
    static func insert(_ notice: Notice, to user: UserModel, link: String, dedupeKey: String?, now: Date, on db: any Database) async throws
        -> Bool
    {
        let facts = String(decoding: try JSONEncoder().encode(notice), as: UTF8.self)
        let mail: NoticeMailState = user.emailNotices && !(user.email ?? "").isEmpty ? .pending : .none
        let sql = db as! any SQLDatabase
        let rows = try await sql.insert(into: NoticeModel.schema)
            .columns(
                "id", "user_id", "kind", "facts", "link", "dedupe_key", "created_at", "email_state", "email_attempts"
            )
            .values(
                SQLBind(UUID()), SQLBind(user.id!), SQLBind(notice.kind.rawValue), SQLBind(facts), SQLBind(link), SQLBind(dedupeKey),
                SQLBind(now), SQLBind(mail.rawValue), SQLBind(0)
            )
            .ignoringConflicts(with: ["dedupe_key"])
            .returning("id")
            .all()
        return !rows.isEmpty
    }

    /// The enabled accounts that write `unitCode`'s reports (``Capability/editSubmission``).
    static func reporters(of unitCode: String, on db: any Database) async throws -> [UserModel] {
        let roles = Role.allCases.filter { Capability.editSubmission.isOpen(to: $0) }.map(\.rawValue)
        return try await UserModel.query(on: db).filter(\.$unitCode == unitCode).filter(\.$role ~~ roles)
            .filter(\.$disabled == false).sort(\.$username).all()
    }

    /// The enabled standing-office accounts of the province `unitCode` lies in.
    static func standingOffice(of unitCode: String, on db: any Database) async throws -> [UserModel] {
        let index = try await ReferenceCache.shared.unitIndex(on: db)
        // A code's latest unit (a reused code is the unit of today: Xã Tu Mơ Rông under the new province), and the
        // province it lay in at its time.
        func province(_ code: String) -> String? {
            guard let unit = index.timeline.versions[code]?.last else { return nil }
            if unit.level == .province { return unit.code }
            return index.timeline.ancestors(of: unit).first { $0.level == .province }?.code
        }
        guard let target = province(unitCode) else { return [] }
        return try await UserModel.query(on: db).filter(\.$role == Role.standingOffice.rawValue).filter(\.$disabled == false)
            .sort(\.$username).all().filter { province($0.unitCode) == target }
    }

    /// The name of the code's first unit (reports are of units that did not change code; a reused code is named by
    /// the unit it named first, as ``UnitIndex/byCode`` does), else the code.
    static func unitName(_ code: String, on db: any Database) async throws -> String {
        try await ReferenceCache.shared.unitIndex(on: db).byCode[code]?.name ?? code
    }

    static func shift(_ date: OfficialDate, by days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))!
        let moved = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: start)!)
        return OfficialDate(year: moved.year!, month: moved.month!, day: moved.day!)?.iso ?? date.iso
    }

    // MARK: Reading

    /// The account's notices, newest first (at most ``listed``).
    public func notices(userID: UUID) async throws -> [NoticeRecord] {
        try await NoticeModel.query(on: database).filter(\.$userID == userID).sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .limit(Self.listed).all().compactMap(Self.record)
    }

    /// How many of the account's notices are not read.
    public func unreadCount(userID: UUID) async throws -> Int {
        try await NoticeModel.query(on: database).filter(\.$userID == userID).filter(\.$readAt == nil).count()
    }

    /// Marks the account's notices read: those in `ids`, or all when `ids` is nil. Another account's ids are ignored.
    /// Returns how many changed.
    @discardableResult
    public func markRead(userID: UUID, ids: [UUID]?, now: Date = Date()) async throws -> Int {
        var query = NoticeModel.query(on: database).filter(\.$userID == userID).filter(\.$readAt == nil)
        if let ids { query = query.filter(\.$id ~~ ids) }
        let unread = try await query.all(\.$id)
        guard !unread.isEmpty else { return 0 }
        try await NoticeModel.query(on: database).filter(\.$id ~~ unread).set(\.$readAt, to: now).update()
        return unread.count
    }

    /// Marks read the account's notices about the page at `link` (the person opened it); returns how many changed.
    @discardableResult
    public func markRead(userID: UUID, link: String, now: Date = Date()) async throws -> Int {
        let unread = try await NoticeModel.query(on: database).filter(\.$userID == userID).filter(\.$link == link)
            .filter(\.$readAt == nil).all(\.$id)
        guard !unread.isEmpty else { return 0 }
        try await NoticeModel.query(on: database).filter(\.$id ~~ unread).set(\.$readAt, to: now).update()
        return unread.count
    }

    static func record(_ model: NoticeModel) -> NoticeRecord? {
        guard let notice = try? JSONDecoder().decode(Notice.self, from: Data(model.facts.utf8)) else { return nil }
        return NoticeRecord(
            id: model.id!, notice: notice, link: model.link, createdAt: model.createdAt, readAt: model.readAt,
            email: NoticeMailState(rawValue: model.emailState) ?? .none)
    }

    // MARK: The outbox

    /// Claims up to `limit` e-mails that are due now, oldest first, with the recipient's address as it is now; an
    /// account that has since removed its address or turned its switch off gets none (the notice is marked
    /// ``NoticeMailState/failed`` with the reason). E-mails older than ``mailLifetime`` are marked expired instead.
    public func claimMail(now: Date = Date(), limit: Int = 20) async throws -> [OutgoingNoticeMail] {
        let sql = database as! any SQLDatabase
        // A look first, so that an idle outbox costs a read, not a write, every time the mailer wakes.
        guard
            try await sql.raw("SELECT id FROM notices WHERE email_state IN ('pending', 'sending') LIMIT 1").first() != nil
        else { return [] }
        try await sql.raw(
            """
            UPDATE notices SET email_state = 'expired', email_next_at = NULL
            WHERE email_state IN ('pending', 'sending') AND created_at < \(bind: now.addingTimeInterval(-Self.mailLifetime))
            """
        ).run()
        // The state is asked again outside the subquery: on PostgreSQL a concurrent claim of the same row waits, then
        // finds it taken.
        let claimed = try await sql.raw(
            """
            UPDATE notices SET email_state = 'sending', email_next_at = \(bind: now.addingTimeInterval(Self.claimTimeout))
            WHERE id IN (
              SELECT id FROM notices
              WHERE (email_state = 'pending' AND (email_next_at IS NULL OR email_next_at <= \(bind: now)))
                 OR (email_state = 'sending' AND email_next_at <= \(bind: now))
              ORDER BY created_at LIMIT \(literal: max(1, min(limit, 500))))
            AND ((email_state = 'pending' AND (email_next_at IS NULL OR email_next_at <= \(bind: now)))
                 OR (email_state = 'sending' AND email_next_at <= \(bind: now)))
            RETURNING id
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !claimed.isEmpty else { return [] }
        let models = try await NoticeModel.query(on: database).filter(\.$id ~~ claimed).sort(\.$createdAt).all()
        let users = Dictionary(
            try await UserModel.query(on: database).filter(\.$id ~~ Set(models.map(\.userID))).all().map { ($0.id!, $0) },
            uniquingKeysWith: { first, _ in first })
        var outgoing: [OutgoingNoticeMail] = []
        for model in models {
            guard let user = users[model.userID], let address = user.email, !address.isEmpty, user.emailNotices, !user.disabled,
                let record = Self.record(model)
            else {
                try await settle(model.id!, state: .failed, error: "no address, switched off or account disabled", now: now)
                continue
            }
            outgoing.append(
                OutgoingNoticeMail(
                    id: model.id!, to: address, username: user.username, notice: record.notice, link: record.link,
                    attempts: model.emailAttempts))
        }
        return outgoing
    }

    /// The SMTP server took the e-mail.
    public func mailSent(id: UUID, now: Date = Date()) async throws {
        try await settle(id, state: .sent, error: nil, now: now)
    }

    /// The e-mail could not be sent: tried again later (1, 2, 4, 8 minutes), or given up after ``maxAttempts``
    /// tries or when `permanent` (the server refused the address).
    public func mailFailed(id: UUID, error: String, permanent: Bool, now: Date = Date()) async throws {
        guard let model = try await NoticeModel.find(id, on: database) else { return }
        model.emailAttempts += 1
        model.emailError = String(error.prefix(500))
        if permanent || model.emailAttempts >= Self.maxAttempts {
            model.emailState = NoticeMailState.failed.rawValue
            model.emailNextAt = nil
        } else {
            model.emailState = NoticeMailState.pending.rawValue
            model.emailNextAt = now.addingTimeInterval(60 * pow(2, Double(model.emailAttempts - 1)))
        }
        try await model.update(on: database)
    }

    private func settle(_ id: UUID, state: NoticeMailState, error: String?, now: Date) async throws {
        guard let model = try await NoticeModel.find(id, on: database) else { return }
        model.emailState = state.rawValue
        model.emailNextAt = nil
        if state == .sent { model.emailedAt = now; model.emailAttempts += 1 }
        if let error { model.emailError = error }
        try await model.update(on: database)
    }

    /// Sends again the e-mails given up on (``NoticeMailState/failed``) that are younger than ``mailLifetime``, after
    /// the mail server was mended: they are pending again with their tries counted anew. Returns how many.
    @discardableResult
    public func retryFailed(now: Date = Date()) async throws -> Int {
        let failed = try await NoticeModel.query(on: database).filter(\.$emailState == NoticeMailState.failed.rawValue)
            .filter(\.$createdAt >= now.addingTimeInterval(-Self.mailLifetime)).all(\.$id)
        guard !failed.isEmpty else { return 0 }
        try await NoticeModel.query(on: database).filter(\.$id ~~ failed)
            .set(\.$emailState, to: NoticeMailState.pending.rawValue).set(\.$emailAttempts, to: 0).set(\.$emailNextAt, to: nil).update()
        return failed.count
    }

    /// Counts of e-mails by state (for the administrator's view and the tests).
    public func mailCounts() async throws -> [NoticeMailState: Int] {
        var counts: [NoticeMailState: Int] = [:]
        for model in try await NoticeModel.query(on: database).field(\.$id).field(\.$emailState).all() {
            counts[NoticeMailState(rawValue: model.emailState) ?? .none, default: 0] += 1
        }
        return counts
    }
}
