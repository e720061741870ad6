import PCMTDomain
import PCMTReports
import PCMTStore

/// A unit's report as the document it sends: the heading filled in here, a preview in the printed layout, and the
/// Word download with the same heading.
enum UnitDocumentPage {
    struct Model {
        var submission: SubmissionRecord
        var unit: OrgUnit
        var heading: DocumentHeading
        var problems: [FieldProblem]
        var document: OfficialDocument
        var query: DocumentHeadingQuery
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let id = Parameter.value(model.submission.id)
        return [
            h("p", ["class": "kicker"], link(SiteURL.submission(id).path, t("Back to the report", "Quay lại báo cáo"))),
            h("h1", [:], t("Report document · ", "Văn bản báo cáo · ") + model.unit.name),
            h(
                "p", [:],
                t(
                    "Fill in the heading, show the preview, then download the Word file or print this page (A4).",
                    "Điền thể thức, xem trước, rồi tải tệp Word hoặc in trang này (A4).")),
            Forms.errorSummary(HeadingFields.formProblems(model.problems), labels: HeadingFields.labels(t: t), t: t),
            h(
                "form", ["method": "get", "action": SiteURL.submissionDocument(id).path, "class": "record heading-form"],
                [
                    h(
                        "fieldset", [:],
                        [
                            h("legend", [:], t("Heading and signature (Nghị định 30/2020)", "Thể thức văn bản (Nghị định 30/2020)")),
                            HeadingFields.inputs(model.heading, problems: model.problems, t: t),
                        ]),
                    h("p", ["class": "actions"], [h("button", ["type": "submit"], t("Show the preview", "Xem trước"))]),
                ]),
            model.problems.isEmpty
                ? h(
                    "p", ["class": "downloads"],
                    link(
                        SiteURL.submissionDOCX(id, model.query).path, t("Download Word (.docx)", "Tải về Word (.docx)"),
                        attributes: ["class": "button primary"]))
                : .empty,
            OfficialDocumentView.render(model.document),
        ]
    }
}
