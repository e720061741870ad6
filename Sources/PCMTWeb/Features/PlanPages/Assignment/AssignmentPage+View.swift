import PCMTDomain

extension AssignmentPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        let assignment = model.assignment
        return [
            h(
                "p", ["class": "kicker"],
                [
                    link(SiteURL.assignments(.value(plan.id)).path, t("IV. Assignments", "IV. Phân công nhiệm vụ")),
                    .text(" · \(assignment.number)"),
                ]),
            h("h1", [:], "\(assignment.number). \(assignment.assignee)"),
            t.englishTitle(assignment.assigneeEn),
            assignment.units.isEmpty
                ? h("p", [:], t("Not tied to one unit: every body concerned.", "Không gắn với một đơn vị cụ thể: các cơ quan liên quan."))
                : h("p", [:], [.text(t("Units: ", "Đơn vị: ")), model.units.links(assignment.units)]),
            assignment.intro.isEmpty ? .empty : h("p", [:], assignment.intro),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Duties", "Nhiệm vụ")),
                    h("ol", ["class": "duties"], assignment.duties.map { duty($0, units: model.units, t: t) }),
                ]),
            partnersSection(model, t: t),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Projects led", "Dự án chủ trì")),
                    model.projects.isEmpty
                        ? h("p", ["class": "muted"], t("None.", "Không có."))
                        : h(
                            "ul", [:],
                            model.projects.map { project in
                                h(
                                    "li", [:],
                                    [
                                        link(SiteURL.projects(.value(plan.id)).path + "#\(project.code)", "\(project.number) “\(project.title)”"),
                                        project.subprojects.isEmpty
                                            ? .empty
                                            : h(
                                                "ul", [:],
                                                project.subprojects.map {
                                                    h("li", [:], "\($0.number): “\($0.title)”")
                                                }),
                                    ])
                            }),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("Targets it answers for", "Chỉ tiêu chịu trách nhiệm")),
                    model.targets.isEmpty
                        ? h("p", ["class": "muted"], t("None named.", "Không có chỉ tiêu được nêu."))
                        : h(
                            "ul", [:],
                            model.targets.map { target in
                                h(
                                    "li", [:],
                                    [
                                        link(SiteURL.targets(.value(plan.id)).path + "#\(target.code)", target.code), " ",
                                        h("span", ["class": "rule"], target.plainWords(t.language)), " — ", .text(target.indicator),
                                    ])
                            }),
                ]),
            model.namedBy.isEmpty
                ? .empty
                : h(
                    "section", [:],
                    [
                        h("h2", [:], t("Named as partner by", "Được phân công phối hợp với")),
                        h(
                            "ul", [:],
                            model.namedBy.map { item in
                                h(
                                    "li", [:],
                                    [
                                        link(
                                            SiteURL.assignment(.value(plan.id), number: .value(item.assignment.number)).path,
                                            "\(item.assignment.number). \(item.assignment.assignee)"),
                                        .text(item.duty.label.isEmpty || item.duty.label.hasPrefix("-") ? "" : " (\(item.duty.label))"),
                                        ": ", .text(item.duty.text),
                                    ])
                            }),
                    ]),
        ]
    }

    private static func duty(_ duty: Duty, units: UnitDirectory, t: Localizer) -> Node {
        h(
            "li", [:],
            [
                h("span", ["class": "label"], duty.displayLabel),
                " ",
                h("span", ["class": "role role-\(duty.role.rawValue)"], t.roleName(duty.role)),
                h("p", [:], duty.text),
                duty.bullets.isEmpty ? .empty : h("ul", [:], duty.bullets.map { h("li", [:], $0) }),
                duty.partners.isEmpty
                    ? .empty
                    : h(
                        "p", ["class": "partners"],
                        [
                            .text(t("With: ", "Phối hợp: ")), units.links(duty.partners),
                        ]),
            ])
    }

    private static func partnersSection(_ model: Model, t: Localizer) -> Node {
        let leads = model.assignment.duties.filter { $0.role == .lead }.flatMap(\.partners)
        let cooperates = model.assignment.duties.filter { $0.role != .lead }.flatMap(\.partners)
        guard !leads.isEmpty || !cooperates.isEmpty else { return .empty }
        return h(
            "section", [:],
            [
                h("h2", [:], t("Bodies it works with", "Các cơ quan phối hợp")),
                leads.isEmpty ? .empty : h("p", [:], [.text(t("Leads, with: ", "Chủ trì, phối hợp với: ")), model.units.links(unique(leads))]),
                cooperates.isEmpty ? .empty : h("p", [:], [.text(t("Cooperates with: ", "Phối hợp với: ")), model.units.links(unique(cooperates))]),
            ])
    }

    private static func unique(_ codes: [String]) -> [String] {
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }
}
