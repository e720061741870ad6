import Fluent
import Foundation
import PCMTDomain

final class DutyModel: Model, @unchecked Sendable {
    static let schema = "duties"

    @ID(key: .id) var id: UUID?
    @Field(key: "assignment_id") var assignmentID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "label") var label: String
    @Field(key: "text") var text: String
    @Field(key: "role") var role: String
    @Field(key: "partners") var partners: [String]
    @Field(key: "bullets") var bullets: [String]
    @OptionalField(key: "key_task") var keyTask: Int?
    @Field(key: "version") var version: Int

    init() {}

    init(assignmentID: UUID, position: Int, duty: Duty) {
        self.assignmentID = assignmentID; self.position = position; label = duty.label; text = duty.text
        role = duty.role.rawValue; partners = duty.partners; bullets = duty.bullets; keyTask = duty.keyTask; version = 1
    }

    var domain: Duty {
        Duty(
            label: label, text: text, role: DutyRole(rawValue: role) ?? .implement, partners: partners,
            bullets: bullets, keyTask: keyTask)
    }
}
