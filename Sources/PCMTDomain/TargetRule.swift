/// How a target is judged. The threshold is a percentage where the kind uses one.
///
/// The kind names the comparison exactly, as the plan's words do (pcmt issue 16, item 4): "trên 3%" is
/// ``RuleKind/growthAbove`` (>), "từ 5% trở lên" ``RuleKind/growthAtLeast`` (≥), "ít nhất 50%" ``RuleKind/ratioAtLeast``
/// (≥), "dưới" below (<), "không quá" at most (≤); ``RuleKind/comparison`` gives it. Stored rules keep their meaning:
/// the kinds of the 2021–2025 plan (`growthAtLeast` ≥, `growthBelow` <, `ratioAbove` >, `ratioEquals` ≥,
/// `cumulativeRatioBy` >) decode and are judged as before.
public struct TargetRule: Codable, Sendable, Equatable {
    public var kind: RuleKind
    public var threshold: Double?
    public var base: RuleBase
    public var deadlineYear: Int?

    public init(kind: RuleKind, threshold: Double? = nil, base: RuleBase = .none, deadlineYear: Int? = nil) {
        self.kind = kind; self.threshold = threshold; self.base = base; self.deadlineYear = deadlineYear
    }

    /// The comparison of the figure with the threshold, nil for a kind without a threshold.
    public var comparison: Comparison? { kind.comparison }
}

/// How a figure is compared with a threshold.
public enum Comparison: String, Codable, Sendable, CaseIterable {
    /// ">": "trên", "more than".
    case above
    /// "≥": "từ … trở lên", "ít nhất", "at least".
    case atLeast
    /// "<": "dưới", "less than".
    case below
    /// "≤": "không quá", "tối đa", "at most".
    case atMost

    public var symbol: String {
        switch self {
        case .above: ">"
        case .atLeast: "≥"
        case .below: "<"
        case .atMost: "≤"
        }
    }

    /// Whether the target asks for at least something (above, at least) rather than at most (below, at most).
    public var isUpward: Bool { self == .above || self == .atLeast }

    /// Whether `value` compares so with `threshold`. A growth or a ratio is a quotient: a value within a relative
    /// 1e-9 of the threshold is the threshold (103 over 100 is exactly +3%, 20 of 40 exactly 50%), so a figure at
    /// the threshold is met by "at least" and "at most" and not by "above" and "below". An infinite value (growth
    /// from zero) is above every threshold; NaN meets none.
    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        guard !value.isNaN, !threshold.isNaN else { return false }
        let equal = value == threshold || (value.isFinite && abs(value - threshold) <= 1e-9 * max(1, abs(threshold)))
        switch self {
        case .above: return !equal && value > threshold
        case .atLeast: return equal || value > threshold
        case .below: return !equal && value < threshold
        case .atMost: return equal || value < threshold
        }
    }
}

/// What a rule judges, apart from its comparison.
public enum RuleFamily: String, Sendable, CaseIterable {
    /// More than the year before.
    case increase
    /// Less than the year before, every year.
    case decrease
    /// The growth in % over the year before against a threshold.
    case growth
    /// A ratio in % in the period against a threshold.
    case ratio
    /// A ratio cumulated from the plan's first year, against a threshold by a deadline year.
    case cumulativeRatio
    /// The share in % of the units of a level in the area whose yes/no element is yes, by a deadline year.
    case unitShare
    /// Nothing new (the figure is 0).
    case noNew
    /// Nothing remains (the figure is 0).
    case eradicated
    /// Not measured by numbers.
    case qualitative
}

public enum RuleKind: String, Codable, Sendable, CaseIterable {
    /// The count grows over the previous year.
    case increase
    /// The figure of each year is lower than the year before's ("giảm hằng năm").
    case decreaseEveryYear
    /// Growth over the previous year is more than the threshold ("tăng trên 3%").
    case growthAbove
    /// Growth over the previous year is at least the threshold ("tăng từ 5% trở lên").
    case growthAtLeast
    /// Growth over the previous year stays under the threshold ("tăng dưới 1%").
    case growthBelow
    /// Growth over the previous year is at most the threshold ("tăng không quá 1%").
    case growthAtMost
    /// A ratio exceeds the threshold ("trên 80%").
    case ratioAbove
    /// A ratio reaches at least the threshold ("ít nhất 50%", "100% … được phát hiện, xóa bỏ").
    case ratioAtLeast
    /// A ratio stays under the threshold ("dưới 10%").
    case ratioBelow
    /// A ratio is at most the threshold ("không quá 10%").
    case ratioAtMost
    /// A ratio reaches the threshold, normally 100% (judged as at least: a share cannot exceed 100%).
    case ratioEquals
    /// A cumulative ratio exceeds the threshold by the deadline year.
    case cumulativeRatioBy
    /// A cumulative ratio reaches at least the threshold by the deadline year.
    case cumulativeRatioAtLeastBy
    /// A cumulative ratio stays under the threshold by the deadline year.
    case cumulativeRatioBelowBy
    /// A cumulative ratio is at most the threshold by the deadline year.
    case cumulativeRatioAtMostBy
    /// More than the threshold % of the units of a level in the area are "yes" by the deadline year.
    case unitShareAboveBy
    /// At least the threshold % of the units of a level are "yes" by the deadline year ("ít nhất 50% số xã … đến 2030").
    case unitShareAtLeastBy
    /// Less than the threshold % of the units of a level are "yes" by the deadline year.
    case unitShareBelowBy
    /// At most the threshold % of the units of a level are "yes" by the deadline year.
    case unitShareAtMostBy
    /// Nothing new appears.
    case noNew
    /// Nothing remains and nothing comes back.
    case eradicated
    /// Not measured by numbers.
    case qualitative

    public var isMeasurable: Bool { self != .qualitative }

    public var family: RuleFamily {
        switch self {
        case .increase: .increase
        case .decreaseEveryYear: .decrease
        case .growthAbove, .growthAtLeast, .growthBelow, .growthAtMost: .growth
        case .ratioAbove, .ratioAtLeast, .ratioBelow, .ratioAtMost, .ratioEquals: .ratio
        case .cumulativeRatioBy, .cumulativeRatioAtLeastBy, .cumulativeRatioBelowBy, .cumulativeRatioAtMostBy: .cumulativeRatio
        case .unitShareAboveBy, .unitShareAtLeastBy, .unitShareBelowBy, .unitShareAtMostBy: .unitShare
        case .noNew: .noNew
        case .eradicated: .eradicated
        case .qualitative: .qualitative
        }
    }

    /// The comparison of the figure with the threshold; nil for the kinds without a threshold.
    public var comparison: Comparison? {
        switch self {
        case .growthAbove, .ratioAbove, .cumulativeRatioBy, .unitShareAboveBy: .above
        case .growthAtLeast, .ratioAtLeast, .ratioEquals, .cumulativeRatioAtLeastBy, .unitShareAtLeastBy: .atLeast
        case .growthBelow, .ratioBelow, .cumulativeRatioBelowBy, .unitShareBelowBy: .below
        case .growthAtMost, .ratioAtMost, .cumulativeRatioAtMostBy, .unitShareAtMostBy: .atMost
        case .increase, .decreaseEveryYear, .noNew, .eradicated, .qualitative: nil
        }
    }

    /// The kind of a family with a comparison: `.growth` and `.above` is ``growthAbove``. Nil for a family without
    /// a threshold. A ratio "at least" is ``ratioAtLeast`` (``ratioEquals`` is kept for stored rules only).
    public init?(family: RuleFamily, comparison: Comparison) {
        guard let kind = Self.allCases.first(where: { $0.family == family && $0.comparison == comparison && $0 != .ratioEquals })
        else { return nil }
        self = kind
    }

    public var needsThreshold: Bool { comparison != nil }

    /// Whether the rule is judged by a deadline year, which it then needs.
    public var needsDeadline: Bool { family == .cumulativeRatio || family == .unitShare }

    /// Whether the figure judged is a ratio in % (numerator over denominator): the measure needs a denominator.
    public var judgesARatio: Bool { [.ratio, .cumulativeRatio, .unitShare].contains(family) }

    /// Whether the figure judged is compared with the year before (the measure has no denominator).
    public var judgesAChange: Bool { [.increase, .decrease, .growth].contains(family) }

    /// The thresholds that make sense: a growth in % from 0 to 1000, a ratio or share from 0 to 100.
    public var thresholdRange: ClosedRange<Double> { family == .growth ? 0...1000 : 0...100 }
}

public enum RuleBase: String, Codable, Sendable, CaseIterable {
    /// Compared with the same indicator one year earlier.
    case previousYear
    /// A part over a whole.
    case denominator
    case none
}

public enum Language: String, Codable, Sendable, CaseIterable {
    case vi, en
}

extension TargetRule {
    /// The rule in plain words, with its comparison exactly as the plan words it: "Tăng trên 3% so với năm trước"
    /// (>), "Tăng ≥ 5% so với năm trước" (≥), "Ít nhất 50%" (≥), "> 80% cộng dồn đến năm 2025", "Giảm hằng năm",
    /// "Ít nhất 50% số đơn vị đến năm 2030". The words of the 2021–2025 kinds are as they were.
    public func plainWords(_ language: Language) -> String { words(language, units: nil) }

    /// The rule's words for a target, naming the units of a share rule: "Ít nhất 50% số xã đến năm 2030".
    public func plainWords(_ language: Language, measure: Measure?) -> String {
        words(language, units: kind.family == .unitShare ? measure?.unitShare?.level : nil)
    }

    func words(_ language: Language, units level: OrgUnitLevel?) -> String {
        let unitsVi = "số " + (level?.pluralName(.vi) ?? "đơn vị")
        let unitsEn = "of " + (level?.pluralName(.en) ?? "units")
        let value = threshold.map { Format.number($0, language) } ?? ""
        let vi = language == .vi
        let year = deadlineYear.map(String.init) ?? "?"
        switch kind {
        case .increase:
            return vi ? "Tăng so với năm trước" : "Increase over the previous year"
        case .decreaseEveryYear:
            return vi ? "Giảm hằng năm (năm sau thấp hơn năm trước)" : "Decrease every year (each year lower than the year before)"
        case .growthAbove:
            return vi ? "Tăng trên \(value)% so với năm trước" : "Up more than \(value)% over the previous year"
        case .growthAtLeast:
            return vi ? "Tăng ≥ \(value)% so với năm trước" : "≥ \(value)% over the previous year"
        case .growthBelow:
            return vi ? "Tăng < \(value)% so với năm trước" : "Growth < \(value)% over the previous year"
        case .growthAtMost:
            return vi ? "Tăng không quá \(value)% so với năm trước" : "Growth at most \(value)% over the previous year"
        case .ratioAbove:
            return "> \(value)%"
        case .ratioAtLeast:
            return vi ? "Ít nhất \(value)%" : "At least \(value)%"
        case .ratioBelow:
            return vi ? "Dưới \(value)%" : "Below \(value)%"
        case .ratioAtMost:
            return vi ? "Không quá \(value)%" : "At most \(value)%"
        case .ratioEquals:
            // A share cannot exceed 100%: "100%" is reaching it; another threshold is "at least".
            if threshold == 100 { return "\(value)%" }
            return vi ? "Ít nhất \(value)%" : "At least \(value)%"
        case .cumulativeRatioBy:
            return vi ? "> \(value)% cộng dồn đến năm \(year)" : "> \(value)% cumulative by \(year)"
        case .cumulativeRatioAtLeastBy:
            return vi ? "Ít nhất \(value)% cộng dồn đến năm \(year)" : "At least \(value)% cumulative by \(year)"
        case .cumulativeRatioBelowBy:
            return vi ? "Dưới \(value)% cộng dồn đến năm \(year)" : "Below \(value)% cumulative by \(year)"
        case .cumulativeRatioAtMostBy:
            return vi ? "Không quá \(value)% cộng dồn đến năm \(year)" : "At most \(value)% cumulative by \(year)"
        case .unitShareAboveBy:
            return vi ? "Trên \(value)% \(unitsVi) đến năm \(year)" : "More than \(value)% \(unitsEn) by \(year)"
        case .unitShareAtLeastBy:
            return vi ? "Ít nhất \(value)% \(unitsVi) đến năm \(year)" : "At least \(value)% \(unitsEn) by \(year)"
        case .unitShareBelowBy:
            return vi ? "Dưới \(value)% \(unitsVi) đến năm \(year)" : "Less than \(value)% \(unitsEn) by \(year)"
        case .unitShareAtMostBy:
            return vi ? "Không quá \(value)% \(unitsVi) đến năm \(year)" : "At most \(value)% \(unitsEn) by \(year)"
        case .noNew:
            return vi ? "Không phát sinh mới" : "No new"
        case .eradicated:
            return vi ? "Xóa bỏ, không tái phát" : "Eradicated"
        case .qualitative:
            return vi ? "Định tính" : "Qualitative"
        }
    }

}

extension Target {
    /// The rule in plain words for this target (``TargetRule/plainWords(_:measure:)``).
    public func plainWords(_ language: Language) -> String { rule.plainWords(language, measure: measure) }
}

extension OrgUnitLevel {
    /// "xã" / "communes": the units of a level as a share rule counts them.
    public func pluralName(_ language: Language) -> String {
        switch (self, language) {
        case (.province, .vi): "tỉnh"
        case (.province, .en): "provinces"
        case (.district, .vi): "huyện"
        case (.district, .en): "districts"
        case (.commune, .vi): "xã"
        case (.commune, .en): "communes"
        case (.agency, .vi): "cơ quan"
        case (.agency, .en): "agencies"
        }
    }
}

extension Measure {
    /// The measure of a share rule: one yes/no element over the number of units of `level` in the area
    /// ("commune_drug_free" / "count:commune"). The area total of a yes/no element is the number of its units that
    /// said yes (a stock: at the period's end; a flag: yes in either half), so the ratio is the share of units that
    /// are "yes".
    public static func unitShare(element: String, level: OrgUnitLevel) -> Measure {
        Measure(numerator: [element], denominator: ["count:\(level.rawValue)"])
    }

    /// The element and level of a share measure (as ``unitShare(element:level:)`` makes it), nil for another measure.
    public var unitShare: (element: String, level: OrgUnitLevel)? {
        guard numerator.count == 1, let element = numerator.first, !element.hasPrefix("-"), !element.contains("@"),
            !element.hasPrefix("count:"), !cumulative, let terms = denominator, terms.count == 1, let count = terms.first,
            count.hasPrefix("count:"), let level = OrgUnitLevel(rawValue: String(count.dropFirst("count:".count)))
        else { return nil }
        return (element, level)
    }
}

/// The checks of a target's rule fields, the same for the editor and any other writer (pcmt issue 16, item 4).
public enum TargetRuleValidation {
    /// Problems of the fields "ruleKind", "threshold" and "deadlineYear" (a kind that needs one without it), and of
    /// a share rule's "numerator" and "denominator", as typed in a form (a threshold may have a decimal comma): an
    /// unknown rule type; a threshold missing, not a number or outside ``RuleKind/thresholdRange``; a deadline year
    /// missing for a kind judged by one; a share rule without one yes/no element over "count:<level>". `elements`,
    /// when known, are the plan's data elements (a share rule's element must be a yes/no or flag one). Whether the
    /// deadline lies within the plan's years is ``PlanRecordValidation``'s check.
    public static func problems(
        kindText: String, thresholdText: String, deadlineText: String, numerator: [String], denominator: [String],
        elements: [DataElement]?
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let kind = RuleKind(rawValue: kindText)
        if !kindText.isEmpty, kind == nil {
            problems.append(FieldProblem(field: "ruleKind", en: "Unknown rule type.", vi: "Loại chỉ tiêu không hợp lệ."))
        }
        let threshold = thresholdText.replacingOccurrences(of: ",", with: ".")
        if let kind {
            if kind.needsThreshold, threshold.isEmpty {
                problems.append(
                    FieldProblem(
                        field: "threshold", en: "This rule type needs a threshold.",
                        vi: "Loại chỉ tiêu này cần có ngưỡng."))
            }
            if !threshold.isEmpty {
                let range = kind.thresholdRange
                if let value = Double(threshold), value.isFinite {
                    if !range.contains(value) {
                        problems.append(
                            FieldProblem(
                                field: "threshold",
                                en: "The threshold must be between \(Int(range.lowerBound)) and \(Int(range.upperBound))%.",
                                vi: "Ngưỡng phải từ \(Int(range.lowerBound)) đến \(Int(range.upperBound))%."))
                    }
                } else {
                    problems.append(FieldProblem(field: "threshold", en: "The threshold must be a number.", vi: "Ngưỡng phải là một số."))
                }
            }
            if kind.needsDeadline, deadlineText.isEmpty {
                let (en, vi) =
                    kind.family == .unitShare
                    ? ("A share of units by a year needs a deadline year.", "Chỉ tiêu tỷ lệ đơn vị đạt cần có năm đích (đến năm nào).")
                    : ("A cumulative target needs a deadline year.", "Chỉ tiêu cộng dồn cần có năm đích.")
                problems.append(FieldProblem(field: "deadlineYear", en: en, vi: vi))
            }
            if kind.family == .unitShare {
                problems += shareProblems(numerator: numerator, denominator: denominator, elements: elements)
            }
        }
        return problems
    }

    /// A share rule's measure: one yes/no element (numerator) over "count:<level>" (denominator).
    static func shareProblems(numerator: [String], denominator: [String], elements: [DataElement]?) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let element = numerator.count == 1 ? numerator[0] : nil
        if let element, !element.hasPrefix("-"), !element.contains("@"), !element.hasPrefix("count:") {
            if let elements, let found = elements.first(where: { $0.code == element }),
                found.valueType != .yesNo && found.aggregation != .flag
            {
                problems.append(
                    FieldProblem(
                        field: "numerator",
                        en: "Numerator: a share of units counts the units whose yes/no element is yes; \"\(element)\" is not a yes/no element.",
                        vi: "Tử số: tỷ lệ đơn vị đạt đếm các đơn vị có chỉ số có/không là \"có\"; \"\(element)\" không phải chỉ số có/không."))
            }
        } else {
            problems.append(
                FieldProblem(
                    field: "numerator",
                    en: "Numerator: a share of units needs exactly one yes/no data element (the status reached), e.g. commune_drug_free.",
                    vi: "Tử số: chỉ tiêu tỷ lệ đơn vị đạt cần đúng một chỉ số có/không (trạng thái cần đạt), ví dụ commune_drug_free."))
        }
        let count = denominator.count == 1 ? denominator[0] : nil
        if count == nil || !count!.hasPrefix("count:") || OrgUnitLevel(rawValue: String(count!.dropFirst("count:".count))) == nil {
            problems.append(
                FieldProblem(
                    field: "denominator",
                    en: "Denominator: a share of units needs the level of the units counted, as count:commune (or count:district).",
                    vi: "Mẫu số: chỉ tiêu tỷ lệ đơn vị đạt cần cấp đơn vị được đếm, ghi count:commune (số xã) hoặc count:district (số huyện)."))
        }
        return problems
    }
}
