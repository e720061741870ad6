import Foundation
import PCMTDomain
import PCMTStore

/// The standing office's overview of a plan: every record with a link to edit it, and where to add new ones.
enum EditPlanPage {
    struct Model {
        var plan: Plan
        var records: [PlanRecord]
        var notice: String?
        /// The plan's data elements, which targets' measures name.
        var elements: [StoredDataElement] = []
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = Parameter.value(model.plan.id)
        func edit(_ record: PlanRecord) -> String { SiteURL.record(plan, kind: .value(record.kind.rawValue), id: .value(record.id)).path }
        func rows(_ kind: PlanRecordKind, title: (PlanRecord) -> String) -> Node {
            h(
                "ul", ["class": "records"],
                model.records.filter { $0.kind == kind }.map { record in
                    h(
                        "li", ["id": "\(kind.rawValue)-\(record.id.slug)"],
                        [
                            link(edit(record), title(record)),
                            h("small", [:], " · v\(record.version)"),
                        ])
                })
        }
        func add(_ kind: PlanRecordKind, parent: UUID? = nil) -> Node {
            link(
                SiteURL.newRecord(plan, kind: .value(kind.rawValue), .init(parent: parent)).path,
                t("+ Add \(RecordFormSpec.kindName(kind, t: t))", "+ Thêm \(RecordFormSpec.kindName(kind, t: t))"),
                attributes: ["class": "add"])
        }
        let planRecord = model.records.first { $0.kind == .plan }
        return [
            h("p", ["class": "kicker"], link(SiteURL.plan(.value(model.plan.id)).path, model.plan.code)),
            h("h1", [:], t("Edit the plan", "Sửa kế hoạch")),
            model.notice.map { Forms.notice($0) } ?? .empty,
            h(
                "p", [:],
                t(
                    "Each part is saved on its own and keeps a version: if someone else saved it after you opened it, your save is refused and you are shown what changed.",
                    "Mỗi phần được lưu riêng và có số phiên bản: nếu người khác đã lưu sau khi bạn mở, lần lưu của bạn bị từ chối và bạn được xem những gì đã thay đổi."
                )),
            planRecord.map {
                h("p", [:], link(edit($0), t("Edit the plan's identity and general objective", "Sửa thông tin chung và mục tiêu chung")))
            } ?? .empty,
            h(
                "p", ["class": "amendments"],
                [
                    .text(
                        t(
                            "When a document amends the plan, change its parts here, then ",
                            "Khi có văn bản sửa đổi, bổ sung kế hoạch, hãy sửa các phần tương ứng dưới đây rồi ")),
                    link(SiteURL.newPlanVersion(plan).path, t("record the amending document", "ghi nhận văn bản sửa đổi, bổ sung")),
                    .text(t(" (", " (")),
                    link(SiteURL.planHistory(plan).path, t("amendment history", "lịch sử sửa đổi")),
                    .text(")."),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Target groups", "Nhóm mục tiêu")),
                    rows(.group) { "\($0.fields["number"] ?? ""). \(String(($0.fields["text"] ?? "").prefix(100)))" }, add(.group),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Targets", "Chỉ tiêu")),
                    rows(.target) { "\($0.fields["code"] ?? "") — \($0.fields["indicator"] ?? "")" }, add(.target),
                ]),
            h(
                "section", ["id": "data-elements"],
                [
                    h("h2", [:], t("Data elements", "Chỉ số dữ liệu")),
                    h(
                        "p", [:],
                        t(
                            "What the units report and the targets' measures are computed from: a target's numerator and denominator name these codes.",
                            "Những gì các đơn vị báo cáo và là cơ sở tính chỉ tiêu: tử số và mẫu số của chỉ tiêu ghi các mã này.")),
                    h(
                        "ul", ["class": "records"],
                        model.elements.map { stored in
                            h(
                                "li", ["id": "element-\(stored.id.slug)"],
                                [
                                    link(
                                        SiteURL.dataElement(plan, id: .value(stored.id)).path,
                                        "\(stored.element.code) — \(stored.element.name) (\(stored.element.measure))"),
                                    h("small", [:], " · v\(stored.version)"),
                                ])
                        }),
                    link(SiteURL.newDataElement(plan).path, t("+ Add data element", "+ Thêm chỉ số dữ liệu"), attributes: ["class": "add"]),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Key tasks", "Nhiệm vụ trọng tâm")),
                    rows(.task) { "\($0.fields["number"] ?? ""). \(String(($0.fields["text"] ?? "").prefix(100)))…" }, add(.task),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Solution groups", "Nhóm giải pháp")),
                    rows(.solution) { "\($0.fields["number"] ?? ""). \($0.fields["title"] ?? "")" }, add(.solution),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Assignees and their duties", "Đơn vị được phân công và nhiệm vụ")),
                    h(
                        "ul", ["class": "records"],
                        model.records.filter { $0.kind == .assignment }.map { assignment in
                            h(
                                "li", [:],
                                [
                                    link(edit(assignment), "\(assignment.fields["number"] ?? ""). \(assignment.fields["assignee"] ?? "")"),
                                    h("small", [:], " · v\(assignment.version)"),
                                    h(
                                        "ul", [:],
                                        model.records.filter { $0.kind == .duty && $0.parentID == assignment.id }.map { duty in
                                            h(
                                                "li", [:],
                                                [
                                                    link(
                                                        edit(duty),
                                                        "\(duty.fields["label"].map { $0.isEmpty ? "–" : $0 } ?? "–") \(String((duty.fields["text"] ?? "").prefix(90)))…"
                                                    ),
                                                    h("small", [:], " · v\(duty.version)"),
                                                ])
                                        } + [h("li", [:], add(.duty, parent: assignment.id))]),
                                ])
                        }),
                    add(.assignment),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Projects and sub-projects", "Dự án và tiểu dự án")),
                    h(
                        "ul", ["class": "records"],
                        model.records.filter { $0.kind == .project }.map { project in
                            h(
                                "li", [:],
                                [
                                    link(edit(project), "\(project.fields["code"] ?? "") \(project.fields["title"] ?? "")"),
                                    h("small", [:], " · v\(project.version)"),
                                    h(
                                        "ul", [:],
                                        model.records.filter { $0.kind == .subproject && $0.parentID == project.id }.map { sub in
                                            h(
                                                "li", [:],
                                                [
                                                    link(edit(sub), "\(sub.fields["code"] ?? "") \(sub.fields["title"] ?? "")"),
                                                    h("small", [:], " · v\(sub.version)"),
                                                ])
                                        } + [h("li", [:], add(.subproject, parent: project.id))]),
                                ])
                        }),
                    add(.project),
                ]),
        ]
    }
}
