import PCMTDomain

extension Plan {
    /// The province the plan is issued for: its issuing unit, or the top of the unit tree.
    func province(in units: [OrgUnit]) -> OrgUnit? {
        units.first { $0.code == issuerUnit } ?? units.first { $0.parentCode == nil }
    }
}

/// Organisation units by code, for turning codes into names and links.
struct UnitDirectory {
    private var byCode: [String: OrgUnit]

    init(units: [OrgUnit]) {
        byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    subscript(code: String) -> OrgUnit? { byCode[code] }

    func name(_ code: String) -> String { byCode[code]?.name ?? code }

    func link(_ code: String) -> Node {
        guard let unit = byCode[code] else { return .text(code) }
        return Pcmt.link(SiteURL.orgUnit(.value(code)).path, unit.name)
    }

    func links(_ codes: [String]) -> Node {
        var nodes: [Node] = []
        for (index, code) in codes.enumerated() {
            if index > 0 { nodes.append(", ") }
            nodes.append(link(code))
        }
        return .group(nodes)
    }
}

/// Namespace for free functions when a local name shadows them.
enum Pcmt {
    static func link(_ href: String, _ text: String) -> Node { PCMTWeb.link(href, text) }
}
