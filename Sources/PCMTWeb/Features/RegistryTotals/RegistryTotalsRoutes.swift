import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// A commune's registry elements (issue 17, item 1): the page, for those who keep the commune's registry
/// (``Capability/managePeople``), and the change of source, for the standing office of its province
/// (``Capability/chooseValueSource``).
struct RegistryTotalsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.registrySources(.key), .capability(.managePeople), use: show)
        routes.post(.registrySources(.key), .capability(.chooseValueSource), use: choose)
    }

    func title(_ t: Localizer) -> String { t("Figures from the register", "Số liệu từ sổ quản lý") }

    func show(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RegistryQueries.commune(context.query, code: request.parameters.get("communeCode"))
        let query = (try? request.query.decode(SourcesQuery.self)) ?? SourcesQuery()
        let model = try await RegistryTotalsQueries.model(context.query, commune: commune, period: query.period)
        let notice = query.done.flatMap(Int.init).map {
            context.t("Saved. \($0) figure(s) were counted again from the register.", "Đã lưu. Đã tính lại \($0) số liệu từ sổ quản lý.")
        }
        return context.page(
            title: "\(title(context.t)) · \(commune.unit.name)", plan: nil,
            RegistryTotalsPage.view(model, t: context.t, csrfToken: context.csrfToken, notice: notice))
    }

    /// Makes the ticked elements derived from the chosen year and the others typed, in two changes (each its own
    /// transaction with its audit event); 422 naming what is wrong otherwise, nothing changed.
    func choose(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        // Only the standing office of the commune's province; another unit's commune is refused before anything is read.
        guard let unit = try await RegistryQueries.communeUnit(context.query, code: request.parameters.get("communeCode")) else {
            throw PageError.notFound(t("No commune with this code.", "Không có xã, phường với mã này."))
        }
        guard try await context.query.allows(.chooseValueSource, at: unit) else {
            throw PageError.forbidden(
                t("Only the standing office of the province chooses this.", "Chỉ cơ quan thường trực của tỉnh được chọn nguồn số liệu."))
        }
        let commune = try await RegistryQueries.commune(context.query, unit: unit)
        struct Form: Content {
            var element: [String]?
            var fromYear: String?
        }
        let form = try request.content.decode(Form.self)
        let today = RegistryQueries.today(context.query)
        let chosen = Set(form.element ?? [])
        func refuse(_ message: String) async throws -> Response {
            let model = try await RegistryTotalsQueries.model(context.query, commune: commune, period: nil)
            return context.page(
                title: "\(title(t)) · \(unit.name)", plan: nil, status: .unprocessableEntity,
                RegistryTotalsPage.view(model, t: t, csrfToken: context.csrfToken, problem: message))
        }
        let yielded = RegistryYields.all.map(\.element)
        let unknown = chosen.subtracting(yielded)
        guard unknown.isEmpty else {
            return try await refuse(
                t(
                    "element: \(unknown.sorted().joined(separator: ", ")) is not derived from the register; nothing was changed.",
                    "element: \(unknown.sorted().joined(separator: ", ")) không tính được từ sổ quản lý; chưa thay đổi gì."))
        }
        let year = Int(today.prefix(4)) ?? 2026
        guard let fromYear = form.fromYear.flatMap({ Int($0) }), ((year - 5)...year).contains(fromYear) else {
            return try await refuse(
                t(
                    "fromYear: choose a year from \(year - 5) to \(year); nothing was changed.",
                    "fromYear: chọn một năm từ \(year - 5) đến \(year); chưa thay đổi gì."))
        }
        let store = ElementSourceStore(database: request.db)
        let change = request.changeContext
        let typed = yielded.filter { !chosen.contains($0) }
        var changed = 0
        var kept: [ValueLock] = []
        if !typed.isEmpty {
            _ = try await store.choose(elements: typed, unitCode: unit.code, source: .typed, fromYear: fromYear, today: today, context: change)
        }
        // One change per registry: each element is derived from the one registry that yields it (``RegistryYields``).
        for source in ValueSource.allCases where source != .typed {
            let derived = RegistryYields.elements(of: source).filter(chosen.contains)
            guard !derived.isEmpty else { continue }
            let outcome = try await store.choose(
                elements: derived, unitCode: unit.code, source: source, fromYear: fromYear, today: today, context: change)
            changed += outcome.changedValues
            kept += outcome.kept.filter { lock in !kept.contains(lock) }
        }
        guard kept.isEmpty else {
            // Said on the page itself: which approved reports kept their figures.
            let model = try await RegistryTotalsQueries.model(context.query, commune: commune, period: nil)
            return context.page(
                title: "\(title(t)) · \(unit.name)", plan: nil,
                RegistryTotalsPage.view(
                    model, t: t, csrfToken: context.csrfToken,
                    notice: t(
                        "Saved. \(changed) figure(s) were counted again from the register.", "Đã lưu. Đã tính lại \(changed) số liệu từ sổ quản lý."),
                    warnings: kept.map { $0.message(t.language) }))
        }
        return request.redirect(
            to: SiteURL.registrySources(.value(unit.code), SourcesQuery(done: String(changed))).path, redirectType: .normal)
    }
}
