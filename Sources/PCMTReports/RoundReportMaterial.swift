import PCMTDomain

/// Everything the province's report on a round is made of, gathered by the web layer from the store.
public struct RoundReportMaterial: Sendable {
    public struct ProjectLine: Sendable, Equatable {
        public var number: String
        public var title: String
        public var lead: String
        public var status: String
        public var progress: Double?
        public var allocated: Double?
        public var spent: Double?
        public init(number: String, title: String, lead: String, status: String, progress: Double?, allocated: Double?, spent: Double?) {
            self.number = number; self.title = title; self.lead = lead; self.status = status
            self.progress = progress; self.allocated = allocated; self.spent = spent
        }
    }

    public struct Reporting: Sendable, Equatable {
        public var expected: Int
        public var sent: Int
        public var onTime: Int
        public var approved: Int
        public init(expected: Int, sent: Int, onTime: Int, approved: Int) {
            self.expected = expected; self.sent = sent; self.onTime = onTime; self.approved = approved
        }
    }

    public var plan: Plan
    public var period: Period
    public var kind: RoundKind
    public var draft: RoundReportDraft
    public var trajectories: [TargetTrajectory]
    public var projects: [ProjectLine]
    public var reporting: Reporting
    /// The audit log's head at the report's date (``AuditHead``), printed as a small line at the end; nil for a log
    /// without events then.
    public var auditHead: AuditHead?
    /// The targets' figures against the comparable period (``ReportFigures``), for the change under each verdict.
    public var figures: [FigureStatement]

    public init(
        plan: Plan, period: Period, kind: RoundKind, draft: RoundReportDraft, trajectories: [TargetTrajectory],
        projects: [ProjectLine], reporting: Reporting, auditHead: AuditHead? = nil, figures: [FigureStatement] = []
    ) {
        self.plan = plan; self.period = period; self.kind = kind; self.draft = draft; self.trajectories = trajectories
        self.projects = projects; self.reporting = reporting; self.auditHead = auditHead; self.figures = figures
    }
}
