import PCMTDomain

extension AssignmentsPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        return [
            h("h1", [:], t("IV. Assignments", "IV. Phân công nhiệm vụ")),
            h("p", ["class": "lead"], t("\(plan.assignments.count) assignees.", "\(plan.assignments.count) đơn vị được phân công.")),
            h(
                "table", [:],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], "#"),
                                h("th", ["scope": "col"], t("Assignee", "Đơn vị")),
                                h("th", ["scope": "col"], t("Duties", "Nhiệm vụ")),
                                h("th", ["scope": "col"], t("Leads", "Chủ trì")),
                                h("th", ["scope": "col"], t("Projects led", "Dự án chủ trì")),
                            ])),
                    h(
                        "tbody", [:],
                        plan.assignments.map { assignment in
                            let projects = plan.projects.filter { $0.assignment == assignment.number }
                            let leads = assignment.duties.filter { $0.role == .lead }.count
                            return h(
                                "tr", [:],
                                [
                                    h("td", [:], String(assignment.number)),
                                    h(
                                        "td", [:],
                                        [
                                            link(SiteURL.assignment(.value(plan.id), number: .value(assignment.number)).path, assignment.assignee),
                                            t.englishTitle(assignment.assigneeEn),
                                        ]),
                                    h("td", ["class": "num"], String(assignment.duties.count)),
                                    h("td", ["class": "num"], String(leads)),
                                    h("td", ["class": "num"], String(projects.count + projects.reduce(0) { $0 + $1.subprojects.count })),
                                ])
                        }),
                ]),
        ]
    }
}
