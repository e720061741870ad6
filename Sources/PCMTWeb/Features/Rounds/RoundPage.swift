import Foundation
import PCMTDomain
import PCMTStore

/// One round for the standing office: who has reported, on time or late, returned, approved, missing.
enum RoundPage {
    struct Row {
        var unit: OrgUnit
        var submission: SubmissionRecord
        var onTime: Bool?
        var overdue: Bool
        var contacts: [String]
    }

    struct Model {
        var plan: Plan
        var round: RoundSummary
        var rows: [Row]

        var expected: Int { rows.count }
        var submitted: Int { rows.filter { $0.submission.firstSubmittedAt != nil }.count }
        var onTime: Int { rows.filter { $0.onTime == true }.count }
        var late: Int { rows.filter { $0.onTime == false }.count }
        var missing: Int { rows.filter { $0.submission.firstSubmittedAt == nil }.count }
        var reportingRate: Double { expected == 0 ? 0 : Double(submitted) / Double(expected) * 100 }
        var onTimeRate: Double { expected == 0 ? 0 : Double(onTime) / Double(expected) * 100 }
    }

    static func emailLink(_ addresses: [String], subject: String, body: String, t: Localizer) -> Node {
        guard !addresses.isEmpty else { return .empty }
        let query = "subject=\(subject.urlQueryEscaped)&body=\(body.urlQueryEscaped)"
        return link(
            "mailto:\(addresses.joined(separator: ","))?\(query)",
            t("E-mail the reminder (\(addresses.count))", "Gửi e-mail nhắc nhở (\(addresses.count))"),
            attributes: ["class": "button"])
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let overdue = model.rows.filter(\.overdue)
        let reminder = t(
            "Reminder: the \(model.round.kind.title(model.round.period, .en).lowercased()) of plan \(model.plan.code) was due on \(t.date(model.round.schedule.dueDate)). Please submit it in pcmt as soon as possible.",
            "Đề nghị quý đơn vị gửi \(model.round.kind.title(model.round.period, .vi).lowercased()) theo Kế hoạch \(model.plan.code) trên pcmt; hạn nộp là ngày \(t.date(model.round.schedule.dueDate))."
        )
        return [
            h("p", ["class": "kicker"], link(SiteURL.rounds(.value(model.plan.id)).path, t("Reporting rounds", "Các kỳ báo cáo"))),
            h("h1", [:], model.round.kind.title(model.round.period, t.language)),
            h(
                "p", ["class": "served-plan"],
                [
                    .text(t("For plan ", "Kế hoạch ")),
                    link(SiteURL.plan(.value(model.plan.id)).path, "\(model.plan.code) (\(model.plan.startYear)–\(model.plan.endYear))"),
                ]),
            h(
                "p", [:],
                t(
                    "Due \(t.date(model.round.schedule.dueDate)); figures from \(t.date(model.round.schedule.cutoffStart)) to \(t.date(model.round.schedule.cutoffEnd)).",
                    "Hạn nộp \(t.date(model.round.schedule.dueDate)); số liệu từ \(t.date(model.round.schedule.cutoffStart)) đến \(t.date(model.round.schedule.cutoffEnd))."
                )),
            h(
                "ul", ["class": "counts"],
                [
                    h(
                        "li", [:],
                        [
                            h("strong", [:], Format.percent(model.reportingRate, t.language)),
                            .text(
                                t(" reporting rate (\(model.submitted)/\(model.expected))", " tỷ lệ báo cáo (\(model.submitted)/\(model.expected))")),
                        ]),
                    h(
                        "li", [:],
                        [
                            h("strong", [:], Format.percent(model.onTimeRate, t.language)),
                            .text(t(" on time (\(model.onTime)/\(model.expected))", " đúng hạn (\(model.onTime)/\(model.expected))")),
                        ]),
                    h("li", [:], [h("strong", [:], String(model.late)), .text(t(" sent late", " nộp muộn"))]),
                    h("li", [:], [h("strong", [:], String(model.missing)), .text(t(" not sent", " chưa nộp"))]),
                ]
                    + SubmissionState.allCases.map { state in
                        h("li", [:], [h("strong", [:], String(model.round.counts[state] ?? 0)), .text(" " + state.name(t.language))])
                    }),
            h(
                "p", [:],
                [
                    link(
                        SiteURL.roundReport(.value(model.round.id)).path,
                        t("The province's report (Word, PDF, annexes) →", "Báo cáo của tỉnh (Word, PDF, phụ lục) →"),
                        attributes: ["class": "button primary"]),
                    " ",
                    link(SiteURL.roundCompiled(.value(model.round.id)).path, t("The compiled view", "Xem tổng hợp"), attributes: ["class": "button"]),
                    " ",
                    link(SiteURL.roundAnnex(.value(model.round.id)).path, t("Annexes (Excel)", "Phụ lục (Excel)"), attributes: ["class": "button"]),
                    " ",
                    link(
                        SiteURL.roundCompleteness(.value(model.round.id)).path, t("Completeness (CSV)", "Tiến độ báo cáo (CSV)"),
                        attributes: ["class": "button"]),
                ]),
            overdue.isEmpty
                ? .empty
                : h(
                    "section", ["class": "overdue"],
                    [
                        h("h2", [:], t("Overdue (\(overdue.count))", "Quá hạn (\(overdue.count))")),
                        h(
                            "table", [:],
                            [
                                h(
                                    "thead", [:],
                                    h(
                                        "tr", [:],
                                        [
                                            h("th", ["scope": "col"], t("Unit", "Đơn vị")), h("th", ["scope": "col"], t("State", "Trạng thái")),
                                            h("th", ["scope": "col"], t("Accounts to remind", "Tài khoản cần nhắc")),
                                        ])),
                                h(
                                    "tbody", [:],
                                    overdue.map { row in
                                        h(
                                            "tr", [:],
                                            [
                                                h("td", [:], link(SiteURL.submission(.value(row.submission.id)).path, row.unit.name)),
                                                h("td", [:], row.submission.state.name(t.language)),
                                                h(
                                                    "td", [:],
                                                    row.contacts.isEmpty
                                                        ? t("no account yet", "chưa có tài khoản") : row.contacts.joined(separator: ", ")),
                                            ])
                                    }),
                            ]),
                        h("label", ["for": "reminder"], t("Reminder text (select and copy)", "Nội dung nhắc nhở (chọn và sao chép)")),
                        h("textarea", ["id": "reminder", "rows": "3", "readonly": "readonly", "class": "reminder"], reminder),
                        h(
                            "p", [:],
                            [
                                h(
                                    "button", ["type": "button", "class": "copy", "data-copy": "reminder", "hidden": "hidden"],
                                    t("Copy the reminder", "Sao chép nội dung nhắc")),
                                " ",
                                emailLink(
                                    overdue.flatMap(\.contacts).filter { $0.contains("@") },
                                    subject: model.round.kind.title(model.round.period, t.language),
                                    body: reminder, t: t),
                            ]),
                        h("script", ["src": SiteURL.copyScript.path, "defer": "defer"], []),
                    ]),
            h("h2", [:], t("Every expected unit", "Các đơn vị phải báo cáo")),
            h(
                "table", [:],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], t("Unit", "Đơn vị")), h("th", ["scope": "col"], t("State", "Trạng thái")),
                                h("th", ["scope": "col"], t("First sent", "Gửi lần đầu")), h("th", ["scope": "col"], t("Timeliness", "Thời hạn")),
                            ])),
                    h(
                        "tbody", [:],
                        model.rows.map { row in
                            h(
                                "tr", [:],
                                [
                                    h("td", [:], link(SiteURL.submission(.value(row.submission.id)).path, row.unit.name)),
                                    h(
                                        "td", [:],
                                        h("span", ["class": "state state-\(row.submission.state.rawValue)"], row.submission.state.name(t.language))),
                                    h("td", [:], row.submission.firstSubmittedAt.map(DateText.dateTime) ?? "—"),
                                    h(
                                        "td", [:],
                                        row.onTime.map { $0 ? t("on time", "đúng hạn") : t("late", "trễ hạn") }
                                            ?? (row.overdue ? t("missing, overdue", "chưa nộp, quá hạn") : t("not yet sent", "chưa gửi"))),
                                ])
                        }),
                ]),
        ]
    }
}
