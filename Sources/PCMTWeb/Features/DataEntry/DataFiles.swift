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

    struct ImportForm: Content {
        var file: File?
        var text: String?
    }

    func importFile(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let (_, elements) = try await DataEntryQueries.plan(context.query)
        let form = try request.content.decode(ImportForm.self)
        var fileName = t("Pasted text", "Văn bản dán vào")
        var records = CSVReader.records(form.text ?? "")
        if let file = form.file, file.data.readableBytes > 0 {
            fileName = file.filename
            let bytes = Data(buffer: file.data)
            if bytes.prefix(2) == Data("PK".utf8) {
                do {
                    records = try XLSXReader.firstSheetRows(bytes)
                } catch {
                    return context.page(
                        title: t("Import a file", "Nhập từ tệp"), plan: nil, status: .unprocessableEntity,
                        DataImportPage.view(
                            .init(
                                csrfToken: request.csrfToken, errors: [.init(row: 0, en: "\(error)", vi: "Không đọc được tệp .xlsx: \(error)")],
                                fileName: fileName), t: t))
                }
            } else {
                records = CSVReader.records(String(decoding: bytes, as: UTF8.self))
            }
        }
        let principal = try context.principal
        let units = try await context.units.all()
        let placements = UnitPlacements(units: units)
        let unitsByCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let result = DataImport.check(records: records, elements: elements, units: unitsByCode, placements: placements) { unit in
            let ancestors = [placements[unit.code]?.districtCode, placements[unit.code]?.provinceCode].compactMap { $0 }
                .filter { $0 != unit.code }.compactMap { unitsByCode[$0] }
            return DataEntryQueries.mayEnter(principal, unit: unit, ancestors: ancestors)
        }
        var errors = result.errors
        if errors.isEmpty {
            errors = try await DataEntryQueries.partProblemsWithSavedValues(request.queryContext, rows: result.rows, elements: elements)
        }
        guard errors.isEmpty, !result.rows.isEmpty else {
            if errors.isEmpty { errors = [DataImport.RowError(row: 0, en: "The file has no value rows.", vi: "Tệp không có dòng số liệu nào.")] }
            return context.page(
                title: t("Import a file", "Nhập từ tệp"), plan: nil, status: .unprocessableEntity,
                DataImportPage.view(.init(csrfToken: request.csrfToken, errors: errors, fileName: fileName), t: t))
        }
        // The store decides on the approval locks (and versions) inside its write transaction.
        switch try await DataValueStore(database: request.db).importRows(result.rows, context: request.changeContext, fileName: fileName) {
        case .saved: break
        case .locked(let locks):
            return context.page(
                title: t("Import a file", "Nhập từ tệp"), plan: nil, status: .locked,
                DataImportPage.view(
                    .init(
                        csrfToken: request.csrfToken, errors: locks.map { .init(row: 0, en: $0.message(.en), vi: $0.message(.vi)) },
                        fileName: fileName), t: t))
        case .conflicts(let conflicts):
            return context.page(
                title: t("Import a file", "Nhập từ tệp"), plan: nil, status: .conflict,
                DataImportPage.view(
                    .init(
                        csrfToken: request.csrfToken,
                        errors: conflicts.map {
                            .init(
                                row: 0, en: "\($0.unitCode) \($0.period) \($0.element): changed by someone else meanwhile.",
                                vi: "\($0.unitCode) \($0.period) \($0.element): đã được người khác sửa trong lúc đó.")
                        }, fileName: fileName), t: t))
        }
        return context.page(
            title: t("Import a file", "Nhập từ tệp"), plan: nil,
            DataImportPage.view(.init(csrfToken: request.csrfToken, importedRows: result.rows.count, fileName: fileName), t: t))
    }
}
