import Foundation

/// The status of a target for one unit and period.
public enum TargetStatus: String, Codable, Sendable, CaseIterable {
    case achieved
    case onTrack = "on_track"
    case atRisk = "at_risk"
    case notAchieved = "not_achieved"
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
        case .noData: "…"
        }
    }

    /// Worse statuses sort later: a span is as good as its worst year.
    var severity: Int {
        switch self {
        case .achieved: 0
        case .onTrack: 1
        case .atRisk: 2
        case .notAchieved: 3
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

/// The result of judging a target: status, the value and threshold, and the sentence that explains them.
public struct TargetEvaluation: Sendable, Equatable {
    public var status: TargetStatus
    public var value: Double?
    public var threshold: Double?
    public var current: MeasuredValue?
    public var comparison: MeasuredValue?
    public var explanationEn: String
    public var explanationVi: String

    public func explanation(_ language: Language) -> String { language == .en ? explanationEn : explanationVi }
}
