import Fluent
import Foundation
import PCMTDomain

/// A project or, when it has a parent, a sub-project.
final class ProjectModel: Model, @unchecked Sendable {
    static let schema = "projects"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "position") var position: Int
    @Field(key: "code") var code: String
    @Field(key: "number") var number: String
    @Field(key: "title") var title: String
    @OptionalField(key: "title_en") var titleEn: String?
    @OptionalField(key: "assignment_number") var assignmentNumber: Int?
    @OptionalField(key: "lead_unit") var leadUnit: String?
    @Field(key: "guidance") var guidance: String
    @Field(key: "version") var version: Int

    init() {}

    init(planID: UUID, position: Int, project: Project) {
        self.id = UUID(); self.planID = planID; self.position = position; code = project.code
        number = project.number; title = project.title; titleEn = project.titleEn
        assignmentNumber = project.assignment; leadUnit = project.leadUnit; guidance = project.guidance; version = 1
    }

    init(planID: UUID, parentID: UUID, position: Int, subproject: SubProject) {
        self.planID = planID; self.parentID = parentID; self.position = position; code = subproject.code
        number = subproject.number; title = subproject.title; titleEn = subproject.titleEn; guidance = ""
        version = 1
    }

    func domain(subprojects: [SubProject]) -> Project {
        Project(
            code: code, number: number, title: title, titleEn: titleEn, assignment: assignmentNumber ?? 0,
            leadUnit: leadUnit, guidance: guidance, subprojects: subprojects)
    }

    var subprojectDomain: SubProject { SubProject(code: code, number: number, title: title, titleEn: titleEn) }
}
