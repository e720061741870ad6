import Foundation

/// The status of a target for one unit and period.
public enum TargetStatus: String, Codable, Sendable, CaseIterable {
    case achieved
    case onTrack = "on_track"
    case atRisk = "at_risk"
    case notAchieved = "not_achieved"
    /// The two sides of a growth or a ratio do not include the same units or half-years (`SideCoverage.comparable`),
    /// or a "none" target reads zero without every unit: no verdict until the data is complete.
    case incomplete
    /// A share above 100%: the part (numerator) is larger than its whole (denominator), which the data cannot be.
    case inconsistent
    case noData = "no_data"

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.achieved, .vi): "Đạt"
        case (.achieved, .en): "Achieved"
        case (.onTrack, .vi): "Đúng tiến độ"
        case (.onTrack, .en): "On track"
        case (.atRisk, .vi): "Có nguy cơ không đạt"
        case (.atRisk, .en): "At risk"
        case (.notAchieved, .vi): "Không đạt"
        case (.notAchieved, .en): "Not achieved"
        case (.incomplete, .vi): "Chưa đủ số liệu"
        case (.incomplete, .en): "Incomplete data"
        case (.inconsistent, .vi): "Số liệu mâu thuẫn"
        case (.inconsistent, .en): "Inconsistent data"
        case (.noData, .vi): "Chưa có số liệu"
        case (.noData, .en): "No data"
        }
    }

    /// A sign that does not rely on colour.
    public var symbol: String {
        switch self {
        case .achieved: "✔"
        case .onTrack: "➚"
        case .atRisk: "⚠"
        case .notAchieved: "✘"
        case .incomplete: "◐"
        case .inconsistent: "≠"
        case .noData: "…"
        }
    }

    /// Statuses that are no verdict on the target but on the data: shown only when some target has them.
    public var isAboutTheData: Bool { self == .incomplete || self == .inconsistent }

    /// Worse statuses sort later: a span is as good as its worst year. A year whose data is incomplete or
    /// inconsistent keeps a span from being achieved; a year not achieved makes it not achieved.
    var severity: Int {
        switch self {
        case .achieved: 0
        case .onTrack: 1
        case .atRisk: 2
        case .incomplete: 3
        case .inconsistent: 4
        case .notAchieved: 5
        case .noData: -1
        }
    }
}

/// A value of a measure with the numbers it was made from.
public struct MeasuredValue: Sendable, Equatable {
    public var value: Double
    public var numerator: Double
    public var denominator: Double?

    public init(numerator: Double, denominator: Double? = nil) {
        self.numerator = numerator
        self.denominator = denominator
        if let denominator { value = denominator == 0 ? .nan : numerator / denominator * 100 } else { value = numerator }
    }
}

/// The result of judging a target: status, the value and threshold, the sentence that explains them, and which
/// units the figures include.
public struct TargetEvaluation: Sendable, Equatable {
    public var status: TargetStatus
    public var value: Double?
    public var threshold: Double?
    public var current: MeasuredValue?
    public var comparison: MeasuredValue?
    public var explanationEn: String
    public var explanationVi: String
    /// Which of the expected units (and half-years) the figures include; nil when the totals do not say (totals
    /// written by hand) or the target is not measured.
    public var coverage: Coverage?

    public init(
        status: TargetStatus, value: Double?, threshold: Double?, current: MeasuredValue?, comparison: MeasuredValue?,
        explanationEn: String, explanationVi: String, coverage: Coverage? = nil
    ) {
        self.status = status; self.value = value; self.threshold = threshold; self.current = current
        self.comparison = comparison; self.explanationEn = explanationEn; self.explanationVi = explanationVi
        self.coverage = coverage
    }

    public func explanation(_ language: Language) -> String { language == .en ? explanationEn : explanationVi }
}
