import Foundation

/// What a reporting round covers, from its period and the plan's years.
public enum RoundKind: String, Codable, Sendable, CaseIterable {
    case halfYear, year, midTermReview, finalReview

    public static func of(_ period: Period, planEndYear: Int) -> RoundKind {
        switch period {
        case .halfYear: .halfYear
        case .year: .year
        case .span(_, let to): to >= planEndYear ? .finalReview : .midTermReview
        }
    }

    /// "Báo cáo 6 tháng đầu năm 2024", "Báo cáo năm 2023", "Sơ kết 2021–2023".
    public func title(_ period: Period, _ language: Language) -> String {
        switch (self, language) {
        case (.halfYear, .vi): "Báo cáo \(period.phrase(.vi))"
        case (.halfYear, .en): "Report for \(period.phrase(.en))"
        case (.year, _): "\(name(language)) \(period.firstYear)"
        case (.midTermReview, _), (.finalReview, _): "\(name(language)) \(period.phrase(language))"
        }
    }

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.halfYear, .vi): "Báo cáo 6 tháng"
        case (.halfYear, .en): "6-monthly report"
        case (.year, .vi): "Báo cáo năm"
        case (.year, .en): "Yearly report"
        case (.midTermReview, .vi): "Sơ kết giữa kỳ"
        case (.midTermReview, .en): "Mid-term review"
        case (.finalReview, .vi): "Tổng kết"
        case (.finalReview, .en): "Final review"
        }
    }
}

/// The statistical cut-off and due date of a round. Nghị định 09/2019/NĐ-CP: a half-year report counts from
/// 15/12 of the previous year to 14/6, a year report from 15/12 of the previous year to 14/12. pcmt proposes the
/// report due six days after the cut-off; the standing office may change all three.
public struct RoundSchedule: Sendable, Equatable {
    public var cutoffStart: String
    public var cutoffEnd: String
    public var dueDate: String

    public init(cutoffStart: String, cutoffEnd: String, dueDate: String) {
        self.cutoffStart = cutoffStart; self.cutoffEnd = cutoffEnd; self.dueDate = dueDate
    }

    public static func defaults(for period: Period) -> RoundSchedule {
        func day(_ year: Int, _ month: Int, _ day: Int) -> String { String(format: "%04d-%02d-%02d", year, month, day) }
        switch period {
        case .halfYear(let year, 1): return RoundSchedule(cutoffStart: day(year - 1, 12, 15), cutoffEnd: day(year, 6, 14), dueDate: day(year, 6, 20))
        case .halfYear(let year, _): return RoundSchedule(cutoffStart: day(year, 6, 15), cutoffEnd: day(year, 12, 14), dueDate: day(year, 12, 20))
        case .year(let year): return RoundSchedule(cutoffStart: day(year - 1, 12, 15), cutoffEnd: day(year, 12, 14), dueDate: day(year, 12, 20))
        case .span(let from, let to): return RoundSchedule(cutoffStart: day(from - 1, 12, 15), cutoffEnd: day(to, 12, 14), dueDate: day(to, 12, 20))
        }
    }
}

/// Where a unit's report is: draft → submitted → approved (locked), or returned with comments → edited again.
public enum SubmissionState: String, Codable, Sendable, CaseIterable {
    case draft, submitted, returned, approved

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.draft, .vi): "Đang soạn"
        case (.draft, .en): "Draft"
        case (.submitted, .vi): "Đã gửi"
        case (.submitted, .en): "Submitted"
        case (.returned, .vi): "Trả lại"
        case (.returned, .en): "Returned"
        case (.approved, .vi): "Đã duyệt"
        case (.approved, .en): "Approved"
        }
    }

    /// The unit may still change its report.
    public var isEditable: Bool { self == .draft || self == .returned }
}

public enum SubmissionAction: String, Codable, Sendable, CaseIterable {
    /// The unit sends its report.
    case submit
    /// The standing office sends it back with comments.
    case `return`
    /// The standing office accepts it; its data becomes official.
    case approve
    /// The standing office opens an approved report again, with a reason.
    case reopen

    /// Only the standing office reviews.
    public var byStandingOffice: Bool { self != .submit }

    /// Returning and reopening must say why.
    public var needsComment: Bool { self == .return || self == .reopen }

    /// The state after this action, or nil when the action is not possible from `state`.
    public func next(from state: SubmissionState) -> SubmissionState? {
        switch (self, state) {
        case (.submit, .draft), (.submit, .returned): .submitted
        case (.return, .submitted): .returned
        case (.approve, .submitted): .approved
        case (.reopen, .approved): .returned
        default: nil
        }
    }
}

extension SubmissionContent {
    /// A duty as officials cite it, from its assignment's number and its label: "nhiệm vụ 1, điểm a" for a lettered
    /// point, "nhiệm vụ 21, ý 2" for the second dash item ("-2"), "nhiệm vụ 5" without a label; in English "duty 1 (a)",
    /// "duty 21, item 2". The one naming for the report's list of what is missing, its review and the audit log.
    public static func dutyName(assignment number: Int, label: String, _ language: Language) -> String {
        if label.isEmpty { return language == .vi ? "nhiệm vụ \(number)" : "duty \(number)" }
        if label.hasPrefix("-") {
            let item = label.dropFirst()
            return language == .vi ? "nhiệm vụ \(number), ý \(item)" : "duty \(number), item \(item)"
        }
        return language == .vi ? "nhiệm vụ \(number), điểm \(label)" : "duty \(number) (\(label))"
    }

    /// The name of a duty key "assignment/label" ("21/-2" → "nhiệm vụ 21, ý 2"); the key itself when it is not one.
    public static func dutyName(key: String, _ language: Language) -> String {
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[0]) else { return key }
        return dutyName(assignment: number, label: String(parts[1]), language)
    }
}

/// What a unit writes in its report: per duty of the plan's section IV, and per project it leads.
public struct SubmissionContent: Codable, Sendable, Equatable {
    public struct Narrative: Codable, Sendable, Equatable {
        public var results: String
        public var shortcomings: String
        public var proposals: String

        public init(results: String = "", shortcomings: String = "", proposals: String = "") {
            self.results = results; self.shortcomings = shortcomings; self.proposals = proposals
        }
    }

    public struct ProjectProgress: Codable, Sendable, Equatable {
        public var status: String
        public var progress: Double?
        public var allocated: Double?
        public var spent: Double?
        public var note: String

        public init(status: String = "", progress: Double? = nil, allocated: Double? = nil, spent: Double? = nil, note: String = "") {
            self.status = status; self.progress = progress; self.allocated = allocated; self.spent = spent; self.note = note
        }
    }

    /// By duty key "assignment/label", e.g. "1/a" or "21/-2".
    public var narratives: [String: Narrative]
    /// By project code.
    public var projects: [String: ProjectProgress]

    public init(narratives: [String: Narrative] = [:], projects: [String: ProjectProgress] = [:]) {
        self.narratives = narratives; self.projects = projects
    }

    public static func dutyKey(assignment: Int, label: String) -> String { "\(assignment)/\(label)" }
}

/// What a unit owes in a round: the duties of its assignments and the projects it leads.
public struct SubmissionDemands: Sendable {
    public struct DutyDemand: Sendable {
        public var key: String
        public var assignment: Assignment
        public var duty: Duty

        /// The duty as officials cite it: "nhiệm vụ 1, điểm a" for a lettered point, "nhiệm vụ 21, ý 2" for the second
        /// dash item, "nhiệm vụ 5" for an assignment of one duty; in English "duty 1 (a)", "duty 21, item 2".
        public func name(_ language: Language) -> String {
            SubmissionContent.dutyName(assignment: assignment.number, label: duty.label, language)
        }
    }

    public var duties: [DutyDemand]
    public var projects: [Project]

    public init(plan: Plan, unitCode: String) {
        self.init(plan: plan, reportingFor: [unitCode])
    }

    /// The duties of every assignment that names one of `codes`, and the projects one of them leads: what a unit
    /// reports in a round where it stands for those units (``RoundOpening/reportsFor(_:plan:schedule:timeline:)``:
    /// a commune formed on 01/07/2025 reports its old district's duties).
    public init(plan: Plan, reportingFor codes: [String]) {
        duties = plan.assignments.filter { $0.units.contains(where: codes.contains) }.flatMap { assignment in
            assignment.duties.map {
                DutyDemand(
                    key: SubmissionContent.dutyKey(assignment: assignment.number, label: $0.label),
                    assignment: assignment, duty: $0)
            }
        }
        projects = plan.projects.filter { $0.leadUnit.map(codes.contains) ?? false }
    }

    /// What is still missing before the report can be sent, in plain words; `missingData` are the names of data
    /// elements without a value for the period.
    public func missing(_ content: SubmissionContent, missingData: [String], language: Language) -> [String] {
        var result: [String] = []
        for demand in duties where (content.narratives[demand.key]?.results ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let text = demand.duty.text.count > 80 ? demand.duty.text.prefix(80) + "…" : demand.duty.text
            result.append(
                language == .vi
                    ? "Kết quả thực hiện \(demand.name(.vi)): \(text)"
                    : "Results of \(demand.name(.en)): \(text)")
        }
        for project in projects {
            let progress = content.projects[project.code]
            if (progress?.status ?? "").trimmingCharacters(in: .whitespaces).isEmpty || progress?.progress == nil {
                result.append(
                    language == .vi
                        ? "Tình hình và tiến độ (%) của \(project.number) “\(project.title)”"
                        : "Status and progress (%) of \(project.number) “\(project.title)”")
            }
        }
        for name in missingData {
            result.append(language == .vi ? "Số liệu: \(name)" : "Data: \(name)")
        }
        return result
    }
}

/// On time means sent for the first time by the end of the due date, in the province's time (UTC+7).
public enum Timeliness {
    public static func isOnTime(firstSubmittedAt: Date, dueDate: String) -> Bool {
        let parts = dueDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return true }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return true }
        return firstSubmittedAt < start.addingTimeInterval(24 * 3600)
    }

    /// Overdue: the report is with its unit — never sent, or returned (trả lại) or reopened and not sent again
    /// (``SubmissionState/isEditable``) — and the due date ("yyyy-mm-dd") is before `today` ("yyyy-mm-dd", the
    /// province's day): a report due on the 20th is overdue from the 21st. A report sent late and waiting for review
    /// or approved is late, not overdue.
    public static func isOverdue(state: SubmissionState, dueDate: String, today: String) -> Bool {
        state.isEditable && today > dueDate
    }
}
