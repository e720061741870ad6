import PCMTDomain

extension OrgUnitsPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Organisation units", "Đơn vị")),
            .group(
                model.provinces.map { province in
                    let districts = model.children(of: province.code, level: .district)
                    let agencies = model.children(of: province.code, level: .agency)
                    let communes = districts.reduce(0) { $0 + model.children(of: $1.code, level: .commune).count }
                    return h(
                        "section", [:],
                        [
                            h("h2", [:], [unitLink(province), h("small", [:], " · \(t("code", "mã")) \(province.code)")]),
                            h(
                                "p", ["class": "lead"],
                                t(
                                    "\(districts.count) districts/city, \(communes) communes/wards/townships, \(agencies.count) provincial bodies.",
                                    "\(districts.count) huyện/thành phố, \(communes) xã/phường/thị trấn, \(agencies.count) cơ quan cấp tỉnh.")),
                            h("h3", [:], t("Districts and communes", "Huyện, thành phố và xã, phường, thị trấn")),
                            h(
                                "ul", ["class": "tree"],
                                districts.map { district in
                                    let children = model.children(of: district.code, level: .commune)
                                    return h(
                                        "li", [:],
                                        [
                                            h("strong", [:], unitLink(district)),
                                            h(
                                                "small", [:],
                                                " · \(district.code) · \(t("\(children.count) communes", "\(children.count) xã, phường, thị trấn"))"),
                                            h(
                                                "ul", ["class": "columns"],
                                                children.map { h("li", [:], [unitLink($0), h("small", [:], " \($0.code)")]) }),
                                        ])
                                }),
                            h("h3", [:], t("Provincial bodies named in the plan", "Cơ quan cấp tỉnh được nêu trong kế hoạch")),
                            h("ul", ["class": "columns"], agencies.map { h("li", [:], [unitLink($0), t.englishTitle($0.nameEn)]) }),
                        ])
                }),
        ]
    }

    static func unitLink(_ unit: OrgUnit) -> Node {
        link(SiteURL.orgUnit(.value(unit.code)).path, unit.name)
    }
}
