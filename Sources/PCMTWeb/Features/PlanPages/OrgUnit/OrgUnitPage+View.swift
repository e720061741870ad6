import PCMTDomain
import PCMTStore

extension OrgUnitPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let unit = model.unit
        return [
            h(
                "p", ["class": "kicker"],
                .group(
                    model.ancestors.reversed().map {
                        .group([link(SiteURL.orgUnit(.value($0.code)).path, $0.name), " › "])
                    } + [.text(unit.typeName)])),
            h("h1", [:], unit.name),
            t.englishTitle(unit.nameEn),
            h(
                "dl", ["class": "identity"],
                [
                    h("dt", [:], t("Code", "Mã")), h("dd", [:], unit.code),
                    h("dt", [:], t("Type", "Loại")), h("dd", [:], "\(unit.typeName) · \(t.levelName(unit.level))"),
                    h("dt", [:], t("Valid from", "Hiệu lực từ")), h("dd", [:], unit.validFrom.map(t.date) ?? "—"),
                    h("dt", [:], t("Valid to", "Hiệu lực đến")), h("dd", [:], unit.validTo.map(t.date) ?? "—"),
                    h("dt", [:], t("Successors", "Đơn vị kế thừa")),
                    h(
                        "dd", [:],
                        model.successors.isEmpty
                            ? .text(t("not mapped yet", "chưa ánh xạ"))
                            : .group(
                                model.successors.enumerated().flatMap { index, unit in
                                    [index == 0 ? .empty : .text(", "), link(SiteURL.orgUnit(.value(unit.code)).path, unit.name)]
                                })),
                ]
                    + (model.predecessors.isEmpty
                        ? []
                        : [
                            h("dt", [:], t("Formed from", "Hình thành từ")),
                            h(
                                "dd", [:],
                                model.predecessors.map { former in
                                    guard let share = model.partOf[former.code] else { return former.name }
                                    return former.name
                                        + (share.map {
                                            t(
                                                " (in part, assumed \(SplitShares.percentText($0, .en)))",
                                                " (một phần, giả định \(SplitShares.percentText($0)))")
                                        } ?? t(" (in part, share not set: not counted)", " (một phần, chưa đặt tỷ lệ: không tính)"))
                                }.joined(separator: ", ")),
                        ])
                    + (model.sameCode.isEmpty
                        ? []
                        : [
                            h("dt", [:], t("The same code at another time", "Cùng mã, thời gian khác")),
                            h("dd", [:], model.sameCode.map(\.label).joined(separator: "; ")),
                        ])),
            (model.signedIn ? model.plan : nil).map { plan in
                h(
                    "p", [:],
                    link(
                        SiteURL.board(.value(plan.id), .init(unit: unit.code)).path,
                        t("All targets of the plan for this unit →", "Tất cả chỉ tiêu của kế hoạch cho đơn vị này →"),
                        attributes: ["class": "button"]))
            } ?? .empty,
            model.children.isEmpty
                ? .empty
                : h(
                    "section", [:],
                    [
                        h("h2", [:], t("Units below (\(model.children.count))", "Đơn vị trực thuộc (\(model.children.count))")),
                        h(
                            "ul", ["class": "columns"],
                            model.children.map {
                                h("li", [:], [link(SiteURL.orgUnit(.value($0.code)).path, $0.name), h("small", [:], " \($0.code)")])
                            }),
                    ]),
            splitSection(model, t: t),
            demandsSection(model, t: t),
        ]
    }

    /// "Tỷ lệ chia cho các đơn vị mới": for an old unit split between new units, the share of its figures each new
    /// unit's re-based figures count (or that none is set and it counts for none), and for the standing office the
    /// form to set them.
    static func splitSection(_ model: Model, t: Localizer) -> Node {
        guard let split = model.split else { return .empty }
        let name = model.unit.name
        var content: [Node] = [
            h("h2", [:], t("Shares of the new units", "Tỷ lệ chia cho các đơn vị mới")),
            h(
                "p", [:],
                t(
                    "\(name) was split between the new units below, and the decision does not say in what shares. For the periods before they began, each new unit's re-based figures count the share of \(name)'s figures set here — an assumption, shown with the figures. Without shares, \(name) counts for no new unit. Yes/no figures are not divided by shares.",
                    "\(name) được chia cho các đơn vị mới dưới đây, văn bản sắp xếp không nêu tỷ lệ. Với các kỳ trước khi đơn vị mới được thành lập, số liệu tính lại của mỗi đơn vị mới gồm phần số liệu của \(name) theo tỷ lệ đặt tại đây — là giả định, được ghi kèm số liệu. Khi chưa đặt tỷ lệ, \(name) không được tính cho đơn vị mới nào. Số liệu dạng có/không không chia theo tỷ lệ."
                )),
            h(
                "table", ["class": "split-shares"],
                [
                    h("thead", [:], h("tr", [:], [h("th", [:], t("New unit", "Đơn vị mới")), h("th", [:], t("Share", "Tỷ lệ"))])),
                    h(
                        "tbody", [:],
                        split.successors.map { successor in
                            h(
                                "tr", [:],
                                [
                                    h(
                                        "td", [:],
                                        [
                                            link(SiteURL.orgUnit(.value(successor.unit.code)).path, successor.unit.name),
                                            h("small", [:], " \(successor.unit.code)"),
                                        ]),
                                    h(
                                        "td", [:],
                                        successor.share.map { SplitShares.percentText($0, t.language) }
                                            ?? t("not set: not counted", "chưa đặt: không tính")),
                                ])
                        }),
                ]),
        ]
        if !split.note.isEmpty {
            content.append(h("p", [:], [h("strong", [:], t("Basis of the assumption: ", "Căn cứ giả định: ")), .text(split.note)]))
        }
        if split.version > 0, let by = split.updatedBy, let at = split.updatedAt {
            content.append(
                h(
                    "p", ["class": "muted"],
                    t(
                        "Set by \(by) on \(DateText.dateTime(at)) (version \(split.version)).",
                        "\(by) đặt lúc \(DateText.dateTime(at)) (phiên bản \(split.version)).")))
        }
        if let form = model.splitForm { content.append(splitFormNodes(model, form, t: t)) }
        return h("section", ["id": "split-shares"], content)
    }

    static func splitLabels(_ model: Model, t: Localizer) -> [String: String] {
        var labels = ["shares": t("Shares", "Tỷ lệ"), "note": t("Basis of the assumption", "Căn cứ giả định")]
        for (unit, _) in model.split?.successors ?? [] { labels[SplitShareRules.field(unit)] = t("Share of \(unit.name)", "Tỷ lệ của \(unit.name)") }
        return labels
    }

    private static func splitFormNodes(_ model: Model, _ form: SplitForm, t: Localizer) -> Node {
        let labels = splitLabels(model, t: t)
        func error(_ key: String) -> String? {
            let messages = form.problems.filter { $0.field == key }.map { $0.message(t.language) }
            return messages.isEmpty ? nil : messages.joined(separator: " ")
        }
        let successors = model.split?.successors.map(\.unit) ?? []
        return h(
            "div", ["class": "split-form"],
            [
                h("h3", [:], t("Set the shares", "Đặt tỷ lệ")),
                form.conflict.map { other in
                    Forms.notice(
                        t(
                            "\(other.updatedBy ?? "Someone") saved the shares (version \(other.version)) while you were filling in this form: they are shown above. Check your figures against them, then save again.",
                            "\(other.updatedBy ?? "Người khác") vừa lưu tỷ lệ (phiên bản \(other.version)) trong khi bạn điền biểu mẫu này: tỷ lệ đó được hiển thị ở trên. Hãy xem lại rồi lưu lại."
                        ), kind: "warn")
                } ?? .empty,
                Forms.errorSummary(form.problems, labels: labels, t: t),
                h(
                    "form", ["method": "post", "action": SiteURL.orgUnitSplitShares(.value(model.unit.code)).path, "class": "record"],
                    [
                        Forms.csrf(form.csrfToken),
                        Forms.hidden("version", String(form.version)),
                        h(
                            "fieldset", ["id": "f-shares", "class": error("shares") == nil ? "" : "has-error"],
                            [
                                h("legend", [:], t("Share of each new unit (%)", "Tỷ lệ của từng đơn vị mới (%)")),
                                h(
                                    "small", ["class": "help"],
                                    t(
                                        "A percentage, e.g. 40 or 40.5; together exactly 100%. Leave every share empty to count \(model.unit.name) for no new unit.",
                                        "Nhập số phần trăm, ví dụ 40 hoặc 40,5; tổng đúng 100%. Để trống tất cả để không tính \(model.unit.name) cho đơn vị mới nào."
                                    )),
                                .group(
                                    successors.map { unit in
                                        let key = SplitShareRules.field(unit)
                                        return Forms.field(
                                            labels[key] ?? key, name: key, value: form.values[key] ?? "", error: error(key),
                                            attributes: ["inputmode": "decimal", "size": "8"])
                                    }),
                                error("shares").map { h("p", ["class": "error", "role": "alert"], $0) } ?? .empty,
                            ]),
                        Forms.textarea(
                            labels["note"]!, name: "note", value: form.values["note"] ?? "", rows: 3, error: error("note"),
                            help: t(
                                "What the shares rest on, e.g. the natural area or population of each part.",
                                "Tỷ lệ dựa trên cơ sở nào, ví dụ diện tích tự nhiên hoặc dân số của từng phần.")),
                        h("button", ["type": "submit", "class": "primary"], t("Save the shares", "Lưu tỷ lệ")),
                    ]),
            ])
    }

    private static func demandsSection(_ model: Model, t: Localizer) -> Node {
        guard let plan = model.plan, let demands = model.demands else { return .empty }
        var content: [Node] = [h("h2", [:], t("What plan \(plan.code) asks of this unit", "Kế hoạch \(plan.code) giao cho đơn vị"))]
        if demands.isEmpty {
            content.append(h("p", ["class": "muted"], t("The plan names no duty for this unit.", "Kế hoạch không nêu nhiệm vụ cho đơn vị này.")))
        }
        for assignment in demands.assignments {
            content.append(
                h(
                    "h3", [:],
                    link(
                        SiteURL.assignment(.value(plan.id), number: .value(assignment.number)).path,
                        t(
                            "Assignment \(assignment.number): \(assignment.assignee)",
                            "Phân công mục \(assignment.number): \(assignment.assignee)"))))
            content.append(
                h(
                    "ol", ["class": "duties"],
                    assignment.duties.map {
                        h(
                            "li", [:],
                            [
                                h("span", ["class": "label"], $0.displayLabel), " ",
                                h("span", ["class": "role role-\($0.role.rawValue)"], t.roleName($0.role)), h("p", [:], $0.text),
                            ])
                    }))
        }
        for inherited in demands.inheritedAssignments {
            content.append(h("h3", [:], t("Through \(model.units.name(inherited.unitCode))", "Thông qua \(model.units.name(inherited.unitCode))")))
            content.append(
                h(
                    "p", [:],
                    [
                        .text(
                            t(
                                "As a unit of \(model.units.name(inherited.unitCode)), it takes part in ",
                                "Là đơn vị thuộc \(model.units.name(inherited.unitCode)), tham gia thực hiện ")),
                        link(
                            SiteURL.assignment(.value(plan.id), number: .value(inherited.assignment.number)).path,
                            "\(inherited.assignment.number). \(inherited.assignment.assignee)"),
                        ".",
                    ]))
        }
        if !demands.projects.isEmpty {
            content.append(h("h3", [:], t("Projects it leads", "Dự án chủ trì")))
            content.append(
                h(
                    "ul", [:],
                    demands.projects.map {
                        h("li", [:], link(SiteURL.projects(.value(plan.id)).path + "#\($0.code)", "\($0.number) “\($0.title)”"))
                    }))
        }
        if !demands.targets.isEmpty {
            content.append(h("h3", [:], t("Targets it answers for", "Chỉ tiêu chịu trách nhiệm")))
            content.append(
                h(
                    "ul", [:],
                    demands.targets.map {
                        h(
                            "li", [:],
                            [
                                link(SiteURL.targets(.value(plan.id)).path + "#\($0.code)", $0.code), " ",
                                h("span", ["class": "rule"], $0.plainWords(t.language)), " — ", .text($0.indicator),
                            ])
                    }))
        }
        if !demands.partnerships.isEmpty {
            content.append(h("h3", [:], t("Named as partner", "Được nêu là đơn vị phối hợp")))
            content.append(
                h(
                    "ul", [:],
                    demands.partnerships.map { item in
                        h(
                            "li", [:],
                            [
                                link(
                                    SiteURL.assignment(.value(plan.id), number: .value(item.assignment)).path, "\(item.assignment). \(item.assignee)"),
                                ": ", .text(item.duty.text),
                            ])
                    }))
        }
        if !demands.mentions.isEmpty {
            content.append(h("h3", [:], t("Named in the plan's text", "Được nêu tên trong kế hoạch")))
            content.append(h("ul", [:], demands.mentions.map { h("li", [:], [sectionLink($0.section, plan: plan, t: t), ": ", .text($0.text)]) }))
        }
        return h("section", [:], content)
    }

    static func sectionLink(_ section: PlanSection, plan: Plan, t: Localizer) -> Node {
        switch section {
        case .generalObjective: link(SiteURL.plan(.value(plan.id)).path, t("General objective", "Mục tiêu chung"))
        case .target(let code): link(SiteURL.targets(.value(plan.id)).path + "#\(code)", t("Target \(code)", "Chỉ tiêu \(code)"))
        case .task(let number): link(SiteURL.tasks(.value(plan.id)).path + "#task-\(number)", t("Key task \(number)", "Nhiệm vụ \(number)"))
        case .solution(let number):
            link(SiteURL.solutions(.value(plan.id)).path + "#solution-\(number)", t("Solution group \(number)", "Giải pháp \(number)"))
        case .assignment(let number):
            link(SiteURL.assignment(.value(plan.id), number: .value(number)).path, t("Assignment \(number)", "Phân công mục \(number)"))
        case .project(let code): link(SiteURL.projects(.value(plan.id)).path + "#\(code)", t("Project \(code)", "Dự án \(code)"))
        case .organisation(let number): link(SiteURL.plan(.value(plan.id)).path, t("Organisation V.\(number)", "Tổ chức thực hiện V.\(number)"))
        }
    }
}
