import PCMTDomain

extension TasksPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("II. Key tasks", "II. Nhiệm vụ trọng tâm")),
            h("p", ["class": "lead"], t("\(model.plan.tasks.count) key tasks.", "\(model.plan.tasks.count) nhiệm vụ trọng tâm.")),
            h(
                "ol", ["class": "numbered"],
                model.plan.tasks.map { task in
                    h(
                        "li", ["id": "task-\(task.number)", "value": String(task.number)],
                        [
                            t.isEnglish ? h("strong", ["lang": "en"], task.titleEn ?? "") : .empty,
                            h("p", [:], task.text),
                        ])
                }),
        ]
    }
}
