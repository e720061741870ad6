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

    static let keys = [
        "copyFrom", "predecessor", "code", "title", "issuer", "issuerUnit", "issuedOn", "place", "startYear", "endYear", "baselineYear",
    ]

    static func labels(_ t: Localizer) -> [String: String] {
        [
            "copyFrom": t("Start from", "Bắt đầu từ"), "predecessor": t("Follows the plan", "Kế hoạch trước"), "code": t("Number", "Số, ký hiệu"),
            "title": t("Title", "Tên"),
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
                    Forms.select(
                        labels["predecessor"]!, name: "predecessor", value: model.values["predecessor"] ?? "",
                        options: [("", t("none", "không có"))]
                            + model.plans.map { ($0.id.slug, "\($0.code) (\($0.startYear)–\($0.endYear))") },
                        error: error("predecessor")),
                    h(
                        "p", ["class": "help"],
                        t(
                            "The plan this one succeeds: its last year is usually this plan's baseline year, and stays its own for data entry and rounds. A copy moves the years of its texts to the new years: the old last year and the old span (e.g. “by 2025”, “2021–2025”) become the new ones, as the targets' deadlines do; other years (of laws, decisions, dates) stay as written. The plan's editor then says how many texts changed.",
                            "Kế hoạch mà kế hoạch này kế tiếp: năm cuối của kế hoạch đó thường là năm gốc của kế hoạch này và vẫn thuộc kế hoạch đó khi nhập số liệu và mở kỳ báo cáo. Bản sao đổi năm trong các đoạn văn theo giai đoạn mới: năm cuối và giai đoạn cũ (ví dụ “đến năm 2025”, “2021–2025”) thành năm cuối và giai đoạn mới, như năm đích của chỉ tiêu; các năm khác (của luật, quyết định, ngày tháng) giữ nguyên. Trang sửa kế hoạch sau đó cho biết đã đổi năm trong bao nhiêu đoạn văn."
                        )),
                    field("code"), field("title"), field("issuer"),
                    field(
                        "issuerUnit",
                        help: t(
                            "The province whose standing office keeps the plan, e.g. 51; the code of a body (51-UBND) stands for its province",
                            "Tỉnh có cơ quan thường trực quản lý kế hoạch, ví dụ 51; mã một cơ quan (51-UBND) được hiểu là tỉnh của cơ quan đó")),
                    field("issuedOn", type: "date"), field("place"), field("startYear"), field("endYear"), field("baselineYear"),
                    h("button", ["type": "submit", "class": "primary"], t("Create the plan", "Tạo kế hoạch")),
                ]),
        ]
    }

    /// The editor's notice after a copy: how many texts had their years moved, to the plan's years.
    static func copiedNotice(plan: Plan, textsMoved: Int, t: Localizer) -> String {
        t(
            "The plan was created as a copy. Years were changed in \(textsMoved) texts to \(plan.startYear)–\(plan.endYear) (the last year, the span and the baseline compared with); other years were left as written: read the texts again.",
            "Đã tạo kế hoạch từ bản sao. Đã đổi năm trong \(textsMoved) đoạn văn theo giai đoạn \(plan.startYear)–\(plan.endYear) (năm cuối, giai đoạn và năm gốc so sánh); các năm khác giữ nguyên: hãy đọc lại các đoạn văn."
        )
    }
}
