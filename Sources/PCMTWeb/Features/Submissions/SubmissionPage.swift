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
        /// The unit's figures for the same period a year before, by element code.
        var previous: [String: UnitFigure] = [:]
        /// The elements whose figure a year before was re-based across the reform (shown "(tính lại)").
        var previousRebased: Set<String> = []
        /// Values changed since the report was last returned, newest first.
        var valueChanges: [ValueChange] = []
        var events: [SubmissionEvent]
        /// The files attached to the report, oldest first (``AttachmentStore``).
        var attachments: [SubmissionAttachment] = []
        var mayEdit: Bool
        var mayReview: Bool
        var notice: String?
        var problem: String?
        var dataPeriod: String?
        var csrfToken: String
        /// What the reviewer typed (the general comment and `item_…` fields) when the action was refused: shown again,
        /// never lost.
        var reviewDraft: [String: String] = [:]
        /// Why the last file was refused, shown beside the upload form.
        var attachmentProblem: String? = nil
        /// The note typed with a refused file, shown again.
        var attachmentNote: String = ""

        /// The last return or reopening, whose comments and content the page compares with.
        var lastReturn: SubmissionEvent? { events.last { $0.action == "return" || $0.action == "reopen" } }
        /// The standing office is reviewing a sent report: each item gets a comment field of the return form.
        var reviewing: Bool { mayReview && submission.state == .submitted }
        /// The last return's comments per item, while they still apply (returned, or sent again and under review).
        var itemComments: [String: String] {
            guard submission.state == .returned || submission.state == .submitted, let back = lastReturn else { return [:] }
            return Dictionary(back.itemComments.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        }
    }

    struct ValueChange {
        var element: DataElement
        var category: String
        var period: Period
        var old: Double?
        var new: Double?
        var by: String
        var at: Date
    }

    static let returnFormID = "return-form"

    /// What a review said: its general comment, then its comments per item ("Nhiệm vụ 21, ý 1: …"), as the report's
    /// page, its history and the unit's home page show them.
    static func comments(_ event: SubmissionEvent) -> Node {
        .group([
            event.comment.isEmpty ? .empty : h("p", ["class": "comment"], event.comment),
            event.itemComments.isEmpty
                ? .empty
                : h("ul", ["class": "item-comments"], event.itemComments.map { h("li", [:], [h("strong", [:], $0.label + ": "), .text($0.text)]) }),
        ])
    }

    /// The comment the last return made on an item, shown next to it; and, while reviewing, the field for a new one.
    static func itemReview(_ model: Model, key: String, label: String, t: Localizer) -> Node {
        .group([
            model.itemComments[key].map { text in
                h(
                    "p", ["class": "review-comment"],
                    [
                        h(
                            "strong", [:],
                            model.submission.state == .submitted
                                ? t("Comment at the last return: ", "Ý kiến khi trả lại lần trước: ")
                                : t("Standing office's comment: ", "Ý kiến của cơ quan thường trực: ")), .text(text),
                    ])
            } ?? .empty,
            model.reviewing
                ? h(
                    "div", ["class": "field item-comment"],
                    [
                        h("label", ["for": "item-\(key)"], t("Comment on \(label) (to return)", "Ý kiến về \(label) (nếu trả lại)")),
                        .element(
                            "textarea", [("id", "item-\(key)"), ("name", "item_\(key)"), ("form", returnFormID), ("rows", "1")],
                            [.text(model.reviewDraft["item_\(key)"] ?? "")]),
                    ]) : .empty,
        ])
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
                                    h("th", ["scope": "col"], t("Same period a year before", "Cùng kỳ năm trước")),
                                    h("th", ["scope": "col"], t("Change", "Tăng, giảm")), h("th", ["scope": "col"], t("From", "Nguồn")),
                                ])),
                        h(
                            "tbody", [:],
                            model.figures.flatMap { figure -> [Node] in
                                let before = model.previous[figure.element.code]
                                let change =
                                    figure.element.valueType == .yesNo
                                    ? nil : FigureChange.of(figure.figure.value, previous: before?.value)
                                let name = t.isEnglish ? (figure.element.nameEn ?? figure.element.name) : figure.element.name
                                let key = "figure:" + figure.element.code
                                var rows: [Node] = [
                                    h(
                                        "tr", figure.figure.complete ? [:] : ["class": "missing"],
                                        [
                                            h("th", ["scope": "row"], name), h("td", ["class": "num"], value(figure)),
                                            h(
                                                "td", ["class": "num"],
                                                [
                                                    .text(before.map { value(.init(element: figure.element, figure: $0)) } ?? "—"),
                                                    model.previousRebased.contains(figure.element.code)
                                                        ? h("small", ["class": "rebased"], t(" (re-based)", " (tính lại)")) : .empty,
                                                ]),
                                            h(
                                                "td", ["class": "num"],
                                                change?.phrase(
                                                    t.language,
                                                    measure: t.isEnglish
                                                        ? (figure.element.measureEn ?? figure.element.measure) : figure.element.measure)
                                                    ?? "—"), h("td", [:], source(figure)),
                                        ])
                                ]
                                if model.reviewing || model.itemComments[key] != nil {
                                    rows.append(
                                        h(
                                            "tr", ["class": "item-review"],
                                            h("td", ["colspan": "5"], itemReview(model, key: key, label: name, t: t))))
                                }
                                return rows
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
                        itemReview(model, key: "duty:" + demand.key, label: demand.name(t.language), t: t),
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
                        itemReview(model, key: "project:" + project.code, label: project.number, t: t),
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
                                event.action == "reopen"
                                    ? t(
                                        "Reopened by \(event.actor) on \(DateText.dateTime(event.at)), to be corrected and sent again:",
                                        "Được \(event.actor) mở lại lúc \(DateText.dateTime(event.at)) để sửa và gửi lại:")
                                    : t(
                                        "Returned by \(event.actor) on \(DateText.dateTime(event.at)):",
                                        "Được \(event.actor) trả lại lúc \(DateText.dateTime(event.at)):"))),
                        SubmissionPage.comments(event),
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
            changesSinceReturn(model, t: t),
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
            attachmentsSection(model, t: t),
            history(model, t: t),
        ]
    }

    /// The report's history: its steps through the workflow with their comments, and the files attached to it, in
    /// time order.
    static func history(_ model: Model, t: Localizer) -> Node {
        guard !model.events.isEmpty || !model.attachments.isEmpty else { return .empty }
        var items: [(at: Date, order: Int, node: Node)] = model.events.enumerated().map { index, event in
            (
                event.at, index,
                h(
                    "li", [:],
                    [
                        .text(
                            "\(DateText.dateTime(event.at)) · \(event.actor) · \(SubmissionState(rawValue: event.from)?.name(t.language) ?? event.from) → \(SubmissionState(rawValue: event.to)?.name(t.language) ?? event.to)"
                        ),
                        SubmissionPage.comments(event),
                    ])
            )
        }
        for (index, attachment) in model.attachments.enumerated() {
            let size = AttachmentRules.sizeText(attachment.size, t.language)
            let digest = String(attachment.sha256.prefix(16))
            items.append(
                (
                    attachment.uploadedAt, model.events.count + index,
                    h(
                        "li", ["class": "attachment-event"],
                        [
                            .text("\(DateText.dateTime(attachment.uploadedAt)) · \(attachment.uploadedBy) · "),
                            .text(t("Attached the file ", "Đính kèm tệp ")),
                            link(
                                SiteURL.submissionAttachment(.value(model.submission.id), attachment: .value(attachment.id)).path, attachment.fileName
                            ),
                            .text(" (\(size), SHA-256 "),
                            h("code", ["title": attachment.sha256], digest),
                            .text(")" + (attachment.note.isEmpty ? "" : " — \(attachment.note)")),
                        ])
                ))
        }
        items.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        return h(
            "section", [:], [h("h2", [:], t("History and comments", "Lịch sử và ý kiến")), h("ol", [:], items.map(\.node))])
    }

    static let attachmentFormID = "attachment-form"

    /// The files attached to the report (the signed scan, the Word file sent) with their download links, and for
    /// those who write the report the form to attach one; a refused file's reason stands beside the form.
    static func attachmentsSection(_ model: Model, t: Localizer) -> Node {
        let s = model.submission
        let limit = AttachmentRules.sizeText(AttachmentRules.maxBytes, t.language)
        let table: Node =
            model.attachments.isEmpty
            ? h("p", ["class": "help"], t("No file is attached yet.", "Chưa có tệp nào được đính kèm."))
            : h(
                "table", ["class": "attachments"],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], t("File", "Tệp")), h("th", ["scope": "col"], t("Kind", "Loại")),
                                h("th", ["scope": "col"], t("Size", "Dung lượng")), h("th", ["scope": "col"], "SHA-256"),
                                h("th", ["scope": "col"], t("Attached by", "Người đính kèm")), h("th", ["scope": "col"], t("When", "Thời điểm")),
                                h("th", ["scope": "col"], t("Note", "Ghi chú")),
                            ])),
                    h(
                        "tbody", [:],
                        model.attachments.map { attachment in
                            h(
                                "tr", [:],
                                [
                                    h(
                                        "td", [:],
                                        link(
                                            SiteURL.submissionAttachment(.value(s.id), attachment: .value(attachment.id)).path, attachment.fileName,
                                            attributes: ["download": ""])),
                                    h("td", [:], attachment.kind.label),
                                    h("td", ["class": "num"], AttachmentRules.sizeText(attachment.size, t.language)),
                                    h("td", [:], h("code", ["title": attachment.sha256], String(attachment.sha256.prefix(16)))),
                                    h("td", [:], attachment.uploadedBy), h("td", [:], DateText.dateTime(attachment.uploadedAt)),
                                    h("td", [:], attachment.note.isEmpty ? "—" : attachment.note),
                                ])
                        }),
                ])
        let form: Node =
            model.mayEdit
            ? h(
                "form",
                [
                    "method": "post", "action": SiteURL.submissionAttachments(.value(s.id)).path, "enctype": "multipart/form-data",
                    "class": "narrow", "id": attachmentFormID,
                ],
                [
                    Forms.csrf(model.csrfToken),
                    model.attachmentProblem.map { Forms.notice($0, kind: "error") } ?? .empty,
                    Forms.field(
                        t("File (PDF, Word .docx or .doc; at most \(limit))", "Tệp (PDF, Word .docx hoặc .doc; tối đa \(limit))"), name: "file",
                        value: "", type: "file",
                        error: nil,
                        help: t(
                            "What the file is, is read from its content, not from its name. The report itself does not change.",
                            "Loại tệp được xác định theo nội dung, không theo tên tệp. Nội dung và trạng thái báo cáo không thay đổi."),
                        required: true,
                        attributes: [
                            "accept":
                                ".pdf,.doc,.docx,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        ]),
                    Forms.field(
                        t("Note (e.g. signed copy)", "Ghi chú (ví dụ: bản đã ký)"), name: "note", value: model.attachmentNote,
                        attributes: ["maxlength": String(AttachmentRules.noteCharacters)]),
                    h("p", ["class": "actions"], h("button", ["type": "submit"], t("Attach the file", "Đính kèm tệp"))),
                ]) : .empty
        return h(
            "section", ["class": "attachments", "id": "attachments"],
            [h("h2", [:], t("Attached files (signed copy)", "Tệp đính kèm (bản đã ký)")), table, form])
    }

    /// What changed since the report was last returned: its texts, duty by duty (before and now), and its values.
    static func changesSinceReturn(_ model: Model, t: Localizer) -> Node {
        guard let back = model.lastReturn, model.submission.state == .submitted || model.submission.state == .returned else { return .empty }
        var items: [Node] = []
        if let before = back.content {
            let fields: [(String, KeyPath<SubmissionContent.Narrative, String>)] = [
                (t("results", "kết quả"), \.results), (t("shortcomings", "tồn tại, hạn chế"), \.shortcomings),
                (t("proposals", "đề xuất"), \.proposals),
            ]
            for demand in model.demands.duties {
                let old = before.narratives[demand.key] ?? .init()
                let new = model.submission.content.narratives[demand.key] ?? .init()
                for (label, path) in fields where old[keyPath: path] != new[keyPath: path] {
                    items.append(
                        h(
                            "li", [:],
                            [
                                h("strong", [:], "\(demand.name(t.language).capitalisedFirst) — \(label)"),
                                h(
                                    "div", ["class": "before-after"],
                                    [
                                        h(
                                            "p", ["class": "before"],
                                            [h("small", [:], t("Before: ", "Trước: ")), .text(old[keyPath: path].isEmpty ? "—" : old[keyPath: path])]),
                                        h(
                                            "p", ["class": "after"],
                                            [h("small", [:], t("Now: ", "Nay: ")), .text(new[keyPath: path].isEmpty ? "—" : new[keyPath: path])]),
                                    ]),
                            ]))
                }
            }
            for project in model.demands.projects where before.projects[project.code] != model.submission.content.projects[project.code] {
                items.append(h("li", [:], h("strong", [:], t("Project \(project.number): progress changed", "\(project.number): tiến độ đã sửa"))))
            }
        }
        for change in model.valueChanges.prefix(100) {
            func number(_ value: Double?) -> String { value.map { ValueText.write($0, t.language) } ?? "—" }
            let name = t.isEnglish ? (change.element.nameEn ?? change.element.name) : change.element.name
            let categoryName = change.element.categories.first { $0.code == change.category }.map { t.isEnglish ? ($0.nameEn ?? $0.name) : $0.name }
            let category = change.category.isEmpty ? "" : " (\(categoryName ?? change.category))"
            items.append(
                h(
                    "li", [:],
                    .text(
                        t(
                            "\(name)\(category), \(change.period.phrase(.en)): \(number(change.old)) → \(number(change.new)) (\(change.by), \(DateText.dateTime(change.at)))",
                            "\(name)\(category), \(change.period.phrase(.vi)): \(number(change.old)) → \(number(change.new)) (\(change.by), \(DateText.dateTime(change.at)))"
                        ))))
        }
        let when = DateText.dateTime(back.at)
        return h(
            "section", ["class": "changes"],
            [
                h(
                    "h2", [:],
                    back.action == "reopen"
                        ? t("Changed since it was reopened on \(when)", "Thay đổi từ khi mở lại lúc \(when)")
                        : t("Changed since it was returned on \(when)", "Thay đổi từ khi trả lại lúc \(when)")),
                back.content == nil
                    ? h(
                        "p", ["class": "help"],
                        t(
                            "The text as returned was not kept (an older return): only changed values are listed.",
                            "Không còn nội dung lúc trả lại (lần trả lại cũ): chỉ liệt kê số liệu đã sửa."))
                    : .empty,
                items.isEmpty
                    ? h(
                        "p", [:],
                        back.content == nil ? t("No value changed.", "Không có số liệu nào được sửa.") : t("Nothing changed.", "Không có thay đổi."))
                    : h("ul", [:], items),
            ])
    }

    static func review(_ model: Model, t: Localizer) -> Node {
        let s = model.submission
        func action(_ name: SubmissionAction, _ label: String, comment: Bool) -> Node {
            let path = SiteURL.submissionAction(.value(s.id), name).path
            let id = name == .return ? returnFormID : "\(name.rawValue)-form"
            let commentLabel =
                name == .return
                ? t(
                    "General comment (required unless you commented on items above)",
                    "Ý kiến chung (bắt buộc nếu chưa có ý kiến về từng nội dung ở trên)")
                : t("Reason (required)", "Lý do (bắt buộc)")
            return h(
                "form", ["method": "post", "action": path, "class": "review", "id": id],
                [
                    Forms.csrf(model.csrfToken), Forms.hidden("version", String(s.version)),
                    comment
                        ? Forms.textarea(
                            commentLabel, name: "comment",
                            value: model.reviewDraft["action"] == name.rawValue ? model.reviewDraft["comment"] ?? "" : "",
                            rows: 2) : .empty,
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
