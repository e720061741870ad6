import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// A district's communes in one grid: `GET` shows it, `POST` saves every cell that changed, all or nothing.
struct AreaGridRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.enterData)
        routes.get(.dataGrid(district: .key, period: .key), rule, use: show)
        routes.post(.dataGrid(district: .key, period: .key), rule, use: save)
        routes.get(.dataGridTemplate(district: .key, period: .key), rule, use: template)
    }

    /// The grid as a workbook (``AreaGridTemplate``), with what is saved filled in: imported back unchanged, it
    /// changes nothing.
    func template(_ request: Request) async throws -> Response {
        let grid = try await grid(request)
        let context = request.queryContext
        // The instant is taken before the values are read: a value saved while they are read counts as after it.
        let asOf = context.clock.now
        let current = try await AreaGridQueries.saved(context, grid).current
        let workbook = Spreadsheet(sheets: [AreaGridTemplate.sheet(grid, current: current, asOf: asOf, t: context.t)])
        return Download(
            .xlsx, name: "so-lieu-\(grid.district.unit.code)-\(grid.period)", data: try XLSXWriter.data(workbook)
        ).response
    }

    func grid(_ request: Request) async throws -> AreaGridQueries.Grid {
        try await AreaGridQueries.grid(
            request.queryContext, districtCode: request.parameters.get("districtCode"), period: request.parameters.get("period"))
    }

    func page(_ request: Request, _ model: AreaGridPage.Model, status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = PageContext(request)
        var model = model
        model.fromHalves = try await AreaGridQueries.fromHalves(context.query, model.grid)
        return context.page(
            title: context.t("Communes' data", "Số liệu các xã"), plan: model.grid.plan, status: status, AreaGridPage.view(model, t: context.t))
    }

    func show(_ request: Request) async throws -> Response {
        let grid = try await grid(request)
        let context = request.queryContext
        return try await page(
            request,
            .init(
                grid: grid, current: try await AreaGridQueries.saved(context, grid).current, locks: try await AreaGridQueries.locks(context, grid),
                csrfToken: request.csrfToken))
    }

    /// Reads every cell in the notation the grid was printed in, checks each unit's changes by the rules of a unit
    /// and period (``DataValueRules/problems(_:)``: bounds, part ≤ whole over what is saved) and saves them in one
    /// transaction against the versions the grid showed: 422 with every problem named by unit and figure, 409 when
    /// someone saved a cell meanwhile, 423 when an approved report locks a unit; nothing is saved then.
    func save(_ request: Request) async throws -> Response {
        let grid = try await grid(request)
        let context = request.queryContext
        let form = try request.content.decode([String: String].self)
        let notation = form["notation"].flatMap(Language.init(rawValue:)) ?? context.t.language
        // What the person typed: the cells they changed (the others show what is saved now when the grid comes back).
        let typed = form.filter { $0.key.hasPrefix("v_") && DataEntryValidation.touched($0.value, printed: form["old_" + $0.key.dropFirst(2)]) }
        let columns = Dictionary(
            (grid.communeColumns + grid.districtColumns).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for _ in 1...3 {
            let (known, current) = try await AreaGridQueries.saved(context, grid)
            let derived = try await ElementSourceStore(database: request.db).derivedElements(
                unitCodes: grid.rows.map(\.unit.code), period: grid.period)
            var problems: [FieldProblem] = []
            var rows: [ImportRow] = []
            for row in grid.rows {
                let keys = (row.unit.code == grid.district.unit.code ? grid.districtColumns : grid.communeColumns).map(\.key)
                    .filter(row.keys.contains)
                // Only the cells the person changed: an untouched one never overwrites a value saved meanwhile.
                let entries = keys.compactMap { key -> DataEntryValidation.Entry? in
                    let id = AreaGridPage.field(row.unit.code, key)
                    let text = form["v_\(id)"] ?? ""
                    guard DataEntryValidation.touched(text, printed: form["old_\(id)"]) else { return nil }
                    return DataEntryValidation.Entry(element: columns[key]!.element.code, category: columns[key]!.category?.code ?? "", text: text)
                }
                let saved = current[row.unit.code] ?? [:]
                let (values, unitProblems) = DataEntryValidation.parse(entries, elements: grid.elements, notation: notation)
                func place(_ problem: FieldProblem) -> FieldProblem {
                    // A problem of a unit's values names its cell: the key, else the element's first cell, else the row's first.
                    let key =
                        keys.first { $0 == problem.field } ?? keys.first { columns[$0]?.element.code == problem.field }
                        ?? keys.first { problem.field.hasPrefix((columns[$0]?.element.code ?? "") + "__") } ?? keys.first ?? problem.field
                    return FieldProblem(field: AreaGridPage.field(row.unit.code, key), en: problem.messageEn, vi: problem.messageVi)
                }
                problems += unitProblems.map(place)
                guard unitProblems.isEmpty else { continue }
                let (changes, rules) = DataEntryQueries.checkedChanges(
                    plan: grid.plan, unit: row.unit, period: grid.period, elements: grid.elements, entries: entries, values: values,
                    saved: saved, derived: derived[row.unit.code] ?? [])
                guard !changes.isEmpty else { continue }
                problems += rules.map(place)
                for entry in entries {
                    let key = DataValueKey(element: entry.element, category: entry.category)
                    guard let value = changes[key] else { continue }
                    let version = form["ver_\(AreaGridPage.field(row.unit.code, entry.key))"].flatMap { Int($0) } ?? 0
                    rows.append(
                        ImportRow(
                            element: entry.element, placement: row.placement, period: grid.period, category: entry.category, value: value,
                            expectedVersion: version))
                }
            }
            let locks = try await AreaGridQueries.locks(context, grid)
            guard problems.isEmpty else {
                return try await page(
                    request, .init(grid: grid, current: current, typed: typed, problems: problems, locks: locks, csrfToken: request.csrfToken),
                    status: .unprocessableEntity)
            }
            guard !rows.isEmpty else {
                return try await page(request, .init(grid: grid, current: current, locks: locks, saved: 0, csrfToken: request.csrfToken))
            }
            let outcome = try await DataValueStore(database: request.db).saveArea(
                rows, areaCode: grid.district.unit.code, period: grid.period, context: request.changeContext, known: known)
            switch outcome {
            case .saved(let changed):
                return try await page(
                    request,
                    .init(
                        grid: grid, current: try await AreaGridQueries.saved(context, grid).current, locks: locks, saved: changed,
                        csrfToken: request.csrfToken))
            case .changedMeanwhile:
                continue
            case .conflicts(let conflicts):
                return try await page(
                    request,
                    .init(
                        grid: grid, current: try await AreaGridQueries.saved(context, grid).current, typed: typed, conflicts: conflicts,
                        locks: locks, csrfToken: request.csrfToken),
                    status: .conflict)
            case .locked(let found):
                var messages = locks
                for lock in found { messages[lock.unitCode] = lock.message(context.t.language) }
                return try await page(
                    request, .init(grid: grid, current: current, typed: typed, locks: messages, csrfToken: request.csrfToken), status: .locked)
            }
        }
        throw Abort(
            .conflict,
            reason: context.t(
                "Someone else was saving values of these units meanwhile: open the grid again and save.",
                "Người khác đang lưu số liệu của các đơn vị này cùng lúc: hãy mở lại bảng và lưu lại."))
    }
}
