import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// What the pages of a round and of a unit's report show, read through the API: one round with its schedule and
/// counts, and one report with its writing and its history. Each is seen by exactly those who see the page.
struct SubmissionReadAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.round(.key)), .capability(.seeRounds), use: round)
        routes.get(.api(.submission(.key)), .capability(.readSubmission), use: submission)
    }

    func round(_ request: Request) async throws -> RoundDTO {
        try await SubmissionReads.round(request.apiQueryContext, id: request.uuid("roundID"))
    }

    func submission(_ request: Request) async throws -> SubmissionDetailDTO {
        try await SubmissionReads.submission(request.apiQueryContext, id: request.uuid("submissionID"))
    }
}

/// The queries behind the two reads.
enum SubmissionReads {
    /// The round, if the principal's area holds the plan's province (as `/rounds/{id}`); not found otherwise.
    static func round(_ context: PageQueryContext, id: UUID?) async throws -> RoundDTO {
        let (round, _) = try await RoundQueries.load(context, id: id)
        return RoundDTO(round)
    }

    /// The report with its history, if the principal may read it (as `/submissions/{id}`); not found otherwise.
    static func submission(_ context: PageQueryContext, id: UUID?) async throws -> SubmissionDetailDTO {
        let loaded = try await SubmissionQueries.load(context, id: id)
        let events = try await RoundStore(database: context.db).events(submissionID: loaded.submission.id)
        return SubmissionDetailDTO(loaded, events: events)
    }
}

/// A unit's report in the API, with its content and history.
struct SubmissionDetailDTO: Content {
    /// The writing on one duty of the unit; `assignment`, `label` and `duty` are nil for writing kept for a duty the
    /// plan no longer gives the unit.
    struct Narrative: Content, Equatable {
        var key: String
        var assignment: Int?
        var label: String?
        var duty: String?
        var results: String
        var shortcomings: String
        var proposals: String
    }

    /// The progress of a project the unit leads; `number` and `title` are nil for a project no longer in the plan.
    struct ProjectProgress: Content, Equatable {
        var code: String
        var number: String?
        var title: String?
        var status: String
        var progress: Double?
        var allocated: Double?
        var spent: Double?
        var note: String
    }

    /// One step of the workflow: who did what, when, from which state to which, and why.
    struct Event: Content, Equatable {
        var at: Date
        var by: String
        var action: String
        var from: String
        var to: String
        var comment: String
    }

    var id: String
    var plan: String
    var round: RoundDTO
    var orgunit: String
    var orgunitName: String
    var state: String
    var version: Int
    var firstSubmittedAt: Date?
    var submittedAt: Date?
    var approvedAt: Date?
    var onTime: Bool?
    var updatedBy: String
    var updatedAt: Date
    var narratives: [Narrative]
    var projects: [ProjectProgress]
    var events: [Event]

    init(_ loaded: LoadedSubmission, events: [SubmissionEvent]) {
        let record = loaded.submission
        let content = record.content
        let demands = loaded.demands
        id = record.id.slug; plan = loaded.plan.id.slug; round = RoundDTO(loaded.round)
        orgunit = loaded.unit.code; orgunitName = loaded.unit.name; state = record.state.rawValue; version = record.version
        firstSubmittedAt = record.firstSubmittedAt; submittedAt = record.submittedAt; approvedAt = record.approvedAt
        onTime = record.firstSubmittedAt.map { Timeliness.isOnTime(firstSubmittedAt: $0, dueDate: loaded.round.schedule.dueDate) }
        updatedBy = record.updatedBy; updatedAt = record.updatedAt

        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        let owed = Set(demands.duties.map(\.key))
        narratives =
            demands.duties.map { demand in
                let text = content.narratives[demand.key] ?? .init()
                return Narrative(
                    key: demand.key, assignment: demand.assignment.number, label: demand.duty.label, duty: demand.duty.text,
                    results: text.results, shortcomings: text.shortcomings, proposals: text.proposals)
            }
            + content.narratives.keys.filter { !owed.contains($0) }.sorted().map { key in
                let text = content.narratives[key]!
                return Narrative(
                    key: key, assignment: nil, label: nil, duty: nil,
                    results: text.results, shortcomings: text.shortcomings, proposals: text.proposals)
            }
        let led = Set(demands.projects.map(\.code))
        projects =
            demands.projects.map { project in
                let progress = content.projects[project.code] ?? .init()
                return ProjectProgress(
                    code: project.code, number: project.number, title: project.title, status: progress.status,
                    progress: finite(progress.progress), allocated: finite(progress.allocated),
                    spent: finite(progress.spent), note: progress.note)
            }
            + content.projects.keys.filter { !led.contains($0) }.sorted().map { code in
                let progress = content.projects[code]!
                return ProjectProgress(
                    code: code, number: nil, title: nil, status: progress.status, progress: finite(progress.progress),
                    allocated: finite(progress.allocated), spent: finite(progress.spent), note: progress.note)
            }
        self.events = events.map { Event(at: $0.at, by: $0.actor, action: $0.action, from: $0.from, to: $0.to, comment: $0.comment) }
    }
}
