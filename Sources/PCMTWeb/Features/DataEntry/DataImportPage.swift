/// Uploading a file of values, and its row-by-row report.
enum DataImportPage {
    struct Model {
        var csrfToken: String
        var errors: [DataImport.RowError] = []
        var importedRows: Int? = nil
        var fileName: String? = nil
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("p", ["class": "kicker"], link(SiteURL.dataIndex.path, t("Data entry", "Nhập số liệu"))),
            h("h1", [:], t("Import a file", "Nhập từ tệp")),
            model.importedRows.map {
                Forms.notice(t("\(model.fileName ?? "The file"): all \($0) rows saved.", "\(model.fileName ?? "Tệp"): đã lưu cả \($0) dòng."))
            } ?? .empty,
            model.errors.isEmpty
                ? .empty
                : h(
                    "div", ["class": "error-summary", "role": "alert"],
                    [
                        h(
                            "p", [:],
                            h(
                                "strong", [:],
                                t(
                                    "\(model.fileName ?? "The file") was not imported — nothing was saved. \(model.errors.count) problem(s):",
                                    "\(model.fileName ?? "Tệp") chưa được nhập — chưa lưu gì. \(model.errors.count) lỗi:"))),
                        h(
                            "table", [:],
                            [
                                h(
                                    "thead", [:],
                                    h("tr", [:], [h("th", ["scope": "col"], t("Row", "Dòng")), h("th", ["scope": "col"], t("Problem", "Lỗi"))])),
                                h(
                                    "tbody", [:],
                                    model.errors.prefix(500).map { error in
                                        h("tr", [:], [h("td", ["class": "num"], String(error.row)), h("td", [:], t.isEnglish ? error.en : error.vi)])
                                    }),
                            ]),
                    ]),
            h(
                "form", ["method": "post", "action": SiteURL.dataImport.path, "enctype": "multipart/form-data", "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.field(
                        t("File (.xlsx or .csv)", "Tệp (.xlsx hoặc .csv)"), name: "file", value: "", type: "file",
                        help: t("Columns: element, unit, period, category, value", "Các cột: element, unit, period, category, value"),
                        attributes: ["accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]),
                    Forms.textarea(
                        t("…or paste the rows here", "…hoặc dán các dòng vào đây"), name: "text", value: "", rows: 6,
                        help: t("Rows without a value are skipped.", "Các dòng để trống giá trị được bỏ qua.")),
                    h("button", ["type": "submit", "class": "primary"], t("Check and import", "Kiểm tra và nhập")),
                ]),
            h(
                "p", [:],
                [
                    link(SiteURL.dataTemplateXLSX().path, t("Download the template (.xlsx)", "Tải mẫu tệp (.xlsx)")), " · ",
                    link(SiteURL.dataTemplateCSV().path, t("or as CSV", "hoặc dạng CSV")),
                ]),
        ]
    }
}
