import Foundation
import PCMTDomain
import PCMTStore

/// The form for one plan record: new or existing, with the problems found and, after a refused stale save,
/// what changed meanwhile.
enum RecordFormPage {
    struct Conflict {
        var current: PlanRecord
        var lastChange: AuditEvent?
        /// The values the editor started from, as carried by the form.
        var original: [String: String]
        var submitted: [String: String]
    }

    struct Model {
        var plan: Plan
        var kind: PlanRecordKind
        var recordID: UUID?
        var parentID: UUID?
        var version: Int?
        var values: [String: String]
        var original: [String: String]
        var problems: [FieldProblem]
        var conflict: Conflict?
        var saved: Bool
        var csrfToken: String
        /// The plan's data elements, listed beside a target's form to pick its measure's codes from.
        var elements: [DataElement] = []
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = Parameter.value(model.plan.id), kind = Parameter.value(model.kind.rawValue)
        let fields = RecordFormSpec.fields(model.kind, plan: model.plan, t: t)
        let labels = Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.label) })
        let kindName = RecordFormSpec.kindName(model.kind, t: t)
        let action =
            model.recordID.map { SiteURL.record(plan, kind: kind, id: .value($0)).path }
            ?? SiteURL.newRecord(plan, kind: kind, .init(parent: model.parentID)).path
        func error(_ key: String) -> String? { model.problems.first { $0.field == key }?.message(t.language) }
        var formContent: [Node] = [Forms.csrf(model.csrfToken)]
        if let version = model.version { formContent.append(Forms.hidden("version", String(version))) }
        for key in model.kind.fieldKeys { formContent.append(Forms.hidden("original_\(key)", model.original[key] ?? "")) }
        for field in fields {
            let value = model.values[field.key] ?? ""
            let required = model.kind.requiredKeys.contains(field.key)
            switch field.input {
            case .text, .codes:
                formContent.append(
                    Forms.field(field.label, name: field.key, value: value, error: error(field.key), help: field.help, required: required))
            case .number:
                formContent.append(
                    Forms.field(
                        field.label, name: field.key, value: value, error: error(field.key), help: field.help,
                        required: required, attributes: ["inputmode": "decimal"]))
            case .date:
                formContent.append(Forms.field(field.label, name: field.key, value: value, type: "date", error: error(field.key), required: required))
            case .textarea(let rows):
                formContent.append(
                    Forms.textarea(
                        field.label, name: field.key, value: value, rows: rows, error: error(field.key), help: field.help, required: required))
            case .lines:
                formContent.append(Forms.textarea(field.label, name: field.key, value: value, rows: 8, error: error(field.key), help: field.help))
            case .select(let options):
                // An optional choice gets an empty one, unless it has its own ("(không)" for a duty's key task).
                let all = required || options.contains { $0.value.isEmpty } ? options : [("", "—")] + options
                formContent.append(
                    Forms.select(field.label, name: field.key, value: value, options: all, error: error(field.key), required: required))
            }
        }
        formContent.append(h("button", ["type": "submit", "class": "primary"], t("Save", "Lưu")))
        return [
            h("p", ["class": "kicker"], [link(SiteURL.editPlan(plan).path, t("Edit the plan", "Sửa kế hoạch")), .text(" · \(model.plan.code)")]),
            h("h1", [:], model.recordID == nil ? t("New \(kindName)", "Thêm \(kindName)") : t("Edit \(kindName)", "Sửa \(kindName)")),
            model.saved ? Forms.notice(t("Saved.", "Đã lưu.") + (model.version.map { t(" Version \($0).", " Phiên bản \($0).") } ?? "")) : .empty,
            model.conflict.map { conflictView($0, labels: labels, t: t) } ?? .empty,
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h("form", ["method": "post", "action": action, "class": "record"], formContent),
            model.kind == .target && !model.elements.isEmpty ? elementList(model.elements, plan: plan, t: t) : .empty,
            model.recordID.map { id in
                model.kind == .plan
                    ? .empty
                    : h(
                        "form", ["method": "post", "action": SiteURL.deleteRecord(plan, kind: kind, id: .value(id)).path, "class": "danger"],
                        [
                            Forms.csrf(model.csrfToken),
                            Forms.hidden("version", String(model.version ?? 0)),
                            h(
                                "label", [:],
                                [
                                    h("input", ["type": "checkbox", "name": "confirm", "value": "yes", "required": "required"]),
                                    .text(
                                        t(
                                            " I want to delete this \(kindName) (the audit log keeps it)",
                                            " Tôi muốn xóa \(kindName) này (nhật ký vẫn lưu lại)")),
                                ]),
                            h("button", ["type": "submit", "class": "danger"], t("Delete this \(kindName)", "Xóa \(kindName) này")),
                        ])
            } ?? .empty,
        ]
    }

    /// The codes a target's numerator and denominator may name: the plan's data elements, with where to add one.
    static func elementList(_ elements: [DataElement], plan: Parameter<UUID>, t: Localizer) -> Node {
        h(
            "details", ["class": "elements", "id": "measure-elements"],
            [
                h(
                    "summary", [:],
                    t(
                        "The plan's data elements (codes for the numerator and denominator)",
                        "Chỉ số dữ liệu của kế hoạch (mã dùng cho tử số, mẫu số)")),
                h(
                    "table", [:],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Code", "Mã")), h("th", ["scope": "col"], t("Name", "Tên")),
                                    h("th", ["scope": "col"], t("Unit of measure", "Đơn vị tính")),
                                    h("th", ["scope": "col"], t("How a year is made", "Cách tính cả năm")),
                                ])),
                        h(
                            "tbody", [:],
                            elements.map { element in
                                h(
                                    "tr", [:],
                                    [
                                        h("td", [:], h("code", [:], element.code)), h("td", [:], element.name), h("td", [:], element.measure),
                                        h("td", [:], element.aggregation.rawValue),
                                    ])
                            }),
                    ]),
                h("p", [:], link(SiteURL.newDataElement(plan).path, t("+ Add data element", "+ Thêm chỉ số dữ liệu"))),
            ])
    }

    static func conflictView(_ conflict: Conflict, labels: [String: String], t: Localizer) -> Node {
        let changed = conflict.current.kind.fieldKeys.filter { (conflict.original[$0] ?? "") != (conflict.current.fields[$0] ?? "") }
        let who =
            conflict.lastChange.map {
                t(" by \($0.actor) at \(DateText.dateTime($0.at))", " bởi \($0.actor) lúc \(DateText.dateTime($0.at))")
            } ?? ""
        return h(
            "div", ["class": "conflict", "role": "alert"],
            [
                h(
                    "p", [:],
                    h(
                        "strong", [:],
                        t(
                            "Not saved: this record was changed\(who) after you opened it (now version \(conflict.current.version)).",
                            "Chưa lưu: bản ghi đã được sửa\(who) sau khi bạn mở (nay là phiên bản \(conflict.current.version))."))),
                h(
                    "p", [:],
                    t(
                        "The form below now holds your values on top of the current version. Check them against what changed, then save again.",
                        "Biểu mẫu dưới đây giữ giá trị của bạn trên phiên bản hiện tại. Hãy đối chiếu với những thay đổi rồi lưu lại.")),
                h(
                    "table", [:],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Field", "Trường")), h("th", ["scope": "col"], t("When you opened it", "Khi bạn mở")),
                                    h("th", ["scope": "col"], t("Now", "Hiện tại")), h("th", ["scope": "col"], t("Yours", "Của bạn")),
                                ])),
                        h(
                            "tbody", [:],
                            changed.map { key in
                                h(
                                    "tr", [:],
                                    [
                                        h("th", ["scope": "row"], labels[key] ?? key),
                                        h("td", [:], conflict.original[key] ?? ""),
                                        h("td", ["class": "changed"], conflict.current.fields[key] ?? ""),
                                        h("td", [:], conflict.submitted[key] ?? ""),
                                    ])
                            }),
                    ]),
            ])
    }
}
