import PCMTDomain

extension OrgUnitsPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Organisation units", "Đơn vị")),
            .group(
                model.provinces.map { province in
                    let districts = model.children(of: province, level: .district)
                    let agencies = model.children(of: province, level: .agency)
                    // Where the district level was abolished (from 01/07/2025), the communes are directly below.
                    let direct = model.children(of: province, level: .commune)
                    let communes = direct.count + districts.reduce(0) { $0 + model.children(of: $1, level: .commune).count }
                    return h(
                        "section", [:],
                        [
                            h(
                                "h2", [:],
                                [unitLink(province), h("small", [:], " · \(t("code", "mã")) \(province.code)\(validity(province, t: t))")]),
                            h(
                                "p", ["class": "lead"],
                                t(
                                    "\(districts.count) districts/city, \(communes) communes/wards/townships, \(agencies.count) provincial bodies.",
                                    "\(districts.count) huyện/thành phố, \(communes) xã/phường/thị trấn, \(agencies.count) cơ quan cấp tỉnh.")),
                            direct.isEmpty
                                ? .empty
                                : h(
                                    "section", [:],
                                    [
                                        h("h3", [:], t("Communes directly under the province", "Xã, phường, đặc khu trực thuộc tỉnh")),
                                        h(
                                            "ul", ["class": "columns"],
                                            direct.map { h("li", [:], [unitLink($0), h("small", [:], " \($0.code)")]) }),
                                    ]),
                            districts.isEmpty ? .empty : h("h3", [:], t("Districts and communes", "Huyện, thành phố và xã, phường, thị trấn")),
                            districts.isEmpty
                                ? .empty
                                : h(
                                    "ul", ["class": "tree"],
                                    districts.map { district in
                                        let children = model.children(of: district, level: .commune)
                                        return h(
                                            "li", [:],
                                            [
                                                h("strong", [:], unitLink(district)),
                                                h(
                                                    "small", [:],
                                                    " · \(district.code) · \(t("\(children.count) communes", "\(children.count) xã, phường, thị trấn"))"
                                                ),
                                                h(
                                                    "ul", ["class": "columns"],
                                                    children.map { h("li", [:], [unitLink($0), h("small", [:], " \($0.code)")]) }),
                                            ])
                                    }),
                            agencies.isEmpty
                                ? .empty
                                : h("h3", [:], t("Provincial bodies named in the plan", "Cơ quan cấp tỉnh được nêu trong kế hoạch")),
                            agencies.isEmpty
                                ? .empty
                                : h("ul", ["class": "columns"], agencies.map { h("li", [:], [unitLink($0), t.englishTitle($0.nameEn)]) }),
                        ])
                }),
        ]
    }

    /// " · từ 01/07/2025", " · đến 30/06/2025" for a unit of one side of a reform.
    static func validity(_ unit: OrgUnit, t: Localizer) -> String {
        if let to = unit.validTo { return " · " + t("until ", "đến ") + t.date(to) }
        if let from = unit.validFrom { return " · " + t("from ", "từ ") + t.date(from) }
        return ""
    }

    static func unitLink(_ unit: OrgUnit) -> Node {
        link(SiteURL.orgUnit(.value(unit.code)).path, unit.name)
    }
}
