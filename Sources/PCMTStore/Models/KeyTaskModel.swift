import Fluent
import Foundation
import PCMTDomain

final class KeyTaskModel: Model, @unchecked Sendable {
    static let schema = "key_tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "text") var text: String
    @OptionalField(key: "title_en") var titleEn: String?
    @OptionalField(key: "solution_group") var solutionGroup: Int?
    @Field(key: "version") var version: Int

    init() {}

    init(planID: UUID, task: KeyTask) {
        self.planID = planID; number = task.number; text = task.text; titleEn = task.titleEn; solutionGroup = task.solutionGroup; version = 1
    }

    var domain: KeyTask { KeyTask(number: number, text: text, titleEn: titleEn, solutionGroup: solutionGroup) }
}
