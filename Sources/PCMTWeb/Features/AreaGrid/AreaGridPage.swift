import Foundation
import PCMTDomain
import PCMTStore

/// The grid of a district's area for one period: a row per commune, a column per element (and category) they report,
/// grouped under the element with its unit of measure, totals per column, and the district's own elements below; one
/// form, saved all at once or not at all.
enum AreaGridPage {
    struct Model {
        var grid: AreaGridQueries.Grid
        /// What is saved, by unit code and form key.
        var current: [String: [String: DataValue]]
        /// What was typed, by input name, when the form comes back after a refusal.
        var typed: [String: String]? = nil
        /// Problems by input id (``field(_:_:)``), in the order of the grid.
        var problems: [FieldProblem] = []
        var conflicts: [DataValueConflict] = []
        /// The approved report that locks a unit, in words, by unit code.
        var locks: [String: String] = [:]
        var saved: Int? = nil
        var unchanged = false
        var csrfToken: String
        /// For a year: each cell's figure made from the two half-years (``DataElement/Aggregation/year(whole:first:second:)``),
        /// by unit code and form key, shown in an empty cell so that nothing entered for a half-year is typed again.
        var fromHalves: [String: [String: Double]] = [:]
    }

    /// The name of a cell's input and of its version: `v_<unit>_<key>`, `ver_<unit>_<key>` (unit codes hold no "_").
    static func field(_ unit: String, _ key: String) -> String { "\(unit)_\(key)" }

    static func cellLabel(_ row: AreaGridQueries.Row, _ column: AreaGridQueries.Column, t: Localizer) -> String {
        let element = t.isEnglish ? column.element.nameEn ?? column.element.name : column.element.name
        let category = column.category.map { " — " + (t.isEnglish ? $0.nameEn ?? $0.name : $0.name) } ?? ""
        return "\(row.unit.name) — \(element)\(category)"
    }

    /// Every cell's label, by input id, for the error summary.
    static func labels(_ grid: AreaGridQueries.Grid, t: Localizer) -> [String: String] {
        var labels: [String: String] = [:]
        for row in grid.communes {
            for column in grid.communeColumns where row.keys.contains(column.key) {
                labels[field(row.unit.code, column.key)] = cellLabel(row, column, t: t)
            }
        }
        for column in grid.districtColumns { labels[field(grid.district.unit.code, column.key)] = cellLabel(grid.district, column, t: t) }
        return labels
    }

    static func measure(_ element: DataElement, t: Localizer) -> String {
        element.valueType == .yesNo
            ? t("1 = yes, 0 = no", "1 = có, 0 = không") : (t.isEnglish ? element.measureEn ?? element.measure : element.measure)
    }

    /// The table of `rows` over `columns`: a header of elements (with their units of measure) over categories, a row
    /// per unit, and a row of totals of what is saved.
    static func table(
        _ model: Model, rows: [AreaGridQueries.Row], columns: [AreaGridQueries.Column], caption: String, totals: Bool, t: Localizer
    ) -> Node {
        // Elements in column order, each with its number of columns.
        var groups: [(element: DataElement, span: Int)] = []
        for column in columns {
            if let last = groups.last, last.element.code == column.element.code {
                groups[groups.count - 1].span += 1
            } else {
                groups.append((column.element, 1))
            }
        }
        let hasCategories = columns.contains { $0.category != nil }
        func name(_ element: DataElement) -> String { t.isEnglish ? element.nameEn ?? element.name : element.name }
        let firstRow: [Node] =
            [h("th", ["scope": "col", "rowspan": hasCategories ? "2" : "1", "class": "unit"], t("Unit", "Đơn vị"))]
            + groups.map { group in
                let label: [Node] = [.text(name(group.element)), h("small", [:], measure(group.element, t: t))]
                return group.element.categories.isEmpty
                    ? h("th", ["scope": "col", "rowspan": hasCategories ? "2" : "1"], label)
                    : h("th", ["scope": "colgroup", "colspan": String(group.span)], label)
            }
        let secondRow: [Node] = columns.compactMap { column in
            column.category.map { h("th", ["scope": "col"], t.isEnglish ? $0.nameEn ?? $0.name : $0.name) }
        }
        let problems = Dictionary(model.problems.map { ($0.field, $0.message(t.language)) }, uniquingKeysWith: { first, _ in first })
        func cell(_ row: AreaGridQueries.Row, _ column: AreaGridQueries.Column) -> Node {
            guard row.keys.contains(column.key) else { return h("td", ["class": "none"], "—") }
            let id = field(row.unit.code, column.key)
            let saved = model.current[row.unit.code]?[column.key]
            let value = model.typed?["v_\(id)"] ?? saved.map { ValueText.write($0.value, t.language) } ?? ""
            var attributes: [(String, String)] = [
                ("type", "text"), ("id", "f-\(id)"), ("name", "v_\(id)"), ("value", value), ("size", "6"), ("maxlength", "30"),
                ("inputmode", column.element.valueType == .quantity ? "decimal" : "numeric"), ("aria-label", cellLabel(row, column, t: t)),
            ]
            if model.locks[row.unit.code] != nil { attributes.append(("readonly", "readonly")) }
            if value.isEmpty, let halves = model.fromHalves[row.unit.code]?[column.key] {
                // Shown, not saved: the board already counts the halves for the year.
                attributes.append(("placeholder", ValueText.write(halves, t.language)))
                attributes.append(
                    model.locks[row.unit.code] == nil
                        ? (
                            "title",
                            t("From the two half-years; type a figure only to replace it.", "Từ hai kỳ 6 tháng; chỉ nhập nếu muốn thay số này.")
                        )
                        : ("title", t("From the two half-years.", "Từ hai kỳ 6 tháng.")))
            }
            let problem = problems[id]
            if problem != nil { attributes.append(("aria-invalid", "true")) }
            return h(
                "td", problem == nil ? [:] : ["class": "has-error", "title": problem!],
                [
                    .element("input", attributes, []), Forms.hidden("ver_\(id)", saved.map { String($0.version) } ?? ""),
                    // The text printed for the saved value: a cell left as printed is not a change.
                    Forms.hidden("old_\(id)", saved.map { ValueText.write($0.value, t.language) } ?? ""),
                ])
        }
        let body = rows.map { row in
            h(
                "tr", model.locks[row.unit.code] == nil ? [:] : ["class": "locked"],
                [h("th", ["scope": "row", "class": "unit"], row.unit.name)] + columns.map { cell(row, $0) })
        }
        let foot: Node =
            totals
            ? h(
                "tfoot", [:],
                h(
                    "tr", [:],
                    [h("th", ["scope": "row", "class": "unit"], t("Total (saved)", "Cộng (đã lưu)"))]
                        + columns.map { column in
                            let values = rows.compactMap { model.current[$0.unit.code]?[column.key]?.value }
                            guard !values.isEmpty else { return h("td", ["class": "num"], "—") }
                            if column.element.valueType == .yesNo {
                                let yes = values.filter { $0 > 0 }.count
                                return h("td", ["class": "num"], t("\(yes) yes", "\(yes) có"))
                            }
                            return h("td", ["class": "num"], ValueText.write(values.reduce(0, +), t.language))
                        })) : .empty
        return h(
            "div", ["class": "grid-scroll", "tabindex": "0", "role": "region", "aria-label": caption],
            h(
                "table", ["class": "grid"],
                [
                    h("caption", [:], caption),
                    h("thead", [:], [h("tr", [:], firstRow), hasCategories ? h("tr", [:], secondRow) : .empty]),
                    h("tbody", [:], body), foot,
                ]))
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let grid = model.grid
        let labels = labels(grid, t: t)
        let periodName = BoardPage.periodName(grid.period, t: t)
        return [
            h(
                "p", ["class": "kicker"],
                [
                    link(SiteURL.dataIndex.path, t("Data entry", "Nhập số liệu")), " · ",
                    link(
                        SiteURL.dataForm(unit: .value(grid.district.unit.code), period: .value(grid.period.description)).path,
                        t("the district's own form", "biểu mẫu riêng của huyện")),
                ]),
            h("h1", [:], t("\(grid.district.unit.name) and its communes · \(periodName)", "\(grid.district.unit.name) và các xã · \(periodName)")),
            model.saved.map { changed in
                Forms.notice(
                    changed == 0
                        ? t("Nothing changed: every value is as saved.", "Không có thay đổi: mọi số liệu giống như đã lưu.")
                        : t(
                            "Saved: \(changed) value(s) changed, all in one go. The board shows them at once among data not yet approved.",
                            "Đã lưu: \(changed) số liệu thay đổi, lưu cùng một lần. Bảng chỉ tiêu hiện ngay các số này (phần số liệu chưa duyệt)."))
            } ?? .empty,
            model.locks.isEmpty
                ? .empty
                : h(
                    "div", ["class": "notice notice-warn", "role": "status"],
                    [
                        h(
                            "p", [:],
                            t(
                                "These units' figures are locked (their rows cannot be changed):",
                                "Số liệu các đơn vị sau đang bị khóa (không sửa được):")),
                        h(
                            "ul", [:],
                            grid.rows.compactMap { model.locks[$0.unit.code] }.prefix(3).map { h("li", [:], $0) }
                                + (model.locks.count > 3
                                    ? [
                                        h(
                                            "li", [:],
                                            t(
                                                "… and \(model.locks.count - 3) more unit(s) likewise.",
                                                "… và \(model.locks.count - 3) đơn vị khác cũng vậy."))
                                    ]
                                    : [])),
                    ]),
            model.conflicts.isEmpty
                ? .empty
                : h(
                    "div", ["class": "conflict", "role": "alert"],
                    [
                        h(
                            "p", [:],
                            h(
                                "strong", [:],
                                t(
                                    "Nothing was saved: someone saved these values after you opened the grid. The grid keeps what you typed, now over the values saved since; check them and save again.",
                                    "Chưa lưu gì: người khác đã lưu các số liệu sau khi bạn mở bảng. Bảng vẫn giữ số bạn đã nhập, nay dựa trên số liệu mới lưu; hãy đối chiếu rồi lưu lại."
                                ))),
                        h(
                            "ul", [:],
                            model.conflicts.map { conflict in
                                let id = field(conflict.unitCode, DataEntryPage.key(conflict.element, conflict.category))
                                return h(
                                    "li", [:],
                                    [
                                        h("a", ["href": "#f-\(id)"], labels[id] ?? id), ": ",
                                        .text(t("now ", "hiện là ") + conflict.savedNow(t)),
                                    ])
                            }),
                    ]),
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h(
                "p", [:],
                [
                    link(
                        SiteURL.dataGridTemplate(district: .value(grid.district.unit.code), period: .value(grid.period.description)).path,
                        t("Download this grid (.xlsx)", "Tải bảng này (.xlsx)")),
                    .text(
                        t(
                            " to fill in with Excel or LibreOffice, then bring it back through “Import a file”: the figures already saved are in it, and a cell left empty changes nothing.",
                            " để điền bằng Excel hoặc LibreOffice rồi đưa lại qua “Nhập từ tệp”: tệp có sẵn các số đã lưu, ô để trống không thay đổi gì."
                        )),
                ]),
            h(
                "p", ["class": "help"],
                t(
                    "One row per commune, one column per figure; Tab goes along a row. Leave a cell empty for a figure not known yet; a figure cleared is deleted. Everything is saved at once, or nothing if a cell is wrong.",
                    "Mỗi xã một dòng, mỗi số liệu một cột; phím Tab đi theo dòng. Để trống ô chưa có số liệu; xóa số trong ô là xóa số đã lưu. Mọi số liệu được lưu cùng một lần, hoặc không lưu gì nếu có ô sai."
                )),
            model.fromHalves.isEmpty
                ? .empty
                : h(
                    "p", ["class": "help"],
                    t(
                        "An empty cell shows, greyed, the figure made from the two half-years (added, or the year's end): the board counts it already; type a figure only to replace it.",
                        "Ô trống hiện số (mờ) tính từ hai kỳ 6 tháng (cộng lại, hoặc số cuối năm): bảng chỉ tiêu đã tính số này; chỉ nhập nếu muốn thay."
                    )),
            h(
                "form",
                [
                    "method": "post",
                    "action": SiteURL.dataGrid(district: .value(grid.district.unit.code), period: .value(grid.period.description)).path,
                    "class": "grid",
                ],
                [
                    Forms.csrf(model.csrfToken), Forms.hidden("notation", t.language.rawValue),
                    grid.communes.isEmpty || grid.communeColumns.isEmpty
                        ? h(
                            "p", [:],
                            t("No commune of this district reports data for this period.", "Không có xã nào của huyện báo cáo số liệu kỳ này."))
                        : table(
                            model, rows: grid.communes, columns: grid.communeColumns,
                            caption: t("The communes' figures, \(periodName)", "Số liệu các xã, \(periodName)"), totals: true, t: t),
                    grid.districtColumns.isEmpty
                        ? .empty
                        : table(
                            model, rows: [grid.district], columns: grid.districtColumns,
                            caption: t("\(grid.district.unit.name)'s own figures", "Số liệu riêng của \(grid.district.unit.name)"), totals: false,
                            t: t),
                    // Nothing to save when every row is locked.
                    grid.rows.allSatisfy { model.locks[$0.unit.code] != nil }
                        ? .empty : h("button", ["type": "submit", "class": "primary"], t("Save all", "Lưu tất cả")),
                ]),
        ]
    }
}
