import Fluent
import Foundation
import PCMTDomain

/// The identity of a plan, as listed.
public struct PlanSummary: Codable, Sendable, Equatable {
    public var id: UUID
    public var code: String
    public var title: String
    public var issuedOn: String
    public var startYear: Int
    public var endYear: Int
}

/// Reads and writes whole plans.
public struct PlanStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// Newest plan first.
    public func summaries() async throws -> [PlanSummary] {
        try await PlanModel.query(on: database).sort(\.$issuedOn, .descending).sort(\.$code).all().map {
            PlanSummary(
                id: $0.id!, code: $0.code, title: $0.title, issuedOn: $0.issuedOn,
                startYear: $0.startYear, endYear: $0.endYear)
        }
    }

    public func exists(id: UUID) async throws -> Bool {
        try await PlanModel.find(id, on: database) != nil
    }

    /// The whole plan, from the process's ``ReferenceCache`` (read again after any change of a plan).
    public func plan(id: UUID) async throws -> Plan? {
        try await ReferenceCache.shared.plan(id: id, on: database)
    }

    /// The plan as it applies to `period`: the version in force on the period's last day (``PlanVersions/inForce(for:)``);
    /// the plan as it stands when that is its latest version. Every page and document of a period reads its plan here.
    public func plan(id: UUID, for period: Period) async throws -> PlanInForce? {
        try await PlanVersionStore(database: database).inForce(planID: id, for: period)
    }

    /// The whole plan as stored.
    static func load(id: UUID, on database: any Database) async throws -> Plan? {
        guard let model = try await PlanModel.find(id, on: database) else { return nil }
        var plan = model.domainShell
        let targets = try await TargetModel.query(on: database).filter(\.$planID == id).sort(\.$position).all()
        let groups = try await TargetGroupModel.query(on: database).filter(\.$planID == id).sort(\.$number).all()
        plan.targetGroups = groups.map { group in
            TargetGroup(
                number: group.number, text: group.text, titleEn: group.titleEn,
                targets: targets.filter { $0.groupID == group.id }.map(\.domain))
        }
        plan.tasks = try await KeyTaskModel.query(on: database).filter(\.$planID == id).sort(\.$number).all().map(\.domain)
        plan.solutions = try await SolutionGroupModel.query(on: database).filter(\.$planID == id).sort(\.$number)
            .all().map(\.domain)
        let assignments = try await AssignmentModel.query(on: database).filter(\.$planID == id).sort(\.$number).all()
        let assignmentIDs = assignments.compactMap(\.id)
        let duties =
            assignmentIDs.isEmpty
            ? []
            : try await DutyModel.query(on: database)
                .filter(\.$assignmentID ~~ assignmentIDs).sort(\.$position).all()
        let dutiesByAssignment = Dictionary(grouping: duties, by: \.assignmentID)
        plan.assignments = assignments.map { $0.domain(duties: (dutiesByAssignment[$0.id!] ?? []).map(\.domain)) }
        let projects = try await ProjectModel.query(on: database).filter(\.$planID == id).sort(\.$position).all()
        let children = Dictionary(grouping: projects.filter { $0.parentID != nil }, by: { $0.parentID! })
        plan.projects = projects.filter { $0.parentID == nil }.map {
            $0.domain(subprojects: (children[$0.id!] ?? []).map(\.subprojectDomain))
        }
        plan.reporting = try await ReportingDutyModel.query(on: database).filter(\.$planID == id).sort(\.$position)
            .all().compactMap(\.domain)
        plan.organisation = try await OrganisationClauseModel.query(on: database).filter(\.$planID == id)
            .sort(\.$number).all().map(\.domain)
        return plan
    }

    /// Saves a whole plan with all its parts, or nothing.
    public func insert(_ plan: Plan) async throws {
        try await database.transaction { db in
            try await Self.insert(plan, on: db)
        }
    }

    static func insert(_ plan: Plan, on db: any Database) async throws {
        try await ReferenceCache.bump(on: db)
        try await PlanModel(plan).create(on: db)
        var position = 0
        for group in plan.targetGroups {
            let groupModel = TargetGroupModel(
                planID: plan.id, number: group.number, text: group.text,
                titleEn: group.titleEn)
            try await groupModel.create(on: db)
            for target in group.targets {
                position += 1
                try await TargetModel(planID: plan.id, groupID: groupModel.id!, position: position, target: target)
                    .create(on: db)
            }
        }
        try await plan.tasks.map { KeyTaskModel(planID: plan.id, task: $0) }.create(on: db)
        try await plan.solutions.map { SolutionGroupModel(planID: plan.id, solution: $0) }.create(on: db)
        for assignment in plan.assignments {
            let model = AssignmentModel(planID: plan.id, assignment: assignment)
            try await model.create(on: db)
            try await assignment.duties.enumerated()
                .map { DutyModel(assignmentID: model.id!, position: $0.offset + 1, duty: $0.element) }.create(on: db)
        }
        for (index, project) in plan.projects.enumerated() {
            let model = ProjectModel(planID: plan.id, position: index + 1, project: project)
            try await model.create(on: db)
            try await project.subprojects.enumerated()
                .map { ProjectModel(planID: plan.id, parentID: model.id!, position: $0.offset + 1, subproject: $0.element) }
                .create(on: db)
        }
        try await plan.reporting.enumerated()
            .map { ReportingDutyModel(planID: plan.id, position: $0.offset + 1, duty: $0.element) }.create(on: db)
        try await plan.organisation.map { OrganisationClauseModel(planID: plan.id, clause: $0) }.create(on: db)
        // Version 1: the plan as entered is the plan as issued (``PlanVersionStore``).
        try await PlanVersionStore.insert(plan: plan, version: .issued(plan), by: "system", on: db)
    }
}
