import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The target board, a page per target, and the same in the API.
struct BoardRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.board(.key), .capability(.seeFigures)) { request in
            let context = PageContext(request)
            let plan = try await context.routedPlan()
            let model = try await BoardPage.model(context.query, try request.query.decode(BoardFilter.self), plan: plan)
            return context.page(title: context.t("Target board", "Bảng chỉ tiêu"), plan: plan, BoardPage.view(model, t: context.t))
        }
        routes.get(.boardTarget(.key, code: .key), .capability(.seeFigures)) { request in
            let context = PageContext(request)
            let plan = try await context.routedPlan()
            let model = try await TargetPage.model(
                context.query, try request.query.decode(TargetFilter.self), plan: plan, code: request.parameters.get("code"))
            return context.page(title: model.target.code, plan: plan, TargetPage.view(model, t: context.t))
        }
        routes.get(.boardXLSX(.key), .capability(.seeFigures)) { request in try await export(request, as: .xlsx) }
        routes.get(.boardCSV(.key), .capability(.seeFigures)) { request in try await export(request, as: .csv) }
        routes.get(.api(.board(.key)), .capability(.seeFigures), use: boardJSON)
    }
}
