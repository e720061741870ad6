import Fluent
import Foundation

final class ReportingRoundModel: Model, @unchecked Sendable {
    static let schema = "reporting_rounds"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "period") var period: String
    @Field(key: "kind") var kind: String
    @Field(key: "due_date") var dueDate: String
    @Field(key: "cutoff_start") var cutoffStart: String
    @Field(key: "cutoff_end") var cutoffEnd: String
    @Field(key: "opened_by") var openedBy: String
    @Field(key: "opened_at") var openedAt: Date

    init() {}
}

final class SubmissionModel: Model, @unchecked Sendable {
    static let schema = "submissions"

    @ID(key: .id) var id: UUID?
    @Field(key: "round_id") var roundID: UUID
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "state") var state: String
    /// The narratives and project progress as JSON.
    @Field(key: "content") var content: String
    @Field(key: "version") var version: Int
    @OptionalField(key: "first_submitted_at") var firstSubmittedAt: Date?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class SubmissionEventModel: Model, @unchecked Sendable {
    static let schema = "submission_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "submission_id") var submissionID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "from_state") var fromState: String
    @Field(key: "to_state") var toState: String
    @Field(key: "comment") var comment: String
    /// The reviewer's comments per item, as JSON ``PCMTDomain/ReviewComment``s; nil for none.
    @OptionalField(key: "item_comments") var itemComments: String?
    /// The report's content when it was returned or reopened, as JSON, to show what changed since.
    @OptionalField(key: "content") var content: String?

    init() {}
}
