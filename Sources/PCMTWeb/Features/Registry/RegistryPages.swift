import Foundation
import PCMTDomain
import PCMTStore

/// The pages of the registry of people under management (issue 17): the index of communes, a commune's masked list,
/// the registration form, and a person's record behind its purpose.
enum RegistryPages {
    /// What was just done, said on the record page after the redirect.
    enum Done: String {
        case registered
        case service = "services"
        case transfer, accept, close
        case period = "periods"
        case endPeriod = "period-end"
    }

    static func day(_ iso: String?) -> String { iso.map(OfficialDate.short) ?? "" }

    // MARK: Index

    static func index(_ rows: [RegistryQueries.IndexRow], todo: TodoModel, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Register of illicit drug users and drug addicts", "Sổ quản lý người sử dụng trái phép chất ma túy, người nghiện")),
            h(
                "p", ["class": "lead"],
                t(
                    "Each commune keeps the register of the people under management living in it. Names and ID numbers are shown masked; "
                        + "a record is opened only for a stated purpose, and every opening is written to the audit log.",
                    "Mỗi xã, phường quản lý sổ của những người cư trú tại địa bàn. Họ tên và số giấy tờ được che bớt; hồ sơ chỉ được mở "
                        + "khi nêu mục đích, và mỗi lần mở đều được ghi vào nhật ký.")),
            rows.isEmpty ? .empty : self.todo(todo, t: t),
            rows.isEmpty
                ? h(
                    "p", ["class": "empty"], t("No commune's register is within your reach.", "Không có sổ của xã, phường nào thuộc phạm vi của bạn.")
                )
                : h(
                    "table", ["class": "data registry-communes"],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Commune", "Xã, phường")), h("th", ["scope": "col"], t("District", "Huyện")),
                                    h("th", ["scope": "col", "class": "num"], t("Records under management", "Hồ sơ đang quản lý")),
                                    h("th", ["scope": "col", "class": "num"], t("Moves waiting", "Hồ sơ chờ tiếp nhận")),
                                ])),
                        h(
                            "tbody", [:],
                            rows.map { row in
                                h(
                                    "tr", ["id": "commune-\(row.commune.code)"],
                                    [
                                        h("td", [:], h("a", ["href": SiteURL.registryCommune(.value(row.commune.code)).path], row.label)),
                                        h("td", [:], row.districtName ?? "—"),
                                        h("td", ["class": "num"], String(row.count.open)),
                                        h("td", ["class": "num"], String(row.count.incoming)),
                                    ])
                            }),
                    ]),
        ]
    }

    // MARK: A commune's list

    struct Incoming {
        var person: PersonSummary
        var fromCode: String
    }

    struct ListModel {
        var commune: RegistryQueries.Commune
        var people: [PersonSummary]
        var incoming: [Incoming]
        var labels: [String: String]
        var filter: RegistryListQuery
        var today: String
        var rules: ManagementRules
        var todo: TodoModel
        var csrfToken: String
        var notice: String? = nil
        var warning: String? = nil
        /// Whether the principal may export the register in full (``Capability/exportPeople``).
        var mayExport = false
    }

    static func list(_ model: ListModel, t: Localizer) -> [Node] {
        let code = model.commune.unit.code
        return [
            h("p", ["class": "crumbs"], h("a", ["href": SiteURL.registry.path], t("Registers", "Sổ quản lý"))),
            h("h1", [:], [.text(t("Register of", "Sổ quản lý của")), " ", .text(model.commune.label)]),
            model.notice.map { Forms.notice($0) } ?? .empty,
            model.warning.map { Forms.notice($0, kind: "warn") } ?? .empty,
            h(
                "p", [:],
                [
                    h(
                        "a", ["class": "button primary", "href": SiteURL.registryNew(.value(code)).path],
                        t("Register a new person", "Đăng ký người mới")),
                    " ",
                    h(
                        "a", ["class": "button", "href": SiteURL.registryImport(.value(code)).path],
                        t("Import a list from Excel", "Nhập danh sách từ Excel")),
                ]),
            todo(model.todo, t: t),
            filterForm(model, t: t),
            incoming(model, t: t),
            people(model, t: t),
            model.mayExport ? exportForm(model, t: t) : .empty,
        ]
    }

    /// The standing office's export of the register in full: asks the purpose, which the audit log keeps.
    static func exportForm(_ model: ListModel, t: Localizer) -> Node {
        h(
            "form",
            ["method": "post", "action": SiteURL.registryExport(.value(model.commune.unit.code)).path, "class": "narrow registry-export"],
            [
                Forms.csrf(model.csrfToken),
                h("h2", [:], t("Export the register (.xlsx)", "Xuất sổ (.xlsx)")),
                h(
                    "p", [:],
                    t(
                        "The workbook holds every record in full, marked as sensitive personal data on every sheet. The export and its "
                            + "purpose are written to the audit log.",
                        "Tệp chứa đầy đủ mọi hồ sơ, mỗi trang tính đều ghi dấu dữ liệu cá nhân nhạy cảm. Việc xuất sổ và mục đích được ghi "
                            + "vào nhật ký.")),
                Forms.field(
                    t("Purpose of the export", "Mục đích xuất sổ"), name: "purpose", value: "", required: true,
                    attributes: ["maxlength": "500", "minlength": "5", "autocomplete": "off"]),
                h("button", ["type": "submit"], t("Export", "Xuất sổ")),
            ])
    }

    static func filterForm(_ model: ListModel, t: Localizer) -> Node {
        let statusOptions = [("", t("All", "Tất cả"))] + DrugUseStatus.allCases.map { ($0.rawValue, $0.name(t.language)) }
        var closedAttributes: [(String, String)] = [("type", "checkbox"), ("id", "f-closed"), ("name", "closed"), ("value", "1")]
        if model.filter.includeClosed { closedAttributes.append(("checked", "checked")) }
        return h(
            "form", ["method": "get", "action": SiteURL.registryCommune(.value(model.commune.unit.code)).path, "class": "filters", "role": "search"],
            [
                Forms.field(
                    t("Name (accents not needed)", "Họ tên (không cần gõ dấu)"), name: "q", value: model.filter.q ?? "", type: "search",
                    attributes: ["maxlength": "100"]),
                Forms.select(t("Status", "Tình trạng"), name: "status", value: model.filter.status ?? "", options: statusOptions),
                Forms.select(
                    t("Management end", "Hạn quản lý"), name: "due", value: model.filter.due ?? "",
                    options: [
                        ("", t("All", "Tất cả")),
                        ("soon", t("Ending within \(model.rules.dueWithinDays) days", "Kết thúc trong \(model.rules.dueWithinDays) ngày tới")),
                        ("ended", t("Ended, record still open", "Đã hết hạn, hồ sơ chưa đóng")),
                        ("any", t("Ending soon or ended", "Sắp hết hạn hoặc đã hết hạn")),
                    ]),
                h(
                    "div", ["class": "field check"],
                    [
                        .element("input", closedAttributes, []),
                        h("label", ["for": "f-closed"], t("Show closed records", "Hiện cả hồ sơ đã đóng")),
                    ]),
                h("button", ["type": "submit"], t("Filter", "Lọc")),
            ])
    }

    static func incoming(_ model: ListModel, t: Localizer) -> Node {
        guard !model.incoming.isEmpty else { return .empty }
        return h(
            "section", ["aria-labelledby": "registry-incoming"],
            [
                h(
                    "h2", ["id": "registry-incoming"],
                    t("Records moved to this commune, waiting to be accepted", "Hồ sơ chuyển đến, chờ xã tiếp nhận")),
                h(
                    "table", ["class": "data registry-incoming"],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Name", "Họ tên")), h("th", ["scope": "col"], t("Born", "Năm sinh")),
                                    h("th", ["scope": "col"], t("ID number", "Số giấy tờ")), h("th", ["scope": "col"], t("From", "Chuyển từ")),
                                    h("th", ["scope": "col"], t("Accept", "Tiếp nhận")),
                                ])),
                        h(
                            "tbody", [:],
                            model.incoming.map { item in
                                let person = item.person
                                return h(
                                    "tr", ["id": "incoming-\(person.id.slug)"],
                                    [
                                        h("td", [:], person.maskedName), h("td", [:], person.birthYear.map(String.init) ?? "—"),
                                        h("td", [:], person.maskedIDNumber ?? "—"), h("td", [:], model.labels[item.fromCode] ?? item.fromCode),
                                        h(
                                            "td", [:],
                                            h(
                                                "form",
                                                [
                                                    "method": "post", "action": SiteURL.registryPersonAction(.value(person.id), .accept).path,
                                                    "class": "inline",
                                                ],
                                                [
                                                    Forms.csrf(model.csrfToken), Forms.hidden("version", String(person.version)),
                                                    h("label", ["for": "f-on-\(person.id.slug)"], t("Day", "Ngày")), " ",
                                                    h(
                                                        "input",
                                                        [
                                                            "type": "date", "id": "f-on-\(person.id.slug)", "name": "on", "value": model.today,
                                                            "max": model.today,
                                                            "required": "required",
                                                        ]), " ",
                                                    h("button", ["type": "submit"], t("Accept the record", "Tiếp nhận hồ sơ")),
                                                ])),
                                    ])
                            }),
                    ]),
            ])
    }

    static func people(_ model: ListModel, t: Localizer) -> Node {
        guard !model.people.isEmpty else {
            let filtered = !(model.filter.q ?? "").isEmpty || !(model.filter.status ?? "").isEmpty || !(model.filter.due ?? "").isEmpty
            return h(
                "p", ["class": "empty"],
                filtered
                    ? t("No record matches the filter.", "Không có hồ sơ nào khớp bộ lọc.")
                    : t("No one is in this commune's register yet.", "Sổ của xã chưa có ai."))
        }
        return h(
            "table", ["class": "data registry-people"],
            [
                h("caption", [:], t("\(model.people.count) records", "\(model.people.count) hồ sơ")),
                h(
                    "thead", [:],
                    h(
                        "tr", [:],
                        [
                            h("th", ["scope": "col"], t("Name", "Họ tên")), h("th", ["scope": "col"], t("Born", "Năm sinh")),
                            h("th", ["scope": "col"], t("ID number", "Số giấy tờ")), h("th", ["scope": "col"], t("Sex", "Giới tính")),
                            h("th", ["scope": "col"], t("Status", "Tình trạng")), h("th", ["scope": "col"], t("Managed since", "Quản lý từ")),
                            h("th", ["scope": "col"], t("Management period to", "Thời hạn quản lý đến")),
                            h("th", ["scope": "col"], t("State", "Trạng thái")),
                        ])),
                h(
                    "tbody", [:],
                    model.people.map { person in
                        let state: String =
                            if let closed = person.closedOn {
                                t("closed \(day(closed))", "đã đóng \(day(closed))")
                            } else if let to = person.transferTo {
                                t("moving to \(model.labels[to] ?? to)", "đang chuyển đến \(model.labels[to] ?? to)")
                            } else {
                                t("under management", "đang quản lý")
                            }
                        return h(
                            "tr", ["id": "person-\(person.id.slug)"],
                            [
                                h("td", [:], h("a", ["href": SiteURL.registryPerson(.value(person.id)).path], person.maskedName)),
                                h("td", [:], person.birthYear.map(String.init) ?? "—"), h("td", [:], person.maskedIDNumber ?? "—"),
                                h("td", [:], person.sex.name(t.language)), h("td", [:], person.status.name(t.language)),
                                h("td", [:], day(person.managedFrom)), h("td", [:], periodEnd(person, model: model, t: t)),
                                h("td", [:], state),
                            ])
                    }),
            ])
    }

    /// The latest management period's end as the list shows it: its kind and last day, or the day it was ended.
    static func periodEnd(_ person: PersonSummary, model: ListModel, t: Localizer) -> String {
        guard let latest = person.periods.max(by: { $0.startOn < $1.startOn }) else { return "—" }
        let kind = model.rules.kind(latest.kind)?.name(t.language) ?? latest.kind
        if let ended = latest.endedOn { return t("\(kind): ended \(day(ended))", "\(kind): đã kết thúc \(day(ended))") }
        return "\(kind): \(day(latest.endsOn))"
    }

    /// Whether a record's to-do items fit the list's filter "by due management end" (nil or "": every record).
    static func matchesDue(_ filter: String?, _ items: [ManagementDue]) -> Bool {
        switch filter ?? "" {
        case "soon": items.contains { if case .managementEnding = $0 { true } else { false } }
        case "ended": items.contains { if case .managementEnded = $0 { true } else { false } }
        case "any": items.contains(where: \.isManagementEnd)
        default: true
        }
    }

    // MARK: The to-do list

    /// The to-do list of the communes within reach (issue 17: "the due dates (management ending, services overdue)
    /// on the commune's and district's to-do list"), masked as the lists are.
    struct TodoModel {
        var entries: [RegistryDueEntry]
        /// Each commune's label, by code.
        var labels: [String: String]
        var rules: ManagementRules
        /// Whether to say the commune of each record (on the index of several communes).
        var showCommune: Bool
    }

    static func dueText(_ item: ManagementDue, rules: ManagementRules, t: Localizer) -> String {
        func kind(_ code: String) -> String { rules.kind(code)?.name(t.language) ?? code }
        switch item {
        case .managementEnding(let code, let on):
            return t("\(kind(code)) ends on \(day(on))", "\(kind(code)) kết thúc ngày \(day(on))")
        case .managementEnded(let code, let on):
            return t(
                "\(kind(code)) ended on \(day(on)); the record is still open", "\(kind(code)) đã kết thúc ngày \(day(on)); hồ sơ chưa đóng")
        case .serviceOverdue(let since):
            return t(
                "Addict without any service recorded since management began (due by \(day(since)))",
                "Người nghiện chưa được ghi nhận dịch vụ nào từ khi bắt đầu quản lý (cần có trước \(day(since)))")
        }
    }

    static func todo(_ model: TodoModel, t: Localizer) -> Node {
        let rules = model.rules
        return h(
            "section", ["aria-labelledby": "registry-todo", "class": "registry-todo"],
            [
                h("h2", ["id": "registry-todo"], t("To do: due dates", "Việc cần làm: các mốc đến hạn")),
                h(
                    "p", ["class": "help"],
                    t(
                        "Management periods ending within \(rules.dueWithinDays) days or already ended with the record open, and addicts "
                            + "without any service \(rules.serviceDueDays) days after management began (a working rule of pcmt, not a legal "
                            + "time limit).",
                        "Thời hạn quản lý kết thúc trong \(rules.dueWithinDays) ngày tới hoặc đã kết thúc mà hồ sơ chưa đóng; người nghiện "
                            + "chưa được ghi nhận dịch vụ nào sau \(rules.serviceDueDays) ngày kể từ khi bắt đầu quản lý (quy ước của hệ thống, "
                            + "không phải thời hạn luật định).")),
                model.entries.isEmpty
                    ? h("p", ["class": "empty"], t("Nothing is due.", "Không có việc nào đến hạn."))
                    : h(
                        "table", ["class": "data registry-due"],
                        [
                            h(
                                "thead", [:],
                                h(
                                    "tr", [:],
                                    [
                                        h("th", ["scope": "col"], t("Name", "Họ tên")), h("th", ["scope": "col"], t("Born", "Năm sinh")),
                                        h("th", ["scope": "col"], t("ID number", "Số giấy tờ")),
                                    ] + (model.showCommune ? [h("th", ["scope": "col"], t("Commune", "Xã, phường"))] : [])
                                        + [h("th", ["scope": "col"], t("Due", "Nội dung đến hạn"))])),
                            h(
                                "tbody", [:],
                                model.entries.map { entry in
                                    let person = entry.person
                                    return h(
                                        "tr", ["id": "due-\(person.id.slug)"],
                                        [
                                            h("td", [:], h("a", ["href": SiteURL.registryPerson(.value(person.id)).path], person.maskedName)),
                                            h("td", [:], person.birthYear.map(String.init) ?? "—"), h("td", [:], person.maskedIDNumber ?? "—"),
                                        ]
                                            + (model.showCommune ? [h("td", [:], model.labels[entry.communeCode] ?? entry.communeCode)] : [])
                                            + [h("td", [:], entry.items.map { dueText($0, rules: rules, t: t) }.joined(separator: "; "))])
                                }),
                        ]),
            ])
    }

    // MARK: The registration form

    struct FormModel {
        var commune: RegistryQueries.Commune
        var values: [String: String]
        var problems: [FieldProblem] = []
        var csrfToken: String
    }

    static func labels(_ t: Localizer) -> [String: String] {
        [
            "fullName": t("Full name", "Họ và tên"), "otherNames": t("Other names", "Tên gọi khác"), "sex": t("Sex", "Giới tính"),
            "birth": t("Day of birth", "Ngày sinh"), "idNumber": t("ID number (CCCD or CMND)", "Số CCCD hoặc CMND"),
            "address": t("Address of residence", "Nơi cư trú"), "status": t("Status", "Tình trạng"),
            "statusOn": t("Day it was determined", "Ngày xác định"), "statusBody": t("Body that determined it", "Cơ quan xác định"),
            "managedFrom": t("Managed since", "Ngày bắt đầu quản lý"),
        ]
    }

    static func form(_ model: FormModel, t: Localizer) -> [Node] {
        let labels = labels(t)
        let values = model.values
        func error(_ field: String) -> String? {
            let found = model.problems.filter { $0.field == field }.map { $0.message(t.language) }
            return found.isEmpty ? nil : found.joined(separator: " ")
        }
        func field(
            _ name: String, type: String = "text", required: Bool = false, help: String? = nil, attributes: KeyValuePairs<String, String> = [:]
        )
            -> Node
        {
            Forms.field(
                labels[name]!, name: name, value: values[name] ?? "", type: type, error: error(name), help: help, required: required,
                attributes: attributes)
        }
        let code = model.commune.unit.code
        return [
            h("p", ["class": "crumbs"], h("a", ["href": SiteURL.registryCommune(.value(code)).path], model.commune.label)),
            h("h1", [:], t("Register a new person", "Đăng ký người mới")),
            h(
                "p", ["class": "lead"],
                t(
                    "The person is entered in the register of \(model.commune.label). Personal data is encrypted when saved.",
                    "Người được đăng ký vào sổ của \(model.commune.label). Dữ liệu cá nhân được mã hóa khi lưu.")),
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h(
                "form", ["method": "post", "action": SiteURL.registryNew(.value(code)).path, "class": "narrow", "novalidate": "novalidate"],
                [
                    Forms.csrf(model.csrfToken),
                    h(
                        "fieldset", [:],
                        [
                            h("legend", [:], t("Who the person is", "Thông tin nhân thân")),
                            field("fullName", required: true, attributes: ["maxlength": "120", "autocomplete": "off"]),
                            field("otherNames", attributes: ["maxlength": "200", "autocomplete": "off"]),
                            Forms.select(
                                labels["sex"]!, name: "sex", value: values["sex"] ?? "",
                                options: [("", t("— choose —", "— chọn —"))] + PersonSex.allCases.map { ($0.rawValue, $0.name(t.language)) },
                                error: error("sex"), required: true),
                            field(
                                "birth", required: true, help: t("yyyy-mm-dd, or the year alone", "năm-tháng-ngày, hoặc chỉ năm sinh"),
                                attributes: ["placeholder": "1994-03-08", "maxlength": "10"]),
                            field(
                                "idNumber",
                                help: t("12 digits (CCCD) or 9 (CMND); empty if none", "12 chữ số (CCCD) hoặc 9 (CMND); để trống nếu không có"),
                                attributes: ["inputmode": "numeric", "autocomplete": "off", "maxlength": "20"]),
                            field("address", attributes: ["maxlength": "300", "autocomplete": "off"]),
                        ]),
                    h(
                        "fieldset", [:],
                        [
                            h("legend", [:], t("What was determined", "Kết quả xác định")),
                            Forms.select(
                                labels["status"]!, name: "status", value: values["status"] ?? "",
                                options: [("", t("— choose —", "— chọn —"))] + DrugUseStatus.allCases.map { ($0.rawValue, $0.name(t.language)) },
                                error: error("status"), required: true),
                            field("statusOn", type: "date", required: true),
                            field("statusBody", required: true, attributes: ["maxlength": "200", "placeholder": "Trạm y tế xã …"]),
                            field(
                                "managedFrom", type: "date", required: true,
                                help: t(
                                    "For an illicit user, the management period the law sets begins on this day.",
                                    "Với người sử dụng trái phép chất ma túy, thời hạn quản lý theo luật định bắt đầu từ ngày này.")),
                        ]),
                    h("button", ["type": "submit", "class": "primary"], t("Register", "Đăng ký")),
                ]),
        ]
    }

    // MARK: A person's record

    struct RecordModel {
        var person: RegistryQueries.Person
        /// The record opened for the purpose held; nil while no purpose is given.
        var record: PersonRecord?
        var heldUntil: Date?
        var labels: [String: String]
        var transferChoices: [(code: String, label: String)]
        var rules: ManagementRules
        var today: String
        var csrfToken: String
        var state: RegistryRoutes.RecordState
    }

    static func record(_ model: RecordModel, t: Localizer) -> [Node] {
        let commune = model.person.commune
        var nodes: [Node] = [
            h("p", ["class": "crumbs"], h("a", ["href": SiteURL.registryCommune(.value(commune.unit.code)).path], commune.label)),
            h("h1", [:], t("Record of a person under management", "Hồ sơ người được quản lý")),
            model.state.notice.map { Forms.notice($0) } ?? .empty,
            model.state.warning.map { Forms.notice($0, kind: "warn") } ?? .empty,
        ]
        guard let record = model.record else {
            nodes.append(purposeForm(model, t: t))
            return nodes
        }
        nodes += [
            viewing(model, t: t),
            identity(record, model: model, t: t),
            periods(record, model: model, t: t),
            history(record, model: model, t: t),
        ]
        if record.closedOn == nil {
            nodes += [serviceForm(record, model: model, t: t), periodForm(record, model: model, t: t)]
            if record.periods.contains(where: { $0.covers(model.today) && $0.startOn < model.today }) {
                nodes.append(endPeriodForm(record, model: model, t: t))
            }
            nodes.append(transferForm(record, model: model, t: t))
            if model.person.receives { nodes.append(acceptForm(record, model: model, t: t)) }
            nodes.append(closeForm(record, model: model, t: t))
        }
        return nodes
    }

    static func purposeForm(_ model: RecordModel, t: Localizer) -> Node {
        h(
            "section", ["aria-labelledby": "registry-purpose", "class": "narrow"],
            [
                h("h2", ["id": "registry-purpose"], t("Why do you open this record?", "Mục đích xem hồ sơ")),
                h(
                    "p", [:],
                    t(
                        "The record holds sensitive personal data. It is shown only for a purpose you state; each time it is shown, "
                            + "your name, the time and the purpose are written to the audit log.",
                        "Hồ sơ chứa dữ liệu cá nhân nhạy cảm. Hồ sơ chỉ hiển thị khi bạn nêu mục đích; mỗi lần hiển thị, tài khoản, "
                            + "thời điểm và mục đích đều được ghi vào nhật ký.")),
                h(
                    "form", ["method": "post", "action": SiteURL.registryPersonOpen(.value(model.person.id)).path],
                    [
                        Forms.csrf(model.csrfToken),
                        Forms.field(
                            t("Purpose of viewing the record", "Mục đích xem hồ sơ"), name: "purpose", value: model.state.purpose,
                            error: model.state.purposeProblem,
                            help: t("For example: Update of services, Quarterly review", "Ví dụ: Cập nhật dịch vụ, Rà soát hồ sơ quý"),
                            required: true, attributes: ["maxlength": "500", "minlength": "5"]),
                        h("button", ["type": "submit", "class": "primary"], t("Open the record", "Mở hồ sơ")),
                    ]),
            ])
    }

    static func viewing(_ model: RecordModel, t: Localizer) -> Node {
        h(
            "div", ["class": "notice notice-info registry-viewing"],
            [
                h(
                    "p", [:],
                    model.heldUntil.map {
                        t(
                            "Shown for the purpose you gave, until \(DateText.dateTime($0)); each showing is written to the audit log.",
                            "Đang hiển thị theo mục đích bạn đã nêu, đến \(DateText.dateTime($0)); mỗi lần hiển thị đều được ghi nhật ký.")
                    }
                        ?? t(
                            "Shown once for the purpose you gave; it is written to the audit log.",
                            "Hiển thị một lần theo mục đích đã nêu; đã ghi nhật ký.")),
                h(
                    "form", ["method": "post", "action": SiteURL.registryPersonOpen(.value(model.person.id)).path, "class": "inline"],
                    [
                        Forms.csrf(model.csrfToken), Forms.hidden("forget", "1"),
                        h("button", ["type": "submit", "class": "link"], t("Hide the record", "Ẩn hồ sơ")),
                    ]),
            ])
    }

    static func identity(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        let person = record.identity
        func row(_ label: String, _ value: String) -> Node {
            h("div", [:], [h("dt", [:], label), h("dd", [:], value.isEmpty ? "—" : value)])
        }
        let birth = person.birth.count == 4 ? person.birth : day(person.birth)
        var state = t("under management", "đang quản lý")
        if let closed = record.closedOn {
            state = t(
                "closed on \(day(closed)): \(record.closing?.name(.en) ?? "")", "đã đóng ngày \(day(closed)): \(record.closing?.name(.vi) ?? "")")
        } else if let to = record.transferTo {
            state = t("moving to \(model.labels[to] ?? to), waiting to be accepted", "đang chuyển đến \(model.labels[to] ?? to), chờ tiếp nhận")
        }
        return h(
            "section", ["aria-labelledby": "registry-identity"],
            [
                h("h2", ["id": "registry-identity"], person.fullName),
                h(
                    "dl", ["class": "facts"],
                    [
                        row(t("Other names", "Tên gọi khác"), person.otherNames), row(t("Sex", "Giới tính"), person.sex.name(t.language)),
                        row(t("Born", "Ngày sinh"), birth), row(t("ID number", "Số giấy tờ"), person.idNumber ?? ""),
                        row(t("Address", "Nơi cư trú"), person.address),
                        row(t("Status", "Tình trạng"), record.status.name(t.language)),
                        row(t("Determined", "Xác định"), "\(day(record.statusOn)) · \(record.statusBody)"),
                        row(t("Managed since", "Quản lý từ"), day(record.managedFrom)),
                        row(t("Kept by", "Xã quản lý"), model.labels[record.placement.unitCode] ?? record.placement.unitCode),
                        row(t("State", "Trạng thái"), state),
                    ]),
            ])
    }

    static func eventText(_ event: PersonEvent, model: RecordModel, t: Localizer) -> (String, String) {
        let place = model.labels[event.code] ?? event.code
        switch event.kind {
        case .registered: return (t("Registered", "Đăng ký vào sổ"), place)
        case .service:
            return (t("Service", "Dịch vụ"), PersonServiceKind(rawValue: event.code)?.name(t.language) ?? event.code)
        case .transferRequested: return (t("Move asked", "Đề nghị chuyển"), t("to \(place)", "đến \(place)"))
        case .transferAccepted: return (t("Move accepted", "Tiếp nhận"), t("by \(place)", "bởi \(place)"))
        case .closed: return (t("Closed", "Đóng hồ sơ"), PersonClosing(rawValue: event.code)?.name(t.language) ?? event.code)
        case .resealed: return (t("Sealed again", "Mã hóa lại"), "")
        case .periodStarted:
            let kind = model.rules.kind(event.code)?.name(t.language) ?? event.code
            return (
                t("Management period begun", "Bắt đầu thời hạn quản lý"), t("\(kind), to \(day(event.endsOn))", "\(kind), đến \(day(event.endsOn))")
            )
        case .periodEnded:
            return (
                t("Management period ended early", "Kết thúc thời hạn quản lý trước hạn"),
                model.rules.kind(event.code)?.name(t.language) ?? event.code
            )
        }
    }

    static func history(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        h(
            "section", ["aria-labelledby": "registry-history"],
            [
                h("h2", ["id": "registry-history"], t("History", "Quá trình quản lý")),
                h(
                    "table", ["class": "data registry-history"],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Day", "Ngày")), h("th", ["scope": "col"], t("Event", "Nội dung")),
                                    h("th", ["scope": "col"], t("Detail", "Chi tiết")), h("th", ["scope": "col"], t("Note", "Ghi chú")),
                                    h("th", ["scope": "col"], t("Recorded by", "Người ghi")),
                                ])),
                        h(
                            "tbody", [:],
                            record.history.map { event in
                                let (what, detail) = eventText(event, model: model, t: t)
                                return h(
                                    "tr", ["class": "event-\(event.kind.rawValue)"],
                                    [
                                        h("td", [:], day(event.on)), h("td", [:], what), h("td", [:], detail), h("td", [:], event.note),
                                        h("td", [:], "\(event.recordedBy) · \(DateText.dateTime(event.recordedAt))"),
                                    ])
                            }),
                    ]),
            ])
    }

    /// The person's management periods, latest first: kind, first and last day (saved when it began), early end, and
    /// the law that sets the duration.
    static func periods(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        let periods = record.periods.reversed()
        return h(
            "section", ["aria-labelledby": "registry-management"],
            [
                h("h2", ["id": "registry-management"], t("Management periods", "Thời hạn quản lý")),
                periods.isEmpty
                    ? h("p", ["class": "empty"], t("No management period is recorded.", "Chưa ghi nhận thời hạn quản lý nào."))
                    : h(
                        "table", ["class": "data registry-periods"],
                        [
                            h(
                                "thead", [:],
                                h(
                                    "tr", [:],
                                    [
                                        h("th", ["scope": "col"], t("Kind", "Loại quản lý")), h("th", ["scope": "col"], t("From", "Từ ngày")),
                                        h("th", ["scope": "col"], t("To", "Đến ngày")), h("th", ["scope": "col"], t("State", "Tình trạng")),
                                        h("th", ["scope": "col"], t("Legal basis", "Căn cứ")),
                                    ])),
                            h(
                                "tbody", [:],
                                periods.map { period in
                                    let kind = model.rules.kind(period.kind)
                                    let state: String =
                                        if let ended = period.endedOn {
                                            t("ended early on \(day(ended))", "kết thúc trước hạn ngày \(day(ended))")
                                        } else if period.endsOn < model.today {
                                            t("ended", "đã hết thời hạn")
                                        } else if period.startOn > model.today {
                                            t("not begun", "chưa bắt đầu")
                                        } else {
                                            t("running", "đang quản lý")
                                        }
                                    return h(
                                        "tr", ["class": "period-\(period.kind)"],
                                        [
                                            h("td", [:], kind?.name(t.language) ?? period.kind), h("td", [:], day(period.startOn)),
                                            h("td", [:], day(period.endsOn)), h("td", [:], state), h("td", [:], kind?.legalSource ?? "—"),
                                        ])
                                }),
                        ]),
            ])
    }

    static func periodForm(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        actionForm(
            .period, record: record, model: model, title: t("Begin a management period", "Bắt đầu thời hạn quản lý"),
            button: t("Begin", "Bắt đầu"), t: t
        ) { values, error in
            [
                h(
                    "p", ["class": "help"],
                    t(
                        "The last day is computed from the duration the law sets and saved with the period. Post-rehabilitation management "
                            + "begins after a rehabilitation recorded above.",
                        "Ngày kết thúc được tính theo thời hạn luật định và lưu cùng thời hạn. Quản lý sau cai nghiện chỉ bắt đầu sau khi đã "
                            + "ghi nhận việc cai nghiện.")),
                Forms.select(
                    t("Kind of management", "Loại quản lý"), name: "period", value: values["period"] ?? "",
                    options: [("", t("— choose —", "— chọn —"))]
                        + model.rules.kinds.map { ($0.code, "\($0.name(t.language)) (\($0.months) \(t("months", "tháng")))") },
                    error: error("period"), required: true),
                dayField(.period, values, error, model: model, t: t),
            ]
        }
    }

    static func endPeriodForm(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        let running = record.periods.filter { $0.covers(model.today) }
        return actionForm(
            .endPeriod, record: record, model: model, title: t("End a management period early", "Kết thúc thời hạn quản lý trước hạn"),
            button: t("End the period", "Kết thúc thời hạn"), t: t
        ) { values, error in
            [
                Forms.select(
                    t("Period to end", "Thời hạn cần kết thúc"), name: "ending", value: values["ending"] ?? running.first?.kind ?? "",
                    options: running.map { ($0.kind, model.rules.kind($0.kind)?.name(t.language) ?? $0.kind) }, error: error("ending"),
                    required: true),
                dayField(.endPeriod, values, error, model: model, t: t),
                Forms.textarea(t("Reason", "Lý do"), name: "reason", value: values["reason"] ?? "", rows: 2, error: error("reason")),
            ]
        }
    }

    /// A change's form: its action, the record's version, and its fields with the typed values and problems when it
    /// was the one refused.
    static func actionForm(
        _ action: RegistryAction, record: PersonRecord, model: RecordModel, title: String, button: String, t: Localizer,
        fields: ([String: String], (String) -> String?) -> [Node]
    ) -> Node {
        let refused = model.state.action == action
        let values = refused ? model.state.values : [:]
        func error(_ field: String) -> String? {
            guard refused else { return nil }
            let found = model.state.problems.filter { $0.field == field }.map { $0.message(t.language) }
            return found.isEmpty ? nil : found.joined(separator: " ")
        }
        let id = "registry-\(action.rawValue)"
        return h(
            "section", ["aria-labelledby": id, "class": "narrow"],
            [
                h("h2", ["id": id], title),
                h(
                    "form", ["method": "post", "action": SiteURL.registryPersonAction(.value(record.id), action).path],
                    [Forms.csrf(model.csrfToken), Forms.hidden("version", String(record.version))] + fields(values, error)
                        + [h("button", ["type": "submit"], button)]),
            ])
    }

    /// The day of a change, with an id of its form's own (every form of the page has one).
    static func dayField(
        _ action: RegistryAction, _ values: [String: String], _ error: (String) -> String?, model: RecordModel, t: Localizer
    ) -> Node {
        let id = "f-on-\(action.rawValue)"
        let problem = error("on")
        var attributes: [(String, String)] = [
            ("type", "date"), ("id", id), ("name", "on"), ("value", values["on"] ?? model.today), ("max", model.today), ("required", "required"),
        ]
        if problem != nil { attributes.append(("aria-invalid", "true")) }
        return h(
            "div", ["class": problem == nil ? "field" : "field has-error"],
            [
                h("label", ["for": id], [.text(t("Day", "Ngày")), h("span", ["class": "req"], " *")]),
                .element("input", attributes, []),
                problem.map { h("p", ["class": "error", "role": "alert"], $0) } ?? .empty,
            ])
    }

    static func serviceForm(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        actionForm(.service, record: record, model: model, title: t("Record a service", "Ghi nhận dịch vụ"), button: t("Record", "Ghi nhận"), t: t) {
            values, error in
            [
                Forms.select(
                    t("Service", "Loại dịch vụ"), name: "kind", value: values["kind"] ?? "",
                    options: [("", t("— choose —", "— chọn —"))] + PersonServiceKind.allCases.map { ($0.rawValue, $0.name(t.language)) },
                    error: error("kind"), required: true),
                dayField(.service, values, error, model: model, t: t),
                Forms.textarea(t("Note", "Ghi chú"), name: "note", value: values["note"] ?? "", rows: 3, error: error("note")),
            ]
        }
    }

    static func transferForm(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        actionForm(
            .transfer, record: record, model: model, title: t("Move to another commune", "Chuyển hồ sơ đến xã khác"),
            button: t("Ask to move", "Đề nghị chuyển"), t: t
        ) { values, error in
            [
                h(
                    "p", ["class": "help"],
                    t(
                        "The person moved to another commune of the province: the record stays with this commune until that commune accepts it.",
                        "Người được quản lý chuyển đến xã khác trong tỉnh: hồ sơ vẫn do xã này quản lý đến khi xã nhận tiếp nhận.")),
                Forms.select(
                    t("Receiving commune", "Xã nhận"), name: "to", value: values["to"] ?? record.transferTo ?? "",
                    options: [("", t("— choose —", "— chọn —"))] + model.transferChoices.map { ($0.code, $0.label) }, error: error("to"),
                    required: true),
                dayField(.transfer, values, error, model: model, t: t),
            ]
        }
    }

    static func acceptForm(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        actionForm(
            .accept, record: record, model: model, title: t("Accept the move", "Tiếp nhận hồ sơ chuyển đến"),
            button: t("Accept the record", "Tiếp nhận hồ sơ"), t: t
        ) { values, error in
            [dayField(.accept, values, error, model: model, t: t)]
        }
    }

    static func closeForm(_ record: PersonRecord, model: RecordModel, t: Localizer) -> Node {
        actionForm(.close, record: record, model: model, title: t("Close the record", "Đóng hồ sơ"), button: t("Close", "Đóng hồ sơ"), t: t) {
            values, error in
            [
                Forms.select(
                    t("Reason", "Lý do"), name: "closing", value: values["closing"] ?? "",
                    options: [("", t("— choose —", "— chọn —"))] + PersonClosing.allCases.map { ($0.rawValue, $0.name(t.language)) },
                    error: error("closing"), required: true),
                dayField(.close, values, error, model: model, t: t),
            ]
        }
    }
}
