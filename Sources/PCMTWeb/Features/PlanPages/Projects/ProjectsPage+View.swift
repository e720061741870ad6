import PCMTDomain

extension ProjectsPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        return [
            h("h1", [:], t("Projects and sub-projects", "Dự án và tiểu dự án")),
            h(
                "p", ["class": "lead"],
                t(
                    "\(plan.projects.count) projects, \(plan.subprojectCount) sub-projects.",
                    "\(plan.projects.count) dự án, \(plan.subprojectCount) tiểu dự án.")),
            h(
                "ol", ["class": "tree"],
                plan.projects.map { project in
                    h(
                        "li", ["id": project.code],
                        [
                            h("p", [:], [h("strong", [:], project.number), " “", .text(project.title), "”"]),
                            t.englishTitle(project.titleEn),
                            h(
                                "p", ["class": "meta"],
                                [
                                    .text(t("Lead: ", "Chủ trì: ")),
                                    project.leadUnit.map { model.units.link($0) } ?? .text("—"),
                                    .text(" · "),
                                    link(
                                        SiteURL.assignment(.value(plan.id), number: .value(project.assignment)).path,
                                        t("assignment \(project.assignment)", "phân công mục \(project.assignment)")),
                                    .text(project.guidance.isEmpty ? "" : " · \(project.guidance)"),
                                ]),
                            project.subprojects.isEmpty
                                ? .empty
                                : h(
                                    "ol", ["class": "subprojects"],
                                    project.subprojects.map { sub in
                                        h(
                                            "li", ["id": sub.code],
                                            [
                                                h("strong", [:], sub.number), " “", .text(sub.title), "”", t.englishTitle(sub.titleEn),
                                            ])
                                    }),
                        ])
                }),
        ]
    }
}
