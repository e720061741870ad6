import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// The standing office edits its plan record by record and starts new plans.
struct EditPlanRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.newPlan, .capability(.createPlan), use: newPlanForm)
        routes.post(.newPlan, .capability(.createPlan), use: createPlan)
        let rule = AccessRule.capability(.editPlan)
        routes.get(.editPlan(.key), rule, use: overview)
        routes.get(.newRecord(.key, kind: .key), rule, use: newRecordForm)
        routes.post(.newRecord(.key, kind: .key), rule, use: createRecord)
        routes.get(.record(.key, kind: .key, id: .key), rule, use: recordForm)
        routes.post(.record(.key, kind: .key, id: .key), rule, use: updateRecord)
        routes.post(.deleteRecord(.key, kind: .key, id: .key), rule, use: deleteRecord)
    }

    // MARK: Loading and checks

    func editablePlan(_ request: Request) async throws -> Plan {
        let plan = try await PageContext(request).routedPlan()
        guard try await request.queryContext.mayEdit(plan) else {
            throw Abort(
                .forbidden,
                reason: Localizer(request: request)(
                    "Only the standing office of the area that issued this plan edits it.",
                    "Chỉ cơ quan thường trực của địa bàn ban hành kế hoạch mới được sửa kế hoạch này."))
        }
        return plan
    }

    func kind(_ request: Request) throws -> PlanRecordKind {
        guard let kind = request.parameters.get("kind").flatMap(PlanRecordKind.init(rawValue:)) else {
            throw Abort(.notFound, reason: Localizer(request: request)("No such part of a plan.", "Không có phần này trong kế hoạch."))
        }
        return kind
    }

    func recordID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("recordID").flatMap(UUID.init(uuidString:)) else {
            throw Abort(.notFound, reason: Localizer(request: request)("No such record.", "Không có bản ghi này."))
        }
        return id
    }

    /// The submitted form: the record's fields, the version it was based on, and the values it started from.
    struct Submission {
        var fields: [String: String]
        var original: [String: String]
        var version: Int?
    }

    func submission(_ request: Request, kind: PlanRecordKind) throws -> Submission {
        let form = try request.content.decode([String: String].self)
        var fields: [String: String] = [:]
        var original: [String: String] = [:]
        for key in kind.fieldKeys {
            fields[key] = form[key] ?? ""
            original[key] = form["original_\(key)"] ?? ""
        }
        return Submission(fields: fields, original: original, version: form["version"].flatMap { Int($0) })
    }

    func knownUnits(_ request: Request) async throws -> Set<String> {
        Set(try await OrgUnitStore(database: request.db).all().map(\.code))
    }

    /// The plan's data elements, which a target's measure must name (``MeasureRules``); nil for other records.
    func measureElements(_ request: Request, kind: PlanRecordKind, plan: Plan) async throws -> [DataElement]? {
        kind == .target ? try await DataElementStore(database: request.db).elements(planID: plan.id) : nil
    }

    func render(_ request: Request, _ model: RecordFormPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(
            title: context.t("Edit the plan", "Sửa kế hoạch"), plan: model.plan, status: status,
            RecordFormPage.view(model, t: context.t))
    }

    // MARK: Overview

    func overview(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        let context = PageContext(request)
        let records = try await PlanEditor(database: request.db).records(planID: plan.id)
        var notice: String? = nil
        if let moved = try request.query.decode(EditNotice.self).yearsMovedIn {
            notice = NewPlanPage.copiedNotice(plan: plan, textsMoved: moved, t: context.t)
        }
        if let kind = try request.query.decode(EditNotice.self).removedKind {
            notice = context.t(
                "The \(RecordFormSpec.kindName(kind, t: context.t)) was removed.",
                "Đã xóa \(RecordFormSpec.kindName(kind, t: context.t)).")
        }
        return context.page(
            title: context.t("Edit the plan", "Sửa kế hoạch"), plan: plan,
            EditPlanPage.view(
                .init(
                    plan: plan, records: records, notice: notice,
                    elements: try await DataElementEditor(database: request.db).elements(planID: plan.id)), t: context.t))
    }

    // MARK: One record

    func recordForm(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        let kind = try kind(request)
        guard let record = try await PlanEditor(database: request.db).record(kind, id: try recordID(request), planID: plan.id) else {
            throw Abort(.notFound, reason: Localizer(request: request)("No such record in this plan.", "Kế hoạch không có bản ghi này."))
        }
        return render(
            request,
            .init(
                plan: plan, kind: kind, recordID: record.id, parentID: record.parentID, version: record.version,
                values: record.fields, original: record.fields, problems: [], conflict: nil,
                saved: try request.query.decode(EditNotice.self).isSaved, csrfToken: request.csrfToken,
                elements: try await measureElements(request, kind: kind, plan: plan) ?? []))
    }

    func updateRecord(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        let kind = try kind(request)
        let id = try recordID(request)
        let submitted = try submission(request, kind: kind)
        let problems = PlanRecordValidation.problems(
            kind: kind, fields: submitted.fields, plan: plan, knownUnits: try await knownUnits(request),
            knownElements: try await measureElements(request, kind: kind, plan: plan))
        func again(
            _ problems: [FieldProblem], conflict: RecordFormPage.Conflict? = nil, version: Int?, original: [String: String],
            status: HTTPResponseStatus
        ) -> Response {
            render(
                request,
                .init(
                    plan: plan, kind: kind, recordID: id, parentID: nil, version: version, values: submitted.fields,
                    original: original, problems: problems, conflict: conflict, saved: false, csrfToken: request.csrfToken),
                status: status)
        }
        if !problems.isEmpty {
            return again(problems, version: submitted.version, original: submitted.original, status: .unprocessableEntity)
        }
        let outcome = try await PlanEditor(database: request.db).update(
            kind, id: id, planID: plan.id, expectedVersion: submitted.version ?? -1, fields: submitted.fields, context: request.changeContext)
        switch outcome {
        case .saved:
            return request.redirect(
                to: SiteURL.record(.value(plan.id), kind: .value(kind.rawValue), id: .value(id), .init(saved: true)).path, redirectType: .normal)
        case .conflict(let current, let lastChange):
            let conflict = RecordFormPage.Conflict(
                current: current, lastChange: lastChange, original: submitted.original,
                submitted: submitted.fields)
            // The next save is based on the current version, with the values the person typed.
            return again([], conflict: conflict, version: current.version, original: current.fields, status: .conflict)
        case .invalid(let problems):
            return again(problems, version: submitted.version, original: submitted.original, status: .unprocessableEntity)
        case .notFound:
            throw Abort(.notFound, reason: Localizer(request: request)("No such record in this plan.", "Kế hoạch không có bản ghi này."))
        }
    }

    func deleteRecord(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        let kind = try kind(request)
        let id = try recordID(request)
        let version = (try? request.content.get(Int.self, at: "version")) ?? -1
        guard (try? request.content.get(String.self, at: "confirm")) == "yes" else {
            throw Abort(
                .badRequest,
                reason: Localizer(request: request)(
                    "Tick the box to confirm the deletion; nothing was deleted.", "Hãy đánh dấu ô xác nhận để xóa; chưa xóa gì."))
        }
        let outcome = try await PlanEditor(database: request.db).delete(
            kind, id: id, planID: plan.id, expectedVersion: version,
            context: request.changeContext)
        switch outcome {
        case .saved:
            return request.redirect(to: SiteURL.editPlan(.value(plan.id), .init(removed: kind)).path, redirectType: .normal)
        case .conflict(let current, let lastChange):
            return render(
                request,
                .init(
                    plan: plan, kind: kind, recordID: id, parentID: current.parentID, version: current.version,
                    values: current.fields, original: current.fields, problems: [],
                    conflict: .init(current: current, lastChange: lastChange, original: current.fields, submitted: current.fields),
                    saved: false, csrfToken: request.csrfToken), status: .conflict)
        case .invalid(let problems):
            let record = try await PlanEditor(database: request.db).record(kind, id: id, planID: plan.id)
            return render(
                request,
                .init(
                    plan: plan, kind: kind, recordID: id, parentID: record?.parentID, version: record?.version,
                    values: record?.fields ?? [:], original: record?.fields ?? [:], problems: problems, conflict: nil,
                    saved: false, csrfToken: request.csrfToken), status: .unprocessableEntity)
        case .notFound:
            throw Abort(.notFound, reason: Localizer(request: request)("No such record in this plan.", "Kế hoạch không có bản ghi này."))
        }
    }

    // MARK: New records

    func parentID(_ request: Request) -> UUID? {
        (try? request.query.decode(NewRecordQuery.self))?.parentID
    }

    func newRecordForm(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        let kind = try kind(request)
        guard kind != .plan else { return request.redirect(to: SiteURL.newPlan.path, redirectType: .normal) }
        var values: [String: String] = [:]
        if kind == .target {
            values["base"] = RuleBase.previousYear.rawValue
            values["group"] = plan.targetGroups.last.map { String($0.number) } ?? ""
        }
        if kind == .duty { values["role"] = DutyRole.implement.rawValue }
        return render(
            request,
            .init(
                plan: plan, kind: kind, recordID: nil, parentID: parentID(request), version: nil, values: values,
                original: [:], problems: [], conflict: nil, saved: false, csrfToken: request.csrfToken,
                elements: try await measureElements(request, kind: kind, plan: plan) ?? []))
    }

    func createRecord(_ request: Request) async throws -> Response {
        let plan = try await editablePlan(request)
        let kind = try kind(request)
        let parent = parentID(request)
        let submitted = try submission(request, kind: kind)
        var problems = PlanRecordValidation.problems(
            kind: kind, fields: submitted.fields, plan: plan, knownUnits: try await knownUnits(request),
            knownElements: try await measureElements(request, kind: kind, plan: plan))
        if kind == .target, plan.targetGroups.isEmpty {
            problems.append(FieldProblem(field: "group", en: "Add a target group first.", vi: "Hãy thêm nhóm mục tiêu trước."))
        }
        func again(_ problems: [FieldProblem]) -> Response {
            render(
                request,
                .init(
                    plan: plan, kind: kind, recordID: nil, parentID: parent, version: nil, values: submitted.fields,
                    original: [:], problems: problems, conflict: nil, saved: false, csrfToken: request.csrfToken),
                status: .unprocessableEntity)
        }
        guard problems.isEmpty else { return again(problems) }
        switch try await PlanEditor(database: request.db).create(
            kind, planID: plan.id, parentID: parent, fields: submitted.fields,
            context: request.changeContext)
        {
        case .saved(let record):
            return request.redirect(
                to: SiteURL.record(.value(plan.id), kind: .value(kind.rawValue), id: .value(record.id), .init(saved: true)).path,
                redirectType: .normal)
        case .invalid(let problems):
            return again(problems)
        case .conflict, .notFound:
            throw Abort(
                .notFound,
                reason: Localizer(request: request)(
                    "The record this belongs to does not exist.",
                    "Không có bản ghi cha của mục này."))
        }
    }
}
