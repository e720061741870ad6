import Foundation
import PCMTDomain
import PCMTStore

/// A unit's report in a round: its narratives per duty and project progress, what is missing, and the review.
enum SubmissionPage {
    struct Model {
        var plan: Plan
        var round: RoundSummary
        var unit: OrgUnit
        var submission: SubmissionRecord
        var demands: SubmissionDemands
        var missing: [String]
        /// The unit's figures for the round's period, as the board counts them (none for a review of several years).
        var figures: [DataEntryQueries.Figure] = []
        var events: [SubmissionEvent]
        var mayEdit: Bool
        var mayReview: Bool
        var notice: String?
        var problem: String?
        var dataPeriod: String?
        var csrfToken: String
    }

    /// The unit's figures for the period, each with where it comes from: entered for the period, or — for a year
    /// reported by half — made from the halves by the element's rule, so that nothing is typed twice.
    static func figuresTable(_ model: Model, t: Localizer) -> Node {
        guard !model.figures.isEmpty else { return .empty }
        let period = model.round.period
        func value(_ figure: DataEntryQueries.Figure) -> String {
            guard let number = figure.figure.value else { return "—" }
            if figure.element.valueType == .yesNo { return number > 0 ? t("yes", "có") : t("no", "không") }
            let measure = t.isEnglish ? (figure.element.measureEn ?? figure.element.measure) : figure.element.measure
            return ValueText.write(number, t.language) + (measure.isEmpty ? "" : " \(measure)")
        }
        func source(_ figure: DataEntryQueries.Figure) -> String {
            var text: String
            switch figure.figure.source {
            case .none: text = t("not entered", "chưa có")
            case .entered: text = t("entered for \(period.phrase(.en))", "nhập cho \(period.phrase(.vi))")
            case .halves:
                switch figure.element.aggregation {
                case .flow: text = t("the two half-years added", "cộng hai kỳ 6 tháng")
                case .stock: text = t("at the year's end (second half-year)", "số cuối năm (6 tháng cuối năm)")
                case .flag: text = t("yes if either half-year is", "có nếu một trong hai kỳ 6 tháng có")
                }
            }
            if !figure.figure.complete, !figure.figure.missing.isEmpty {
                let lacking = figure.figure.missing.map { $0.phrase(t.language) }.joined(separator: t(" and ", " và "))
                text += t("; missing \(lacking)", "; thiếu \(lacking)")
            }
            return text
        }
        return h(
            "section", ["class": "figures"],
            [
                h("h2", [:], t("This unit's figures for \(period.phrase(.en))", "Số liệu \(period.phrase(.vi)) của đơn vị")),
                { if case .year = period { true } else { false } }()
                    ? h(
                        "p", ["class": "help"],
                        t(
                            "As the board counts them: a figure entered for the whole year, or else made from the two half-years (added for what happens in a period, the second half-year for what exists at the year's end). Nothing entered for a half-year needs typing again.",
                            "Như bảng chỉ tiêu tính: số nhập cho cả năm, nếu không có thì lấy từ hai kỳ 6 tháng (cộng lại với số phát sinh trong kỳ, lấy 6 tháng cuối năm với số hiện có cuối năm). Số đã nhập cho các kỳ 6 tháng không phải nhập lại."
                        )) : .empty,
                h(
                    "table", ["class": "figures"],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Data element", "Chỉ số")), h("th", ["scope": "col"], t("Figure", "Số liệu")),
                                    h("th", ["scope": "col"], t("From", "Nguồn")),
                                ])),
                        h(
                            "tbody", [:],
                            model.figures.map { figure in
                                h(
                                    "tr", figure.figure.complete ? [:] : ["class": "missing"],
                                    [
                                        h("th", ["scope": "row"], t.isEnglish ? (figure.element.nameEn ?? figure.element.name) : figure.element.name),
                                        h("td", ["class": "num"], value(figure)), h("td", [:], source(figure)),
                                    ])
                            }),
                    ]),
            ])
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let s = model.submission
        let editable = model.mayEdit && s.state.isEditable
        func area(_ name: String, _ label: String, _ value: String) -> Node {
            editable
                ? Forms.textarea(label, name: name, value: value, rows: 3)
                : h("div", ["class": "field"], [h("strong", [:], label), h("p", [:], value.isEmpty ? "—" : value)])
        }
        var form: [Node] = [Forms.csrf(model.csrfToken), Forms.hidden("version", String(s.version)), Forms.hidden("notation", t.language.rawValue)]
        for demand in model.demands.duties {
            let narrative = s.content.narratives[demand.key] ?? .init()
            form.append(
                h(
                    "fieldset", ["class": "duty"],
                    [
                        h("legend", [:], "\(demand.assignment.number). \(demand.duty.displayLabel) \(demand.duty.text)"),
                        area("results_\(demand.key)", t("Results achieved", "Kết quả đạt được"), narrative.results),
                        area(
                            "shortcomings_\(demand.key)", t("Shortcomings and their causes", "Tồn tại, hạn chế và nguyên nhân"),
                            narrative.shortcomings),
                        area("proposals_\(demand.key)", t("Proposals", "Đề xuất, kiến nghị"), narrative.proposals),
                    ]))
        }
        for project in model.demands.projects {
            let progress = s.content.projects[project.code] ?? .init()
            // Exactly as saved, in the page's notation, which the form's "notation" field names for the save.
            func number(_ value: Double?) -> String { value.map { ValueText.write($0, t.language) } ?? "" }
            form.append(
                h(
                    "fieldset", ["class": "project"],
                    [
                        h("legend", [:], "\(project.number) “\(project.title)”"),
                        editable
                            ? .group([
                                Forms.field(t("Status", "Tình hình thực hiện"), name: "status_\(project.code)", value: progress.status),
                                Forms.field(
                                    t("Progress (%)", "Tiến độ (%)"), name: "progress_\(project.code)", value: number(progress.progress),
                                    attributes: ["inputmode": "decimal"]),
                                Forms.field(
                                    t("Budget allocated (million VND)", "Kinh phí được bố trí (triệu đồng)"), name: "allocated_\(project.code)",
                                    value: number(progress.allocated), attributes: ["inputmode": "decimal"]),
                                Forms.field(
                                    t("Budget spent (million VND)", "Kinh phí đã sử dụng (triệu đồng)"), name: "spent_\(project.code)",
                                    value: number(progress.spent), attributes: ["inputmode": "decimal"]),
                                Forms.textarea(t("Note", "Ghi chú"), name: "note_\(project.code)", value: progress.note, rows: 2),
                            ])
                            : h(
                                "p", [:],
                                "\(progress.status) · \(progress.progress.map { Format.percent($0, t.language) } ?? "—") · \(number(progress.allocated))/\(number(progress.spent)) · \(progress.note)"
                            ),
                    ]))
        }
        if editable {
            form.append(
                h(
                    "p", ["class": "actions"],
                    [
                        h("button", ["type": "submit", "name": "intent", "value": "save", "class": "primary"], t("Save the draft", "Lưu bản nháp")),
                        " ",
                        h(
                            "button", ["type": "submit", "name": "intent", "value": "submit"],
                            t("Save and send to the standing office", "Lưu và gửi cơ quan thường trực")),
                    ]))
        }
        return [
            h(
                "p", ["class": "kicker"],
                [
                    link(
                        model.mayReview ? SiteURL.round(.value(model.round.id)).path : SiteURL.home().path,
                        model.round.kind.title(model.round.period, t.language)),
                    .text(" · \(model.plan.code)"),
                ]),
            h("h1", [:], model.unit.name),
            h(
                "p", [:],
                [
                    h("span", ["class": "state state-\(s.state.rawValue)"], s.state.name(t.language)),
                    .text(
                        t(
                            " · due \(t.date(model.round.schedule.dueDate)) · version \(s.version)",
                            " · hạn nộp \(t.date(model.round.schedule.dueDate)) · phiên bản \(s.version)")),
                ]),
            model.notice.map { Forms.notice($0) } ?? .empty,
            model.problem.map { Forms.notice($0, kind: "error") } ?? .empty,
            h(
                "p", ["class": "downloads"],
                [
                    link(
                        SiteURL.submissionDocument(.value(s.id)).path,
                        t("The report as an official document (preview, print, Word) →", "Báo cáo dạng văn bản (xem trước, in, Word) →"),
                        attributes: ["class": "button"])
                ]),
            (s.state == .returned ? model.events.last(where: { $0.action == "return" || $0.action == "reopen" }) : nil).map { event in
                h(
                    "div", ["class": "notice notice-warn"],
                    [
                        h(
                            "p", [:],
                            h(
                                "strong", [:],
                                t(
                                    "Returned by \(event.actor) on \(DateText.dateTime(event.at)):",
                                    "Được \(event.actor) trả lại lúc \(DateText.dateTime(event.at)):"))),
                        h("p", ["class": "comment"], event.comment),
                    ])
            } ?? .empty,
            model.missing.isEmpty
                ? Forms.notice(t("Complete: nothing is missing.", "Đầy đủ: không còn thiếu nội dung nào."))
                : h(
                    "div", ["class": "notice notice-warn"],
                    [
                        h(
                            "p", [:],
                            h(
                                "strong", [:],
                                t(
                                    "Still missing before it can be sent (\(model.missing.count)):",
                                    "Còn thiếu trước khi gửi (\(model.missing.count)):"))),
                        h("ul", [:], model.missing.prefix(40).map { h("li", [:], $0) }),
                    ]),
            figuresTable(model, t: t),
            model.dataPeriod.map { period in
                h(
                    "p", [:],
                    link(
                        SiteURL.dataForm(unit: .value(model.unit.code), period: .value(period)).path,
                        t(
                            "Enter or check this unit's data for \(Period(period)?.phrase(.en) ?? period) →",
                            "Nhập hoặc kiểm tra số liệu \(Period(period)?.phrase(.vi) ?? period) của đơn vị →"), attributes: ["class": "button"]))
            } ?? .empty,
            h("form", ["method": "post", "action": SiteURL.submission(.value(s.id)).path, "class": "record"], form),
            model.mayReview ? review(model, t: t) : .empty,
            model.events.isEmpty
                ? .empty
                : h(
                    "section", [:],
                    [
                        h("h2", [:], t("History and comments", "Lịch sử và ý kiến")),
                        h(
                            "ol", [:],
                            model.events.map { event in
                                h(
                                    "li", [:],
                                    [
                                        .text(
                                            "\(DateText.dateTime(event.at)) · \(event.actor) · \(SubmissionState(rawValue: event.from)?.name(t.language) ?? event.from) → \(SubmissionState(rawValue: event.to)?.name(t.language) ?? event.to)"
                                        ),
                                        event.comment.isEmpty ? .empty : h("p", ["class": "comment"], event.comment),
                                    ])
                            }),
                    ]),
        ]
    }

    static func review(_ model: Model, t: Localizer) -> Node {
        let s = model.submission
        func action(_ name: SubmissionAction, _ label: String, comment: Bool) -> Node {
            h(
                "form", ["method": "post", "action": SiteURL.submissionAction(.value(s.id), name).path, "class": "review"],
                [
                    Forms.csrf(model.csrfToken), Forms.hidden("version", String(s.version)),
                    comment ? Forms.textarea(t("Comment (required)", "Ý kiến (bắt buộc)"), name: "comment", value: "", rows: 2) : .empty,
                    h("button", ["type": "submit"], label),
                ])
        }
        var actions: [Node] = []
        if s.state == .submitted {
            actions.append(action(.approve, t("Approve", "Duyệt"), comment: false))
            actions.append(action(.return, t("Return with comments", "Trả lại kèm ý kiến"), comment: true))
        }
        if s.state == .approved { actions.append(action(.reopen, t("Reopen (give the reason)", "Mở lại (nêu lý do)"), comment: true)) }
        guard !actions.isEmpty else { return .empty }
        return h("section", ["class": "review"], [h("h2", [:], t("Review by the standing office", "Cơ quan thường trực xem xét"))] + actions)
    }
}
