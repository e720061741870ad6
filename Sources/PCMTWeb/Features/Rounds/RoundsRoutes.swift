import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// Reporting rounds: a plan's rounds and opening one, a round's completeness, the compiled view, the annexes.
struct RoundsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.rounds(.key), .capability(.seeRounds), use: rounds)
        routes.post(.rounds(.key), .capability(.editPlan), use: open)
        routes.get(.round(.key), .capability(.seeRounds), use: round)
        routes.get(.roundsProgress(.key), .capability(.seeRounds), use: progress)
        routes.get(.roundCompleteness(.key), .capability(.seeRounds), use: completenessCSV)
        routes.get(.roundCompiled(.key), .capability(.seeRounds), use: compiled)
        routes.get(.roundAnnex(.key), .capability(.seeRounds), use: annex)
        routes.get(.api(.rounds(.key)), .capability(.seeRounds), use: roundsJSON)
        routes.get(.api(.roundSubmissions(.key)), .capability(.seeRounds), use: submissionsJSON)
        routes.get(.api(.roundAnnex(.key)), .capability(.seeRounds), use: annex)
    }

    func rounds(_ request: Request) async throws -> Response {
        let c = PageContext(request)
        let plan = try await RoundQueries.plan(c.query, id: request.uuid("planID"))
        let model = try await RoundQueries.rounds(c.query, plan: plan, csrfToken: c.csrfToken)
        return c.page(title: c.t("Reporting rounds", "Các kỳ báo cáo"), plan: model.plan, RoundsPage.view(model, t: c.t))
    }

    func progress(_ request: Request) async throws -> Response {
        let c = PageContext(request)
        let plan = try await RoundQueries.plan(c.query, id: request.uuid("planID"))
        let model = try await ProgressGrid.model(c.query, plan: plan, input: try request.query.decode(ProgressQuery.self))
        return c.page(title: c.t("Reports at a glance", "Tiến độ báo cáo"), plan: plan, ProgressGrid.view(model, t: c.t))
    }

    func open(_ request: Request) async throws -> Response {
        let c = PageContext(request)
        let plan = try await c.routedPlan()
        let form = try request.content.decode(OpenRoundForm.self).trimmed
        switch try await RoundQueries.open(c.query, plan: plan, form: form, change: request.changeContext) {
        case .success(let id):
            return request.redirect(to: SiteURL.round(.value(id)).path, redirectType: .normal)
        case .failure(let refusal):
            let model = try await RoundQueries.rounds(c.query, plan: plan, form: form, problems: refusal.problems, csrfToken: c.csrfToken)
            return c.page(
                title: c.t("Reporting rounds", "Các kỳ báo cáo"), plan: plan, status: .unprocessableEntity,
                RoundsPage.view(model, t: c.t))
        }
    }

    func round(_ request: Request) async throws -> Response {
        let c = PageContext(request)
        let model = try await RoundQueries.round(c.query, id: request.uuid("roundID"))
        return c.page(title: "\(model.round.period)", plan: model.plan, RoundPage.view(model, t: c.t))
    }

    func completenessCSV(_ request: Request) async throws -> Response {
        let model = try await RoundQueries.round(request.queryContext, id: request.uuid("roundID"))
        return try await request.download(
            Download(csv: CSVWriter.document(RoundQueries.completenessRows(model)), name: "pcmt-ky-bao-cao-\(model.round.period)"),
            audit: AuditSubject(
                kind: .export, entity: "round", entityID: model.round.id.uuidString,
                summary: "completeness of round \(model.round.period) exported as CSV"))
    }

    func compiled(_ request: Request) async throws -> Response {
        let c = PageContext(request)
        let model = try await RoundQueries.compiled(c.query, id: request.uuid("roundID"))
        return c.page(title: c.t("Compiled view", "Tổng hợp"), plan: model.plan, CompiledPage.view(model, t: c.t))
    }

    func annex(_ request: Request) async throws -> Response {
        let context = request.queryContext
        let (round, plan) = try await RoundQueries.load(context, id: request.uuid("roundID"))
        let workbook = try await RoundAnnex.workbook(context, round: round, plan: plan)
        return try await request.download(
            Download(.xlsx, name: "pcmt-phu-luc-\(round.period)", data: try XLSXWriter.data(workbook)),
            audit: AuditSubject(
                kind: .export, entity: "round", entityID: round.id.uuidString,
                summary: "annexes of round \(round.period) exported as xlsx"))
    }

    // MARK: API

    func roundsJSON(_ request: Request) async throws -> [RoundDTO] {
        var context = request.queryContext
        context.t = Localizer(language: .en)
        let plan = try await RoundQueries.plan(context, id: request.uuid("planID"))
        return try await RoundStore(database: request.db).rounds(planID: plan.id).map(RoundDTO.init)
    }

    func submissionsJSON(_ request: Request) async throws -> [SubmissionDTO] {
        let (round, _) = try await RoundQueries.load(request.queryContext, id: request.uuid("roundID"))
        return try await RoundStore(database: request.db).submissions(roundID: round.id).map {
            SubmissionDTO($0, onTime: $0.firstSubmittedAt.map { Timeliness.isOnTime(firstSubmittedAt: $0, dueDate: round.schedule.dueDate) })
        }
    }
}

/// A round in the API.
struct RoundDTO: Content {
    var id: String
    var period: String
    var kind: String
    var dueDate: String
    var cutoffStart: String
    var cutoffEnd: String
    var counts: [String: Int]

    init(_ round: RoundSummary) {
        id = round.id.slug; period = round.period.description; kind = round.kind.rawValue; dueDate = round.schedule.dueDate
        cutoffStart = round.schedule.cutoffStart; cutoffEnd = round.schedule.cutoffEnd
        counts = Dictionary(uniqueKeysWithValues: SubmissionState.allCases.map { ($0.rawValue, round.counts[$0] ?? 0) })
    }
}

/// A unit's report in the API, without its content.
struct SubmissionDTO: Content {
    var id: String
    var orgunit: String
    var state: String
    var version: Int
    var submittedAt: Date?
    var onTime: Bool?

    init(_ record: SubmissionRecord, onTime: Bool?) {
        id = record.id.slug; orgunit = record.unitCode; state = record.state.rawValue; version = record.version
        submittedAt = record.firstSubmittedAt; self.onTime = onTime
    }
}
