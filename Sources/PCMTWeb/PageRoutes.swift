import PCMTDomain
import PCMTStore
import Vapor

/// The HTML pages.
struct PageRoutes: RouteCollection {
    func boot(routes base: any RoutesBuilder) throws {
        let routes = base.access(.anyone)
        routes.get(use: home)
        routes.get("plans", use: plans)
        let plan = routes.grouped("plans", ":planID")
        plan.get(use: planHome)
        plan.get("targets") { request in try await Self.planPage(request) { c, p in
            c.page(title: c.t("Targets", "Chỉ tiêu"), plan: p, TargetsPage.view(TargetsPage.model(plan: p), t: c.t)) } }
        plan.get("tasks") { request in try await Self.planPage(request) { c, p in
            c.page(title: c.t("Key tasks", "Nhiệm vụ trọng tâm"), plan: p, TasksPage.view(TasksPage.model(plan: p), t: c.t)) } }
        plan.get("solutions") { request in try await Self.planPage(request) { c, p in
            c.page(title: c.t("Solutions", "Giải pháp"), plan: p, SolutionsPage.view(SolutionsPage.model(plan: p), t: c.t)) } }
        plan.get("assignments") { request in try await Self.planPage(request) { c, p in
            c.page(title: c.t("Assignments", "Phân công"), plan: p,
                   AssignmentsPage.view(try await AssignmentsPage.model(c, plan: p), t: c.t)) } }
        plan.get("assignments", ":number") { request in try await Self.planPage(request) { c, p in
            let model = try await AssignmentPage.model(c, plan: p)
            return c.page(title: model.assignment.assignee, plan: p, AssignmentPage.view(model, t: c.t)) } }
        plan.get("projects") { request in try await Self.planPage(request) { c, p in
            c.page(title: c.t("Projects", "Dự án"), plan: p, ProjectsPage.view(try await ProjectsPage.model(c, plan: p), t: c.t)) } }
        routes.get("orgunits") { request in
            let c = PageContext(request)
            return c.page(title: c.t("Organisation units", "Đơn vị"), plan: try await c.defaultPlan(),
                          OrgUnitsPage.view(try await OrgUnitsPage.model(c), t: c.t))
        }
        routes.get("orgunits", ":code") { request in
            let c = PageContext(request)
            let model = try await OrgUnitPage.model(c)
            return c.page(title: model.unit.name, plan: model.plan, OrgUnitPage.view(model, t: c.t))
        }
        routes.get("search") { request in
            let c = PageContext(request)
            let model = try await SearchPage.model(c)
            return c.page(title: c.t("Search", "Tìm kiếm"), plan: model.plan, SearchPage.view(model, t: c.t))
        }
        routes.get("lang", ":language", use: switchLanguage)
    }

    private static func planPage(_ request: Request,
                                 _ render: (PageContext, Plan) async throws -> Response) async throws -> Response {
        let context = PageContext(request)
        return try await render(context, try await context.routedPlan())
    }

    func home(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        guard let plan = try await context.defaultPlan() else {
            return context.page(title: "pcmt", plan: nil, PlansPage.view(.init(plans: []), t: context.t))
        }
        var content = HomePage.view(try await HomePage.model(context, plan: plan), t: context.t)
        if let principal = request.principal, [.agencyReporter, .districtReporter].contains(principal.role) {
            content.insert(try await ownReports(request, plan: plan, unitCode: principal.unit.code, t: context.t), at: 0)
        }
        if (try? request.query.get(String.self, at: "password")) == "saved" {
            content.insert(Forms.notice(context.t("Your password is saved. Welcome to pcmt.", "Đã lưu mật khẩu của bạn. Chào mừng đến với pcmt.")), at: 0)
        }
        return context.page(title: plan.code, plan: plan, content)
    }

    /// A reporting unit's own reports: what is due, by when, and what is still missing.
    func ownReports(_ request: Request, plan: Plan, unitCode: String, t: Localizer) async throws -> Node {
        let reports = try await RoundStore(database: request.db).submissions(unitCodes: [unitCode]).filter { $0.1.planID == plan.id }
        guard !reports.isEmpty else { return .empty }
        let demands = SubmissionDemands(plan: plan, unitCode: unitCode)
        let unit = try await OrgUnitStore(database: request.db).unit(code: unitCode)
        let elements = try await DataElementStore(database: request.db).elements(planID: plan.id).filter { element in unit.map { element.collectedAt.applies(to: $0) } ?? false }
        var missingData: [UUID: [String]] = [:]
        for (submission, round) in reports where submission.state.isEditable && !round.period.isSpan {
            let saved = Set(try await DataValueStore(database: request.db).values(unitCode: unitCode, periods: [round.period.description]).map(\.element))
            missingData[submission.id] = elements.filter { !saved.contains($0.code) }.map(\.name)
        }
        return h("section", ["class": "own-reports"], [
            h("h2", [:], t("Your unit's reports", "Báo cáo của đơn vị")),
            h("table", [:], [
                h("thead", [:], h("tr", [:], [h("th", ["scope": "col"], t("Round", "Kỳ")), h("th", ["scope": "col"], t("Due", "Hạn nộp")),
                                             h("th", ["scope": "col"], t("State", "Trạng thái")), h("th", ["scope": "col"], t("Still missing", "Còn thiếu"))])),
                h("tbody", [:], reports.prefix(12).map { submission, round in
                    let missing = submission.state.isEditable
                        ? demands.missing(submission.content, missingData: missingData[submission.id] ?? [], language: t.language).count : 0
                    return h("tr", [:], [
                        h("td", [:], link("/submissions/\(submission.id.slug)", round.kind.title(round.period, t.language))),
                        h("td", [:], t.date(round.schedule.dueDate)),
                        h("td", [:], h("span", ["class": "state state-\(submission.state.rawValue)"], submission.state.name(t.language))),
                        h("td", ["class": "num"], submission.state.isEditable ? t("\(missing) item(s)", "\(missing) nội dung") : "—"),
                    ])
                }),
            ]),
        ])
    }

    func planHome(_ request: Request) async throws -> Response {
        try await Self.planPage(request) { context, plan in
            context.page(title: plan.code, plan: plan, HomePage.view(try await HomePage.model(context, plan: plan), t: context.t))
        }
    }

    func plans(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        return context.page(title: context.t("Plans", "Kế hoạch"), plan: nil,
                            PlansPage.view(try await PlansPage.model(context), t: context.t))
    }

    /// Remembers the chosen interface language in a cookie and goes back to the page the visitor was on.
    func switchLanguage(_ request: Request) async throws -> Response {
        guard let language = request.parameters.get("language").flatMap(Language.init(rawValue:)) else {
            throw Abort(.notFound, reason: "Unknown language / Ngôn ngữ không hỗ trợ")
        }
        let back = (try? request.query.get(String.self, at: "back")) ?? "/"
        // Only paths of this site: "//host" or "http:" would turn the switch into an open redirect.
        let target = SafePath.local(back)
        let response = request.redirect(to: target, redirectType: .normal)
        response.cookies[Localizer.cookieName] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 24 * 3600, path: "/", isSecure: false, isHTTPOnly: true,
            sameSite: .lax)
        return response
    }
}
