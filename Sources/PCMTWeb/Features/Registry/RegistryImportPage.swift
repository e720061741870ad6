import Foundation
import PCMTDomain
import PCMTStore

/// The page of the import of a commune's existing list (issue 17): the columns explained, the template, the upload
/// form; after an upload, every problem by row and column (nothing saved), or how many people were registered.
enum RegistryImportPage {
    /// A problem as shown: its row (0 for the whole file), its column's Vietnamese name, what is wrong.
    struct Problem: Equatable {
        var row: Int
        var column: String
        var message: String
    }

    struct Model {
        var commune: RegistryQueries.Commune
        var csrfToken: String
        var fileName: String? = nil
        var problems: [Problem] = []
        var imported: Int? = nil
    }

    /// What each column holds, in the template's order.
    static func explanations(_ t: Localizer) -> [(field: String, text: String)] {
        [
            ("fullName", t("Required; at most 120 characters.", "Bắt buộc; tối đa 120 ký tự.")),
            ("otherNames", t("Other names or nicknames; may be empty.", "Tên gọi khác, biệt danh; có thể để trống.")),
            ("sex", t("Nam or Nữ.", "Nam hoặc Nữ.")),
            ("birth", t("dd/mm/yyyy, or the year alone (such as 1994).", "ngày/tháng/năm, hoặc chỉ năm sinh (như 1994).")),
            (
                "idNumber",
                t(
                    "12 digits (CCCD) or 9 (CMND); empty if none. Format the column as text so that a leading 0 stays.",
                    "12 chữ số (CCCD) hoặc 9 (CMND); để trống nếu không có. Định dạng cột là văn bản để giữ số 0 ở đầu.")
            ),
            ("address", t("Address of residence; may be empty.", "Nơi cư trú; có thể để trống.")),
            ("status", t("Nghiện (drug addict) or Sử dụng trái phép (illicit drug user).", "Nghiện hoặc Sử dụng trái phép.")),
            ("statusOn", t("The day it was determined, dd/mm/yyyy.", "Ngày xác định tình trạng, ngày/tháng/năm.")),
            ("statusBody", t("The body that determined it.", "Cơ quan đã xác định tình trạng.")),
            ("managedFrom", t("The day management began, dd/mm/yyyy.", "Ngày bắt đầu quản lý, ngày/tháng/năm.")),
        ]
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let code = model.commune.unit.code
        return [
            h("p", ["class": "crumbs"], h("a", ["href": SiteURL.registryCommune(.value(code)).path], model.commune.label)),
            h("h1", [:], t("Import the commune's existing list", "Nhập danh sách từ Excel")),
            model.imported.map { count in
                h(
                    "div", ["class": "notice ok", "role": "status"],
                    [
                        .text(
                            t(
                                "\(count) people were registered in the register of \(model.commune.label).",
                                "Đã đăng ký \(count) người vào sổ của \(model.commune.label).")), " ",
                        h("a", ["href": SiteURL.registryCommune(.value(code)).path], t("See the list", "Xem danh sách")),
                    ])
            } ?? .empty,
            model.problems.isEmpty ? .empty : problems(model, t: t),
            h(
                "p", ["class": "lead"],
                t(
                    "Every row of the file is registered in the register of \(model.commune.label) at once, or — when a row has a problem — none: "
                        + "the problems are listed by row and nothing is kept, not even the file. Empty rows are skipped. An ID number already "
                        + "in the province's register is refused naming the commune that holds it; records are never merged.",
                    "Mọi dòng của tệp được đăng ký cùng lúc vào sổ của \(model.commune.label), hoặc — khi có dòng bị lỗi — không dòng nào: "
                        + "các lỗi được liệt kê theo dòng và không lưu gì, kể cả tệp. Dòng trống được bỏ qua. Số giấy tờ đã có trong sổ của tỉnh "
                        + "bị từ chối, nêu rõ xã, phường đang quản lý hồ sơ; không gộp hồ sơ.")),
            h("h2", [:], t("Columns", "Các cột")),
            h(
                "table", ["class": "data registry-import-columns"],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], t("Column (row 1)", "Cột (dòng 1)")),
                                h("th", ["scope": "col"], t("What it holds", "Nội dung")),
                            ])
                    ),
                    h(
                        "tbody", [:],
                        explanations(t).map { item in
                            h(
                                "tr", [:],
                                [h("td", [:], RegistryImport.columns.first { $0.field == item.field }!.header), h("td", [:], item.text)])
                        }),
                ]),
            h(
                "p", [:],
                h(
                    "a", ["href": SiteURL.registryImportTemplate(.value(code)).path],
                    t("Download the template (.xlsx, the header row only)", "Tải mẫu tệp (.xlsx, chỉ có dòng tiêu đề)"))),
            h(
                "h2", [:],
                model.problems.isEmpty ? t("Upload the list", "Tải danh sách lên") : t("Choose the corrected file", "Chọn lại tệp sau khi sửa")),
            h(
                "form",
                ["method": "post", "action": SiteURL.registryImport(.value(code)).path, "enctype": "multipart/form-data", "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.field(
                        t("File (.xlsx or .csv)", "Tệp (.xlsx hoặc .csv)"), name: "file", value: "", type: "file",
                        help: t(
                            "The first sheet of a workbook, or CSV in UTF-8; row 1 names the columns.",
                            "Trang tính đầu tiên của tệp .xlsx, hoặc tệp CSV mã UTF-8; dòng 1 ghi tên các cột."),
                        required: true,
                        attributes: ["accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]),
                    h("button", ["type": "submit", "class": "primary"], t("Import", "Nhập danh sách")),
                ]),
        ]
    }

    static func problems(_ model: Model, t: Localizer) -> Node {
        h(
            "div", ["class": "error-summary", "role": "alert"],
            [
                h(
                    "p", [:],
                    h(
                        "strong", [:],
                        t(
                            "\(model.fileName ?? "The file") was not imported — nobody was registered. \(model.problems.count) problem(s):",
                            "\(model.fileName ?? "Tệp") chưa được nhập — chưa đăng ký ai. \(model.problems.count) lỗi:"))),
                h(
                    "table", ["class": "registry-import-problems"],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Row", "Dòng")), h("th", ["scope": "col"], t("Column", "Cột")),
                                    h("th", ["scope": "col"], t("Problem", "Lỗi")),
                                ])),
                        h(
                            "tbody", [:],
                            model.problems.prefix(1_000).map { problem in
                                h(
                                    "tr", [:],
                                    [
                                        h("td", ["class": "num"], problem.row > 0 ? String(problem.row) : "—"), h("td", [:], problem.column),
                                        h("td", [:], problem.message),
                                    ])
                            }),
                    ]),
                model.problems.count > 1_000
                    ? h("p", [:], t("The first 1,000 problems are shown.", "Chỉ hiển thị 1.000 lỗi đầu tiên.")) : .empty,
            ])
    }
}
