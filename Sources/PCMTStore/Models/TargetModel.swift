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
    /// The measure as JSON; empty for a qualitative target.
    @Field(key: "measure") var measure: String
    @Field(key: "version") var version: Int

    init() {}

    init(planID: UUID, groupID: UUID, position: Int, target: Target) {
        self.planID = planID; self.groupID = groupID; self.position = position; code = target.code
        text = target.text; titleEn = target.titleEn; ruleKind = target.rule.kind.rawValue
        threshold = target.rule.threshold; ruleBase = target.rule.base.rawValue
        deadlineYear = target.rule.deadlineYear; indicator = target.indicator; indicatorEn = target.indicatorEn
        responsible = target.responsible; measure = Self.encode(target.measure); version = 1
    }

    var domain: Target {
        Target(
            code: code, text: text, titleEn: titleEn,
            rule: TargetRule(
                kind: RuleKind(rawValue: ruleKind) ?? .qualitative, threshold: threshold,
                base: RuleBase(rawValue: ruleBase) ?? .none, deadlineYear: deadlineYear),
            indicator: indicator, indicatorEn: indicatorEn, responsible: responsible, measure: Self.decode(measure))
    }

    static func encode(_ measure: Measure?) -> String {
        guard let measure else { return "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(measure)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String) -> Measure? {
        text.isEmpty ? nil : try? JSONDecoder().decode(Measure.self, from: Data(text.utf8))
    }
}
