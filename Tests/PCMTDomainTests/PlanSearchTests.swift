import PCMTDomain
import Testing

@Suite struct PlanSearchTests {
    let units = [PlanFixtures.province, PlanFixtures.district, PlanFixtures.commune, PlanFixtures.police]

    @Test func findsUnitsWithoutDiacritics() {
        let hits = PlanSearch.search("nui cao", plan: PlanFixtures.plan, units: units)
        #expect(hits.first?.subject == .unit(code: "990"))
        #expect(hits.contains { $0.subject == .plan(.task(number: 1)) })
    }

    @Test func findsPlanTextAndAssignees() {
        let hits = PlanSearch.search("cong an", plan: PlanFixtures.plan, units: units)
        #expect(hits.contains { $0.subject == .unit(code: "99-CA") })
        #expect(hits.contains { $0.subject == .plan(.assignment(number: 1)) })
    }

    @Test func findsByCode() {
        #expect(PlanSearch.search("99001", plan: nil, units: units).map(\.subject) == [.unit(code: "99001")])
    }

    @Test func anEmptyQueryFindsNothing() {
        #expect(PlanSearch.search("  ", plan: PlanFixtures.plan, units: units).isEmpty)
    }

    @Test func theLimitIsRespected() {
        #expect(PlanSearch.search("xa", plan: PlanFixtures.plan, units: units, limit: 1).count == 1)
    }
}
