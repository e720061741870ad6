import PCMTDomain

/// The organisation tree: provinces → districts → communes, and the provincial bodies.
enum OrgUnitsPage {
    struct Model {
        var provinces: [OrgUnit]
        var childrenByParent: [String: [OrgUnit]]

        func children(of code: String, level: OrgUnitLevel) -> [OrgUnit] {
            (childrenByParent[code] ?? []).filter { $0.level == level }
        }
    }

    static func model(_ context: PageQueryContext) async throws -> Model {
        let units = try await context.units.all()
        return Model(
            provinces: units.filter { $0.parentCode == nil },
            childrenByParent: Dictionary(grouping: units.filter { $0.parentCode != nil }, by: { $0.parentCode! }))
    }
}
