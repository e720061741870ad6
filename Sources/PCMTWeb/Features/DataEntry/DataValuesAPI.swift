import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// Data elements and saving data values in the JSON API, with the same checks as the form.
struct DataValuesAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.dataElements), .anyone, use: elementsJSON)
        routes.post(.api(.dataValues), .capability(.enterData), use: saveValuesJSON)
        routes.post(.api(.dataValueSets), .capability(.enterData), use: { try await DataValueSetsAPI.save($0) })
    }

    struct ElementDTO: Content {
        var code: String
        var name: String
        var nameEn: String?
        var measure: String
        var aggregation: String
        var valueType: String
        var collectedAt: String
        var collectedBy: [String]
        var categories: [String]
        var partOf: String?
    }

    func elementsJSON(_ request: Request) async throws -> [ElementDTO] {
        let planText = (try? request.query.get(String.self, at: "plan")) ?? ""
        let store = PlanStore(database: request.db)
        let planID: UUID
        if planText.isEmpty {
            guard let first = try await store.summaries().first else { return [] }
            planID = first.id
        } else {
            guard let id = UUID(uuidString: planText), try await store.exists(id: id) else {
                throw Abort(.notFound, reason: Localizer(request: request)("No plan with this id.", "Không có kế hoạch với mã này."))
            }
            planID = id
        }
        return try await DataElementStore(database: request.db).elements(planID: planID).map {
            ElementDTO(
                code: $0.code, name: $0.name, nameEn: $0.nameEn, measure: $0.measure, aggregation: $0.aggregation.rawValue,
                valueType: $0.valueType.rawValue, collectedAt: $0.collectedAt.level.rawValue, collectedBy: $0.collectedAt.units,
                categories: $0.categories.map(\.code), partOf: $0.partOf)
        }
    }

    struct ValuesIn: Content {
        struct Value: Content {
            var element: String
            var category: String?
            var value: Double?
            /// The version the client last saw; absent for a new value.
            var version: Int?
        }

        var orgunit: String
        var period: String
        var values: [Value]
    }

    struct ValuesOut: Content {
        var saved: Int
        var conflicts: [String]
        var errors: [String]
    }

    /// Saves values for one unit and period with the same rules as the form and the import
    /// (``DataValueRules/problems(_:)``: the period in the plan, the unit active during it, the element reported at
    /// its level, the value within its type's bounds — JSON numbers arrive as Doubles, so 1e19 is a count above the
    /// limit, never a trap — and parts not larger than their wholes over what is saved). Values equal to what is
    /// saved are no change. 409 on a stale version, 422 on bad input (each error names the field) or more values
    /// than ``InputLimits/apiValues``, nothing saved.
    func saveValuesJSON(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ValuesIn.self)
        let limits = InputLimits.standard
        let context = PageContext(request)
        let t = context.t
        guard input.values.count <= limits.apiValues else {
            let exceeded = InputLimitExceeded(
                .apiValues, value: limits.apiValues, whereEn: "values has \(input.values.count)", whereVi: "values có \(input.values.count)")
            throw Abort(.unprocessableEntity, reason: t(exceeded.en, exceeded.vi))
        }
        let principal = try context.principal
        guard let period = Period(input.period), !period.isSpan, period.description == input.period else {
            throw Abort(
                .unprocessableEntity, reason: t("period: use a year (2023) or a half-year (2023S1).", "period: ghi năm (2023) hoặc 6 tháng (2023S1).")
            )
        }
        guard let plan = try await context.plan(covering: period.firstYear) else {
            throw Abort(.unprocessableEntity, reason: t("period: no plan covers \(period).", "period: không có kế hoạch nào cho kỳ \(period)."))
        }
        let elements = try await DataElementStore(database: request.db).elements(planID: plan.id)
        guard var unit = try await context.units.unit(code: input.orgunit) else {
            throw Abort(.notFound, reason: t("orgunit: no unit with code \(input.orgunit).", "orgunit: không có đơn vị với mã \(input.orgunit)."))
        }
        // The unit that had the code in the period (issue 16: codes reused by the 2025 reform).
        switch try await context.units.unit(code: input.orgunit, in: period) {
        case .unit(let found): unit = found
        case .straddles(let units):
            throw Abort(
                .unprocessableEntity,
                reason: "orgunit: " + UnitTimeline.straddleProblem(units, code: input.orgunit, period: period).message(t.language))
        case .none: break
        }
        let ancestors = try await context.units.ancestors(of: unit)
        guard DataEntryQueries.mayEnter(principal, unit: unit, period: period, timeline: try await context.units.index().timeline) else {
            throw Abort(
                .forbidden, reason: t("This token does not enter data for \(unit.code).", "Mã truy cập này không nhập số liệu cho \(unit.code)."))
        }
        if let locked = try await DataEntryQueries.lockedMessage(
            request.queryContext, placement: UnitPlacement(unit: unit, ancestors: ancestors), period: period)
        {
            throw Abort(.locked, reason: locked)
        }
        // Checked over what is saved, then written, as one (see ``DataWriteOutcome/changedMeanwhile``).
        for _ in 1...3 {
            let known = try await DataValueStore(database: request.db).savedValues(places: [(unit.code, period.description)])
            let saved = known.byPlace["\(unit.code)|\(period)"] ?? []
            let before = Dictionary(
                saved.map { (DataValueKey(element: $0.element, category: $0.category), $0.value) }, uniquingKeysWith: { first, _ in first })
            var errors: [String] = []
            var indexOf: [DataValueKey: Int] = [:]
            var changes: [DataValueKey: Double?] = [:]
            var requested: [DataValueChange] = []
            for (index, value) in input.values.enumerated() {
                let key = DataValueKey(element: value.element, category: value.category ?? "")
                if indexOf[key] != nil {
                    let named = "\(value.element)\(key.category.isEmpty ? "" : "/" + key.category)"
                    errors.append("values[\(index)]: " + t("\(named) is given twice.", "\(named) được gửi hai lần."))
                    continue
                }
                indexOf[key] = index
                if let problem = DataValueRules.elementProblem(key, elements: elements, unit: unit) {
                    let field = elements.contains { $0.code == key.element && $0.collectedAt.applies(to: unit) } ? "category" : "element"
                    errors.append("values[\(index)].\(field): \(problem.message(t.language))")
                    continue
                }
                if value.value != before[key] { changes[key] = .some(value.value) }
                requested.append(DataValueChange(element: key.element, category: key.category, value: value.value, expectedVersion: value.version))
            }
            var save = DataValueRules.Save(plan: plan, unit: unit, period: period, elements: elements, saved: before, changes: changes)
            save.derived = try await ElementSourceStore(database: request.db).derivedElements(unitCode: unit.code, period: period)
            for problem in DataValueRules.problems(save) {
                switch problem.field {
                case "period": errors.append("period: \(problem.message(t.language))")
                case "unit": errors.append("orgunit: \(problem.message(t.language))")
                default:
                    let index =
                        indexOf.first { $0.key.field == problem.field }?.value
                        ?? indexOf.filter { $0.key.element == problem.field || problem.field.hasPrefix($0.key.element + "__") }.values.min()
                    errors.append("\(index.map { "values[\($0)].value" } ?? "values"): \(problem.message(t.language))")
                }
            }
            guard errors.isEmpty else {
                return try await ValuesOut(saved: 0, conflicts: [], errors: errors).encodeResponse(status: .unprocessableEntity, for: request)
            }
            let outcome = try await DataValueStore(database: request.db).save(
                requested, placement: UnitPlacement(unit: unit, ancestors: ancestors), period: period, context: request.changeContext,
                source: "api", known: known)
            // Someone saved in this unit and period between the check and the write: check again over what is saved now.
            if case .changedMeanwhile = outcome { continue }
            if case .locked(let locks) = outcome {
                throw Abort(
                    .locked,
                    reason: locks.first?.message(t.language)
                        ?? t("The values are locked by an approved report.", "Số liệu bị khóa bởi một báo cáo đã duyệt."))
            }
            if case .conflicts(let conflicts) = outcome {
                return try await ValuesOut(
                    saved: 0,
                    conflicts: conflicts.map {
                        let named = "\($0.element)\($0.category.isEmpty ? "" : "/" + $0.category)"
                        let now = $0.current.map { ValueText.write($0.value, t.language) } ?? t("empty", "trống")
                        let version = $0.current?.version ?? 0
                        return "\(named): " + t("now \(now) (version \(version))", "hiện là \(now) (phiên bản \(version))")
                    },
                    errors: []
                ).encodeResponse(status: .conflict, for: request)
            }
            return try await ValuesOut(saved: requested.count, conflicts: [], errors: []).encodeResponse(status: .ok, for: request)
        }
        throw Abort(
            .conflict,
            reason: t(
                "The values of \(unit.code) for \(period) were being saved by someone else meanwhile; send them again.",
                "Số liệu của \(unit.code) kỳ \(period) đang được người khác lưu cùng lúc; hãy gửi lại."))
    }
}
