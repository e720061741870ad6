import Fluent
import Foundation
import PCMTDomain

final class OrganisationClauseModel: Model, @unchecked Sendable {
    static let schema = "organisation_clauses"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "text") var text: String

    init() {}

    init(planID: UUID, clause: OrganisationClause) {
        self.planID = planID; number = clause.number; text = clause.text
    }

    var domain: OrganisationClause { OrganisationClause(number: number, text: text) }
}
