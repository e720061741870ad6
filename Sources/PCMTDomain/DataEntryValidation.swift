import Foundation

/// Checks a form of reported numbers before anything is saved: what is wrong (refused, by ``DataValueRules``) and
/// what looks odd (warned).
public enum DataEntryValidation {
    /// A value of the form: element, category ("" for none) and the text typed.
    public struct Entry: Sendable, Equatable {
        public var element: String
        public var category: String
        public var text: String

        public init(element: String, category: String = "", text: String) {
            self.element = element; self.category = category; self.text = text
        }

        public var key: String { category.isEmpty ? element : "\(element)__\(category)" }
    }

    /// The numbers read from a form (nil where the field was left empty) in `notation` — the notation the form was
    /// printed in (``ValueText``) — and the problems of the texts that are not values of their element
    /// (``DataValueRules/read(_:element:notation:field:)``: not a number, a count with decimals, out of bounds).
    /// The rules that need the unit, the period and the saved values are ``DataValueRules/problems(_:)``.
    public static func parse(
        _ entries: [Entry], elements: [DataElement], notation: Language = .vi
    ) -> (values: [String: Double?], problems: [FieldProblem]) {
        let byCode = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var values: [String: Double?] = [:]
        var problems: [FieldProblem] = []
        for entry in entries {
            guard let element = byCode[entry.element] else {
                problems.append(
                    FieldProblem(
                        field: entry.key, en: "Unknown data element \(entry.element).",
                        vi: "Không có chỉ số dữ liệu \(entry.element)."))
                continue
            }
            switch DataValueRules.read(entry.text, element: element, notation: notation, field: entry.key) {
            case .success(let value): values[entry.key] = .some(value)
            case .failure(let problem): problems.append(problem)
            }
        }
        return (values, problems)
    }

    /// Whether the person changed a field of a form: its text differs from the text the page printed for it
    /// (`printed`, sent back with the form; spaces around ignored). Without it (a client that does not send it) every
    /// field counts as typed. A field not touched is never written, so that a value someone saved after the page was
    /// printed is neither overwritten nor a conflict: only what the person changed is compared with what is saved.
    public static func touched(_ text: String, printed: String?) -> Bool {
        guard let printed else { return true }
        return text.trimmingSpace != printed.trimmingSpace
    }

    /// A value far from what the unit reported before: more than three times or under a third of the earlier
    /// average, and not just a few units off. A warning, never a refusal.
    public static func isUnusual(_ value: Double, earlier: [Double]) -> Bool {
        guard !earlier.isEmpty else { return false }
        let mean = earlier.reduce(0, +) / Double(earlier.count)
        if mean == 0 { return value >= 20 }
        return abs(value - mean) >= 5 && (value > mean * 3 || value < mean / 3)
    }
}
