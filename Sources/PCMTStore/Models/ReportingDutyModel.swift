import Fluent
import Foundation
import PCMTDomain

final class ReportingDutyModel: Model, @unchecked Sendable {
    static let schema = "reporting_duties"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: String
    @Field(key: "text") var text: String
    @OptionalField(key: "text_en") var textEn: String?
    @OptionalField(key: "year") var year: Int?
    @OptionalField(key: "recipient_unit") var recipientUnit: String?

    init() {}

    init(planID: UUID, position: Int, duty: ReportingDuty) {
        self.planID = planID; self.position = position; kind = duty.kind.rawValue; text = duty.text
        textEn = duty.textEn; year = duty.year; recipientUnit = duty.recipientUnit
    }

    var domain: ReportingDuty? {
        ReportingKind(rawValue: kind).map {
            ReportingDuty(kind: $0, text: text, textEn: textEn, year: year, recipientUnit: recipientUnit)
        }
    }
}
