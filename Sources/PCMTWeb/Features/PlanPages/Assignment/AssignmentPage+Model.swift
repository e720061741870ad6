import PCMTDomain

/// One assignee of section IV: its duties with the bodies it leads or cooperates with, its projects,
/// the targets it answers for, and the other assignees' duties that name it as a partner.
enum AssignmentPage {
    struct Model {
        var plan: Plan
        var assignment: Assignment
        var units: UnitDirectory
        var projects: [Project]
        var targets: [Target]
        /// Duties of other assignees that name one of this assignee's units as a partner.
        var namedBy: [(assignment: Assignment, duty: Duty)]
    }

    static func model(_ context: PageQueryContext, plan: Plan, number: Int?) async throws -> Model {
        guard let number, let assignment = plan.assignment(number: number) else {
            throw PageError.notFound(
                context.t(
                    "There is no such assignee in this plan.",
                    "Kế hoạch không có đơn vị được phân công này."))
        }
        let own = Set(assignment.units)
        var namedBy: [(Assignment, Duty)] = []
        for other in plan.assignments where other.number != number {
            for duty in other.duties where !own.isDisjoint(with: duty.partners) {
                namedBy.append((other, duty))
            }
        }
        return Model(
            plan: plan, assignment: assignment, units: try await context.unitDirectory(for: plan),
            projects: plan.projects.filter { $0.assignment == number },
            targets: plan.targets.filter { $0.responsible.contains(number) },
            namedBy: namedBy)
    }
}
