import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// A plan's versions (issue 16, item 4): the amendment history, public like the plan's other pages, and the form by
/// which the plan's standing office records an amending document (``PlanVersionStore/record(planID:input:after:context:)``).
struct PlanVersionRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.planHistory(.key), .anyone, use: history)
        let rule = AccessRule.capability(.editPlan)
        routes.get(.newPlanVersion(.key), rule, use: form)
        routes.post(.newPlanVersion(.key), rule, use: record)
        routes.post(.reissuePlanVersion(.key), rule, use: reissue)
    }

    /// The plan as it stands becomes version 1, the plan as issued (``PlanVersionStore/reissue(planID:after:context:)``);
    /// back to the history, which says what happened.
    func reissue(_ request: Request) async throws -> Response {
        let plan = try await EditPlanRoutes().editablePlan(request)
        let after = (try? request.content.get(String.self, at: "after")).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? -1
        let outcome = try await PlanVersionStore(database: request.db).reissue(planID: plan.id, after: after, context: request.changeContext)
        let context = PageContext(request)
        switch outcome {
        case .saved:
            return request.redirect(to: SiteURL.planHistory(.value(plan.id), DoneNotice("1")).path, redirectType: .normal)
        case .conflict(let latest, _):
            throw PageError.conflict(
                context.t(
                    "Version \(latest.version.number) (document \(latest.version.document.number)) was recorded meanwhile; nothing was changed.",
                    "Phiên bản \(latest.version.number) (văn bản \(latest.version.document.number)) vừa được ghi nhận; chưa thay đổi gì."))
        case .invalid(let problems):
            throw PageError.unprocessable(problems.map { $0.message(context.t.language) }.joined(separator: " "))
        case .notFound:
            throw Abort(.notFound, reason: context.t("There is no such plan.", "Không có kế hoạch này."))
        }
    }

    func history(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let plan = try await context.routedPlan()
        var model = try await PlanHistoryPage.model(context.query, plan: plan, notice: try request.query.decode(DoneNotice.self))
        // The form token only for the office that has a form here (a visitor's page sets no cookie).
        if model.mayAmend { model.csrfToken = request.csrfToken }
        return context.page(title: context.t("Amendment history", "Lịch sử sửa đổi"), plan: plan, PlanHistoryPage.view(model, t: context.t))
    }

    /// The latest version, version 1 being the plan itself while none is recorded.
    func latest(_ request: Request, plan: Plan) async throws -> PlanVersionRecord {
        try await PlanVersionStore(database: request.db).versions(planID: plan.id).last
            ?? PlanVersionRecord(version: .issued(plan), plan: plan, createdBy: "", createdAt: Date())
    }

    func render(_ request: Request, _ model: PlanVersionFormPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(
            title: context.t("Record an amending document", "Ghi nhận văn bản sửa đổi, bổ sung"), plan: model.plan, status: status,
            PlanVersionFormPage.view(model, t: context.t))
    }

    func form(_ request: Request) async throws -> Response {
        let plan = try await EditPlanRoutes().editablePlan(request)
        let latest = try await latest(request, plan: plan)
        return render(
            request,
            .init(
                plan: plan, latest: latest, changes: PlanAmendment.changes(from: latest.plan, to: plan),
                values: ["issuer": plan.issuer], problems: [], conflict: nil, csrfToken: request.csrfToken))
    }

    func record(_ request: Request) async throws -> Response {
        let plan = try await EditPlanRoutes().editablePlan(request)
        let form = try request.content.decode([String: String].self)
        var values: [String: String] = [:]
        for key in PlanVersionFormPage.fieldKeys { values[key] = form[key] ?? "" }
        let after = form["after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? -1
        let outcome = try await PlanVersionStore(database: request.db).record(
            planID: plan.id, input: PlanVersionFormPage.input(values), after: after, context: request.changeContext)
        // The plan as it stands after the transaction (the editor may have moved meanwhile).
        let current = try await PlanStore(database: request.db).plan(id: plan.id) ?? plan
        switch outcome {
        case .saved(let saved):
            return request.redirect(
                to: SiteURL.planHistory(.value(plan.id), DoneNotice(String(saved.version.number))).path, redirectType: .normal)
        case .conflict(let latest, _):
            return render(
                request,
                .init(
                    plan: current, latest: latest, changes: PlanAmendment.changes(from: latest.plan, to: current), values: values,
                    problems: [], conflict: latest, csrfToken: request.csrfToken), status: .conflict)
        case .invalid(let problems):
            let latest = try await latest(request, plan: current)
            return render(
                request,
                .init(
                    plan: current, latest: latest, changes: PlanAmendment.changes(from: latest.plan, to: current), values: values,
                    problems: problems, conflict: nil, csrfToken: request.csrfToken), status: .unprocessableEntity)
        case .notFound:
            throw Abort(.notFound, reason: Localizer(request: request)("There is no such plan.", "Không có kế hoạch này."))
        }
    }
}
