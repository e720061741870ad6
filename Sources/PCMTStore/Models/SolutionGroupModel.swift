import Fluent
import Foundation
import PCMTDomain

final class SolutionGroupModel: Model, @unchecked Sendable {
    static let schema = "solution_groups"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "title") var title: String
    @OptionalField(key: "title_en") var titleEn: String?
    @Field(key: "points") var points: [String]
    @Field(key: "version") var version: Int

    init() {}

    init(planID: UUID, solution: SolutionGroup) {
        self.planID = planID; number = solution.number; title = solution.title; titleEn = solution.titleEn
        points = solution.points; version = 1
    }

    var domain: SolutionGroup { SolutionGroup(number: number, title: title, titleEn: titleEn, points: points) }
}
