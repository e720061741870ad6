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
        let (plan, _) = try await DataEntryQueries.plan(context.query)
        let principal = try context.principal
        let all = try await context.units.all()
        let placements = UnitPlacements(units: all)
        // Every plan's periods and elements: Kon Tum's 2021–2025 and the new province's 2026–2030 run side by side,
        // and each form then serves the plan of its period (``PlanServing``).
        var periods: [Period] = []
        var elements: [DataElement] = []
        for each in try await context.query.allPlans() {
            for period in DataEntryQueries.periods(each) where !periods.contains(period) { periods.append(period) }
            elements += try await DataElementStore(database: request.db).elements(planID: each.id)
        }
        periods.sort { a, b in
            func rank(_ period: Period) -> Int {
                if case .halfYear(_, let half) = period { return half == 2 ? 0 : 1 }
                return 2
            }
            return (a.lastYear, -rank(a)) > (b.lastYear, -rank(b))
        }
        let allowed = all.filter { unit in
            guard elements.contains(where: { $0.collectedAt.applies(to: unit) }) else { return false }
            return DataEntryQueries.mayEnter(principal, unit: unit, period: nil, timeline: placements.timeline)
        }
        // One choice per code: a code reused by the reform names both its units ("Xã Tu Mơ Rông (từ 01/07/2025) ·
        // Xã Đắk Hà (đến 30/06/2025)"); the form then takes the unit of the period chosen.
        var units: [OrgUnit] = []
        for unit in allowed where !units.contains(where: { $0.code == unit.code }) {
            let versions = allowed.filter { $0.code == unit.code }.sorted { ($0.validFrom ?? "") > ($1.validFrom ?? "") }
            var choice = versions[0]
            if versions.count > 1 {
                choice.name = versions.map { version in
                    if let from = version.validFrom { return "\(version.name) (\(context.t("from", "từ")) \(OfficialDate.short(from)))" }
                    if let to = version.validTo { return "\(version.name) (\(context.t("to", "đến")) \(OfficialDate.short(to)))" }
                    return version.name
                }.joined(separator: " · ")
            }
            units.append(choice)
        }
        return context.page(
            title: context.t("Data entry", "Nhập số liệu"), plan: plan,
            DataIndexPage.view(.init(plan: plan, units: units, periods: periods), t: context.t))
    }

    /// The chooser of the data page: the unit and period chosen, opened as its `view` asks.
    func open(_ request: Request) async throws -> Response {
        let choice = try request.query.decode(DataChoice.self)
        let unit = choice.unit ?? "", period = choice.period ?? ""
        let target: SiteURL
        switch choice.view {
        case "communes": target = .dataGrid(district: .value(unit), period: .value(period))
        case "communes.xlsx": target = .dataGridTemplate(district: .value(unit), period: .value(period))
        case "template.xlsx": target = .dataTemplateXLSX(.init(unit: unit, period: period))
        case "template.csv": target = .dataTemplateCSV(.init(unit: unit, period: period))
        default: target = .dataForm(unit: .value(unit), period: .value(period))
        }
        return request.redirect(to: target.path, redirectType: .normal)
    }

    // MARK: The form

    func render(_ request: Request, _ model: DataEntryPage.Model, status: HTTPResponseStatus = .ok) async throws -> Response {
        var model = model
        model.history = try await DataValueStore(database: request.db).history(unitCode: model.unit.code, period: model.period.description)
        if case .year = model.period {
            for figure in try await DataEntryQueries.figures(request.queryContext, plan: model.plan, unit: model.unit, period: model.period)
            where figure.figure.source == .halves {
                model.fromHalves[figure.element.code] = figure.figure
            }
        }
        model.planChoices = try await request.queryContext.planChoices(for: model.period.firstYear)
        model.derived = try await ElementSourceStore(database: request.db).derivedElements(unitCode: model.unit.code, period: model.period)
        let ancestors = try await OrgUnitStore(database: request.db).ancestors(of: model.unit)
        let context = PageContext(request)
        // A unit that did not exist during the period has no values for it: the form says why and offers no save.
        model.locked =
            try await DataEntryQueries.lockedMessage(
                request.queryContext, placement: UnitPlacement(unit: model.unit, ancestors: ancestors), period: model.period)
            ?? DataValueRules.unitProblem(model.unit, period: model.period)?.message(context.t.language)
        return context.page(title: context.t("Data entry", "Nhập số liệu"), plan: model.plan, status: status, DataEntryPage.view(model, t: context.t))
    }

    func form(_ request: Request) async throws -> Response {
        let target = try await DataEntryQueries.target(
            request.queryContext, unitCode: request.parameters.get("unitCode"), period: request.parameters.get("period"),
            plan: try request.query.decode(PlanChoice.self).plan)
        return try await render(
            request,
            .init(
                plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                current: try await DataEntryQueries.current(request.queryContext, target), csrfToken: request.csrfToken))
    }

    /// Saves what changed in the form. The texts are read in the notation the form was printed in (its hidden
    /// `notation` field, else the interface language), so an untouched field reads back as exactly the value saved
    /// and is no change; only changes are checked (``DataValueRules/problems(_:)``) and stored. A form without any
    /// change stores nothing (no version, no audit entry).
    func save(_ request: Request) async throws -> Response {
        let target = try await DataEntryQueries.target(
            request.queryContext, unitCode: request.parameters.get("unitCode"), period: request.parameters.get("period"),
            plan: try request.query.decode(PlanChoice.self).plan)
        if let locked = try await DataEntryQueries.lockedMessage(request.queryContext, placement: target.placement, period: target.period) {
            throw Abort(.locked, reason: locked)
        }
        let form = try request.content.decode([String: String].self)
        let notation = form["notation"].flatMap(Language.init(rawValue:)) ?? request.queryContext.t.language
        var entries: [DataEntryValidation.Entry] = []
        var versions: [String: Int?] = [:]
        for element in target.elements {
            let categories = element.categories.isEmpty ? [""] : element.categories.map(\.code)
            for category in categories {
                let key = DataEntryPage.key(element.code, category)
                let text = form["v_\(key)"] ?? ""
                // Only the fields the person changed: an untouched one never overwrites a value saved meanwhile.
                guard DataEntryValidation.touched(text, printed: form["old_\(key)"]) else { continue }
                entries.append(.init(element: element.code, category: category, text: text))
                versions[key] = form["ver_\(key)"].flatMap { Int($0) }
            }
        }
        // Checked over what is saved, then written, as one (see ``DataWriteOutcome/changedMeanwhile``).
        for _ in 1...3 {
            let (known, current) = try await DataEntryQueries.known(request.queryContext, target)
            let derived = try await ElementSourceStore(database: request.db).derivedElements(unitCode: target.unit.code, period: target.period)
            var (values, problems) = DataEntryValidation.parse(entries, elements: target.elements, notation: notation)
            let checked = DataEntryQueries.checkedChanges(
                plan: target.plan, unit: target.unit, period: target.period, elements: target.elements, entries: entries,
                values: values, saved: current, derived: derived)
            let changes = checked.changes
            if problems.isEmpty { problems = checked.problems }
            let typed = Dictionary(entries.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
            guard problems.isEmpty else {
                return try await render(
                    request,
                    .init(
                        plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                        current: current, typed: typed, problems: problems, csrfToken: request.csrfToken),
                    status: .unprocessableEntity)
            }
            guard !changes.isEmpty else {
                return try await render(
                    request,
                    .init(
                        plan: target.plan, unit: target.unit, period: target.period, elements: target.elements, current: current,
                        unchanged: true, csrfToken: request.csrfToken))
            }
            let ordered = entries.compactMap { entry -> DataValueChange? in
                let key = DataValueKey(element: entry.element, category: entry.category)
                guard let value = changes[key] else { return nil }
                return DataValueChange(element: entry.element, category: entry.category, value: value, expectedVersion: versions[entry.key] ?? nil)
            }
            let outcome = try await DataValueStore(database: request.db).save(
                ordered, placement: target.placement, period: target.period,
                context: request.changeContext, known: known)
            // Someone saved in this unit and period between the check and the write: check again over what is saved now.
            if case .changedMeanwhile = outcome { continue }
            if case .locked = outcome {
                // Approved meanwhile: the form keeps what was typed and says which report locks it.
                return try await render(
                    request,
                    .init(
                        plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                        current: try await DataEntryQueries.current(request.queryContext, target), typed: typed, csrfToken: request.csrfToken),
                    status: .locked)
            }
            if case .conflicts(let conflicts) = outcome {
                // The form keeps what the person typed, now over the current versions: saving again is a deliberate choice.
                return try await render(
                    request,
                    .init(
                        plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                        current: try await DataEntryQueries.current(request.queryContext, target), typed: typed, conflicts: conflicts,
                        csrfToken: request.csrfToken),
                    status: .conflict)
            }
            // Each element changed is judged whole, as saved now: its untouched categories count too.
            let now = try await DataEntryQueries.current(request.queryContext, target)
            let changedElements = Set(entries.map(\.element))
            var judged: [String: Double?] = [:]
            for (key, value) in now where changedElements.contains(value.element) { judged[key] = .some(value.value) }
            let warnings =
                try await DataEntryQueries.partialYearWarnings(request.queryContext, target)
                + DataEntryQueries.unusualValues(request.queryContext, target, values: judged)
            return try await render(
                request,
                .init(
                    plan: target.plan, unit: target.unit, period: target.period, elements: target.elements, current: now, warnings: warnings,
                    saved: true, csrfToken: request.csrfToken))
        }
        throw Abort(
            .conflict,
            reason: request.queryContext.t(
                "Someone else was saving values of this unit and period meanwhile: open the form again and save.",
                "Người khác đang lưu số liệu của đơn vị, kỳ này cùng lúc: hãy mở lại biểu mẫu và lưu lại."))
    }

}

extension Period {
    /// The half-year before a half-year.
    var previousHalf: Period {
        if case .halfYear(let year, let half) = self { return half == 2 ? .halfYear(year, half: 1) : .halfYear(year - 1, half: 2) }
        return previous
    }
}
