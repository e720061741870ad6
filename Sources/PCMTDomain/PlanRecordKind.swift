import Foundation

/// The parts of a plan that the standing office edits one by one, each with its own version.
public enum PlanRecordKind: String, Sendable, CaseIterable, Codable {
    case plan, group, target, task, solution, assignment, duty, project, subproject

    /// The fields of a record of this kind, in the order a form shows them.
    public var fieldKeys: [String] {
        switch self {
        case .plan:
            [
                "code", "title", "titleEn", "issuer", "issuedOn", "place", "implements", "startYear", "endYear",
                "baselineYear", "generalObjective", "predecessor",
            ]
        case .group: ["number", "text", "titleEn"]
        case .target:
            [
                "group", "code", "text", "titleEn", "ruleKind", "threshold", "base", "deadlineYear", "indicator",
                "indicatorEn", "responsible", "numerator", "denominator", "cumulative",
            ]
        case .task: ["number", "text", "titleEn", "solutionGroup"]
        case .solution: ["number", "title", "titleEn", "points"]
        case .assignment: ["number", "assignee", "assigneeEn", "units", "intro"]
        case .duty: ["label", "text", "role", "partners", "bullets", "keyTask"]
        case .project: ["code", "number", "title", "titleEn", "assignment", "leadUnit", "guidance"]
        case .subproject: ["code", "number", "title", "titleEn"]
        }
    }

    /// Fields that may not be left empty.
    public var requiredKeys: Set<String> {
        switch self {
        case .plan: ["code", "title", "issuer", "issuedOn", "place", "startYear", "endYear", "baselineYear"]
        case .group: ["number", "text"]
        case .target: ["group", "code", "text", "ruleKind", "base", "indicator"]
        case .task: ["number", "text"]
        case .solution: ["number", "title"]
        case .assignment: ["number", "assignee"]
        case .duty: ["text", "role"]
        case .project: ["code", "number", "title", "assignment"]
        case .subproject: ["code", "number", "title"]
        }
    }
}

/// A field of an edited record that cannot be saved as it is, and why.
public struct FieldProblem: Sendable, Equatable {
    public var field: String
    public var messageEn: String
    public var messageVi: String

    public init(field: String, en: String, vi: String) {
        self.field = field; self.messageEn = en; self.messageVi = vi
    }

    public func message(_ language: Language) -> String { language == .en ? messageEn : messageVi }
}

/// Checks an edited record before anything is saved. Values come as text, as typed in a form.
public enum PlanRecordValidation {
    /// `plan` is the plan as it stands (years, assignments, groups); `knownUnits` are the valid unit codes.
    public static func problems(
        kind: PlanRecordKind, fields: [String: String], plan: Plan?,
        knownUnits: Set<String>, knownElements: [DataElement]? = nil
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func value(_ key: String) -> String { (fields[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        for key in kind.fieldKeys where kind.requiredKeys.contains(key) && value(key).isEmpty {
            problems.append(FieldProblem(field: key, en: "This field is required.", vi: "Trường này không được để trống."))
        }
        func wholeNumber(_ key: String, in range: ClosedRange<Int>, en: String, vi: String) {
            let text = value(key)
            guard !text.isEmpty else { return }
            guard let number = Int(text), range.contains(number) else {
                problems.append(FieldProblem(field: key, en: en, vi: vi))
                return
            }
        }
        func unitCodes(_ key: String) {
            let unknown = codeList(value(key)).filter { !knownUnits.contains($0) }
            if !unknown.isEmpty {
                let list = unknown.joined(separator: ", ")
                problems.append(FieldProblem(field: key, en: "Unknown unit code: \(list).", vi: "Mã đơn vị không tồn tại: \(list)."))
            }
        }
        switch kind {
        case .plan:
            wholeNumber("startYear", in: 1990...2100, en: "A year between 1990 and 2100.", vi: "Năm từ 1990 đến 2100.")
            wholeNumber("endYear", in: 1990...2100, en: "A year between 1990 and 2100.", vi: "Năm từ 1990 đến 2100.")
            wholeNumber("baselineYear", in: 1990...2100, en: "A year between 1990 and 2100.", vi: "Năm từ 1990 đến 2100.")
            if let start = Int(value("startYear")), let end = Int(value("endYear")), end < start {
                problems.append(
                    FieldProblem(
                        field: "endYear", en: "The end year is before the start year.",
                        vi: "Năm kết thúc trước năm bắt đầu."))
            }
            if let start = Int(value("startYear")), let baseline = Int(value("baselineYear")), baseline >= start {
                problems.append(
                    FieldProblem(
                        field: "baselineYear", en: "The baseline year must be before the start year.",
                        vi: "Năm gốc phải trước năm bắt đầu."))
            }
            if !value("issuedOn").isEmpty, !isISODate(value("issuedOn")) {
                problems.append(FieldProblem(field: "issuedOn", en: "A date as yyyy-mm-dd.", vi: "Ngày theo dạng yyyy-mm-dd."))
            }
        case .group, .task, .solution, .assignment:
            wholeNumber("number", in: 1...999, en: "A whole number from 1 to 999.", vi: "Số nguyên từ 1 đến 999.")
            if kind == .assignment { unitCodes("units") }
        case .target:
            let ruleKind = RuleKind(rawValue: value("ruleKind"))
            if !value("base").isEmpty, RuleBase(rawValue: value("base")) == nil {
                problems.append(FieldProblem(field: "base", en: "Unknown comparison base.", vi: "Cơ sở so sánh không hợp lệ."))
            }
            // The rule's type, threshold, deadline and a share rule's measure: one rule, ``TargetRuleValidation``.
            problems += TargetRuleValidation.problems(
                kindText: value("ruleKind"), thresholdText: value("threshold"), deadlineText: value("deadlineYear"),
                numerator: codeList(value("numerator")), denominator: codeList(value("denominator")), elements: knownElements)
            if !value("deadlineYear").isEmpty, let plan {
                if let year = Int(value("deadlineYear")) {
                    if !(plan.startYear...plan.endYear).contains(year) {
                        problems.append(
                            FieldProblem(
                                field: "deadlineYear",
                                en: "The deadline must be within the plan's years \(plan.startYear)–\(plan.endYear).",
                                vi: "Năm đích phải trong giai đoạn \(plan.startYear)–\(plan.endYear) của kế hoạch."))
                    }
                } else {
                    problems.append(FieldProblem(field: "deadlineYear", en: "A year.", vi: "Phải là một năm."))
                }
            }
            if let knownElements {
                // The measure's terms and its denominator against the plan's elements: one rule, ``MeasureRules``.
                problems += MeasureRules.problems(
                    kind: ruleKind, numerator: codeList(value("numerator")), denominator: codeList(value("denominator")),
                    elements: knownElements)
            }
            if let plan {
                let numbers = Set(plan.assignments.map(\.number))
                let given = codeList(value("responsible"))
                let wrong = given.filter { Int($0).map { !numbers.contains($0) } ?? true }
                if !wrong.isEmpty {
                    problems.append(
                        FieldProblem(
                            field: "responsible", en: "No such assignee: \(wrong.joined(separator: ", ")).",
                            vi: "Không có đơn vị được phân công: \(wrong.joined(separator: ", "))."))
                }
                if let group = Int(value("group")), !plan.targetGroups.contains(where: { $0.number == group }) {
                    problems.append(FieldProblem(field: "group", en: "No such target group.", vi: "Không có nhóm mục tiêu này."))
                }
            }
        case .duty:
            if !value("role").isEmpty, DutyRole(rawValue: value("role")) == nil {
                problems.append(FieldProblem(field: "role", en: "Unknown role.", vi: "Vai trò không hợp lệ."))
            }
            unitCodes("partners")
            if !value("keyTask").isEmpty {
                let number = Int(value("keyTask"))
                if number == nil || (plan.map { plan in !plan.tasks.contains { $0.number == number } } ?? false) {
                    problems.append(
                        FieldProblem(
                            field: "keyTask", en: "The number of a key task of section II.",
                            vi: "Số thứ tự một nhiệm vụ trọng tâm tại mục II."))
                }
            }
        case .task:
            if !value("solutionGroup").isEmpty {
                let number = Int(value("solutionGroup"))
                if number == nil || (plan.map { plan in !plan.solutions.contains { $0.number == number } } ?? false) {
                    problems.append(
                        FieldProblem(
                            field: "solutionGroup", en: "The number of a solution group of section III.",
                            vi: "Số thứ tự một nhóm giải pháp tại mục III."))
                }
            }
        case .project:
            if let plan, let number = Int(value("assignment")), !plan.assignments.contains(where: { $0.number == number }) {
                problems.append(FieldProblem(field: "assignment", en: "No such assignee.", vi: "Không có đơn vị được phân công này."))
            } else if !value("assignment").isEmpty, Int(value("assignment")) == nil {
                problems.append(FieldProblem(field: "assignment", en: "An assignee number.", vi: "Số thứ tự đơn vị được phân công."))
            }
            unitCodes("leadUnit")
        case .subproject:
            break
        }
        return problems
    }

    /// "62-CAT, 608 611" → ["62-CAT", "608", "611"].
    public static func codeList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
    }

    /// One item a line, blank lines dropped.
    public static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func isISODate(_ text: String) -> Bool {
        guard let date = OfficialDate(iso: text) else { return false }
        return (1900...2100).contains(date.year)
    }
}
