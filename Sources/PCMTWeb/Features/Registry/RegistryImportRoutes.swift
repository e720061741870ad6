import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The import of a commune's existing list (issue 17), for those who keep its register (``Capability/managePeople``,
/// as the registration form): the file is read in memory and registered all at once, or refused with every problem —
/// no draft is kept, so personal data never rests unencrypted in a table.
extension RegistryRoutes {
    func importTitle(_ t: Localizer) -> String { t("Import the commune's existing list", "Nhập danh sách từ Excel") }

    func importPage(_ request: Request, _ model: RegistryImportPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(
            title: "\(importTitle(context.t)) · \(model.commune.label)", plan: nil, status: status, RegistryImportPage.view(model, t: context.t))
    }

    func importForm(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RegistryQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        return importPage(request, .init(commune: commune, csrfToken: context.csrfToken))
    }

    /// The header row alone: no personal data.
    func importTemplate(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RegistryQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let sheet = Spreadsheet.Sheet(
            name: "Danh sách", header: RegistryImport.columns.map(\.header), rows: [], widths: [28, 18, 12, 18, 16, 34, 22, 16, 28, 18])
        return Download(.xlsx, name: "pcmt-mau-danh-sach-\(commune.unit.code)", data: try XLSXWriter.data(Spreadsheet(sheets: [sheet]))).response
    }

    struct ImportUpload: Content {
        var file: File?
    }

    /// Reads the uploaded file and registers every row at once (then says how many), or lists every problem by row
    /// and column with nothing saved (422; 413 for a file past the size limit).
    func importFile(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let commune = try await RegistryQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let upload = (try? request.content.decode(ImportUpload.self)) ?? ImportUpload()
        var model = RegistryImportPage.Model(commune: commune, csrfToken: context.csrfToken)
        func refused(_ problems: [RegistryImportPage.Problem], status: HTTPResponseStatus = .unprocessableEntity) -> Response {
            model.problems = problems
            return importPage(request, model, status: status)
        }
        let fileColumn = t("File", "Tệp")
        guard let file = upload.file, file.data.readableBytes > 0 || !file.filename.isEmpty else {
            return refused([.init(row: 0, column: fileColumn, message: t("Choose a file to import.", "Hãy chọn tệp để nhập."))])
        }
        model.fileName = file.filename.isEmpty ? nil : file.filename
        let sheet: RegistryImport.Sheet
        switch RegistryImport.sheet(Data(buffer: file.data)) {
        case .success(let read): sheet = read
        case .failure(let error):
            return refused(
                [.init(row: error.row, column: fileColumn, message: t.isEnglish ? error.en : error.vi)],
                status: error.limit?.isByteSize == true ? .payloadTooLarge : .unprocessableEntity)
        }
        let read = RegistryImport.read(sheet, communeCode: commune.unit.code)
        let store = store(request)
        let today = RegistryQueries.today(context.query)
        var problems = read.problems
        if read.problems.contains(where: { $0.field == "file" }) {
            return refused(try await shown(problems, context: context))
        }
        if !read.problems.isEmpty {
            // Problems of reading: the store's checks name the rest, nothing is written. A field whose value could not
            // be read has its reading's problem only.
            let unread = Set(read.problems.map { "\($0.row)|\($0.field)" })
            problems += try await store.importProblems(read.rows, provinceCode: commune.placement.provinceCode, today: today)
                .filter { !unread.contains("\($0.row)|\($0.field)") }
            return refused(try await shown(problems.sorted { $0.row < $1.row }, context: context))
        }
        switch try await store.importPeople(
            read.rows, placement: commune.placement, rules: request.application.managementRules, today: today, context: request.changeContext)
        {
        case .imported(let count):
            model.imported = count
            return importPage(request, model)
        case .refused(let found):
            return refused(try await shown(found, context: context))
        }
    }

    /// The problems as the page shows them: the column by its Vietnamese name, and for an ID number held already the
    /// commune by name and code, and whether its record is closed.
    func shown(_ problems: [PersonImportProblem], context: PageContext) async throws -> [RegistryImportPage.Problem] {
        let t = context.t
        let labels = try await RegistryQueries.labels(context.query, codes: problems.flatMap { $0.duplicates.map(\.communeCode) })
        return problems.map { problem in
            let column = problem.field == "file" ? t("File", "Tệp") : RegistryImport.shortName(problem.field)
            guard !problem.duplicates.isEmpty else { return .init(row: problem.row, column: column, message: problem.message(t.language)) }
            let places = problem.duplicates.map { duplicate in
                let place = "\(labels[duplicate.communeCode] ?? duplicate.communeCode) (\(duplicate.communeCode))"
                return duplicate.isClosed
                    ? t("\(place), a closed record", "\(place), hồ sơ đã đóng")
                    : t("\(place), a record under management", "\(place), hồ sơ đang quản lý")
            }.joined(separator: "; ")
            return .init(
                row: problem.row, column: column,
                message: t(
                    "This ID number is already in the province's register: \(places). Nothing was merged.",
                    "Số giấy tờ này đã có trong sổ của tỉnh: \(places). Không gộp hồ sơ."))
        }
    }
}
