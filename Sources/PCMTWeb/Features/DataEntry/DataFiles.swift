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
        let (plan, elements) = try await DataEntryQueries.plan(context.query)
        var rows = [["element", "unit", "period", "category", "value", "element_name", "measure"]]
        let choice = try request.query.decode(DataChoice.self)
        let unitCode = choice.unit ?? request.principal?.unit.code ?? ""
        let period = choice.period ?? "\(plan.endYear)S1"
        // For a known unit, only what that unit reports.
        let unit = try await context.units.unit(code: unitCode)
        for element in elements where unit.map({ element.collectedAt.applies(to: $0) }) ?? true {
            for category in element.categories.isEmpty ? [nil] : element.categories.map(Optional.some) {
                rows.append([
                    element.code, unitCode, period, category?.code ?? "", "", element.name + (category.map { " — \($0.name)" } ?? ""),
                    element.measure,
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

    /// The import form: a file or pasted text to check (`intent` "check", the default), or — from the preview —
    /// the same content again with the digests the preview was made from (`intent` "save").
    struct ImportForm: Content {
        var file: File?
        var text: String?
        var intent: String?
        /// The checked file, base64, its name and the notation its numbers fell back to.
        var content: String?
        var fileName: String?
        var notation: String?
        /// SHA-256 of content, name and notation: the preview's file is the one saved.
        var digest: String?
        /// ``DataEntryQueries/fingerprint(_:current:)`` of the values the preview showed as "before".
        var state: String?
    }

    static func digest(_ bytes: Data, name: String, notation: Language) -> String {
        var data = bytes
        data.append(contentsOf: Array("\u{0}\(name)\u{0}\(notation.rawValue)".utf8))
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Checks a file and shows what it would change (nothing saved); or, confirmed from that preview, checks the
    /// same file again and saves it — unless a value it replaces changed meanwhile (409, with the new preview).
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
        var fileName = t("Pasted text", "Văn bản dán vào")
        var bytes = Data()
        var fallback = t.language
        if saving {
            fileName = form.fileName ?? fileName
            fallback = form.notation.flatMap(Language.init(rawValue:)) ?? fallback
            // Base64 holds 3 bytes in 4 characters: a longer text cannot be a file within the limit.
            if tooLarge((form.content?.utf8.count ?? 0) / 4 * 3) {
                return refused([.init(InputLimitExceeded(.uploadBytes, value: limits.uploadBytes))], fileName)
            }
            guard let content = form.content.flatMap({ Data(base64Encoded: $0) }),
                form.digest == Self.digest(content, name: fileName, notation: fallback)
            else {
                return refused(
                    [
                        .init(
                            row: 0, en: "The checked file did not come back intact: choose the file and check it again.",
                            vi: "Tệp đã kiểm tra không được gửi lại nguyên vẹn: hãy chọn tệp và kiểm tra lại.")
                    ], fileName)
            }
            bytes = content
        } else if let file = form.file, file.data.readableBytes > 0 {
            fileName = file.filename
            guard !tooLarge(file.data.readableBytes) else {
                return refused([.init(InputLimitExceeded(.uploadBytes, value: limits.uploadBytes))], fileName)
            }
            bytes = Data(buffer: file.data)
        } else {
            guard !tooLarge(form.text?.utf8.count ?? 0) else {
                return refused([.init(InputLimitExceeded(.uploadBytes, value: limits.uploadBytes))], fileName)
            }
            bytes = Data((form.text ?? "").utf8)
        }
        let table: DataImport.Table
        switch DataImport.table(bytes, limits: limits) {
        case .success(let read): table = read
        case .failure(let error): return refused([error], fileName)
        }
        let notation: DataImport.Notation
        switch DataImport.notation(table, fallback: fallback) {
        case .success(let found): notation = found
        case .failure(let error): return refused([error], fileName)
        }
        let principal = try context.principal
        let units = try await context.units.all()
        let placements = UnitPlacements(units: units)
        let unitsByCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let result = DataImport.check(
            table, notation: notation.language, elements: elements, units: unitsByCode, placements: placements
        ) { unit in
            let ancestors = [placements[unit.code]?.districtCode, placements[unit.code]?.provinceCode].compactMap { $0 }
                .filter { $0 != unit.code }.compactMap { unitsByCode[$0] }
            return DataEntryQueries.mayEnter(principal, unit: unit, ancestors: ancestors)
        }
        guard result.errors.isEmpty else { return refused(result.errors, fileName) }
        guard !result.lines.isEmpty else {
            return refused([.init(row: 0, en: "The file has no value rows.", vi: "Tệp không có dòng số liệu nào.")], fileName)
        }
        var model = DataImportPage.Model(csrfToken: request.csrfToken, fileName: fileName)
        model.withoutValue = result.withoutValue
        model.notation = notation.matters ? (notation.language, t(notation.en, notation.vi)) : nil
        var state = ""
        // A save that meets values changed since the preview shows the preview again, over the values as they are.
        for attempt in 0..<2 {
            let review = try await DataEntryQueries.importReview(request.queryContext, lines: result.lines, plan: plan, elements: elements)
            guard review.errors.isEmpty else { return refused(review.errors, fileName) }
            model.lines = zip(result.lines, review.current).map { line, current in
                DataImportPage.Line(
                    row: line.row, unit: "\(line.unit.name) (\(line.unit.code))", period: BoardPage.periodName(line.period, t: t),
                    element: line.element.name + (line.element.categories.first { $0.code == line.category }.map { " — \($0.name)" } ?? ""),
                    old: current?.value, new: line.value)
            }
            state = DataEntryQueries.fingerprint(result.lines, current: review.current)
            guard saving, attempt == 0, form.state == state else { break }
            // The versions the preview showed travel with the rows: the store compares them inside its transaction.
            let rows = zip(result.lines, review.current).map { line, current in
                ImportRow(
                    element: line.element.code, placement: line.placement, period: line.period, category: line.category, value: line.value,
                    expectedVersion: current?.version ?? 0)
            }
            switch try await DataValueStore(database: request.db).importRows(
                rows, context: request.changeContext, fileName: fileName, known: review.known)
            {
            case .saved:
                model.importedRows = model.lines.count
                return page(model)
            case .locked(let locks):
                return refused(locks.map { .init(row: 0, en: $0.message(.en), vi: $0.message(.vi)) }, fileName)
            case .conflicts, .changedMeanwhile:
                continue
            }
        }
        model.preview = .init(
            content: bytes.base64EncodedString(), notation: fallback.rawValue, digest: Self.digest(bytes, name: fileName, notation: fallback),
            state: state)
        model.changedMeanwhile = saving
        return page(model, status: saving ? .conflict : .ok)
    }
}
