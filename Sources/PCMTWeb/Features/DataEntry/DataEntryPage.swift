import Foundation
import PCMTDomain
import PCMTStore

/// The form of one unit for one period: every element the unit reports, with what was saved before.
enum DataEntryPage {
    struct Model {
        var plan: Plan
        var unit: OrgUnit
        var period: Period
        var elements: [DataElement]
        var current: [String: DataValue]
        /// What was typed, when the form comes back after a refusal.
        var typed: [String: String]?
        var problems: [FieldProblem] = []
        var warnings: [String] = []
        var conflicts: [DataValueConflict] = []
        var saved = false
        /// The form came back without any change: nothing was stored.
        var unchanged = false
        var csrfToken: String
        var history: [(element: String, category: String, old: Double?, new: Double?, by: String, at: Date, source: String)] = []
        /// Why the values cannot be changed now (an approved report), if so.
        var locked: String? = nil
        /// For a year: each element's figure made from its half-years where none is entered for the whole year
        /// (``PCMTDomain/UnitFigure``), by element code — what the board and the year report count already.
        var fromHalves: [String: UnitFigure] = [:]
        /// The plans that may serve the period's year, the default first (``PlanServing``); the form names the one it
        /// serves and links to the others.
        var planChoices: [(plan: Plan, role: PlanServing.Role)] = []
        /// The elements the unit derives from a registry (issue 17): shown, not typed.
        var derived: Set<String> = []
    }

    /// "Kế hoạch 3959/KH-UBND (2021–2025)": the plan the form serves, why, and the other plans of the year.
    static func servedPlan(_ model: Model, t: Localizer) -> Node {
        let year = model.period.firstYear
        func name(_ plan: Plan) -> String { "\(plan.code) (\(plan.startYear)–\(plan.endYear))" }
        let role = model.planChoices.first { $0.plan.id == model.plan.id }?.role
        let others = model.planChoices.filter { $0.plan.id != model.plan.id }
        var parts: [Node] = [
            .text(t("For plan ", "Kế hoạch ")), h("strong", [:], name(model.plan)),
            .text(
                role == .baseline
                    ? t(" (\(year) is its baseline year)", " (năm \(year) là năm gốc của kế hoạch này)")
                    : t(" (\(year) is one of its years)", " (năm \(year) thuộc giai đoạn của kế hoạch)")),
        ]
        if !others.isEmpty {
            parts.append(.text(t(". The same figures also serve: ", ". Cùng số liệu này cũng dùng cho: ")))
            for (index, other) in others.enumerated() {
                if index > 0 { parts.append(.text(", ")) }
                let isDefault = other.plan.id == model.planChoices.first?.plan.id
                parts.append(
                    link(
                        SiteURL.dataForm(
                            unit: .value(model.unit.code), period: .value(model.period.description),
                            PlanChoice(plan: isDefault ? nil : other.plan.id)
                        ).path,
                        t("plan ", "kế hoạch ") + name(other.plan)))
            }
        }
        return h("p", ["class": "served-plan"], parts)
    }

    /// "từ hai kỳ 6 tháng: 32 vụ (cộng hai kỳ)": a year's figure made from its halves, for the form of the year.
    static func halvesNote(_ element: DataElement, _ figure: UnitFigure, t: Localizer) -> String? {
        guard figure.source == .halves, let value = figure.value else { return nil }
        let number =
            element.valueType == .yesNo
            ? (value > 0 ? t("yes", "có") : t("no", "không"))
            : ValueText.write(value, t.language) + " " + (t.isEnglish ? element.measureEn ?? element.measure : element.measure)
        let how: String
        switch element.aggregation {
        case .flow: how = t("the two halves added", "cộng hai kỳ")
        case .stock: how = t("the second half", "lấy 6 tháng cuối năm")
        case .flag: how = t("yes if either half is", "có nếu một kỳ có")
        }
        var text = t("from the half-years: \(number) (\(how))", "từ hai kỳ 6 tháng: \(number) (\(how))")
        if !figure.complete, !figure.missing.isEmpty {
            text += t("; missing ", "; thiếu ") + figure.missing.map { $0.phrase(t.language) }.joined(separator: t(" and ", " và "))
        }
        return text
    }

    static func sourceName(_ source: String, t: Localizer) -> String {
        switch source {
        case "entered": t("form", "nhập trên biểu mẫu")
        case "imported": t("file import", "nhập từ tệp")
        case "api": t("API", "qua API")
        case "demo": t("demo data", "dữ liệu mẫu")
        default: source
        }
    }

    static func key(_ element: String, _ category: String) -> String { category.isEmpty ? element : "\(element)__\(category)" }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        var labels = Dictionary(
            model.elements.flatMap { element in
                [(element.code, element.name)] + element.categories.map { (key(element.code, $0.code), "\(element.name) — \($0.name)") }
            }, uniquingKeysWith: { first, _ in first })
        labels["unit"] = t("Unit", "Đơn vị")
        labels["period"] = t("Period", "Kỳ")
        func field(_ element: DataElement, _ category: DataElement.Category?) -> Node {
            let k = key(element.code, category?.code ?? "")
            let current = model.current[k]
            // Exactly the saved value, in the notation of the page (the form says which): an untouched field reads
            // back as the same number.
            let value = model.typed?[k] ?? current.map { ValueText.write($0.value, t.language) } ?? ""
            let error = model.problems.first { $0.field == k || $0.field == element.code }?.message(t.language)
            var attributes: [(String, String)] = [
                ("type", "text"), ("id", "f-\(k)"), ("name", "v_\(k)"), ("value", value),
                ("class", "value"), ("inputmode", element.valueType == .quantity ? "decimal" : "numeric"),
            ]
            if error != nil { attributes.append(("aria-invalid", "true")) }
            let derived = model.derived.contains(element.code)
            if derived { attributes.append(("readonly", "readonly")) }
            return h(
                "tr", error == nil ? [:] : ["class": "has-error"],
                [
                    h(
                        "th", ["scope": "row"],
                        [
                            h("label", ["for": "f-\(k)"], category.map { $0.name } ?? element.name),
                            category == nil ? t.englishTitle(element.nameEn) : t.englishTitle(category?.nameEn),
                            error.map { h("p", ["class": "error"], $0) } ?? .empty,
                            derived
                                ? h(
                                    "p", ["class": "meta"],
                                    t(
                                        "\((RegistryYields.source(of: element.code) ?? .peopleRegistry).name(.en)): change the records, not the total.",
                                        "\((RegistryYields.source(of: element.code) ?? .peopleRegistry).name(.vi)): cập nhật sổ, không nhập tay số tổng."
                                    ))
                                : .empty,
                        ]),
                    h(
                        "td", [:],
                        [
                            .element("input", attributes, []),
                            Forms.hidden("ver_\(k)", current.map { String($0.version) } ?? ""),
                            // The text printed for the saved value: a field left as printed is not a change.
                            Forms.hidden("old_\(k)", current.map { ValueText.write($0.value, t.language) } ?? ""),
                        ]),
                    h(
                        "td", [:],
                        element.valueType == .yesNo
                            ? t("1 = yes, 0 = no", "1 = có, 0 = không") : (t.isEnglish ? element.measureEn ?? element.measure : element.measure)),
                    h(
                        "td", ["class": "meta"],
                        current.map { "\(DateText.dateTime($0.updatedAt)) · \($0.updatedBy)" }
                            ?? (category == nil ? model.fromHalves[element.code].flatMap { halvesNote(element, $0, t: t) } : nil) ?? ""),
                ])
        }
        var rows: [Node] = []
        for element in model.elements {
            if element.categories.isEmpty {
                rows.append(field(element, nil))
            } else {
                rows.append(
                    h(
                        "tr", ["class": "group"],
                        h(
                            "th", ["colspan": "4", "scope": "rowgroup"],
                            [
                                .text(element.name), t.englishTitle(element.nameEn),
                                h("small", [:], t(" (the total is the sum of the parts)", " (tổng là cộng các phần)")),
                                model.fromHalves[element.code].flatMap { halvesNote(element, $0, t: t) }.map {
                                    h("small", ["class": "meta"], " · " + $0)
                                } ?? .empty,
                            ])))
                rows += element.categories.map { field(element, $0) }
            }
        }
        return [
            h("p", ["class": "kicker"], [link(SiteURL.dataIndex.path, t("Data entry", "Nhập số liệu")), .text(" · \(model.plan.code)")]),
            h("h1", [:], "\(model.unit.name) · \(BoardPage.periodName(model.period, t: t))"),
            servedPlan(model, t: t),
            model.unit.level == .district
                ? h(
                    "p", [:],
                    link(
                        SiteURL.dataGrid(district: .value(model.unit.code), period: .value(model.period.description)).path,
                        t("Enter the communes' figures in one grid →", "Nhập số liệu các xã của huyện trong một bảng →"),
                        attributes: ["class": "button"])) : .empty,
            model.saved
                ? Forms.notice(
                    t(
                        "Saved. The board shows the new figures at once among data not yet approved; they become official when the unit's report is approved.",
                        "Đã lưu. Bảng chỉ tiêu hiện ngay số liệu mới (phần số liệu chưa duyệt); số liệu trở thành chính thức khi báo cáo của đơn vị được duyệt."
                    )) : .empty,
            model.unchanged
                ? Forms.notice(
                    t(
                        "Nothing changed: every value is as saved, so nothing was stored.",
                        "Không có thay đổi: mọi số liệu giống như đã lưu nên không lưu gì.")
                ) : .empty,
            model.locked.map { Forms.notice($0, kind: "warn") } ?? .empty,
            model.fromHalves.values.contains { $0.source == .halves }
                ? Forms.notice(
                    t(
                        "This year already has figures made from its two half-years (shown beside each element): the board and the year report count them. Enter a value here only where the whole year's figure is different; left empty, nothing is asked for again.",
                        "Năm này đã có số liệu lấy từ hai kỳ 6 tháng (ghi bên cạnh từng chỉ số): bảng chỉ tiêu và báo cáo năm đã tính các số này. Chỉ nhập ở đây khi số cả năm khác; để trống thì không phải nhập lại."
                    )) : .empty,
            model.warnings.isEmpty
                ? .empty
                : h(
                    "div", ["class": "notice notice-warn", "role": "status"],
                    [
                        h(
                            "p", [:],
                            h(
                                "strong", [:],
                                t(
                                    "Saved, but please check these values — they are far from this unit's earlier reports:",
                                    "Đã lưu, nhưng hãy kiểm tra các số liệu sau — chênh lệch nhiều so với các kỳ trước:"))),
                        h("ul", [:], model.warnings.map { h("li", [:], $0) }),
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
                                    "Nothing was saved: someone saved these values after you opened the form.",
                                    "Chưa lưu gì: người khác đã lưu các số liệu sau khi bạn mở biểu mẫu."))),
                        h(
                            "table", [:],
                            [
                                h(
                                    "thead", [:],
                                    h(
                                        "tr", [:],
                                        [
                                            h("th", ["scope": "col"], t("Value", "Chỉ số")), h("th", ["scope": "col"], t("Now", "Hiện tại")),
                                            h("th", ["scope": "col"], t("Yours", "Của bạn")),
                                        ])),
                                h(
                                    "tbody", [:],
                                    model.conflicts.map { conflict in
                                        h(
                                            "tr", [:],
                                            [
                                                h("th", ["scope": "row"], labels[key(conflict.element, conflict.category)] ?? conflict.element),
                                                h("td", ["class": "changed"], conflict.savedNow(t)),
                                                h("td", [:], conflict.submitted.map { ValueText.write($0, t.language) } ?? t("(empty)", "(trống)")),
                                            ])
                                    }),
                            ]),
                        h(
                            "p", [:],
                            t(
                                "The form below keeps what you typed, now based on the current values: check it against the table, then save again.",
                                "Biểu mẫu dưới đây giữ số liệu bạn đã nhập, dựa trên số liệu hiện tại: hãy đối chiếu với bảng trên rồi lưu lại.")),
                    ]),
            Forms.errorSummary(model.problems, labels: labels, t: t),
            model.elements.isEmpty
                ? h("p", [:], t("This unit reports no data element of the plan.", "Đơn vị này không báo cáo chỉ số dữ liệu nào của kế hoạch."))
                : h(
                    "form",
                    [
                        "method": "post",
                        "action": SiteURL.dataForm(
                            unit: .value(model.unit.code), period: .value(model.period.description),
                            PlanChoice(plan: model.planChoices.count > 1 ? model.plan.id : nil)
                        ).path,
                        "class": "entry",
                    ],
                    [
                        Forms.csrf(model.csrfToken),
                        Forms.hidden("notation", t.language.rawValue),
                        h(
                            "table", ["class": "entry"],
                            [
                                h(
                                    "thead", [:],
                                    h(
                                        "tr", [:],
                                        [
                                            h("th", ["scope": "col"], t("Data element", "Chỉ số")), h("th", ["scope": "col"], t("Value", "Số liệu")),
                                            h("th", ["scope": "col"], t("Unit", "Đơn vị tính")),
                                            h("th", ["scope": "col"], t("Last saved", "Lưu lần cuối")),
                                        ])),
                                h("tbody", [:], rows),
                            ]),
                        h(
                            "p", ["class": "help"],
                            t(
                                "Leave a field empty when the figure is not known; clearing a field removes the saved value. Numbers are written in English notation: 1,000 is one thousand, 1.5 one and a half.",
                                "Để trống nếu chưa có số liệu; xóa nội dung một ô sẽ xóa số liệu đã lưu. Số viết theo kiểu Việt Nam: 1.000 là một nghìn, 1,5 là một phẩy năm."
                            )),
                        model.locked == nil ? h("button", ["type": "submit", "class": "primary"], t("Save", "Lưu")) : .empty,
                    ]),
            model.history.isEmpty
                ? .empty
                : h(
                    "section", [:],
                    [
                        h("h2", [:], t("History of this period", "Lịch sử thay đổi của kỳ này")),
                        h(
                            "table", ["class": "audit"],
                            [
                                h(
                                    "thead", [:],
                                    h(
                                        "tr", [:],
                                        [
                                            h("th", ["scope": "col"], t("When", "Thời gian")), h("th", ["scope": "col"], t("Who", "Ai")),
                                            h("th", ["scope": "col"], t("Value", "Chỉ số")), h("th", ["scope": "col"], t("Before", "Trước")),
                                            h("th", ["scope": "col"], t("After", "Sau")), h("th", ["scope": "col"], t("How", "Cách")),
                                        ])),
                                h(
                                    "tbody", [:],
                                    model.history.map { change in
                                        h(
                                            "tr", [:],
                                            [
                                                h("td", [:], DateText.dateTime(change.at)), h("td", [:], change.by),
                                                h("td", [:], labels[key(change.element, change.category)] ?? change.element),
                                                h("td", ["class": "num"], change.old.map { ValueText.write($0, t.language) } ?? "—"),
                                                h("td", ["class": "num"], change.new.map { ValueText.write($0, t.language) } ?? "—"),
                                                h("td", [:], sourceName(change.source, t: t)),
                                            ])
                                    }),
                            ]),
                    ]),
        ]
    }
}

/// Choosing a unit and a period to enter, and the way to import a file.
enum DataIndexPage {
    struct Model {
        var plan: Plan
        var units: [OrgUnit]
        var periods: [Period]
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Data entry", "Nhập số liệu")),
            model.units.isEmpty
                ? h("p", [:], t("Your account does not enter data.", "Tài khoản của bạn không nhập số liệu."))
                : h(
                    "form", ["method": "get", "action": SiteURL.dataOpen().path, "class": "filters"],
                    [
                        Forms.select(
                            t("Unit", "Đơn vị"), name: "unit", value: model.units.first?.code ?? "",
                            options: model.units.map { ($0.code, "\($0.name) (\($0.code))") }),
                        Forms.select(
                            t("Period", "Kỳ"), name: "period", value: model.periods.first?.description ?? "",
                            options: model.periods.map { ($0.description, BoardPage.periodName($0, t: t)) }),
                        h("button", ["type": "submit", "class": "primary", "name": "view", "value": "form"], t("Open the form", "Mở biểu mẫu")),
                        model.units.contains { $0.level == .district }
                            ? .group([
                                " ",
                                h(
                                    "button", ["type": "submit", "name": "view", "value": "communes"],
                                    t("A district's communes in one grid", "Bảng số liệu các xã của huyện")),
                            ]) : .empty,
                        h(
                            "p", ["class": "help"],
                            [
                                .text(t("Or download, for the unit and period chosen: ", "Hoặc tải về, cho đơn vị và kỳ đã chọn: ")),
                                h(
                                    "button", ["type": "submit", "name": "view", "value": "template.xlsx"],
                                    t("the template (.xlsx)", "mẫu tệp (.xlsx)")),
                                " ",
                                h("button", ["type": "submit", "name": "view", "value": "template.csv"], t("as CSV", "dạng CSV")),
                                model.units.contains { $0.level == .district }
                                    ? .group([
                                        " ",
                                        h(
                                            "button", ["type": "submit", "name": "view", "value": "communes.xlsx"],
                                            t("a district's communes as a workbook (.xlsx)", "bảng các xã của huyện (.xlsx)")),
                                    ]) : .empty,
                            ]),
                    ]),
            h("h2", [:], t("Import a file", "Nhập từ tệp")),
            h(
                "p", [:],
                t(
                    "An Excel workbook (.xlsx) or a CSV file (UTF-8): the template, one value a row (columns element, unit, period, category, value), or a district's communes as a workbook, one commune a row. The whole file is saved or none of it; every wrong row is named.",
                    "Tệp Excel (.xlsx) hoặc CSV (UTF-8): theo mẫu tệp, mỗi dòng một số liệu (các cột element, unit, period, category, value), hoặc bảng các xã của huyện, mỗi xã một dòng. Cả tệp được lưu hoặc không lưu gì; mọi dòng sai đều được chỉ ra."
                )),
            h("p", [:], link(SiteURL.dataImport.path, t("Import a file", "Nhập từ tệp"), attributes: ["class": "button"])),
        ]
    }
}

extension DataValueConflict {
    /// What is saved now, as the form and the grid say it after a conflict: "12 (ngochoi, 30/11/2026 09:15:00)", or
    /// "(đã xóa)" when the other person cleared it.
    func savedNow(_ t: Localizer) -> String {
        current.map { "\(ValueText.write($0.value, t.language)) (\($0.updatedBy), \(DateText.dateTime($0.updatedAt)))" }
            ?? t("(cleared)", "(đã xóa)")
    }
}
