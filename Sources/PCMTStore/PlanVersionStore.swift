import Fluent
import Foundation
import PCMTDomain

/// A recorded version of a plan: what it is (number, in-force day, document), the plan as it then stood, and who
/// recorded it when.
public struct PlanVersionRecord: Sendable, Equatable {
    public var version: PlanVersion
    public var plan: Plan
    public var createdBy: String
    public var createdAt: Date

    public init(version: PlanVersion, plan: Plan, createdBy: String, createdAt: Date) {
        self.version = version; self.plan = plan; self.createdBy = createdBy; self.createdAt = createdAt
    }
}

/// A plan as it applies to a period: the version in force then (``PlanVersions/inForce(for:)``), and whether it is
/// the plan as it stands now.
public struct PlanInForce: Sendable {
    public var plan: Plan
    /// The version in force; nil for a plan with no recorded version (never changed since it was entered).
    public var version: PlanVersion?
    /// Whether the version is the latest (then `plan` is the plan as it stands, with any correction made since).
    public var isLatest: Bool
    /// How many versions the plan has (0 or 1: never amended).
    public var versionCount: Int

    public init(plan: Plan, version: PlanVersion?, isLatest: Bool, versionCount: Int) {
        self.plan = plan; self.version = version; self.isLatest = isLatest; self.versionCount = versionCount
    }
}

/// What came of recording an amendment: `saved` the version recorded; a conflict when another amendment was recorded
/// since the form was opened, with the latest version now and the event that recorded it.
public typealias AmendmentOutcome = ChangeOutcome<PlanVersionRecord>

/// The versions of plans (issue 16, item 4). Version 1 is the plan as issued: recorded when the plan is entered
/// (``PlanStore/insert(_:on:)``), or, for a plan entered before versions were kept, from the plan as it stands just
/// before its first change in the editor (``ensureIssued(planID:on:)``). An amendment records the plan as the editor
/// holds it as a new version, with its document and the day it is in force from (``record(planID:input:after:context:)``).
///
/// Which content a period sees: the plan as it stands for the periods of the latest version (the editor's changes
/// are live, as before), the recorded plan of an earlier version for the periods it was in force
/// (``inForce(planID:for:)``).
public struct PlanVersionStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// The audit log's name for a plan version.
    public static let entity = "planVersion"

    /// The plan's recorded versions, oldest first, from the process's ``ReferenceCache``.
    public func versions(planID: UUID) async throws -> [PlanVersionRecord] {
        try await ReferenceCache.shared.planVersions(planID: planID, on: database)
    }

    /// The versions as stored.
    static func load(planID: UUID, on db: any Database) async throws -> [PlanVersionRecord] {
        let decoder = JSONDecoder()
        return try await PlanVersionModel.query(on: db).filter(\.$planID == planID).sort(\.$number).all().map { model in
            PlanVersionRecord(
                version: PlanVersion(
                    number: model.number, inForceFrom: model.inForceFrom,
                    document: AmendingDocument(
                        number: model.documentNumber, date: model.documentDate, issuer: model.documentIssuer,
                        summary: model.documentTitle)),
                plan: try decoder.decode(Plan.self, from: Data(model.snapshot.utf8)), createdBy: model.createdBy,
                createdAt: model.createdAt)
        }
    }

    /// The plan as it applies to `period`: the version in force on the period's last day. The latest version is the
    /// plan as it stands; an earlier one is the plan as recorded with it (its identity the plan's own).
    public func inForce(planID: UUID, for period: Period) async throws -> PlanInForce? {
        guard let current = try await PlanStore(database: database).plan(id: planID) else { return nil }
        return Self.inForce(current: current, versions: try await versions(planID: planID), for: period)
    }

    /// The same from a plan and its versions already read.
    public static func inForce(current: Plan, versions: [PlanVersionRecord], for period: Period) -> PlanInForce {
        let chosen = PlanVersions(versions.map(\.version)).inForce(for: period)
        guard let chosen, let latest = versions.last, chosen.number != latest.version.number,
            var recorded = versions.first(where: { $0.version.number == chosen.number })?.plan
        else {
            return PlanInForce(plan: current, version: chosen, isLatest: true, versionCount: versions.count)
        }
        recorded.id = current.id
        return PlanInForce(plan: recorded, version: chosen, isLatest: false, versionCount: versions.count)
    }

    /// Records version 1 (the plan as it stands, as issued) when the plan has no version yet; call in the transaction
    /// of a change, before the change.
    static func ensureIssued(planID: UUID, on db: any Database, by actor: String = "system") async throws {
        guard try await PlanVersionModel.query(on: db).filter(\.$planID == planID).count() == 0,
            let plan = try await PlanStore.load(id: planID, on: db)
        else { return }
        try await insert(plan: plan, version: .issued(plan), by: actor, on: db)
    }

    static func insert(plan: Plan, version: PlanVersion, by actor: String, on db: any Database) async throws {
        let model = PlanVersionModel()
        model.id = UUID()
        model.planID = plan.id
        model.number = version.number
        try fill(model, plan: plan, version: version, by: actor)
        try await model.create(on: db)
        try await ReferenceCache.bump(on: db)
    }

    /// Sets a version's row from the version, the plan as it stands, and who records it now.
    static func fill(_ model: PlanVersionModel, plan: Plan, version: PlanVersion, by actor: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        model.inForceFrom = version.inForceFrom
        model.documentNumber = version.document.number
        model.documentDate = version.document.date
        model.documentIssuer = version.document.issuer
        model.documentTitle = version.document.summary
        model.snapshot = String(decoding: try encoder.encode(plan), as: UTF8.self)
        model.createdBy = actor
        model.createdAt = Date()
    }

    /// Records the plan as it now stands as version 1, the plan as issued, while no amendment is recorded: for a plan
    /// entered in the editor part by part after it was created (blank or as a copy), whose version 1 was recorded
    /// when it was created. Refused once an amendment is recorded (version 1 is then what the amendment changed), or
    /// when the form was opened on another latest version (`after`). Audited.
    public func reissue(planID: UUID, after expected: Int, context: ChangeContext) async throws -> AmendmentOutcome {
        try await saveVersioned(planID: planID, after: expected, context: context) { versions, latest, db in
            if versions.count > 1 {
                return .unchanged(
                    .invalid([
                        FieldProblem(
                            field: "changes", en: "An amendment is recorded: the plan as issued can no longer be changed.",
                            vi: "Kế hoạch đã có văn bản sửa đổi, bổ sung: không thể sửa nội dung ban hành nữa.")
                    ]))
            }
            guard let plan = try await PlanStore.load(id: planID, on: db) else { return .unchanged(.notFound) }
            let changes = PlanAmendment.changes(from: latest.plan, to: plan)
            guard let model = try await PlanVersionModel.query(on: db).filter(\.$planID == planID).filter(\.$number == 1).first()
            else { return .unchanged(.notFound) }
            if changes.isEmpty {
                return .unchanged(
                    .invalid([
                        FieldProblem(
                            field: "changes", en: "The plan is already as version 1 recorded it.",
                            vi: "Kế hoạch đã đúng như nội dung ban hành đã ghi nhận.")
                    ]))
            }
            try Self.fill(model, plan: plan, version: .issued(plan), by: context.actor)
            try await model.update(on: db)
            try await ReferenceCache.bump(on: db)
            return .written(
                .saved(try await Self.load(planID: planID, on: db)[0]),
                AuditedChange(
                    kind: .update, entity: Self.entity, entityID: "\(planID.uuidString.lowercased())#1", unitCode: plan.issuerUnit,
                    summary: "plan \(plan.code) version 1 (as issued) recorded again from the plan as entered, \(changes.count) change(s)",
                    after: ["number": "1", "changes": changes.map { $0.sentence(.vi) }.joined(separator: "\n")]))
        }
    }

    /// Records an amendment: the plan as the editor now holds it becomes version `after + 1`, in force from the
    /// input's day, with its document. Refused when the document or dates are wrong (``PlanAmendment/problems(_:after:usedNumbers:)``),
    /// when nothing changed since the latest version (field `changes`), or when the latest version is no longer
    /// `after` (another amendment was recorded meanwhile). Audited with the list of changes.
    public func record(planID: UUID, input: AmendmentInput, after expected: Int, context: ChangeContext) async throws -> AmendmentOutcome {
        try await saveVersioned(planID: planID, after: expected, context: context) { versions, latest, db in
            let input = input.trimmed
            var problems = PlanAmendment.problems(input, after: latest.version, usedNumbers: versions.map(\.version.document.number))
            guard let plan = try await PlanStore.load(id: planID, on: db) else { return .unchanged(.notFound) }
            let changes = PlanAmendment.changes(from: latest.plan, to: plan)
            if changes.isEmpty {
                problems.append(
                    FieldProblem(
                        field: "changes",
                        en:
                            "The plan has not changed since version \(latest.version.number): first change its parts as the document says, then record it.",
                        vi:
                            "Kế hoạch chưa có thay đổi nào so với phiên bản \(latest.version.number): hãy sửa các phần của kế hoạch theo văn bản trước, rồi ghi nhận."
                    ))
            }
            if !problems.isEmpty { return .unchanged(.invalid(problems)) }
            let version = PlanVersion(
                number: latest.version.number + 1, inForceFrom: input.inForceFrom,
                document: AmendingDocument(
                    number: input.documentNumber, date: input.documentDate, issuer: input.issuer, summary: input.summary))
            try await Self.insert(plan: plan, version: version, by: context.actor, on: db)
            return .written(
                .saved(try await Self.load(planID: planID, on: db).last!),
                AuditedChange(
                    kind: .create, entity: Self.entity, entityID: "\(planID.uuidString.lowercased())#\(version.number)", unitCode: plan.issuerUnit,
                    summary:
                        "plan \(plan.code) version \(version.number) recorded by document \(version.document.number), in force from \(version.inForceFrom), \(changes.count) change(s)",
                    after: [
                        "number": String(version.number), "inForceFrom": version.inForceFrom, "documentNumber": version.document.number,
                        "documentDate": version.document.date, "issuer": version.document.issuer, "summary": version.document.summary,
                        "changes": changes.map { $0.sentence(.vi) }.joined(separator: "\n"),
                    ]))
        }
    }

    /// A change of the plan's versions that starts from the latest version the form was opened at (`after`; a
    /// conflict answers with the latest version now). Version 1 is recorded first when the plan has none yet.
    private func saveVersioned(
        planID: UUID, after expected: Int, context: ChangeContext,
        change: @escaping @Sendable ([PlanVersionRecord], PlanVersionRecord, any Database) async throws -> ChangeStep<AmendmentOutcome>
    ) async throws -> AmendmentOutcome {
        try await VersionedChange.save(
            on: database, context: context, expected: expected,
            read: { db -> (all: [PlanVersionRecord], latest: PlanVersionRecord)? in
                guard try await PlanModel.find(planID, on: db) != nil else { return nil }
                try await Self.ensureIssued(planID: planID, on: db, by: context.actor)
                let versions = try await Self.load(planID: planID, on: db)
                return versions.last.map { (all: versions, latest: $0) }
            }, missing: .notFound, version: { $0.latest.version.number },
            conflict: { found, db in
                try await .outdated(
                    found.latest, entity: Self.entity, entityID: "\(planID.uuidString.lowercased())#\(found.latest.version.number)", on: db)
            }
        ) { found, db in try await change(found.all, found.latest, db) }
    }
}
