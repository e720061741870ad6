import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// The province's report on a round: the heading and the text the standing office edits before generating, kept
/// with the round; the downloads (Word, Excel, CSV) and the print layout.
enum RoundReportPage {
    struct Model {
        var plan: Plan
        var round: RoundSummary
        var draft: RoundReportDraft
        var saved: SavedRoundReport?
        var approved: Int
        var expected: Int
        var mayEdit: Bool
        var problems: [FieldProblem]
        var notice: String?
        var conflict: SavedRoundReport?
        /// The version the form was opened with, when it comes back refused; otherwise the saved one.
        var formVersion: Int?
        var csrfToken: String
        var pdf: PDFConverter.Availability = .available("")
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let id = Parameter.value(model.round.id)
        let title = model.round.kind.title(model.round.period, t.language)
        let draft = model.draft
        func textError(_ field: String) -> String? { model.problems.first { $0.field == field }?.message(t.language) }
        var content: [Node] = [
            h("p", ["class": "kicker"], link(SiteURL.round(id).path, title)),
            h("h1", [:], t("Province report · ", "Báo cáo của tỉnh · ") + title),
            model.notice.map { Forms.notice($0) } ?? .empty,
            h(
                "p", ["class": "downloads"],
                [
                    link(
                        SiteURL.roundReportDOCX(id).path, t("Download Word (.docx)", "Tải về Word (.docx)"), attributes: ["class": "button primary"]),
                    " ",
                    PDFLink.node(SiteURL.roundReportPDF(id).path, label: t("Download PDF", "Tải về PDF"), availability: model.pdf, t: t), " ",
                    link(SiteURL.roundReportPrint(id).path, t("Print layout (A4)", "Bản in (A4)"), attributes: ["class": "button"]), " ",
                    link(SiteURL.roundAnnex(id).path, t("Annexes (Excel)", "Phụ lục (Excel)"), attributes: ["class": "button"]), " ",
                    PDFLink.node(SiteURL.roundAnnexPDF(id).path, label: t("Annexes (PDF)", "Phụ lục (PDF)"), availability: model.pdf, t: t), " ",
                    .text(t("Tables as CSV: ", "Bảng dạng CSV: ")),
                    .group(
                        zip(
                            DocumentRoutes.tables,
                            [
                                t("targets", "chỉ tiêu"), t("data", "số liệu"), t("reporting", "tiến độ báo cáo"), t("projects", "dự án"),
                                t("districts", "số liệu cấp huyện"), t("agencies", "số liệu sở, ngành"),
                            ]
                        )
                        .map { .group([link(SiteURL.roundTable(id, table: .value("\($0.0).csv")).path, $0.1), " "]) }),
                ]),
            h(
                "p", ["class": "muted"],
                model.saved.map { saved in
                    t(
                        "Last saved by \(saved.updatedBy) at \(DateText.dateTime(saved.updatedAt)) (version \(saved.version)). The targets, projects and reporting figures are always recomputed from approved data when the document is generated.",
                        "Lưu lần cuối bởi \(saved.updatedBy) lúc \(DateText.dateTime(saved.updatedAt)) (phiên bản \(saved.version)). Bảng chỉ tiêu, dự án và tình hình báo cáo luôn được tính lại từ số liệu đã duyệt khi tạo văn bản."
                    )
                }
                    ?? t(
                        "Not edited yet: the text below is compiled from the \(model.approved) approved report(s) of \(model.expected) expected units. Save to keep your edits with the round.",
                        "Chưa chỉnh sửa: nội dung dưới đây được tổng hợp từ \(model.approved) báo cáo đã duyệt (trên \(model.expected) đơn vị phải báo cáo). Bấm Lưu để giữ nội dung đã sửa cùng kỳ báo cáo."
                    )),
        ]
        if let conflict = model.conflict {
            content.append(
                h(
                    "div", ["class": "notice notice-warn", "role": "alert"],
                    [
                        h(
                            "p", [:],
                            h(
                                "strong", [:],
                                t(
                                    "Not saved: \(conflict.updatedBy) saved this report at \(DateText.dateTime(conflict.updatedAt)) after you opened it (now version \(conflict.version)).",
                                    "Chưa lưu: \(conflict.updatedBy) đã lưu báo cáo lúc \(DateText.dateTime(conflict.updatedAt)) sau khi bạn mở (nay là phiên bản \(conflict.version))."
                                ))),
                        h(
                            "p", [:],
                            t(
                                "Your text is kept in the form below; their version is in the print layout. Save again to replace it with yours.",
                                "Nội dung bạn nhập vẫn còn trong biểu mẫu dưới đây; bản của họ xem ở Bản in. Bấm Lưu lần nữa để thay bằng nội dung của bạn."
                            )),
                    ]))
        }
        guard model.mayEdit else {
            content.append(
                h(
                    "p", [:],
                    t(
                        "Only the standing office edits this report. The print layout shows it as it stands.",
                        "Chỉ cơ quan thường trực chỉnh sửa báo cáo này. Xem nội dung hiện tại tại Bản in.")))
            return content
        }
        if draft.mergeMarks > 0 {
            content.append(
                h(
                    "p", ["class": "notice"],
                    t(
                        "The compilation merged repeated passages in \(draft.mergeMarks) place(s), marked [[Đã gộp …]] in the text below: check them. The marks are not printed.",
                        "Bản tổng hợp đã gộp các đoạn trùng lặp tại \(draft.mergeMarks) chỗ, đánh dấu [[Đã gộp …]] trong nội dung dưới đây: hãy kiểm tra. Dấu này không được in ra."
                    )))
        }
        var sections: [Node] = [
            Forms.hidden("grouping", draft.grouping.rawValue),
            Forms.textarea(
                t("I. General situation", "I. Tình hình chung"), name: "situation", value: draft.situation, rows: 12, error: textError("situation")),
        ]
        if draft.grouping == .unit {
            sections.append(Forms.hidden("units", draft.units.map { ([$0.code] + $0.also).joined(separator: ",") }.joined(separator: "\n")))
            sections.append(
                h(
                    "fieldset", [:],
                    [
                        h("legend", [:], t("II.1 Results, unit by unit", "II.1 Kết quả thực hiện của từng cơ quan, đơn vị, địa phương")),
                        .group(
                            draft.units.map { unit in
                                Forms.textarea(
                                    unit.name, name: "result_\(unit.key)", value: draft.results[unit.key] ?? "", rows: 5,
                                    error: textError("result_\(unit.key)"))
                            }),
                    ]))
        }
        for part in RoundReportDraft.resultKeys(plan: model.plan) where draft.grouping == .outline {
            var fields: [Node] = []
            for key in part.keys {
                let label: String
                if key.hasPrefix("task/"), let number = Int(key.dropFirst(5)), let task = model.plan.tasks.first(where: { $0.number == number }) {
                    label = t("Key task \(number): ", "Nhiệm vụ trọng tâm \(number): ") + RoundReportComposer.shortened(task.text, words: 14)
                } else {
                    label = t("Results", "Kết quả")
                }
                fields.append(
                    Forms.textarea(label, name: "result_\(key)", value: draft.results[key] ?? "", rows: 6, error: textError("result_\(key)")))
            }
            sections.append(
                h(
                    "fieldset", [:],
                    [
                        h("legend", [:], part.group.map { "\($0.number). \($0.title)" } ?? t("Other key tasks", "Các nhiệm vụ khác")),
                        .group(fields),
                    ]))
        }
        sections += [
            Forms.textarea(
                t("III. Shortcomings and their causes", "III. Tồn tại, hạn chế và nguyên nhân"), name: "shortcomings", value: draft.shortcomings,
                rows: 6, error: textError("shortcomings"))
        ]
        if model.round.kind == .midTermReview || model.round.kind == .finalReview {
            sections.append(
                Forms.textarea(
                    t(
                        "Lessons learned (printed as section IV when written)",
                        "Bài học kinh nghiệm (in thành mục IV khi có nội dung)"), name: "lessons", value: draft.lessons, rows: 5,
                    error: textError("lessons")))
        }
        sections += [
            Forms.textarea(
                t("Next tasks", "Phương hướng, nhiệm vụ"), name: "nextTasks", value: draft.nextTasks, rows: 4, error: textError("nextTasks")),
            Forms.textarea(
                t("Proposals", "Đề xuất, kiến nghị"), name: "proposals", value: draft.proposals, rows: 6, error: textError("proposals")),
        ]
        // Problems of the heading are named by its "h_" fields, those of the text by the text's own fields.
        let headingKeys = Set(DocumentHeading.fieldKeys)
        let summary =
            HeadingFields.formProblems(model.problems.filter { headingKeys.contains($0.field) })
            + model.problems.filter { !headingKeys.contains($0.field) }
        var labels = HeadingFields.labels(t: t)
        for (field, label) in [
            ("situation", t("I. General situation", "I. Tình hình chung")), ("shortcomings", t("Shortcomings", "Tồn tại, hạn chế")),
            ("proposals", t("Proposals", "Đề xuất, kiến nghị")), ("nextTasks", t("Next tasks", "Phương hướng, nhiệm vụ")),
            ("lessons", t("Lessons learned", "Bài học kinh nghiệm")), ("grouping", t("Presentation", "Cách trình bày")),
            ("units", t("Units", "Đơn vị")),
        ] {
            labels[field] = label
        }
        content.append(Forms.errorSummary(summary, labels: labels, t: t))
        content.append(
            h(
                "form", ["method": "post", "action": SiteURL.roundReport(id).path, "class": "record report-text"],
                [
                    Forms.csrf(model.csrfToken), Forms.hidden("version", String(model.formVersion ?? model.saved?.version ?? 0)),
                    h(
                        "fieldset", [:],
                        [
                            h("legend", [:], t("Heading and signature (Nghị định 30/2020)", "Thể thức văn bản (Nghị định 30/2020)")),
                            HeadingFields.inputs(draft.heading, problems: model.problems, t: t),
                        ]),
                    h("h2", [:], t("Text of the report", "Nội dung báo cáo")),
                    h(
                        "p", ["class": "help"],
                        t(
                            "Section II.2–4 (targets, projects, reporting) is generated from approved data and is not edited here.",
                            "Mục II.2–4 (chỉ tiêu, dự án, tình hình báo cáo) được tạo từ số liệu đã duyệt, không sửa tại đây.")),
                    .group(sections),
                    h(
                        "p", ["class": "actions"],
                        [
                            h("button", ["type": "submit", "name": "intent", "value": "save", "class": "primary"], t("Save", "Lưu"))
                        ]),
                    h(
                        "details", ["class": "danger"],
                        [
                            h("summary", [:], t("Compile the text again from the approved reports", "Tổng hợp lại nội dung từ các báo cáo đã duyệt")),
                            h(
                                "p", [:],
                                t(
                                    "This replaces the text of sections I to V with a new compilation; the heading is kept. Your edits to the text are lost (the audit log keeps them).",
                                    "Thao tác này thay nội dung các mục I–V bằng bản tổng hợp mới; giữ nguyên phần thể thức. Nội dung bạn đã sửa sẽ bị thay (nhật ký vẫn lưu)."
                                )),
                            h(
                                "label", ["for": "regroup"],
                                t("Present the units' results ", "Trình bày kết quả của các đơn vị ")),
                            h(
                                "select", ["id": "regroup", "name": "grouping"],
                                RoundReportDraft.Grouping.allCases.map { grouping in
                                    h(
                                        "option",
                                        grouping == draft.grouping
                                            ? ["value": grouping.rawValue, "selected": "selected"] : ["value": grouping.rawValue],
                                        grouping.name(t.language))
                                }),
                            " ",
                            h(
                                "button", ["type": "submit", "name": "intent", "value": "recompile"],
                                t("Replace the text with a new compilation", "Thay bằng bản tổng hợp mới")),
                        ]),
                ]))
        return content
    }

    /// The edited text from the submitted form.
    static func draft(from form: [String: String], plan: Plan) -> RoundReportDraft {
        func text(_ key: String) -> String {
            (form[key] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var results: [String: String] = [:]
        let grouping = form["grouping"].flatMap(RoundReportDraft.Grouping.init(rawValue:)) ?? .outline
        var units: [RoundReportDraft.UnitPart] = []
        switch grouping {
        case .outline:
            for part in RoundReportDraft.resultKeys(plan: plan) {
                for key in part.keys where !text("result_\(key)").isEmpty { results[key] = text("result_\(key)") }
            }
        case .unit:
            // The units' parts as the form listed them: a line each, the part's unit code and the codes of the units
            // sharing it ("611,612"); names are pcmt's own (the caller resolves them), never the form's.
            for line in text("units").split(separator: "\n").prefix(1000) {
                let codes = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard let first = codes.first, !units.contains(where: { $0.code == first }) else { continue }
                let unit = RoundReportDraft.UnitPart(code: first, name: first, also: Array(codes.dropFirst().prefix(300)))
                units.append(unit)
                if !text("result_\(unit.key)").isEmpty { results[unit.key] = text("result_\(unit.key)") }
            }
        }
        return RoundReportDraft(
            heading: HeadingFields.heading(from: form), situation: text("situation"), results: results,
            shortcomings: text("shortcomings"), proposals: text("proposals"), nextTasks: text("nextTasks"), lessons: text("lessons"),
            grouping: grouping,
            units: units)
    }
}
