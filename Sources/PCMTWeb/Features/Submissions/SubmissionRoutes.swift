import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// A unit's report in a round: the page, saving and sending it, and the standing office's review (return, approve,
/// reopen) — as pages and in the API.
struct SubmissionRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.submission(.key), .capability(.readSubmission), use: submission)
        routes.post(.submission(.key), .capability(.readSubmission), use: save)
        for action in [SubmissionAction.return, .approve, .reopen] {
            routes.post(.submissionAction(.key, action), .capability(.reviewSubmission)) { request in
                try await transition(request, action)
            }
        }
        routes.post(.api(.submissionAction(.key, .submit)), .capability(.editSubmission)) { request in
            try await transitionJSON(request, .submit)
        }
        for action in [SubmissionAction.return, .approve, .reopen] {
            routes.post(.api(.submissionAction(.key, action)), .capability(.reviewSubmission)) { request in
                try await transitionJSON(request, action)
            }
        }
    }

    func page(
        _ request: Request, _ loaded: LoadedSubmission, notice: String? = nil, problem: String? = nil,
        status: HTTPResponseStatus = .ok, reviewDraft: [String: String] = [:], attachmentProblem: String? = nil, attachmentNote: String = ""
    ) async throws -> Response {
        let c = PageContext(request)
        var model = try await SubmissionQueries.page(
            c.query, loaded, notice: notice, problem: problem, csrfToken: c.csrfToken, reviewDraft: reviewDraft)
        model.attachmentProblem = attachmentProblem
        model.attachmentNote = attachmentNote
        return c.page(title: loaded.unit.name, plan: loaded.plan, status: status, SubmissionPage.view(model, t: c.t))
    }

    func submission(_ request: Request) async throws -> Response {
        let loaded = try await SubmissionQueries.load(request.queryContext, id: request.uuid("submissionID"))
        // Opening the report reads the notices about it.
        if let account = request.actor?.account, request.actor?.unreadNotices ?? 0 > 0 {
            let read = try await NoticeStore(database: request.db).markRead(
                userID: account.id, link: SiteURL.submission(.value(loaded.submission.id)).path)
            request.actor?.unreadNotices -= read
        }
        let notice = SubmissionQueries.notice(try request.query.decode(DoneNotice.self), t: Localizer(request: request))
        return try await page(request, loaded, notice: notice)
    }

    /// Saves the draft (always possible while editable) and, when asked, sends it if nothing is missing.
    func save(_ request: Request) async throws -> Response {
        let context = request.queryContext
        var loaded = try await SubmissionQueries.load(context, id: request.uuid("submissionID"))
        let t = context.t
        guard loaded.mayEdit else { throw Abort(.forbidden) }
        let form = try request.content.decode([String: String].self)
        let version = form["version"].flatMap { Int($0) } ?? -1
        let numbers = SubmissionQueries.numberProblems(from: form, loaded)
        if !numbers.isEmpty {
            // Nothing saved; the page keeps what was typed (a number that could not be read shows empty).
            loaded.submission.content = SubmissionQueries.content(from: form, loaded)
            return try await page(
                request, loaded, problem: numbers.map { $0.message(t.language) }.joined(separator: " "), status: .unprocessableEntity)
        }
        let store = RoundStore(database: request.db)
        switch try await store.saveDraft(
            id: loaded.submission.id, expectedVersion: version,
            content: SubmissionQueries.content(from: form, loaded), context: request.changeContext)
        {
        case .saved(let record):
            loaded.submission = record
        case .conflict(let current):
            loaded.submission = current
            return try await page(
                request, loaded,
                problem: t(
                    "Not saved: someone changed this report after you opened it (now version \(current.version)). It is shown as it stands now.",
                    "Chưa lưu: báo cáo đã được người khác sửa sau khi bạn mở (nay là phiên bản \(current.version)). Đây là nội dung hiện tại."),
                status: .conflict)
        case .notAllowed(let current), .refused(let current, _):
            loaded.submission = current
            return try await page(
                request, loaded,
                problem: t(
                    "This report cannot be changed in its state (\(current.state.name(.en))).",
                    "Không thể sửa báo cáo ở trạng thái này (\(current.state.name(.vi)))."), status: .conflict)
        case .notFound:
            throw Abort(.notFound)
        }
        guard form["intent"] == "submit" else {
            return request.redirect(to: SiteURL.submission(.value(loaded.submission.id), .init("saved")).path, redirectType: .normal)
        }
        let missing = try await SubmissionQueries.missing(context, loaded)
        guard missing.isEmpty else {
            return try await page(
                request, loaded,
                problem: t(
                    "The draft is saved, but it cannot be sent yet: \(missing.count) item(s) are missing (listed below).",
                    "Đã lưu bản nháp nhưng chưa gửi được: còn thiếu \(missing.count) nội dung (liệt kê dưới đây)."),
                status: .unprocessableEntity)
        }
        switch try await store.transition(
            id: loaded.submission.id, expectedVersion: loaded.submission.version, action: .submit, comment: "",
            context: request.changeContext)
        {
        case .saved: return request.redirect(to: SiteURL.submission(.value(loaded.submission.id), .init("submit")).path, redirectType: .normal)
        default:
            return try await page(
                request, loaded,
                problem: t(
                    "The report could not be sent; reload and try again.",
                    "Chưa gửi được báo cáo; hãy tải lại trang và thử lại."), status: .conflict)
        }
    }

    func transition(_ request: Request, _ action: SubmissionAction) async throws -> Response {
        var loaded = try await SubmissionQueries.load(request.queryContext, id: request.uuid("submissionID"))
        let t = Localizer(request: request)
        guard loaded.mayReview else {
            throw Abort(.forbidden, reason: t("Only the standing office reviews reports.", "Chỉ cơ quan thường trực xem xét báo cáo."))
        }
        try await SubmissionQueries.checkNotOwnWork(request.queryContext, loaded, action: action)
        let version = (try? request.content.get(Int.self, at: "version")) ?? -1
        let form = (try? request.content.decode([String: String].self)) ?? [:]
        // Shown again if the action is refused, so that nothing the reviewer wrote is lost.
        var draft = form.filter { $0.key == "comment" || $0.key.hasPrefix("item_") }
        draft["action"] = action.rawValue
        let comment = (form["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // Comments per duty, figure and project come with a return (issue 14, item 4).
        var items: [ReviewComment] = []
        if action == .return || action == .reopen {
            let figures = try await DataEntryQueries.figures(
                request.queryContext, plan: loaded.plan, unit: loaded.unit, period: loaded.round.period)
            switch ReviewComment.read(form: form, labels: SubmissionQueries.itemLabels(loaded, figures: figures)) {
            case .success(let read): items = read
            case .failure(let problem):
                return try await page(
                    request, loaded, problem: problem.message(t.language), status: .unprocessableEntity, reviewDraft: draft)
            }
        }
        if action.needsComment, comment.isEmpty, items.isEmpty || action == .reopen {
            return try await page(
                request, loaded,
                problem: action == .return
                    ? t(
                        "Say why: write a general comment or a comment on at least one item.",
                        "Hãy nêu lý do: ghi ý kiến chung hoặc ý kiến về ít nhất một nội dung.")
                    : t("Say why: a comment is required.", "Hãy nêu lý do: cần có ý kiến."),
                status: .unprocessableEntity, reviewDraft: draft)
        }
        switch try await RoundStore(database: request.db).transition(
            id: loaded.submission.id, expectedVersion: version, action: action,
            comment: comment, itemComments: items, context: request.changeContext)
        {
        case .saved:
            return request.redirect(to: SiteURL.submission(.value(loaded.submission.id), .init(action.rawValue)).path, redirectType: .normal)
        case .refused(let current, let refusal):
            loaded.submission = current
            return try await page(request, loaded, problem: refusal.message(t.language), status: .conflict, reviewDraft: draft)
        case .conflict(let current), .notAllowed(let current):
            loaded.submission = current
            return try await page(
                request, loaded,
                problem: t(
                    "Not done: the report changed meanwhile or is not in a state for this (\(current.state.name(.en))).",
                    "Chưa thực hiện: báo cáo đã thay đổi hoặc không ở trạng thái phù hợp (\(current.state.name(.vi)))."), status: .conflict,
                reviewDraft: draft)
        case .notFound: throw Abort(.notFound)
        }
    }

    // MARK: API

    struct TransitionIn: Content {
        var version: Int
        var comment: String?
        /// Comments per item, by key ("duty:21/-1", "figure:CODE", "project:CODE").
        var items: [String: String]?
    }

    func transitionJSON(_ request: Request, _ action: SubmissionAction) async throws -> Response {
        let context = request.queryContext
        let loaded = try await SubmissionQueries.load(context, id: request.uuid("submissionID"))
        let input = try request.content.decode(TransitionIn.self)
        // The errors are in the request's language, as every answer of the API (``Localizer/init(request:)``).
        let t = context.t
        try await SubmissionQueries.checkNotOwnWork(context, loaded, action: action)
        guard action == .submit ? loaded.mayEdit : loaded.mayReview else {
            throw Abort(
                .forbidden,
                reason: t("This token may not \(action.rawValue) this report.", "Mã truy cập này không được \(action.rawValue) báo cáo này."))
        }
        let comment = (input.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsComment, comment.isEmpty {
            throw Abort(.unprocessableEntity, reason: t("comment: required to \(action.rawValue).", "comment: cần ghi lý do để \(action.rawValue)."))
        }
        var items: [ReviewComment] = []
        if let given = input.items, !given.isEmpty {
            guard action == .return || action == .reopen else {
                throw Abort(
                    .unprocessableEntity,
                    reason: t(
                        "items: only a return or a reopening comments on items.", "items: chỉ khi trả lại hoặc mở lại mới ghi nhận xét từng mục."))
            }
            let figures = try await DataEntryQueries.figures(context, plan: loaded.plan, unit: loaded.unit, period: loaded.round.period)
            let labels = SubmissionQueries.itemLabels(loaded, figures: figures)
            let known = Set(labels.map(\.key))
            if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
                throw Abort(
                    .unprocessableEntity, reason: t("items: this report has no item \(unknown).", "items: báo cáo này không có mục \(unknown)."))
            }
            switch ReviewComment.read(form: Dictionary(uniqueKeysWithValues: given.map { ("item_" + $0.key, $0.value) }), labels: labels) {
            case .success(let read): items = read
            case .failure(let problem): throw Abort(.unprocessableEntity, reason: "items: " + problem.message(t.language))
            }
        }
        if action == .submit {
            let missing = try await SubmissionQueries.missing(context, loaded)
            if !missing.isEmpty { throw Abort(.unprocessableEntity, reason: t("Missing: ", "Còn thiếu: ") + missing.joined(separator: "; ")) }
        }
        switch try await RoundStore(database: request.db).transition(
            id: loaded.submission.id, expectedVersion: input.version, action: action,
            comment: comment, itemComments: items, context: request.changeContext)
        {
        case .saved(let record): return try await SubmissionDTO(record, onTime: nil).encodeResponse(for: request)
        case .conflict(let current):
            throw Abort(.conflict, reason: t("The report is at version \(current.version) now.", "Báo cáo nay đã ở phiên bản \(current.version)."))
        case .notAllowed(let current):
            throw Abort(
                .conflict,
                reason: t(
                    "Not possible from state \(current.state.rawValue).",
                    "Không thực hiện được khi báo cáo ở trạng thái “\(current.state.name(.vi))”."))
        case .refused(_, let refusal): throw Abort(.conflict, reason: refusal.message(context.t.language))
        case .notFound: throw Abort(.notFound)
        }
    }
}
