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
    /// (section IV), each once: the units that exist on the round's due date (`schedule.dueDate`, "yyyy-mm-dd"), as
    /// they are then. A unit that ended before the due date is replaced by the units that took over its territory and
    /// exist on that day (``UnitTimeline/cover(of:from:to:)`` after its end, the whole and the partial ones, in code
    /// order): the year 2025 round and the final review of Kon Tum's plan 3959/KH-UBND (due 20/12/2025) expect the
    /// communes formed from Kon Tum's communes on 01/07/2025 (Nghị quyết 1677/NQ-UBTVQH15), not its ten districts
    /// abolished that day (Nghị quyết 202/2025/QH15), while its 2025S1 round (due 20/06/2025) expects the districts.
    /// A unit that ended with no successor, one not yet formed on the due date, and an unknown code are not expected.
    public static func expectedUnits(plan: Plan, schedule: RoundSchedule, timeline: UnitTimeline) -> [String] {
        expectations(plan: plan, schedule: schedule, timeline: timeline).map(\.code)
    }

    /// A unit expected in a round, and the codes named in the plan's assignments it reports for: its own code when
    /// the plan names it, and the units that ended before the due date whose territory it took over (a commune
    /// formed on 01/07/2025 reports the duties of the district its old communes belonged to).
    public struct Expectation: Sendable, Equatable {
        public var code: String
        public var reportsFor: [String]
        public init(code: String, reportsFor: [String]) { self.code = code; self.reportsFor = reportsFor }
    }

    /// ``expectedUnits(plan:schedule:timeline:)`` with what each unit reports for, in the same order.
    public static func expectations(plan: Plan, schedule: RoundSchedule, timeline: UnitTimeline) -> [Expectation] {
        let day = schedule.dueDate
        var result: [Expectation] = []
        func expect(_ code: String, for assigned: String, depth: Int) {
            let versions = timeline.versions[code] ?? []
            if versions.contains(where: { $0.isValid(on: day) }) {
                if let index = result.firstIndex(where: { $0.code == code }) {
                    if !result[index].reportsFor.contains(assigned) { result[index].reportsFor.append(assigned) }
                } else {
                    result.append(Expectation(code: code, reportsFor: [assigned]))
                }
                return
            }
            // Ended before the due date: the units formed from its territory stand for it.
            guard depth < 3, let last = versions.last(where: { ($0.validTo ?? "9999-12-31") < day }),
                let cover = timeline.cover(of: last, from: day, to: day)
            else { return }
            for successor in (cover.units + cover.partial).sorted(by: { $0.code < $1.code }) {
                expect(successor.code, for: assigned, depth: depth + 1)
            }
        }
        for code in plan.assignments.flatMap(\.units) { expect(code, for: code, depth: 0) }
        return result
    }

    /// The unit that reports for `code` (a unit the plan names, such as a project's lead) in a round due on
    /// `schedule.dueDate`: itself while it exists, else the unit that took over from it (Công an tỉnh Quảng Ngãi for
    /// Kon Tum's police in the 2025 rounds); `code` itself when no expected unit stands for it.
    public static func reporter(for code: String, plan: Plan, schedule: RoundSchedule, timeline: UnitTimeline) -> String {
        expectations(plan: plan, schedule: schedule, timeline: timeline).first { $0.reportsFor.contains(code) }?.code ?? code
    }

    /// The codes named in the plan's assignments that the unit with `code` reports for in a round due on
    /// `schedule.dueDate` (``Expectation/reportsFor``); just `code` for a unit the round does not expect.
    public static func reportsFor(_ code: String, plan: Plan, schedule: RoundSchedule, timeline: UnitTimeline) -> [String] {
        expectations(plan: plan, schedule: schedule, timeline: timeline).first { $0.code == code }?.reportsFor ?? [code]
    }
}
