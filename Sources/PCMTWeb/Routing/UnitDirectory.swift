import PCMTDomain
import PCMTStore

extension Plan {
    /// The province the plan is issued for: its issuing unit, or the top of the unit tree.
    func province(in units: [OrgUnit]) -> OrgUnit? {
        let versions = units.filter { $0.code == issuerUnit }.sorted { ($0.validFrom ?? "") < ($1.validFrom ?? "") }
        return versions.first { $0.isValid(on: "\(startYear)-01-01") } ?? versions.last ?? units.first { $0.parentCode == nil }
    }

    /// The same from the indexed tree: the issuer by code, else the first unit without a parent.
    func province(in index: UnitIndex) -> OrgUnit? {
        // A reused code (51: old Quảng Ngãi to 30/06/2025, the new province after) is the unit of the plan's years.
        issuerUnit.flatMap { index.timeline.version(of: $0, on: "\(startYear)-01-01") } ?? index.units.first { $0.parentCode == nil }
    }

    /// The units a board of this plan offers to look at, as the unit selector lists them: the province and its
    /// districts, and `unit` when it is none of them; in the tree's order (levels, then codes). Not the province's
    /// successors after a reform: the new Tỉnh Quảng Ngãi is larger than Kon Tum, whose plan it would judge on old Quảng
    /// Ngãi's figures too (Kon Tum's own board covers its territory after 01/07/2025). Read from the tree's children,
    /// not by filtering every unit (a national installation has over 10,000).
    func boardUnitOptions(_ index: UnitIndex, current unit: OrgUnit) -> [OrgUnit] {
        guard let province = province(in: index) else { return [unit] }
        let districts = index.timeline.children(of: province).filter { $0.level == .district }
        var options = [province] + districts
        if !options.contains(where: { $0.code == unit.code }) { options.append(unit) }
        return options
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

    func contains(_ code: String) -> Bool { byCode[code] != nil }

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
