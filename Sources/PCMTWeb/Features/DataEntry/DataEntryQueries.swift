import Crypto
import Foundation
import PCMTDomain
import PCMTStore

/// The queries of data entry: which plan and elements a form uses, who enters what, the saved values, locks, and
/// the checks against saved values. No request: handlers and tests call them with a ``PageQueryContext``.
enum DataEntryQueries {
    /// Whether the principal enters data of `period` for `unit` (``Capability/enterData``), placed in its areas through
    /// a reform in that period (``UnitTimeline/scope(of:during:)``); nil for the units one enters for in some period
    /// (the list of units to choose from).
    static func mayEnter(_ principal: Principal, unit: OrgUnit, period: Period?, timeline: UnitTimeline) -> Bool {
        AccessPolicy.allows(principal, .enterData, at: timeline.scope(of: unit, during: period))
    }

    /// The plan whose data elements a form or file for `year` uses (``PlanServing``: the plan owning the year, not a
    /// successor whose baseline it is), or the plan named by `chosen` (a `plan` query value) when it may serve the
    /// year; the current plan when no year is given. 404 when no plan reaches the year or `chosen` cannot serve it.
    static func plan(_ context: PageQueryContext, year: Int? = nil, chosen: String? = nil) async throws -> (Plan, [DataElement]) {
        let plan: Plan?
        if let year { plan = try await context.plan(for: year, chosen: chosen) } else { plan = try await context.defaultPlan() }
        guard let plan else {
            throw PageError.notFound(
                year.map { context.t("No plan covers \($0).", "Không có kế hoạch nào cho năm \($0).") }
                    ?? context.t("No plan is loaded.", "Chưa có kế hoạch nào."))
        }
        return (plan, try await DataElementStore(database: context.db).elements(planID: plan.id))
    }

    static func periods(_ plan: Plan) -> [Period] {
        (plan.baselineYear...plan.endYear).reversed().flatMap { [Period.halfYear($0, half: 2), .halfYear($0, half: 1), .year($0)] }
    }

    struct Target {
        var plan: Plan
        var unit: OrgUnit
        var placement: UnitPlacement
        var period: Period
        var elements: [DataElement]
    }

    /// The unit and period of a form or an API call, once the principal may enter data there (404, 403 otherwise).
    static func target(
        _ context: PageQueryContext, unitCode: String?, period text: String?, plan chosen: String? = nil
    ) async throws -> Target {
        let (plan, allElements) = try await Self.plan(context, year: text.flatMap(Period.init)?.firstYear, chosen: chosen)
        guard let code = unitCode, var unit = try await context.units.unit(code: code) else {
            throw PageError.notFound(context.t("No unit with this code.", "Không có đơn vị với mã này."))
        }
        if let text, let period = Period(text), !period.isSpan {
            // A code names the unit that had it in the period (issue 16: codes reused by the 2025 reform).
            switch try await context.units.unit(code: code, in: period) {
            case .unit(let found): unit = found
            case .straddles(let units):
                throw PageError.unprocessable(UnitTimeline.straddleProblem(units, code: code, period: period).message(context.t.language))
            case .none:
                // No unit had the code then: say so with its dates (Huyện Ngọc Hồi ended on 30/06/2025), whoever asks.
                if let problem = DataValueRules.unitProblem(unit, period: period) {
                    throw PageError.unprocessable(problem.message(context.t.language))
                }
            }
        }
        guard let text, let period = Period(text), !(period.firstYear < plan.baselineYear),
            period.lastYear <= plan.endYear, period.description == text, { if case .span = period { false } else { true } }()
        else {
            throw PageError.notFound(
                context.t(
                    "Not a reporting period of the plan (e.g. 2023, 2023S1).",
                    "Không phải kỳ báo cáo của kế hoạch (ví dụ 2023, 2023S1)."))
        }
        let ancestors = try await context.units.ancestors(of: unit)
        guard Self.mayEnter(try context.signedIn, unit: unit, period: period, timeline: try await context.units.index().timeline) else {
            throw PageError.forbidden(context.t("You do not enter data for this unit.", "Bạn không nhập số liệu cho đơn vị này."))
        }
        return Target(
            plan: plan, unit: unit, placement: UnitPlacement(unit: unit, ancestors: ancestors), period: period,
            elements: allElements.filter { $0.collectedAt.applies(to: unit) })
    }

    /// The saved values of the target, by form key.
    static func current(_ context: PageQueryContext, _ target: Target) async throws -> [String: DataValue] {
        try await known(context, target).current
    }

    /// The saved values of the target as a write takes them (``SavedValues``), and by form key.
    static func known(_ context: PageQueryContext, _ target: Target) async throws -> (known: SavedValues, current: [String: DataValue]) {
        let known = try await DataValueStore(database: context.db).savedValues(places: [(target.unit.code, target.period.description)])
        let values = known.byPlace["\(target.unit.code)|\(target.period)"] ?? []
        return (known, Dictionary(values.map { (DataEntryPage.key($0.element, $0.category), $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// What a form's entries change for one unit and period, and the rules' problems over those changes
    /// (``DataValueRules/problems(_:)``: bounds, part ≤ whole over what stays saved). The one check of typed values,
    /// for the unit's form and for each row of the communes' grid.
    /// - Parameters:
    ///   - values: the entries read as numbers (``DataEntryValidation/parse(_:elements:notation:)``), by key; nil for an
    ///     emptied field.
    ///   - saved: what is saved for the unit and period, by key ("element" or "element__category").
    ///   - derived: the elements the unit derives from a registry (``ElementSourceStore/derivedElements(unitCode:period:)``).
    /// - Returns: each changed value by element and category (nil: removed), and the problems, keyed by element or key.
    static func checkedChanges(
        plan: Plan, unit: OrgUnit, period: Period, elements: [DataElement], entries: [DataEntryValidation.Entry],
        values: [String: Double?], saved: [String: DataValue], derived: Set<String>
    ) -> (changes: [DataValueKey: Double?], problems: [FieldProblem]) {
        var changes: [DataValueKey: Double?] = [:]
        for entry in entries {
            let new = values[entry.key] ?? nil
            if new != saved[entry.key]?.value { changes[DataValueKey(element: entry.element, category: entry.category)] = .some(new) }
        }
        guard !changes.isEmpty else { return (changes, []) }
        var save = DataValueRules.Save(
            plan: plan, unit: unit, period: period, elements: elements,
            saved: Dictionary(
                saved.values.map { (DataValueKey(element: $0.element, category: $0.category), $0.value) }, uniquingKeysWith: { first, _ in first }),
            changes: changes)
        save.derived = derived
        let problems = DataValueRules.problems(save)
        return (changes, problems)
    }

    /// One element the unit reports and its figure for a period (``UnitFigure``).
    struct Figure {
        var element: DataElement
        var figure: UnitFigure
    }

    /// The unit's figures for `period`, one per element it reports (categories summed), as the board counts them: a
    /// year reported whole or made from its halves (``UnitFigure/of(_:period:unit:whole:first:second:)``). None for a
    /// span of years.
    static func figures(_ context: PageQueryContext, plan: Plan, unit: OrgUnit, period: Period) async throws -> [Figure] {
        guard !period.isSpan else { return [] }
        let year = period.firstYear
        let elements = try await DataElementStore(database: context.db).elements(planID: plan.id).filter { $0.collectedAt.applies(to: unit) }
        var sums: [String: [String: Double]] = [:]
        var categories: [String: [String: Set<String>]] = [:]
        // Only the unit's own days: a code reused by the reform (23425) has the old unit's first half of 2025 too.
        let halves = ComparableSeries.halves(of: unit, in: year)
        let own = (halves.count == 2 ? ["\(year)"] : []) + halves.sorted().map { "\(year)S\($0)" }
        for value in try await DataValueStore(database: context.db).values(unitCode: unit.code, periods: own) {
            sums[value.element, default: [:]][value.period, default: 0] += value.value
            categories[value.element, default: [:]][value.period, default: []].insert(value.category)
        }
        let reporting = ReportingUnit(unit)
        return elements.map { element in
            let own = sums[element.code] ?? [:]
            // A period counts as reported only with every category of the element filled in.
            func entered(_ period: String) -> Bool {
                element.categories.isEmpty || (categories[element.code]?[period]?.count ?? 0) >= element.categories.count
            }
            return Figure(
                element: element,
                figure: .of(
                    element.aggregation, period: period, unit: reporting, whole: own["\(year)"], first: own["\(year)S1"], second: own["\(year)S2"],
                    entered: (entered("\(year)"), entered("\(year)S1"), entered("\(year)S2"))))
        }
    }

    /// For a year: the elements entered for the year in some categories but not all while the half-years hold figures.
    /// The year entered wins over its halves (``DataElement/Aggregation/year(whole:first:second:)``), so the year's
    /// figure is now the few categories typed, not the halves' total: said in words with both figures, so that the
    /// person completes the year or clears it.
    static func partialYearWarnings(_ context: PageQueryContext, _ target: Target) async throws -> [String] {
        guard case .year(let year) = target.period else { return [] }
        let t = context.t
        var sums: [String: [String: Double]] = [:]
        var entered: [String: Set<String>] = [:]
        for value in try await DataValueStore(database: context.db).values(
            unitCode: target.unit.code, periods: ["\(year)", "\(year)S1", "\(year)S2"])
        {
            sums[value.element, default: [:]][value.period, default: 0] += value.value
            if value.period == "\(year)" { entered[value.element, default: []].insert(value.category) }
        }
        var warnings: [String] = []
        for element in target.elements where !element.categories.isEmpty {
            let typed = entered[element.code] ?? []
            guard !typed.isEmpty, typed.count < element.categories.count, let own = sums[element.code],
                let halves = element.aggregation.year(whole: nil, first: own["\(year)S1"], second: own["\(year)S2"])
            else { continue }
            let name = t.isEnglish ? (element.nameEn ?? element.name) : element.name
            let measure = t.isEnglish ? (element.measureEn ?? element.measure) : element.measure
            let missing = element.categories.filter { !typed.contains($0.code) }.map { t.isEnglish ? ($0.nameEn ?? $0.name) : $0.name }
            let whole = ValueText.write(own["\(year)"] ?? 0, t.language), fromHalves = ValueText.write(halves, t.language)
            warnings.append(
                t(
                    "\(name): only some parts are entered for the whole of \(year) (missing \(missing.joined(separator: ", "))), so the year counts \(whole) \(measure) instead of \(fromHalves) \(measure) from the two half-years. Enter every part for the year, or clear the year's figures to use the half-years.",
                    "\(name): mới nhập một phần cho cả năm \(year) (còn thiếu \(missing.joined(separator: ", "))), nên số cả năm nay là \(whole) \(measure) thay cho \(fromHalves) \(measure) cộng từ hai kỳ 6 tháng. Hãy nhập đủ các phần cho cả năm, hoặc xóa số của năm để dùng số của hai kỳ."
                ))
        }
        return warnings
    }

    /// Approved reports lock their data: the standing office reopens the report to allow a change.
    /// For showing: a save decides inside its own transaction (`DataValueStore.save`).
    static func lockedMessage(_ context: PageQueryContext, placement: UnitPlacement, period: Period) async throws -> String? {
        try await RoundStore(database: context.db).locks(placement: placement, period: period).first?.message(context.t.language)
    }

    /// Values far from the same unit's reports for the four periods of the same kind before.
    static func unusualValues(_ context: PageQueryContext, _ target: Target, values: [String: Double?]) async throws -> [String] {
        let t = context.t
        var earlierPeriods: [String] = []
        var period = target.period
        for _ in 0..<4 {
            period = period.isPartialYear ? period.previousHalf : .year(period.firstYear - 1)
            earlierPeriods.append(period.description)
        }
        let earlier = try await DataValueStore(database: context.db).values(unitCode: target.unit.code, periods: earlierPeriods)
        var warnings: [String] = []
        for element in target.elements {
            let keys = element.categories.isEmpty ? [element.code] : element.categories.map { DataEntryPage.key(element.code, $0.code) }
            let entered = keys.compactMap { values[$0] ?? nil }
            guard !entered.isEmpty else { continue }
            let total = entered.reduce(0, +)
            let history = Dictionary(grouping: earlier.filter { $0.element == element.code }, by: \.period).values.map {
                $0.reduce(0) { $0 + $1.value }
            }
            if DataEntryValidation.isUnusual(total, earlier: history) {
                let mean = history.reduce(0, +) / Double(history.count)
                warnings.append(
                    t(
                        "\(element.nameEn ?? element.name): \(Format.number(total, .en)), against \(Format.number(mean, .en)) on average before.",
                        "\(element.name): \(Format.number(total, .vi)), so với trung bình \(Format.number(mean, .vi)) các kỳ trước."))
            }
        }
        return warnings
    }

    /// What an import replaces and whether it may: for every unit and period of the file, the lock of an approved
    /// report and the rules over what is saved there (``DataImport/groupProblems(_:groups:saved:plan:elements:)``); and,
    /// line by line, the value saved now (nil: none).
    static func importReview(
        _ context: PageQueryContext, lines: [DataImport.Line], plan: Plan, elements: [DataElement]
    ) async throws -> (errors: [DataImport.RowError], current: [DataValue?], known: SavedValues) {
        var errors: [DataImport.RowError] = []
        let groups = DataImport.groups(lines)
        let firsts = groups.map { lines[$0[0]] }
        // Every unit and period read at once: the saved values, then the locks.
        let known = try await DataValueStore(database: context.db).savedValues(places: firsts.map { ($0.unit.code, $0.period.description) })
        let values = known.byPlace
        let saved: [[DataValueKey: DataValue]] = firsts.map { first in
            Dictionary(
                (values["\(first.unit.code)|\(first.period)"] ?? []).map { (DataValueKey(element: $0.element, category: $0.category), $0) },
                uniquingKeysWith: { first, _ in first })
        }
        let locks = try await RoundStore(database: context.db).firstLocks(firsts.map { ($0.placement, $0.period) })
        for (members, lock) in zip(groups, locks) {
            guard let locked = lock?.message(context.t.language) else { continue }
            errors += members.map { .init(row: lines[$0].row, en: locked, vi: locked) }
        }
        let derived = try await ElementSourceStore(database: context.db).derivedElements(places: firsts.map { ($0.unit.code, $0.period) })
        errors += DataImport.groupProblems(
            lines, groups: groups, saved: saved.map { $0.mapValues(\.value) }, plan: plan, elements: elements, derived: derived)
        var current = [DataValue?](repeating: nil, count: lines.count)
        for (members, values) in zip(groups, saved) where !values.isEmpty {
            for i in members { current[i] = values[lines[i].key] }
        }
        // A file made from what was saved (a grid's workbook) never puts back a value saved after it was made.
        for (line, now) in zip(lines, current) {
            guard let asOf = line.asOf, let now, now.updatedAt > asOf, now.value != line.value else { continue }
            errors.append(
                .init(
                    row: line.row,
                    en:
                        "value (\(line.unit.code) \(line.period)): \(line.element.nameEn ?? line.element.name) was changed to \(ValueText.write(now.value, .en)) by \(now.updatedBy) at \(DateText.dateTime(now.updatedAt)), after this file was downloaded (\(DateText.dateTime(asOf))): download the file again to have the values saved now, and make your changes there.",
                    vi:
                        "value (\(line.unit.code) \(line.period)): \(line.element.name) đã được \(now.updatedBy) sửa thành \(ValueText.write(now.value, .vi)) lúc \(DateText.dateTime(now.updatedAt)), sau khi tệp này được tải về (\(DateText.dateTime(asOf))): hãy tải lại tệp để có số liệu mới rồi sửa trên tệp đó."
                ))
        }
        return (errors.sorted { $0.row < $1.row }, current, known)
    }

    /// A fingerprint of the values an import replaces (each line's current value and version, in order): the
    /// preview carries it, and the save goes ahead only while it is the same.
    static func fingerprint(_ lines: [DataImport.Line], current: [DataValue?]) -> String {
        var text = ""
        for (line, value) in zip(lines, current) {
            text += "\(line.row)|\(line.unit.code)|\(line.period)|\(line.element.code)|\(line.category)|"
            text += value.map { "\($0.value.bitPattern)|\($0.version)" } ?? "-"
            text += "\n"
        }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
