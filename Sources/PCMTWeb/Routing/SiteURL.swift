import Foundation
import PCMTDomain

/// A path parameter: `.key` when a route is registered (the pattern `:name`), `.value` when a link is built.
enum Parameter<Value: Sendable & Equatable>: Sendable, Equatable {
    case key
    case value(Value)
}

/// The changes of a person's record posted from its page (the accepting one from the receiving commune's list).
enum RegistryAction: String, Sendable, Equatable, CaseIterable {
    case service = "services"
    case transfer
    case accept
    case close
    /// Begin a management period.
    case period = "periods"
    /// End a management period early.
    case endPeriod = "period-end"
}

/// Every address of the site, in one place: routes are registered from these cases (with `.key` parameters) and
/// every link, form action and redirect is built from them (with values). Filters are typed: the struct that a
/// link puts in its query is the struct the handler decodes (see `SiteURL+Queries.swift`).
enum SiteURL: Sendable, Equatable {
    // The plan, public
    case home(HomeNotice = .init())
    case plans
    case plan(Parameter<UUID>)
    case targets(Parameter<UUID>)
    case tasks(Parameter<UUID>)
    case solutions(Parameter<UUID>)
    case assignments(Parameter<UUID>)
    case assignment(Parameter<UUID>, number: Parameter<Int>)
    case projects(Parameter<UUID>)
    /// The plan's versions and what each amendment changed ("Lịch sử sửa đổi").
    case planHistory(Parameter<UUID>, DoneNotice = .init())
    case orgUnits
    case orgUnit(Parameter<String>)
    /// Setting the shares by which an old unit split between new units counts in their re-based figures (the form is
    /// on the unit's page).
    case orgUnitSplitShares(Parameter<String>)
    case search(SearchQuery = .init())
    /// A part of the current plan (the one the home page shows): board, targets, tasks, solutions, assignments,
    /// projects, rounds or edit; a redirect, so that the menu is the same on pages that belong to no plan.
    case currentPlan(Parameter<String>)
    case language(Parameter<String>, LanguageSwitch = .init())
    // Service
    case healthz
    case openAPI
    case stylesheet
    case copyScript
    // Accounts
    case signIn(SignInQuery = .init())
    case signOut
    case password(PasswordNotice = .init())
    /// The account's notices, and where they are sent.
    case notices
    /// Marks notices read.
    case noticesRead
    case adminUsers
    case adminUser(Parameter<UUID>)
    case adminUserResetPassword(Parameter<UUID>)
    case adminTokens
    case adminTokenRevoke(Parameter<UUID>)
    case audit(AuditQuery = .init())
    case auditCSV(AuditQuery = .init())
    // The board
    case board(Parameter<UUID>, BoardFilter = .init())
    case boardTarget(Parameter<UUID>, code: Parameter<String>, TargetFilter = .init())
    case boardXLSX(Parameter<UUID>, BoardFilter = .init())
    case boardCSV(Parameter<UUID>, BoardFilter = .init())
    // Data entry
    case dataIndex
    case dataOpen(DataChoice = .init())
    case dataTemplateCSV(DataChoice = .init())
    case dataTemplateXLSX(DataChoice = .init())
    case dataImport
    case dataForm(unit: Parameter<String>, period: Parameter<String>, PlanChoice = .init())
    /// A district's communes (and the district) for one period in one grid.
    case dataGrid(district: Parameter<String>, period: Parameter<String>)
    /// The same grid as a workbook to fill in and import back: a row per unit, a column per figure.
    case dataGridTemplate(district: Parameter<String>, period: Parameter<String>)
    // Plan editing
    case newPlan
    case editPlan(Parameter<UUID>, EditNotice = .init())
    case newRecord(Parameter<UUID>, kind: Parameter<String>, NewRecordQuery = .init())
    case record(Parameter<UUID>, kind: Parameter<String>, id: Parameter<UUID>, EditNotice = .init())
    case deleteRecord(Parameter<UUID>, kind: Parameter<String>, id: Parameter<UUID>)
    /// A new data element of the plan, and one element (its form), and removing it.
    case newDataElement(Parameter<UUID>)
    case dataElement(Parameter<UUID>, id: Parameter<UUID>, EditNotice = .init())
    case deleteDataElement(Parameter<UUID>, id: Parameter<UUID>)
    /// Recording an amendment of the plan (a new version from the plan as the editor holds it, with its document).
    case newPlanVersion(Parameter<UUID>)
    /// Recording the plan as it stands as version 1, the plan as issued, while no amendment is recorded.
    case reissuePlanVersion(Parameter<UUID>)
    // Rounds and reports
    case rounds(Parameter<UUID>)
    /// Every unit's report in every round of a plan, in one grid.
    case roundsProgress(Parameter<UUID>, ProgressQuery = .init())
    case round(Parameter<UUID>)
    case roundCompleteness(Parameter<UUID>)
    case roundCompiled(Parameter<UUID>)
    case roundAnnex(Parameter<UUID>)
    case roundReport(Parameter<UUID>, DoneNotice = .init())
    case roundReportPrint(Parameter<UUID>)
    case roundReportDOCX(Parameter<UUID>)
    /// The province's report as PDF, made from the Word file by LibreOffice.
    case roundReportPDF(Parameter<UUID>)
    /// The annex workbook as PDF, as it prints.
    case roundAnnexPDF(Parameter<UUID>)
    case roundTable(Parameter<UUID>, table: Parameter<String>)
    case submission(Parameter<UUID>, DoneNotice = .init())
    case submissionAction(Parameter<UUID>, SubmissionAction)
    case submissionDocument(Parameter<UUID>, DocumentHeadingQuery = .init())
    case submissionDOCX(Parameter<UUID>, DocumentHeadingQuery = .init())
    /// A unit's report as PDF, made from its Word file by LibreOffice.
    case submissionPDF(Parameter<UUID>, DocumentHeadingQuery = .init())
    /// Attaching a file (the signed scan, the Word file sent) to a unit's report.
    case submissionAttachments(Parameter<UUID>)
    /// One file attached to a unit's report, downloaded.
    case submissionAttachment(Parameter<UUID>, attachment: Parameter<UUID>)
    // The registry of people under management (issue 17)
    /// The registries within reach: a commune officer's own, the communes of a district or a province with their counts.
    case registry
    /// A commune's registry: its people, masked, searched and filtered.
    case registryCommune(Parameter<String>, RegistryListQuery = .init())
    /// Entering a person in a commune's registry.
    case registryNew(Parameter<String>)
    /// A person's record: the purpose asked first, then the record, its history and its forms.
    case registryPerson(Parameter<UUID>, DoneNotice = .init())
    /// Giving the purpose for which a record is opened.
    case registryPersonOpen(Parameter<UUID>)
    /// A change of a record: a service, a move asked or accepted, the closing.
    case registryPersonAction(Parameter<UUID>, RegistryAction)
    /// A commune's registry elements: typed or derived (the standing office chooses) and the registry's counts beside
    /// what is saved, for a period.
    case registrySources(Parameter<String>, SourcesQuery = .init())
    /// Importing a commune's existing list from a file (.xlsx or .csv): the page and its form, and the upload.
    case registryImport(Parameter<String>)
    /// The workbook of the import's columns, without any personal data.
    case registryImportTemplate(Parameter<String>)
    /// The standing office's full export of a commune's registry, a marked workbook, for a purpose given (audited).
    case registryExport(Parameter<String>)
    // The registries of records (issue 17): cases, leads, hotspots, the communes' situation, cultivation, propaganda
    /// The communes whose registers of records the principal keeps, with their counts.
    case records
    /// A commune's registers of records.
    case recordsCommune(Parameter<String>)
    /// One register of a commune: its records, by year.
    case recordsList(Parameter<String>, registry: Parameter<String>, RecordsListQuery = .init())
    /// Entering a record.
    case recordsNew(Parameter<String>, registry: Parameter<String>)
    /// Importing a commune's existing records of one register from Excel or CSV.
    case recordsImport(Parameter<String>, registry: Parameter<String>)
    /// The empty workbook to fill for the import.
    case recordsImportTemplate(Parameter<String>, registry: Parameter<String>)
    /// A record: its form, and its change.
    case recordsItem(Parameter<UUID>, DoneNotice = .init())
    /// Deleting a record entered by mistake.
    case recordsItemDelete(Parameter<UUID>)
    // The JSON API
    case api(API)

    /// Where the JSON API's addresses begin.
    static let apiPrefix = "/api/"

    /// The JSON API under `/api/v1`.
    enum API: Sendable, Equatable {
        case plans
        case plan(Parameter<UUID>)
        case orgUnits
        case orgUnit(Parameter<String>)
        case dataElements
        /// A plan's data elements: listed (GET) and added (POST).
        case planDataElements(Parameter<UUID>)
        /// One data element of a plan: read (GET) and changed (PUT).
        case planDataElement(Parameter<UUID>, id: Parameter<UUID>)
        case dataValues
        case dataValueSets
        case board(Parameter<UUID>)
        case rounds(Parameter<UUID>)
        case round(Parameter<UUID>)
        case roundSubmissions(Parameter<UUID>)
        case roundAnnex(Parameter<UUID>)
        case roundReportDOCX(Parameter<UUID>)
        case roundTable(Parameter<UUID>, table: Parameter<String>)
        case submission(Parameter<UUID>)
        case submissionDOCX(Parameter<UUID>)
        case submissionAction(Parameter<UUID>, SubmissionAction)
        /// A report's attachments: listed (GET) and added (POST, multipart).
        case submissionAttachments(Parameter<UUID>)
        case submissionAttachment(Parameter<UUID>, attachment: Parameter<UUID>)
    }
}
