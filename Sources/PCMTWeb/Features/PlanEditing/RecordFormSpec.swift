import PCMTDomain

/// How each field of an editable plan record is labelled and typed in a form.
struct FieldSpec {
    enum Input {
        case text, number, date, textarea(rows: Int), lines, codes
        case select([(value: String, label: String)])
    }

    var key: String
    var label: String
    var input: Input
    var help: String?
}

enum RecordFormSpec {
    static func kindName(_ kind: PlanRecordKind, t: Localizer) -> String {
        switch kind {
        case .plan: t("plan", "kế hoạch")
        case .group: t("target group", "nhóm mục tiêu")
        case .target: t("target", "chỉ tiêu")
        case .task: t("key task", "nhiệm vụ trọng tâm")
        case .solution: t("solution group", "nhóm giải pháp")
        case .assignment: t("assignee", "đơn vị được phân công")
        case .duty: t("duty", "nhiệm vụ được giao")
        case .project: t("project", "dự án")
        case .subproject: t("sub-project", "tiểu dự án")
        }
    }

    static func fields(_ kind: PlanRecordKind, plan: Plan, t: Localizer) -> [FieldSpec] {
        kind.fieldKeys.map { key in
            FieldSpec(
                key: key, label: label(key, kind: kind, t: t), input: input(key, kind: kind, plan: plan, t: t),
                help: help(key, kind: kind, t: t))
        }
    }

    static func labels(_ kind: PlanRecordKind, plan: Plan, t: Localizer) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fields(kind, plan: plan, t: t).map { ($0.key, $0.label) })
    }

    static func label(_ key: String, kind: PlanRecordKind, t: Localizer) -> String {
        switch key {
        case "code": t("Code", "Mã / số hiệu")
        case "title": t("Title", "Tên")
        case "titleEn": t("English title", "Tên tiếng Anh")
        case "issuer": t("Issuing body", "Cơ quan ban hành")
        case "issuedOn": t("Issued on", "Ngày ban hành")
        case "place": t("Place", "Địa danh")
        case "implements": t("Implements", "Căn cứ thực hiện")
        case "startYear": t("First year", "Năm bắt đầu")
        case "endYear": t("Last year", "Năm kết thúc")
        case "baselineYear": t("Baseline year", "Năm gốc")
        case "predecessor": t("Follows the plan (its number)", "Kế hoạch trước (số, ký hiệu)")
        case "generalObjective": t("General objective", "Mục tiêu chung")
        case "number": t("Number", "Số thứ tự")
        case "text": kind == .duty ? t("Duty", "Nội dung nhiệm vụ") : t("Text", "Nội dung")
        case "group": t("Target group", "Nhóm mục tiêu")
        case "ruleKind": t("Rule type", "Loại chỉ tiêu")
        case "threshold": t("Threshold (%)", "Ngưỡng (%)")
        case "base": t("Comparison base", "Cơ sở so sánh")
        case "deadlineYear": t("Deadline year", "Năm đích")
        case "indicator": t("Indicator", "Chỉ số")
        case "indicatorEn": t("Indicator in English", "Chỉ số (tiếng Anh)")
        case "responsible": t("Responsible assignees (numbers)", "Đơn vị chịu trách nhiệm (số thứ tự)")
        case "points": t("Points (one a line)", "Các nội dung (mỗi dòng một nội dung)")
        case "assignee": t("Assignee", "Đơn vị được phân công")
        case "assigneeEn": t("Assignee in English", "Tên tiếng Anh")
        case "units": t("Unit codes", "Mã đơn vị")
        case "intro": t("Introduction", "Nội dung chung")
        case "label": t("Label (a, b, … or empty)", "Ký hiệu (a, b, … hoặc để trống)")
        case "role": t("Role", "Vai trò")
        case "partners": t("Partner unit codes", "Mã đơn vị phối hợp")
        case "bullets": t("Sub-points (one a line)", "Các ý (mỗi dòng một ý)")
        case "assignment": t("Assignee number", "Số thứ tự đơn vị được phân công")
        case "leadUnit": t("Lead unit code", "Mã đơn vị chủ trì")
        case "guidance": t("Guided by", "Theo chỉ đạo, hướng dẫn của")
        case "numerator": t("Computed from (data element codes)", "Tính từ (mã chỉ số dữ liệu)")
        case "denominator": t("Divided by (codes, for a ratio)", "Chia cho (mã, nếu là tỷ lệ)")
        case "cumulative": t("Cumulative since the first year", "Cộng dồn từ năm đầu")
        case "keyTask": t("Reported under key task", "Báo cáo theo nhiệm vụ trọng tâm")
        case "solutionGroup": t("Solution group", "Thuộc nhóm giải pháp")
        default: key
        }
    }

    static func input(_ key: String, kind: PlanRecordKind, plan: Plan, t: Localizer) -> FieldSpec.Input {
        switch key {
        case "number":
            return kind == .project || kind == .subproject ? .text : .number
        case "startYear", "endYear", "baselineYear", "deadlineYear", "threshold":
            return .number
        case "issuedOn": return .date
        case "title":
            return kind == .plan ? .textarea(rows: 4) : .text
        case "text", "implements", "generalObjective", "intro": return .textarea(rows: 4)
        case "points", "bullets": return .lines
        case "units", "partners", "responsible", "numerator", "denominator": return .codes
        case "cumulative": return .select([("0", t("No", "Không")), ("1", t("Yes", "Có"))])
        case "ruleKind":
            return .select(
                RuleKind.allCases.map { kind in
                    (
                        kind.rawValue,
                        "\(ruleKindName(kind, t: t)) — \(t("e.g.", "ví dụ")) \(example(kind, plan: plan, t: t))"
                    )
                })
        case "base":
            return .select(RuleBase.allCases.map { ($0.rawValue, baseName($0, t: t)) })
        case "role":
            return .select(DutyRole.allCases.map { ($0.rawValue, t.roleName($0)) })
        case "group":
            return .select(plan.targetGroups.map { (String($0.number), "\($0.number). \(String($0.text.prefix(80)))") })
        case "keyTask":
            return .select([("", t("(none)", "(không)"))] + plan.tasks.map { (String($0.number), "\($0.number). \(String($0.text.prefix(80)))") })
        case "solutionGroup":
            return .select(
                [("", t("(none)", "(không)"))] + plan.solutions.map { (String($0.number), "\($0.number). \(String($0.title.prefix(80)))") })
        case "assignment":
            return .select(plan.assignments.map { (String($0.number), "\($0.number). \($0.assignee)") })
        default:
            return .text
        }
    }

    static func help(_ key: String, kind: PlanRecordKind, t: Localizer) -> String? {
        switch key {
        case "units", "partners": t("Codes separated by commas, e.g. 62-CAT, 608", "Các mã cách nhau bởi dấu phẩy, ví dụ 62-CAT, 608")
        case "responsible": t("Numbers from section IV separated by commas, e.g. 1, 21", "Số thứ tự ở mục IV, cách nhau bởi dấu phẩy, ví dụ 1, 21")
        case "numerator", "denominator":
            t(
                "e.g. drug_cases_detected; a leading - subtracts; count:commune counts communes; code@baseline reads the baseline year",
                "ví dụ drug_cases_detected; dấu - phía trước là trừ; count:commune là số xã; mã@baseline lấy năm gốc")
        case "threshold":
            t(
                "A percentage; the rule type says how it is compared: 3 for “up more than 3%”, 5 for “≥ 5%”, 50 for “at least 50%”",
                "Phần trăm; loại chỉ tiêu quyết định cách so sánh: 3 cho “tăng trên 3%”, 5 cho “tăng từ 5% trở lên (≥)”, 50 cho “ít nhất 50%”")
        case "predecessor":
            t(
                "The number of the plan this one succeeds, e.g. 3959/KH-UBND; it must end before this plan's first year. Empty for none.",
                "Số, ký hiệu của kế hoạch mà kế hoạch này kế tiếp, ví dụ 3959/KH-UBND; kế hoạch đó phải kết thúc trước năm bắt đầu của kế hoạch này. Để trống nếu không có."
            )
        case "deadlineYear":
            t(
                "Only for a cumulative target or a share of units (“by 2030”); within the plan's years",
                "Chỉ cho chỉ tiêu cộng dồn hoặc tỷ lệ đơn vị đạt (“đến năm 2030”); trong giai đoạn của kế hoạch")
        default: nil
        }
    }

    /// The rule's words with an example threshold and the plan's last year: "Ít nhất 50% số xã đến năm 2030".
    static func example(_ kind: RuleKind, plan: Plan, t: Localizer) -> String {
        let measure: Measure? = kind.family == .unitShare ? .unitShare(element: "commune_drug_free", level: .commune) : nil
        return TargetRule(kind: kind, threshold: exampleThreshold(kind), deadlineYear: plan.endYear).plainWords(t.language, measure: measure)
    }

    static func exampleThreshold(_ kind: RuleKind) -> Double? {
        switch kind.family {
        case .growth: kind.comparison?.isUpward == true ? 5 : 1
        case .ratio: kind == .ratioEquals ? 100 : kind.comparison?.isUpward == true ? 80 : 10
        case .cumulativeRatio: kind.comparison?.isUpward == true ? 80 : 10
        case .unitShare: kind.comparison?.isUpward == true ? 50 : 10
        case .increase, .decrease, .noNew, .eradicated, .qualitative: nil
        }
    }

    /// The name of a rule type in the form's list, with its comparison in words and sign.
    static func ruleKindName(_ kind: RuleKind, t: Localizer) -> String {
        switch kind {
        case .increase: t("increase", "tăng")
        case .decreaseEveryYear: t("decrease every year", "giảm hằng năm")
        case .growthAbove: t("growth above (>)", "tăng trên (>)")
        case .growthAtLeast: t("growth at least (≥)", "tăng từ … trở lên (≥)")
        case .growthBelow: t("growth under (<)", "tăng dưới (<)")
        case .growthAtMost: t("growth at most (≤)", "tăng không quá (≤)")
        case .ratioAbove: t("ratio above (>)", "tỷ lệ trên (>)")
        case .ratioAtLeast: t("ratio at least (≥)", "tỷ lệ ít nhất, từ … trở lên (≥)")
        case .ratioBelow: t("ratio under (<)", "tỷ lệ dưới (<)")
        case .ratioAtMost: t("ratio at most (≤)", "tỷ lệ không quá (≤)")
        case .ratioEquals: t("ratio reaching (≥, as stored by older plans)", "tỷ lệ đạt (≥, như kế hoạch cũ)")
        case .cumulativeRatioBy: t("cumulative ratio above (>) by a year", "tỷ lệ cộng dồn trên (>) đến năm")
        case .cumulativeRatioAtLeastBy: t("cumulative ratio at least (≥) by a year", "tỷ lệ cộng dồn ít nhất (≥) đến năm")
        case .cumulativeRatioBelowBy: t("cumulative ratio under (<) by a year", "tỷ lệ cộng dồn dưới (<) đến năm")
        case .cumulativeRatioAtMostBy: t("cumulative ratio at most (≤) by a year", "tỷ lệ cộng dồn không quá (≤) đến năm")
        case .unitShareAboveBy:
            t("share of units above (>) by a year (yes/no element / count:level)", "tỷ lệ đơn vị đạt trên (>) đến năm (chỉ số có/không / count:cấp)")
        case .unitShareAtLeastBy:
            t(
                "share of units at least (≥) by a year (yes/no element / count:level)",
                "tỷ lệ đơn vị đạt ít nhất (≥) đến năm (chỉ số có/không / count:cấp)")
        case .unitShareBelowBy:
            t("share of units under (<) by a year (yes/no element / count:level)", "tỷ lệ đơn vị dưới (<) đến năm (chỉ số có/không / count:cấp)")
        case .unitShareAtMostBy:
            t(
                "share of units at most (≤) by a year (yes/no element / count:level)",
                "tỷ lệ đơn vị không quá (≤) đến năm (chỉ số có/không / count:cấp)")
        case .noNew: t("no new", "không phát sinh mới")
        case .eradicated: t("eradicated", "xóa bỏ")
        case .qualitative: t("qualitative", "định tính")
        }
    }

    static func baseName(_ base: RuleBase, t: Localizer) -> String {
        switch base {
        case .previousYear: t("the previous year", "năm trước")
        case .denominator: t("a part of a whole", "tỷ lệ trên tổng số")
        case .none: t("none", "không")
        }
    }
}
