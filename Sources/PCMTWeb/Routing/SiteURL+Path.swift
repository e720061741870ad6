import Foundation
import PCMTDomain

/// One part of an address: a constant, or a named parameter with its value when a link is built.
enum PathSegment: Equatable {
    case constant(String)
    case parameter(String, value: String?)
}

extension Parameter {
    /// The segment `name`, with the value escaped for a path when there is one.
    func segment(_ name: String, _ text: (Value) -> String = { "\($0)" }) -> PathSegment {
        switch self {
        case .key: .parameter(name, value: nil)
        case .value(let value): .parameter(name, value: text(value).urlPathEscaped)
        }
    }
}

private func planPath(_ id: Parameter<UUID>) -> [PathSegment] { [.constant("plans"), id.segment("planID", \.slug)] }
private func roundPath(_ id: Parameter<UUID>) -> [PathSegment] { [.constant("rounds"), id.segment("roundID", \.slug)] }
private func submissionPath(_ id: Parameter<UUID>) -> [PathSegment] {
    [.constant("submissions"), id.segment("submissionID", \.slug)]
}

extension SiteURL {
    /// The parts of the path, in order.
    var segments: [PathSegment] {
        switch self {
        case .home: []
        case .plans: [.constant("plans")]
        case .plan(let id): planPath(id)
        case .targets(let id): planPath(id) + [.constant("targets")]
        case .tasks(let id): planPath(id) + [.constant("tasks")]
        case .solutions(let id): planPath(id) + [.constant("solutions")]
        case .assignments(let id): planPath(id) + [.constant("assignments")]
        case .assignment(let id, let number): planPath(id) + [.constant("assignments"), number.segment("number")]
        case .projects(let id): planPath(id) + [.constant("projects")]
        case .orgUnits: [.constant("orgunits")]
        case .orgUnit(let code): [.constant("orgunits"), code.segment("code")]
        case .orgUnitSplitShares(let code): [.constant("orgunits"), code.segment("code"), .constant("split-shares")]
        case .search: [.constant("search")]
        case .currentPlan(let section): [.constant("plan"), section.segment("section")]
        case .language(let language, _): [.constant("lang"), language.segment("language")]
        case .healthz: [.constant("healthz")]
        case .openAPI: [.constant("openapi.json")]
        case .stylesheet: [.constant("static"), .constant("style.css")]
        case .copyScript: [.constant("static"), .constant("copy.js")]
        case .signIn: [.constant("signin")]
        case .signOut: [.constant("signout")]
        case .password: [.constant("account"), .constant("password")]
        case .notices: [.constant("account"), .constant("notices")]
        case .noticesRead: [.constant("account"), .constant("notices"), .constant("read")]
        case .adminUsers: [.constant("admin"), .constant("users")]
        case .adminUser(let id): [.constant("admin"), .constant("users"), id.segment("userID", \.slug)]
        case .adminUserResetPassword(let id):
            [.constant("admin"), .constant("users"), id.segment("userID", \.slug), .constant("reset-password")]
        case .adminTokens: [.constant("admin"), .constant("tokens")]
        case .adminTokenRevoke(let id): [.constant("admin"), .constant("tokens"), id.segment("tokenID", \.slug), .constant("revoke")]
        case .audit: [.constant("audit")]
        case .auditCSV: [.constant("audit.csv")]
        case .board(let id, _): planPath(id) + [.constant("board")]
        case .boardTarget(let id, let code, _): planPath(id) + [.constant("board"), code.segment("code")]
        case .boardXLSX(let id, _): planPath(id) + [.constant("board.xlsx")]
        case .boardCSV(let id, _): planPath(id) + [.constant("board.csv")]
        case .dataIndex: [.constant("data")]
        case .dataOpen: [.constant("data"), .constant("open")]
        case .dataTemplateCSV: [.constant("data"), .constant("template.csv")]
        case .dataTemplateXLSX: [.constant("data"), .constant("template.xlsx")]
        case .dataImport: [.constant("data"), .constant("import")]
        case .dataForm(let unit, let period, _): [.constant("data"), unit.segment("unitCode"), period.segment("period")]
        case .dataGrid(let district, let period):
            [.constant("data"), .constant("communes"), district.segment("districtCode"), period.segment("period")]
        case .dataGridTemplate(let district, let period):
            [.constant("data"), .constant("communes"), district.segment("districtCode"), period.segment("period"), .constant("template.xlsx")]
        case .newPlan: [.constant("plans"), .constant("new")]
        case .editPlan(let id, _): planPath(id) + [.constant("edit")]
        case .newRecord(let id, let kind, _): planPath(id) + [.constant("edit"), kind.segment("kind"), .constant("new")]
        case .record(let id, let kind, let record, _):
            planPath(id) + [.constant("edit"), kind.segment("kind"), record.segment("recordID", \.slug)]
        case .deleteRecord(let id, let kind, let record):
            planPath(id) + [.constant("edit"), kind.segment("kind"), record.segment("recordID", \.slug), .constant("delete")]
        case .newDataElement(let id): planPath(id) + [.constant("data-elements"), .constant("new")]
        case .newPlanVersion(let id): planPath(id) + [.constant("history"), .constant("new")]
        case .reissuePlanVersion(let id): planPath(id) + [.constant("history"), .constant("issued")]
        case .planHistory(let id, _): planPath(id) + [.constant("history")]
        case .dataElement(let id, let element, _): planPath(id) + [.constant("data-elements"), element.segment("elementID", \.slug)]
        case .deleteDataElement(let id, let element):
            planPath(id) + [.constant("data-elements"), element.segment("elementID", \.slug), .constant("delete")]
        case .rounds(let id): planPath(id) + [.constant("rounds")]
        case .roundsProgress(let id, _): planPath(id) + [.constant("rounds"), .constant("progress")]
        case .round(let id): roundPath(id)
        case .roundCompleteness(let id): roundPath(id) + [.constant("completeness.csv")]
        case .roundCompiled(let id): roundPath(id) + [.constant("compiled")]
        case .roundAnnex(let id): roundPath(id) + [.constant("annex.xlsx")]
        case .roundReport(let id, _): roundPath(id) + [.constant("report")]
        case .roundReportPrint(let id): roundPath(id) + [.constant("report"), .constant("print")]
        case .roundReportDOCX(let id): roundPath(id) + [.constant("report.docx")]
        case .roundReportPDF(let id): roundPath(id) + [.constant("report.pdf")]
        case .roundAnnexPDF(let id): roundPath(id) + [.constant("annex.pdf")]
        case .roundTable(let id, let table): roundPath(id) + [.constant("tables"), table.segment("table")]
        case .submission(let id, _): submissionPath(id)
        case .submissionAction(let id, let action): submissionPath(id) + [.constant(action.rawValue)]
        case .submissionDocument(let id, _): submissionPath(id) + [.constant("document")]
        case .submissionDOCX(let id, _): submissionPath(id) + [.constant("report.docx")]
        case .submissionPDF(let id, _): submissionPath(id) + [.constant("report.pdf")]
        case .submissionAttachments(let id): submissionPath(id) + [.constant("attachments")]
        case .submissionAttachment(let id, let attachment):
            submissionPath(id) + [.constant("attachments"), attachment.segment("attachmentID", \.slug)]
        case .registry: [.constant("registry")]
        case .registryCommune(let code, _): [.constant("registry"), .constant("communes"), code.segment("communeCode")]
        case .registryNew(let code): [.constant("registry"), .constant("communes"), code.segment("communeCode"), .constant("new")]
        case .registryPerson(let id, _): [.constant("registry"), .constant("people"), id.segment("personID", \.slug)]
        case .registryPersonOpen(let id): [.constant("registry"), .constant("people"), id.segment("personID", \.slug), .constant("open")]
        case .registrySources(let code, _): [.constant("registry"), .constant("communes"), code.segment("communeCode"), .constant("sources")]
        case .registryImport(let code): [.constant("registry"), .constant("communes"), code.segment("communeCode"), .constant("import")]
        case .registryImportTemplate(let code):
            [.constant("registry"), .constant("communes"), code.segment("communeCode"), .constant("import"), .constant("template.xlsx")]
        case .registryExport(let code): [.constant("registry"), .constant("communes"), code.segment("communeCode"), .constant("export.xlsx")]
        case .registryPersonAction(let id, let action):
            [.constant("registry"), .constant("people"), id.segment("personID", \.slug), .constant(action.rawValue)]
        case .records: [.constant("records")]
        case .recordsCommune(let code): [.constant("records"), .constant("communes"), code.segment("communeCode")]
        case .recordsList(let code, let registry, _):
            [.constant("records"), .constant("communes"), code.segment("communeCode"), registry.segment("registry")]
        case .recordsNew(let code, let registry):
            [.constant("records"), .constant("communes"), code.segment("communeCode"), registry.segment("registry"), .constant("new")]
        case .recordsImport(let code, let registry):
            [.constant("records"), .constant("communes"), code.segment("communeCode"), registry.segment("registry"), .constant("import")]
        case .recordsImportTemplate(let code, let registry):
            [
                .constant("records"), .constant("communes"), code.segment("communeCode"), registry.segment("registry"), .constant("import"),
                .constant("template.xlsx"),
            ]
        case .recordsItem(let id, _): [.constant("records"), .constant("items"), id.segment("registryRecordID", \.slug)]
        case .recordsItemDelete(let id): [.constant("records"), .constant("items"), id.segment("registryRecordID", \.slug), .constant("delete")]
        case .api(let api): [.constant("api"), .constant("v1")] + api.segments
        }
    }

    /// The typed query of the address, if it has one.
    var query: (any QueryValues)? {
        switch self {
        case .home(let q): q
        case .search(let q): q
        case .language(_, let q): q
        case .signIn(let q): q
        case .password(let q): q
        case .audit(let q), .auditCSV(let q): q
        case .board(_, let q), .boardXLSX(_, let q), .boardCSV(_, let q): q
        case .boardTarget(_, _, let q): q
        case .dataOpen(let q), .dataTemplateCSV(let q), .dataTemplateXLSX(let q): q
        case .dataForm(_, _, let q): q
        case .editPlan(_, let q), .record(_, _, _, let q): q
        case .newRecord(_, _, let q): q
        case .dataElement(_, _, let q): q
        case .roundReport(_, let q), .submission(_, let q), .planHistory(_, let q): q
        case .roundsProgress(_, let q): q
        case .registryCommune(_, let q): q
        case .registryPerson(_, let q): q
        case .registrySources(_, let q): q
        case .recordsList(_, _, let q): q
        case .recordsItem(_, let q): q
        case .submissionDocument(_, let q), .submissionDOCX(_, let q), .submissionPDF(_, let q): q
        default: nil
        }
    }

    /// The address to put in a link, a form's action or a redirect: the path with its values and the query.
    /// Built only from `.value` parameters; a `.key` left in is a programming error and shows as `:name`.
    var path: String {
        let path =
            "/"
            + segments.map { segment in
                switch segment {
                case .constant(let text): text
                case .parameter(let name, let value): value ?? ":\(name)"
                }
            }.joined(separator: "/")
        let items = query?.queryItems.compactMap { key, value in value.map { "\(key)=\($0.urlQueryEscaped)" } } ?? []
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// The route pattern, as the router and the access matrix write it: "/plans/:planID/board".
    var pattern: String {
        "/"
            + segments.map { segment in
                switch segment {
                case .constant(let text): text
                case .parameter(let name, _): ":\(name)"
                }
            }.joined(separator: "/")
    }
}

extension SiteURL.API {
    var segments: [PathSegment] {
        switch self {
        case .plans: [.constant("plans")]
        case .plan(let id): planPath(id)
        case .orgUnits: [.constant("orgunits")]
        case .orgUnit(let code): [.constant("orgunits"), code.segment("code")]
        case .dataElements: [.constant("dataelements")]
        case .planDataElements(let id): planPath(id) + [.constant("dataelements")]
        case .planDataElement(let id, let element): planPath(id) + [.constant("dataelements"), element.segment("elementID", \.slug)]
        case .dataValues: [.constant("datavalues")]
        case .dataValueSets: [.constant("dataValueSets")]
        case .board(let id): planPath(id) + [.constant("board")]
        case .rounds(let id): planPath(id) + [.constant("rounds")]
        case .round(let id): roundPath(id)
        case .roundSubmissions(let id): roundPath(id) + [.constant("submissions")]
        case .roundAnnex(let id): roundPath(id) + [.constant("annex.xlsx")]
        case .roundReportDOCX(let id): roundPath(id) + [.constant("report.docx")]
        case .roundTable(let id, let table): roundPath(id) + [.constant("tables"), table.segment("table")]
        case .submission(let id): submissionPath(id)
        case .submissionDOCX(let id): submissionPath(id) + [.constant("report.docx")]
        case .submissionAction(let id, let action): submissionPath(id) + [.constant(action.rawValue)]
        case .submissionAttachments(let id): submissionPath(id) + [.constant("attachments")]
        case .submissionAttachment(let id, let attachment):
            submissionPath(id) + [.constant("attachments"), attachment.segment("attachmentID", \.slug)]
        }
    }
}

extension UUID {
    var slug: String { uuidString.lowercased() }
}

/// The characters a query value or a path segment keeps as they are; made once (a `CharacterSet` is costly to build,
/// and a page writes hundreds of addresses).
private enum URLEscaping {
    static let query: CharacterSet = {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return allowed
    }()
    static let path = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))

    /// Letters, digits and "-._~" (RFC 3986 "unreserved"), which both sets keep: such text needs no escaping.
    static func isUnreserved(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
                || byte == 0x2E || byte == 0x5F || byte == 0x7E
        }
    }
}

extension String {
    var urlQueryEscaped: String {
        URLEscaping.isUnreserved(self) ? self : addingPercentEncoding(withAllowedCharacters: URLEscaping.query) ?? self
    }

    var urlPathEscaped: String {
        URLEscaping.isUnreserved(self) ? self : addingPercentEncoding(withAllowedCharacters: URLEscaping.path) ?? self
    }
}
