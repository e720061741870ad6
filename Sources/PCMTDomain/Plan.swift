import Foundation

/// A programme plan as the issuing body wrote it: identity, objectives, targets, tasks, solutions,
/// assignments, projects and the reporting duties of its organisation section.
public struct Plan: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var code: String
    public var kind: String
    public var title: String
    public var titleEn: String?
    public var issuer: String
    public var issuerEn: String?
    public var issuerUnit: String?
    public var place: String
    public var issuedOn: String
    public var implements: String
    public var implementsEn: String?
    public var startYear: Int
    public var endYear: Int
    public var baselineYear: Int
    public var signature: Signature?
    public var recipients: [String]
    public var generalObjective: String
    public var generalObjectiveEn: String?
    public var targetGroups: [TargetGroup]
    public var tasks: [KeyTask]
    public var solutions: [SolutionGroup]
    public var assignments: [Assignment]
    public var projects: [Project]
    public var reporting: [ReportingDuty]
    public var organisation: [OrganisationClause]
    /// The plan this one succeeds (its last year is usually this plan's baseline year), nil for none.
    public var predecessorID: UUID?

    public init(
        id: UUID, code: String, kind: String, title: String, titleEn: String? = nil,
        issuer: String, issuerEn: String? = nil, issuerUnit: String? = nil, place: String, issuedOn: String,
        implements: String, implementsEn: String? = nil, startYear: Int, endYear: Int, baselineYear: Int,
        signature: Signature? = nil, recipients: [String] = [], generalObjective: String,
        generalObjectiveEn: String? = nil, targetGroups: [TargetGroup] = [], tasks: [KeyTask] = [],
        solutions: [SolutionGroup] = [], assignments: [Assignment] = [], projects: [Project] = [],
        reporting: [ReportingDuty] = [], organisation: [OrganisationClause] = [], predecessorID: UUID? = nil
    ) {
        self.id = id; self.code = code; self.kind = kind; self.title = title; self.titleEn = titleEn
        self.issuer = issuer; self.issuerEn = issuerEn; self.issuerUnit = issuerUnit; self.place = place
        self.issuedOn = issuedOn; self.implements = implements; self.implementsEn = implementsEn
        self.startYear = startYear; self.endYear = endYear; self.baselineYear = baselineYear
        self.signature = signature; self.recipients = recipients; self.generalObjective = generalObjective
        self.generalObjectiveEn = generalObjectiveEn; self.targetGroups = targetGroups; self.tasks = tasks
        self.solutions = solutions; self.assignments = assignments; self.projects = projects
        self.reporting = reporting; self.organisation = organisation; self.predecessorID = predecessorID
    }

    /// Every target of every group, in document order.
    public var targets: [Target] { targetGroups.flatMap(\.targets) }

    public var measurableTargets: [Target] { targets.filter { $0.rule.kind.isMeasurable } }

    public var subprojectCount: Int { projects.reduce(0) { $0 + $1.subprojects.count } }

    public func assignment(number: Int) -> Assignment? { assignments.first { $0.number == number } }
}

public struct Signature: Codable, Sendable, Equatable {
    public var capacity: String
    public var title: String
    public init(capacity: String, title: String) { self.capacity = capacity; self.title = title }
}

public struct TargetGroup: Codable, Sendable, Equatable {
    public var number: Int
    public var text: String
    public var titleEn: String?
    public var targets: [Target]
    public init(number: Int, text: String, titleEn: String? = nil, targets: [Target]) {
        self.number = number; self.text = text; self.titleEn = titleEn; self.targets = targets
    }
}

public struct Target: Codable, Sendable, Equatable {
    public var code: String
    public var text: String
    public var titleEn: String?
    public var rule: TargetRule
    public var indicator: String
    public var indicatorEn: String?
    /// Numbers of the assignments (section IV) responsible for this target.
    public var responsible: [Int]
    /// How the target is computed from data elements; nil for a qualitative target.
    public var measure: Measure?
    public init(
        code: String, text: String, titleEn: String? = nil, rule: TargetRule, indicator: String,
        indicatorEn: String? = nil, responsible: [Int] = [], measure: Measure? = nil
    ) {
        self.code = code; self.text = text; self.titleEn = titleEn; self.rule = rule
        self.indicator = indicator; self.indicatorEn = indicatorEn; self.responsible = responsible; self.measure = measure
    }
}

public struct KeyTask: Codable, Sendable, Equatable {
    public var number: Int
    public var text: String
    public var titleEn: String?
    /// The solution group (section III) the task belongs to, for reporting results by group.
    public var solutionGroup: Int?
    public init(number: Int, text: String, titleEn: String? = nil, solutionGroup: Int? = nil) {
        self.number = number; self.text = text; self.titleEn = titleEn; self.solutionGroup = solutionGroup
    }
}

public struct SolutionGroup: Codable, Sendable, Equatable {
    public var number: Int
    public var title: String
    public var titleEn: String?
    public var points: [String]
    public init(number: Int, title: String, titleEn: String? = nil, points: [String]) {
        self.number = number; self.title = title; self.titleEn = titleEn; self.points = points
    }
}
