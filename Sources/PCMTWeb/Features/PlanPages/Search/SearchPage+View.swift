import PCMTDomain

extension SearchPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Search", "Tìm kiếm")),
            h(
                "form", ["action": SiteURL.search().path, "method": "get", "class": "search-page"],
                [
                    h("label", ["for": "search-q"], t("Words to find (accents optional)", "Từ cần tìm (có thể gõ không dấu)")),
                    h("input", ["type": "search", "id": "search-q", "name": "q", "value": model.query]),
                    h("button", ["type": "submit"], t("Search", "Tìm")),
                ]),
            model.query.isEmpty
                ? .empty
                : h(
                    "p", ["class": "lead"],
                    t(
                        "\(model.hits.count) results for “\(model.query)”.",
                        "\(model.hits.count) kết quả cho “\(model.query)”.")),
            h(
                "ol", ["class": "results"],
                model.hits.map { hit in
                    h("li", [:], result(hit, plan: model.plan, t: t))
                }),
        ]
    }

    private static func result(_ hit: SearchHit, plan: Plan?, t: Localizer) -> [Node] {
        switch hit.subject {
        case .unit(let code):
            return [link(SiteURL.orgUnit(.value(code)).path, hit.title), h("small", [:], " · \(t("unit", "đơn vị")) \(code) · \(hit.text)")]
        case .plan(let section):
            guard let plan else { return [.text(hit.text)] }
            return [OrgUnitPage.sectionLink(section, plan: plan, t: t), h("p", [:], hit.text)]
        case .planDocument(let id):
            return [link(SiteURL.plan(.value(id)).path, hit.title), h("small", [:], " · \(t("plan", "kế hoạch"))"), h("p", [:], hit.text)]
        case .element(_, let targets):
            var nodes: [Node] = [
                h("strong", [:], hit.title),
                h(
                    "small", [:],
                    " · " + t("data element", "chỉ số") + (hit.text.isEmpty ? "" : t(", counted in \(hit.text)", ", đơn vị tính: \(hit.text)"))),
            ]
            if let plan, !targets.isEmpty {
                nodes.append(
                    h(
                        "p", [:],
                        [.text(t("Read by the targets ", "Dùng cho chỉ tiêu "))]
                            + targets.enumerated().flatMap { index, target -> [Node] in
                                [index == 0 ? .empty : .text(", "), link(SiteURL.boardTarget(.value(plan.id), code: .value(target)).path, target)]
                            }))
            } else {
                nodes.append(
                    h(
                        "p", ["class": "help"],
                        t("Collected for the reports; no target reads it.", "Thu thập cho báo cáo; không chỉ tiêu nào dùng chỉ số này.")))
            }
            return nodes
        }
    }
}
