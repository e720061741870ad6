import PCMTDomain

/// The organisation tree: provinces → districts → communes (or communes directly, where the district level was
/// abolished on 01/07/2025), and the provincial bodies; the provinces of today first, those that ended after them.
enum OrgUnitsPage {
    struct Model {
        var provinces: [OrgUnit]
        var childrenByParent: [String: [OrgUnit]]

        /// The units of `level` under `parent` in its own time (a code reused by another unit is not mixed in).
        func children(of parent: OrgUnit, level: OrgUnitLevel) -> [OrgUnit] {
            (childrenByParent[parent.code] ?? []).filter { child in
                guard child.level == level else { return false }
                if let from = parent.validFrom, let to = child.validTo, to < from { return false }
                if let to = parent.validTo, let from = child.validFrom, from > to { return false }
                return true
            }
        }
    }

    static func model(_ context: PageQueryContext) async throws -> Model {
        let units = try await context.units.all()
        let today = context.clock.todayISO
        let provinces = units.filter { $0.parentCode == nil }.sorted { a, b in
            let currentA = a.isValid(on: today), currentB = b.isValid(on: today)
            if currentA != currentB { return currentA }
            return (a.code, a.validFrom ?? "") < (b.code, b.validFrom ?? "")
        }
        return Model(
            provinces: provinces,
            childrenByParent: Dictionary(grouping: units.filter { $0.parentCode != nil }, by: { $0.parentCode! }))
    }
}
