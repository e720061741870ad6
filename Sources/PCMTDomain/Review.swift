import Foundation

/// A reviewer's comment on one item of a report (issue 14, item 4): a duty, a figure or a project. Shape: `key` is
/// "duty:1/a", "figure:drug_cases_detected" or "project:DA1"; `label` is how the item is named to people
/// ("Nhiệm vụ 1, điểm a", "Số vụ phạm tội về ma túy được phát hiện"); `text` the comment.
public struct ReviewComment: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    public var text: String

    public init(key: String, label: String, text: String) {
        self.key = key; self.label = label; self.text = text
    }

    /// The longest comment on one item, in characters.
    public static let maximumLength = 2000

    /// The comments a review form carries in fields named "item_" + key, for the items the report has (`labels`, by
    /// key, in the page's order); empty ones are left out. A comment on an item the report does not have, longer than
    /// ``maximumLength`` or holding control characters is refused with a ``FieldProblem`` naming the item: nothing a
    /// reviewer wrote is dropped without a word.
    public static func read(form: [String: String], labels: [(key: String, label: String)]) -> Result<[ReviewComment], FieldProblem> {
        let known = Set(labels.map(\.key))
        for (field, text) in form.sorted(by: { $0.key < $1.key }) where field.hasPrefix("item_") {
            let key = String(field.dropFirst("item_".count))
            guard !known.contains(key), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            return .failure(
                FieldProblem(
                    field: field, en: "This report has no item \(key) to comment on; nothing was saved.",
                    vi: "Báo cáo không có nội dung \(key) để ghi ý kiến; chưa lưu gì."))
        }
        var comments: [ReviewComment] = []
        for (key, label) in labels {
            guard let raw = form["item_" + key] else { continue }
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            guard text.count <= maximumLength, CleanText.isClean(text, rule: .text(maximumLength * 4)) else {
                return .failure(
                    FieldProblem(
                        field: "item_" + key, en: "The comment on \(label) is too long or holds characters that cannot be kept.",
                        vi: "Ý kiến về \(label) quá dài hoặc có ký tự không lưu được."))
            }
            comments.append(ReviewComment(key: key, label: label, text: text))
        }
        return .success(comments)
    }
}

/// How a figure moved from the same period a year before: the difference in the element's unit and in percent, in
/// the words officials use ("tăng 22 (+7,7%)", "giảm 3 (−10%)", "không đổi"). The percentage is nil when the earlier
/// figure is 0 (a rise from nothing has no rate) or missing.
public struct FigureChange: Sendable, Equatable {
    public var difference: Double
    public var percent: Double?

    /// nil when either figure is missing.
    public static func of(_ current: Double?, previous: Double?) -> FigureChange? {
        guard let current, let previous else { return nil }
        let difference = current - previous
        return FigureChange(difference: difference, percent: previous == 0 ? nil : difference / abs(previous) * 100)
    }

    /// "tăng 22 vụ (+7,7%)", "giảm 3 (−10%)", "không đổi"; "up 22 cases (+7.7%)", "down 3 (−10%)", "unchanged", with
    /// the element's unit of measure when given. The percentage has one decimal, none when it is whole; numbers are
    /// written in the language's notation (``ValueText``).
    public func phrase(_ language: Language, measure: String = "") -> String {
        if difference == 0 { return language == .vi ? "không đổi" : "unchanged" }
        let amount = ValueText.write(abs(difference), language) + (measure.isEmpty ? "" : " \(measure)")
        let word = difference > 0 ? (language == .vi ? "tăng" : "up") : (language == .vi ? "giảm" : "down")
        guard let percent else { return "\(word) \(amount)" }
        let rounded = (abs(percent) * 10).rounded() / 10
        let sign = difference > 0 ? "+" : "−"
        return "\(word) \(amount) (\(sign)\(ValueText.write(rounded, language))%)"
    }
}

extension Period {
    /// The same period a year before (2024S1 → 2023S1, 2024 → 2023, 2021–2023 → 2020–2022).
    public var yearBefore: Period {
        switch self {
        case .year(let y): .year(y - 1)
        case .halfYear(let y, let half): .halfYear(y - 1, half: half)
        case .span(let from, let to): .span(from: from - 1, to: to - 1)
        }
    }
}
