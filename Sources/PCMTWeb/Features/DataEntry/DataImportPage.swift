import PCMTDomain

/// Uploading a file of values: its row-by-row report, the preview of what it changes (saved only from there), and
/// what changed.
enum DataImportPage {
    struct Model {
        var csrfToken: String
        var errors: [DataImport.RowError] = []
        /// After the save: how many rows of the file were saved (``lines`` then says what changed).
        var importedRows: Int? = nil
        var fileName: String? = nil
        /// The file's values: where, what, the value saved before and the file's.
        var lines: [Line] = []
        /// Rows without a value, which say nothing.
        var withoutValue = 0
        /// The notation the file's numbers were read in and why, when it matters (some number has a separator).
        var notation: (language: Language, why: String)? = nil
        /// What the save button sends back: the file as checked and the digests of the check.
        var preview: Preview? = nil
        /// The save was refused because a value the file replaces changed after the preview.
        var changedMeanwhile = false
    }

    struct Line: Equatable {
        var row: Int
        var unit: String
        var period: String
        var element: String
        var old: Double?
        var new: Double

        var changes: Bool { old != new }
    }

    struct Preview: Equatable {
        var content: String
        var notation: String
        var digest: String
        var state: String
    }

    static func table(_ lines: [Line], t: Localizer) -> Node {
        h(
            "table", ["class": "import-preview"],
            [
                h(
                    "thead", [:],
                    h(
                        "tr", [:],
                        [
                            h("th", ["scope": "col"], t("Row", "Dòng")), h("th", ["scope": "col"], t("Unit", "Đơn vị")),
                            h("th", ["scope": "col"], t("Period", "Kỳ")), h("th", ["scope": "col"], t("Data element", "Chỉ số")),
                            h("th", ["scope": "col"], t("Before", "Trước")), h("th", ["scope": "col"], t("After", "Sau")),
                        ])),
                h(
                    "tbody", [:],
                    lines.map { line in
                        h(
                            "tr", line.changes ? ["class": "changed"] : ["class": "same"],
                            [
                                h("td", ["class": "num"], String(line.row)), h("td", [:], line.unit), h("td", [:], line.period),
                                h("td", [:], line.element),
                                h("td", ["class": "num"], line.old.map { ValueText.write($0, t.language) } ?? "—"),
                                h(
                                    "td", ["class": "num"],
                                    line.changes ? ValueText.write(line.new, t.language) : t("unchanged", "không đổi")),
                            ])
                    }),
            ])
    }

    static func counts(_ model: Model, t: Localizer) -> String {
        let changed = model.lines.filter(\.changes).count
        let same = model.lines.count - changed
        var text = t("\(changed) value(s) changed, \(same) as saved before", "\(changed) số liệu thay đổi, \(same) số liệu giữ nguyên")
        if model.withoutValue > 0 {
            text += t("; \(model.withoutValue) row(s) without a value say nothing", "; \(model.withoutValue) dòng không có giá trị được bỏ qua")
        }
        return text
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("p", ["class": "kicker"], link(SiteURL.dataIndex.path, t("Data entry", "Nhập số liệu"))),
            h("h1", [:], t("Import a file", "Nhập từ tệp")),
            model.importedRows.map {
                Forms.notice(
                    t(
                        "\(model.fileName ?? "The file"): all \($0) rows saved. \(counts(model, t: t)).",
                        "\(model.fileName ?? "Tệp"): đã lưu cả \($0) dòng. \(counts(model, t: t))."))
            } ?? .empty,
            model.importedRows != nil && model.lines.contains(where: \.changes)
                ? h(
                    "section", [:],
                    [h("h2", [:], t("What changed", "Những gì đã thay đổi")), table(model.lines.filter(\.changes), t: t)]) : .empty,
            model.changedMeanwhile
                ? h(
                    "div", ["class": "conflict", "role": "alert"],
                    h(
                        "p", [:],
                        h(
                            "strong", [:],
                            t(
                                "Nothing was saved: values this file replaces were changed after you checked it. The table below shows them as they are now; save again if the file is still right.",
                                "Chưa lưu gì: các số liệu mà tệp này thay thế đã bị thay đổi sau khi bạn kiểm tra. Bảng dưới đây cho thấy số liệu hiện tại; nếu tệp vẫn đúng, hãy lưu lại."
                            )))) : .empty,
            model.preview.map { preview in
                h(
                    "section", ["class": "preview"],
                    [
                        h("h2", [:], t("Check before saving: \(model.fileName ?? "the file")", "Kiểm tra trước khi lưu: \(model.fileName ?? "tệp")")),
                        h(
                            "p", [:],
                            t(
                                "Nothing is saved yet. The file has no error; saving it changes this: \(counts(model, t: t)).",
                                "Chưa lưu gì. Tệp không có lỗi; khi lưu, số liệu sẽ thay đổi như sau: \(counts(model, t: t)).")),
                        model.notation.map { notation in
                            h(
                                "p", ["class": "help"],
                                notation.language == .vi
                                    ? t(
                                        "Numbers written as text are read in Vietnamese notation (1.000 is one thousand, 1,5 one and a half): \(notation.why).",
                                        "Các số viết dạng chữ được đọc theo kiểu Việt Nam (1.000 là một nghìn, 1,5 là một phẩy năm): \(notation.why)."
                                    )
                                    : t(
                                        "Numbers written as text are read in English notation (1,000 is one thousand, 1.5 one and a half): \(notation.why).",
                                        "Các số viết dạng chữ được đọc theo kiểu tiếng Anh (1,000 là một nghìn, 1.5 là một phẩy năm): \(notation.why)."
                                    ))
                        } ?? .empty,
                        table(model.lines, t: t),
                        h(
                            "form", ["method": "post", "action": SiteURL.dataImport.path, "class": "narrow"],
                            [
                                Forms.csrf(model.csrfToken), Forms.hidden("intent", "save"), Forms.hidden("content", preview.content),
                                Forms.hidden("fileName", model.fileName ?? ""), Forms.hidden("notation", preview.notation),
                                Forms.hidden("digest", preview.digest), Forms.hidden("state", preview.state),
                                h("button", ["type": "submit", "class": "primary"], t("Save", "Lưu")), " ",
                                link(SiteURL.dataImport.path, t("Cancel", "Hủy")),
                            ]),
                    ])
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
                        help: t(
                            "Rows without a value are skipped. Fields are separated by commas, semicolons or tabs; numbers are read in the notation your pages use unless the file shows another. Nothing is saved before you have seen what changes.",
                            "Các dòng để trống giá trị được bỏ qua. Các trường phân cách bằng dấu phẩy, dấu chấm phẩy hoặc tab; số được đọc theo cách viết của giao diện, trừ khi tệp cho thấy cách viết khác. Chưa lưu gì trước khi bạn xem những gì sẽ thay đổi."
                        )),
                    h("button", ["type": "submit", "class": "primary"], t("Check", "Kiểm tra")),
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
