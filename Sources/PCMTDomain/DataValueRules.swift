import Foundation

/// One value of a unit and period: its element and category ("" for none).
public struct DataValueKey: Hashable, Sendable, Comparable {
    public var element: String
    public var category: String

    public init(element: String, category: String = "") { self.element = element; self.category = category }

    /// The name of the value's field in the entry form and in problems: "addicts__male", "users_with_record".
    public var field: String { category.isEmpty ? element : "\(element)__\(category)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.element, lhs.category) < (rhs.element, rhs.category) }
}

/// The rules every reported value passes before it is stored, whichever way it comes (the entry form, an imported
/// .xlsx or CSV file, the JSON API): one function, so the same value is refused with the same message everywhere.
///
/// 1. **Period** — a year or a half-year from the plan's baseline year through its end year (section V of the plan
///    reports by half-year and year; the baseline year holds the figures growth targets start from).
/// 2. **Unit** — the unit existed during the period: a period that begins after the unit's last day (`validTo`) or
///    ends before its first day (`validFrom`) is refused, naming that date. A period the unit existed for in part is
///    accepted: Kon Tum's units end on 30/06/2025, so 2025S2 is refused but the year 2025 is accepted — their year
///    figures are those of the months they existed (a flow counts January to June; a stock is the last one they
///    reported), and the new units formed from them report the second half (the round of the year 2025 expects
///    those, ``RoundOpening/expectedUnits(plan:schedule:timeline:)``).
/// 3. **Element** — the element is one of the plan's, reported at the unit's level (and by the unit, for bodies),
///    and the category is one of the element's (none when it has none).
/// 3a. **Source** — the element is not one the unit derives from a registry (``Save/derived``, issue 17).
/// 4. **Value** — finite and within its type's bounds: a count is a whole number from 0 to ``maximumCount``, a
///    quantity (an area in m², an amount of money) a number from 0 to ``maximumQuantity``, a yes/no value 0 or 1.
/// 5. **Part ≤ whole** — for every element with a `partOf`, the part's total (summed over its categories) is not
///    larger than its whole's total, category by category where both are broken down the same way, over the values
///    already saved for the unit and period with the new ones laid over them. Only pairs the save touches are
///    checked, so a save is never refused for a value it does not change.
public enum DataValueRules {
    /// The largest count: one billion people, cases or plants — far above any province's figure, and far below
    /// the 2^53 up to which every whole number is exact in a Double and sums of a country's units stay exact.
    public static let maximumCount: Double = 1_000_000_000
    /// The largest quantity: 10^12 m² (a million km², three times Việt Nam) or đồng.
    public static let maximumQuantity: Double = 1_000_000_000_000

    /// The largest value of a type.
    public static func maximum(_ type: DataElement.ValueType) -> Double {
        switch type {
        case .count: maximumCount
        case .quantity: maximumQuantity
        case .yesNo: 1
        }
    }

    /// A save of values for one unit and period.
    public struct Save: Sendable {
        /// The plan's baseline and end years: the periods values may be given for.
        public var baselineYear: Int
        public var endYear: Int
        public var unit: OrgUnit
        public var period: Period
        /// Every data element of the plan.
        public var elements: [DataElement]
        /// What is saved for the unit and period now.
        public var saved: [DataValueKey: Double]
        /// The values to store: a number, or nil to clear. Only real changes.
        public var changes: [DataValueKey: Double?]
        /// The codes of the elements whose values the unit derives from a registry (issue 17, ``ValueSource``): they
        /// are not typed.
        public var derived: Set<String> = []

        public init(
            baselineYear: Int, endYear: Int, unit: OrgUnit, period: Period, elements: [DataElement], saved: [DataValueKey: Double],
            changes: [DataValueKey: Double?]
        ) {
            self.baselineYear = baselineYear; self.endYear = endYear; self.unit = unit; self.period = period
            self.elements = elements; self.saved = saved; self.changes = changes
        }

        public init(
            plan: Plan, unit: OrgUnit, period: Period, elements: [DataElement], saved: [DataValueKey: Double], changes: [DataValueKey: Double?]
        ) {
            self.init(
                baselineYear: plan.baselineYear, endYear: plan.endYear, unit: unit, period: period, elements: elements, saved: saved,
                changes: changes)
        }
    }

    /// Every reason the save may not be stored, in the order of the elements; empty when it may. A problem's
    /// `field` is "period", "unit", or the field of the value concerned (``DataValueKey/field``; the element's code
    /// for a part larger than its whole).
    public static func problems(_ save: Save) -> [FieldProblem] {
        if let problem = periodProblem(save.period, baselineYear: save.baselineYear, endYear: save.endYear) { return [problem] }
        if let problem = unitProblem(save.unit, period: save.period) { return [problem] }
        let order = Dictionary(save.elements.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        let byCode = Dictionary(save.elements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        // In the plan's order of elements, then of categories: each key's place found once, not at every comparison.
        let keys = save.changes.keys.map { key in
            (key, order[key.element] ?? Int.max, byCode[key.element]?.categories.firstIndex { $0.code == key.category } ?? -1)
        }.sorted { a, b in (a.1, a.2, a.0.element, a.0.category) < (b.1, b.2, b.0.element, b.0.category) }.map(\.0)
        var problems: [FieldProblem] = []
        var valid: [DataValueKey: Double?] = [:]
        for key in keys {
            let value = save.changes[key] ?? nil
            if let problem = elementProblem(key, elements: save.elements, unit: save.unit) {
                problems.append(problem)
                continue
            }
            if save.derived.contains(key.element) {
                problems.append(derivedProblem(key, name: byCode[key.element]?.name ?? key.element))
                continue
            }
            if let value, let element = byCode[key.element], let problem = valueProblem(value, element: element, field: key.field) {
                problems.append(problem)
                continue
            }
            valid[key] = .some(value)
        }
        return problems + partProblems(saved: save.saved, changes: valid, elements: save.elements)
    }

    /// A value the unit derives from a registry, which is not typed (issue 17, item 1).
    public static func derivedProblem(_ key: DataValueKey, name: String) -> FieldProblem {
        FieldProblem(
            field: key.field,
            en: "\(name) is derived from the registry of people under management for this unit: change the records, not the total.",
            vi: "Chỉ tiêu “\(name)” của đơn vị này được tính từ sổ quản lý người sử dụng, người nghiện ma túy: "
                + "cập nhật hồ sơ trong sổ, không nhập tay số tổng.")
    }

    // MARK: Period and unit

    /// The first and last day of a period, "yyyy-mm-dd": a half-year is January–June or July–December.
    public static func days(of period: Period) -> (first: String, last: String) {
        func year(_ y: Int) -> String {
            let digits = String(y)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
        switch period {
        case .year(let y): return ("\(year(y))-01-01", "\(year(y))-12-31")
        case .halfYear(let y, let half): return half == 1 ? ("\(year(y))-01-01", "\(year(y))-06-30") : ("\(year(y))-07-01", "\(year(y))-12-31")
        case .span(let from, let to): return ("\(year(from))-01-01", "\(year(to))-12-31")
        }
    }

    /// A year or half-year from the baseline year through the end year (field "period"), or why not.
    public static func periodProblem(_ period: Period, baselineYear: Int, endYear: Int) -> FieldProblem? {
        if period.isSpan {
            return FieldProblem(
                field: "period", en: "Values are given for a year or a half-year (2023, 2023S1), not for \(period).",
                vi: "Số liệu được nhập theo năm hoặc 6 tháng (2023, 2023S1), không theo giai đoạn \(period).")
        }
        guard period.firstYear >= baselineYear, period.lastYear <= endYear else {
            return FieldProblem(
                field: "period", en: "\(period) is outside the plan: from its baseline year \(baselineYear) to \(endYear).",
                vi: "Kỳ \(period) nằm ngoài kế hoạch: từ năm cơ sở \(baselineYear) đến năm \(endYear).")
        }
        return nil
    }

    /// Nil when the unit existed during at least part of the period; otherwise why not (field "unit"), naming the
    /// unit's last day (or first day).
    public static func unitProblem(_ unit: OrgUnit, period: Period) -> FieldProblem? {
        let (first, last) = days(of: period)
        if let end = unit.validTo, first > end {
            return FieldProblem(
                field: "unit",
                en:
                    "\(unit.nameEn ?? unit.name) (\(unit.code)) ceased to exist on \(dayText(end)): no values for \(period.phrase(.en)), which begins after that day.",
                vi:
                    "\(unit.name) (\(unit.code)) chỉ tồn tại đến hết ngày \(dayText(end)): không nhập số liệu cho \(period.phrase(.vi)), kỳ bắt đầu sau ngày đó."
            )
        }
        if let start = unit.validFrom, last < start {
            return FieldProblem(
                field: "unit",
                en:
                    "\(unit.nameEn ?? unit.name) (\(unit.code)) exists from \(dayText(start)): no values for \(period.phrase(.en)), which ends before that day.",
                vi:
                    "\(unit.name) (\(unit.code)) chỉ có từ ngày \(dayText(start)): không nhập số liệu cho \(period.phrase(.vi)), kỳ kết thúc trước ngày đó."
            )
        }
        return nil
    }

    /// "2025-06-30" → "30/06/2025".
    static func dayText(_ iso: String) -> String { OfficialDate.short(iso) }

    // MARK: Element and value

    /// Nil when the element is the plan's, the unit reports it and the category is one of the element's.
    public static func elementProblem(_ key: DataValueKey, elements: [DataElement], unit: OrgUnit) -> FieldProblem? {
        guard let element = elements.first(where: { $0.code == key.element }) else {
            return FieldProblem(
                field: key.field, en: "\(key.element) is not a data element of the plan.",
                vi: "\(key.element) không phải là chỉ số dữ liệu của kế hoạch.")
        }
        guard element.collectedAt.applies(to: unit) else {
            return FieldProblem(
                field: key.field,
                en: "\(element.code) (\(element.nameEn ?? element.name)) is not reported by \(unit.nameEn ?? unit.name) (\(unit.code)).",
                vi: "\(unit.name) (\(unit.code)) không báo cáo chỉ số \(element.code) (\(element.name)).")
        }
        let allowed = element.categories.map(\.code)
        if allowed.isEmpty ? !key.category.isEmpty : !allowed.contains(key.category) {
            return FieldProblem(
                field: key.field,
                en: allowed.isEmpty
                    ? "\(element.code) has no categories; leave the category empty."
                    : "the category of \(element.code) is one of \(allowed.joined(separator: ", ")).",
                vi: allowed.isEmpty
                    ? "\(element.code) không có phân tổ; để trống phân tổ."
                    : "phân tổ của \(element.code) là một trong \(allowed.joined(separator: ", ")).")
        }
        return nil
    }

    /// Nil when the value is finite and within the bounds of the element's type; otherwise why not, naming the
    /// element and the limit.
    public static func valueProblem(_ value: Double, element: DataElement, field: String? = nil) -> FieldProblem? {
        let field = field ?? element.code
        let name = (en: element.nameEn ?? element.name, vi: element.name)
        guard value.isFinite else {
            return FieldProblem(field: field, en: "\(name.en): not a finite number.", vi: "\(name.vi): không phải là số hữu hạn.")
        }
        let limit = maximum(element.valueType)
        switch element.valueType {
        case .count:
            if value < 0 || value.rounded() != value {
                return FieldProblem(
                    field: field,
                    en: "\(name.en): a whole number from 0 to \(ValueText.write(limit, .en)); \(ValueText.write(value, .en)) is not.",
                    vi: "\(name.vi): phải là số nguyên không âm, từ 0 đến \(ValueText.write(limit, .vi)); \(ValueText.write(value, .vi)) không phải.")
            }
        case .quantity:
            if value < 0 {
                return FieldProblem(
                    field: field, en: "\(name.en): a number from 0 to \(ValueText.write(limit, .en)); \(ValueText.write(value, .en)) is not.",
                    vi: "\(name.vi): phải là số không âm, từ 0 đến \(ValueText.write(limit, .vi)); \(ValueText.write(value, .vi)) không phải.")
            }
        case .yesNo:
            if value != 0 && value != 1 {
                return FieldProblem(
                    field: field, en: "\(name.en): 1 for yes or 0 for no.", vi: "\(name.vi): 1 là có, 0 là không.")
            }
        }
        if value > limit {
            return FieldProblem(
                field: field,
                en: "\(name.en): \(ValueText.write(value, .en)) is above the limit of \(ValueText.write(limit, .en)) for this value.",
                vi: "\(name.vi): \(ValueText.write(value, .vi)) vượt giới hạn \(ValueText.write(limit, .vi)) của chỉ số này.")
        }
        return nil
    }

    /// Reads the text typed or imported for an element in `notation` (nil: not known, an ambiguous text is refused):
    /// nil for an empty text; a count written with decimals ("1,000" in Vietnamese, even "1,0") is refused, since a
    /// count is written without them; the value's bounds are checked (``valueProblem(_:element:field:)``).
    public static func read(_ text: String, element: DataElement, notation: Language?, field: String? = nil) -> Result<Double?, FieldProblem> {
        let field = field ?? element.code
        let name = (en: element.nameEn ?? element.name, vi: element.name)
        switch ValueText.read(text, notation: notation) {
        case .failure(let refusal):
            let why = ValueText.explain(refusal, text: text, notation: notation)
            return .failure(FieldProblem(field: field, en: "\(name.en): \(why.en)", vi: "\(name.vi): \(why.vi)"))
        case .success(nil):
            return .success(nil)
        case .success(let reading?):
            if element.valueType != .quantity, reading.decimals > 0 {
                let shown = text.trimmingCharacters(in: .whitespacesAndNewlines)
                let decimal = notation == .en ? "a dot" : "a comma"
                // "1,000" in Vietnamese is one with three decimals; if the other notation reads it as a whole
                // number, that is what was probably meant: say how to write it.
                let both = ValueText.notations(of: shown)
                let meant = notation == .en ? both.vi : both.en
                var hint = (en: "", vi: "")
                if let meant, let notation, meant.rounded() == meant, meant != reading.value {
                    hint = (
                        " For \(ValueText.write(meant, .en)) write \(ValueText.write(meant, notation)).",
                        " Nếu là \(ValueText.write(meant, .vi)), hãy viết \(ValueText.write(meant, notation))."
                    )
                }
                return .failure(
                    FieldProblem(
                        field: field,
                        en:
                            "\(name.en): “\(shown)” has decimals (\(decimal) starts them), but this value is a whole number of 0 or more, written without decimals.\(hint.en)",
                        vi:
                            "\(name.vi): “\(shown)” có phần thập phân (sau dấu \(notation == .en ? "chấm" : "phẩy")), nhưng chỉ số này phải là số nguyên không âm, viết không có phần thập phân.\(hint.vi)"
                    ))
            }
            if let problem = valueProblem(reading.value, element: element, field: field) { return .failure(problem) }
            return .success(reading.value)
        }
    }

    // MARK: Part and whole

    /// Parts larger than their wholes once `changes` (nil: cleared) are laid over `saved`, for the pairs the changes
    /// touch: totals over categories, and category by category where part and whole share a category. The problem's
    /// field is the changed side (the part when both changed); the message gives both figures and says which
    /// figure was saved before.
    public static func partProblems(saved: [DataValueKey: Double], changes: [DataValueKey: Double?], elements: [DataElement]) -> [FieldProblem] {
        var after = saved
        for (key, value) in changes { after[key] = value }
        let touched = Set(changes.keys.map(\.element))
        let byCode = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [FieldProblem] = []
        for part in elements {
            guard let wholeCode = part.partOf, let whole = byCode[wholeCode], touched.contains(part.code) || touched.contains(whole.code) else {
                continue
            }
            let partKeys = after.keys.filter { $0.element == part.code }
            let wholeKeys = after.keys.filter { $0.element == whole.code }
            guard !partKeys.isEmpty, !wholeKeys.isEmpty else { continue }
            func side(_ element: DataElement, _ keys: [DataValueKey], _ category: DataElement.Category?) -> (en: String, vi: String) {
                let value = keys.reduce(0.0) { $0 + (after[$1] ?? 0) }
                let wasSaved = keys.allSatisfy { changes[$0] == nil }
                let name = (
                    en: (element.nameEn ?? element.name) + (category.map { " — \($0.nameEn ?? $0.name)" } ?? ""),
                    vi: element.name + (category.map { " — \($0.name)" } ?? "")
                )
                return (
                    "\(name.en) (\(ValueText.write(value, .en))\(wasSaved ? ", saved before" : ""))",
                    "\(name.vi) (\(ValueText.write(value, .vi))\(wasSaved ? ", đã lưu trước đó" : ""))"
                )
            }
            func problem(_ partKeys: [DataValueKey], _ wholeKeys: [DataValueKey], _ category: DataElement.Category?) -> FieldProblem {
                let p = side(part, partKeys, category)
                let w = side(whole, wholeKeys, category)
                let partChanged = partKeys.contains { changes.keys.contains($0) }
                let field =
                    category.map { DataValueKey(element: partChanged ? part.code : whole.code, category: $0.code).field }
                    ?? (partChanged ? part.code : whole.code)
                return FieldProblem(
                    field: field, en: "\(p.en) is larger than \(w.en): a part never exceeds its whole.",
                    vi: "\(p.vi) lớn hơn \(w.vi): phần không được lớn hơn tổng thể.")
            }
            var found = false
            for category in part.categories where whole.categories.contains(where: { $0.code == category.code }) {
                let partKey = DataValueKey(element: part.code, category: category.code)
                let wholeKey = DataValueKey(element: whole.code, category: category.code)
                if let p = after[partKey], let w = after[wholeKey], p > w,
                    changes.keys.contains(partKey) || changes.keys.contains(wholeKey)
                {
                    problems.append(problem([partKey], [wholeKey], category))
                    found = true
                }
            }
            let partTotal = partKeys.reduce(0.0) { $0 + (after[$1] ?? 0) }
            let wholeTotal = wholeKeys.reduce(0.0) { $0 + (after[$1] ?? 0) }
            if !found, partTotal > wholeTotal { problems.append(problem(partKeys.sorted(), wholeKeys.sorted(), nil)) }
        }
        return problems
    }
}

/// A refused value travels as the failure of a reading (``DataValueRules/read(_:element:notation:field:)``).
extension FieldProblem: Error {}
