/// What a plan asks of one organisation unit: the assignments it carries (itself or through the unit above it),
/// the duties of others it is named in as a partner, the projects it leads, the targets it answers for,
/// and the places where the plan's text names it.
public struct PlanDemands: Sendable, Equatable {
    public struct Partnership: Sendable, Equatable {
        public var assignment: Int
        public var assignee: String
        public var duty: Duty
    }

    public struct Mention: Sendable, Equatable {
        public var section: PlanSection
        public var text: String
    }

    public var assignments: [Assignment] = []
    /// Assignments the unit carries because the unit above it does (e.g. communes under a district's duties).
    public var inheritedAssignments: [(unitCode: String, assignment: Assignment)] = []
    public var partnerships: [Partnership] = []
    public var projects: [Project] = []
    public var targets: [Target] = []
    public var mentions: [Mention] = []

    public var isEmpty: Bool {
        assignments.isEmpty && inheritedAssignments.isEmpty && partnerships.isEmpty && projects.isEmpty
            && targets.isEmpty && mentions.isEmpty
    }

    public static func == (lhs: PlanDemands, rhs: PlanDemands) -> Bool {
        lhs.assignments == rhs.assignments && lhs.partnerships == rhs.partnerships && lhs.projects == rhs.projects
            && lhs.targets == rhs.targets && lhs.mentions == rhs.mentions
            && lhs.inheritedAssignments.map(\.unitCode) == rhs.inheritedAssignments.map(\.unitCode)
            && lhs.inheritedAssignments.map(\.assignment) == rhs.inheritedAssignments.map(\.assignment)
    }
}

/// Where in the plan a piece of text stands.
public enum PlanSection: Sendable, Equatable, Hashable {
    case generalObjective
    case target(code: String)
    case task(number: Int)
    case solution(number: Int)
    case assignment(number: Int)
    case project(code: String)
    case organisation(number: Int)
}

extension Plan {
    /// What this plan asks of `unit`; `ancestors` are the units above it, nearest first.
    public func demands(of unit: OrgUnit, ancestors: [OrgUnit]) -> PlanDemands {
        var result = PlanDemands()
        result.assignments = assignments.filter { $0.units.contains(unit.code) }
        for ancestor in ancestors where ancestor.level != .province {
            for assignment in assignments where assignment.units.contains(ancestor.code) {
                result.inheritedAssignments.append((ancestor.code, assignment))
            }
        }
        for assignment in assignments where !assignment.units.contains(unit.code) {
            for duty in assignment.duties where duty.partners.contains(unit.code) {
                result.partnerships.append(.init(assignment: assignment.number, assignee: assignment.assignee, duty: duty))
            }
        }
        result.projects = projects.filter { $0.leadUnit == unit.code }
        let numbers = Set(result.assignments.map(\.number))
        result.targets = targets.filter { !numbers.isDisjoint(with: $0.responsible) }
        if unit.level != .agency {
            let names = [unit.name] + unit.aliases
            result.mentions = textSections().filter { section in names.contains { section.text.mentions(unitName: $0) } }
                .map { PlanDemands.Mention(section: $0.section, text: $0.text) }
        }
        return result
    }

    /// Every paragraph of the plan with the section it belongs to, in document order.
    public func textSections() -> [(section: PlanSection, text: String)] {
        var sections: [(PlanSection, String)] = [(.generalObjective, generalObjective)]
        sections += targets.map { (.target(code: $0.code), $0.text) }
        sections += tasks.map { (.task(number: $0.number), $0.text) }
        for solution in solutions {
            sections += ([solution.title] + solution.points).map { (.solution(number: solution.number), $0) }
        }
        for assignment in assignments {
            if !assignment.intro.isEmpty { sections.append((.assignment(number: assignment.number), assignment.intro)) }
            for duty in assignment.duties {
                sections += ([duty.text] + duty.bullets).map { (.assignment(number: assignment.number), $0) }
            }
        }
        for project in projects {
            sections.append((.project(code: project.code), project.title))
            sections += project.subprojects.map { (.project(code: project.code), $0.title) }
        }
        sections += organisation.map { (.organisation(number: $0.number), $0.text) }
        return sections
    }
}

extension String {
    /// Whether the text names the unit as a whole name, ignoring case and diacritics: "Phường Thống Nhất" is named
    /// by "phường Thống Nhất, thành phố Kon Tum", while "Xã Suối" is not named by "xã Suối Đá", whose next
    /// capitalised word shows that the name goes on.
    func mentions(unitName: String) -> Bool {
        let text = Array(strippingDiacritics)
        let lowered = text.map { Character($0.lowercased()) }
        let name = Array(unitName.foldedForSearch)
        guard !name.isEmpty, text.count >= name.count else { return false }
        for start in 0...(text.count - name.count) where lowered[start..<(start + name.count)].elementsEqual(name) {
            let end = start + name.count
            if start > 0, text[start - 1].isLetter { continue }
            if end < text.count, text[end].isLetter { continue }
            if end + 1 < text.count, text[end] == " ", text[end + 1].isUppercase { continue }
            return true
        }
        return false
    }
}
