import Testing

@testable import PCMTDomain

/// The checks of a plan's data elements and of a target's measure (pcmt issue 16, item 4), as tables written by hand.
@Suite struct DataElementRulesTests {
    /// A plan's elements: a stock whole with a stock part, a flow, a flag.
    static let plan: [DataElement] = [
        DataElement(
            code: "users_with_record", name: "Người sử dụng có hồ sơ", measure: "người", aggregation: .stock, collectedAt: .init(level: .commune)),
        DataElement(
            code: "users_served", name: "Người được quản lý", measure: "người", aggregation: .stock, collectedAt: .init(level: .commune),
            partOf: "users_with_record"),
        DataElement(code: "cases", name: "Số vụ", measure: "vụ", aggregation: .flow, collectedAt: .init(level: .district)),
        DataElement(
            code: "propaganda", name: "Xã được tuyên truyền", measure: "có/không", aggregation: .flag, valueType: .yesNo,
            collectedAt: .init(level: .commune)),
    ]

    static func draft(_ change: (inout DataElementDraft) -> Void = { _ in }) -> DataElementDraft {
        var draft = DataElementDraft(
            code: "border_cases", name: "Số vụ phát hiện tại biên giới", measure: "vụ", aggregation: "flow", valueType: "count",
            collectedAt: "agency", collectedBy: ["62-BDBP"])
        change(&draft)
        return draft
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var draft: DataElementDraft
        /// The fields with a problem, in order; empty: saved.
        var fields: [String]
        /// A phrase the Vietnamese message must hold.
        var vi: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a valid flow of one body", draft: draft(), fields: []),
        Case(name: "code missing", draft: draft { $0.code = "  " }, fields: ["code"], vi: "Mã: không được để trống"),
        Case(name: "code with capitals", draft: draft { $0.code = "BorderCases" }, fields: ["code"], vi: "Mã: \"BorderCases\" không hợp lệ"),
        Case(name: "code beginning with a digit", draft: draft { $0.code = "1cases" }, fields: ["code"], vi: "bắt đầu bằng chữ"),
        Case(name: "code with a measure's sign", draft: draft { $0.code = "cases@baseline" }, fields: ["code"], vi: "Mã:"),
        Case(name: "code with a dash", draft: draft { $0.code = "border-cases" }, fields: ["code"], vi: "Mã:"),
        Case(name: "code too long", draft: draft { $0.code = String(repeating: "a", count: 61) }, fields: ["code"], vi: "tối đa 60 ký tự"),
        Case(name: "code of another element", draft: draft { $0.code = "cases" }, fields: ["code"], vi: "Mã: mã \"cases\" đã được dùng"),
        Case(name: "name missing", draft: draft { $0.name = "" }, fields: ["name"], vi: "Tên: không được để trống"),
        Case(name: "name too long", draft: draft { $0.name = String(repeating: "x", count: 301) }, fields: ["name"], vi: "Tên: tối đa 300"),
        Case(name: "unit of measure missing", draft: draft { $0.measure = "" }, fields: ["measure"], vi: "Đơn vị tính: không được để trống"),
        Case(name: "unknown aggregation", draft: draft { $0.aggregation = "sum" }, fields: ["aggregation"], vi: "Cách tính cả năm: chọn một trong"),
        Case(name: "unknown value type", draft: draft { $0.valueType = "text" }, fields: ["valueType"], vi: "Loại giá trị:"),
        Case(
            name: "a flag of counts", draft: draft { $0.aggregation = "flag" }, fields: ["valueType"],
            vi: "Loại giá trị: một chỉ số có/không trong kỳ (flag) phải có loại giá trị yesNo"),
        Case(
            name: "a flag of yes/no",
            draft: draft {
                $0.aggregation = "flag"; $0.valueType = "yesNo"
            }, fields: []),
        Case(
            name: "a stock of yes/no",
            draft: draft {
                $0.aggregation = "stock"; $0.valueType = "yesNo"
            }, fields: []),
        Case(
            name: "a flow of yes/no", draft: draft { $0.valueType = "yesNo" }, fields: ["aggregation"],
            vi: "Cách tính cả năm: giá trị có/không không cộng qua hai nửa năm"),
        Case(name: "unknown level", draft: draft { $0.collectedAt = "ward" }, fields: ["collectedAt"], vi: "Cấp báo cáo:"),
        Case(
            name: "unknown reporting unit", draft: draft { $0.collectedBy = ["62-BDBP", "99-XX"] }, fields: ["collectedBy"],
            vi: "Đơn vị báo cáo: không có đơn vị mã 99-XX"),
        Case(name: "a reporting unit twice", draft: draft { $0.collectedBy = ["62-BDBP", "62-BDBP"] }, fields: ["collectedBy"], vi: "hai lần"),
        Case(
            name: "categories with their codes",
            draft: draft { $0.categories = [.init(code: "male", name: "Nam"), .init(code: "female", name: "Nữ")] },
            fields: []),
        Case(
            name: "a category code twice", draft: draft { $0.categories = [.init(code: "male", name: "Nam"), .init(code: "male", name: "Nữ")] },
            fields: ["categories"], vi: "Phân loại: mã phân loại \"male\" được ghi hai lần"),
        Case(
            name: "a category without a name", draft: draft { $0.categories = [.init(code: "male", name: " ")] }, fields: ["categories"],
            vi: "chưa có tên"),
        Case(
            name: "a category code with a space", draft: draft { $0.categories = [.init(code: "ma le", name: "Nam")] }, fields: ["categories"],
            vi: "Phân loại:"),
        Case(
            name: "part of a flow", draft: draft { $0.partOf = "cases" }, fields: []),
        Case(
            name: "part of an unknown element", draft: draft { $0.partOf = "nothing" }, fields: ["partOf"],
            vi: "Là phần của: kế hoạch không có chỉ số mã \"nothing\""),
        Case(name: "part of itself", draft: draft { $0.partOf = "border_cases" }, fields: ["partOf"], vi: "chính nó"),
        Case(
            name: "a flow part of a stock", draft: draft { $0.partOf = "users_with_record" }, fields: ["partOf"],
            vi: "phần và tổng phải tính như nhau"),
        Case(
            name: "a new whole of an existing part: no cycle",
            draft: draft {
                $0.code = "users_total"; $0.aggregation = "stock"; $0.partOf = "users_served"
            }, fields: []),
    ]

    @Test(arguments: cases)
    func elementChecks(_ row: Case) {
        let result = DataElementRules.check(row.draft, others: Self.plan, knownUnits: ["62-BDBP", "62-CAT", "611"])
        #expect(result.problems.map(\.field) == row.fields, "\(result.problems.map(\.messageVi))")
        #expect((result.element == nil) == !row.fields.isEmpty)
        if let vi = row.vi {
            #expect(result.problems.contains { $0.messageVi.contains(vi) }, "\(result.problems.map(\.messageVi))")
        }
    }

    @Test func aSavedElementIsTheDraftCleaned() {
        let result = DataElementRules.check(
            Self.draft {
                $0.code = " border_cases "; $0.nameEn = " "; $0.categories = [.init(code: "express", name: " Chuyển phát ", nameEn: "")]
            }, others: Self.plan, knownUnits: nil)
        #expect(
            result.element
                == DataElement(
                    code: "border_cases", name: "Số vụ phát hiện tại biên giới", measure: "vụ", aggregation: .flow,
                    collectedAt: .init(level: .agency, units: ["62-BDBP"]), categories: [.init(code: "express", name: "Chuyển phát")]))
    }

    @Test func aCycleThroughTheChainOfWholesIsRefused() {
        // Editing users_with_record (the whole) to be part of users_served (its own part).
        let others = Self.plan.filter { $0.code != "users_with_record" }
        var draft = DataElementDraft(Self.plan[0])
        draft.partOf = "users_served"
        let result = DataElementRules.check(draft, others: others, knownUnits: nil)
        #expect(result.problems.map(\.field) == ["partOf"])
        #expect(result.problems.first?.messageVi == "Là phần của: \"users_served\" đã là phần của chỉ số này (vòng lặp).")
    }

    @Test func aWholeKeepsTheAggregationOfItsParts() {
        let others = Self.plan.filter { $0.code != "users_with_record" }
        var draft = DataElementDraft(Self.plan[0])
        draft.aggregation = "flow"
        let result = DataElementRules.check(draft, others: others, knownUnits: nil)
        #expect(result.problems.map(\.field) == ["aggregation"])
        #expect(result.problems[0].messageVi.contains("users_served"))
    }

    @Test func categoriesAreReadOneALine() {
        let read = DataElementRules.categories(fromLines: "male | Nam | Male\n\n female|Nữ \nno bar here\r\n")
        #expect(read.categories == [.init(code: "male", name: "Nam", nameEn: "Male"), .init(code: "female", name: "Nữ")])
        #expect(read.problems.map(\.field) == ["categories"])
        #expect(read.problems.first?.messageVi.hasPrefix("Phân loại: dòng 4 phải có dạng") == true)
        #expect(DataElementRules.categoryLines(read.categories) == "male | Nam | Male\nfemale | Nữ")
    }

    // MARK: A target's measure

    struct MeasureCase: CustomStringConvertible, Sendable {
        var name: String
        var kind: RuleKind?
        var numerator: [String]
        var denominator: [String]
        var fields: [String]
        var vi: String?
        var description: String { name }
    }

    static let measureCases: [MeasureCase] = [
        MeasureCase(name: "a growth of a flow", kind: .growthAtLeast, numerator: ["cases"], denominator: [], fields: []),
        MeasureCase(
            name: "a made-up code", kind: .growthAtLeast, numerator: ["casess"], denominator: [], fields: ["numerator"],
            vi: "Tử số: kế hoạch không có chỉ số dữ liệu mã \"casess\""),
        MeasureCase(
            name: "a made-up code in the denominator", kind: .ratioAbove, numerator: ["users_served"], denominator: ["users"],
            fields: ["denominator"], vi: "Mẫu số: kế hoạch không có chỉ số dữ liệu mã \"users\""),
        MeasureCase(name: "a ratio", kind: .ratioAbove, numerator: ["users_served"], denominator: ["users_with_record"], fields: []),
        MeasureCase(
            name: "a ratio without a denominator", kind: .ratioAbove, numerator: ["users_served"], denominator: [], fields: ["denominator"],
            vi: "Mẫu số: chỉ tiêu tỷ lệ (ratioAbove) cần có mẫu số"),
        MeasureCase(
            name: "a cumulative ratio without a denominator", kind: .cumulativeRatioBy, numerator: ["cases"], denominator: [],
            fields: ["denominator"]),
        MeasureCase(
            name: "a cumulative ratio over a baseline and a flow", kind: .cumulativeRatioBy, numerator: ["cases"],
            denominator: ["users_with_record@baseline", "cases"], fields: []),
        MeasureCase(
            name: "a marker other than baseline", kind: .cumulativeRatioBy, numerator: ["cases"], denominator: ["users_with_record@2020"],
            fields: ["denominator"], vi: "@baseline"),
        MeasureCase(name: "a share of communes", kind: .ratioEquals, numerator: ["propaganda"], denominator: ["count:commune"], fields: []),
        MeasureCase(
            name: "a count of no level", kind: .ratioEquals, numerator: ["propaganda"], denominator: ["count:village"], fields: ["denominator"],
            vi: "count:village"),
        MeasureCase(
            name: "a growth with a denominator", kind: .growthBelow, numerator: ["cases"], denominator: ["users_with_record"],
            fields: ["denominator"], vi: "Mẫu số: chỉ tiêu so sánh với năm trước (growthBelow) không có mẫu số"),
        MeasureCase(name: "an increase with a denominator", kind: .increase, numerator: ["cases"], denominator: ["cases"], fields: ["denominator"]),
        MeasureCase(name: "a difference", kind: .noNew, numerator: ["cases", "-users_served"], denominator: [], fields: []),
        MeasureCase(
            name: "a measurable target without a numerator", kind: .noNew, numerator: [], denominator: [], fields: ["numerator"],
            vi: "Tử số: chỉ tiêu đo lường được cần có chỉ số dữ liệu"),
        MeasureCase(name: "a qualitative target without a measure", kind: .qualitative, numerator: [], denominator: [], fields: []),
        MeasureCase(name: "terms only, kind not known", kind: nil, numerator: ["nothing"], denominator: [], fields: ["numerator"]),
    ]

    @Test(arguments: measureCases)
    func measureChecks(_ row: MeasureCase) {
        let problems = MeasureRules.problems(kind: row.kind, numerator: row.numerator, denominator: row.denominator, elements: Self.plan)
        #expect(problems.map(\.field) == row.fields, "\(problems.map(\.messageVi))")
        if let vi = row.vi {
            #expect(problems.contains { $0.messageVi.contains(vi) }, "\(problems.map(\.messageVi))")
        }
    }

    @Test func theFormCheckOfATargetCallsTheMeasureRule() {
        let fields = [
            "group": "1", "code": "T20", "text": "Tỷ lệ", "ruleKind": "ratioAbove", "threshold": "80", "base": "denominator",
            "indicator": "Tỷ lệ", "numerator": "users_served", "denominator": "",
        ]
        let problems = PlanRecordValidation.problems(kind: .target, fields: fields, plan: nil, knownUnits: [], knownElements: Self.plan)
        #expect(problems.map(\.field) == ["denominator"])
        // Without the plan's elements (a caller that does not know them) the measure is not checked.
        #expect(PlanRecordValidation.problems(kind: .target, fields: fields, plan: nil, knownUnits: []).isEmpty)
    }
}
