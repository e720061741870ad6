import Foundation

/// A reporting period with a DHIS2-style identifier: "2022" (year), "2022S1"/"2022S2" (half-year),
/// "2021-2023" (a review span of whole years).
public enum Period: Hashable, Sendable, Comparable, CustomStringConvertible {
    case year(Int)
    case halfYear(Int, half: Int)
    case span(from: Int, to: Int)

    public init?(_ identifier: String) {
        // Spaces around are ignored; a text that starts and ends with a digit has none (no need for Foundation).
        let bytes = identifier.utf8
        let text =
            (bytes.first.map { (0x30...0x39).contains($0) } ?? false) && (bytes.last.map { (0x30...0x39).contains($0) } ?? false)
            ? identifier : identifier.trimmingCharacters(in: .whitespaces)
        if let year = Int(text), (1900...2999).contains(year) {
            self = .year(year)
        } else if text.count == 6, let s = text.firstIndex(of: "S"),
            let year = Int(text[..<s]), let half = Int(text[text.index(after: s)...]),
            (1900...2999).contains(year), half == 1 || half == 2
        {
            self = .halfYear(year, half: half)
        } else {
            let parts = text.split(separator: "-")
            guard parts.count == 2, let from = Int(parts[0]), let to = Int(parts[1]),
                (1900...2999).contains(from), from < to, to <= 2999
            else { return nil }
            self = .span(from: from, to: to)
        }
    }

    public var description: String {
        switch self {
        case .year(let y): "\(y)"
        case .halfYear(let y, let half): "\(y)S\(half)"
        case .span(let from, let to): "\(from)-\(to)"
        }
    }

    /// The period in words: "năm 2022", "6 tháng cuối năm 2022"; "2022", "the second half of 2022".
    public func phrase(_ language: Language) -> String {
        switch (self, language) {
        case (.year(let y), .vi): "năm \(y)"
        case (.year(let y), .en): "\(y)"
        case (.halfYear(let y, let half), .vi): half == 1 ? "6 tháng đầu năm \(y)" : "6 tháng cuối năm \(y)"
        case (.halfYear(let y, let half), .en): half == 1 ? "the first half of \(y)" : "the second half of \(y)"
        case (.span(let from, let to), _): "\(from)–\(to)"
        }
    }

    /// A review span of several years.
    public var isSpan: Bool {
        if case .span = self { return true }
        return false
    }

    public var firstYear: Int {
        switch self {
        case .year(let y), .halfYear(let y, _): y
        case .span(let from, _): from
        }
    }

    public var lastYear: Int {
        switch self {
        case .year(let y), .halfYear(let y, _): y
        case .span(_, let to): to
        }
    }

    /// The period of the same kind just before this one (the comparison base of growth rules).
    public var previous: Period {
        switch self {
        case .year(let y): .year(y - 1)
        case .halfYear(let y, 1): .halfYear(y - 1, half: 2)
        case .halfYear(let y, _): .halfYear(y, half: 1)
        case .span(let from, let to): .span(from: from - (to - from + 1), to: from - 1)
        }
    }

    private var sortKey: (Int, Int, Int) {
        switch self {
        case .year(let y): (y, 3, 0)
        case .halfYear(let y, let half): (y, half, 0)
        case .span(let from, let to): (to, 4, from)
        }
    }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.sortKey < rhs.sortKey }
}
