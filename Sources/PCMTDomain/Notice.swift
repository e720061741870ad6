import Foundation

/// Why pcmt tells someone something (issue 14, item 3): a report's review, and its deadline.
public enum NoticeKind: String, Codable, Sendable, CaseIterable {
    /// A unit sent its report: to the standing office that reviews it.
    case submitted
    /// The standing office returned a report with comments: to the unit's reporters.
    case returned
    /// The standing office approved a report: to the unit's reporters.
    case approved
    /// The standing office opened an approved report again, with a reason: to the unit's reporters.
    case reopened
    /// A report not sent yet is due within ``ReminderRule/daysBefore`` days.
    case dueSoon = "due_soon"
    /// A report was due and is not sent (``Timeliness/isOverdue(state:dueDate:today:)``).
    case overdue

    /// The notice a review action leaves, if any.
    public static func after(_ action: SubmissionAction) -> NoticeKind {
        switch action {
        case .submit: .submitted
        case .return: .returned
        case .approve: .approved
        case .reopen: .reopened
        }
    }
}

/// What one notice says, from the facts kept with it, in either language; the e-mail and the page say the same.
///
/// Shape: `round` is the round's title ("Báo cáo năm 2024"), `unitName` the reporting unit, `actor` the account that
/// acted (empty for reminders), `comment` the reviewer's words, `dueDate` "yyyy-mm-dd".
public struct Notice: Sendable, Equatable, Codable {
    public var kind: NoticeKind
    public var period: String
    public var roundKind: RoundKind
    public var unitName: String
    public var actor: String
    public var comment: String
    /// The reviewer's comments per item, each "item: comment".
    public var items: [String]
    public var dueDate: String

    public init(
        kind: NoticeKind, period: String, roundKind: RoundKind, unitName: String, actor: String = "", comment: String = "",
        items: [String] = [], dueDate: String
    ) {
        self.kind = kind; self.period = period; self.roundKind = roundKind; self.unitName = unitName
        self.actor = actor; self.comment = comment; self.items = items; self.dueDate = dueDate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(NoticeKind.self, forKey: .kind)
        period = try c.decode(String.self, forKey: .period)
        roundKind = try c.decode(RoundKind.self, forKey: .roundKind)
        unitName = try c.decode(String.self, forKey: .unitName)
        actor = try c.decodeIfPresent(String.self, forKey: .actor) ?? ""
        comment = try c.decodeIfPresent(String.self, forKey: .comment) ?? ""
        items = try c.decodeIfPresent([String].self, forKey: .items) ?? []
        dueDate = try c.decode(String.self, forKey: .dueDate)
    }

    /// "Báo cáo năm 2024", or the period's code when it cannot be read.
    public func roundTitle(_ language: Language) -> String {
        Period(period).map { roundKind.title($0, language) } ?? period
    }

    private func due(_ language: Language) -> String {
        guard let date = OfficialDate(iso: dueDate) else { return dueDate }
        return language == .vi ? date.words : "\(date.day)/\(date.month)/\(date.year)"
    }

    /// One line: the e-mail's subject and the list's heading.
    public func subject(_ language: Language) -> String {
        let round = roundTitle(language)
        switch (kind, language) {
        case (.submitted, .vi): return "\(unitName) đã gửi \(round.lowercasedFirst)"
        case (.submitted, .en): return "\(unitName) sent its \(round.lowercasedFirst)"
        case (.returned, .vi): return "\(round) của \(unitName) bị trả lại"
        case (.returned, .en): return "\(round) of \(unitName) was returned"
        case (.approved, .vi): return "\(round) của \(unitName) đã được duyệt"
        case (.approved, .en): return "\(round) of \(unitName) was approved"
        case (.reopened, .vi): return "\(round) của \(unitName) được mở lại để sửa"
        case (.reopened, .en): return "\(round) of \(unitName) was reopened"
        case (.dueSoon, .vi): return "Nhắc hạn: \(round.lowercasedFirst) của \(unitName) hạn gửi \(due(.vi))"
        case (.dueSoon, .en): return "Reminder: the \(round.lowercasedFirst) of \(unitName) is due on \(due(.en))"
        case (.overdue, .vi): return "Quá hạn: \(round.lowercasedFirst) của \(unitName) chưa gửi (hạn \(due(.vi)))"
        case (.overdue, .en): return "Overdue: the \(round.lowercasedFirst) of \(unitName) is not sent (due \(due(.en)))"
        }
    }

    /// The paragraphs below the subject: who did what, the comment, and what to do next.
    public func body(_ language: Language) -> [String] {
        let vi = language == .vi
        var lines: [String] = []
        switch kind {
        case .submitted:
            lines.append(vi ? "Báo cáo đang chờ cơ quan thường trực xem xét." : "The report waits for the standing office's review.")
        case .returned:
            lines.append(vi ? "Cơ quan thường trực (\(actor)) đã trả lại báo cáo để sửa." : "The standing office (\(actor)) returned the report.")
        case .approved:
            lines.append(
                vi
                    ? "Cơ quan thường trực (\(actor)) đã duyệt báo cáo; số liệu của kỳ này nay là số liệu chính thức."
                    : "The standing office (\(actor)) approved the report; its figures for the period are now official.")
        case .reopened:
            lines.append(
                vi ? "Cơ quan thường trực (\(actor)) đã mở lại báo cáo đã duyệt." : "The standing office (\(actor)) reopened the approved report.")
        case .dueSoon:
            lines.append(vi ? "Báo cáo chưa được gửi; hạn gửi là \(due(.vi))." : "The report is not sent yet; it is due on \(due(.en)).")
        case .overdue:
            lines.append(
                vi ? "Đã quá hạn gửi (\(due(.vi))) mà báo cáo chưa được gửi." : "The due date (\(due(.en))) has passed and the report is not sent.")
        }
        if !comment.isEmpty { lines.append((vi ? "Ý kiến: " : "Comment: ") + comment) }
        if !items.isEmpty {
            lines.append(vi ? "Ý kiến về từng nội dung:" : "Comments on items:")
            lines += items.map { "– " + $0 }
        }
        switch kind {
        case .returned, .reopened, .dueSoon, .overdue:
            lines.append(vi ? "Mở báo cáo để sửa và gửi:" : "Open the report to complete and send it:")
        case .submitted:
            lines.append(vi ? "Mở báo cáo để xem xét:" : "Open the report to review it:")
        case .approved:
            lines.append(vi ? "Xem báo cáo:" : "See the report:")
        }
        return lines
    }
}

/// When a report not yet sent earns a reminder (issue 14, item 3: "a daily reminder before a deadline and on the day
/// after it, sent once"). A daily run asks this for each report still in draft or returned; the store keeps one
/// reminder of each kind per report and due date, so a run that is repeated or late sends nothing twice.
public enum ReminderRule {
    /// A reminder goes from this many days before the due date up to the day before it (a run missed on the day
    /// before still reminds).
    public static let daysBefore = 3
    /// An overdue reminder goes from the day after the due date for this many days (a run missed on that day still
    /// reminds; later than this the standing office's overdue list is the reminder).
    public static let daysAfter = 7

    /// `.dueSoon`, `.overdue` or nil for a report in `state` due on `dueDate` ("yyyy-mm-dd"), on `today`
    /// ("yyyy-mm-dd", the province's day, ``ProvinceClock/todayISO``). Only draft and returned reports are reminded;
    /// nil when either date cannot be read.
    public static func reminder(state: SubmissionState, dueDate: String, today: String) -> NoticeKind? {
        guard state.isEditable, let due = OfficialDate(iso: dueDate), let now = OfficialDate(iso: today) else { return nil }
        let days = now.days(until: due)
        if (1...daysBefore).contains(days) { return .dueSoon }
        if (1...daysAfter).contains(-days) { return .overdue }
        return nil
    }
}

extension OfficialDate {
    /// Whole days from this date to `other`: positive when `other` is later, 0 on the same day.
    public func days(until other: OfficialDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// Days since 1 March of year 0 in the proleptic Gregorian calendar (a serial for subtracting dates).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 9 : month - 3
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1
    }
}

extension String {
    /// The text with its first letter in lower case ("Báo cáo năm 2024" → "báo cáo năm 2024").
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }

    /// The text with its first letter in upper case ("nhiệm vụ 1, điểm a" → "Nhiệm vụ 1, điểm a").
    public var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
