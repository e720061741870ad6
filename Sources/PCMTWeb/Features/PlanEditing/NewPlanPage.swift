import Foundation
import PCMTDomain
import PCMTStore

/// Starting a plan: blank, or as a copy of an existing one (e.g. 2026–2030 from 2021–2025).
enum NewPlanPage {
    struct Model {
        var plans: [PlanSummary]
        var values: [String: String]
        var problems: [FieldProblem]
        var csrfToken: String
    }

    static let keys = ["copyFrom", "code", "title", "issuer", "issuerUnit", "issuedOn", "place", "startYear", "endYear", "baselineYear"]

    static func labels(_ t: Localizer) -> [String: String] {
        [
            "copyFrom": t("Start from", "Bắt đầu từ"), "code": t("Number", "Số, ký hiệu"), "title": t("Title", "Tên"),
            "issuer": t("Issuing body", "Cơ quan ban hành"), "issuerUnit": t("Issuing unit code", "Mã đơn vị ban hành"),
            "issuedOn": t("Issued on", "Ngày ban hành"), "place": t("Place", "Địa danh"), "startYear": t("First year", "Năm bắt đầu"),
            "endYear": t("Last year", "Năm kết thúc"), "baselineYear": t("Baseline year", "Năm gốc"),
        ]
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let labels = labels(t)
        func error(_ key: String) -> String? { model.problems.first { $0.field == key }?.message(t.language) }
        func field(_ key: String, type: String = "text", help: String? = nil) -> Node {
            Forms.field(labels[key]!, name: key, value: model.values[key] ?? "", type: type, error: error(key), help: help, required: true)
        }
        return [
            h("h1", [:], t("New plan", "Kế hoạch mới")),
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h(
                "form", ["method": "post", "action": SiteURL.newPlan.path, "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.select(
                        labels["copyFrom"]!, name: "copyFrom", value: model.values["copyFrom"] ?? "",
                        options: [("", t("a blank plan", "kế hoạch trống"))]
                            + model.plans.map {
                                (
                                    $0.id.slug,
                                    t(
                                        "a copy of \($0.code) (\($0.startYear)–\($0.endYear))",
                                        "bản sao của \($0.code) (\($0.startYear)–\($0.endYear))")
                                )
                            }),
                    field("code"), field("title"), field("issuer"),
                    field(
                        "issuerUnit",
                        help: t(
                            "The province whose standing office keeps the plan, e.g. 62", "Tỉnh có cơ quan thường trực quản lý kế hoạch, ví dụ 62")),
                    field("issuedOn", type: "date"), field("place"), field("startYear"), field("endYear"), field("baselineYear"),
                    h("button", ["type": "submit", "class": "primary"], t("Create the plan", "Tạo kế hoạch")),
                ]),
        ]
    }
}
