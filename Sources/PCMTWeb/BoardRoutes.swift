import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The target board, a page per target, and the same in the API.
struct BoardRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.access(.signedIn)
        pages.get("plans", ":planID", "board") { request in
            let context = PageContext(request)
            let plan = try await context.routedPlan()
            let model = try await BoardPage.model(context, plan: plan)
            return context.page(title: context.t("Target board", "Bảng chỉ tiêu"), plan: plan, BoardPage.view(model, t: context.t))
        }
        pages.get("plans", ":planID", "board", ":code") { request in
            let context = PageContext(request)
            let plan = try await context.routedPlan()
            let model = try await TargetPage.model(context, plan: plan)
            return context.page(title: model.target.code, plan: plan, TargetPage.view(model, t: context.t))
        }
        pages.get("plans", ":planID", "board.xlsx") { request in try await export(request, as: .xlsx) }
        pages.get("plans", ":planID", "board.csv") { request in try await export(request, as: .csv) }
        let api = routes.grouped("api", "v1")
        api.access(.signedIn).get("plans", ":planID", "board", use: boardJSON)
        api.access(.anyone).get("dataelements", use: elementsJSON)
        api.access(.roles(DataRoutes.entryRoles)).post("datavalues", use: saveValuesJSON)
    }

    enum ExportFormat { case xlsx, csv }

    /// The board as officials keep it: an Excel sheet or a CSV file; every export is in the audit log.
    func export(_ request: Request, as format: ExportFormat) async throws -> Response {
        let context = PageContext(request)
        let plan = try await context.routedPlan()
        let model = try await BoardPage.model(context, plan: plan)
        let t = context.t
        let header = [t("Code", "Mã"), t("Target", "Chỉ tiêu"), t("Indicator", "Chỉ số"), t("Rule", "Yêu cầu"), t("Value", "Kết quả"),
                      t("Numerator", "Tử số"), t("Denominator", "Mẫu số"), t("Status", "Đánh giá"), t("How it was judged", "Cách tính")]
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        let rows: [[Spreadsheet.Cell]] = model.board.rows.map { row in
            let e = row.evaluation
            let expression = ValueExpression.of(row.target)
            let value: Spreadsheet.Cell = finite(e.value).map { expression.isPercent ? .percent(expression.fraction($0)) : .number($0) } ?? .empty
            return [.text(row.target.code), .text(row.target.text), .text(row.target.indicator), .text(row.target.rule.plainWords(t.language)),
                    value, finite(e.current?.numerator).map { .number($0) } ?? .empty, finite(e.current?.denominator).map { .number($0) } ?? .empty,
                    .text(e.status.name(t.language)), .text(e.explanation(t.language))]
        }
        let name = "pcmt-chi-tieu-\(model.unit.code)-\(model.period)"
        let changeContext = request.changeContext
        try await AuditLog(database: request.db).record(AuditEntry(
            actor: changeContext.actor, actorUnit: changeContext.actorUnit, address: changeContext.address, kind: .export,
            entity: "board", entityID: "\(plan.code) \(model.unit.code) \(model.period)", unitCode: model.unit.code,
            summary: "target board of \(model.unit.code) for \(model.period) exported as \(format == .xlsx ? "xlsx" : "csv")"))
        var headers = HTTPHeaders()
        switch format {
        case .xlsx:
            let sheet = Spreadsheet.Sheet(name: "\(model.unit.code) \(model.period)", header: header, rows: rows,
                                          widths: [7, 50, 40, 22, 11, 11, 11, 18, 60])
            headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            headers.contentDisposition = .init(.attachment, filename: name + ".xlsx")
            return Response(status: .ok, headers: headers, body: .init(data: try XLSXWriter.data(Spreadsheet(sheets: [sheet]))))
        case .csv:
            let text = rows.map { $0.map { cell -> String in
                switch cell {
                case .text(let s): s
                case .number(let n): Format.number(n, .en).replacingOccurrences(of: ",", with: "")
                case .percent(let p): Format.number(p * 100, .en).replacingOccurrences(of: ",", with: "") + "%"
                case .empty: ""
                }
            } }
            headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            headers.contentDisposition = .init(.attachment, filename: name + ".csv")
            return Response(status: .ok, headers: headers, body: .init(string: CSVWriter.document([header] + text)))
        }
    }

    struct BoardDTO: Content {
        struct Row: Content {
            var code: String
            var group: Int
            var indicator: String
            var rule: String
            var status: TargetStatus
            var value: Double?
            var threshold: Double?
            var numerator: Double?
            var denominator: Double?
            var comparison: Double?
            var explanation: String
            var explanationVi: String
        }

        var plan: String
        var period: String
        var orgunit: String
        var targets: [Row]
    }

    func boardJSON(_ request: Request) async throws -> BoardDTO {
        let context = PageContext(request)
        guard let text = request.parameters.get("planID"), let id = UUID(uuidString: text),
              let plan = try await PlanStore(database: request.db).plan(id: id) else {
            throw Abort(.notFound, reason: "No plan with this id.")
        }
        if let text = try? request.query.get(String.self, at: "period"), Period(text) == nil {
            throw Abort(.badRequest, reason: "period: use a year (2023), a half-year (2023S1) or a span (2021-2023).")
        }
        let model = try await BoardPage.model(context, plan: plan)
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        return BoardDTO(plan: plan.id.slug, period: model.period.description, orgunit: model.unit.code, targets: model.board.rows.map { row in
            let evaluation = row.evaluation
            return .init(code: row.target.code, group: row.group, indicator: row.target.indicator, rule: row.target.rule.plainWords(.en),
                         status: evaluation.status, value: finite(evaluation.value), threshold: evaluation.threshold,
                         numerator: finite(evaluation.current?.numerator), denominator: finite(evaluation.current?.denominator),
                         comparison: finite(evaluation.comparison?.value), explanation: evaluation.explanationEn,
                         explanationVi: evaluation.explanationVi)
        })
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
            ElementDTO(code: $0.code, name: $0.name, nameEn: $0.nameEn, measure: $0.measure, aggregation: $0.aggregation.rawValue,
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
        guard DataRoutes.mayEnter(principal, unit: unit, ancestors: ancestors) else {
            throw Abort(.forbidden, reason: "This token does not enter data for \(unit.code).")
        }
        if let locked = try await DataRoutes.lockedMessage(request, placement: UnitPlacement(unit: unit, ancestors: ancestors), period: period) {
            throw Abort(.locked, reason: locked)
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
        let conflicts = try await DataValueStore(database: request.db).save(
            changes, placement: UnitPlacement(unit: unit, ancestors: ancestors), period: period, context: request.changeContext,
            source: "api")
        if !conflicts.isEmpty {
            return try await ValuesOut(saved: 0, conflicts: conflicts.map { "\($0.element)\($0.category.isEmpty ? "" : "/\($0.category)"): now \($0.current.map { String($0.value) } ?? "empty") (version \($0.current?.version ?? 0))" },
                                       errors: []).encodeResponse(status: .conflict, for: request)
        }
        return try await ValuesOut(saved: changes.count, conflicts: [], errors: []).encodeResponse(status: .ok, for: request)
    }
}

