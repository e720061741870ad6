import Foundation

/// The checks of a target's measure against the plan's data elements (pcmt issue 16, item 4: "a target's measure is
/// picked from them and checked"), the same for the editor and the API: a measure that names an element the plan
/// does not have, or a ratio without a denominator, would leave the target without data for ever.
public enum MeasureRules {
    /// The problems of a measure whose numerator and denominator are the terms given (as
    /// ``PlanRecordValidation/codeList(_:)`` splits them), for a target with rule `kind` (nil: not known, only the
    /// terms are checked), in a plan with `elements`. Problems are of the fields "numerator" and "denominator" and
    /// name the term at fault:
    /// - a term is an element code of the plan, optionally preceded by "-" (subtracted) or followed by "@baseline"
    ///   (read at the baseline year), or "count:<level>" (the number of units of a level);
    /// - a measurable rule has a numerator;
    /// - a rule that judges a ratio (``RuleKind/judgesARatio``: ratios, cumulative ratios, shares of units) has a
    ///   denominator; a rule that judges a change over the year before (``RuleKind/judgesAChange``: increase,
    ///   decrease, growth) has none.
    public static func problems(
        kind: RuleKind?, numerator: [String], denominator: [String], elements: [DataElement]
    ) -> [FieldProblem] {
        let codes = Set(elements.map(\.code))
        var problems: [FieldProblem] = []
        for (key, terms, vi, en) in [("numerator", numerator, "Tử số", "Numerator"), ("denominator", denominator, "Mẫu số", "Denominator")] {
            for term in terms {
                var body = Substring(term)
                if body.hasPrefix("-") { body = body.dropFirst() }
                if body.hasPrefix("count:") {
                    let level = body.dropFirst("count:".count)
                    if OrgUnitLevel(rawValue: String(level)) == nil {
                        problems.append(
                            FieldProblem(
                                field: key,
                                en: "\(en): \"\(term)\" counts no known level (count:province, count:district, count:commune, count:agency).",
                                vi:
                                    "\(vi): \"\(term)\" không đếm một cấp đơn vị có thật (count:province, count:district, count:commune, count:agency)."
                            ))
                    }
                    continue
                }
                if let at = body.firstIndex(of: "@") {
                    let marker = body[body.index(after: at)...]
                    body = body[..<at]
                    if marker != "baseline" {
                        problems.append(
                            FieldProblem(
                                field: key, en: "\(en): in \"\(term)\" only \"@baseline\" may follow the code.",
                                vi: "\(vi): trong \"\(term)\" sau mã chỉ được ghi \"@baseline\" (đọc ở năm gốc)."))
                        continue
                    }
                }
                if !codes.contains(String(body)) {
                    problems.append(
                        FieldProblem(
                            field: key, en: "\(en): the plan has no data element \"\(body)\"; add it under Data elements or pick one of the plan's.",
                            vi:
                                "\(vi): kế hoạch không có chỉ số dữ liệu mã \"\(body)\"; hãy thêm ở mục Chỉ số dữ liệu hoặc chọn một chỉ số của kế hoạch."
                        ))
                }
            }
        }
        guard let kind else { return problems }
        if kind.isMeasurable, numerator.isEmpty {
            problems.append(
                FieldProblem(
                    field: "numerator", en: "Numerator: a measurable target needs the data elements it is computed from.",
                    vi: "Tử số: chỉ tiêu đo lường được cần có chỉ số dữ liệu để tính."))
        }
        if kind.judgesARatio, denominator.isEmpty {
            problems.append(
                FieldProblem(
                    field: "denominator", en: "Denominator: a ratio target (\(kind.rawValue)) needs a denominator.",
                    vi: "Mẫu số: chỉ tiêu tỷ lệ (\(kind.rawValue)) cần có mẫu số."))
        }
        if kind.judgesAChange, !denominator.isEmpty {
            problems.append(
                FieldProblem(
                    field: "denominator",
                    en: "Denominator: a target on the change over the year before (\(kind.rawValue)) has no denominator; leave it empty.",
                    vi: "Mẫu số: chỉ tiêu so sánh với năm trước (\(kind.rawValue)) không có mẫu số; hãy để trống."))
        }
        return problems
    }
}
