import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// Entering reported numbers: a form per unit and period, and the import of a whole file.
struct DataRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.enterData)
        routes.get(.dataIndex, rule, use: index)
        routes.get(.dataOpen(), rule, use: open)
        routes.get(.dataTemplateCSV(), rule, use: template)
        routes.get(.dataTemplateXLSX(), rule, use: templateWorkbook)
        routes.get(.dataImport, rule, use: importForm)
        routes.post(.dataImport, rule, use: importFile)
        routes.get(.dataForm(unit: .key, period: .key), rule, use: form)
        routes.post(.dataForm(unit: .key, period: .key), rule, use: save)
    }

    func index(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let (plan, elements) = try await DataEntryQueries.plan(context.query)
        let principal = try context.principal
        let all = try await context.units.all()
        let placements = UnitPlacements(units: all)
        let units = all.filter { unit in
            guard elements.contains(where: { $0.collectedAt.applies(to: unit) }) else { return false }
            let ancestors = [placements[unit.code]?.districtCode, placements[unit.code]?.provinceCode].compactMap { $0 }
                .compactMap { code in all.first { $0.code == code } }.filter { $0.code != unit.code }
            return DataEntryQueries.mayEnter(principal, unit: unit, ancestors: ancestors)
        }
        return context.page(
            title: context.t("Data entry", "Nhập số liệu"), plan: plan,
            DataIndexPage.view(.init(plan: plan, units: units, periods: DataEntryQueries.periods(plan)), t: context.t))
    }

    func open(_ request: Request) async throws -> Response {
        let choice = try request.query.decode(DataChoice.self)
        return request.redirect(
            to: SiteURL.dataForm(unit: .value(choice.unit ?? ""), period: .value(choice.period ?? "")).path,
            redirectType: .normal)
    }

    // MARK: The form

    func render(_ request: Request, _ model: DataEntryPage.Model, status: HTTPResponseStatus = .ok) async throws -> Response {
        var model = model
        model.history = try await DataValueStore(database: request.db).history(unitCode: model.unit.code, period: model.period.description)
        let ancestors = try await OrgUnitStore(database: request.db).ancestors(of: model.unit)
        model.locked = try await DataEntryQueries.lockedMessage(
            request.queryContext, placement: UnitPlacement(unit: model.unit, ancestors: ancestors), period: model.period)
        let context = PageContext(request)
        return context.page(title: context.t("Data entry", "Nhập số liệu"), plan: model.plan, status: status, DataEntryPage.view(model, t: context.t))
    }

    func form(_ request: Request) async throws -> Response {
        let target = try await DataEntryQueries.target(
            request.queryContext, unitCode: request.parameters.get("unitCode"), period: request.parameters.get("period"))
        return try await render(
            request,
            .init(
                plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                current: try await DataEntryQueries.current(request.queryContext, target), csrfToken: request.csrfToken))
    }

    func save(_ request: Request) async throws -> Response {
        let target = try await DataEntryQueries.target(
            request.queryContext, unitCode: request.parameters.get("unitCode"), period: request.parameters.get("period"))
        let form = try request.content.decode([String: String].self)
        var entries: [DataEntryValidation.Entry] = []
        var versions: [String: Int?] = [:]
        for element in target.elements {
            let categories = element.categories.isEmpty ? [""] : element.categories.map(\.code)
            for category in categories {
                let key = DataEntryPage.key(element.code, category)
                entries.append(.init(element: element.code, category: category, text: form["v_\(key)"] ?? ""))
                versions[key] = form["ver_\(key)"].flatMap { Int($0) }
            }
        }
        let current = try await DataEntryQueries.current(request.queryContext, target)
        var (values, problems) = DataEntryValidation.parse(entries, elements: target.elements)
        if problems.isEmpty {
            var totals: [String: Double] = [:]
            for entry in entries { if let value = values[entry.key] ?? nil { totals[entry.element, default: 0] += value } }
            problems = DataEntryValidation.partProblems(totals: totals, elements: target.elements)
        }
        let typed = Dictionary(entries.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        guard problems.isEmpty else {
            return try await render(
                request,
                .init(
                    plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                    current: current, typed: typed, problems: problems, csrfToken: request.csrfToken),
                status: .unprocessableEntity)
        }
        let changes = entries.map { entry in
            DataValueChange(
                element: entry.element, category: entry.category, value: values[entry.key] ?? nil,
                expectedVersion: versions[entry.key] ?? nil)
        }.filter { change in
            // Fields left empty that had no value are not changes.
            !(change.value == nil && current[DataEntryPage.key(change.element, change.category)] == nil)
        }
        // The store decides on the approval lock and the versions inside its write transaction.
        switch try await DataValueStore(database: request.db).save(
            changes, placement: target.placement, period: target.period,
            context: request.changeContext)
        {
        case .saved: break
        case .locked(let locks): throw Abort(.locked, reason: locks.map { $0.message(request.queryContext.t.language) }.joined(separator: " "))
        case .conflicts(let conflicts):
            // The form keeps what the person typed, now over the current versions: saving again is a deliberate choice.
            return try await render(
                request,
                .init(
                    plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                    current: try await DataEntryQueries.current(request.queryContext, target), typed: typed, conflicts: conflicts,
                    csrfToken: request.csrfToken),
                status: .conflict)
        }
        let warnings = try await DataEntryQueries.unusualValues(request.queryContext, target, values: values)
        return try await render(
            request,
            .init(
                plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                current: try await DataEntryQueries.current(request.queryContext, target), warnings: warnings, saved: true,
                csrfToken: request.csrfToken))
    }

}

extension Period {
    /// The half-year before a half-year.
    var previousHalf: Period {
        if case .halfYear(let year, let half) = self { return half == 2 ? .halfYear(year, half: 1) : .halfYear(year - 1, half: 2) }
        return previous
    }
}
