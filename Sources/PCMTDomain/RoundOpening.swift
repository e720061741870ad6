import Foundation

/// Opening a reporting round (section V of the plan): the checks on what the standing office typed, and which
/// units are then expected to report.
public enum RoundOpening {
    /// A round that may be opened: its period, its kind (from the period and the plan's last year) and its dates.
    public struct Opening: Sendable, Equatable {
        public var period: Period
        public var kind: RoundKind
        /// Every date "yyyy-mm-dd"; a date not given is the period's default (`RoundSchedule.defaults(for:)`).
        public var schedule: RoundSchedule

        public init(period: Period, kind: RoundKind, schedule: RoundSchedule) {
            self.period = period; self.kind = kind; self.schedule = schedule
        }
    }

    /// Why a round cannot be opened, field by field ("period", "due", "cutoffStart", "cutoffEnd"), in the order
    /// the form shows them.
    public struct Refusal: Error, Sendable, Equatable {
        public var problems: [FieldProblem]
        public init(problems: [FieldProblem]) { self.problems = problems }
    }

    /// Checks a request to open a round of a plan running from `startYear` to `endYear`.
    ///
    /// - `period`: "2023" (a year), "2023S1"/"2023S2" (a half-year) or "2021-2023" (a review span), within the
    ///   plan's years; otherwise the problem "period".
    /// - `due`, `cutoffStart`, `cutoffEnd`: dates "yyyy-mm-dd" read only by the strict `OfficialDate(iso:)` (four,
    ///   two and two digits, a day that exists: "2023-02-30", "2023-2-3" and "2023-02-03x" are refused), each empty or
    ///   nil for the period's default; a date refused is the problem of its field.
    /// - When everything else is right, the cut-off may not end before it starts (problem "cutoffEnd").
    ///
    /// Texts are trimmed of surrounding spaces first. The messages are in English and Vietnamese.
    public static func check(
        startYear: Int, endYear: Int, period periodText: String, due: String?, cutoffStart: String?,
        cutoffEnd: String?
    ) -> Result<Opening, Refusal> {
        var problems: [FieldProblem] = []
        let period = Period(periodText.trimmingCharacters(in: .whitespaces))
        if period == nil || period!.firstYear < startYear || period!.lastYear > endYear {
            problems.append(
                FieldProblem(field: "period", en: "A period within the plan's years.", vi: "Kỳ báo cáo phải trong giai đoạn của kế hoạch."))
        }
        var schedule = period.map(RoundSchedule.defaults) ?? RoundSchedule(cutoffStart: "", cutoffEnd: "", dueDate: "")
        let dates: [(String, String?, WritableKeyPath<RoundSchedule, String>)] = [
            ("due", due, \.dueDate), ("cutoffStart", cutoffStart, \.cutoffStart), ("cutoffEnd", cutoffEnd, \.cutoffEnd),
        ]
        for (field, text, keyPath) in dates {
            let text = (text ?? "").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            if let date = OfficialDate(iso: text) {
                schedule[keyPath: keyPath] = date.iso
            } else {
                problems.append(FieldProblem(field: field, en: "A date as yyyy-mm-dd.", vi: "Ngày theo dạng yyyy-mm-dd."))
            }
        }
        if problems.isEmpty, schedule.cutoffEnd < schedule.cutoffStart {
            problems.append(FieldProblem(field: "cutoffEnd", en: "The cut-off ends before it starts.", vi: "Ngày chốt kết thúc trước ngày bắt đầu."))
        }
        guard problems.isEmpty, let period else { return .failure(Refusal(problems: problems)) }
        return .success(Opening(period: period, kind: RoundKind.of(period, planEndYear: endYear), schedule: schedule))
    }

    /// The same checks for `plan` (its start and end years).
    public static func check(plan: Plan, period: String, due: String?, cutoffStart: String?, cutoffEnd: String?) -> Result<Opening, Refusal> {
        check(startYear: plan.startYear, endYear: plan.endYear, period: period, due: due, cutoffStart: cutoffStart, cutoffEnd: cutoffEnd)
    }

    /// Codes of the units the plan expects to report in a round, in order of first mention in its assignments
    /// (section IV), each once: those that are known in `units` and had not ceased to exist before the round's
    /// cut-off starts (`validTo` is nil, or on or after `schedule.cutoffStart`; both "yyyy-mm-dd").
    public static func expectedUnits(plan: Plan, schedule: RoundSchedule, units: [OrgUnit]) -> [String] {
        var seen = Set<String>()
        let codes = plan.assignments.flatMap(\.units).filter { seen.insert($0).inserted }
        return codes.filter { code in
            guard let unit = units.first(where: { $0.code == code }) else { return false }
            return unit.validTo.map { $0 >= schedule.cutoffStart } ?? true
        }
    }
}
