import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The registries of records (issue 17: cases, trafficking leads, hotspots, the communes' situation, cultivation,
/// propaganda), for those who keep a commune's registers (``Capability/manageRecords``): the index, a commune's
/// registers, one register's list by year, entering, changing and deleting a record against the version seen, and
/// the import of a file. Every change counts the commune's derived figures again in the same transaction.
struct RecordsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.manageRecords)
        routes.get(.records, rule, use: index)
        routes.get(.recordsCommune(.key), rule, use: commune)
        routes.get(.recordsList(.key, registry: .key), rule, use: list)
        routes.get(.recordsNew(.key, registry: .key), rule, use: newForm)
        routes.post(.recordsNew(.key, registry: .key), rule, use: create)
        routes.get(.recordsImport(.key, registry: .key), rule, use: importForm)
        routes.post(.recordsImport(.key, registry: .key), rule, use: importFile)
        routes.get(.recordsImportTemplate(.key, registry: .key), rule, use: importTemplate)
        routes.get(.recordsItem(.key), rule, use: item)
        routes.post(.recordsItem(.key), rule, use: update)
        routes.post(.recordsItemDelete(.key), rule, use: delete)
    }

    func title(_ t: Localizer) -> String { t("Registers of records", "Sổ theo dõi") }

    // MARK: Reading

    /// A commune officer goes to the registers of their commune; a district or the standing office sees the communes
    /// within reach with their counts.
    func index(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let principal = try context.principal
        if principal.unit.level == .commune, try await context.query.allows(.manageRecords, at: principal.unit) {
            return request.redirect(to: SiteURL.recordsCommune(.value(principal.unit.code)).path, redirectType: .normal)
        }
        let rows = try await RecordsQueries.index(context.query)
        return context.page(title: title(context.t), plan: nil, RecordsPages.index(rows, t: context.t))
    }

    func commune(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RecordsQueries.commune(context.query, code: request.parameters.get("communeCode"))
        let counts = try await RecordRegistryStore(database: request.db).counts(communeCodes: [commune.unit.code])[commune.unit.code] ?? [:]
        let mayChoose = try await context.query.allows(.chooseValueSource, at: commune.unit)
        return context.page(
            title: "\(title(context.t)) · \(commune.unit.name)", plan: nil,
            RecordsPages.commune(commune, counts: counts, mayChoose: mayChoose, t: context.t))
    }

    func list(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RecordsQueries.commune(context.query, code: request.parameters.get("communeCode"))
        let registry = try RecordsQueries.registry(context.query, request.parameters.get("registry"))
        let query = (try? request.query.decode(RecordsListQuery.self)) ?? RecordsListQuery()
        let model = try await RecordsQueries.list(context.query, commune: commune, registry: registry, year: query.year)
        let t = context.t
        let notice: String? =
            switch query.done {
            case "imported": t("\(query.n ?? "0") record(s) were imported.", "Đã nhập \(query.n ?? "0") bản ghi.")
            case "deleted": t("The record was deleted.", "Đã xóa bản ghi.")
            default: nil
            }
        return context.page(
            title: "\(registry.name(t.language)) · \(commune.unit.name)", plan: nil, RecordsPages.list(model, notice: notice, t: t))
    }

    // MARK: Entering and changing

    func formPage(_ request: Request, _ model: RecordsPages.FormModel, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(
            title: "\(model.registry.name(context.t.language)) · \(model.commune.unit.name)", plan: nil, status: status,
            RecordsPages.form(model, t: context.t))
    }

    func newForm(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RecordsQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let registry = try RecordsQueries.registry(context.query, request.parameters.get("registry"))
        var values: [String: String] = [:]
        if registry != .communeSituation { values[registry.dayField] = RegistryQueries.today(context.query) }
        return formPage(request, .init(commune: commune, registry: registry, values: values, csrfToken: context.csrfToken))
    }

    /// The typed fields of the registry, nothing else.
    func typed(_ request: Request, _ registry: RecordRegistry) throws -> (fields: [String: String], version: Int) {
        let form = try request.content.decode([String: String].self)
        var fields: [String: String] = [:]
        for field in registry.fields { fields[field.key] = form[field.key] ?? "" }
        return (fields, Int(form["version"] ?? "") ?? -1)
    }

    func create(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RecordsQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let registry = try RecordsQueries.registry(context.query, request.parameters.get("registry"))
        let (fields, _) = try typed(request, registry)
        var model = RecordsPages.FormModel(commune: commune, registry: registry, values: fields, csrfToken: context.csrfToken)
        do {
            let id = try await RecordRegistryStore(database: request.db).create(
                registry, fields: fields, placement: commune.placement, today: RegistryQueries.today(context.query),
                context: request.changeContext)
            return request.redirect(to: SiteURL.recordsItem(.value(id), DoneNotice("created")).path, redirectType: .normal)
        } catch RecordRegistryError.problems(let problems) {
            model.problems = problems
            return formPage(request, model, status: .unprocessableEntity)
        } catch RecordRegistryError.duplicate(let found) {
            model.warning = try await duplicateText(found, registry: registry, context: context)
            return formPage(request, model, status: .conflict)
        }
    }

    /// Where the records holding the same case number, hotspot or year are, by commune, with a link to each the
    /// principal may open.
    func duplicateText(_ found: [RecordDuplicate], registry: RecordRegistry, context: PageContext) async throws -> String {
        let t = context.t
        let labels = try await RegistryQueries.labels(context.query, codes: found.map(\.communeCode))
        let places = found.map { labels[$0.communeCode] ?? $0.communeCode }.joined(separator: "; ")
        return t(
            "The register already holds this \(registry.recordName(.en)) (\(places)): change that record rather than entering it twice. Nothing was saved.",
            "Sổ đã có \(registry.recordName(.vi)) này (\(places)): hãy sửa bản ghi đó, không nhập trùng. Chưa lưu gì.")
    }

    func item(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let (record, commune) = try await RecordsQueries.record(context.query, id: request.uuid("registryRecordID"))
        let done = (try? request.query.decode(DoneNotice.self))?.done
        let notice: String? =
            switch done {
            case "created":
                t("The record was entered; the derived figures are counted again.", "Đã lưu bản ghi; số liệu tính từ sổ đã được cập nhật.")
            case "saved": t("Saved; the derived figures are counted again.", "Đã lưu; số liệu tính từ sổ đã được cập nhật.")
            default: nil
            }
        return formPage(
            request,
            .init(
                commune: commune, registry: record.registry, record: record, values: record.registry.written(record.fields),
                csrfToken: context.csrfToken, notice: notice))
    }

    func update(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let (record, commune) = try await RecordsQueries.record(context.query, id: request.uuid("registryRecordID"))
        let (fields, version) = try typed(request, record.registry)
        var model = RecordsPages.FormModel(
            commune: commune, registry: record.registry, record: record, values: fields, csrfToken: context.csrfToken)
        do {
            try await RecordRegistryStore(database: request.db).update(
                record.id, fields: fields, version: version, today: RegistryQueries.today(context.query), context: request.changeContext)
            return request.redirect(to: SiteURL.recordsItem(.value(record.id), DoneNotice("saved")).path, redirectType: .normal)
        } catch RecordRegistryError.problems(let problems) {
            model.problems = problems
            return formPage(request, model, status: .unprocessableEntity)
        } catch RecordRegistryError.duplicate(let found) {
            model.warning = try await duplicateText(found, registry: record.registry, context: context)
            return formPage(request, model, status: .conflict)
        } catch RecordRegistryError.conflict {
            model.warning = t(
                "Someone else changed this record since you opened it (by \(record.updatedBy)). Your changes are below and were not saved: "
                    + "compare with the saved record (open it again), then save again.",
                "Người khác đã sửa bản ghi này sau khi bạn mở (\(record.updatedBy)). Nội dung bạn nhập ở dưới, chưa được lưu: hãy mở "
                    + "lại bản ghi để đối chiếu rồi lưu lại.")
            model.record = record
            return formPage(request, model, status: .conflict)
        } catch RecordRegistryError.notFound {
            throw PageError.notFound(t("There is no such record.", "Không có bản ghi này."))
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let (record, commune) = try await RecordsQueries.record(context.query, id: request.uuid("registryRecordID"))
        let version = Int((try? request.content.decode([String: String].self))?["version"] ?? "") ?? -1
        do {
            try await RecordRegistryStore(database: request.db).delete(
                record.id, version: version, today: RegistryQueries.today(context.query), context: request.changeContext)
        } catch RecordRegistryError.conflict {
            var model = RecordsPages.FormModel(
                commune: commune, registry: record.registry, record: record, values: record.registry.written(record.fields),
                csrfToken: context.csrfToken)
            model.warning = t(
                "Someone else changed this record since you opened it: it was not deleted. Look at it again first.",
                "Người khác đã sửa bản ghi này sau khi bạn mở: chưa xóa. Hãy xem lại bản ghi trước.")
            return formPage(request, model, status: .conflict)
        } catch RecordRegistryError.notFound {
            throw PageError.notFound(t("There is no such record.", "Không có bản ghi này."))
        }
        return request.redirect(
            to: SiteURL.recordsList(.value(commune.unit.code), registry: .value(record.registry.rawValue), RecordsListQuery(done: "deleted"))
                .path, redirectType: .normal)
    }

    // MARK: Import

    func importPage(_ request: Request, _ model: RecordsPages.ImportModel, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(
            title: "\(model.registry.name(context.t.language)) · \(model.commune.unit.name)", plan: nil, status: status,
            RecordsPages.importPage(model, t: context.t))
    }

    func importForm(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RecordsQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let registry = try RecordsQueries.registry(context.query, request.parameters.get("registry"))
        return importPage(request, .init(commune: commune, registry: registry, csrfToken: context.csrfToken))
    }

    func importTemplate(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let commune = try await RecordsQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let registry = try RecordsQueries.registry(context.query, request.parameters.get("registry"))
        let sheet = Spreadsheet.Sheet(
            name: "Sổ theo dõi", header: registry.fields.map(RecordsImport.header), rows: [],
            widths: registry.fields.map { _ in 20 })
        return Download(.xlsx, name: "pcmt-mau-\(registry.rawValue)-\(commune.unit.code)", data: try XLSXWriter.data(Spreadsheet(sheets: [sheet])))
            .response
    }

    struct Upload: Content {
        var file: File?
    }

    /// Enters every row of the file at once (then to the list, saying how many), or lists every problem by row and
    /// column with nothing saved (422; 413 for a file past the size limit).
    func importFile(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let commune = try await RecordsQueries.currentCommune(context.query, code: request.parameters.get("communeCode"))
        let registry = try RecordsQueries.registry(context.query, request.parameters.get("registry"))
        let upload = (try? request.content.decode(Upload.self)) ?? Upload()
        var model = RecordsPages.ImportModel(commune: commune, registry: registry, csrfToken: context.csrfToken)
        let fileColumn = t("File", "Tệp")
        func column(_ key: String) -> String {
            registry.field(key).map(RecordsImport.header) ?? (key == "record" ? t("Record", "Bản ghi") : fileColumn)
        }
        func refused(_ problems: [RecordImportProblem], status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
            let labels = try await RegistryQueries.labels(context.query, codes: problems.flatMap { $0.duplicates.map(\.communeCode) })
            model.problems = problems.map { problem in
                var message = problem.message(t.language)
                if !problem.duplicates.isEmpty {
                    let places = problem.duplicates.map { labels[$0.communeCode] ?? $0.communeCode }.joined(separator: "; ")
                    message += " " + t("Held in: \(places). Nothing was merged.", "Đang có ở: \(places). Không gộp, không nhập trùng.")
                }
                return (problem.row, column(problem.field), message)
            }
            return importPage(request, model, status: status)
        }
        guard let file = upload.file, file.data.readableBytes > 0 || !file.filename.isEmpty else {
            return try await refused([RecordImportProblem(row: 0, field: "file", en: "Choose a file to import.", vi: "Hãy chọn tệp để nhập.")])
        }
        model.fileName = file.filename.isEmpty ? nil : file.filename
        let sheet: RegistryImport.Sheet
        switch RegistryImport.sheet(Data(buffer: file.data)) {
        case .success(let read): sheet = read
        case .failure(let error):
            return try await refused(
                [RecordImportProblem(row: error.row, field: "file", en: error.en, vi: error.vi)],
                status: error.limit?.isByteSize == true ? .payloadTooLarge : .unprocessableEntity)
        }
        let read = RecordsImport.read(sheet, registry: registry)
        let today = RegistryQueries.today(context.query)
        if !read.problems.isEmpty {
            // Cells that could not be read: the rest of each row is still checked, so that every problem shows at once.
            let unread = Set(read.problems.map { "\($0.row)|\($0.field)" })
            var problems = read.problems
            if !read.problems.contains(where: { $0.field == "file" }) {
                for row in read.rows {
                    problems += registry.read(row.fields, today: today).problems.filter { !unread.contains("\(row.row)|\($0.field)") }
                        .map { RecordImportProblem(row: row.row, field: $0.field, en: $0.messageEn, vi: $0.messageVi) }
                }
            }
            return try await refused(problems.sorted { $0.row < $1.row })
        }
        do {
            let count = try await RecordRegistryStore(database: request.db).importRecords(
                registry, rows: read.rows, placement: commune.placement, today: today, context: request.changeContext)
            return request.redirect(
                to: SiteURL.recordsList(
                    .value(commune.unit.code), registry: .value(registry.rawValue), RecordsListQuery(done: "imported", n: String(count))
                ).path, redirectType: .normal)
        } catch RecordRegistryError.rows(let problems) {
            return try await refused(problems)
        }
    }
}
