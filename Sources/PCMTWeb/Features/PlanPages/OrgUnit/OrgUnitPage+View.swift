import PCMTDomain

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
                            h("dd", [:], model.predecessors.map(\.name).joined(separator: ", ")),
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
            demandsSection(model, t: t),
        ]
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
