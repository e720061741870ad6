import Fluent
import Foundation

final class TargetGroupModel: Model, @unchecked Sendable {
    static let schema = "target_groups"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "text") var text: String
    @OptionalField(key: "title_en") var titleEn: String?
    @Field(key: "version") var version: Int

    init() {}

    init(planID: UUID, number: Int, text: String, titleEn: String?) {
        self.id = UUID(); self.planID = planID; self.number = number; self.text = text; self.titleEn = titleEn
        self.version = 1
    }
}
