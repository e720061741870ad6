import Foundation
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
        /// What the file does, counted over all its rows.
        var summary = Summary()
        /// The rows shown one by one: every row of the file when it has at most ``detailLimit``, else (and after
        /// the save) the rows that change something, the first ``detailLimit`` of them.
        var lines: [Line] = []
        /// Rows without a value, which say nothing.
        var withoutValue = 0
        /// The notation the file's numbers were read in and why, when it matters (some number has a separator).
        var notation: (language: Language, why: String)? = nil
        /// What the save button sends back: the checked file's draft and the fingerprint of the values shown.
        var preview: Preview? = nil
        /// The save was refused because a value the file replaces changed after the preview.
        var changedMeanwhile = false
        /// When the same checked file was saved by an earlier request (a second click on "Lưu"): this one saved
        /// nothing.
        var alreadySaved: Date? = nil
    }

    /// At most this many rows are listed one by one: a file of 10,000 rows is read from its counts by period, and
    /// its first 1,000 changes.
    static let detailLimit = 1000

    /// The file's values counted: new (nothing saved before), replacing another value, and equal to what is saved;
    /// by period in the file's order, with the units concerned.
    struct Summary: Equatable {
        struct PeriodCount: Equatable {
            var period: String
            var units: Int
            var added: Int
            var replaced: Int
            var same: Int
        }

        var periods: [PeriodCount] = []
        var added = 0
        var replaced = 0
        var same = 0

        var changed: Int { added + replaced }
        var total: Int { added + replaced + same }
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
        /// The id of the checked file kept on the server.
        var draft: String
        var state: String
    }

    /// The summary and the rows listed (see ``Model/lines``) of checked rows over the values saved now (`saved`, one
    /// per line, nil where nothing is saved). `changedOnly`: list only the rows that change something (after the
    /// save), whatever the file's size.
    static func review(_ lines: [DataImport.Line], saved: [Double?], t: Localizer, changedOnly: Bool = false) -> (Summary, [Line]) {
        var summary = Summary()
        var periodIndex: [Period: Int] = [:]
        var periodUnits: [Set<String>] = []
        for (line, old) in zip(lines, saved) {
            let index =
                periodIndex[line.period]
                ?? {
                    periodIndex[line.period] = summary.periods.count
                    summary.periods.append(.init(period: BoardPage.periodName(line.period, t: t), units: 0, added: 0, replaced: 0, same: 0))
                    periodUnits.append([])
                    return summary.periods.count - 1
                }()
            periodUnits[index].insert(line.unit.code)
            switch old {
            case nil:
                summary.added += 1
                summary.periods[index].added += 1
            case line.value?:
                summary.same += 1
                summary.periods[index].same += 1
            default:
                summary.replaced += 1
                summary.periods[index].replaced += 1
            }
        }
        for index in summary.periods.indices { summary.periods[index].units = periodUnits[index].count }
        let listChangedOnly = changedOnly || lines.count > detailLimit
        var shown: [Line] = []
        for (line, old) in zip(lines, saved) where shown.count < detailLimit && (!listChangedOnly || old != line.value) {
            shown.append(
                Line(
                    row: line.row, unit: "\(line.unit.name) (\(line.unit.code))", period: BoardPage.periodName(line.period, t: t),
                    element: line.element.name + (line.element.categories.first { $0.code == line.category }.map { " — \($0.name)" } ?? ""),
                    old: old, new: line.value))
        }
        return (summary, shown)
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
        let summary = model.summary
        func n(_ count: Int) -> String { ValueText.write(Double(count), t.language) }
        var text = t(
            "\(n(summary.changed)) value(s) changed (\(n(summary.added)) new, \(n(summary.replaced)) replacing a saved value), \(n(summary.same)) as saved before",
            "\(n(summary.changed)) số liệu thay đổi (\(n(summary.added)) số liệu mới, \(n(summary.replaced)) số liệu thay số đã lưu), \(n(summary.same)) số liệu giữ nguyên"
        )
        if model.withoutValue > 0 {
            text += t("; \(n(model.withoutValue)) row(s) without a value say nothing", "; \(n(model.withoutValue)) dòng không có giá trị được bỏ qua")
        }
        return text
    }

    /// The counts by period, when the file spans more than one.
    static func periodTable(_ summary: Summary, t: Localizer) -> Node {
        guard summary.periods.count > 1 else { return .empty }
        func number(_ value: Int) -> Node { h("td", ["class": "num"], ValueText.write(Double(value), t.language)) }
        return h(
            "table", ["class": "import-periods"],
            [
                h("caption", [:], t("By period", "Theo kỳ")),
                h(
                    "thead", [:],
                    h(
                        "tr", [:],
                        [
                            h("th", ["scope": "col"], t("Period", "Kỳ")), h("th", ["scope": "col"], t("Units", "Số đơn vị")),
                            h("th", ["scope": "col"], t("New", "Mới")), h("th", ["scope": "col"], t("Replacing", "Thay số đã lưu")),
                            h("th", ["scope": "col"], t("Unchanged", "Giữ nguyên")),
                        ])),
                h(
                    "tbody", [:],
                    summary.periods.map { period in
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "row"], period.period), number(period.units), number(period.added), number(period.replaced),
                                number(period.same),
                            ])
                    }),
            ])
    }

    /// Says which rows the table lists when it does not list every row of the file.
    static func detailNote(_ model: Model, t: Localizer) -> Node {
        let listed = model.lines.count
        guard listed < model.summary.total else { return .empty }
        let changed = model.summary.changed
        let text =
            listed < changed
            ? t(
                "The table lists the first \(ValueText.write(Double(listed), .en)) of the \(ValueText.write(Double(changed), .en)) changes; the counts above cover every row.",
                "Bảng liệt kê \(ValueText.write(Double(listed), .vi)) thay đổi đầu tiên trong số \(ValueText.write(Double(changed), .vi)) thay đổi; các số đếm ở trên tính mọi dòng."
            )
            : t(
                "The table lists the rows that change something; the counts above cover every row.",
                "Bảng liệt kê các dòng làm thay đổi số liệu; các số đếm ở trên tính mọi dòng.")
        return h("p", ["class": "help"], text)
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("p", ["class": "kicker"], link(SiteURL.dataIndex.path, t("Data entry", "Nhập số liệu"))),
            h("h1", [:], t("Import a file", "Nhập từ tệp")),
            model.importedRows.map {
                Forms.notice(
                    t(
                        "\(model.fileName ?? "The file"): all \(ValueText.write(Double($0), .en)) rows saved. \(counts(model, t: t)).",
                        "\(model.fileName ?? "Tệp"): đã lưu cả \(ValueText.write(Double($0), .vi)) dòng. \(counts(model, t: t))."))
            } ?? .empty,
            model.importedRows != nil && model.summary.changed > 0
                ? h(
                    "section", [:],
                    [
                        h("h2", [:], t("What changed", "Những gì đã thay đổi")), periodTable(model.summary, t: t), detailNote(model, t: t),
                        table(model.lines.filter(\.changes), t: t),
                    ]) : .empty,
            model.alreadySaved.map { savedAt in
                Forms.notice(
                    t(
                        "\(model.fileName ?? "The file") was saved already, at \(DateText.dateTime(savedAt)) (“Save” pressed again); nothing more was saved. The values are on the data entry pages.",
                        "\(model.fileName ?? "Tệp") đã được lưu lúc \(DateText.dateTime(savedAt)) (nút “Lưu” được bấm lại); lần này không lưu thêm gì. Số liệu có ở các trang nhập số liệu."
                    ))
            } ?? .empty,
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
                                "Nothing is saved yet. No error was found; saving changes this: \(counts(model, t: t)).",
                                "Chưa lưu gì. Không có lỗi; khi lưu, số liệu sẽ thay đổi như sau: \(counts(model, t: t)).")),
                        model.notation.map { notation in
                            h(
                                "p", ["class": "help"],
                                notation.language == .vi
                                    ? t(
                                        "Numbers written as text are read in Vietnamese notation (1.000 is one thousand, 1,5 one and a half): \(notation.why).",
                                        "Các số ghi dạng văn bản được đọc theo kiểu Việt Nam (1.000 là một nghìn, 1,5 là một phẩy năm): \(notation.why)."
                                    )
                                    : t(
                                        "Numbers written as text are read in English notation (1,000 is one thousand, 1.5 one and a half): \(notation.why).",
                                        "Các số ghi dạng văn bản được đọc theo kiểu tiếng Anh (1,000 là một nghìn, 1.5 là một phẩy năm): \(notation.why)."
                                    ))
                        } ?? .empty,
                        periodTable(model.summary, t: t), detailNote(model, t: t),
                        table(model.lines, t: t),
                        h(
                            "form", ["method": "post", "action": SiteURL.dataImport.path, "class": "narrow"],
                            [
                                Forms.csrf(model.csrfToken), Forms.hidden("intent", "save"), Forms.hidden("draft", preview.draft),
                                Forms.hidden("state", preview.state),
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
                                        h(
                                            "tr", [:],
                                            [
                                                h("td", ["class": "num"], error.row > 0 ? String(error.row) : "—"),
                                                h("td", [:], t.isEnglish ? error.en : error.vi),
                                            ])
                                    }),
                            ]),
                    ]),
            // After a preview, a result or errors, the upload form below is for another file: it says so.
            model.preview != nil || model.importedRows != nil || model.alreadySaved != nil
                ? h("h2", [:], t("Import another file", "Nhập tệp khác"))
                : model.errors.isEmpty ? .empty : h("h2", [:], t("Choose the corrected file", "Chọn lại tệp sau khi sửa")),
            h(
                "form", ["method": "post", "action": SiteURL.dataImport.path, "enctype": "multipart/form-data", "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.field(
                        t("File (.xlsx or .csv)", "Tệp (.xlsx hoặc .csv)"), name: "file", value: "", type: "file",
                        help: t(
                            "The template (columns element, unit, period, category, value, one value a row) or a district's communes as a workbook (one commune a row), both from the data entry page for the unit and period you choose.",
                            "Theo mẫu tệp (các cột element, unit, period, category, value, mỗi dòng một số liệu) hoặc bảng các xã của huyện (mỗi xã một dòng), đều tải ở trang Nhập số liệu theo đơn vị và kỳ bạn chọn."
                        ),
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
