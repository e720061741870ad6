import Foundation
import PCMTDomain
import PCMTStore

extension PlanHistoryPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        let id = Parameter.value(plan.id)
        let latest = model.entries.last?.record.version.number ?? 1
        return [
            h("p", ["class": "kicker"], link(SiteURL.plan(id).path, "\(plan.kind) số \(plan.code)")),
            h("h1", [:], t("Amendment history", "Lịch sử sửa đổi")),
            model.recorded.map {
                Forms.notice(t("Version \($0) recorded.", "Đã ghi nhận phiên bản \($0)."))
            } ?? .empty,
            h(
                "p", [:],
                t(
                    "Each period is judged by the version in force on its last day: an amendment in force from 1 January 2024 applies to 2024 and later, the year 2023 keeps the targets as they were.",
                    "Mỗi kỳ được đánh giá theo phiên bản có hiệu lực vào ngày cuối của kỳ: văn bản sửa đổi có hiệu lực từ 01/01/2024 áp dụng cho năm 2024 trở đi, năm 2023 vẫn theo chỉ tiêu cũ."
                )),
            h(
                "table", ["class": "versions"],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], t("Version", "Phiên bản")),
                                h("th", ["scope": "col"], t("In force", "Hiệu lực")),
                                h("th", ["scope": "col"], t("Document", "Văn bản")),
                                h("th", ["scope": "col"], t("Changes", "Thay đổi")),
                                h("th", ["scope": "col"], t("Recorded by", "Người ghi nhận")),
                            ])),
                    h(
                        "tbody", [:],
                        model.entries.map { entry in
                            let version = entry.record.version
                            return h(
                                "tr", ["id": "version-\(version.number)"],
                                [
                                    h("td", [:], version.number == 1 ? .text("1") : link("#changes-\(version.number)", String(version.number))),
                                    h("td", [:], inForce(entry, t: t)),
                                    h("td", [:], documentWords(version, t: t)),
                                    h(
                                        "td", [:],
                                        version.number == 1
                                            ? t("as issued", "bản ban hành")
                                            : t("\(entry.changes.count) change(s)", "\(entry.changes.count) thay đổi")),
                                    h(
                                        "td", [:],
                                        entry.record.createdBy.isEmpty || entry.record.createdBy == "system"
                                            ? t("entered with the plan", "nhập cùng kế hoạch")
                                            : "\(entry.record.createdBy), \(DateText.dateTime(entry.record.createdAt))"),
                                ])
                        }),
                ]),
        ]
            + model.entries.filter { $0.record.version.number > 1 }.map { entry in
                let version = entry.record.version
                return h(
                    "section", ["id": "changes-\(version.number)"],
                    [
                        h(
                            "h2", [:],
                            t(
                                "Version \(version.number): document \(version.document.number)",
                                "Phiên bản \(version.number): văn bản \(version.document.number)")),
                        h(
                            "p", [:],
                            t(
                                "Issued by \(version.document.issuer) on \(PlanAmendment.day(version.document.date)), in force from \(PlanAmendment.day(version.inForceFrom)).",
                                "\(version.document.issuer) ban hành ngày \(PlanAmendment.day(version.document.date)), có hiệu lực từ ngày \(PlanAmendment.day(version.inForceFrom))."
                            )),
                        h("p", ["class": "summary"], version.document.summary),
                        h("h3", [:], t("What changed against version \(version.number - 1)", "Thay đổi so với phiên bản \(version.number - 1)")),
                        changeList(entry.changes, t: t),
                    ])
            }
            + [
                h(
                    "section", ["id": "pending"],
                    [
                        h("h2", [:], t("Changes not yet recorded", "Thay đổi chưa ghi nhận văn bản")),
                        model.pending.isEmpty
                            ? h(
                                "p", [:],
                                t(
                                    "The plan is as version \(latest) recorded it.",
                                    "Kế hoạch đúng như phiên bản \(latest) đã ghi nhận."))
                            : h(
                                "p", [:],
                                t(
                                    "Made in the editor since version \(latest); they apply to the periods of version \(latest) until an amendment records them.",
                                    "Đã sửa trong trình soạn thảo sau phiên bản \(latest); đang áp dụng cho các kỳ của phiên bản \(latest) cho đến khi được ghi nhận theo văn bản sửa đổi."
                                )),
                        model.pending.isEmpty ? .empty : changeList(model.pending, t: t),
                        model.mayAmend
                            ? h(
                                "p", [:],
                                link(
                                    SiteURL.newPlanVersion(id).path, t("Record an amending document", "Ghi nhận văn bản sửa đổi, bổ sung"),
                                    attributes: ["class": "button"]))
                            : .empty,
                        model.mayAmend && model.entries.count == 1 && !model.pending.isEmpty ? reissueForm(model, t: t) : .empty,
                    ])
            ]
    }

    /// While no amendment is recorded, the changes may be the plan's own text still being entered (a plan created
    /// blank or as a copy is filled in part by part): then they are the plan as issued, not an amendment.
    static func reissueForm(_ model: Model, t: Localizer) -> Node {
        h(
            "form", ["method": "post", "action": SiteURL.reissuePlanVersion(.value(model.plan.id)).path, "class": "reissue"],
            [
                Forms.csrf(model.csrfToken),
                Forms.hidden("after", "1"),
                h(
                    "p", [:],
                    t(
                        "If these changes complete the plan as it was issued (it was entered part by part), record them as version 1 instead: the periods before any amendment then use them too.",
                        "Nếu các thay đổi trên là phần nhập tiếp nội dung kế hoạch như đã ban hành (không phải sửa đổi), hãy ghi nhận chúng là nội dung ban hành (phiên bản 1): các kỳ trước mọi văn bản sửa đổi cũng theo nội dung này."
                    )),
                h("button", ["type": "submit"], t("Record as the plan as issued", "Ghi nhận là nội dung ban hành")),
            ])
    }

    static func inForce(_ entry: Entry, t: Localizer) -> String {
        let from = PlanAmendment.day(entry.record.version.inForceFrom)
        guard let until = entry.inForceUntil else { return t("from \(from)", "từ \(from)") }
        return t("\(from) to \(PlanAmendment.day(until))", "\(from) đến \(PlanAmendment.day(until))")
    }

    static func documentWords(_ version: PlanVersion, t: Localizer) -> String {
        "\(version.document.number) \(t("of", "ngày")) \(PlanAmendment.day(version.document.date))"
    }

    static func changeList(_ changes: [PlanChange], t: Localizer) -> Node {
        guard !changes.isEmpty else { return h("p", [:], t("No change.", "Không có thay đổi.")) }
        return h(
            "ul", ["class": "changes"],
            changes.map { change in
                h("li", ["class": "change-\(change.kind.rawValue)"], change.sentence(t.language))
            })
    }
}
