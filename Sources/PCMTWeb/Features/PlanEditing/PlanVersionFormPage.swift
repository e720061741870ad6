import Foundation
import PCMTDomain
import PCMTStore

/// "Ghi nhận văn bản sửa đổi, bổ sung": the standing office records an amending document, and the plan as the editor
/// now holds it becomes a new version in force from the day the document says (issue 16, item 4). The form lists the
/// changes that will be recorded, and carries the number of the latest version it was opened on: when another
/// amendment is recorded meanwhile, the save is refused (409) and the form shown again with the new latest version.
enum PlanVersionFormPage {
    static let fieldKeys = ["documentNumber", "documentDate", "inForceFrom", "issuer", "summary"]

    struct Model {
        var plan: Plan
        /// The latest version when the form was opened (or, after a conflict, now).
        var latest: PlanVersionRecord
        /// What the new version changes against the latest one.
        var changes: [PlanChange]
        var values: [String: String]
        var problems: [FieldProblem]
        /// Another amendment was recorded since the form was opened: this one.
        var conflict: PlanVersionRecord?
        var csrfToken: String
    }

    static func labels(_ t: Localizer) -> [String: String] {
        [
            "documentNumber": t("Document number and code", "Số, ký hiệu văn bản"),
            "documentDate": t("Date of the document", "Ngày ban hành"),
            "inForceFrom": t("In force from", "Ngày có hiệu lực"),
            "issuer": t("Issued by", "Cơ quan ban hành"),
            "summary": t("What it amends", "Trích yếu nội dung sửa đổi, bổ sung"),
            "changes": t("Changes", "Thay đổi"),
        ]
    }

    /// The amendment as typed.
    static func input(_ values: [String: String]) -> AmendmentInput {
        AmendmentInput(
            documentNumber: values["documentNumber"] ?? "", documentDate: values["documentDate"] ?? "",
            inForceFrom: values["inForceFrom"] ?? "", issuer: values["issuer"] ?? "", summary: values["summary"] ?? "")
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let id = Parameter.value(model.plan.id)
        let labels = labels(t)
        let latest = model.latest.version
        func error(_ key: String) -> String? {
            let messages = model.problems.filter { $0.field == key }.map { $0.message(t.language) }
            return messages.isEmpty ? nil : messages.joined(separator: " ")
        }
        func value(_ key: String) -> String { model.values[key] ?? "" }
        return [
            h(
                "p", ["class": "kicker"],
                [
                    link(SiteURL.editPlan(id).path, t("Edit the plan", "Sửa kế hoạch")), .text(" · "),
                    link(SiteURL.planHistory(id).path, t("Amendment history", "Lịch sử sửa đổi")), .text(" · \(model.plan.code)"),
                ]),
            h("h1", [:], t("Record an amending document", "Ghi nhận văn bản sửa đổi, bổ sung")),
            model.conflict.map { other in
                Forms.notice(
                    t(
                        "Version \(other.version.number) (document \(other.version.document.number)) was recorded by \(other.createdBy) while you were filling in this form. Check the changes below against it, then save again.",
                        "Phiên bản \(other.version.number) (văn bản \(other.version.document.number)) vừa được \(other.createdBy) ghi nhận trong khi bạn điền biểu mẫu này. Hãy xem lại các thay đổi dưới đây so với phiên bản đó rồi lưu lại."
                    ), kind: "warn")
            } ?? .empty,
            h(
                "p", [:],
                t(
                    "The plan as it now stands in the editor becomes version \(latest.number + 1). Version \(latest.number) (\(latest.document.number), in force from \(PlanAmendment.day(latest.inForceFrom))) stays in force for the periods that end before the day below.",
                    "Nội dung kế hoạch hiện có trong trình soạn thảo trở thành phiên bản \(latest.number + 1). Phiên bản \(latest.number) (\(latest.document.number), hiệu lực từ \(PlanAmendment.day(latest.inForceFrom))) vẫn áp dụng cho các kỳ kết thúc trước ngày có hiệu lực dưới đây."
                )),
            latest.number == 1 && !model.changes.isEmpty
                ? h(
                    "p", ["class": "help"],
                    [
                        .text(
                            t(
                                "If these changes only complete the plan as it was issued, record them as the plan as issued in the ",
                                "Nếu các thay đổi này chỉ là phần nhập tiếp nội dung kế hoạch như đã ban hành, hãy ghi nhận chúng là nội dung ban hành tại trang "
                            )),
                        link(SiteURL.planHistory(id).path + "#pending", t("amendment history", "Lịch sử sửa đổi")),
                        .text(t(" instead.", ".")),
                    ]) : .empty,
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h(
                "section", ["id": "f-changes", "class": error("changes") == nil ? "changes-preview" : "changes-preview has-error"],
                [
                    h(
                        "h2", [:],
                        t(
                            "Changes to be recorded (against version \(latest.number))",
                            "Những thay đổi sẽ được ghi nhận (so với phiên bản \(latest.number))")),
                    PlanHistoryPage.changeList(model.changes, t: t),
                    error("changes").map { h("p", ["class": "error", "role": "alert"], $0) } ?? .empty,
                ]),
            h(
                "form", ["method": "post", "action": SiteURL.newPlanVersion(id).path, "class": "record"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.hidden("after", String(latest.number)),
                    Forms.field(
                        labels["documentNumber"]!, name: "documentNumber", value: value("documentNumber"), error: error("documentNumber"),
                        help: t("As printed on the document, e.g. 125/KH-UBND.", "Như ghi trên văn bản, ví dụ 125/KH-UBND."), required: true),
                    Forms.field(
                        labels["documentDate"]!, name: "documentDate", value: value("documentDate"), type: "date", error: error("documentDate"),
                        required: true),
                    Forms.field(
                        labels["inForceFrom"]!, name: "inForceFrom", value: value("inForceFrom"), type: "date", error: error("inForceFrom"),
                        help: t(
                            "Periods that end on or after this day are judged by the new version.",
                            "Các kỳ kết thúc từ ngày này trở đi được đánh giá theo phiên bản mới."), required: true),
                    Forms.field(labels["issuer"]!, name: "issuer", value: value("issuer"), error: error("issuer"), required: true),
                    Forms.textarea(labels["summary"]!, name: "summary", value: value("summary"), rows: 3, error: error("summary"), required: true),
                    h("button", ["type": "submit", "class": "primary"], t("Record the amendment", "Ghi nhận")),
                ]),
        ]
    }
}
