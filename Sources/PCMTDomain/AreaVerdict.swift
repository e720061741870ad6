/// How an area stands on a plan's targets as a whole, for the board's map (issue 14, item 5): of the targets with a
/// verdict there (achieved, on track, at risk, not achieved), how many are achieved or on track. Targets without
/// data, with incomplete or inconsistent data give no verdict and are counted apart, so that a district that has not
/// reported is grey, not red; and an area where fewer than half of the targets can be judged has no verdict as a
/// whole (two targets met of sixteen is not "most targets met").
public struct AreaVerdict: Sendable, Equatable {
    public enum Level: String, Sendable, CaseIterable {
        /// Three quarters or more of the judged targets are achieved or on track.
        case mostlyMet = "mostly_met"
        /// Half or more, under three quarters.
        case partlyMet = "partly_met"
        /// Under half.
        case mostlyNotMet = "mostly_not_met"
        /// No target can be judged.
        case noVerdict = "no_verdict"

        public func name(_ language: Language) -> String {
            switch (self, language) {
            case (.mostlyMet, .vi): "Phần lớn chỉ tiêu đạt"
            case (.mostlyMet, .en): "Most targets met"
            case (.partlyMet, .vi): "Một phần chỉ tiêu đạt"
            case (.partlyMet, .en): "Some targets met"
            case (.mostlyNotMet, .vi): "Phần lớn chỉ tiêu chưa đạt"
            case (.mostlyNotMet, .en): "Most targets not met"
            case (.noVerdict, .vi): "Chưa đánh giá được"
            case (.noVerdict, .en): "No verdict yet"
            }
        }
    }

    public var level: Level
    /// Targets achieved or on track.
    public var met: Int
    /// Targets with a verdict.
    public var judged: Int
    /// Targets without one (no, incomplete or inconsistent data).
    public var unjudged: Int

    public init(_ statuses: [TargetStatus]) {
        met = statuses.filter { $0 == .achieved || $0 == .onTrack }.count
        judged = statuses.filter { [.achieved, .onTrack, .atRisk, .notAchieved].contains($0) }.count
        unjudged = statuses.count - judged
        if judged == 0 || judged * 2 < statuses.count {
            level = .noVerdict
        } else if met * 4 >= judged * 3 {
            level = .mostlyMet
        } else if met * 2 >= judged {
            level = .partlyMet
        } else {
            level = .mostlyNotMet
        }
    }

    /// "8/12 chỉ tiêu đạt hoặc đúng tiến độ; 3 chỉ tiêu chưa đủ số liệu".
    public func phrase(_ language: Language) -> String {
        var text =
            language == .vi
            ? "\(met)/\(judged) chỉ tiêu đạt hoặc đúng tiến độ" : "\(met) of \(judged) targets achieved or on track"
        if unjudged > 0 {
            text += language == .vi ? "; \(unjudged) chỉ tiêu chưa đánh giá được" : "; \(unjudged) without a verdict"
        }
        return text
    }
}
