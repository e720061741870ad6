import Fluent

/// Every migration of the store, in the order they run. Never edit a shipped migration: add a new one.
public enum StoreMigrations {
    public static var all: [any Migration] {
        [
            CreateOrgUnits(),
            CreatePlans(),
            CreateTargetGroups(),
            CreateTargets(),
            CreateKeyTasks(),
            CreateSolutionGroups(),
            CreateAssignments(),
            CreateDuties(),
            CreateProjects(),
            CreateReportingDuties(),
            CreateOrganisationClauses(),
            CreateBuiltinLoads(),
            CreateUsers(),
            CreateSessions(),
            CreateSignInFailures(),
            CreateAPITokens(),
            CreateAuditEvents(),
            CreateDataElements(),
            // Before the migrations that read elements through their model (which selects the version).
            AddDataElementVersion(),
            CreateDataValues(),
            CreateDataValueHistory(),
            CreateAreaTotals(),
            CreateReportingRounds(),
            CreateSubmissions(),
            CreateSubmissionEvents(),
            AddUserEmail(),
            AddDutyKeyTask(),
            AddKeyTaskSolutionGroup(),
            CreateRoundReports(),
            AddAuditEventMAC(),
            AddAPITokenOwner(),
            AddAreaTotalsYearCount(),
            CreateOfficialTotals(),
            CreateReferenceVersion(),
            AddDataVersion(),
            CreateImportDrafts(),
            CreateNotices(),
            AddSubmissionEventReview(),
            CreateSubmissionAttachments(),
            CreateSubmissionHeadings(),
            KeyOrgUnitsByValidity(),
            AddPlanPredecessor(),
            CreatePlanVersions(),
            CreateSplitShares(),
        ]
    }
}
