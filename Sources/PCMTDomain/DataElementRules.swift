import Foundation

/// A data element as typed in the editor or sent to the API, before it is checked: every choice is still text, so
/// that a wrong one is reported by its field rather than refused as unreadable input.
public struct DataElementDraft: Sendable, Equatable {
    public var code: String
    public var name: String
    public var nameEn: String
    /// The unit of measure ("người", "vụ", "m²").
    public var measure: String
    public var measureEn: String
    /// "flow", "stock" or "flag" (``DataElement/Aggregation``).
    public var aggregation: String
    /// "count", "quantity" or "yesNo" (``DataElement/ValueType``).
    public var valueType: String
    /// The level of the units that report it: "province", "district", "commune" or "agency".
    public var collectedAt: String
    /// Codes of the units that report it (empty: every unit of the level).
    public var collectedBy: [String]
    public var categories: [DataElement.Category]
    /// The code of the element this one is part of; empty for none.
    public var partOf: String

    public init(
        code: String, name: String, nameEn: String = "", measure: String, measureEn: String = "", aggregation: String,
        valueType: String, collectedAt: String, collectedBy: [String] = [], categories: [DataElement.Category] = [],
        partOf: String = ""
    ) {
        self.code = code; self.name = name; self.nameEn = nameEn; self.measure = measure; self.measureEn = measureEn
        self.aggregation = aggregation; self.valueType = valueType; self.collectedAt = collectedAt
        self.collectedBy = collectedBy; self.categories = categories; self.partOf = partOf
    }

    /// The draft of a stored element, as a form shows it.
    public init(_ element: DataElement) {
        self.init(
            code: element.code, name: element.name, nameEn: element.nameEn ?? "", measure: element.measure,
            measureEn: element.measureEn ?? "", aggregation: element.aggregation.rawValue, valueType: element.valueType.rawValue,
            collectedAt: element.collectedAt.level.rawValue, collectedBy: element.collectedAt.units, categories: element.categories,
            partOf: element.partOf ?? "")
    }
}

/// The checks of a plan's data elements (pcmt issue 16, item 4: "data elements are plan data like the rest"), the
/// same for the editor and the API. Every message is in Vietnamese and English and begins with the field's name.
public enum DataElementRules {
    /// The fields of an element, in the order the form shows them, with their Vietnamese and English names.
    public static let fields: [(key: String, vi: String, en: String)] = [
        ("code", "Mã", "Code"), ("name", "Tên", "Name"), ("nameEn", "Tên tiếng Anh", "English name"),
        ("measure", "Đơn vị tính", "Unit of measure"), ("measureEn", "Đơn vị tính tiếng Anh", "Unit of measure in English"),
        ("aggregation", "Cách tính cả năm", "How a year is made"), ("valueType", "Loại giá trị", "Type of value"),
        ("collectedAt", "Cấp báo cáo", "Level that reports it"), ("collectedBy", "Đơn vị báo cáo", "Units that report it"),
        ("categories", "Phân loại", "Categories"), ("partOf", "Là phần của", "Part of"),
    ]

    /// The longest code, name and unit of measure, and the most categories an element has.
    public static let maximumCodeLength = 60
    public static let maximumNameLength = 300
    public static let maximumMeasureLength = 40
    public static let maximumCategories = 30

    static func label(_ key: String) -> (vi: String, en: String) {
        fields.first { $0.key == key }.map { ($0.vi, $0.en) } ?? (key, key)
    }

    static func problem(_ key: String, vi: String, en: String) -> FieldProblem {
        let name = label(key)
        return FieldProblem(field: key, en: "\(name.en): \(en)", vi: "\(name.vi): \(vi)")
    }

    /// A code as pcmt writes them: a lower-case ASCII letter, then lower-case letters, digits and "_", at most
    /// ``maximumCodeLength`` characters ("drug_cases_detected"). Measures write terms as "-code" and "code@baseline"
    /// and counts as "count:commune", so those signs cannot be part of a code.
    public static func isCode(_ text: String, maximum: Int = maximumCodeLength) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.unicodeScalars.count <= maximum else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// A category's code: like an element's, but it may begin with a digit ("15_17" for an age band).
    static func isCategoryCode(_ text: String) -> Bool {
        guard !text.isEmpty, text.unicodeScalars.count <= 40 else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The categories typed one a line as "code | name" or "code | name | English name"; blank lines are skipped.
    /// A line without a "|" is a problem of the field "categories" naming the line.
    public static func categories(fromLines text: String) -> (categories: [DataElement.Category], problems: [FieldProblem]) {
        var result: [DataElement.Category] = []
        var problems: [FieldProblem] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2 || parts.count == 3 else {
                problems.append(
                    problem(
                        "categories", vi: "dòng \(index + 1) phải có dạng \"mã | tên\" (hoặc \"mã | tên | tên tiếng Anh\").",
                        en: "line \(index + 1) must read \"code | name\" (or \"code | name | English name\")."))
                continue
            }
            result.append(.init(code: parts[0], name: parts[1], nameEn: parts.count == 3 && !parts[2].isEmpty ? parts[2] : nil))
        }
        return (result, problems)
    }

    /// The categories as the form writes them, one a line.
    public static func categoryLines(_ categories: [DataElement.Category]) -> String {
        categories.map { category in
            [category.code, category.name] + (category.nameEn.map { [$0] } ?? [])
        }.map { $0.joined(separator: " | ") }.joined(separator: "\n")
    }

    /// Checks `draft` as it would stand among `others`, the plan's other elements (without the one edited), and gives
    /// the element to save, or the problems, each naming its field:
    /// - code: ``isCode(_:maximum:)``, and no other element of the plan has it;
    /// - name and unit of measure: required, at most ``maximumNameLength`` and ``maximumMeasureLength`` characters;
    /// - aggregation and value type: known ones, consistent: a flag is yes/no (a year is yes if either half is), and a
    ///   flow is not (a yes/no summed over two halves would be 2);
    /// - level: a known level; units that report it: known units (`knownUnits`, unchecked when nil), each once;
    /// - categories: at most ``maximumCategories``, each with a code of its own and a name;
    /// - part of: another element of the plan, with the same aggregation (a part of a stock is a stock), whose chain
    ///   of wholes does not come back to this element; and the elements that are part of this one keep its
    ///   aggregation.
    public static func check(
        _ draft: DataElementDraft, others: [DataElement], knownUnits: Set<String>?
    ) -> (element: DataElement?, problems: [FieldProblem]) {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let code = clean(draft.code)
        if code.isEmpty {
            problems.append(problem("code", vi: "không được để trống.", en: "required."))
        } else if !isCode(code) {
            problems.append(
                problem(
                    "code",
                    vi:
                        "\"\(code)\" không hợp lệ: chỉ gồm chữ thường không dấu (a–z), chữ số và dấu gạch dưới, bắt đầu bằng chữ, tối đa \(maximumCodeLength) ký tự.",
                    en:
                        "\"\(code)\" is not valid: lower-case letters a–z, digits and underscores, beginning with a letter, at most \(maximumCodeLength) characters."
                ))
        } else if others.contains(where: { $0.code == code }) {
            problems.append(
                problem(
                    "code", vi: "mã \"\(code)\" đã được dùng cho một chỉ số khác của kế hoạch.",
                    en: "\"\(code)\" is already the code of another element of the plan."))
        }
        let name = clean(draft.name)
        if name.isEmpty {
            problems.append(problem("name", vi: "không được để trống.", en: "required."))
        } else if name.count > maximumNameLength {
            problems.append(problem("name", vi: "tối đa \(maximumNameLength) ký tự.", en: "at most \(maximumNameLength) characters."))
        }
        let measure = clean(draft.measure)
        if measure.isEmpty {
            problems.append(problem("measure", vi: "không được để trống (ví dụ: người, vụ, điểm).", en: "required (e.g. people, cases)."))
        } else if measure.count > maximumMeasureLength {
            problems.append(problem("measure", vi: "tối đa \(maximumMeasureLength) ký tự.", en: "at most \(maximumMeasureLength) characters."))
        }
        let aggregation = DataElement.Aggregation(rawValue: clean(draft.aggregation))
        if aggregation == nil {
            problems.append(
                problem(
                    "aggregation", vi: "chọn một trong: flow (cộng hai nửa năm), stock (lấy cuối kỳ), flag (có/không).",
                    en: "one of flow, stock, flag."))
        }
        let valueType = DataElement.ValueType(rawValue: clean(draft.valueType))
        if valueType == nil {
            problems.append(
                problem(
                    "valueType", vi: "chọn một trong: count (số nguyên), quantity (số thập phân), yesNo (có/không).",
                    en: "one of count, quantity, yesNo."))
        }
        if aggregation == .flag, let valueType, valueType != .yesNo {
            problems.append(
                problem(
                    "valueType", vi: "một chỉ số có/không trong kỳ (flag) phải có loại giá trị yesNo.",
                    en: "a flag element has values of type yesNo."))
        }
        if aggregation == .flow, valueType == .yesNo {
            problems.append(
                problem(
                    "aggregation", vi: "giá trị có/không không cộng qua hai nửa năm được: chọn flag hoặc stock.",
                    en: "a yes/no value cannot be summed over two half-years: choose flag or stock."))
        }
        let level = OrgUnitLevel(rawValue: clean(draft.collectedAt))
        if level == nil {
            problems.append(
                problem("collectedAt", vi: "chọn một trong: province, district, commune, agency.", en: "one of province, district, commune, agency."))
        }
        let units = draft.collectedBy.map(clean).filter { !$0.isEmpty }
        if let knownUnits {
            let unknown = units.filter { !knownUnits.contains($0) }
            if !unknown.isEmpty {
                problems.append(
                    problem(
                        "collectedBy", vi: "không có đơn vị mã \(unknown.joined(separator: ", ")).",
                        en: "no unit with code \(unknown.joined(separator: ", "))."))
            }
        }
        if Set(units).count != units.count {
            problems.append(problem("collectedBy", vi: "một đơn vị được ghi hai lần.", en: "a unit is given twice."))
        }
        var categories: [DataElement.Category] = []
        var seen: Set<String> = []
        if draft.categories.count > maximumCategories {
            problems.append(
                problem("categories", vi: "tối đa \(maximumCategories) phân loại.", en: "at most \(maximumCategories) categories."))
        }
        for (index, category) in draft.categories.enumerated() {
            let categoryCode = clean(category.code), categoryName = clean(category.name)
            if !isCategoryCode(categoryCode) {
                problems.append(
                    problem(
                        "categories",
                        vi:
                            "phân loại thứ \(index + 1): mã \"\(categoryCode)\" chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới (tối đa 40 ký tự).",
                        en: "category \(index + 1): code \"\(categoryCode)\" must be lower-case letters, digits and underscores (at most 40)."))
            } else if !seen.insert(categoryCode).inserted {
                problems.append(
                    problem(
                        "categories", vi: "mã phân loại \"\(categoryCode)\" được ghi hai lần.",
                        en: "category code \"\(categoryCode)\" is given twice."))
            }
            if categoryName.isEmpty {
                problems.append(
                    problem("categories", vi: "phân loại thứ \(index + 1) chưa có tên.", en: "category \(index + 1) has no name."))
            }
            let english = category.nameEn.map(clean)
            categories.append(.init(code: categoryCode, name: categoryName, nameEn: english?.isEmpty == false ? english : nil))
        }
        let partOf = clean(draft.partOf)
        if !partOf.isEmpty {
            if partOf == code {
                problems.append(problem("partOf", vi: "một chỉ số không thể là phần của chính nó.", en: "an element cannot be part of itself."))
            } else if let whole = others.first(where: { $0.code == partOf }) {
                if let aggregation, whole.aggregation != aggregation {
                    problems.append(
                        problem(
                            "partOf",
                            vi:
                                "\"\(partOf)\" tính cả năm theo cách \(whole.aggregation.rawValue), chỉ số này theo cách \(aggregation.rawValue): phần và tổng phải tính như nhau.",
                            en:
                                "\"\(partOf)\" is a \(whole.aggregation.rawValue) and this element a \(aggregation.rawValue): a part is made like its whole."
                        ))
                }
                // Up the chain of wholes: it must end without coming back to this element.
                var visited: Set<String> = [code]
                var next: String? = partOf
                while let current = next {
                    if !visited.insert(current).inserted {
                        problems.append(
                            problem(
                                "partOf", vi: "\"\(partOf)\" đã là phần của chỉ số này (vòng lặp).",
                                en: "\"\(partOf)\" is itself a part of this element (a cycle)."))
                        break
                    }
                    next = others.first { $0.code == current }?.partOf
                }
            } else {
                problems.append(
                    problem("partOf", vi: "kế hoạch không có chỉ số mã \"\(partOf)\".", en: "the plan has no element with code \"\(partOf)\"."))
            }
        }
        if let aggregation {
            let parts = others.filter { $0.partOf == code && $0.aggregation != aggregation }.map(\.code)
            if !parts.isEmpty {
                problems.append(
                    problem(
                        "aggregation",
                        vi:
                            "các chỉ số \(parts.joined(separator: ", ")) là phần của chỉ số này và tính theo cách khác: phần và tổng phải tính như nhau.",
                        en: "\(parts.joined(separator: ", ")) are parts of this element and made differently: a part is made like its whole."))
            }
        }
        guard problems.isEmpty, let aggregation, let valueType, let level else { return (nil, problems) }
        func optional(_ text: String) -> String? {
            let value = clean(text)
            return value.isEmpty ? nil : value
        }
        return (
            DataElement(
                code: code, name: name, nameEn: optional(draft.nameEn), measure: measure, measureEn: optional(draft.measureEn),
                aggregation: aggregation, valueType: valueType, collectedAt: .init(level: level, units: units), categories: categories,
                partOf: partOf.isEmpty ? nil : partOf),
            []
        )
    }
}
