import Foundation

/// A figure of a report stated as officials write it (issue 15, item 2): the value, the change against the
/// comparable period in units and in per cent, and the target's verdict in words —
/// "Số vụ phạm tội về ma túy phát hiện, bắt giữ: 305 vụ, tăng 21 vụ (+7,4%) so với năm 2023; đạt chỉ tiêu (tăng ≥ 5%
/// so với năm trước)". A rate's change is in percentage points. A figure without data for the comparable period
/// says so; a figure that lacks some units' reports says which.
public struct FigureStatement: Sendable, Equatable {
    /// What is counted: the target's indicator, "Số vụ phạm tội về ma túy phát hiện, bắt giữ".
    public var subject: String
    /// The value in the period; a rate in per cent (0–100).
    public var value: Double?
    public var previous: Double?
    /// The unit of measure of a count ("vụ"); empty for a rate.
    public var measure: String
    public var isRate: Bool
    /// For a rate, its parts: "2.877/3.389 người".
    public var parts: String
    /// "năm 2023", "cùng kỳ năm 2023", "năm 2020 (năm cơ sở)".
    public var comparedWith: String
    /// A prefix naming the period when it is not the report's own ("năm 2025"), empty otherwise.
    public var periodNote: String
    /// The total over a review's span for a flow ("cả giai đoạn 2021–2025: 1.412 vụ"), empty otherwise.
    public var spanTotal: String
    /// The target's status and rule; nil when the figure has no target.
    public var verdict: (status: TargetStatus, rule: String)?
    /// What the figure lacks: "9/10 huyện, thiếu Huyện Đắk Hà"; empty when complete.
    public var missing: String
    /// The target's number in the plan's order (1 for T01), named in the verdict; nil for none.
    public var number: Int?

    public static func == (a: FigureStatement, b: FigureStatement) -> Bool {
        a.sentence(.vi) == b.sentence(.vi) && a.sentence(.en) == b.sentence(.en)
    }

    public init(
        subject: String, value: Double?, previous: Double?, measure: String, isRate: Bool, parts: String = "",
        comparedWith: String, periodNote: String = "", spanTotal: String = "", verdict: (status: TargetStatus, rule: String)? = nil,
        missing: String = "", number: Int? = nil
    ) {
        self.subject = subject; self.value = value; self.previous = previous; self.measure = measure; self.isRate = isRate
        self.parts = parts; self.comparedWith = comparedWith; self.periodNote = periodNote; self.spanTotal = spanTotal
        self.verdict = verdict; self.missing = missing; self.number = number
    }

    /// The change against the comparable period: "tăng 21 vụ (+7,4%)", "giảm 1,5 điểm phần trăm"; nil without both
    /// figures, and for a figure that lacks some units' reports (`missing`): its change would be the missing units'.
    public func change(_ language: Language) -> String? {
        guard missing.isEmpty, var change = FigureChange.of(value, previous: previous) else { return nil }
        // Stated to one decimal, as the values are: 2,7 điểm phần trăm, not 2,722685….
        change.difference = (change.difference * 10).rounded() / 10
        if isRate {
            change.percent = nil
            return change.phrase(language, measure: language == .vi ? "điểm phần trăm" : "percentage points")
        }
        return change.phrase(language, measure: measure)
    }

    /// The whole statement as one list item, without the leading dash; it always says how the figure compares
    /// ("so với …", or that there is nothing to compare it with). With `missingDetail` false an incomplete figure is
    /// only marked "(số liệu chưa đầy đủ)", its detail said once for several figures (``ReportFigures/situationLines(_:_:)``).
    public func sentence(_ language: Language, missingDetail: Bool = true) -> String {
        let vi = language == .vi
        let subjectText = periodNote.isEmpty ? subject : "\(subject) \(periodNote)"
        guard let value else {
            var text =
                vi
                ? "\(subjectText): chưa có số liệu đã duyệt, chưa so sánh được với \(comparedWith)"
                : "\(subjectText): no approved figure, no comparison with \(comparedWith)"
            if let verdict { text += "; " + Self.verdictWords(verdict.status, rule: verdict.rule, number: number, language) }
            return text + "."
        }
        var text = "\(subjectText): " + Self.valueText(value, isRate: isRate, measure: measure, language)
        if !parts.isEmpty { text += " (\(parts))" }
        if !missing.isEmpty {
            // A figure that lacks some units' reports is not compared: its change would be the missing units'.
            text +=
                vi
                ? ", chưa so sánh với \(comparedWith) vì số liệu chưa đầy đủ" + (missingDetail ? " (\(missing))" : "")
                : ", not compared with \(comparedWith) as the figure is incomplete" + (missingDetail ? " (\(missing))" : "")
        } else if let change = change(language) {
            let before = isRate ? " (\(Self.valueText(previous ?? 0, isRate: true, measure: "", language)))" : ""
            text += ", \(change) \(vi ? "so với" : "compared with") \(comparedWith)\(before)"
        } else {
            text += vi ? ", chưa có số liệu \(comparedWith) để so sánh" : ", no figure for \(comparedWith) to compare with"
        }
        if !spanTotal.isEmpty { text += "; \(spanTotal)" }
        if let verdict { text += "; " + Self.verdictWords(verdict.status, rule: verdict.rule, number: number, language) }
        return text + "."
    }

    static func valueText(_ value: Double, isRate: Bool, measure: String, _ language: Language) -> String {
        isRate ? Format.percent(value, language) : Format.number(value, language) + (measure.isEmpty ? "" : " \(measure)")
    }

    /// "đạt chỉ tiêu (tăng ≥ 5% so với năm trước)", "không đạt chỉ tiêu (> 90%)", "chưa đủ số liệu để đánh giá chỉ
    /// tiêu (…)".
    public static func verdictWords(_ status: TargetStatus, rule: String, number: Int? = nil, _ language: Language) -> String {
        let vi = language == .vi
        let words: String =
            switch status {
            case .achieved: vi ? "đạt chỉ tiêu" : "target achieved"
            case .onTrack: vi ? "đúng tiến độ thực hiện chỉ tiêu" : "on track for the target"
            case .atRisk: vi ? "có nguy cơ không đạt chỉ tiêu" : "the target is at risk"
            case .notAchieved: vi ? "không đạt chỉ tiêu" : "target not achieved"
            case .incomplete: vi ? "chưa đủ số liệu để đánh giá chỉ tiêu" : "not enough data to judge the target"
            case .inconsistent: vi ? "số liệu mâu thuẫn, chưa đánh giá được chỉ tiêu" : "inconsistent data, the target cannot be judged"
            case .noData: vi ? "chưa có số liệu để đánh giá chỉ tiêu" : "no data to judge the target"
            }
        let lowered = rule.prefix(1).lowercased() + rule.dropFirst()
        let named = number.map { "\(words) \($0)" } ?? words
        return rule.isEmpty ? named : "\(named) (\(lowered))"
    }
}

/// The figures the text of a round's report states (issue 15, item 2): one per target that has a measure, in the
/// plan's order. The elements that only serve as a rate's denominator or that no target reads go to the annex.
public enum ReportFigures {
    /// The comparable period and how the text names it: a year against the year before ("năm 2023"), a half-year
    /// against the same half a year before ("cùng kỳ năm 2023"), a review's last year against the baseline year
    /// ("năm 2020 (năm cơ sở)").
    public static func comparison(_ period: Period, baselineYear: Int, _ language: Language) -> (current: Period, previous: Period, words: String) {
        let vi = language == .vi
        switch period {
        case .year(let year):
            return (period, .year(year - 1), vi ? "năm \(year - 1)" : "\(year - 1)")
        case .halfYear(let year, let half):
            return (period, .halfYear(year - 1, half: half), vi ? "cùng kỳ năm \(year - 1)" : "the same half of \(year - 1)")
        case .span(_, let to):
            return (.year(to), .year(baselineYear), vi ? "năm \(baselineYear) (năm cơ sở)" : "\(baselineYear) (baseline)")
        }
    }

    /// One statement per target with a measure, judged over the report's period.
    public static func statements(
        plan: Plan, elements: [DataElement], period: Period, totals: some ElementTotals, _ language: Language = .vi
    ) -> [FigureStatement] {
        let engine = RuleEngine(planStartYear: plan.startYear, baselineYear: plan.baselineYear)
        let byCode = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let (current, previous, words) = comparison(period, baselineYear: plan.baselineYear, language)
        return plan.targets.enumerated().compactMap { index, target -> FigureStatement? in
            guard let measure = target.measure, target.rule.kind.isMeasurable else { return nil }
            let element = measure.numerator.first.flatMap { byCode[Measure.elementCode($0)] }
            // A yes/no element counts the units that answered yes.
            let unit =
                element.map { element in
                    element.valueType == .yesNo
                        ? (language == .vi ? "đơn vị" : "units") : language == .vi ? element.measure : (element.measureEn ?? element.measure)
                } ?? ""
            // A cumulative measure is read through the report's period: over a review, through its last year.
            let now = engine.measured(measure, measure.cumulative && period.isSpan ? period : current, totals: totals)
            let before = engine.measured(measure, previous, totals: totals)
            let evaluation = engine.evaluate(target.rule, measure: measure, period: period, totals: totals)
            var parts = ""
            if measure.isRatio, let now, let denominator = now.denominator {
                parts = "\(Format.number(now.numerator, language))/\(Format.number(denominator, language))" + (unit.isEmpty ? "" : " \(unit)")
            }
            var spanTotal = ""
            if case .span(let from, let to) = period, !measure.isRatio, !measure.cumulative,
                element?.aggregation == .flow
            {
                let years = (from...to).compactMap { engine.measured(measure, .year($0), totals: totals)?.value }
                if !years.isEmpty {
                    let total = years.reduce(0, +)
                    spanTotal =
                        (language == .vi ? "cả giai đoạn \(period.phrase(language)): " : "over \(period.phrase(language)): ")
                        + FigureStatement.valueText(total, isRate: false, measure: unit, language)
                }
            }
            let finite = { (value: Double?) in value.flatMap { $0.isFinite ? $0 : nil } }
            return FigureStatement(
                subject: language == .vi ? target.indicator : (target.indicatorEn ?? target.indicator),
                value: finite(now?.value), previous: finite(before?.value), measure: unit, isRate: measure.isRatio, parts: parts,
                comparedWith: words, periodNote: period.isSpan ? current.phrase(language) : "", spanTotal: spanTotal,
                verdict: (evaluation.status, target.plainWords(language)),
                missing: evaluation.coverage.map { $0.isComplete ? "" : $0.phrase(language) } ?? "", number: index + 1)
        }
    }

    /// Section I's lines: one per figure ("- …"), an incomplete one not compared and only said to be incomplete; when any is,
    /// a last line sends the reader to the note under the targets' table, which says once per gap which units are
    /// missing and is computed from the data whenever the document is made (``coverageNote(_:_:)``).
    public static func situationLines(_ statements: [FigureStatement], _ language: Language) -> [String] {
        var lines = statements.map { "- " + $0.sentence(language, missingDetail: false) }
        if statements.contains(where: { !$0.missing.isEmpty }) {
            lines.append(
                language == .vi
                    ? "Các đơn vị còn thiếu số liệu được nêu tại ghi chú dưới bảng chỉ tiêu (mục II.2)."
                    : "The units whose figures are missing are named under the targets' table (section II.2).")
        }
        return lines
    }

    /// What the figures lack, said once per distinct gap with the targets it concerns: "Số liệu chưa đầy đủ (chỉ tính
    /// các báo cáo đã duyệt): chỉ tiêu 1, 3 (T01, T03): 1/2 huyện, thiếu Thành phố Sông Xanh (năm 2023)." Nil when
    /// every figure includes every expected unit. `gaps` holds each target's number, code and coverage phrase.
    public static func coverageNote(_ gaps: [(number: Int, code: String, missing: String)], _ language: Language) -> String? {
        var grouped: [(missing: String, numbers: [String], codes: [String])] = []
        for gap in gaps where !gap.missing.isEmpty {
            if let index = grouped.firstIndex(where: { $0.missing == gap.missing }) {
                grouped[index].numbers.append(String(gap.number)); grouped[index].codes.append(gap.code)
            } else {
                grouped.append((gap.missing, [String(gap.number)], [gap.code]))
            }
        }
        guard !grouped.isEmpty else { return nil }
        let parts = grouped.map { group in
            (language == .vi ? "chỉ tiêu " : "target ")
                + "\(group.numbers.joined(separator: ", ")) (\(group.codes.joined(separator: ", "))): \(group.missing)"
        }
        return (language == .vi ? "Số liệu chưa đầy đủ (chỉ tính các báo cáo đã duyệt): " : "Incomplete figures (approved reports only): ")
            + parts.joined(separator: "; ") + "."
    }
}
