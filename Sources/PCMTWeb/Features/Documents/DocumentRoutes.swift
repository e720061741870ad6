import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The official documents of a round: the province's report (edited, printed, as Word), the tables as CSV, and
/// each unit's own report as a document.
struct DocumentRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.roundReport(.key), .capability(.seeRounds), use: reportPage)
        routes.post(.roundReport(.key), .capability(.editPlan), use: saveReport)
        routes.get(.roundReportPrint(.key), .capability(.seeRounds), use: printPage)
        routes.get(.roundReportDOCX(.key), .capability(.seeRounds), use: reportDOCX)
        routes.get(.roundReportPDF(.key), .capability(.seeRounds), use: reportPDF)
        routes.get(.roundAnnexPDF(.key), .capability(.seeRounds), use: annexPDF)
        routes.get(.roundTable(.key, table: .key), .capability(.seeRounds), use: tableCSV)
        routes.get(.submissionDocument(.key), .capability(.readSubmission), use: unitDocumentPage)
        routes.post(.submissionDocument(.key), .capability(.readSubmission), use: saveUnitHeading)
        routes.get(.submissionDOCX(.key), .capability(.readSubmission), use: unitDOCX)
        routes.get(.submissionPDF(.key), .capability(.readSubmission), use: unitPDF)
        routes.get(.api(.roundReportDOCX(.key)), .capability(.seeRounds), use: reportDOCX)
        routes.get(.api(.roundTable(.key, table: .key)), .capability(.seeRounds), use: tableCSV)
        routes.get(.api(.submissionDOCX(.key)), .capability(.readSubmission), use: unitDOCX)
    }

    /// The tables of a round as CSV, one per sheet of the annex workbook, in the workbook's order (``RoundAnnex``).
    static let tables = ["targets", "data", "reporting", "projects", "districts", "units"]

    func loadRound(_ request: Request) async throws -> (RoundSummary, Plan) {
        try await RoundQueries.load(request.queryContext, id: request.uuid("roundID"))
    }

    // MARK: The province's report

    func reportModel(
        _ request: Request, draft: RoundReportDraft? = nil, problems: [FieldProblem] = [], notice: String? = nil,
        conflict: SavedRoundReport? = nil, formVersion: Int? = nil
    ) async throws -> (RoundReportPage.Model, Plan) {
        let (round, plan) = try await loadRound(request)
        let (material, saved) = try await RoundDocuments.material(request.queryContext, round: round, plan: plan)
        let model = RoundReportPage.Model(
            plan: plan, round: round, draft: draft ?? material.draft, saved: conflict ?? saved,
            approved: material.reporting.approved, expected: material.reporting.expected,
            mayEdit: try await request.queryContext.mayEdit(plan), problems: problems, notice: notice,
            conflict: conflict, formVersion: formVersion, csrfToken: request.csrfToken,
            pdf: request.application.pdfConverter.availability)
        return (model, plan)
    }

    func reportPage(_ request: Request) async throws -> Response {
        let t = Localizer(request: request)
        let notice: String? =
            switch try request.query.decode(DoneNotice.self).done ?? "" {
            case "saved": t("Saved. The Word file and the print layout now use this text.", "Đã lưu. Tệp Word và bản in dùng nội dung này.")
            case "recompiled":
                t("The text was compiled again from the approved reports and saved.", "Đã tổng hợp lại nội dung từ các báo cáo đã duyệt và lưu.")
            default: nil
            }
        let (model, plan) = try await reportModel(request, notice: notice)
        let context = PageContext(request)
        return context.page(title: t("Province report", "Báo cáo của tỉnh"), plan: plan, RoundReportPage.view(model, t: t))
    }

    func saveReport(_ request: Request) async throws -> Response {
        let (round, plan) = try await loadRound(request)
        let t = Localizer(request: request)
        guard try await request.queryContext.mayEdit(plan) else { throw Abort(.forbidden) }
        let form = try request.content.decode([String: String].self)
        let version = form["version"].flatMap { Int($0) } ?? -1
        var draft = RoundReportPage.draft(from: form, plan: plan)
        var problems = draft.heading.problems
        var textProblems = draft.problems
        // The grouping is one the page offers; a form without one may not drop a grouping by unit that was saved.
        let saved = try await RoundReportStore(database: request.db).report(roundID: round.id)
        if let given = form["grouping"], RoundReportDraft.Grouping(rawValue: given) == nil {
            textProblems.append(
                FieldProblem(
                    field: "grouping", en: "No such presentation: \(given.prefix(40)).", vi: "Không có cách trình bày này: \(given.prefix(40))."))
        } else if form["grouping"] == nil, saved?.draft.grouping == .unit {
            draft.grouping = .unit
            draft.units = saved?.draft.units ?? []
            for unit in draft.units { draft.results[unit.key] = saved?.draft.results[unit.key] }
        }
        // The units of a text grouped by unit are units pcmt knows, named as it names them; the form carries codes.
        if draft.grouping == .unit {
            let directory = UnitDirectory(units: try await OrgUnitStore(database: request.db).all())
            let unknown = draft.units.flatMap { [$0.code] + $0.also }.filter { !directory.contains($0) }
            if !unknown.isEmpty || draft.units.count > 300 {
                let listed = unknown.prefix(5).map { String($0.prefix(40)) }.joined(separator: ", ")
                textProblems.append(
                    unknown.isEmpty
                        ? FieldProblem(field: "units", en: "At most 300 units.", vi: "Tối đa 300 đơn vị.")
                        : FieldProblem(field: "units", en: "Not a unit of pcmt: \(listed).", vi: "Không phải đơn vị trong pcmt: \(listed)."))
            }
            draft.units = draft.units.map { unit in
                RoundReportDraft.UnitPart(
                    code: unit.code, name: ([unit.code] + unit.also).map(directory.name).joined(separator: ", "), also: unit.also)
            }
        }
        problems += textProblems
        guard problems.isEmpty else {
            let (model, _) = try await reportModel(request, draft: draft, problems: problems, formVersion: version)
            return PageContext(request).page(
                title: t("Province report", "Báo cáo của tỉnh"), plan: plan, status: .unprocessableEntity,
                RoundReportPage.view(model, t: t))
        }
        let recompile = form["intent"] == "recompile"
        if recompile {
            let grouping = form["grouping"].flatMap(RoundReportDraft.Grouping.init(rawValue:)) ?? draft.grouping
            let lessons = draft.lessons
            draft = try await RoundDocuments.material(
                request.queryContext, round: round, plan: plan, heading: draft.heading, compile: true, grouping: grouping
            ).0.draft
            // The lessons learned are the office's own writing, compiled from nothing: a new compilation keeps them.
            draft.lessons = lessons
        }
        switch try await RoundReportStore(database: request.db).save(
            roundID: round.id, expectedVersion: version, draft: draft,
            context: request.changeContext)
        {
        case .saved:
            return request.redirect(to: SiteURL.roundReport(.value(round.id), .init(recompile ? "recompiled" : "saved")).path, redirectType: .normal)
        case .conflict(let current):
            let (model, _) = try await reportModel(request, draft: draft, conflict: current)
            return PageContext(request).page(
                title: t("Province report", "Báo cáo của tỉnh"), plan: plan, status: .conflict,
                RoundReportPage.view(model, t: t))
        }
    }

    func printPage(_ request: Request) async throws -> Response {
        let (round, plan) = try await loadRound(request)
        let (material, _) = try await RoundDocuments.material(request.queryContext, round: round, plan: plan)
        let c = PageContext(request)
        return c.page(
            title: c.t("Province report", "Báo cáo của tỉnh"), plan: plan,
            ReportPrintPage.view(.init(roundID: round.id, document: RoundReportComposer.document(material)), t: c.t))
    }

    func reportDOCX(_ request: Request) async throws -> Response {
        let (round, plan) = try await loadRound(request)
        let (material, _) = try await RoundDocuments.material(request.queryContext, round: round, plan: plan)
        return try await request.download(
            Download(.docx, name: "pcmt-bao-cao-\(round.period)", data: try DOCXWriter.data(RoundReportComposer.document(material))),
            audit: AuditSubject(
                kind: .export, entity: "round", entityID: round.id.uuidString,
                summary: "province report of round \(round.period) exported as docx"))
    }

    /// The province's report as PDF: the Word file above, laid out by LibreOffice.
    func reportPDF(_ request: Request) async throws -> Response {
        let (round, plan) = try await loadRound(request)
        let (material, _) = try await RoundDocuments.material(request.queryContext, round: round, plan: plan)
        return try await request.pdfDownload(
            try DOCXWriter.data(RoundReportComposer.document(material)), from: .docx, name: "pcmt-bao-cao-\(round.period)",
            audit: AuditSubject(
                kind: .export, entity: "round", entityID: round.id.uuidString,
                summary: "province report of round \(round.period) exported as pdf"))
    }

    /// The annex workbook as PDF, as it prints (A4 landscape, fit to the page's width).
    func annexPDF(_ request: Request) async throws -> Response {
        let (round, plan) = try await loadRound(request)
        let workbook = try await RoundAnnex.workbook(request.queryContext, round: round, plan: plan)
        return try await request.pdfDownload(
            try XLSXWriter.data(workbook), from: .xlsx, name: "pcmt-phu-luc-\(round.period)",
            audit: AuditSubject(
                kind: .export, entity: "round", entityID: round.id.uuidString, summary: "annex of round \(round.period) exported as pdf"))
    }

    func tableCSV(_ request: Request) async throws -> Response {
        let (round, plan) = try await loadRound(request)
        let name = request.parameters.get("table") ?? ""
        let t = Localizer(request: request)
        let tables = Self.tables
        guard name.hasSuffix(".csv"), let index = tables.firstIndex(of: String(name.dropLast(4))) else {
            throw Abort(
                .notFound,
                reason: t(
                    "No such table: one of \(tables.map { "\($0).csv" }.joined(separator: ", ")).",
                    "Không có bảng này: chọn một trong \(tables.map { "\($0).csv" }.joined(separator: ", "))."))
        }
        let workbook = try await RoundAnnex.workbook(request.queryContext, round: round, plan: plan)
        return try await request.download(
            Download(csv: CSVWriter.document(workbook.sheets[index]), name: "pcmt-\(tables[index])-\(round.period)"),
            audit: AuditSubject(
                kind: .export, entity: "round", entityID: round.id.uuidString,
                summary: "\(tables[index]) table of round \(round.period) exported as CSV"))
    }

    // MARK: A unit's report

    /// The heading: each field given in the query (or the posted form), else the heading the unit saved, else the
    /// default of its kind of body (``IssuingBodyUsage``).
    func unitDocument(
        _ request: Request, given: [String: String]? = nil, problems extra: [FieldProblem] = [], notice: String? = nil,
        conflict: SavedSubmissionHeading? = nil, formVersion: Int? = nil
    ) async throws -> (UnitDocumentPage.Model, LoadedSubmission) {
        let context = request.queryContext
        let loaded = try await SubmissionQueries.load(context, id: request.uuid("submissionID"))
        let store = OrgUnitStore(database: request.db)
        let province: OrgUnit? =
            loaded.unit.level == .agency ? try await store.unit(code: loaded.unit.parentCode ?? "") : nil
        let defaults = DocumentHeading.unitDefault(
            plan: loaded.plan, unit: loaded.unit, province: province,
            addressee: try await RoundDocuments.addressee(
                context, plan: loaded.plan, kind: loaded.round.kind, dueDate: loaded.round.schedule.dueDate))
        let saved = try await SubmissionHeadingStore(database: request.db).heading(submissionID: loaded.submission.id)
        var fields = (saved?.heading ?? defaults).fieldValues
        let overrides = try given ?? request.query.decode(DocumentHeadingQuery.self).fields
        for key in DocumentHeading.fieldKeys { if let value = overrides[key] { fields[key] = value } }
        let heading = DocumentHeading(fields: fields)
        let material = try await RoundDocuments.unitMaterial(
            context, submission: loaded.submission, round: loaded.round, plan: loaded.plan,
            unit: loaded.unit, heading: heading)
        let problems = heading.problems + extra
        return (
            UnitDocumentPage.Model(
                submission: loaded.submission, unit: loaded.unit, heading: heading, problems: problems,
                document: UnitReportComposer.document(material),
                query: overrides.isEmpty ? DocumentHeadingQuery() : DocumentHeadingQuery(heading), saved: conflict ?? saved,
                mayEdit: loaded.mayEdit, notice: notice, conflict: conflict, formVersion: formVersion ?? saved?.version ?? 0,
                csrfToken: request.csrfToken, pdf: request.application.pdfConverter.availability), loaded
        )
    }

    func unitDocumentPage(_ request: Request) async throws -> Response {
        let t = Localizer(request: request)
        let notice: String? =
            try request.query.decode(DoneNotice.self).done == "saved"
            ? t(
                "Heading saved: the next download uses it, for everyone who opens this report.",
                "Đã lưu thể thức: các lần tải sau dùng thể thức này, cho mọi người mở báo cáo.") : nil
        let (model, loaded) = try await unitDocument(request, notice: notice)
        let context = PageContext(request)
        return context.page(
            title: loaded.unit.name, plan: loaded.plan, status: model.problems.isEmpty ? .ok : .unprocessableEntity,
            UnitDocumentPage.view(model, t: context.t))
    }

    /// Saves the heading the unit typed (issue 15, item 3: typed once, there at the next download); the unit's own
    /// reporters only. A heading saved by someone else since the form was opened is not overwritten (409).
    func saveUnitHeading(_ request: Request) async throws -> Response {
        let loaded = try await SubmissionQueries.load(request.queryContext, id: request.uuid("submissionID"))
        guard loaded.mayEdit else { throw Abort(.forbidden) }
        let form = try request.content.decode([String: String].self)
        var given: [String: String] = [:]
        for key in DocumentHeading.fieldKeys { given[key] = form["h_\(key)"] ?? "" }
        let heading = DocumentHeading(fields: given)
        let version = form["version"].flatMap { Int($0) } ?? -1
        let context = PageContext(request)
        if form["intent"] == "preview" {
            let (model, _) = try await unitDocument(request, given: given, formVersion: version)
            return context.page(
                title: loaded.unit.name, plan: loaded.plan, status: model.problems.isEmpty ? .ok : .unprocessableEntity,
                UnitDocumentPage.view(model, t: context.t))
        }
        guard heading.problems.isEmpty else {
            let (model, _) = try await unitDocument(request, given: given, formVersion: version)
            return context.page(
                title: loaded.unit.name, plan: loaded.plan, status: .unprocessableEntity, UnitDocumentPage.view(model, t: context.t))
        }
        switch try await SubmissionHeadingStore(database: request.db).save(
            submissionID: loaded.submission.id, expectedVersion: version, heading: heading, context: request.changeContext)
        {
        case .saved:
            // "Lưu và tải về": the file right away, with the heading just saved.
            let id = Parameter.value(loaded.submission.id)
            let next: String =
                switch form["intent"] {
                case "save_docx": SiteURL.submissionDOCX(id).path
                case "save_pdf": SiteURL.submissionPDF(id).path
                default: SiteURL.submissionDocument(id).path + "?done=saved"
                }
            return request.redirect(to: next, redirectType: .normal)
        case .conflict(let current):
            let (model, _) = try await unitDocument(request, given: given, conflict: current, formVersion: version)
            return context.page(
                title: loaded.unit.name, plan: loaded.plan, status: .conflict, UnitDocumentPage.view(model, t: context.t))
        }
    }

    func unitDOCX(_ request: Request) async throws -> Response {
        let (model, loaded) = try await unitDocument(request)
        try refuseProblems(model, request)
        return try await request.download(
            Download(.docx, name: "pcmt-bao-cao-\(loaded.unit.code)-\(loaded.round.period)", data: try DOCXWriter.data(model.document)),
            audit: AuditSubject(
                kind: .export, entity: "submission", entityID: loaded.submission.id.uuidString,
                summary: "report of \(loaded.unit.code) for \(loaded.round.period) exported as docx"))
    }

    func unitPDF(_ request: Request) async throws -> Response {
        let (model, loaded) = try await unitDocument(request)
        try refuseProblems(model, request)
        return try await request.pdfDownload(
            try DOCXWriter.data(model.document), from: .docx, name: "pcmt-bao-cao-\(loaded.unit.code)-\(loaded.round.period)",
            audit: AuditSubject(
                kind: .export, entity: "submission", entityID: loaded.submission.id.uuidString,
                summary: "report of \(loaded.unit.code) for \(loaded.round.period) exported as pdf"))
    }

    func refuseProblems(_ model: UnitDocumentPage.Model, _ request: Request) throws {
        if let problem = model.problems.first {
            let t = Localizer(request: request)
            throw Abort(.unprocessableEntity, reason: "h_\(problem.field): \(problem.message(t.language))")
        }
    }
}

/// A round's store refusing a change (a round opened twice, a report edited that no longer exists) answers 409
/// with its reason, not 500.
extension RoundError: AbortError {
    public var status: HTTPResponseStatus { .conflict }
    public var reason: String { description }
}
