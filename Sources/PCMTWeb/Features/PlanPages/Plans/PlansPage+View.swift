extension PlansPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Plans", "Kế hoạch")),
            model.mayCreate
                ? h(
                    "p", [:],
                    link(
                        SiteURL.newPlan.path, t("+ New plan (blank or a copy)", "+ Kế hoạch mới (trống hoặc bản sao)"),
                        attributes: ["class": "add"])) : .empty,
            model.plans.isEmpty
                ? h("p", [:], t("No plan is loaded.", "Chưa có kế hoạch nào."))
                : h(
                    "table", [:],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Number", "Số")),
                                    h("th", ["scope": "col"], t("Title", "Tên")),
                                    h("th", ["scope": "col"], t("Issued on", "Ngày ban hành")),
                                    h("th", ["scope": "col"], t("Period", "Giai đoạn")),
                                ])),
                        h(
                            "tbody", [:],
                            model.plans.map { plan in
                                h(
                                    "tr", [:],
                                    [
                                        h("td", [:], link(SiteURL.plan(.value(plan.id)).path, plan.code)),
                                        h("td", [:], plan.title),
                                        h("td", [:], t.date(plan.issuedOn)),
                                        h("td", [:], "\(plan.startYear)–\(plan.endYear)"),
                                    ])
                            }),
                    ]),
        ]
    }
}
