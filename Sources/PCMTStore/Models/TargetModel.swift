import Fluent
import Foundation
import PCMTDomain

final class TargetModel: Model, @unchecked Sendable {
    static let schema = "targets"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "group_id") var groupID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "code") var code: String
    @Field(key: "text") var text: String
    @OptionalField(key: "title_en") var titleEn: String?
    @Field(key: "rule_kind") var ruleKind: String
    @OptionalField(key: "threshold") var threshold: Double?
    @Field(key: "rule_base") var ruleBase: String
    @OptionalField(key: "deadline_year") var deadlineYear: Int?
    @Field(key: "indicator") var indicator: String
    @OptionalField(key: "indicator_en") var indicatorEn: String?
    @Field(key: "responsible") var responsible: [Int]
    @Field(key: "version") var version: Int

    init() {}

    init(planID: UUID, groupID: UUID, position: Int, target: Target) {
        self.planID = planID; self.groupID = groupID; self.position = position; code = target.code
        text = target.text; titleEn = target.titleEn; ruleKind = target.rule.kind.rawValue
        threshold = target.rule.threshold; ruleBase = target.rule.base.rawValue
        deadlineYear = target.rule.deadlineYear; indicator = target.indicator; indicatorEn = target.indicatorEn
        responsible = target.responsible; version = 1
    }

    var domain: Target {
        Target(code: code, text: text, titleEn: titleEn,
               rule: TargetRule(kind: RuleKind(rawValue: ruleKind) ?? .qualitative, threshold: threshold,
                                base: RuleBase(rawValue: ruleBase) ?? .none, deadlineYear: deadlineYear),
               indicator: indicator, indicatorEn: indicatorEn, responsible: responsible)
    }
}
