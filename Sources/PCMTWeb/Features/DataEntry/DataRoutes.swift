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

    // MARK: Who enters what

    /// Whether the principal enters data for `unit` (``Capability/enterData``).
    static func mayEnter(_ principal: Principal, unit: OrgUnit, ancestors: [OrgUnit]) -> Bool {
        AccessPolicy.allows(principal, .enterData, at: UnitScope(unit, ancestors: ancestors))
    }

    /// The plan whose data elements a form or file for `year` uses (the current plan when no year is given).
    static func plan(_ context: PageContext, year: Int? = nil) async throws -> (Plan, [DataElement]) {
        let current = context.clock.year
        var plan = try await context.plan(covering: year ?? current)
        if plan == nil, year == nil { plan = try await context.defaultPlan() }
        guard let plan else {
            throw Abort(.notFound, reason: context.t("No plan is loaded.", "Chưa có kế hoạch nào."))
        }
        return (plan, try await DataElementStore(database: context.request.db).elements(planID: plan.id))
    }

    static func periods(_ plan: Plan) -> [Period] {
        (plan.baselineYear...plan.endYear).reversed().flatMap { [Period.halfYear($0, half: 2), .halfYear($0, half: 1), .year($0)] }
    }

    func index(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let (plan, elements) = try await Self.plan(context)
        let principal = try context.principal
        let all = try await context.units.all()
        let placements = UnitPlacements(units: all)
        let units = all.filter { unit in
            guard elements.contains(where: { $0.collectedAt.applies(to: unit) }) else { return false }
            let ancestors = [placements[unit.code]?.districtCode, placements[unit.code]?.provinceCode].compactMap { $0 }
                .compactMap { code in all.first { $0.code == code } }.filter { $0.code != unit.code }
            return Self.mayEnter(principal, unit: unit, ancestors: ancestors)
        }
        return context.page(title: context.t("Data entry", "Nhập số liệu"), plan: plan,
                            DataIndexPage.view(.init(plan: plan, units: units, periods: Self.periods(plan)), t: context.t))
    }

    func open(_ request: Request) async throws -> Response {
        let choice = try request.query.decode(DataChoice.self)
        return request.redirect(to: SiteURL.dataForm(unit: .value(choice.unit ?? ""), period: .value(choice.period ?? "")).path,
                                redirectType: .normal)
    }

    // MARK: The form

    struct Target {
        var plan: Plan
        var unit: OrgUnit
        var placement: UnitPlacement
        var period: Period
        var elements: [DataElement]
    }

    func target(_ request: Request) async throws -> Target {
        let context = PageContext(request)
        let (plan, allElements) = try await Self.plan(context, year: request.parameters.get("period").flatMap(Period.init)?.firstYear)
        guard let code = request.parameters.get("unitCode"), let unit = try await context.units.unit(code: code) else {
            throw Abort(.notFound, reason: context.t("No unit with this code.", "Không có đơn vị với mã này."))
        }
        guard let text = request.parameters.get("period"), let period = Period(text), !(period.firstYear < plan.baselineYear),
              period.lastYear <= plan.endYear, period.description == text, { if case .span = period { false } else { true } }() else {
            throw Abort(.notFound, reason: context.t("Not a reporting period of the plan (e.g. 2023, 2023S1).",
                                                     "Không phải kỳ báo cáo của kế hoạch (ví dụ 2023, 2023S1)."))
        }
        let ancestors = try await context.units.ancestors(of: unit)
        guard Self.mayEnter(try context.principal, unit: unit, ancestors: ancestors) else {
            throw Abort(.forbidden, reason: context.t("You do not enter data for this unit.", "Bạn không nhập số liệu cho đơn vị này."))
        }
        return Target(plan: plan, unit: unit, placement: UnitPlacement(unit: unit, ancestors: ancestors), period: period,
                      elements: allElements.filter { $0.collectedAt.applies(to: unit) })
    }

    func current(_ request: Request, _ target: Target) async throws -> [String: DataValue] {
        let values = try await DataValueStore(database: request.db).values(unitCode: target.unit.code, periods: [target.period.description])
        return Dictionary(values.map { (DataEntryPage.key($0.element, $0.category), $0) }, uniquingKeysWith: { first, _ in first })
    }

    func render(_ request: Request, _ model: DataEntryPage.Model, status: HTTPResponseStatus = .ok) async throws -> Response {
        var model = model
        model.history = try await DataValueStore(database: request.db).history(unitCode: model.unit.code, period: model.period.description)
        let ancestors = try await OrgUnitStore(database: request.db).ancestors(of: model.unit)
        model.locked = try await Self.lockedMessage(request, placement: UnitPlacement(unit: model.unit, ancestors: ancestors), period: model.period)
        let context = PageContext(request)
        return context.page(title: context.t("Data entry", "Nhập số liệu"), plan: model.plan, status: status, DataEntryPage.view(model, t: context.t))
    }

    func form(_ request: Request) async throws -> Response {
        let target = try await target(request)
        return try await render(request, .init(plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                                     current: try await current(request, target), csrfToken: request.csrfToken))
    }

    /// Approved reports lock their data: the standing office reopens the report to allow a change.
    static func lockedMessage(_ request: Request, placement: UnitPlacement, period: Period) async throws -> String? {
        let codes = [placement.unitCode, placement.districtCode].compactMap { $0 }
        guard try await RoundStore(database: request.db).isLocked(unitCodes: codes, period: period) else { return nil }
        return Localizer(request: request)("The report of \(placement.unitCode) for \(period) is approved: its data is locked until the standing office reopens it.",
                                           "Báo cáo kỳ \(period) của đơn vị đã được duyệt: số liệu bị khóa cho đến khi cơ quan thường trực mở lại.")
    }

    func save(_ request: Request) async throws -> Response {
        let target = try await target(request)
        if let locked = try await Self.lockedMessage(request, placement: target.placement, period: target.period) {
            throw Abort(.locked, reason: locked)
        }
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
        let current = try await current(request, target)
        var (values, problems) = DataEntryValidation.parse(entries, elements: target.elements)
        if problems.isEmpty {
            var totals: [String: Double] = [:]
            for entry in entries { if let value = values[entry.key] ?? nil { totals[entry.element, default: 0] += value } }
            problems = DataEntryValidation.partProblems(totals: totals, elements: target.elements)
        }
        let typed = Dictionary(entries.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        guard problems.isEmpty else {
            return try await render(request, .init(plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                                         current: current, typed: typed, problems: problems, csrfToken: request.csrfToken),
                          status: .unprocessableEntity)
        }
        let changes = entries.map { entry in
            DataValueChange(element: entry.element, category: entry.category, value: values[entry.key] ?? nil,
                            expectedVersion: versions[entry.key] ?? nil)
        }.filter { change in
            // Fields left empty that had no value are not changes.
            !(change.value == nil && current[DataEntryPage.key(change.element, change.category)] == nil)
        }
        let conflicts = try await DataValueStore(database: request.db).save(changes, placement: target.placement, period: target.period,
                                                                            context: request.changeContext)
        if !conflicts.isEmpty {
            // The form keeps what the person typed, now over the current versions: saving again is a deliberate choice.
            return try await render(request, .init(plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                                         current: try await self.current(request, target), typed: typed, conflicts: conflicts,
                                         csrfToken: request.csrfToken),
                          status: .conflict)
        }
        let warnings = try await unusualValues(request, target, values: values, t: Localizer(request: request))
        return try await render(request, .init(plan: target.plan, unit: target.unit, period: target.period, elements: target.elements,
                                     current: try await self.current(request, target), warnings: warnings, saved: true,
                                     csrfToken: request.csrfToken))
    }

    /// Values far from the same unit's reports for the four periods of the same kind before.
    func unusualValues(_ request: Request, _ target: Target, values: [String: Double?], t: Localizer) async throws -> [String] {
        var earlierPeriods: [String] = []
        var period = target.period
        for _ in 0..<4 {
            period = period.isPartialYear ? period.previousHalf : .year(period.firstYear - 1)
            earlierPeriods.append(period.description)
        }
        let earlier = try await DataValueStore(database: request.db).values(unitCode: target.unit.code, periods: earlierPeriods)
        var warnings: [String] = []
        for element in target.elements {
            let keys = element.categories.isEmpty ? [element.code] : element.categories.map { DataEntryPage.key(element.code, $0.code) }
            let entered = keys.compactMap { values[$0] ?? nil }
            guard !entered.isEmpty else { continue }
            let total = entered.reduce(0, +)
            let history = Dictionary(grouping: earlier.filter { $0.element == element.code }, by: \.period).values.map { $0.reduce(0) { $0 + $1.value } }
            if DataEntryValidation.isUnusual(total, earlier: history) {
                let mean = history.reduce(0, +) / Double(history.count)
                warnings.append(t("\(element.nameEn ?? element.name): \(Format.number(total, .en)), against \(Format.number(mean, .en)) on average before.",
                                  "\(element.name): \(Format.number(total, .vi)), so với trung bình \(Format.number(mean, .vi)) các kỳ trước."))
            }
        }
        return warnings
    }

    /// Parts may not exceed wholes once the file is saved: the file's values over what is saved already.
    func partProblemsWithSavedValues(_ request: Request, rows: [ImportRow], elements: [DataElement]) async throws -> [DataImport.RowError] {
        var errors: [DataImport.RowError] = []
        let groups = Dictionary(grouping: rows.enumerated(), by: { "\($0.element.placement.unitCode)|\($0.element.period)" })
        for (key, members) in groups.sorted(by: { $0.key < $1.key }) {
            let first = members[0].element
            var byKey: [String: Double] = [:]
            var elementOf: [String: String] = [:]
            for value in try await DataValueStore(database: request.db).values(unitCode: first.placement.unitCode, periods: [first.period.description]) {
                byKey["\(value.element)|\(value.category)"] = value.value
                elementOf["\(value.element)|\(value.category)"] = value.element
            }
            for (_, row) in members {
                byKey["\(row.element)|\(row.category)"] = row.value
                elementOf["\(row.element)|\(row.category)"] = row.element
            }
            var totals: [String: Double] = [:]
            for (k, value) in byKey { totals[elementOf[k]!, default: 0] += value }
            for problem in DataEntryValidation.partProblems(totals: totals, elements: elements) {
                let row = (members.first { $0.element.element == problem.field }?.offset).map { $0 + 2 } ?? 0
                errors.append(.init(row: row, en: "\(key.replacingOccurrences(of: "|", with: " ")): \(problem.messageEn)",
                                    vi: "\(key.replacingOccurrences(of: "|", with: " ")): \(problem.messageVi)"))
            }
        }
        return errors
    }
}

extension Period {
    /// The half-year before a half-year.
    var previousHalf: Period {
        if case .halfYear(let year, let half) = self { return half == 2 ? .halfYear(year, half: 1) : .halfYear(year - 1, half: 2) }
        return previous
    }
}
