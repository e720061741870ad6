/// How a target is judged. The threshold is a percentage where the kind uses one.
public struct TargetRule: Codable, Sendable, Equatable {
    public var kind: RuleKind
    public var threshold: Double?
    public var base: RuleBase
    public var deadlineYear: Int?

    public init(kind: RuleKind, threshold: Double? = nil, base: RuleBase = .none, deadlineYear: Int? = nil) {
        self.kind = kind; self.threshold = threshold; self.base = base; self.deadlineYear = deadlineYear
    }
}

public enum RuleKind: String, Codable, Sendable, CaseIterable {
    /// The count grows over the previous year.
    case increase
    /// Growth over the previous year is at least the threshold.
    case growthAtLeast
    /// Growth over the previous year stays under the threshold.
    case growthBelow
    /// A ratio exceeds the threshold.
    case ratioAbove
    /// A ratio reaches 100%.
    case ratioEquals
    /// A cumulative ratio exceeds the threshold by the deadline year.
    case cumulativeRatioBy
    /// Nothing new appears.
    case noNew
    /// Nothing remains and nothing comes back.
    case eradicated
    /// Not measured by numbers.
    case qualitative

    public var isMeasurable: Bool { self != .qualitative }

    public var needsThreshold: Bool {
        switch self {
        case .growthAtLeast, .growthBelow, .ratioAbove, .ratioEquals, .cumulativeRatioBy: true
        case .increase, .noNew, .eradicated, .qualitative: false
        }
    }
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
    /// The rule in plain words, e.g. "≥ 5% over the previous year" or "> 80% cumulative by 2025".
    public func plainWords(_ language: Language) -> String {
        let value = threshold.map { Format.number($0, language) } ?? ""
        let vi = language == .vi
        switch kind {
        case .increase:
            return vi ? "Tăng so với năm trước" : "Increase over the previous year"
        case .growthAtLeast:
            return vi ? "Tăng ≥ \(value)% so với năm trước" : "≥ \(value)% over the previous year"
        case .growthBelow:
            return vi ? "Tăng < \(value)% so với năm trước" : "Growth < \(value)% over the previous year"
        case .ratioAbove:
            return "> \(value)%"
        case .ratioEquals:
            return "\(value)%"
        case .cumulativeRatioBy:
            let year = deadlineYear.map(String.init) ?? "?"
            return vi ? "> \(value)% cộng dồn đến năm \(year)" : "> \(value)% cumulative by \(year)"
        case .noNew:
            return vi ? "Không phát sinh mới" : "No new"
        case .eradicated:
            return vi ? "Xóa bỏ, không tái phát" : "Eradicated"
        case .qualitative:
            return vi ? "Định tính" : "Qualitative"
        }
    }

}
