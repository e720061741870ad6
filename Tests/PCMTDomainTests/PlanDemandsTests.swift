import PCMTDomain
import Testing

@Suite struct PlanDemandsTests {
    let plan = PlanFixtures.plan

    @Test func anAgencyGetsItsAssignmentProjectsAndTargets() {
        let demands = plan.demands(of: PlanFixtures.police, ancestors: [PlanFixtures.province])
        #expect(demands.assignments.map(\.number) == [1])
        #expect(demands.projects.map(\.code) == ["P01"])
        #expect(demands.targets.map(\.code) == ["T01"])
        #expect(demands.partnerships.isEmpty)
        #expect(demands.mentions.isEmpty)
    }

    @Test func aPartnerSeesTheDutiesThatNameIt() {
        let demands = plan.demands(of: PlanFixtures.health, ancestors: [PlanFixtures.province])
        #expect(demands.assignments.map(\.number) == [2])
        #expect(demands.partnerships.map(\.assignment) == [1])
        #expect(demands.partnerships.first?.duty.label == "a")
    }

    @Test func aCommuneCarriesItsDistrictsAssignmentAndSeesWhereItIsNamed() {
        let demands = plan.demands(of: PlanFixtures.commune, ancestors: [PlanFixtures.district, PlanFixtures.province])
        #expect(demands.assignments.isEmpty)
        #expect(demands.inheritedAssignments.map(\.unitCode) == ["990"])
        #expect(demands.inheritedAssignments.map(\.assignment.number) == [3])
        // Named in task 1; "Xã Suối Đá Trắng" in the solution is another place and must not count.
        #expect(demands.mentions.map(\.section) == [.task(number: 1)])
    }

    @Test func aNamePrefixOfALongerNameIsNotAMention() {
        let demands = plan.demands(of: PlanFixtures.otherCommune, ancestors: [PlanFixtures.district, PlanFixtures.province])
        #expect(demands.mentions.isEmpty)
    }

    @Test func aUnitThePlanDoesNotNameGetsNothing() {
        let stranger = OrgUnit(code: "12345", name: "Xã Xa Lạ", level: .commune, typeName: "Xã", parentCode: "777")
        #expect(plan.demands(of: stranger, ancestors: []).isEmpty)
    }
}
