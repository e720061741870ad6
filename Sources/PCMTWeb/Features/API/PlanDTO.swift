import Foundation
import PCMTDomain
import Vapor

/// A plan as listed by the API.
struct PlanSummaryDTO: Content {
    /// Lower-case, as in the page addresses.
    var id: String
    var code: String
    var title: String
    var issuedOn: String
    var startYear: Int
    var endYear: Int
}

/// The whole structure of a plan, as the API gives it.
struct PlanDTO: Content {
    struct GroupDTO: Codable {
        var number: Int
        var text: String
        var titleEn: String?
    }

    struct RuleDTO: Codable {
        var kind: RuleKind
        /// How the figure is compared with the threshold (above >, atLeast ≥, below <, atMost ≤); nil for a kind
        /// without a threshold.
        var comparison: Comparison?
        var threshold: Double?
        var base: RuleBase
        var deadlineYear: Int?
        var description: String
        var descriptionVi: String
    }

    struct TargetDTO: Codable {
        var code: String
        var group: Int
        var text: String
        var titleEn: String?
        var measurable: Bool
        var rule: RuleDTO
        var indicator: String
        var indicatorEn: String?
        var responsible: [Int]
    }

    var id: String
    var code: String
    var kind: String
    var title: String
    var titleEn: String?
    var issuer: String
    var issuerUnit: String?
    var place: String
    var issuedOn: String
    var implements: String
    var startYear: Int
    var endYear: Int
    var baselineYear: Int
    var generalObjective: String
    var targetGroups: [GroupDTO]
    var targets: [TargetDTO]
    var tasks: [KeyTask]
    var solutions: [SolutionGroup]
    var assignments: [Assignment]
    var projects: [Project]
    var reporting: [ReportingDuty]

    init(_ plan: Plan) {
        id = plan.id.slug; code = plan.code; kind = plan.kind; title = plan.title; titleEn = plan.titleEn
        issuer = plan.issuer; issuerUnit = plan.issuerUnit; place = plan.place; issuedOn = plan.issuedOn
        implements = plan.implements; startYear = plan.startYear; endYear = plan.endYear
        baselineYear = plan.baselineYear; generalObjective = plan.generalObjective
        targetGroups = plan.targetGroups.map { GroupDTO(number: $0.number, text: $0.text, titleEn: $0.titleEn) }
        targets = plan.targetGroups.flatMap { group in
            group.targets.map { target in
                TargetDTO(
                    code: target.code, group: group.number, text: target.text, titleEn: target.titleEn,
                    measurable: target.rule.kind.isMeasurable,
                    rule: RuleDTO(
                        kind: target.rule.kind, comparison: target.rule.comparison, threshold: target.rule.threshold,
                        base: target.rule.base,
                        deadlineYear: target.rule.deadlineYear,
                        description: target.plainWords(.en),
                        descriptionVi: target.plainWords(.vi)),
                    indicator: target.indicator, indicatorEn: target.indicatorEn, responsible: target.responsible)
            }
        }
        tasks = plan.tasks; solutions = plan.solutions; assignments = plan.assignments; projects = plan.projects
        reporting = plan.reporting
    }
}

struct OrgUnitDTO: Content {
    var code: String
    var name: String
    var nameEn: String?
    var level: OrgUnitLevel
    var typeName: String
    var parentCode: String?
    var validFrom: String?
    var validTo: String?
    var successorCodes: [String]
    var aliases: [String]

    init(_ unit: OrgUnit) {
        code = unit.code; name = unit.name; nameEn = unit.nameEn; level = unit.level; typeName = unit.typeName
        parentCode = unit.parentCode; validFrom = unit.validFrom; validTo = unit.validTo
        successorCodes = unit.successorCodes; aliases = unit.aliases
    }
}
