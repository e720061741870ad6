import Fluent
import Foundation

/// One version of a plan (``PCMTDomain/PlanVersion``): its document, the day it is in force from, and the whole plan
/// as it stood when the version was recorded.
final class PlanVersionModel: Model, @unchecked Sendable {
    static let schema = "plan_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "in_force_from") var inForceFrom: String
    @Field(key: "document_number") var documentNumber: String
    @Field(key: "document_date") var documentDate: String
    @Field(key: "document_issuer") var documentIssuer: String
    /// The document's title or what it changes (``PCMTDomain/AmendingDocument/summary``).
    @Field(key: "document_title") var documentTitle: String
    /// The ``PCMTDomain/Plan`` as JSON.
    @Field(key: "snapshot") var snapshot: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
