import PCMTDomain

extension TargetsPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        return [
            h("h1", [:], t("Specific targets", "Mục tiêu cụ thể")),
            h(
                "p", ["class": "lead"],
                t(
                    "\(plan.targets.count) targets in \(plan.targetGroups.count) groups, \(plan.measurableTargets.count) of them measurable, from section I.2 of the plan.",
                    "\(plan.targets.count) chỉ tiêu trong \(plan.targetGroups.count) nhóm, \(plan.measurableTargets.count) chỉ tiêu đo lường được, theo mục I.2 của kế hoạch."
                )),
            .group(
                plan.targetGroups.map { group in
                    h(
                        "section", ["class": "group"],
                        [
                            h("h2", [:], t("Group \(group.number)", "Nhóm \(group.number)")),
                            h("p", ["class": "quote"], group.text),
                            t.englishTitle(group.titleEn),
                            h(
                                "table", [:],
                                [
                                    h(
                                        "thead", [:],
                                        h(
                                            "tr", [:],
                                            [
                                                h("th", ["scope": "col"], t("Code", "Mã")),
                                                h("th", ["scope": "col"], t("Target", "Chỉ tiêu")),
                                                h("th", ["scope": "col"], t("Rule", "Cách đánh giá")),
                                                h("th", ["scope": "col"], t("Indicator needed", "Chỉ số cần có")),
                                                h("th", ["scope": "col"], t("Responsible", "Đơn vị chịu trách nhiệm")),
                                            ])),
                                    h("tbody", [:], group.targets.map { row($0, plan: plan, t: t) }),
                                ]),
                        ])
                }),
        ]
    }

    private static func row(_ target: Target, plan: Plan, t: Localizer) -> Node {
        var responsible: [Node] = []
        for number in target.responsible {
            guard let assignment = plan.assignment(number: number) else { continue }
            responsible.append(
                h(
                    "li", [:],
                    link(
                        SiteURL.assignment(.value(plan.id), number: .value(number)).path,
                        "\(number). \(assignment.assignee)")))
        }
        return h(
            "tr", ["id": target.code],
            [
                h("th", ["scope": "row"], target.code),
                h("td", [:], [.text(target.text), t.englishTitle(target.titleEn)]),
                h(
                    "td", ["class": "rule"],
                    [
                        h("strong", [:], target.plainWords(t.language)),
                        target.rule.kind.isMeasurable ? .empty : h("small", [:], t(" (not measured)", " (không đo lường)")),
                    ]),
                h("td", [:], [.text(target.indicator), t.englishTitle(target.indicatorEn)]),
                h("td", [:], h("ul", ["class": "plain"], responsible)),
            ])
    }
}
