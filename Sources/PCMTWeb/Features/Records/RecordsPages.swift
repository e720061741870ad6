import Foundation
import PCMTDomain
import PCMTStore

/// The pages of the registries of records (issue 17): the index of communes, a commune's registers, one register's
/// list by year, a record's form, and the import of a file.
enum RecordsPages {
    static func crumbs(_ t: Localizer, commune: RegistryQueries.Commune? = nil, registry: RecordRegistry? = nil) -> Node {
        var parts: [Node] = [h("a", ["href": SiteURL.records.path], t("Registers of records", "Sổ theo dõi"))]
        if let commune {
            parts += [" › ", h("a", ["href": SiteURL.recordsCommune(.value(commune.unit.code)).path], commune.label)]
            if let registry {
                parts += [
                    " › ",
                    h(
                        "a", ["href": SiteURL.recordsList(.value(commune.unit.code), registry: .value(registry.rawValue)).path],
                        registry.name(t.language)),
                ]
            }
        }
        return h("p", ["class": "crumbs"], parts)
    }

    // MARK: Index and a commune's registers

    static func index(_ rows: [RecordsQueries.IndexRow], t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Registers of records", "Sổ theo dõi")),
            h(
                "p", ["class": "lead"],
                t(
                    "Drug crime cases, trafficking leads, hotspots, the communes' situation, illicit cultivation and propaganda, kept "
                        + "by commune. Figures the standing office chooses to derive are counted from these records.",
                    "Vụ phạm tội về ma túy, vụ việc có thông tin vận chuyển, điểm, tụ điểm phức tạp, tình hình ma túy của xã, trồng cây "
                        + "có chứa chất ma túy và tuyên truyền, theo từng xã, phường. Chỉ tiêu được chọn tính từ sổ sẽ đếm từ các bản ghi này.")),
            rows.isEmpty
                ? h("p", [:], t("No commune's registers are within your reach.", "Không có xã, phường nào trong phạm vi của bạn."))
                : h(
                    "table", ["class": "data records-index"],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [h("th", ["scope": "col"], t("Commune", "Xã, phường"))]
                                    + RecordRegistry.allCases.map { h("th", ["scope": "col", "class": "num"], $0.name(t.language)) })),
                        h(
                            "tbody", [:],
                            rows.map { row in
                                h(
                                    "tr", ["id": "commune-\(row.commune.code)"],
                                    [
                                        h(
                                            "th", ["scope": "row"],
                                            [
                                                h("a", ["href": SiteURL.recordsCommune(.value(row.commune.code)).path], row.label),
                                                row.districtName.map { h("small", [:], " · \($0)") } ?? .empty,
                                            ])
                                    ]
                                        + RecordRegistry.allCases.map { registry in
                                            h(
                                                "td", ["class": "num \(registry.rawValue)"],
                                                h(
                                                    "a",
                                                    [
                                                        "href": SiteURL.recordsList(.value(row.commune.code), registry: .value(registry.rawValue))
                                                            .path
                                                    ], String(row.counts[registry] ?? 0)))
                                        })
                            }),
                    ]),
        ]
    }

    static func commune(_ commune: RegistryQueries.Commune, counts: [RecordRegistry: Int], mayChoose: Bool, t: Localizer) -> [Node] {
        [
            crumbs(t),
            h("h1", [:], [.text(t("Registers of", "Sổ theo dõi của")), " ", .text(commune.label)]),
            h(
                "ul", ["class": "records-registers"],
                RecordRegistry.allCases.map { registry in
                    h(
                        "li", [:],
                        [
                            h(
                                "a", ["href": SiteURL.recordsList(.value(commune.unit.code), registry: .value(registry.rawValue)).path],
                                registry.name(t.language)),
                            " ", h("span", ["class": "meta"], "(\(counts[registry] ?? 0))"),
                        ])
                }),
            h(
                "p", [:],
                h(
                    "a", ["href": SiteURL.registrySources(.value(commune.unit.code)).path],
                    mayChoose
                        ? t("Choose which figures are derived from the registers", "Chọn chỉ tiêu tính từ sổ")
                        : t("Figures from the registers, beside what is saved", "Số liệu tính từ sổ, đối chiếu với số đang lưu"))),
        ]
    }

    // MARK: A register's list

    static func list(_ model: RecordsQueries.ListModel, notice: String?, t: Localizer) -> [Node] {
        let code = model.commune.unit.code
        let registry = model.registry
        let shown = registry.fields.filter { field in
            switch field.kind {
            case .text(let limit): limit <= 200
            default: true
            }
        }.prefix(8)
        return [
            crumbs(t, commune: model.commune),
            h("h1", [:], [.text(registry.name(t.language)), " · ", .text(model.commune.label)]),
            notice.map { Forms.notice($0) } ?? .empty,
            model.isCurrent
                ? h(
                    "p", ["class": "actions"],
                    [
                        h(
                            "a", ["class": "button primary", "href": SiteURL.recordsNew(.value(code), registry: .value(registry.rawValue)).path],
                            t("Enter a \(registry.recordName(.en))", "Thêm \(registry.recordName(.vi))")),
                        " ",
                        h(
                            "a", ["class": "button", "href": SiteURL.recordsImport(.value(code), registry: .value(registry.rawValue)).path],
                            t("Import from Excel", "Nhập từ Excel")),
                    ]) : .empty,
            h(
                "form", ["method": "get", "action": SiteURL.recordsList(.value(code), registry: .value(registry.rawValue)).path, "class": "filters"],
                [
                    Forms.select(
                        t("Year", "Năm"), name: "year", value: model.year.map(String.init) ?? "",
                        options: [("", t("All years", "Tất cả các năm"))] + model.years.map { (String($0), String($0)) }),
                    h("button", ["type": "submit"], t("Show", "Xem")),
                ]),
            model.records.isEmpty
                ? h("p", ["class": "empty"], t("No records.", "Chưa có bản ghi nào."))
                : h(
                    "table", ["class": "data records-list"],
                    [
                        h(
                            "caption", [:],
                            t("\(model.records.count) record(s)", "\(model.records.count) bản ghi")
                                + (model.year.map { t(" in \($0)", " năm \($0)") } ?? "")),
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                shown.map { h("th", ["scope": "col"], $0.name(t.language)) } + [h("th", ["scope": "col"], "")])),
                        h(
                            "tbody", [:],
                            model.records.map { record in
                                h(
                                    "tr", ["id": "record-\(record.id.slug)"],
                                    shown.map { field in h("td", [:], registry.display(field, in: record.fields, language: t.language)) }
                                        + [
                                            h(
                                                "td", [:],
                                                h("a", ["href": SiteURL.recordsItem(.value(record.id)).path], t("Open", "Xem, sửa")))
                                        ])
                            }),
                    ]),
        ]
    }

    // MARK: A record's form

    struct FormModel {
        var commune: RegistryQueries.Commune
        var registry: RecordRegistry
        /// The record changed, nil for a new one.
        var record: RegistryRecord?
        /// What the form shows: the record's fields, or what was typed.
        var values: [String: String]
        var problems: [FieldProblem] = []
        var csrfToken: String
        var notice: String?
        var warning: String?
    }

    /// The input of one field: a date picker for days (dd/mm/yyyy typed also reads), a list for choices and flags.
    static func input(_ field: RecordField, value: String, error: String?, t: Localizer) -> Node {
        let label = field.name(t.language)
        switch field.kind {
        case .day:
            return Forms.field(
                label, name: field.key, value: value, type: "date", error: error, required: field.required)
        case .choice(let choices):
            return Forms.select(
                label, name: field.key, value: value,
                options: (field.required ? [] : [("", "—")]) + choices.map { ($0.code, $0.name(t.language)) }, error: error,
                required: field.required)
        case .flag:
            return Forms.select(label, name: field.key, value: value == "1" ? "1" : "0", options: [("0", t("No", "Không")), ("1", t("Yes", "Có"))])
        case .count:
            // Text, not a number input: a count is written as the Vietnamese pages write it ("1.000").
            return Forms.field(label, name: field.key, value: value, error: error, required: field.required, attributes: ["inputmode": "numeric"])
        case .quantity(let unit):
            return Forms.field(
                "\(label) (\(unit))", name: field.key, value: value, error: error, required: field.required, attributes: ["inputmode": "decimal"])
        case .year:
            return Forms.field(
                label, name: field.key, value: value, type: "number", error: error, required: field.required,
                attributes: ["min": "2000", "step": "1"])
        case .text(let limit):
            return limit > 200
                ? Forms.textarea(
                    label, name: field.key, value: value, rows: 3, error: error, required: field.required, maxLength: limit)
                : Forms.field(label, name: field.key, value: value, error: error, required: field.required, attributes: ["maxlength": String(limit)])
        }
    }

    static func form(_ model: FormModel, t: Localizer) -> [Node] {
        let registry = model.registry
        let errors = Dictionary(model.problems.map { ($0.field, t.isEnglish ? $0.messageEn : $0.messageVi) }, uniquingKeysWith: { a, _ in a })
        let action =
            model.record.map { SiteURL.recordsItem(.value($0.id)).path }
            ?? SiteURL.recordsNew(.value(model.commune.unit.code), registry: .value(registry.rawValue)).path
        let labels = Dictionary(uniqueKeysWithValues: registry.fields.map { ($0.key, $0.name(t.language)) })
        return [
            crumbs(t, commune: model.commune, registry: registry),
            h(
                "h1", [:],
                model.record == nil
                    ? t("New \(registry.recordName(.en))", "Thêm \(registry.recordName(.vi))")
                    : t("A \(registry.recordName(.en)) of the register", "\(registry.recordName(.vi).capitalizedFirst) trong sổ")),
            model.notice.map { Forms.notice($0) } ?? .empty,
            model.warning.map { Forms.notice($0, kind: "warn") } ?? .empty,
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h(
                "form", ["method": "post", "action": action, "class": "record-form"],
                [Forms.csrf(model.csrfToken), Forms.hidden("version", model.record.map { String($0.version) } ?? "0")]
                    + registry.fields.map { field in input(field, value: model.values[field.key] ?? "", error: errors[field.key], t: t) }
                    + [h("button", ["type": "submit", "class": "primary"], t("Save", "Lưu"))]),
            model.record.map { record in
                .group([
                    h(
                        "p", ["class": "meta"],
                        t(
                            "Entered by \(record.createdBy); last changed by \(record.updatedBy) (version \(record.version)).",
                            "Người nhập: \(record.createdBy); người sửa gần nhất: \(record.updatedBy) (phiên bản \(record.version)).")),
                    h(
                        "form", ["method": "post", "action": SiteURL.recordsItemDelete(.value(record.id)).path, "class": "record-delete"],
                        [
                            Forms.csrf(model.csrfToken), Forms.hidden("version", String(record.version)),
                            h(
                                "button", ["type": "submit", "class": "danger"],
                                t("Delete this record (entered by mistake)", "Xóa bản ghi này (nhập nhầm)")),
                        ]),
                ])
            } ?? .empty,
        ]
    }

    // MARK: Import

    struct ImportModel {
        var commune: RegistryQueries.Commune
        var registry: RecordRegistry
        var csrfToken: String
        var fileName: String?
        var problems: [(row: Int, column: String, message: String)] = []
    }

    static func importPage(_ model: ImportModel, t: Localizer) -> [Node] {
        let code = model.commune.unit.code
        let registry = model.registry
        return [
            crumbs(t, commune: model.commune, registry: registry),
            h("h1", [:], [.text(t("Import into", "Nhập từ Excel vào")), " ", .text(registry.name(t.language).lowercased())]),
            h(
                "p", ["class": "lead"],
                t(
                    "Fill the template (one record per row; the first row names the columns) and upload it. Every row is entered at "
                        + "once, or none: each problem is listed by row and column, and a record the register already holds is shown, "
                        + "never entered twice.",
                    "Điền vào tệp mẫu (mỗi dòng một bản ghi; dòng đầu là tên cột) rồi tải lên. Tất cả các dòng được nhập cùng lúc, "
                        + "hoặc không dòng nào: mỗi lỗi được nêu theo dòng và cột, bản ghi đã có trong sổ được chỉ ra, không nhập trùng.")),
            h(
                "p", [:],
                h(
                    "a", ["href": SiteURL.recordsImportTemplate(.value(code), registry: .value(registry.rawValue)).path],
                    t("Download the template (.xlsx)", "Tải tệp mẫu (.xlsx)"))),
            h(
                "table", ["class": "data import-columns"],
                [
                    h(
                        "thead", [:],
                        h("tr", [:], [h("th", ["scope": "col"], t("Column", "Cột")), h("th", ["scope": "col"], t("What to write", "Cách ghi"))])),
                    h(
                        "tbody", [:],
                        registry.fields.map { field in
                            h("tr", [:], [h("th", ["scope": "row"], RecordsImport.header(field)), h("td", [:], RecordsImport.hint(field, t: t))])
                        }),
                ]),
            model.problems.isEmpty
                ? .empty
                : h(
                    "div", ["class": "notice error", "role": "alert"],
                    [
                        h(
                            "p", [:],
                            t(
                                "Nothing was imported\(model.fileName.map { " from \($0)" } ?? ""): \(model.problems.count) problem(s).",
                                "Chưa nhập bản ghi nào\(model.fileName.map { " từ \($0)" } ?? ""): có \(model.problems.count) lỗi.")),
                        h(
                            "table", ["class": "data import-problems"],
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
                                    model.problems.map { problem in
                                        h(
                                            "tr", [:],
                                            [
                                                h("td", [:], problem.row == 0 ? "—" : String(problem.row)), h("td", [:], problem.column),
                                                h("td", [:], problem.message),
                                            ])
                                    }),
                            ]),
                    ]),
            h(
                "form",
                [
                    "method": "post", "action": SiteURL.recordsImport(.value(code), registry: .value(registry.rawValue)).path,
                    "enctype": "multipart/form-data",
                ],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.field(t("File (.xlsx or .csv)", "Tệp (.xlsx hoặc .csv)"), name: "file", value: "", type: "file", required: true),
                    h("button", ["type": "submit", "class": "primary"], t("Import", "Nhập")),
                ]),
        ]
    }
}

extension String {
    /// The text with its first letter upper-cased: "vụ phạm tội" → "Vụ phạm tội".
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
