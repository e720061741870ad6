import PCMTDomain
import PCMTStore
import Vapor

/// The plan's public pages: home, the plan's sections, units and search; and the language switch.
struct PlanPagesRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home(), .anyone, use: home)
        routes.get(.currentPlan(.key), .anyone) { request in
            // The current plan's part, for the menu of pages that belong to no plan; the part's own route decides access.
            let c = PageContext(request)
            let sections: [String: (Parameter<UUID>) -> SiteURL] = [
                "board": { .board($0) }, "targets": { .targets($0) }, "tasks": { .tasks($0) }, "solutions": { .solutions($0) },
                "assignments": { .assignments($0) }, "projects": { .projects($0) }, "rounds": { .rounds($0) }, "edit": { .editPlan($0) },
            ]
            guard let url = request.parameters.get("section").flatMap({ sections[$0] }) else {
                throw PageError.notFound(c.t("No such part of a plan.", "Kế hoạch không có phần này."))
            }
            guard let plan = try await c.defaultPlan() else {
                throw PageError.notFound(c.t("There is no plan yet.", "Chưa có kế hoạch nào."))
            }
            return request.redirect(to: url(.value(plan.id)).path, redirectType: .normal)
        }
        routes.get(.plans, .anyone) { request in
            let c = PageContext(request)
            return c.page(title: c.t("Plans", "Kế hoạch"), plan: nil, PlansPage.view(try await PlansPage.model(c.query), t: c.t))
        }
        routes.get(.plan(.key), .anyone) { request in
            try await Self.planPage(request) { c, p in
                c.page(title: p.code, plan: p, HomePage.view(try await HomePage.model(c.query, plan: p), t: c.t))
            }
        }
        routes.get(.targets(.key), .anyone) { request in
            try await Self.planPage(request) { c, p in
                c.page(title: c.t("Targets", "Chỉ tiêu"), plan: p, TargetsPage.view(TargetsPage.model(plan: p), t: c.t))
            }
        }
        routes.get(.tasks(.key), .anyone) { request in
            try await Self.planPage(request) { c, p in
                c.page(title: c.t("Key tasks", "Nhiệm vụ trọng tâm"), plan: p, TasksPage.view(TasksPage.model(plan: p), t: c.t))
            }
        }
        routes.get(.solutions(.key), .anyone) { request in
            try await Self.planPage(request) { c, p in
                c.page(title: c.t("Solutions", "Giải pháp"), plan: p, SolutionsPage.view(SolutionsPage.model(plan: p), t: c.t))
            }
        }
        routes.get(.assignments(.key), .anyone) { request in
            try await Self.planPage(request) { c, p in
                c.page(
                    title: c.t("Assignments", "Phân công"), plan: p,
                    AssignmentsPage.view(try await AssignmentsPage.model(c.query, plan: p), t: c.t))
            }
        }
        routes.get(.assignment(.key, number: .key), .anyone) { request in
            try await Self.planPage(request) { c, p in
                let model = try await AssignmentPage.model(c.query, plan: p, number: request.parameters.get("number", as: Int.self))
                return c.page(title: model.assignment.assignee, plan: p, AssignmentPage.view(model, t: c.t))
            }
        }
        routes.get(.projects(.key), .anyone) { request in
            try await Self.planPage(request) { c, p in
                c.page(title: c.t("Projects", "Dự án"), plan: p, ProjectsPage.view(try await ProjectsPage.model(c.query, plan: p), t: c.t))
            }
        }
        routes.get(.orgUnits, .anyone) { request in
            let c = PageContext(request)
            return c.page(
                title: c.t("Organisation units", "Đơn vị"), plan: try await c.defaultPlan(),
                OrgUnitsPage.view(try await OrgUnitsPage.model(c.query), t: c.t))
        }
        routes.get(.orgUnit(.key), .anyone) { request in
            let c = PageContext(request)
            let model = try await OrgUnitPage.model(c.query, code: request.parameters.get("code"), csrfToken: c.csrfToken)
            return c.page(title: model.unit.name, plan: model.plan, OrgUnitPage.view(model, t: c.t))
        }
        routes.post(.orgUnitSplitShares(.key), .capability(.setSplitShares), use: SplitShareRoutes.save)
        routes.get(.search(), .anyone) { request in
            let c = PageContext(request)
            let model = try await SearchPage.model(c.query, try request.query.decode(SearchQuery.self))
            return c.page(title: c.t("Search", "Tìm kiếm"), plan: model.plan, SearchPage.view(model, t: c.t))
        }
        routes.get(.language(.key), .anyone, use: switchLanguage)
    }

    private static func planPage(
        _ request: Request,
        _ render: (PageContext, Plan) async throws -> Response
    ) async throws -> Response {
        let context = PageContext(request)
        return try await render(context, try await context.routedPlan())
    }

    func home(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let notice = try request.query.decode(HomeNotice.self)
        guard let plan = try await context.defaultPlan() else {
            return context.page(title: "pcmt", plan: nil, PlansPage.view(.init(plans: []), t: context.t))
        }
        var content = HomePage.view(try await HomePage.model(context.query, plan: plan), t: context.t)
        if let own = try await OwnReports.model(context.query, plan: plan) {
            content.insert(OwnReports.view(own, t: context.t), at: 0)
        }
        if let due = try await RegistryToDo.summary(request) {
            content.insert(RegistryToDo.view(due, t: context.t), at: 0)
        }
        if let todo = try await OfficeToDo.model(context.query, plan: plan) {
            content.insert(OfficeToDo.view(todo, t: context.t), at: 0)
        }
        if notice.passwordSaved {
            content.insert(
                Forms.notice(
                    context.t(
                        "Your password is saved. Welcome to pcmt.",
                        "Đã lưu mật khẩu của bạn. Chào mừng đến với pcmt.")), at: 0)
        }
        return context.page(title: plan.code, plan: plan, content)
    }

    /// Remembers the chosen interface language in a cookie and goes back to the page the visitor was on.
    func switchLanguage(_ request: Request) async throws -> Response {
        guard let language = request.parameters.get("language").flatMap(Language.init(rawValue:)) else {
            throw Abort(.notFound, reason: "Unknown language / Ngôn ngữ không hỗ trợ")
        }
        let input = try request.query.decode(LanguageSwitch.self)
        // Only paths of this site: "//host" or "http:" would turn the switch into an open redirect.
        let target = SafePath.local(input.back ?? SiteURL.home().path)
        let response = request.redirect(to: target, redirectType: .normal)
        response.cookies[Localizer.cookieName] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 24 * 3600, path: "/", isSecure: false, isHTTPOnly: true,
            sameSite: .lax)
        return response
    }
}
