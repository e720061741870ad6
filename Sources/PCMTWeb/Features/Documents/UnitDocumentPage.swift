import PCMTDomain
import PCMTReports
import PCMTStore

/// A unit's report as the document it sends: the heading filled in here and saved with the report (typed once,
/// there at the next download), a preview in the printed layout, and the Word and PDF downloads with that heading.
enum UnitDocumentPage {
    struct Model {
        var submission: SubmissionRecord
        var unit: OrgUnit
        var heading: DocumentHeading
        var problems: [FieldProblem]
        var document: OfficialDocument
        var query: DocumentHeadingQuery
        /// The heading as last saved; nil when the defaults of the unit's kind of body are shown.
        var saved: SavedSubmissionHeading? = nil
        var mayEdit = false
        var notice: String? = nil
        /// Someone else's heading, saved after this form was opened.
        var conflict: SavedSubmissionHeading? = nil
        var formVersion = 0
        var csrfToken = ""
        var pdf: PDFConverter.Availability = .available("")

        var pdfAvailable: Bool {
            if case .available = pdf { return true }
            return false
        }
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let id = Parameter.value(model.submission.id)
        let origin: String =
            model.saved.map { saved in
                t(
                    "The heading below was saved by \(saved.updatedBy) at \(DateText.dateTime(saved.updatedAt)); downloads use it.",
                    "Thể thức dưới đây do \(saved.updatedBy) lưu lúc \(DateText.dateTime(saved.updatedAt)); các lần tải về dùng thể thức này.")
            }
            ?? t(
                "The heading below is the usual one for this kind of body; correct it and save it once.",
                "Thể thức dưới đây là mặc định theo loại cơ quan; sửa nếu cần rồi lưu một lần để dùng cho các lần tải sau.")
        var content: [Node] = [
            h("p", ["class": "kicker"], link(SiteURL.submission(id).path, t("Back to the report", "Quay lại báo cáo"))),
            h("h1", [:], t("Report document · ", "Văn bản báo cáo · ") + model.unit.name),
            model.notice.map { Forms.notice($0) } ?? .empty,
            h("p", [:], origin),
        ]
        if let conflict = model.conflict {
            content.append(
                h(
                    "div", ["class": "notice notice-warn", "role": "alert"],
                    h(
                        "p", [:],
                        t(
                            "Not saved: \(conflict.updatedBy) saved this heading at \(DateText.dateTime(conflict.updatedAt)) after you opened it. Your entries are kept below; save again to replace theirs.",
                            "Chưa lưu: \(conflict.updatedBy) đã lưu thể thức lúc \(DateText.dateTime(conflict.updatedAt)) sau khi bạn mở trang. Nội dung bạn nhập vẫn còn dưới đây; bấm Lưu lần nữa để thay."
                        ))))
        }
        content.append(Forms.errorSummary(HeadingFields.formProblems(model.problems), labels: HeadingFields.labels(t: t), t: t))
        let fieldset = h(
            "fieldset", [:],
            [
                h("legend", [:], t("Heading and signature (Nghị định 30/2020)", "Thể thức văn bản (Nghị định 30/2020)")),
                HeadingFields.inputs(model.heading, problems: model.problems, t: t),
            ])
        if model.mayEdit {
            content.append(
                h(
                    "form", ["method": "post", "action": SiteURL.submissionDocument(id).path, "class": "record heading-form"],
                    [
                        Forms.csrf(model.csrfToken), Forms.hidden("version", String(model.conflict?.version ?? model.formVersion)), fieldset,
                        h(
                            "p", ["class": "actions"],
                            [
                                h(
                                    "button", ["type": "submit", "name": "intent", "value": "save", "class": "primary"],
                                    t("Save the heading", "Lưu thể thức")),
                                " ",
                                h(
                                    "button", ["type": "submit", "name": "intent", "value": "save_docx"],
                                    t("Save and download Word", "Lưu và tải Word")),
                                " ",
                                model.pdfAvailable
                                    ? h(
                                        "button", ["type": "submit", "name": "intent", "value": "save_pdf"],
                                        t("Save and download PDF", "Lưu và tải PDF"))
                                    : .empty,
                                " ",
                                h("button", ["type": "submit", "name": "intent", "value": "preview"], t("Show the preview", "Xem trước")),
                            ]),
                        h(
                            "p", ["class": "help"],
                            t(
                                "The download links below use the saved heading; what you type here counts once it is saved.",
                                "Các liên kết tải về bên dưới dùng thể thức đã lưu; nội dung vừa sửa chỉ có hiệu lực sau khi lưu.")),
                    ]))
        } else {
            content.append(
                h(
                    "form", ["method": "get", "action": SiteURL.submissionDocument(id).path, "class": "record heading-form"],
                    [fieldset, h("p", ["class": "actions"], [h("button", ["type": "submit"], t("Show the preview", "Xem trước"))])]))
        }
        if model.problems.isEmpty {
            content.append(
                h(
                    "p", ["class": "downloads"],
                    [
                        link(
                            SiteURL.submissionDOCX(id, model.query).path, t("Download Word (.docx)", "Tải về Word (.docx)"),
                            attributes: ["class": "button primary"]),
                        " ",
                        PDFLink.node(
                            SiteURL.submissionPDF(id, model.query).path, label: t("Download PDF", "Tải về PDF"), availability: model.pdf, t: t),
                    ]))
        }
        content.append(OfficialDocumentView.render(model.document))
        return content
    }
}
