import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// A new plan: from scratch or as a copy of another, by the standing office.
extension EditPlanRoutes {
    func newPlanForm(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let principal = try context.principal
        let summaries = try await PlanStore(database: request.db).summaries()
        let latest = summaries.first
        var values: [String: String] = [
            "issuerUnit": principal.reachRootCode, "place": "", "copyFrom": latest?.id.slug ?? "", "predecessor": latest?.id.slug ?? "",
        ]
        if let latest {
            values["startYear"] = String(latest.endYear + 1)
            values["endYear"] = String(latest.endYear + 5)
            values["baselineYear"] = String(latest.endYear)
        }
        return context.page(
            title: context.t("New plan", "Kế hoạch mới"), plan: nil,
            NewPlanPage.view(
                .init(plans: summaries, values: values, problems: [], csrfToken: request.csrfToken), t: context.t))
    }

    func createPlan(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let form = try request.content.decode([String: String].self)
        var values: [String: String] = [:]
        for key in NewPlanPage.keys { values[key] = (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var planFields = values
        planFields["implements"] = ""
        planFields["generalObjective"] = ""
        var problems = PlanRecordValidation.problems(kind: .plan, fields: planFields, plan: nil, knownUnits: [])
        // The plan belongs to a province: a body typed as the issuer (51-UBND) stands for its province (``PlanProvince``);
        // a code that names no unit on the plan's first day is kept as typed, for the area check below.
        var issuerUnit = values["issuerUnit"] ?? ""
        if !issuerUnit.isEmpty, let firstYear = Int(values["startYear"] ?? ""),
            case .province(let province, _) = PlanProvince.of(
                issuerUnit, firstYear: firstYear, timeline: try await OrgUnitStore(database: request.db).index().timeline)
        {
            issuerUnit = province.code
        }
        let issuerReachable = try await request.queryContext.allows(.editPlan, atCode: issuerUnit)
        if !issuerReachable {
            problems.append(
                FieldProblem(
                    field: "issuerUnit", en: "No unit with this code within your area.",
                    vi: "Không có đơn vị với mã này trong phạm vi của bạn."))
        }
        let store = PlanStore(database: request.db)
        var source: Plan? = nil
        if let copy = values["copyFrom"], !copy.isEmpty {
            if let id = UUID(uuidString: copy) { source = try await store.plan(id: id) }
            if source == nil { problems.append(FieldProblem(field: "copyFrom", en: "No such plan.", vi: "Không có kế hoạch này.")) }
        }
        var predecessor: Plan? = nil
        if let named = values["predecessor"], !named.isEmpty {
            if let id = UUID(uuidString: named) { predecessor = try await store.plan(id: id) }
            if predecessor == nil {
                problems.append(FieldProblem(field: "predecessor", en: "No such plan.", vi: "Không có kế hoạch này."))
            }
        }
        if let predecessor, let start = Int(values["startYear"] ?? ""), predecessor.endYear >= start {
            problems.append(
                FieldProblem(
                    field: "predecessor",
                    en: "The previous plan runs to \(predecessor.endYear), not before this plan's first year \(start).",
                    vi: "Kế hoạch trước kéo dài đến năm \(predecessor.endYear), không kết thúc trước năm bắt đầu \(start) của kế hoạch này."))
        }
        if try await store.summaries().contains(where: { $0.code == values["code"] }) {
            problems.append(FieldProblem(field: "code", en: "A plan with this number exists.", vi: "Đã có kế hoạch với số này."))
        }
        guard problems.isEmpty, let start = Int(values["startYear"] ?? ""), let end = Int(values["endYear"] ?? ""),
            let baseline = Int(values["baselineYear"] ?? "")
        else {
            return context.page(
                title: context.t("New plan", "Kế hoạch mới"), plan: nil, status: .unprocessableEntity,
                NewPlanPage.view(
                    .init(plans: try await store.summaries(), values: values, problems: problems, csrfToken: request.csrfToken), t: context.t))
        }
        var plan =
            source
            ?? Plan(
                id: UUID(), code: "", kind: "Kế hoạch", title: "", issuer: "", place: "", issuedOn: "",
                implements: "", startYear: start, endYear: end, baselineYear: baseline, generalObjective: "")
        let oldEnd = plan.endYear
        plan.id = UUID(); plan.code = values["code"]!; plan.title = values["title"]!; plan.titleEn = nil
        plan.issuer = values["issuer"]!; plan.issuerUnit = issuerUnit; plan.issuedOn = values["issuedOn"]!
        plan.place = values["place"]!; plan.startYear = start; plan.endYear = end; plan.baselineYear = baseline
        // A copied target due by the old plan's last year is due by the new plan's last year.
        for g in plan.targetGroups.indices {
            for t in plan.targetGroups[g].targets.indices where plan.targetGroups[g].targets[t].rule.deadlineYear == oldEnd {
                plan.targetGroups[g].targets[t].rule.deadlineYear = end
            }
        }
        plan.predecessorID = predecessor?.id
        // The texts of a copy move their years as its rules do (``PlanYearShift``); the editor says how many.
        var textsMoved: Int? = nil
        if let source {
            let moved = PlanYearShift.shift(plan, from: PlanYears(source), to: PlanYears(plan))
            plan = moved.plan
            textsMoved = moved.changedTexts
        }
        try await PlanEditor(database: request.db).createPlan(plan, copiedFrom: source?.id, context: request.changeContext)
        return request.redirect(to: SiteURL.editPlan(.value(plan.id), EditNotice(yearsMovedIn: textsMoved)).path, redirectType: .normal)
    }
}
