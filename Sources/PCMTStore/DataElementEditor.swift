import Fluent
import Foundation
import PCMTDomain

/// A data element of a plan as the editor and the API see it: with its id and the version a change must start from.
public struct StoredDataElement: Sendable, Equatable {
    public var id: UUID
    public var planID: UUID
    public var version: Int
    /// Its place in the plan's list, from 1.
    public var position: Int
    public var element: DataElement
}

/// What came of adding, changing or removing a data element: refused field by field by ``DataElementRules``, or for
/// what still refers to the element.
public typealias DataElementSaveOutcome = ChangeOutcome<StoredDataElement>

/// Adds, changes and removes the data elements of a plan (pcmt issue 16, item 4). Each change is checked against the
/// plan's other elements by ``DataElementRules/check(_:others:knownUnits:)`` inside the transaction that saves it,
/// recorded in the audit log with what changed, raises the element's version and the reference version (pages and
/// the engine read elements through ``ReferenceCache``), and computes the plan's kept official totals again. A code
/// is changed, and an element removed, only while nothing refers to it: a target's measure, another element that is
/// part of it, or a value of the plan's years (values are kept by element code).
public struct DataElementEditor: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// The audit log's name for a data element.
    public static let entity = "dataElement"

    // MARK: Reading

    /// The plan's elements in their order, with ids and versions, read from the database (not the cache).
    public func elements(planID: UUID) async throws -> [StoredDataElement] {
        try await DataElementModel.query(on: database).filter(\.$planID == planID).sort(\.$position).all().map(Self.stored)
    }

    /// The element, provided it belongs to the plan.
    public func element(id: UUID, planID: UUID) async throws -> StoredDataElement? {
        try await Self.find(id: id, planID: planID, on: database).map(Self.stored)
    }

    // MARK: Changing

    /// Adds an element at the end of the plan's list. `knownUnits`: the unit codes an element may name as reporting.
    public func create(
        planID: UUID, draft: DataElementDraft, knownUnits: Set<String>, context: ChangeContext
    ) async throws -> DataElementSaveOutcome {
        try await VersionedChange.save(
            on: database, context: context, read: { try await PlanModel.find(planID, on: $0) }, missing: .notFound
        ) { plan, db in
            let existing = try await DataElementModel.query(on: db).filter(\.$planID == planID).all()
            let checked = DataElementRules.check(draft, others: existing.map(\.domain), knownUnits: knownUnits)
            guard let element = checked.element else { return .unchanged(.invalid(checked.problems)) }
            let model = DataElementModel(planID: planID, position: (existing.map(\.position).max() ?? 0) + 1, element: element)
            model.id = UUID()
            try await model.create(on: db)
            try await Self.changed(planID: planID, on: db)
            let saved = Self.stored(model)
            return .written(
                .saved(saved),
                AuditedChange(
                    kind: .create, entity: Self.entity, entityID: saved.id.uuidString, unitCode: plan.issuerUnit,
                    summary: "data element \(element.code) added to plan \(planID.uuidString.lowercased())", after: Self.fields(element)))
        }
    }

    /// Changes an element, provided it is still at `expectedVersion`. Saving what is already there changes nothing
    /// (and leaves the version as it is, so that other open forms stay valid).
    public func update(
        id: UUID, planID: UUID, expectedVersion: Int, draft: DataElementDraft, knownUnits: Set<String>, context: ChangeContext
    ) async throws -> DataElementSaveOutcome {
        try await saveVersioned(id: id, planID: planID, expectedVersion: expectedVersion, context: context) { plan, model, current, db in
            let others = try await DataElementModel.query(on: db).filter(\.$planID == planID).all().filter { $0.id != id }.map(\.domain)
            let checked = DataElementRules.check(draft, others: others, knownUnits: knownUnits)
            guard let element = checked.element else { return .unchanged(.invalid(checked.problems)) }
            if element == current.element { return .unchanged(.saved(current)) }
            if element.code != current.element.code {
                let references = try await Self.references(to: current.element.code, plan: plan, on: db)
                if !references.isEmpty {
                    return .unchanged(
                        .invalid([
                            FieldProblem(
                                field: "code",
                                en:
                                    "Code: \(current.element.code) cannot be renamed while \(references.map(\.en).joined(separator: "; ")) refer to it.",
                                vi:
                                    "Mã: không đổi được mã \(current.element.code) vì \(references.map(\.vi).joined(separator: "; ")) đang dùng mã này."
                            )
                        ]))
                }
            }
            model.apply(element)
            model.version += 1
            try await model.update(on: db)
            try await Self.changed(planID: planID, on: db)
            return .written(
                .saved(Self.stored(model)),
                .update(
                    entity: Self.entity, entityID: id.uuidString, unitCode: plan.issuerUnit,
                    summary: "data element \(element.code) in plan \(planID.uuidString.lowercased())", before: Self.fields(current.element),
                    after: Self.fields(element)))
        }
    }

    /// Removes an element, provided it is still at `expectedVersion` and nothing refers to it; otherwise the problem
    /// (field "code") says what does.
    public func delete(id: UUID, planID: UUID, expectedVersion: Int, context: ChangeContext) async throws -> DataElementSaveOutcome {
        try await saveVersioned(id: id, planID: planID, expectedVersion: expectedVersion, context: context) { plan, model, current, db in
            let references = try await Self.references(to: current.element.code, plan: plan, on: db)
            if !references.isEmpty {
                return .unchanged(
                    .invalid([
                        FieldProblem(
                            field: "code",
                            en: "Code: \(current.element.code) cannot be removed while \(references.map(\.en).joined(separator: "; ")) refer to it.",
                            vi:
                                "Mã: không xóa được chỉ số \(current.element.code) vì \(references.map(\.vi).joined(separator: "; ")) đang dùng chỉ số này."
                        )
                    ]))
            }
            try await model.delete(on: db)
            try await Self.changed(planID: planID, on: db)
            return .written(
                .saved(current),
                AuditedChange(
                    kind: .delete, entity: Self.entity, entityID: id.uuidString, unitCode: plan.issuerUnit,
                    summary: "data element \(current.element.code) removed from plan \(planID.uuidString.lowercased())",
                    before: Self.fields(current.element)))
        }
    }

    /// A change of an element of the plan that starts from the version the form was opened at (a conflict answers
    /// with the element as it stands and its last change).
    private func saveVersioned(
        id: UUID, planID: UUID, expectedVersion: Int, context: ChangeContext,
        change:
            @escaping @Sendable (PlanModel, DataElementModel, StoredDataElement, any Database) async throws -> ChangeStep<
                DataElementSaveOutcome
            >
    ) async throws -> DataElementSaveOutcome {
        try await VersionedChange.save(
            on: database, context: context, expected: expectedVersion,
            read: { db -> (plan: PlanModel, model: DataElementModel, current: StoredDataElement)? in
                guard let plan = try await PlanModel.find(planID, on: db), let model = try await Self.find(id: id, planID: planID, on: db)
                else { return nil }
                return (plan: plan, model: model, current: Self.stored(model))
            }, missing: .notFound, version: { $0.current.version },
            conflict: { found, db in
                try await .outdated(found.current, entity: Self.entity, entityID: id.uuidString, on: db)
            }
        ) { found, db in try await change(found.plan, found.model, found.current, db) }
    }

    // MARK: Helpers

    /// What refers to the element `code` of the plan, in words: the targets whose measure reads it, the elements that
    /// are part of it, and the number of values stored for it in the plan's years (baseline to end).
    static func references(to code: String, plan: PlanModel, on db: any Database) async throws -> [(vi: String, en: String)] {
        let planID = try plan.requireID()
        var result: [(vi: String, en: String)] = []
        let targets = try await TargetModel.query(on: db).filter(\.$planID == planID).sort(\.$position).all()
            .filter { TargetModel.decode($0.measure)?.elementCodes.contains(code) == true }.map(\.code)
        if !targets.isEmpty {
            result.append(("chỉ tiêu \(targets.joined(separator: ", "))", "target \(targets.joined(separator: ", "))"))
        }
        let parts = try await DataElementModel.query(on: db).filter(\.$planID == planID).filter(\.$partOf == code).all().map(\.code)
        if !parts.isEmpty {
            result.append(
                (
                    "chỉ số \(parts.joined(separator: ", ")) (là phần của chỉ số này)",
                    "element \(parts.joined(separator: ", ")) (part of this one)"
                ))
        }
        let values = try await DataValueModel.query(on: db).filter(\.$element == code).filter(\.$year >= plan.baselineYear)
            .filter(\.$year <= plan.endYear).count()
        if values > 0 {
            result.append(
                (
                    "\(values) giá trị số liệu các năm \(plan.baselineYear)–\(plan.endYear)",
                    "\(values) values of the years \(plan.baselineYear)–\(plan.endYear)"
                ))
        }
        return result
    }

    /// After any change: pages read elements anew, and the plan's kept totals follow the elements as they are now.
    static func changed(planID: UUID, on db: any Database) async throws {
        try await ReferenceCache.bump(on: db)
        try await OfficialTotals.rebuild(planID: planID, on: db)
    }

    static func find(id: UUID, planID: UUID, on db: any Database) async throws -> DataElementModel? {
        guard let model = try await DataElementModel.find(id, on: db), model.planID == planID else { return nil }
        return model
    }

    static func stored(_ model: DataElementModel) -> StoredDataElement {
        StoredDataElement(id: model.id!, planID: model.planID, version: model.version, position: model.position, element: model.domain)
    }

    /// The element's fields as text, for the audit log.
    static func fields(_ element: DataElement) -> [String: String] {
        let draft = DataElementDraft(element)
        return [
            "code": draft.code, "name": draft.name, "nameEn": draft.nameEn, "measure": draft.measure, "measureEn": draft.measureEn,
            "aggregation": draft.aggregation, "valueType": draft.valueType, "collectedAt": draft.collectedAt,
            "collectedBy": draft.collectedBy.joined(separator: ", "), "categories": DataElementRules.categoryLines(draft.categories),
            "partOf": draft.partOf,
        ]
    }
}
