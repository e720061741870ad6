import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// Data entry by file: the template (CSV and .xlsx) and the import of a whole file, all or nothing.
extension DataRoutes {
    // MARK: Files

    func templateRows(_ request: Request) async throws -> [[String]] {
        let context = PageContext(request)
        let choice = try request.query.decode(DataChoice.self)
        let unitCode = choice.unit ?? request.principal?.unit.code ?? ""
        let unit = try await context.units.unit(code: unitCode)
        // Without a period, a unit that ended gets its last half-year (Kon Tum's districts: 2025S1) and its plan's
        // elements; otherwise the plan serving the period asked, or the current plan.
        var asked = choice.period
        if asked == nil, let end = unit?.validTo, let day = OfficialDate(iso: end) { asked = "\(day.year)S\(day.month <= 6 ? 1 : 2)" }
        let (plan, elements) = try await DataEntryQueries.plan(context.query, year: asked.flatMap(Period.init)?.firstYear)
        var rows = [DataImport.templateHeader(context.t)]
        let period = asked ?? "\(plan.endYear)S1"
        // For a known unit, only what that unit reports.
        for element in elements where unit.map({ element.collectedAt.applies(to: $0) }) ?? true {
            for category in element.categories.isEmpty ? [nil] : element.categories.map(Optional.some) {
                rows.append([
                    element.code, unitCode, period, category?.code ?? "", "",
                    context.t.isEnglish
                        ? (element.nameEn ?? element.name) + (category.map { " — \($0.nameEn ?? $0.name)" } ?? "")
                        : element.name + (category.map { " — \($0.name)" } ?? ""),
                    context.t.isEnglish ? element.measureEn ?? element.measure : element.measure,
                ])
            }
        }
        return rows
    }

    func template(_ request: Request) async throws -> Response {
        Download(csv: CSVWriter.document(try await templateRows(request)), name: "pcmt-mau-nhap-so-lieu").response
    }

    func templateWorkbook(_ request: Request) async throws -> Response {
        let rows = try await templateRows(request)
        let sheet = Spreadsheet.Sheet(
            name: "Nhập số liệu", header: rows[0], rows: rows.dropFirst().map { $0.map { .text($0) } },
            widths: [30, 10, 10, 18, 12, 70, 14])
        return Download(.xlsx, name: "pcmt-mau-nhap-so-lieu", data: try XLSXWriter.data(Spreadsheet(sheets: [sheet]))).response
    }

    func importForm(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        return context.page(
            title: context.t("Import a file", "Nhập từ tệp"), plan: nil,
            DataImportPage.view(.init(csrfToken: request.csrfToken), t: context.t))
    }

    /// The import form: a file or pasted text to check (`intent` "check", the default), or — from the preview — the
    /// draft it made and the fingerprint of the values it showed (`intent` "save").
    struct ImportForm: Content {
        var file: File?
        var text: String?
        var intent: String?
        /// The id of the checked file kept on the server (``ImportDraftStore``).
        var draft: String?
        /// ``DataEntryQueries/fingerprint(_:current:)`` of the values the preview showed as "before".
        var state: String?
    }

    /// Reads `bytes` as a table and checks every row for `principal` (``DataImport/check``); the problems, row by
    /// row, when there is any — with those of the rules over what is saved for the rows that passed their own checks.
    func check(
        _ bytes: Data, fallback: Language, plan: Plan, elements: [DataElement], principal: Principal, context: PageContext
    ) async throws -> CheckedImports.Outcome {
        let table: DataImport.Table
        switch DataImport.table(bytes, limits: .standard) {
        case .success(let read): table = DataImport.longTable(read)
        case .failure(let error): return .refused([error])
        }
        let notation: DataImport.Notation
        switch DataImport.notation(table, fallback: fallback) {
        case .success(let found): notation = found
        case .failure(let error): return .refused([error])
        }
        let units = try await context.units.all()
        let placements = UnitPlacements(units: units)
        let unitsByCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var mayEnter: [String: Bool] = [:]
        let result = DataImport.check(
            table, notation: notation.language, elements: elements, units: unitsByCode, placements: placements
        ) { unit, period in
            // Asked once per unit and period, not per row.
            let key = "\(unit.code)|\(unit.validFrom ?? "")|\(period.map(\.description) ?? "")"
            if let known = mayEnter[key] { return known }
            let allowed = DataEntryQueries.mayEnter(principal, unit: unit, period: period, timeline: placements.timeline)
            mayEnter[key] = allowed
            return allowed
        }
        guard result.errors.isEmpty else {
            // The rules over what is saved (locks, part ≤ whole) for the rows that passed their own checks, so that one
            // reading lists every problem instead of a second list after the first is mended.
            guard !result.lines.isEmpty else { return .refused(result.errors) }
            let review = try await DataEntryQueries.importReview(context.query, lines: result.lines, plan: plan, elements: elements)
            return .refused((result.errors + review.errors).sorted { $0.row < $1.row })
        }
        guard !result.lines.isEmpty else {
            return .refused([.init(row: 0, en: "The file has no value rows.", vi: "Tệp không có dòng số liệu nào.")])
        }
        return .checked(.init(lines: result.lines, withoutValue: result.withoutValue, notation: notation))
    }

    /// Checks a file and shows what it would change (nothing saved; the file is kept on the server as a draft); or,
    /// confirmed from that preview, saves the draft — unless a value it replaces changed meanwhile (409, with the new
    /// preview). The save uses the rows as this process checked them when it still holds that check
    /// (``CheckedImports``), else reads the kept file and checks it again; the rules that depend on what is saved are
    /// checked again either way.
    func importFile(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let (plan, elements) = try await DataEntryQueries.plan(context.query)
        let form = try request.content.decode(ImportForm.self)
        let saving = form.intent == "save"
        func page(_ model: DataImportPage.Model, status: HTTPResponseStatus = .ok) -> Response {
            context.page(title: t("Import a file", "Nhập từ tệp"), plan: nil, status: status, DataImportPage.view(model, t: t))
        }
        /// 422, or 413 when the file crossed a limit on bytes (``InputLimitExceeded/isByteSize``).
        func refused(_ errors: [DataImport.RowError], _ fileName: String) -> Response {
            let tooLarge = errors.contains { $0.limit?.isByteSize == true }
            return page(
                .init(csrfToken: request.csrfToken, errors: errors, fileName: fileName), status: tooLarge ? .payloadTooLarge : .unprocessableEntity)
        }
        let limits = InputLimits.standard
        func tooLarge(_ bytes: Int) -> Bool { bytes > limits.uploadBytes }
        let principal = try context.principal
        let drafts = ImportDraftStore(database: request.db)
        let owner = ImportDraftStore.ownerKey(principal)
        let key = CheckedImports.Key(
            owner: owner, role: principal.role, unitCode: principal.unit.code, planID: plan.id,
            referenceMark: try await ReferenceCache.referenceMark(on: request.db) ?? "")
        // The name kept with the draft and in the audit log: the file's, or none for pasted text, which each page
        // names in its own language.
        var fileName = ""
        var shownName: String { fileName.isEmpty ? t("Pasted text", "Văn bản dán vào") : fileName }
        var draft: ImportDraft?
        let checked: CheckedImports.Checked
        let gone = DataImport.RowError(
            row: 0,
            en:
                "The checked file is no longer kept (checked more than \(Int(ImportDraftStore.lifetime / 3600)) hours ago, or pushed out by newer checks): choose the file and check it again.",
            vi:
                "Tệp đã kiểm tra không còn được giữ (đã kiểm tra quá \(Int(ImportDraftStore.lifetime / 3600)) giờ trước, hoặc bị thay bởi các lần kiểm tra mới hơn): hãy chọn tệp và kiểm tra lại."
        )
        if saving {
            guard let id = form.draft.flatMap(UUID.init(uuidString:)), let found = try await drafts.draft(id: id, owner: owner, withContent: false)
            else { return refused([gone], shownName) }
            fileName = found.fileName
            if let savedAt = found.savedAt {
                return page(.init(csrfToken: request.csrfToken, fileName: shownName, alreadySaved: savedAt), status: .conflict)
            }
            draft = found
            if let kept = CheckedImports.shared.checked(id, key: key) {
                checked = kept
            } else {
                guard let content = try await drafts.draft(id: id, owner: owner, withContent: true)?.content else {
                    return refused([gone], shownName)
                }
                switch try await check(
                    content, fallback: Language(rawValue: found.notation) ?? t.language, plan: plan, elements: elements, principal: principal,
                    context: context)
                {
                case .checked(let read): checked = read
                case .refused(let errors): return refused(errors, shownName)
                }
                CheckedImports.shared.keep(id, key: key, checked)
            }
        } else {
            var bytes = Data()
            // A file chosen is the file read, even an empty one (its name says which); else the pasted text.
            if let file = form.file, file.data.readableBytes > 0 || !file.filename.isEmpty {
                fileName = file.filename
                guard !tooLarge(file.data.readableBytes) else {
                    return refused([.init(InputLimitExceeded(.uploadBytes, value: limits.uploadBytes))], shownName)
                }
                bytes = Data(buffer: file.data)
            } else {
                guard !tooLarge(form.text?.utf8.count ?? 0) else {
                    return refused([.init(InputLimitExceeded(.uploadBytes, value: limits.uploadBytes))], shownName)
                }
                bytes = Data((form.text ?? "").utf8)
            }
            var read: CheckedImports.Checked
            switch try await check(bytes, fallback: t.language, plan: plan, elements: elements, principal: principal, context: context) {
            case .checked(let lines): read = lines
            case .refused(let errors): return refused(errors, shownName)
            }
            let review = try await DataEntryQueries.importReview(request.queryContext, lines: read.lines, plan: plan, elements: elements)
            guard review.errors.isEmpty else { return refused(review.errors, shownName) }
            let state = DataEntryQueries.fingerprint(read.lines, current: review.current)
            read.review = .init(current: review.current, known: review.known, state: state)
            checked = read
            let kept = try await drafts.keep(owner: owner, fileName: fileName, notation: t.language.rawValue, content: bytes)
            CheckedImports.shared.keep(kept.id, key: key, checked)
            draft = kept
            var model = DataImportPage.Model(csrfToken: request.csrfToken, fileName: shownName)
            model.withoutValue = checked.withoutValue
            model.notation = checked.notation.matters ? (checked.notation.language, t(checked.notation.en, checked.notation.vi)) : nil
            (model.summary, model.lines) = DataImportPage.review(checked.lines, saved: review.current.map { $0?.value }, t: t)
            model.preview = .init(draft: kept.id.uuidString, state: state)
            return page(model)
        }
        var model = DataImportPage.Model(csrfToken: request.csrfToken, fileName: shownName)
        model.withoutValue = checked.withoutValue
        model.notation = checked.notation.matters ? (checked.notation.language, t(checked.notation.en, checked.notation.vi)) : nil
        var state = ""
        /// Another request saved this draft first (a second click on "Lưu"): nothing more is saved.
        func alreadySaved() async throws -> Response {
            guard let id = draft?.id, let savedAt = try await drafts.draft(id: id, owner: owner, withContent: false)?.savedAt else {
                return refused([gone], shownName)
            }
            return page(.init(csrfToken: request.csrfToken, fileName: shownName, alreadySaved: savedAt), status: .conflict)
        }
        // A save that meets values changed since the preview shows the preview again, over the values as they are.
        for attempt in 0..<2 {
            // The preview's own review while nothing it read has changed; else a new one over what is saved now.
            let review: (errors: [DataImport.RowError], current: [DataValue?], known: SavedValues)
            if attempt == 0, let previewed = checked.review, previewed.state == form.state, try await previewed.known.stillCurrent(on: request.db) {
                review = ([], previewed.current, previewed.known)
                state = previewed.state
            } else {
                review = try await DataEntryQueries.importReview(request.queryContext, lines: checked.lines, plan: plan, elements: elements)
                guard review.errors.isEmpty else { return refused(review.errors, shownName) }
                state = DataEntryQueries.fingerprint(checked.lines, current: review.current)
            }
            guard attempt == 0, form.state == state else {
                (model.summary, model.lines) = DataImportPage.review(checked.lines, saved: review.current.map { $0?.value }, t: t)
                break
            }
            // The versions the preview showed travel with the rows: the store compares them inside its transaction.
            let rows = zip(checked.lines, review.current).map { line, current in
                ImportRow(
                    element: line.element.code, placement: line.placement, period: line.period, category: line.category, value: line.value,
                    expectedVersion: current?.version ?? 0)
            }
            let outcome: DataWriteOutcome
            do {
                outcome = try await DataValueStore(database: request.db).importRows(
                    rows, context: request.changeContext, fileName: fileName.isEmpty ? "văn bản dán vào" : fileName, known: review.known,
                    draft: draft.map { ($0.id, owner) })
            } catch is ImportDraftGone {
                return try await alreadySaved()
            }
            switch outcome {
            case .saved:
                if let draft { CheckedImports.shared.forget(draft.id) }
                (model.summary, model.lines) = DataImportPage.review(checked.lines, saved: review.current.map { $0?.value }, t: t, changedOnly: true)
                model.importedRows = checked.lines.count
                return page(model)
            case .locked(let locks):
                return refused(locks.map { .init(row: 0, en: $0.message(.en), vi: $0.message(.vi)) }, shownName)
            case .conflicts, .changedMeanwhile:
                continue
            }
        }
        // A preview to save from again, unless the draft was saved meanwhile by another request.
        guard let draft, try await drafts.draft(id: draft.id, owner: owner, withContent: false)?.savedAt == nil else {
            return try await alreadySaved()
        }
        model.preview = .init(draft: draft.id.uuidString, state: state)
        model.changedMeanwhile = true
        return page(model, status: .conflict)
    }
}
