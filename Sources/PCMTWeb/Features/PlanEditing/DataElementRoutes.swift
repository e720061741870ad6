import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// The standing office adds, changes and removes its plan's data elements (pcmt issue 16, item 4), in the editor
/// (forms that work without JavaScript) and in the API (`/api/v1/plans/{id}/dataelements`). Who may: whoever may edit
/// the plan (``Capability/editPlan`` at the plan's issuing unit), as for every other part of it. The checks are
/// ``DataElementRules``, made by ``DataElementEditor`` in the transaction that saves.
struct DataElementRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.editPlan)
        routes.get(.newDataElement(.key), rule, use: newForm)
        routes.post(.newDataElement(.key), rule, use: create)
        routes.get(.dataElement(.key, id: .key), rule, use: form)
        routes.post(.dataElement(.key, id: .key), rule, use: update)
        routes.post(.deleteDataElement(.key, id: .key), rule, use: delete)
        routes.get(.api(.planDataElements(.key)), .anyone, use: listJSON)
        routes.post(.api(.planDataElements(.key)), rule, use: createJSON)
        routes.get(.api(.planDataElement(.key, id: .key)), .anyone, use: oneJSON)
        routes.access(rule).on(.PUT, SiteURL.api(.planDataElement(.key, id: .key)).pathComponents, use: updateJSON)
    }

    // MARK: Shared

    func editablePlan(_ request: Request) async throws -> Plan {
        try await EditPlanRoutes().editablePlan(request)
    }

    func knownUnits(_ request: Request) async throws -> Set<String> {
        try await EditPlanRoutes().knownUnits(request)
    }

    func notFound(_ request: Request) -> Abort {
        Abort(.notFound, reason: Localizer(request: request)("No such data element in this plan.", "Kế hoạch không có chỉ số dữ liệu này."))
    }

    // MARK: Pages

    /// The form as submitted: the fields, the values it started from, the version it was based on.
    struct Submission {
        var values: [String: String]
        var original: [String: String]
        var version: Int?

        /// The draft and the problems of reading it (a category line without "|").
        var draft: (DataElementDraft, [FieldProblem]) {
            let categories = DataElementRules.categories(fromLines: values["categories"] ?? "")
            return (
                DataElementDraft(
                    code: values["code"] ?? "", name: values["name"] ?? "", nameEn: values["nameEn"] ?? "",
                    measure: values["measure"] ?? "", measureEn: values["measureEn"] ?? "", aggregation: values["aggregation"] ?? "",
                    valueType: values["valueType"] ?? "", collectedAt: values["collectedAt"] ?? "",
                    collectedBy: PlanRecordValidation.codeList(values["collectedBy"] ?? ""), categories: categories.categories,
                    partOf: values["partOf"] ?? ""),
                categories.problems
            )
        }
    }

    func submission(_ request: Request) throws -> Submission {
        let form = try request.content.decode([String: String].self)
        var values: [String: String] = [:], original: [String: String] = [:]
        for key in DataElementFormPage.fieldKeys {
            values[key] = form[key] ?? ""
            original[key] = form["original_\(key)"] ?? ""
        }
        return Submission(values: values, original: original, version: form["version"].flatMap { Int($0) })
    }

    func render(_ request: Request, _ model: DataElementFormPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(
            title: context.t("Edit the plan", "Sửa kế hoạch"), plan: model.plan, status: status, DataElementFormPage.view(model, t: context.t))
    }

    func others(_ request: Request, planID: UUID, except id: UUID?) async throws -> [DataElement] {
        try await DataElementEditor(database: request.db).elements(planID: planID).filter { $0.id != id }.map(\.element)
    }

    func newForm(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        return render(
            request,
            .init(
                plan: plan, elementID: nil, version: nil,
                values: ["aggregation": "flow", "valueType": "count", "collectedAt": "commune"], original: [:], problems: [],
                conflict: nil, saved: false, csrfToken: request.csrfToken, others: try await others(request, planID: plan.id, except: nil)))
    }

    func form(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        guard let id = request.uuid("elementID"), let stored = try await DataElementEditor(database: request.db).element(id: id, planID: plan.id)
        else { throw notFound(request) }
        let values = DataElementFormPage.values(stored.element)
        return render(
            request,
            .init(
                plan: plan, elementID: id, version: stored.version, values: values, original: values, problems: [], conflict: nil,
                saved: try request.query.decode(EditNotice.self).isSaved, csrfToken: request.csrfToken,
                others: try await others(request, planID: plan.id, except: id)))
    }

    func create(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        let submitted = try submission(request)
        let (draft, readProblems) = submitted.draft
        func again(_ problems: [FieldProblem]) async throws -> Response {
            render(
                request,
                .init(
                    plan: plan, elementID: nil, version: nil, values: submitted.values, original: [:], problems: problems, conflict: nil,
                    saved: false, csrfToken: request.csrfToken, others: try await others(request, planID: plan.id, except: nil)),
                status: .unprocessableEntity)
        }
        guard readProblems.isEmpty else { return try await again(readProblems) }
        switch try await DataElementEditor(database: request.db).create(
            planID: plan.id, draft: draft, knownUnits: try await knownUnits(request), context: request.changeContext)
        {
        case .saved(let stored):
            return request.redirect(to: SiteURL.dataElement(.value(plan.id), id: .value(stored.id), .init(saved: true)).path, redirectType: .normal)
        case .invalid(let problems):
            return try await again(problems)
        case .conflict, .notFound:
            throw notFound(request)
        }
    }

    func update(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        guard let id = request.uuid("elementID") else { throw notFound(request) }
        let submitted = try submission(request)
        let (draft, readProblems) = submitted.draft
        func again(
            _ problems: [FieldProblem], conflict: DataElementFormPage.Conflict? = nil, version: Int?, original: [String: String],
            status: HTTPResponseStatus
        ) async throws -> Response {
            render(
                request,
                .init(
                    plan: plan, elementID: id, version: version, values: submitted.values, original: original, problems: problems,
                    conflict: conflict, saved: false, csrfToken: request.csrfToken, others: try await others(request, planID: plan.id, except: id)),
                status: status)
        }
        guard readProblems.isEmpty else {
            return try await again(readProblems, version: submitted.version, original: submitted.original, status: .unprocessableEntity)
        }
        switch try await DataElementEditor(database: request.db).update(
            id: id, planID: plan.id, expectedVersion: submitted.version ?? -1, draft: draft, knownUnits: try await knownUnits(request),
            context: request.changeContext)
        {
        case .saved:
            return request.redirect(to: SiteURL.dataElement(.value(plan.id), id: .value(id), .init(saved: true)).path, redirectType: .normal)
        case .conflict(let current, let lastChange):
            // The next save is based on the current version, with the values the person typed.
            let conflict = DataElementFormPage.Conflict(
                current: current, lastChange: lastChange, original: submitted.original, submitted: submitted.values)
            return try await again(
                [], conflict: conflict, version: current.version, original: DataElementFormPage.values(current.element), status: .conflict)
        case .invalid(let problems):
            return try await again(problems, version: submitted.version, original: submitted.original, status: .unprocessableEntity)
        case .notFound:
            throw notFound(request)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        guard let id = request.uuid("elementID") else { throw notFound(request) }
        let version = (try? request.content.get(Int.self, at: "version")) ?? -1
        guard (try? request.content.get(String.self, at: "confirm")) == "yes" else {
            throw Abort(
                .badRequest,
                reason: Localizer(request: request)(
                    "Tick the box to confirm the removal; nothing was removed.", "Hãy đánh dấu ô xác nhận để xóa; chưa xóa gì."))
        }
        let editor = DataElementEditor(database: request.db)
        let outcome = try await editor.delete(id: id, planID: plan.id, expectedVersion: version, context: request.changeContext)
        func page(_ stored: StoredDataElement, problems: [FieldProblem], conflict: DataElementFormPage.Conflict?, status: HTTPResponseStatus)
            async throws -> Response
        {
            let values = DataElementFormPage.values(stored.element)
            return render(
                request,
                .init(
                    plan: plan, elementID: id, version: stored.version, values: values, original: values, problems: problems,
                    conflict: conflict, saved: false, csrfToken: request.csrfToken, others: try await others(request, planID: plan.id, except: id)),
                status: status)
        }
        switch outcome {
        case .saved:
            return request.redirect(to: SiteURL.editPlan(.value(plan.id)).path, redirectType: .normal)
        case .conflict(let current, let lastChange):
            let values = DataElementFormPage.values(current.element)
            return try await page(
                current, problems: [], conflict: .init(current: current, lastChange: lastChange, original: values, submitted: values),
                status: .conflict)
        case .invalid(let problems):
            guard let stored = try await editor.element(id: id, planID: plan.id) else { throw notFound(request) }
            return try await page(stored, problems: problems, conflict: nil, status: .unprocessableEntity)
        case .notFound:
            throw notFound(request)
        }
    }

    // MARK: API

    struct CategoryDTO: Content, Equatable {
        var code: String
        var name: String
        var nameEn: String?
    }

    /// A data element of a plan with its id and version (schema `PlanDataElement`).
    struct ElementDTO: Content {
        var id: String
        var version: Int
        var position: Int
        var code: String
        var name: String
        var nameEn: String?
        var measure: String
        var measureEn: String?
        var aggregation: String
        var valueType: String
        var collectedAt: String
        var collectedBy: [String]
        var categories: [CategoryDTO]
        var partOf: String?

        init(_ stored: StoredDataElement) {
            let element = stored.element
            id = stored.id.slug; version = stored.version; position = stored.position; code = element.code; name = element.name
            nameEn = element.nameEn; measure = element.measure; measureEn = element.measureEn; aggregation = element.aggregation.rawValue
            valueType = element.valueType.rawValue; collectedAt = element.collectedAt.level.rawValue; collectedBy = element.collectedAt.units
            categories = element.categories.map { CategoryDTO(code: $0.code, name: $0.name, nameEn: $0.nameEn) }; partOf = element.partOf
        }
    }

    /// A new or changed element (schema `DataElementIn`); `version` is required to change one.
    struct ElementIn: Content, OpenAPIBody {
        static var openAPISchema: String { "DataElementIn" }
        var code: String
        var name: String
        var nameEn: String?
        var measure: String
        var measureEn: String?
        var aggregation: String
        var valueType: String
        var collectedAt: String
        var collectedBy: [String]?
        var categories: [CategoryDTO]?
        var partOf: String?
        var version: Int?

        var draft: DataElementDraft {
            DataElementDraft(
                code: code, name: name, nameEn: nameEn ?? "", measure: measure, measureEn: measureEn ?? "", aggregation: aggregation,
                valueType: valueType, collectedAt: collectedAt, collectedBy: collectedBy ?? [],
                categories: (categories ?? []).map { .init(code: $0.code, name: $0.name, nameEn: $0.nameEn) }, partOf: partOf ?? "")
        }
    }

    /// 422 (schema `DataElementProblems`): every problem with its field, in Vietnamese and English.
    struct ProblemsOut: Content {
        struct Problem: Content {
            var field: String
            var message: String
            var messageEn: String
        }
        var error: Bool
        var reason: String
        var problems: [Problem]
    }

    /// 409 (schema `DataElementConflict`): the element as it is now.
    struct ConflictOut: Content {
        var error: Bool
        var reason: String
        var current: ElementDTO
    }

    func apiError(_ request: Request, _ status: HTTPResponseStatus, _ reason: String) async throws -> Response {
        // Answered here, not thrown: a thrown 404 at an address another method serves would be taken for a 405.
        try await ErrorPageMiddleware.ErrorBody(error: true, reason: reason).encodeResponse(status: status, for: request)
    }

    func apiPlan(_ request: Request) async throws -> Plan? {
        guard let id = request.uuid("planID") else { return nil }
        return try await PlanStore(database: request.db).plan(id: id)
    }

    func listJSON(_ request: Request) async throws -> Response {
        guard let plan = try await apiPlan(request) else {
            return try await apiError(request, .notFound, Localizer(request: request)("No plan with this id.", "Không có kế hoạch với mã này."))
        }
        return try await DataElementEditor(database: request.db).elements(planID: plan.id).map(ElementDTO.init).encodeResponse(for: request)
    }

    func oneJSON(_ request: Request) async throws -> Response {
        guard let plan = try await apiPlan(request) else {
            return try await apiError(request, .notFound, Localizer(request: request)("No plan with this id.", "Không có kế hoạch với mã này."))
        }
        guard let id = request.uuid("elementID"), let stored = try await DataElementEditor(database: request.db).element(id: id, planID: plan.id)
        else {
            return try await apiError(
                request, .notFound,
                Localizer(request: request)("The plan has no data element with this id.", "Kế hoạch không có chỉ số với mã này."))
        }
        return try await ElementDTO(stored).encodeResponse(for: request)
    }

    /// The plan, provided the caller may edit it; otherwise the answer to give.
    func writablePlan(_ request: Request) async throws -> Result<Plan, Abort> {
        let t = Localizer(request: request)
        guard let plan = try await apiPlan(request) else {
            return .failure(Abort(.notFound, reason: t("No plan with this id.", "Không có kế hoạch với mã này.")))
        }
        guard try await request.queryContext.mayEdit(plan) else {
            return .failure(
                Abort(
                    .forbidden,
                    reason: t(
                        "Only the standing office of the area that issued this plan edits it.",
                        "Chỉ cơ quan thường trực của địa bàn ban hành kế hoạch mới sửa được kế hoạch.")))
        }
        return .success(plan)
    }

    func outcomeResponse(_ request: Request, _ outcome: DataElementSaveOutcome, created: Bool) async throws -> Response {
        switch outcome {
        case .saved(let stored):
            return try await ElementDTO(stored).encodeResponse(status: created ? .created : .ok, for: request)
        case .invalid(let problems):
            return try await ProblemsOut(
                error: true,
                reason: problems.map { Localizer(request: request).isEnglish ? $0.messageEn : $0.messageVi }.joined(separator: " "),
                problems: problems.map { .init(field: $0.field, message: $0.messageVi, messageEn: $0.messageEn) }
            ).encodeResponse(status: .unprocessableEntity, for: request)
        case .conflict(let current, let lastChange):
            let who = lastChange.map { " by \($0.actor)" } ?? ""
            let whoVi = lastChange.map { " bởi \($0.actor)" } ?? ""
            return try await ConflictOut(
                error: true,
                reason: Localizer(request: request)(
                    "The data element was changed\(who) since version given; it is now at version \(current.version). Nothing was saved.",
                    "Chỉ số đã được sửa\(whoVi) sau phiên bản đã gửi; nay ở phiên bản \(current.version). Chưa lưu gì."),
                current: ElementDTO(current)
            ).encodeResponse(status: .conflict, for: request)
        case .notFound:
            return try await apiError(
                request, .notFound,
                Localizer(request: request)("The plan has no data element with this id.", "Kế hoạch không có chỉ số với mã này."))
        }
    }

    /// Adds an element: 201 with it, 422 with the problems (nothing saved), 403 for whoever may not edit the plan.
    func createJSON(_ request: Request) async throws -> Response {
        let plan: Plan
        switch try await writablePlan(request) {
        case .success(let found): plan = found
        case .failure(let refusal): return try await apiError(request, refusal.status, refusal.reason)
        }
        let input = try request.content.decode(ElementIn.self)
        let outcome = try await DataElementEditor(database: request.db).create(
            planID: plan.id, draft: input.draft, knownUnits: try await knownUnits(request), context: request.changeContext)
        return try await outcomeResponse(request, outcome, created: true)
    }

    /// Changes an element from the `version` the caller read: 200 with it, 409 with the current one when someone
    /// changed it meanwhile, 422 with the problems; nothing saved but on 200.
    func updateJSON(_ request: Request) async throws -> Response {
        let plan: Plan
        switch try await writablePlan(request) {
        case .success(let found): plan = found
        case .failure(let refusal): return try await apiError(request, refusal.status, refusal.reason)
        }
        guard let id = request.uuid("elementID") else {
            return try await apiError(
                request, .notFound,
                Localizer(request: request)("The plan has no data element with this id.", "Kế hoạch không có chỉ số với mã này."))
        }
        let input = try request.content.decode(ElementIn.self)
        guard let version = input.version else {
            return try await ProblemsOut(
                error: true,
                reason: Localizer(request: request)(
                    "version: required to change an element (the version read with it).",
                    "version: bắt buộc khi sửa chỉ số (phiên bản đã đọc cùng chỉ số)."),
                problems: [
                    .init(
                        field: "version", message: "Phiên bản: bắt buộc khi sửa (phiên bản đã đọc cùng chỉ số).",
                        messageEn: "version: required to change an element (the version read with it).")
                ]
            ).encodeResponse(status: .unprocessableEntity, for: request)
        }
        let outcome = try await DataElementEditor(database: request.db).update(
            id: id, planID: plan.id, expectedVersion: version, draft: input.draft, knownUnits: try await knownUnits(request),
            context: request.changeContext)
        return try await outcomeResponse(request, outcome, created: false)
    }
}
