import Foundation

/// Checks a form of reported numbers before anything is saved: what is wrong (refused) and what looks odd (warned).
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

    /// The numbers read from the form (nil where the field was left empty) and the problems that stop a save.
    public static func parse(_ entries: [Entry], elements: [DataElement]) -> (values: [String: Double?], problems: [FieldProblem]) {
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
            let text = entry.text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            if text.isEmpty { values[entry.key] = .some(nil); continue }
            guard let number = Double(text), number.isFinite else {
                problems.append(
                    FieldProblem(
                        field: entry.key, en: "\(element.nameEn ?? element.name): “\(entry.text)” is not a number.",
                        vi: "\(element.name): “\(entry.text)” không phải là số."))
                continue
            }
            switch element.valueType {
            case .count where number < 0 || number.rounded() != number:
                problems.append(
                    FieldProblem(
                        field: entry.key, en: "\(element.nameEn ?? element.name): a whole number of 0 or more.",
                        vi: "\(element.name): phải là số nguyên không âm."))
            case .quantity where number < 0:
                problems.append(
                    FieldProblem(
                        field: entry.key, en: "\(element.nameEn ?? element.name): a number of 0 or more.",
                        vi: "\(element.name): phải là số không âm."))
            case .yesNo where number != 0 && number != 1:
                problems.append(
                    FieldProblem(
                        field: entry.key, en: "\(element.nameEn ?? element.name): 1 for yes or 0 for no.",
                        vi: "\(element.name): 1 là có, 0 là không."))
            default:
                values[entry.key] = number
            }
        }
        return (values, problems)
    }

    /// Parts may not exceed their whole (verified ≤ leads, reached ≤ total); `totals` are the element totals after
    /// the save, summed over categories.
    public static func partProblems(totals: [String: Double], elements: [DataElement]) -> [FieldProblem] {
        elements.compactMap { element in
            guard let whole = element.partOf, let part = totals[element.code], let of = totals[whole], part > of else { return nil }
            let wholeName = elements.first { $0.code == whole }
            return FieldProblem(
                field: element.code,
                en:
                    "\(element.nameEn ?? element.name) (\(Format.number(part, .en))) exceeds \(wholeName?.nameEn ?? whole) (\(Format.number(of, .en))).",
                vi: "\(element.name) (\(Format.number(part, .vi))) lớn hơn \(wholeName?.name ?? whole) (\(Format.number(of, .vi))).")
        }
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
