import Fluent
import Foundation
import PCMTDomain

final class PlanModel: Model, @unchecked Sendable {
    static let schema = "plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @OptionalField(key: "title_en") var titleEn: String?
    @Field(key: "issuer") var issuer: String
    @OptionalField(key: "issuer_en") var issuerEn: String?
    @OptionalField(key: "issuer_unit") var issuerUnit: String?
    @Field(key: "place") var place: String
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "implements") var implements: String
    @OptionalField(key: "implements_en") var implementsEn: String?
    @Field(key: "start_year") var startYear: Int
    @Field(key: "end_year") var endYear: Int
    @Field(key: "baseline_year") var baselineYear: Int
    @OptionalField(key: "signature_capacity") var signatureCapacity: String?
    @OptionalField(key: "signature_title") var signatureTitle: String?
    @Field(key: "recipients") var recipients: [String]
    @Field(key: "general_objective") var generalObjective: String
    @OptionalField(key: "general_objective_en") var generalObjectiveEn: String?
    @Field(key: "version") var version: Int
    /// The plan this one succeeds (``Plan/predecessorID``).
    @OptionalField(key: "predecessor_id") var predecessorID: UUID?

    init() {}

    init(_ plan: Plan) {
        id = plan.id; code = plan.code; kind = plan.kind; title = plan.title; titleEn = plan.titleEn
        issuer = plan.issuer; issuerEn = plan.issuerEn; issuerUnit = plan.issuerUnit; place = plan.place
        issuedOn = plan.issuedOn; implements = plan.implements; implementsEn = plan.implementsEn
        startYear = plan.startYear; endYear = plan.endYear; baselineYear = plan.baselineYear
        signatureCapacity = plan.signature?.capacity; signatureTitle = plan.signature?.title
        recipients = plan.recipients; generalObjective = plan.generalObjective
        generalObjectiveEn = plan.generalObjectiveEn; version = 1; predecessorID = plan.predecessorID
    }

    /// The plan's own fields; its parts are filled in by the store.
    var domainShell: Plan {
        Plan(
            id: id!, code: code, kind: kind, title: title, titleEn: titleEn, issuer: issuer, issuerEn: issuerEn,
            issuerUnit: issuerUnit, place: place, issuedOn: issuedOn, implements: implements,
            implementsEn: implementsEn, startYear: startYear, endYear: endYear, baselineYear: baselineYear,
            signature: signatureCapacity.map { Signature(capacity: $0, title: signatureTitle ?? "") },
            recipients: recipients, generalObjective: generalObjective, generalObjectiveEn: generalObjectiveEn,
            predecessorID: predecessorID)
    }
}
