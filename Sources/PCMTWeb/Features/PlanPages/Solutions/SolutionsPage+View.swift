import PCMTDomain

extension SolutionsPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let solutions = model.plan.solutions
        let points = solutions.reduce(0) { $0 + $1.points.count }
        return [
            h("h1", [:], t("III. Solutions", "III. Giải pháp thực hiện")),
            h("p", ["class": "lead"], t("\(solutions.count) groups, \(points) points.", "\(solutions.count) nhóm, \(points) nội dung.")),
            .group(
                solutions.map { solution in
                    h(
                        "section", ["id": "solution-\(solution.number)"],
                        [
                            h("h2", [:], "\(solution.number). \(solution.title)"),
                            t.englishTitle(solution.titleEn),
                            h("ul", [:], solution.points.map { h("li", [:], $0) }),
                        ])
                }),
        ]
    }
}
