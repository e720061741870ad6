import Foundation
import PCMTDomain
import PCMTStore

/// The account's notices (newest first, the unread marked) and where they are sent: its e-mail address and its
/// switch for e-mail.
enum NoticesPage {
    struct Model {
        var notices: [NoticeRecord]
        var email: String
        var emailNotices: Bool
        var version: Int
        /// Whether the installation has a mail server (``NoticeMailSettings``).
        var mailConfigured: Bool
        var csrfToken: String
        var saved: String? = nil
        /// Said when nothing was saved because the account changed meanwhile.
        var conflict: String? = nil
        var problems: [FieldProblem] = []
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let unread = model.notices.filter { $0.readAt == nil }.count
        return [
            h("h1", [:], t("Notices", "Thông báo")),
            model.saved.map { Forms.notice($0) } ?? .empty,
            model.conflict.map { Forms.notice($0, kind: "warn") } ?? .empty,
            Forms.errorSummary(model.problems, labels: ["email": t("E-mail address", "Địa chỉ e-mail")], t: t),
            list(model, unread: unread, t: t),
            preferences(model, t: t),
        ]
    }

    static func list(_ model: Model, unread: Int, t: Localizer) -> Node {
        guard !model.notices.isEmpty else {
            return h(
                "p", ["class": "empty"],
                t(
                    "No notices yet. Returns, approvals, reopenings and deadlines of your reports will appear here.",
                    "Chưa có thông báo. Báo cáo bị trả lại, được duyệt, được mở lại và nhắc hạn sẽ hiện ở đây."))
        }
        return h(
            "section", ["aria-labelledby": "notices-list"],
            [
                h(
                    "div", ["class": "notices-head"],
                    [
                        h(
                            "h2", ["id": "notices-list"],
                            unread > 0 ? t("\(unread) unread", "\(unread) thông báo chưa đọc") : t("All read", "Đã đọc hết")),
                        unread > 0
                            ? h(
                                "form", ["method": "post", "action": SiteURL.noticesRead.path, "class": "inline"],
                                [
                                    Forms.csrf(model.csrfToken), Forms.hidden("all", "1"),
                                    h("button", ["type": "submit"], t("Mark all as read", "Đánh dấu tất cả là đã đọc")),
                                ]) : .empty,
                    ]),
                h("ol", ["class": "notices"], model.notices.map { item(model, $0, t: t) }),
            ])
    }

    static func item(_ model: Model, _ record: NoticeRecord, t: Localizer) -> Node {
        let notice = record.notice
        let unread = record.readAt == nil
        return h(
            "li", ["class": unread ? "notice-item unread" : "notice-item", "id": "notice-\(record.id.uuidString.lowercased())"],
            [
                h(
                    "p", ["class": "notice-subject"],
                    [
                        unread ? h("strong", ["class": "tag"], t("New", "Mới")) : .empty, unread ? " " : "",
                        h("a", ["href": record.link], notice.subject(t.language)),
                    ]),
                h("p", ["class": "meta"], [.text(DateText.dateTime(record.createdAt)), " · ", .text(mailState(record.email, t: t))]),
                h("div", ["class": "notice-body"], notice.body(t.language).dropLast().map { h("p", [:], $0) }),
                unread
                    ? h(
                        "form", ["method": "post", "action": SiteURL.noticesRead.path, "class": "inline"],
                        [
                            Forms.csrf(model.csrfToken), Forms.hidden("id", record.id.uuidString),
                            h("button", ["type": "submit", "class": "link"], t("Mark as read", "Đánh dấu đã đọc")),
                        ]) : .empty,
            ])
    }

    static func mailState(_ state: NoticeMailState, t: Localizer) -> String {
        switch state {
        case .none: t("not e-mailed", "không gửi e-mail")
        case .pending, .sending: t("e-mail waiting to be sent", "e-mail đang chờ gửi")
        case .sent: t("e-mailed", "đã gửi e-mail")
        case .failed: t("e-mail could not be sent", "không gửi được e-mail")
        case .expired: t("e-mail not sent (no mail server)", "không gửi e-mail (chưa có máy chủ thư)")
        }
    }

    static func preferences(_ model: Model, t: Localizer) -> Node {
        h(
            "section", ["aria-labelledby": "notices-mail", "class": "narrow"],
            [
                h("h2", ["id": "notices-mail"], t("Notices by e-mail", "Nhận thông báo qua e-mail")),
                model.mailConfigured
                    ? .empty
                    : Forms.notice(
                        t(
                            "This installation has no mail server yet: notices stay inside pcmt. Ask the administrator to set PCMT_SMTP_URL.",
                            "Máy chủ này chưa được cấu hình gửi e-mail: thông báo chỉ hiện trong pcmt. Hãy đề nghị quản trị hệ thống đặt PCMT_SMTP_URL."
                        ), kind: "warn"),
                h(
                    "form", ["method": "post", "action": SiteURL.notices.path],
                    [
                        Forms.csrf(model.csrfToken), Forms.hidden("version", String(model.version)),
                        Forms.field(
                            t("E-mail address", "Địa chỉ e-mail"), name: "email", value: model.email, type: "email",
                            error: model.problems.first { $0.field == "email" }?.message(t.language),
                            help: t("Leave empty for no e-mail.", "Để trống nếu không nhận e-mail."),
                            attributes: ["autocomplete": "email"]),
                        h(
                            "div", ["class": "field check"],
                            [
                                .element(
                                    "input",
                                    [("type", "checkbox"), ("id", "f-email_notices"), ("name", "email_notices"), ("value", "1")]
                                        + (model.emailNotices ? [("checked", "checked")] : []), []),
                                h(
                                    "label", ["for": "f-email_notices"],
                                    t("Send my notices by e-mail too", "Gửi thông báo qua e-mail tới địa chỉ này")),
                            ]),
                        h("button", ["type": "submit", "class": "primary"], t("Save", "Lưu")),
                    ]),
            ])
    }
}
