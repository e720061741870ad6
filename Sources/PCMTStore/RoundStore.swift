import Fluent
import Foundation
import PCMTDomain
import SQLKit

public struct RoundSummary: Sendable, Equatable {
    public var id: UUID
    public var planID: UUID
    public var period: Period
    public var kind: RoundKind
    public var schedule: RoundSchedule
    public var openedBy: String
    public var openedAt: Date
    public var counts: [SubmissionState: Int]
}

public struct SubmissionRecord: Sendable, Equatable {
    public var id: UUID
    public var roundID: UUID
    public var unitCode: String
    public var state: SubmissionState
    public var content: SubmissionContent
    public var version: Int
    public var firstSubmittedAt: Date?
    public var submittedAt: Date?
    public var approvedAt: Date?
    public var updatedBy: String
    public var updatedAt: Date
}

public struct SubmissionEvent: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var action: String
    public var from: String
    public var to: String
    public var comment: String
    /// The reviewer's comments per item (return and reopen).
    public var itemComments: [ReviewComment] = []
    /// The report's content when it was returned or reopened; nil for other actions and for older events.
    public var content: SubmissionContent? = nil
}

public enum SubmissionOutcome: Sendable {
    case saved(SubmissionRecord)
    /// Someone saved or moved the report since it was opened.
    case conflict(SubmissionRecord)
    /// The action is not possible in the report's state (e.g. approving a draft, editing an approved report).
    case notAllowed(SubmissionRecord)
    /// The state allows the action but other reports do not, for the reason given: a review approved before the year
    /// reports it covers, a year report reopened under an approved review (``RoundStore/refusal(_:of:on:)``).
    case refused(SubmissionRecord, SubmissionRefusal)
    case notFound
}

public struct RoundError: Error, CustomStringConvertible {
    public var description: String
}

/// Reporting rounds and every unit's submission in them, with the workflow's transitions and their comments.
public struct RoundStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// Opens a round and a draft submission for every unit expected to report, in one audited transaction.
    public func open(
        planID: UUID, period: Period, kind: RoundKind, schedule: RoundSchedule, unitCodes: [String],
        context: ChangeContext
    ) async throws -> UUID {
        try await AuditLog(database: database).transaction { db, audit in
            if try await ReportingRoundModel.query(on: db).filter(\.$planID == planID).filter(\.$period == period.description).first() != nil {
                throw RoundError(description: "A round for \(period) is open already.")
            }
            let round = ReportingRoundModel()
            // The year's values stop counting as official until approved: the first round of a year or half-year
            // closes the year (``OfficialTotals``).
            let touched: [OfficialTotals.Touched] = if case .span = period { [] } else { [.planYear(planID, period.firstYear)] }
            try await OfficialTotals.around(touched, on: db) {
                round.id = UUID(); round.planID = planID; round.period = period.description; round.kind = kind.rawValue
                round.dueDate = schedule.dueDate; round.cutoffStart = schedule.cutoffStart; round.cutoffEnd = schedule.cutoffEnd
                round.openedBy = context.actor; round.openedAt = Date()
                try await round.create(on: db)
                let empty = Self.encode(SubmissionContent())
                for code in unitCodes {
                    let submission = SubmissionModel()
                    submission.roundID = round.id!; submission.unitCode = code; submission.state = SubmissionState.draft.rawValue
                    submission.content = empty; submission.version = 1; submission.updatedBy = context.actor; submission.updatedAt = Date()
                    try await submission.create(on: db)
                }
            }
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .create,
                    entity: "round", entityID: round.id!.uuidString, summary: "reporting round \(period) opened for \(unitCodes.count) units",
                    after: ["period": period.description, "due": schedule.dueDate, "cutoff": "\(schedule.cutoffStart)…\(schedule.cutoffEnd)"]))
            return round.id!
        }
    }

    public func rounds(planID: UUID) async throws -> [RoundSummary] {
        let models = try await ReportingRoundModel.query(on: database).filter(\.$planID == planID).all()
        var result: [RoundSummary] = []
        for model in models { result.append(try await summary(model)) }
        return result.sorted { $0.period > $1.period }
    }

    public func round(id: UUID) async throws -> RoundSummary? {
        guard let model = try await ReportingRoundModel.find(id, on: database) else { return nil }
        return try await summary(model)
    }

    func summary(_ model: ReportingRoundModel) async throws -> RoundSummary {
        let states = try await SubmissionModel.query(on: database).filter(\.$roundID == model.id!).all(\.$state)
        var counts: [SubmissionState: Int] = [:]
        for state in states { if let s = SubmissionState(rawValue: state) { counts[s, default: 0] += 1 } }
        return RoundSummary(
            id: model.id!, planID: model.planID, period: Period(model.period) ?? .year(0),
            kind: RoundKind(rawValue: model.kind) ?? .year,
            schedule: RoundSchedule(cutoffStart: model.cutoffStart, cutoffEnd: model.cutoffEnd, dueDate: model.dueDate),
            openedBy: model.openedBy, openedAt: model.openedAt, counts: counts)
    }

    public func submissions(roundID: UUID) async throws -> [SubmissionRecord] {
        try await SubmissionModel.query(on: database).filter(\.$roundID == roundID).sort(\.$unitCode).all().map(Self.record)
    }

    public func submission(id: UUID) async throws -> SubmissionRecord? {
        try await SubmissionModel.find(id, on: database).map(Self.record)
    }

    /// A unit's submissions, newest round first.
    public func submissions(unitCodes: [String]) async throws -> [(SubmissionRecord, RoundSummary)] {
        guard !unitCodes.isEmpty else { return [] }
        var result: [(SubmissionRecord, RoundSummary)] = []
        for model in try await SubmissionModel.query(on: database).filter(\.$unitCode ~~ unitCodes).all() {
            if let round = try await round(id: model.roundID) { result.append((Self.record(model), round)) }
        }
        return result.sorted { $0.1.period > $1.1.period }
    }

    public func events(submissionID: UUID) async throws -> [SubmissionEvent] {
        try await SubmissionEventModel.query(on: database).filter(\.$submissionID == submissionID).sort(\.$at).all().map {
            SubmissionEvent(
                at: $0.at, actor: $0.actor, action: $0.action, from: $0.fromState, to: $0.toState, comment: $0.comment,
                itemComments: $0.itemComments.flatMap { try? JSONDecoder().decode([ReviewComment].self, from: Data($0.utf8)) } ?? [],
                content: $0.content.flatMap { try? JSONDecoder().decode(SubmissionContent.self, from: Data($0.utf8)) })
        }
    }

    /// Saves the unit's text as it stands; always possible while the report is editable, whatever is still missing.
    public func saveDraft(id: UUID, expectedVersion: Int, content: SubmissionContent, context: ChangeContext) async throws -> SubmissionOutcome {
        try await AuditLog(database: database).transaction { db, audit in
            try await WriteTurn.take(on: db)
            try await Self.lockForUpdate(submission: id, on: db)
            guard let model = try await SubmissionModel.find(id, on: db) else { return .notFound }
            guard model.version == expectedVersion else { return .conflict(Self.record(model)) }
            guard SubmissionState(rawValue: model.state)?.isEditable == true else { return .notAllowed(Self.record(model)) }
            let before = model.content
            let after = Self.encode(content)
            if before == after { return .saved(Self.record(model)) }
            model.content = after; model.version += 1; model.updatedBy = context.actor; model.updatedAt = Date()
            try await model.update(on: db)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update,
                    entity: "submission", entityID: id.uuidString, unitCode: model.unitCode,
                    summary: "report of \(model.unitCode) saved", before: ["content": before], after: ["content": after]))
            return .saved(Self.record(model))
        }
    }

    /// Moves a report through the workflow; the comment is kept with the transition and in the audit log.
    ///
    /// One transaction that takes its turn among writers before it reads the report (``WriteTurn``; on PostgreSQL the
    /// audit log's advisory lock and the report's row `FOR UPDATE`), so that an approval and a save of the values it
    /// locks never overlap: a save either commits before the approval or sees it and is refused
    /// (``DataValueStore/save(_:placement:period:context:source:)``). A review is approved only over approved year
    /// reports, and a year report under an approved review is reopened only after the review (``refusal(_:of:on:)``).
    ///
    /// `itemComments` are the reviewer's comments per duty, figure or project; a return or reopening also keeps the
    /// report's content as it stands, so that the next review can show what changed since.
    public func transition(
        id: UUID, expectedVersion: Int, action: SubmissionAction, comment: String, itemComments: [ReviewComment] = [],
        context: ChangeContext
    ) async throws -> SubmissionOutcome {
        try await AuditLog(database: database).transaction { db, audit in
            try await WriteTurn.take(on: db)
            try await Self.lockForUpdate(submission: id, on: db)
            guard let model = try await SubmissionModel.find(id, on: db) else { return .notFound }
            guard model.version == expectedVersion else { return .conflict(Self.record(model)) }
            guard let from = SubmissionState(rawValue: model.state), let to = action.next(from: from) else { return .notAllowed(Self.record(model)) }
            if let refusal = try await Self.refusal(action, of: model, on: db) { return .refused(Self.record(model), refusal) }
            let now = Date()
            model.state = to.rawValue; model.version += 1; model.updatedBy = context.actor; model.updatedAt = now
            if action == .submit {
                model.submittedAt = now
                if model.firstSubmittedAt == nil { model.firstSubmittedAt = now }
            }
            if action == .approve { model.approvedAt = now }
            if action == .reopen { model.approvedAt = nil }
            // Into or out of `approved`: the unit's (or the district's communes') values for the year become official
            // or stop being so, and the kept official totals follow in this transaction.
            var touched: [OfficialTotals.Touched] = []
            if (from == .approved) != (to == .approved), let round = try await ReportingRoundModel.find(model.roundID, on: db),
                let period = Period(round.period)
            {
                if case .span = period {} else { touched = [.planUnitYear(round.planID, unit: model.unitCode, year: period.firstYear)] }
            }
            try await OfficialTotals.around(touched, on: db) { try await model.update(on: db) }
            let event = SubmissionEventModel()
            event.submissionID = id; event.at = now; event.actor = context.actor; event.action = action.rawValue
            event.fromState = from.rawValue; event.toState = to.rawValue; event.comment = comment
            if !itemComments.isEmpty {
                event.itemComments = String(decoding: try JSONEncoder().encode(itemComments), as: UTF8.self)
            }
            if action == .return || action == .reopen { event.content = model.content }
            try await event.create(on: db)
            try await NoticeStore.leave(
                after: action, submission: model, comment: comment, items: itemComments.map { "\($0.label): \($0.text)" },
                actor: context.actor, on: db)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update,
                    entity: "submission", entityID: id.uuidString, unitCode: model.unitCode,
                    summary: "report of \(model.unitCode): \(action.rawValue)" + (comment.isEmpty ? "" : " — \(comment)")
                        + itemComments.map { "; \($0.label): \($0.text)" }.joined(),
                    before: ["state": from.rawValue], after: ["state": to.rawValue]))
            return .saved(Self.record(model))
        }
    }

    /// Sets when a report was sent and approved, for demonstration data made after the fact.
    public func backdate(id: UUID, submittedAt: Date?, approvedAt: Date?) async throws {
        guard let model = try await SubmissionModel.find(id, on: database) else { return }
        if let submittedAt { model.firstSubmittedAt = submittedAt; model.submittedAt = submittedAt; model.updatedAt = submittedAt }
        if let approvedAt { model.approvedAt = approvedAt }
        try await model.update(on: database)
        for event in try await SubmissionEventModel.query(on: database).filter(\.$submissionID == id).all() {
            event.at = event.action == "approve" ? (approvedAt ?? event.at) : (submittedAt ?? event.at)
            try await event.update(on: database)
        }
    }

    /// Units whose report for `period` is approved in a round of the plan.
    public func approvedUnits(planID: UUID, period: String) async throws -> [String] {
        guard let round = try await ReportingRoundModel.query(on: database).filter(\.$planID == planID).filter(\.$period == period).first() else {
            return []
        }
        return try await SubmissionModel.query(on: database).filter(\.$roundID == round.id!)
            .filter(\.$state == SubmissionState.approved.rawValue).all(\.$unitCode)
    }

    /// Whether an approved report locks the values of a unit (or of the district above it) for a period:
    /// the report of the period itself, for a half-year the report of its year, and a review covering its year.
    /// For showing; a save decides inside its own transaction (``DataValueStore/save(_:placement:period:context:source:)``).
    public func isLocked(unitCodes: [String], period: Period) async throws -> Bool {
        guard let unit = unitCodes.first else { return false }
        let districts: [String?] = unitCodes.count > 1 ? unitCodes.dropFirst().map { $0 } : [nil]
        for district in districts {
            if try await !Self.locks(unitCode: unit, districtCode: district, period: period, on: database).isEmpty { return true }
        }
        return false
    }

    /// The approved reports that lock the values of `placement`'s unit for `period`, most specific first (empty when
    /// nothing locks them), for showing: the lock is the one ``ValueLock/message(_:)`` names.
    public func locks(placement: UnitPlacement, period: Period) async throws -> [ValueLock] {
        try await Self.locks(unitCode: placement.unitCode, districtCode: placement.districtCode, period: period, on: database)
    }

    /// Whether the plan has any reporting round (kept by ``ReferenceCache`` until the data changes: every board asks).
    public func hasRounds(planID: UUID) async throws -> Bool {
        try await ReferenceCache.shared.hasRounds(planID: planID, on: database) {
            try await (database as! any SQLDatabase).select().column(SQLLiteral.numeric("1"), as: "found").from(ReportingRoundModel.schema)
                .where("plan_id", .equal, planID).limit(1).first() != nil
        }
    }

    static func record(_ model: SubmissionModel) -> SubmissionRecord {
        SubmissionRecord(
            id: model.id!, roundID: model.roundID, unitCode: model.unitCode,
            state: SubmissionState(rawValue: model.state) ?? .draft,
            content: (try? JSONDecoder().decode(SubmissionContent.self, from: Data(model.content.utf8))) ?? SubmissionContent(),
            version: model.version, firstSubmittedAt: model.firstSubmittedAt, submittedAt: model.submittedAt,
            approvedAt: model.approvedAt, updatedBy: model.updatedBy, updatedAt: model.updatedAt)
    }

    static func encode(_ content: SubmissionContent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(content)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
