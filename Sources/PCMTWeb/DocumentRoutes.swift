import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The official documents of a round: the province's report (edited, printed, as Word), the tables as CSV, and
/// each unit's own report as a document.
struct DocumentRoutes: RouteCollection {
    let rounds = RoundRoutes()

    func boot(routes: any RoutesBuilder) throws {
        let review = routes.access(.roles(RoundRoutes.reviewers))
        review.get("rounds", ":roundID", "report", use: reportPage)
        review.get("rounds", ":roundID", "report", "print", use: printPage)
        review.get("rounds", ":roundID", "report.docx", use: reportDOCX)
        review.get("rounds", ":roundID", "tables", ":table", use: tableCSV)
        routes.access(.roles([.standingOffice])).post("rounds", ":roundID", "report", use: saveReport)
        let reports = routes.access(.roles(RoundRoutes.reporters))
        reports.get("submissions", ":submissionID", "document", use: unitDocumentPage)
        reports.get("submissions", ":submissionID", "report.docx", use: unitDOCX)

        let api = routes.grouped("api", "v1")
        api.access(.roles(RoundRoutes.reviewers)).get("rounds", ":roundID", "report.docx", use: reportDOCX)
        api.access(.roles(RoundRoutes.reviewers)).get("rounds", ":roundID", "tables", ":table", use: tableCSV)
        api.access(.roles(RoundRoutes.reporters)).get("submissions", ":submissionID", "report.docx", use: unitDOCX)
    }

    // MARK: The province's report

    func reportModel(_ request: Request, draft: RoundReportDraft? = nil, problems: [FieldProblem] = [], notice: String? = nil,
                     conflict: SavedRoundReport? = nil, formVersion: Int? = nil) async throws -> (RoundReportPage.Model, Plan) {
        let (round, plan) = try await rounds.loadRound(request)
        let (material, saved) = try await RoundDocuments.material(request, round: round, plan: plan)
        let model = RoundReportPage.Model(plan: plan, round: round, draft: draft ?? material.draft, saved: conflict ?? saved,
                                          approved: material.reporting.approved, expected: material.reporting.expected,
                                          mayEdit: try await request.mayEdit(plan), problems: problems, notice: notice,
                                          conflict: conflict, formVersion: formVersion, csrfToken: request.csrfToken)
        return (model, plan)
    }

    func reportPage(_ request: Request) async throws -> Response {
        let t = Localizer(request: request)
        let notice: String? = switch (try? request.query.get(String.self, at: "done")) ?? "" {
        case "saved": t("Saved. The Word file and the print layout now use this text.", "Đã lưu. Tệp Word và bản in dùng nội dung này.")
        case "recompiled": t("The text was compiled again from the approved reports and saved.", "Đã tổng hợp lại nội dung từ các báo cáo đã duyệt và lưu.")
        default: nil
        }
        let (model, plan) = try await reportModel(request, notice: notice)
        let context = PageContext(request)
        return context.page(title: t("Province report", "Báo cáo của tỉnh"), plan: plan, RoundReportPage.view(model, t: t))
    }

    func saveReport(_ request: Request) async throws -> Response {
        let (round, plan) = try await rounds.loadRound(request)
        let t = Localizer(request: request)
        guard try await request.mayEdit(plan) else { throw Abort(.forbidden) }
        let form = try request.content.decode([String: String].self)
        let version = form["version"].flatMap { Int($0) } ?? -1
        var draft = RoundReportPage.draft(from: form, plan: plan)
        let problems = draft.heading.problems
        guard problems.isEmpty else {
            let (model, _) = try await reportModel(request, draft: draft, problems: problems, formVersion: version)
            return PageContext(request).page(title: t("Province report", "Báo cáo của tỉnh"), plan: plan, status: .unprocessableEntity,
                                             RoundReportPage.view(model, t: t))
        }
        let recompile = form["intent"] == "recompile"
        if recompile {
            draft = try await RoundDocuments.material(request, round: round, plan: plan, heading: draft.heading, compile: true).0.draft
        }
        switch try await RoundReportStore(database: request.db).save(roundID: round.id, expectedVersion: version, draft: draft,
                                                                     context: request.changeContext) {
        case .saved:
            return request.redirect(to: "/rounds/\(round.id.slug)/report?done=\(recompile ? "recompiled" : "saved")", redirectType: .normal)
        case .conflict(let current):
            let (model, _) = try await reportModel(request, draft: draft, conflict: current)
            return PageContext(request).page(title: t("Province report", "Báo cáo của tỉnh"), plan: plan, status: .conflict,
                                             RoundReportPage.view(model, t: t))
        }
    }

    func printPage(_ request: Request) async throws -> Response {
        let (round, plan) = try await rounds.loadRound(request)
        let (material, _) = try await RoundDocuments.material(request, round: round, plan: plan)
        let t = Localizer(request: request)
        return PageContext(request).page(title: t("Province report", "Báo cáo của tỉnh"), plan: plan, [
            h("p", ["class": "kicker screen-only"], link("/rounds/\(round.id.slug)/report", t("Back to editing", "Quay lại chỉnh sửa"))),
            h("p", ["class": "screen-only muted"], t("Print this page (Ctrl+P) on A4 for a paper or PDF copy.", "In trang này (Ctrl+P) khổ A4 để có bản giấy hoặc PDF.")),
            OfficialDocumentView.render(RoundReportComposer.document(material)),
        ])
    }

    func reportDOCX(_ request: Request) async throws -> Response {
        let (round, plan) = try await rounds.loadRound(request)
        let (material, _) = try await RoundDocuments.material(request, round: round, plan: plan)
        return try await RoundDocuments.docxResponse(request, RoundReportComposer.document(material), filename: "pcmt-bao-cao-\(round.period).docx",
                                                     entity: "round", entityID: round.id.uuidString,
                                                     summary: "province report of round \(round.period) exported as docx")
    }

    func tableCSV(_ request: Request) async throws -> Response {
        let (round, plan) = try await rounds.loadRound(request)
        return try await RoundDocuments.csvResponse(request, round: round, plan: plan)
    }

    // MARK: A unit's report

    /// The heading: each field given in the query, the unit's default for each field not given.
    func unitDocument(_ request: Request) async throws -> (UnitDocumentPage.Model, RoundRoutes.Loaded) {
        let loaded = try await rounds.load(request)
        let query = (try? request.query.decode([String: String].self)) ?? [:]
        var parentBody = ""
        if loaded.unit.level == .agency, loaded.unit.typeName == "Sở",
           let province = try await OrgUnitStore(database: request.db).unit(code: loaded.unit.parentCode ?? "") {
            parentBody = "UBND " + province.name.uppercased()
        }
        let defaults = DocumentHeading.unitDefault(plan: loaded.plan, unitName: loaded.unit.issuingBody, parentBody: parentBody,
                                                   addressee: try await RoundDocuments.addressee(request, plan: loaded.plan, kind: loaded.round.kind))
        var fields = defaults.fieldValues
        for key in DocumentHeading.fieldKeys { if let given = query["h_\(key)"] { fields[key] = given } }
        let heading = DocumentHeading(fields: fields)
        let material = try await RoundDocuments.unitMaterial(request, submission: loaded.submission, round: loaded.round, plan: loaded.plan,
                                                             unit: loaded.unit, heading: heading)
        var components = URLComponents()
        components.queryItems = DocumentHeading.fieldKeys.map { URLQueryItem(name: "h_\($0)", value: heading.fieldValues[$0]) }
        return (UnitDocumentPage.Model(submission: loaded.submission, unit: loaded.unit, heading: heading, problems: heading.problems,
                                       document: UnitReportComposer.document(material), query: components.percentEncodedQuery ?? ""), loaded)
    }

    func unitDocumentPage(_ request: Request) async throws -> Response {
        let (model, loaded) = try await unitDocument(request)
        let context = PageContext(request)
        return context.page(title: loaded.unit.name, plan: loaded.plan, status: model.problems.isEmpty ? .ok : .unprocessableEntity,
                            UnitDocumentPage.view(model, t: context.t))
    }

    func unitDOCX(_ request: Request) async throws -> Response {
        let (model, loaded) = try await unitDocument(request)
        if let problem = model.problems.first {
            let t = Localizer(request: request)
            throw Abort(.unprocessableEntity, reason: "h_\(problem.field): \(problem.message(t.language))")
        }
        return try await RoundDocuments.docxResponse(request, model.document, filename: "pcmt-bao-cao-\(loaded.unit.code)-\(loaded.round.period).docx",
                                                     entity: "submission", entityID: loaded.submission.id.uuidString,
                                                     summary: "report of \(loaded.unit.code) for \(loaded.round.period) exported as docx")
    }
}

/// A round's store refusing a change (a round opened twice, a report edited that no longer exists) answers 409
/// with its reason, not 500.
extension RoundError: AbortError {
    public var status: HTTPResponseStatus { .conflict }
    public var reason: String { description }
}
