import Fluent
import Foundation
import PCMTDomain

/// One editable part of a plan as a form sees it.
public struct PlanRecord: Sendable, Equatable {
    public var kind: PlanRecordKind
    public var id: UUID
    public var parentID: UUID?
    public var version: Int
    public var fields: [String: String]
}

/// Who makes a change, for the audit log.
public struct ChangeContext: Sendable {
    public var actor: String
    public var actorUnit: String?
    public var address: String?

    public init(actor: String, actorUnit: String?, address: String?) {
        self.actor = actor; self.actorUnit = actorUnit; self.address = address
    }
}

/// What came of changing a record of a plan.
public typealias SaveOutcome = ChangeOutcome<PlanRecord>

/// Edits a plan record by record. Every change checks the version the editor started from, is saved together
/// with its audit event, and is refused whole when anything is wrong.
public struct PlanEditor: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    // MARK: Reading

    public func record(_ kind: PlanRecordKind, id: UUID, planID: UUID) async throws -> PlanRecord? {
        try await Self.find(kind, id: id, planID: planID, on: database)
    }

    /// Every record of a plan, in document order, for the editing overview.
    public func records(planID: UUID) async throws -> [PlanRecord] {
        var result: [PlanRecord] = []
        if let plan = try await PlanModel.find(planID, on: database) { result.append(try await Self.planRecord(plan, on: database)) }
        let groups = try await TargetGroupModel.query(on: database).filter(\.$planID == planID).sort(\.$number).all()
        result += groups.map { Self.record(.group, $0) }
        let groupNumbers = Dictionary(uniqueKeysWithValues: groups.map { ($0.id!, $0.number) })
        for target in try await TargetModel.query(on: database).filter(\.$planID == planID).sort(\.$position).all() {
            result.append(Self.targetRecord(target, groupNumber: groupNumbers[target.groupID]))
        }
        result += try await KeyTaskModel.query(on: database).filter(\.$planID == planID).sort(\.$number).all().map { Self.record(.task, $0) }
        result += try await SolutionGroupModel.query(on: database).filter(\.$planID == planID).sort(\.$number).all().map {
            Self.record(.solution, $0)
        }
        let assignments = try await AssignmentModel.query(on: database).filter(\.$planID == planID).sort(\.$number).all()
        for assignment in assignments {
            result.append(Self.record(.assignment, assignment))
            let duties = try await DutyModel.query(on: database).filter(\.$assignmentID == assignment.id!).sort(\.$position).all()
            result += duties.map { Self.record(.duty, $0, parent: assignment.id) }
        }
        let projects = try await ProjectModel.query(on: database).filter(\.$planID == planID).sort(\.$position).all()
        for project in projects where project.parentID == nil {
            result.append(Self.record(.project, project))
            result += projects.filter { $0.parentID == project.id }.map { Self.record(.subproject, $0, parent: project.id) }
        }
        return result
    }

    // MARK: Changing

    public func update(
        _ kind: PlanRecordKind, id: UUID, planID: UUID, expectedVersion: Int, fields: [String: String],
        context: ChangeContext
    ) async throws -> SaveOutcome {
        try await saveVersioned(kind, id: id, planID: planID, expectedVersion: expectedVersion, context: context) { current, db in
            let problems = try await Self.uniquenessProblems(
                kind, fields: fields, planID: planID, parentID: current.parentID,
                excluding: id, on: db)
            if !problems.isEmpty { return .unchanged(.invalid(problems)) }
            let model = try await Self.model(kind, id: id, on: db)!
            try await Self.apply(kind, fields: fields, to: model, planID: planID, on: db)
            let applied =
                kind == .target
                ? Self.targetRecord(model as! TargetModel, groupNumber: Int(FieldText.trimmed(fields, "group")))
                : kind == .plan
                    ? try await Self.planRecord(model as! PlanModel, on: db) : Self.record(kind, model, parent: current.parentID)
            // Saving what is already there changes nothing, and must not make other people's open forms stale.
            if applied.fields == current.fields { return .unchanged(.saved(current)) }
            model.version += 1
            try await model.update(on: db)
            try await ReferenceCache.bump(on: db)
            let saved = try await Self.find(kind, id: id, planID: planID, on: db)!
            return .written(
                .saved(saved),
                .update(
                    entity: kind.rawValue, entityID: id.uuidString, unitCode: try await Self.issuerUnit(planID, on: db),
                    summary: "\(kind.rawValue) \(Self.label(saved)) in plan \(planID.uuidString.lowercased())", before: current.fields,
                    after: saved.fields))
        }
    }

    /// Adds a record; `parentID` is the assignment of a duty or the project of a sub-project.
    public func create(
        _ kind: PlanRecordKind, planID: UUID, parentID: UUID?, fields: [String: String],
        context: ChangeContext
    ) async throws -> SaveOutcome {
        try await VersionedChange.save(
            on: database, context: context, read: { try await PlanModel.find(planID, on: $0) }, missing: .notFound
        ) { _, db in
            try await PlanVersionStore.ensureIssued(planID: planID, on: db, by: context.actor)
            let problems = try await Self.uniquenessProblems(
                kind, fields: fields, planID: planID, parentID: parentID,
                excluding: nil, on: db)
            if !problems.isEmpty { return .unchanged(.invalid(problems)) }
            let model: any EditableModel
            switch kind {
            case .plan: return .unchanged(.notFound)
            case .group:
                let group = TargetGroupModel(planID: planID, number: 0, text: "", titleEn: nil)
                model = group
            case .target:
                let target = TargetModel()
                target.id = UUID(); target.planID = planID; target.version = 1
                target.position = (try await TargetModel.query(on: db).filter(\.$planID == planID).max(\.$position) ?? 0) + 1
                model = target
            case .task:
                let task = KeyTaskModel(); task.id = UUID(); task.planID = planID; task.version = 1; model = task
            case .solution:
                let solution = SolutionGroupModel(); solution.id = UUID(); solution.planID = planID; solution.version = 1
                model = solution
            case .assignment:
                model = AssignmentModel(planID: planID, assignment: Assignment(number: 0, assignee: "", units: [], duties: []))
            case .duty:
                guard let parentID, let assignment = try await AssignmentModel.find(parentID, on: db), assignment.planID == planID
                else { return .unchanged(.notFound) }
                let position = (try await DutyModel.query(on: db).filter(\.$assignmentID == parentID).max(\.$position) ?? 0) + 1
                let duty = DutyModel(assignmentID: parentID, position: position, duty: Duty(label: "", text: "", role: .implement))
                duty.id = UUID()
                model = duty
            case .project, .subproject:
                if kind == .subproject {
                    guard let parentID, let parent = try await ProjectModel.find(parentID, on: db), parent.planID == planID,
                        parent.parentID == nil
                    else { return .unchanged(.notFound) }
                }
                let siblings = ProjectModel.query(on: db).filter(\.$planID == planID)
                let position =
                    (try await (kind == .project ? siblings.filter(\.$parentID == nil) : siblings.filter(\.$parentID == parentID))
                        .max(\.$position) ?? 0) + 1
                let project = ProjectModel(
                    planID: planID, position: position,
                    project: Project(code: "", number: "", title: "", assignment: 0, leadUnit: nil))
                if kind == .subproject { project.parentID = parentID }
                model = project
            }
            try await Self.apply(kind, fields: fields, to: model, planID: planID, on: db)
            try await model.create(on: db)
            try await ReferenceCache.bump(on: db)
            let saved = try await Self.find(kind, id: model.id!, planID: planID, on: db)!
            return .written(
                .saved(saved),
                AuditedChange(
                    kind: .create, entity: kind.rawValue, entityID: saved.id.uuidString, unitCode: try await Self.issuerUnit(planID, on: db),
                    summary: "\(kind.rawValue) \(Self.label(saved)) added to plan \(planID.uuidString.lowercased())",
                    after: saved.fields))
        }
    }

    public func delete(
        _ kind: PlanRecordKind, id: UUID, planID: UUID, expectedVersion: Int,
        context: ChangeContext
    ) async throws -> SaveOutcome {
        guard kind != .plan else { return .notFound }
        return try await saveVersioned(kind, id: id, planID: planID, expectedVersion: expectedVersion, context: context) { current, db in
            if kind == .group, try await TargetModel.query(on: db).filter(\.$groupID == id).count() > 0 {
                return .unchanged(
                    .invalid([
                        FieldProblem(
                            field: "number", en: "The group still has targets; move or delete them first.",
                            vi: "Nhóm vẫn còn chỉ tiêu; hãy chuyển hoặc xóa các chỉ tiêu trước.")
                    ]))
            }
            try await Self.model(kind, id: id, on: db)!.delete(on: db)
            try await ReferenceCache.bump(on: db)
            return .written(
                .saved(current),
                AuditedChange(
                    kind: .delete, entity: kind.rawValue, entityID: id.uuidString, unitCode: try await Self.issuerUnit(planID, on: db),
                    summary: "\(kind.rawValue) \(Self.label(current)) removed from plan \(planID.uuidString.lowercased())",
                    before: current.fields))
        }
    }

    /// A change of a record of the plan that starts from the version the form was opened at: a conflict answers with
    /// the record as it stands and its last change; the plan before its first change is recorded as issued (version 1).
    private func saveVersioned(
        _ kind: PlanRecordKind, id: UUID, planID: UUID, expectedVersion: Int, context: ChangeContext,
        change: @escaping @Sendable (PlanRecord, any Database) async throws -> ChangeStep<SaveOutcome>
    ) async throws -> SaveOutcome {
        try await VersionedChange.save(
            on: database, context: context, expected: expectedVersion, read: { try await Self.find(kind, id: id, planID: planID, on: $0) },
            missing: .notFound, version: \.version,
            conflict: { current, db in try await .outdated(current, entity: kind.rawValue, entityID: id.uuidString, on: db) }
        ) { current, db in
            // The plan before its first change is the plan as issued (version 1).
            try await PlanVersionStore.ensureIssued(planID: planID, on: db, by: context.actor)
            return try await change(current, db)
        }
    }

    /// Saves a new plan, blank or copied, with its audit event.
    public func createPlan(_ plan: Plan, copiedFrom source: UUID?, context: ChangeContext) async throws {
        try await AuditLog(database: database).transaction { db, audit in
            try await PlanStore.insert(plan, on: db)
            // A copy measures its targets from the same data elements as the plan it was copied from.
            if let source {
                let elements = try await DataElementStore(database: db).elements(planID: source)
                try await DataElementStore(database: db).insert(elements, planID: plan.id, on: db)
            }
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .create, entity: "plan",
                    entityID: plan.id.uuidString, unitCode: plan.issuerUnit,
                    summary: source.map { "plan \(plan.code) created as a copy of plan \($0.uuidString.lowercased())" }
                        ?? "plan \(plan.code) created blank",
                    after: ["code": plan.code, "title": plan.title, "startYear": String(plan.startYear), "endYear": String(plan.endYear)]))
        }
    }

    // MARK: Helpers

    static func model(_ kind: PlanRecordKind, id: UUID, on db: any Database) async throws -> (any EditableModel)? {
        switch kind {
        case .plan: try await PlanModel.find(id, on: db)
        case .group: try await TargetGroupModel.find(id, on: db)
        case .target: try await TargetModel.find(id, on: db)
        case .task: try await KeyTaskModel.find(id, on: db)
        case .solution: try await SolutionGroupModel.find(id, on: db)
        case .assignment: try await AssignmentModel.find(id, on: db)
        case .duty: try await DutyModel.find(id, on: db)
        case .project, .subproject: try await ProjectModel.find(id, on: db)
        }
    }

    /// The record, provided it belongs to the plan and is of the kind asked for.
    static func find(_ kind: PlanRecordKind, id: UUID, planID: UUID, on db: any Database) async throws -> PlanRecord? {
        switch kind {
        case .plan:
            guard id == planID, let plan = try await PlanModel.find(id, on: db) else { return nil }
            return try await planRecord(plan, on: db)
        case .group:
            guard let m = try await TargetGroupModel.find(id, on: db), m.planID == planID else { return nil }
            return record(.group, m)
        case .target:
            guard let m = try await TargetModel.find(id, on: db), m.planID == planID else { return nil }
            return targetRecord(m, groupNumber: try await TargetGroupModel.find(m.groupID, on: db)?.number)
        case .task:
            guard let m = try await KeyTaskModel.find(id, on: db), m.planID == planID else { return nil }
            return record(.task, m)
        case .solution:
            guard let m = try await SolutionGroupModel.find(id, on: db), m.planID == planID else { return nil }
            return record(.solution, m)
        case .assignment:
            guard let m = try await AssignmentModel.find(id, on: db), m.planID == planID else { return nil }
            return record(.assignment, m)
        case .duty:
            guard let m = try await DutyModel.find(id, on: db),
                let parent = try await AssignmentModel.find(m.assignmentID, on: db), parent.planID == planID
            else { return nil }
            return record(.duty, m, parent: parent.id)
        case .project, .subproject:
            guard let m = try await ProjectModel.find(id, on: db), m.planID == planID,
                (m.parentID == nil) == (kind == .project)
            else { return nil }
            return record(kind, m, parent: m.parentID)
        }
    }

    static func record(_ kind: PlanRecordKind, _ model: some EditableModel, parent: UUID? = nil) -> PlanRecord {
        PlanRecord(kind: kind, id: model.id!, parentID: parent, version: model.version, fields: model.fieldValues)
    }

    /// The plan's own record, its predecessor named by number (``Plan/predecessorID``; empty for none).
    static func planRecord(_ model: PlanModel, on db: any Database) async throws -> PlanRecord {
        var record = record(.plan, model)
        if let id = model.predecessorID {
            record.fields["predecessor"] = try await PlanModel.find(id, on: db)?.code ?? ""
        }
        return record
    }

    static func targetRecord(_ model: TargetModel, groupNumber: Int?) -> PlanRecord {
        var record = record(.target, model)
        record.fields["group"] = groupNumber.map(String.init) ?? ""
        return record
    }

    static func apply(
        _ kind: PlanRecordKind, fields: [String: String], to model: any EditableModel, planID: UUID,
        on db: any Database
    ) async throws {
        model.apply(fields)
        if kind == .plan, let plan = model as? PlanModel {
            let code = FieldText.trimmed(fields, "predecessor")
            plan.predecessorID = code.isEmpty ? nil : try await PlanModel.query(on: db).filter(\.$code == code).first()?.id
        }
        if kind == .target, let target = model as? TargetModel,
            let number = Int(FieldText.trimmed(fields, "group")),
            let group = try await TargetGroupModel.query(on: db).filter(\.$planID == planID).filter(\.$number == number).first()
        {
            target.groupID = group.id!
        }
    }

    /// Codes and numbers that must stay unique within the plan (or within the parent record).
    static func uniquenessProblems(
        _ kind: PlanRecordKind, fields: [String: String], planID: UUID, parentID: UUID?,
        excluding id: UUID?, on db: any Database
    ) async throws -> [FieldProblem] {
        let number = Int(FieldText.trimmed(fields, "number"))
        let code = FieldText.trimmed(fields, "code")
        func taken(_ ids: [UUID]) -> Bool { ids.contains { $0 != id } }
        let clash: (field: String, taken: Bool)
        switch kind {
        case .plan:
            return try await predecessorProblems(fields, planID: planID, on: db)
        case .duty:
            return []
        case .group:
            clash = (
                "number", taken(try await TargetGroupModel.query(on: db).filter(\.$planID == planID).filter(\.$number == number ?? -1).all(\.$id))
            )
        case .target:
            clash = ("code", taken(try await TargetModel.query(on: db).filter(\.$planID == planID).filter(\.$code == code).all(\.$id)))
        case .task:
            clash = ("number", taken(try await KeyTaskModel.query(on: db).filter(\.$planID == planID).filter(\.$number == number ?? -1).all(\.$id)))
        case .solution:
            clash = (
                "number", taken(try await SolutionGroupModel.query(on: db).filter(\.$planID == planID).filter(\.$number == number ?? -1).all(\.$id))
            )
        case .assignment:
            clash = (
                "number", taken(try await AssignmentModel.query(on: db).filter(\.$planID == planID).filter(\.$number == number ?? -1).all(\.$id))
            )
        case .project, .subproject:
            clash = ("code", taken(try await ProjectModel.query(on: db).filter(\.$planID == planID).filter(\.$code == code).all(\.$id)))
        }
        guard clash.taken else { return [] }
        return [
            FieldProblem(
                field: clash.field, en: "Another record of this plan already uses this \(clash.field).",
                vi: clash.field == "code" ? "Mã này đã được dùng trong kế hoạch." : "Số thứ tự này đã được dùng trong kế hoạch.")
        ]
    }

    /// The predecessor named in a plan's record (by number) must be another plan that ends before this plan's first
    /// year (so that its years and this plan's never overlap and no plan succeeds itself, even indirectly).
    static func predecessorProblems(_ fields: [String: String], planID: UUID, on db: any Database) async throws -> [FieldProblem] {
        let code = FieldText.trimmed(fields, "predecessor")
        guard !code.isEmpty else { return [] }
        guard let before = try await PlanModel.query(on: db).filter(\.$code == code).first() else {
            return [FieldProblem(field: "predecessor", en: "No plan with this number.", vi: "Không có kế hoạch với số, ký hiệu này.")]
        }
        if before.id == planID {
            return [FieldProblem(field: "predecessor", en: "A plan cannot follow itself.", vi: "Kế hoạch không thể kế tiếp chính nó.")]
        }
        if let start = Int(FieldText.trimmed(fields, "startYear")), before.endYear >= start {
            return [
                FieldProblem(
                    field: "predecessor", en: "Plan \(code) runs to \(before.endYear), not before this plan's first year \(start).",
                    vi: "Kế hoạch \(code) kéo dài đến năm \(before.endYear), không kết thúc trước năm bắt đầu \(start) của kế hoạch này.")
            ]
        }
        return []
    }

    static func issuerUnit(_ planID: UUID, on db: any Database) async throws -> String? {
        try await PlanModel.find(planID, on: db)?.issuerUnit
    }

    static func label(_ record: PlanRecord) -> String {
        record.fields["code"] ?? record.fields["number"].map { "#\($0)" } ?? record.fields["label"] ?? record.id.uuidString
    }
}
