import Foundation
import PCMTDomain
import PCMTStore

/// The form for one data element of a plan (pcmt issue 16, item 4): new or existing, with the problems found and,
/// after a refused stale save, what changed meanwhile. Categories are typed one a line as "code | name".
enum DataElementFormPage {
    /// The form's fields, in order; `categories` holds the lines, `collectedBy` the unit codes.
    static let fieldKeys = DataElementRules.fields.map(\.key)

    struct Conflict {
        var current: StoredDataElement
        var lastChange: AuditEvent?
        /// The values the editor started from, as carried by the form.
        var original: [String: String]
        var submitted: [String: String]
    }

    struct Model {
        var plan: Plan
        var elementID: UUID?
        var version: Int?
        var values: [String: String]
        var original: [String: String]
        var problems: [FieldProblem]
        var conflict: Conflict?
        var saved: Bool
        var csrfToken: String
        /// The plan's other elements, which this one may be part of.
        var others: [DataElement]
    }

    /// The form's text for a stored element.
    static func values(_ element: DataElement) -> [String: String] {
        let draft = DataElementDraft(element)
        return [
            "code": draft.code, "name": draft.name, "nameEn": draft.nameEn, "measure": draft.measure, "measureEn": draft.measureEn,
            "aggregation": draft.aggregation, "valueType": draft.valueType, "collectedAt": draft.collectedAt,
            "collectedBy": draft.collectedBy.joined(separator: ", "), "categories": DataElementRules.categoryLines(draft.categories),
            "partOf": draft.partOf,
        ]
    }

    static func labels(_ t: Localizer) -> [String: String] {
        Dictionary(uniqueKeysWithValues: DataElementRules.fields.map { ($0.key, t($0.en, $0.vi)) })
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = Parameter.value(model.plan.id)
        let labels = labels(t)
        let action = model.elementID.map { SiteURL.dataElement(plan, id: .value($0)).path } ?? SiteURL.newDataElement(plan).path
        func error(_ key: String) -> String? {
            let messages = model.problems.filter { $0.field == key }.map { $0.message(t.language) }
            return messages.isEmpty ? nil : messages.joined(separator: " ")
        }
        func value(_ key: String) -> String { model.values[key] ?? "" }
        func text(_ key: String, required: Bool = false, help: String? = nil) -> Node {
            Forms.field(labels[key] ?? key, name: key, value: value(key), error: error(key), help: help, required: required)
        }
        var content: [Node] = [Forms.csrf(model.csrfToken)]
        if let version = model.version { content.append(Forms.hidden("version", String(version))) }
        for key in fieldKeys { content.append(Forms.hidden("original_\(key)", model.original[key] ?? "")) }
        content += [
            text(
                "code", required: true,
                help: t(
                    "Lower-case letters, digits and _, beginning with a letter (drug_cases_detected); targets' measures name it.",
                    "Chữ thường không dấu, chữ số và dấu _, bắt đầu bằng chữ (vd. drug_cases_detected); công thức của chỉ tiêu ghi mã này.")),
            text("name", required: true), text("nameEn"),
            text("measure", required: true, help: t("As written on forms: người, vụ, điểm, m².", "Như ghi trên biểu mẫu: người, vụ, điểm, m².")),
            text("measureEn"),
            Forms.select(
                labels["aggregation"]!, name: "aggregation", value: value("aggregation"),
                options: [
                    ("flow", t("flow — a year is the sum of its half-years", "flow — cả năm là tổng hai nửa năm")),
                    ("stock", t("stock — a year is its end (S2)", "stock — cả năm lấy số cuối kỳ (6 tháng cuối năm)")),
                    ("flag", t("flag — yes if either half-year is", "flag — có nếu một trong hai nửa năm có")),
                ], error: error("aggregation"), required: true),
            Forms.select(
                labels["valueType"]!, name: "valueType", value: value("valueType"),
                options: [
                    ("count", t("count — a whole number", "count — số nguyên")),
                    ("quantity", t("quantity — a decimal number", "quantity — số thập phân")),
                    ("yesNo", t("yesNo — 0 or 1", "yesNo — có (1) hoặc không (0)")),
                ], error: error("valueType"), required: true),
            Forms.select(
                labels["collectedAt"]!, name: "collectedAt", value: value("collectedAt"),
                options: [
                    ("commune", t("communes", "cấp xã")), ("district", t("districts", "cấp huyện")),
                    ("province", t("the province", "cấp tỉnh")), ("agency", t("provincial bodies", "sở, ban, ngành")),
                ], error: error("collectedAt"), required: true),
            text(
                "collectedBy",
                help: t(
                    "Codes of the units that report it, separated by commas; empty: every unit of the level.",
                    "Mã các đơn vị báo cáo, cách nhau bằng dấu phẩy; để trống: mọi đơn vị của cấp.")),
            Forms.textarea(
                labels["categories"]!, name: "categories", value: value("categories"), rows: 5, error: error("categories"),
                help: t(
                    "Optional breakdown, one a line: code | name (e.g. male | Nam). The total is the sum of the categories.",
                    "Phân loại (nếu có), mỗi dòng một: mã | tên (vd. nam | Nam). Tổng là tổng các phân loại.")),
            Forms.select(
                labels["partOf"]!, name: "partOf", value: value("partOf"),
                options: [("", t("— a whole of its own", "— không là phần của chỉ số nào"))]
                    + model.others.map { ($0.code, "\($0.code) — \($0.name)") },
                error: error("partOf")),
            h("button", ["type": "submit", "class": "primary"], t("Save", "Lưu")),
        ]
        return [
            h("p", ["class": "kicker"], [link(SiteURL.editPlan(plan).path, t("Edit the plan", "Sửa kế hoạch")), .text(" · \(model.plan.code)")]),
            h("h1", [:], model.elementID == nil ? t("New data element", "Thêm chỉ số dữ liệu") : t("Edit data element", "Sửa chỉ số dữ liệu")),
            model.saved ? Forms.notice(t("Saved.", "Đã lưu.") + (model.version.map { t(" Version \($0).", " Phiên bản \($0).") } ?? "")) : .empty,
            model.conflict.map { conflictView($0, labels: labels, t: t) } ?? .empty,
            errorSummary(model.problems, t: t),
            h("form", ["method": "post", "action": action, "class": "record"], content),
            model.elementID.map { id in
                h(
                    "form", ["method": "post", "action": SiteURL.deleteDataElement(plan, id: .value(id)).path, "class": "danger"],
                    [
                        Forms.csrf(model.csrfToken),
                        Forms.hidden("version", String(model.version ?? 0)),
                        h(
                            "label", [:],
                            [
                                h("input", ["type": "checkbox", "name": "confirm", "value": "yes", "required": "required"]),
                                .text(
                                    t(
                                        " I want to remove this data element (only while no target, element or value uses it; the audit log keeps it)",
                                        " Tôi muốn xóa chỉ số này (chỉ khi chưa có chỉ tiêu, chỉ số hay số liệu nào dùng; nhật ký vẫn lưu lại)")),
                            ]),
                        h("button", ["type": "submit", "class": "danger"], t("Remove this data element", "Xóa chỉ số dữ liệu này")),
                    ])
            } ?? .empty,
        ]
    }

    /// What to fix, each message (which begins with its field's name) a link to its field.
    static func errorSummary(_ problems: [FieldProblem], t: Localizer) -> Node {
        guard !problems.isEmpty else { return .empty }
        return h(
            "div", ["class": "error-summary", "role": "alert"],
            [
                h("p", [:], h("strong", [:], t("Nothing was saved. Please correct:", "Chưa lưu gì. Vui lòng sửa:"))),
                h("ul", [:], problems.map { h("li", [:], h("a", ["href": "#f-\($0.field)"], $0.message(t.language))) }),
            ])
    }

    static func conflictView(_ conflict: Conflict, labels: [String: String], t: Localizer) -> Node {
        let now = values(conflict.current.element)
        let changed = fieldKeys.filter { (conflict.original[$0] ?? "") != (now[$0] ?? "") }
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
                            "Not saved: this data element was changed\(who) after you opened it (now version \(conflict.current.version)).",
                            "Chưa lưu: chỉ số đã được sửa\(who) sau khi bạn mở (nay là phiên bản \(conflict.current.version))."))),
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
                                        h("th", ["scope": "row"], labels[key] ?? key), h("td", [:], conflict.original[key] ?? ""),
                                        h("td", ["class": "changed"], now[key] ?? ""), h("td", [:], conflict.submitted[key] ?? ""),
                                    ])
                            }),
                    ]),
            ])
    }
}
