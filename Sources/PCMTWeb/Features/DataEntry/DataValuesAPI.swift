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
                throw Abort(.notFound, reason: "No plan with this id.")
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

    /// Saves values for one unit and period with the same checks as the form; 409 on a stale version, 422 on bad input.
    func saveValuesJSON(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ValuesIn.self)
        let context = PageContext(request)
        let principal = try context.principal
        guard let period = Period(input.period), !period.isSpan else {
            throw Abort(.unprocessableEntity, reason: "period: use a year (2023) or a half-year (2023S1).")
        }
        guard let plan = try await context.plan(covering: period.firstYear) else {
            throw Abort(.unprocessableEntity, reason: "period: no plan covers \(period).")
        }
        let elements = try await DataElementStore(database: request.db).elements(planID: plan.id)
        guard let unit = try await context.units.unit(code: input.orgunit) else {
            throw Abort(.notFound, reason: "orgunit: no unit with code \(input.orgunit).")
        }
        let ancestors = try await context.units.ancestors(of: unit)
        guard DataEntryQueries.mayEnter(principal, unit: unit, ancestors: ancestors) else {
            throw Abort(.forbidden, reason: "This token does not enter data for \(unit.code).")
        }
        let applicable = elements.filter { $0.collectedAt.applies(to: unit) }
        var errors: [String] = []
        var changes: [DataValueChange] = []
        for (index, value) in input.values.enumerated() {
            guard let element = applicable.first(where: { $0.code == value.element }) else {
                errors.append("values[\(index)].element: \(value.element) is not reported by \(unit.code).")
                continue
            }
            let category = value.category ?? ""
            if element.categories.isEmpty ? !category.isEmpty : !element.categories.map(\.code).contains(category) {
                errors.append("values[\(index)].category: not a category of \(element.code).")
                continue
            }
            if let number = value.value {
                let (_, problems) = DataEntryValidation.parse([.init(element: element.code, text: String(number))], elements: [element])
                if let problem = problems.first { errors.append("values[\(index)].value: \(problem.messageEn)"); continue }
            }
            if changes.contains(where: { $0.element == element.code && $0.category == category }) {
                errors.append("values[\(index)]: \(element.code)\(category.isEmpty ? "" : "/" + category) is given twice.")
                continue
            }
            changes.append(DataValueChange(element: element.code, category: category, value: value.value, expectedVersion: value.version))
        }
        if errors.isEmpty {
            // Parts may not exceed wholes once saved: the request over what is saved already.
            var byKey: [String: (element: String, value: Double)] = [:]
            for saved in try await DataValueStore(database: request.db).values(unitCode: unit.code, periods: [period.description]) {
                byKey["\(saved.element)|\(saved.category)"] = (saved.element, saved.value)
            }
            for change in changes { byKey["\(change.element)|\(change.category)"] = change.value.map { (change.element, $0) } }
            var totals: [String: Double] = [:]
            for (_, entry) in byKey { totals[entry.element, default: 0] += entry.value }
            errors += DataEntryValidation.partProblems(totals: totals, elements: applicable).map { $0.messageEn }
        }
        guard errors.isEmpty else {
            return try await ValuesOut(saved: 0, conflicts: [], errors: errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
        // The store decides on the approval lock and the versions inside its write transaction.
        switch try await DataValueStore(database: request.db).save(
            changes, placement: UnitPlacement(unit: unit, ancestors: ancestors), period: period, context: request.changeContext,
            source: "api")
        {
        case .saved: break
        case .locked(let locks): throw Abort(.locked, reason: locks.map { $0.message(request.queryContext.t.language) }.joined(separator: " "))
        case .conflicts(let conflicts):
            return try await ValuesOut(
                saved: 0,
                conflicts: conflicts.map {
                    "\($0.element)\($0.category.isEmpty ? "" : "/" + $0.category): now \($0.current.map { String($0.value) } ?? "empty") (version \($0.current?.version ?? 0))"
                },
                errors: []
            ).encodeResponse(status: .conflict, for: request)
        }
        return try await ValuesOut(saved: changes.count, conflicts: [], errors: []).encodeResponse(status: .ok, for: request)
    }
}
