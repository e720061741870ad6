import Fluent
import Foundation
import PCMTDomain

final class AssignmentModel: Model, @unchecked Sendable {
    static let schema = "assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "assignee") var assignee: String
    @OptionalField(key: "assignee_en") var assigneeEn: String?
    @Field(key: "units") var units: [String]
    @Field(key: "intro") var intro: String
    @Field(key: "version") var version: Int

    init() {}

    init(planID: UUID, assignment: Assignment) {
        self.id = UUID(); self.planID = planID; number = assignment.number; assignee = assignment.assignee
        assigneeEn = assignment.assigneeEn; units = assignment.units; intro = assignment.intro; version = 1
    }

    func domain(duties: [Duty]) -> Assignment {
        Assignment(
            number: number, assignee: assignee, assigneeEn: assigneeEn, units: units, intro: intro,
            duties: duties)
    }
}
