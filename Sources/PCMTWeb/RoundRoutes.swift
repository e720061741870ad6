import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// Reporting rounds: opening, the round's completeness, each unit's report and its review, the compiled view.
struct RoundRoutes: RouteCollection {
    static let reviewers: Set<Role> = [.standingOffice, .viewer]
    static let reporters: Set<Role> = [.standingOffice, .viewer, .agencyReporter, .districtReporter]

    func boot(routes: any RoutesBuilder) throws {
        let review = routes.access(.roles(Self.reviewers))
        review.get("plans", ":planID", "rounds", use: rounds)
        review.get("rounds", ":roundID", use: round)
        review.get("rounds", ":roundID", "completeness.csv", use: completenessCSV)
        review.get("rounds", ":roundID", "compiled", use: compiled)
        review.get("rounds", ":roundID", "annex.xlsx") { request in
            let (round, plan) = try await loadRound(request)
            return try await RoundAnnex.response(request, round: round, plan: plan)
        }
        routes.access(.roles([.standingOffice])).post("plans", ":planID", "rounds", use: open)
        let reports = routes.access(.roles(Self.reporters))
        reports.get("submissions", ":submissionID", use: submission)
        reports.post("submissions", ":submissionID", use: save)
        let office = routes.access(.roles([.standingOffice]))
        for action in [SubmissionAction.return, .approve, .reopen] {
            office.post("submissions", ":submissionID", PathComponent(stringLiteral: action.rawValue)) { request in
                try await transition(request, action)
            }
        }
        let api = routes.grouped("api", "v1")
        api.access(.roles(Self.reviewers)).get("plans", ":planID", "rounds", use: roundsJSON)
        api.access(.roles(Self.reviewers)).get("rounds", ":roundID", "submissions", use: submissionsJSON)
        api.access(.roles(Self.reviewers)).get("rounds", ":roundID", "annex.xlsx") { request in
            let (round, plan) = try await loadRound(request)
            return try await RoundAnnex.response(request, round: round, plan: plan)
        }
        api.access(.roles([.standingOffice, .agencyReporter, .districtReporter])).post("submissions", ":submissionID", "submit") { request in
            try await transitionJSON(request, .submit)
        }
        for action in [SubmissionAction.return, .approve, .reopen] {
            api.access(.roles([.standingOffice])).post("submissions", ":submissionID", PathComponent(stringLiteral: action.rawValue)) { request in
                try await transitionJSON(request, action)
            }
        }
    }

    // MARK: Rounds

    /// Units the plan expects to report: those its assignments name, that still existed when the period began.
    static func expectedUnits(plan: Plan, schedule: RoundSchedule, units: [OrgUnit]) -> [String] {
        var seen = Set<String>()
        let codes = plan.assignments.flatMap(\.units).filter { seen.insert($0).inserted }
        return codes.filter { code in
            guard let unit = units.first(where: { $0.code == code }) else { return false }
            return unit.validTo.map { $0 >= schedule.cutoffStart } ?? true
        }
    }

    func roundsPage(_ request: Request, plan: Plan, values: [String: String] = [:], problems: [FieldProblem] = [],
                    status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = PageContext(request)
        let rounds = try await RoundStore(database: request.db).rounds(planID: plan.id)
        let mayOpen = try await request.mayEdit(plan)
        return context.page(title: context.t("Reporting rounds", "Các kỳ báo cáo"), plan: plan, status: status, RoundsPage.view(
            .init(plan: plan, rounds: rounds, mayOpen: mayOpen, values: values, problems: problems, csrfToken: request.csrfToken), t: context.t))
    }

    func rounds(_ request: Request) async throws -> Response {
        let plan = try await PageContext(request).routedPlan()
        return try await roundsPage(request, plan: plan)
    }

    func open(_ request: Request) async throws -> Response {
        let plan = try await PageContext(request).routedPlan()
        guard try await request.mayEdit(plan) else { throw Abort(.forbidden) }
        let form = try request.content.decode([String: String].self)
        var values: [String: String] = [:]
        for key in ["period", "due", "cutoffStart", "cutoffEnd"] { values[key] = (form[key] ?? "").trimmingCharacters(in: .whitespaces) }
        var problems: [FieldProblem] = []
        let period = Period(values["period"] ?? "")
        if period == nil || period!.firstYear < plan.startYear || period!.lastYear > plan.endYear {
            problems.append(FieldProblem(field: "period", en: "A period within the plan's years.", vi: "Kỳ báo cáo phải trong giai đoạn của kế hoạch."))
        }
        var schedule = period.map(RoundSchedule.defaults) ?? RoundSchedule(cutoffStart: "", cutoffEnd: "", dueDate: "")
        for (key, keyPath) in [("due", \RoundSchedule.dueDate), ("cutoffStart", \.cutoffStart), ("cutoffEnd", \.cutoffEnd)] as [(String, WritableKeyPath<RoundSchedule, String>)] {
            guard let text = values[key], !text.isEmpty else { continue }
            if DateText.parseDay(text) == nil || text.count != 10 {
                problems.append(FieldProblem(field: key, en: "A date as yyyy-mm-dd.", vi: "Ngày theo dạng yyyy-mm-dd."))
            } else {
                schedule[keyPath: keyPath] = text
            }
        }
        if problems.isEmpty, schedule.cutoffEnd < schedule.cutoffStart {
            problems.append(FieldProblem(field: "cutoffEnd", en: "The cut-off ends before it starts.", vi: "Ngày chốt kết thúc trước ngày bắt đầu."))
        }
        guard problems.isEmpty, let period else {
            return try await roundsPage(request, plan: plan, values: values, problems: problems, status: .unprocessableEntity)
        }
        let units = try await OrgUnitStore(database: request.db).all()
        do {
            let id = try await RoundStore(database: request.db).open(
                planID: plan.id, period: period, kind: RoundKind.of(period, planEndYear: plan.endYear), schedule: schedule,
                unitCodes: Self.expectedUnits(plan: plan, schedule: schedule, units: units), context: request.changeContext)
            return request.redirect(to: "/rounds/\(id.slug)", redirectType: .normal)
        } catch let error as RoundError {
            return try await roundsPage(request, plan: plan, values: values, problems: [FieldProblem(field: "period", en: error.description,
                                        vi: "Kỳ báo cáo \(period) đã được mở.")], status: .unprocessableEntity)
        }
    }

    func loadRound(_ request: Request) async throws -> (RoundSummary, Plan) {
        guard let id = request.parameters.get("roundID").flatMap(UUID.init(uuidString:)),
              let round = try await RoundStore(database: request.db).round(id: id),
              let plan = try await PlanStore(database: request.db).plan(id: round.planID) else {
            throw Abort(.notFound, reason: Localizer(request: request)("No such round.", "Không có kỳ báo cáo này."))
        }
        // A round gathers every unit's writing: only accounts whose area holds the plan's province see it.
        if let issuer = plan.issuerUnit, !(try await request.reaches(issuer)) {
            throw Abort(.notFound, reason: Localizer(request: request)("No such round in your area.", "Không có kỳ báo cáo này trong phạm vi của bạn."))
        }
        return (round, plan)
    }

    func roundModel(_ request: Request) async throws -> RoundPage.Model {
        let (round, plan) = try await loadRound(request)
        let units = try await OrgUnitStore(database: request.db).all()
        let accounts = try await AccountStore(database: request.db).accounts()
        let today = DateText.isoDay(Date())
        let rows = try await RoundStore(database: request.db).submissions(roundID: round.id).compactMap { submission -> RoundPage.Row? in
            guard let unit = units.first(where: { $0.code == submission.unitCode }) else { return nil }
            let onTime = submission.firstSubmittedAt.map { Timeliness.isOnTime(firstSubmittedAt: $0, dueDate: round.schedule.dueDate) }
            let overdue = submission.firstSubmittedAt == nil && today > round.schedule.dueDate
            return RoundPage.Row(unit: unit, submission: submission, onTime: onTime, overdue: overdue,
                                 contacts: accounts.filter { $0.unitCode == unit.code && !$0.disabled }.map { $0.email ?? $0.username })
        }
        return RoundPage.Model(plan: plan, round: round, rows: rows)
    }

    func round(_ request: Request) async throws -> Response {
        let model = try await roundModel(request)
        let context = PageContext(request)
        return context.page(title: "\(model.round.period)", plan: model.plan, RoundPage.view(model, t: context.t))
    }

    func completenessCSV(_ request: Request) async throws -> Response {
        let model = try await roundModel(request)
        var rows = [["unit_code", "unit", "state", "first_submitted_at", "on_time", "overdue", "approved_at"]]
        rows += model.rows.map {
            [$0.unit.code, $0.unit.name, $0.submission.state.rawValue, $0.submission.firstSubmittedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "",
             $0.onTime.map { $0 ? "yes" : "no" } ?? "", $0.overdue ? "yes" : "no", $0.submission.approvedAt.map { ISO8601DateFormatter().string(from: $0) } ?? ""]
        }
        let context = request.changeContext
        try await AuditLog(database: request.db).record(AuditEntry(actor: context.actor, actorUnit: context.actorUnit, address: context.address,
                                                                   kind: .export, entity: "round", entityID: model.round.id.uuidString,
                                                                   summary: "completeness of round \(model.round.period) exported as CSV"))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "pcmt-ky-bao-cao-\(model.round.period).csv")
        return Response(status: .ok, headers: headers, body: .init(string: CSVWriter.document(rows)))
    }

    func compiled(_ request: Request) async throws -> Response {
        let (round, plan) = try await loadRound(request)
        let units = try await OrgUnitStore(database: request.db).all()
        let province = plan.province(in: units)!
        let query = BoardQuery(database: request.db)
        let totals = try await query.totals(plan: plan, unit: province, allUnits: units, official: try await query.officialFilter(plan: plan))
        let submissions = try await RoundStore(database: request.db).submissions(roundID: round.id)
        let context = PageContext(request)
        return context.page(title: context.t("Compiled view", "Tổng hợp"), plan: plan, CompiledPage.view(.init(
            plan: plan, round: round, board: TargetBoard(plan: plan, period: round.period, totals: totals.unit),
            submissions: Dictionary(submissions.map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a }),
            units: UnitDirectory(units: units)), t: context.t))
    }

    // MARK: One report

    struct Loaded {
        var submission: SubmissionRecord
        var round: RoundSummary
        var plan: Plan
        var unit: OrgUnit
        var mayEdit: Bool
        var mayReview: Bool
    }

    /// The report, if the account may see it: the unit's own reporters, the standing office and viewers of its province.
    func load(_ request: Request) async throws -> Loaded {
        let t = Localizer(request: request)
        guard let id = request.parameters.get("submissionID").flatMap(UUID.init(uuidString:)),
              let submission = try await RoundStore(database: request.db).submission(id: id),
              let round = try await RoundStore(database: request.db).round(id: submission.roundID),
              let plan = try await PlanStore(database: request.db).plan(id: round.planID),
              let unit = try await OrgUnitStore(database: request.db).unit(code: submission.unitCode),
              let principal = request.principal else {
            throw Abort(.notFound, reason: t("No such report.", "Không có báo cáo này."))
        }
        let reaches = try await request.reaches(unit.code)
        let own = principal.unit.code == unit.code && (principal.role == .agencyReporter || principal.role == .districtReporter)
        let office = principal.role == .standingOffice && reaches
        guard own || office || (principal.role == .viewer && reaches) else {
            throw Abort(.notFound, reason: t("No such report in your area.", "Không có báo cáo này trong phạm vi của bạn."))
        }
        return Loaded(submission: submission, round: round, plan: plan, unit: unit, mayEdit: own || office, mayReview: office)
    }

    func page(_ request: Request, _ loaded: Loaded, notice: String? = nil, problem: String? = nil,
              status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = PageContext(request)
        let demands = SubmissionDemands(plan: loaded.plan, unitCode: loaded.unit.code)
        let missing = demands.missing(loaded.submission.content, missingData: try await missingData(request, loaded), language: context.t.language)
        let events = try await RoundStore(database: request.db).events(submissionID: loaded.submission.id)
        let dataPeriod: String? = loaded.round.period.isSpan ? nil : loaded.round.period.description
        return context.page(title: loaded.unit.name, plan: loaded.plan, status: status, SubmissionPage.view(.init(
            plan: loaded.plan, round: loaded.round, unit: loaded.unit, submission: loaded.submission, demands: demands, missing: missing,
            events: events, mayEdit: loaded.mayEdit, mayReview: loaded.mayReview, notice: notice, problem: problem,
            dataPeriod: dataPeriod, csrfToken: request.csrfToken), t: context.t))
    }

    /// The elements the unit reports that have no value for the round's period (none for a review of several years).
    func missingData(_ request: Request, _ loaded: Loaded) async throws -> [String] {
        guard !loaded.round.period.isSpan else { return [] }
        let elements = try await DataElementStore(database: request.db).elements(planID: loaded.plan.id).filter { $0.collectedAt.applies(to: loaded.unit) }
        let saved = Set(try await DataValueStore(database: request.db).values(unitCode: loaded.unit.code, periods: [loaded.round.period.description]).map(\.element))
        let t = Localizer(request: request)
        return elements.filter { !saved.contains($0.code) }.map { t.isEnglish ? ($0.nameEn ?? $0.name) : $0.name }
    }

    func submission(_ request: Request) async throws -> Response {
        let loaded = try await load(request)
        let t = Localizer(request: request)
        let notice: String? = switch (try? request.query.get(String.self, at: "done")) ?? "" {
        case "saved": t("The draft is saved.", "Đã lưu bản nháp.")
        case "submit": t("Sent to the standing office.", "Đã gửi cơ quan thường trực.")
        case "approve": t("Approved: the report is locked and its data counts as official.", "Đã duyệt: báo cáo được khóa và số liệu là số liệu chính thức.")
        case "return": t("Returned to the unit with your comment.", "Đã trả lại đơn vị kèm ý kiến.")
        case "reopen": t("Reopened: the unit can change its report again.", "Đã mở lại: đơn vị có thể sửa báo cáo.")
        default: nil
        }
        return try await page(request, loaded, notice: notice)
    }

    /// Saves the draft (always possible while editable) and, when asked, sends it if nothing is missing.
    func save(_ request: Request) async throws -> Response {
        var loaded = try await load(request)
        let t = Localizer(request: request)
        guard loaded.mayEdit else { throw Abort(.forbidden) }
        let form = try request.content.decode([String: String].self)
        let version = form["version"].flatMap { Int($0) } ?? -1
        var content = loaded.submission.content
        let demands = SubmissionDemands(plan: loaded.plan, unitCode: loaded.unit.code)
        for demand in demands.duties {
            content.narratives[demand.key] = .init(results: form["results_\(demand.key)"] ?? "", shortcomings: form["shortcomings_\(demand.key)"] ?? "",
                                                   proposals: form["proposals_\(demand.key)"] ?? "")
        }
        for project in demands.projects {
            func number(_ key: String) -> Double? { form["\(key)_\(project.code)"].flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) } }
            content.projects[project.code] = .init(status: form["status_\(project.code)"] ?? "", progress: number("progress").map { min(max($0, 0), 100) },
                                                   allocated: number("allocated"), spent: number("spent"), note: form["note_\(project.code)"] ?? "")
        }
        let store = RoundStore(database: request.db)
        switch try await store.saveDraft(id: loaded.submission.id, expectedVersion: version, content: content, context: request.changeContext) {
        case .saved(let record):
            loaded.submission = record
        case .conflict(let current):
            loaded.submission = current
            return try await page(request, loaded, problem: t("Not saved: someone changed this report after you opened it (now version \(current.version)). It is shown as it stands now.",
                                                             "Chưa lưu: báo cáo đã được người khác sửa sau khi bạn mở (nay là phiên bản \(current.version)). Đây là nội dung hiện tại."),
                                  status: .conflict)
        case .notAllowed(let current):
            loaded.submission = current
            return try await page(request, loaded, problem: t("This report cannot be changed in its state (\(current.state.name(.en))).",
                                                             "Không thể sửa báo cáo ở trạng thái này (\(current.state.name(.vi)))."), status: .conflict)
        case .notFound:
            throw Abort(.notFound)
        }
        guard form["intent"] == "submit" else {
            return request.redirect(to: "/submissions/\(loaded.submission.id.slug)?done=saved", redirectType: .normal)
        }
        let missing = demands.missing(loaded.submission.content, missingData: try await missingData(request, loaded), language: t.language)
        guard missing.isEmpty else {
            return try await page(request, loaded, problem: t("The draft is saved, but it cannot be sent yet: \(missing.count) item(s) are missing (listed below).",
                                                             "Đã lưu bản nháp nhưng chưa gửi được: còn thiếu \(missing.count) nội dung (liệt kê dưới đây)."),
                                  status: .unprocessableEntity)
        }
        switch try await store.transition(id: loaded.submission.id, expectedVersion: loaded.submission.version, action: .submit, comment: "",
                                          context: request.changeContext) {
        case .saved: return request.redirect(to: "/submissions/\(loaded.submission.id.slug)?done=submit", redirectType: .normal)
        default: return try await page(request, loaded, problem: t("The report could not be sent; reload and try again.", "Chưa gửi được báo cáo; hãy tải lại trang và thử lại."), status: .conflict)
        }
    }

    func transition(_ request: Request, _ action: SubmissionAction) async throws -> Response {
        var loaded = try await load(request)
        let t = Localizer(request: request)
        guard loaded.mayReview else { throw Abort(.forbidden, reason: t("Only the standing office reviews reports.", "Chỉ cơ quan thường trực xem xét báo cáo.")) }
        let version = (try? request.content.get(Int.self, at: "version")) ?? -1
        let comment = ((try? request.content.get(String.self, at: "comment")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsComment, comment.isEmpty {
            return try await page(request, loaded, problem: t("Say why: a comment is required.", "Hãy nêu lý do: cần có ý kiến."), status: .unprocessableEntity)
        }
        switch try await RoundStore(database: request.db).transition(id: loaded.submission.id, expectedVersion: version, action: action,
                                                                     comment: comment, context: request.changeContext) {
        case .saved: return request.redirect(to: "/submissions/\(loaded.submission.id.slug)?done=\(action.rawValue)", redirectType: .normal)
        case .conflict(let current), .notAllowed(let current):
            loaded.submission = current
            return try await page(request, loaded, problem: t("Not done: the report changed meanwhile or is not in a state for this (\(current.state.name(.en))).",
                                                             "Chưa thực hiện: báo cáo đã thay đổi hoặc không ở trạng thái phù hợp (\(current.state.name(.vi)))."), status: .conflict)
        case .notFound: throw Abort(.notFound)
        }
    }

    // MARK: API

    struct RoundDTO: Content {
        var id: String
        var period: String
        var kind: String
        var dueDate: String
        var cutoffStart: String
        var cutoffEnd: String
        var counts: [String: Int]
    }

    struct SubmissionDTO: Content {
        var id: String
        var orgunit: String
        var state: String
        var version: Int
        var submittedAt: Date?
        var onTime: Bool?
    }

    func roundsJSON(_ request: Request) async throws -> [RoundDTO] {
        guard let id = request.parameters.get("planID").flatMap(UUID.init(uuidString:)), try await PlanStore(database: request.db).exists(id: id) else {
            throw Abort(.notFound, reason: "No plan with this id.")
        }
        return try await RoundStore(database: request.db).rounds(planID: id).map { round in
            RoundDTO(id: round.id.slug, period: round.period.description, kind: round.kind.rawValue, dueDate: round.schedule.dueDate,
                     cutoffStart: round.schedule.cutoffStart, cutoffEnd: round.schedule.cutoffEnd,
                     counts: Dictionary(uniqueKeysWithValues: SubmissionState.allCases.map { ($0.rawValue, round.counts[$0] ?? 0) }))
        }
    }

    func submissionsJSON(_ request: Request) async throws -> [SubmissionDTO] {
        let (round, _) = try await loadRound(request)
        return try await RoundStore(database: request.db).submissions(roundID: round.id).map {
            SubmissionDTO(id: $0.id.slug, orgunit: $0.unitCode, state: $0.state.rawValue, version: $0.version, submittedAt: $0.firstSubmittedAt,
                          onTime: $0.firstSubmittedAt.map { Timeliness.isOnTime(firstSubmittedAt: $0, dueDate: round.schedule.dueDate) })
        }
    }

    struct TransitionIn: Content {
        var version: Int
        var comment: String?
    }

    func transitionJSON(_ request: Request, _ action: SubmissionAction) async throws -> Response {
        let loaded = try await load(request)
        let input = try request.content.decode(TransitionIn.self)
        guard action == .submit ? loaded.mayEdit : loaded.mayReview else { throw Abort(.forbidden, reason: "This token may not \(action.rawValue) this report.") }
        let comment = (input.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsComment, comment.isEmpty { throw Abort(.unprocessableEntity, reason: "comment: required to \(action.rawValue).") }
        if action == .submit {
            let demands = SubmissionDemands(plan: loaded.plan, unitCode: loaded.unit.code)
            let missing = demands.missing(loaded.submission.content, missingData: try await missingData(request, loaded), language: .en)
            if !missing.isEmpty { throw Abort(.unprocessableEntity, reason: "Missing: " + missing.joined(separator: "; ")) }
        }
        switch try await RoundStore(database: request.db).transition(id: loaded.submission.id, expectedVersion: input.version, action: action,
                                                                     comment: comment, context: request.changeContext) {
        case .saved(let record):
            return try await SubmissionDTO(id: record.id.slug, orgunit: record.unitCode, state: record.state.rawValue, version: record.version,
                                           submittedAt: record.firstSubmittedAt, onTime: nil).encodeResponse(for: request)
        case .conflict(let current): throw Abort(.conflict, reason: "The report is at version \(current.version) now.")
        case .notAllowed(let current): throw Abort(.conflict, reason: "Not possible from state \(current.state.rawValue).")
        case .notFound: throw Abort(.notFound)
        }
    }
}
