import PCMTDomain

extension SiteURL {
    /// Every address with `.key` parameters, as routes are registered. `SiteURLTests` checks that each one is a
    /// registered route and that every registered route is one of these.
    static let allKeys: [SiteURL] =
        [
            .home(), .plans, .plan(.key), .targets(.key), .tasks(.key), .solutions(.key), .assignments(.key),
            .assignment(.key, number: .key), .projects(.key), .orgUnits, .orgUnit(.key), .orgUnitSplitShares(.key), .search(),
            .currentPlan(.key), .language(.key),
            .healthz, .openAPI, .stylesheet, .copyScript,
            .signIn(), .signOut, .password(), .notices, .noticesRead, .adminUsers, .adminUser(.key), .adminUserResetPassword(.key), .adminTokens,
            .adminTokenRevoke(.key), .audit(), .auditCSV(),
            .board(.key), .boardTarget(.key, code: .key), .boardXLSX(.key), .boardCSV(.key),
            .dataIndex, .dataOpen(), .dataTemplateCSV(), .dataTemplateXLSX(), .dataImport, .dataForm(unit: .key, period: .key),
            .dataGrid(district: .key, period: .key), .dataGridTemplate(district: .key, period: .key),
            .newPlan, .editPlan(.key), .newRecord(.key, kind: .key), .record(.key, kind: .key, id: .key),
            .deleteRecord(.key, kind: .key, id: .key), .newDataElement(.key), .dataElement(.key, id: .key), .deleteDataElement(.key, id: .key),
            .planHistory(.key), .newPlanVersion(.key), .reissuePlanVersion(.key),
            .rounds(.key), .roundsProgress(.key), .round(.key), .roundCompleteness(.key), .roundCompiled(.key), .roundAnnex(.key), .roundReport(.key),
            .roundReportPrint(.key), .roundReportDOCX(.key), .roundReportPDF(.key), .roundAnnexPDF(.key), .roundTable(.key, table: .key),
            .submission(.key), .submissionDocument(.key), .submissionDOCX(.key), .submissionPDF(.key), .submissionAttachments(.key),
            .submissionAttachment(.key, attachment: .key),
            .registry, .registryCommune(.key), .registryNew(.key), .registryPerson(.key), .registryPersonOpen(.key),
            .registrySources(.key), .registryImport(.key), .registryImportTemplate(.key), .registryExport(.key),
            .records, .recordsCommune(.key), .recordsList(.key, registry: .key), .recordsNew(.key, registry: .key),
            .recordsImport(.key, registry: .key), .recordsImportTemplate(.key, registry: .key), .recordsItem(.key), .recordsItemDelete(.key),
        ] + [SubmissionAction.return, .approve, .reopen].map { .submissionAction(.key, $0) }
        + RegistryAction.allCases.map { .registryPersonAction(.key, $0) } + API.allKeys.map { .api($0) }
}

extension SiteURL.API {
    static let allKeys: [SiteURL.API] =
        [
            .plans, .plan(.key), .orgUnits, .orgUnit(.key), .dataElements, .dataValues, .dataValueSets, .board(.key), .rounds(.key),
            .planDataElements(.key), .planDataElement(.key, id: .key),
            .roundSubmissions(.key), .roundAnnex(.key), .roundReportDOCX(.key), .roundTable(.key, table: .key), .submissionDOCX(.key),
            .round(.key), .submission(.key), .submissionAttachments(.key), .submissionAttachment(.key, attachment: .key),
        ] + SubmissionAction.allCases.map { .submissionAction(.key, $0) }
}
