import PCMTDomain
import PropertyBased
import Testing

/// The rules every value passes, whichever way it comes: period, unit, element, bounds, part ≤ whole.
@Suite struct DataValueRulesTests {
    static let commune = OrgUnit(
        code: "99001", name: "Xã Suối Đá", level: .commune, typeName: "Xã", parentCode: "990", validTo: "2025-06-30")
    static let newCommune = OrgUnit(
        code: "99009", name: "Xã Mới", level: .commune, typeName: "Xã", parentCode: "990", validFrom: "2022-01-01")
    static let district = OrgUnit(code: "990", name: "Huyện Núi Cao", level: .district, typeName: "Huyện", parentCode: "99")

    static let whole = DataElement(
        code: "users_with_record", name: "Người có hồ sơ", nameEn: "People with a record", measure: "người", aggregation: .stock,
        collectedAt: .init(level: .commune))
    static let part = DataElement(
        code: "addicts", name: "Người nghiện", nameEn: "Addicts", measure: "người", aggregation: .stock, collectedAt: .init(level: .commune),
        categories: [.init(code: "male", name: "Nam", nameEn: "Male"), .init(code: "female", name: "Nữ", nameEn: "Female")],
        partOf: "users_with_record")
    static let wholeBySex = DataElement(
        code: "offenders", name: "Đối tượng", measure: "người", aggregation: .flow, collectedAt: .init(level: .commune),
        categories: [.init(code: "male", name: "Nam"), .init(code: "female", name: "Nữ")])
    static let partBySex = DataElement(
        code: "offenders_prosecuted", name: "Đối tượng bị truy tố", measure: "người", aggregation: .flow, collectedAt: .init(level: .commune),
        categories: [.init(code: "male", name: "Nam"), .init(code: "female", name: "Nữ")], partOf: "offenders")
    static let area = DataElement(
        code: "area_m2", name: "Diện tích", nameEn: "Area", measure: "m²", aggregation: .flow, valueType: .quantity,
        collectedAt: .init(level: .commune))
    static let flag = DataElement(
        code: "drug_free", name: "Không có ma túy", nameEn: "Drug-free", measure: "có/không", aggregation: .stock, valueType: .yesNo,
        collectedAt: .init(level: .commune))
    static let cases = DataElement(
        code: "cases", name: "Số vụ", nameEn: "Cases", measure: "vụ", aggregation: .flow, collectedAt: .init(level: .district))
    static let elements = [whole, part, wholeBySex, partBySex, area, flag, cases]

    static func save(
        _ changes: [DataValueKey: Double?], unit: OrgUnit = commune, period: Period = .halfYear(2024, half: 1), saved: [DataValueKey: Double] = [:]
    ) -> [FieldProblem] {
        DataValueRules.problems(
            .init(baselineYear: 2020, endYear: 2025, unit: unit, period: period, elements: elements, saved: saved, changes: changes))
    }

    static func key(_ element: String, _ category: String = "") -> DataValueKey { DataValueKey(element: element, category: category) }

    // MARK: Period and unit

    @Test(arguments: [
        (Period.halfYear(2020, half: 1), nil), (.year(2025), nil), (.halfYear(2025, half: 1), nil),
        (.year(2019), "Kỳ 2019 nằm ngoài kế hoạch: từ năm cơ sở 2020 đến năm 2025."),
        (.halfYear(2026, half: 1), "Kỳ 2026S1 nằm ngoài kế hoạch: từ năm cơ sở 2020 đến năm 2025."),
        (.span(from: 2021, to: 2025), "Số liệu được nhập theo năm hoặc 6 tháng (2023, 2023S1), không theo giai đoạn 2021-2025."),
    ])
    func periodsInsideThePlan(period: Period, problem: String?) {
        #expect(DataValueRules.periodProblem(period, baselineYear: 2020, endYear: 2025)?.messageVi == problem)
    }

    @Test func aUnitHasValuesOnlyForPeriodsItExistedIn() {
        let after = DataValueRules.unitProblem(Self.commune, period: .halfYear(2025, half: 2))
        #expect(after?.field == "unit")
        #expect(
            after?.messageVi
                == "Xã Suối Đá (99001) chỉ tồn tại đến hết ngày 30/06/2025: không nhập số liệu cho 6 tháng cuối năm 2025, kỳ bắt đầu sau ngày đó.")
        #expect(
            after?.messageEn
                == "Xã Suối Đá (99001) ceased to exist on 30/06/2025: no values for the second half of 2025, which begins after that day.")
        // The year 2025 and its first half overlap the unit's life: accepted (its year report is expected).
        #expect(DataValueRules.unitProblem(Self.commune, period: .year(2025)) == nil)
        #expect(DataValueRules.unitProblem(Self.commune, period: .halfYear(2025, half: 1)) == nil)
        #expect(DataValueRules.unitProblem(Self.commune, period: .year(2026)) != nil)
        let before = DataValueRules.unitProblem(Self.newCommune, period: .halfYear(2021, half: 2))
        #expect(before?.messageVi.contains("chỉ có từ ngày 01/01/2022") == true)
        #expect(DataValueRules.unitProblem(Self.newCommune, period: .year(2022)) == nil)
        #expect(DataValueRules.unitProblem(Self.district, period: .year(2030)) == nil, "no end date: no limit")
        // The unit rule comes before any value rule, and is the only problem then.
        #expect(Self.save([Self.key("users_with_record"): 7], period: .halfYear(2025, half: 2)).map(\.field) == ["unit"])
    }

    @Test(arguments: [
        (Period.year(2023), "2023-01-01", "2023-12-31"), (.halfYear(2023, half: 1), "2023-01-01", "2023-06-30"),
        (.halfYear(2023, half: 2), "2023-07-01", "2023-12-31"), (.span(from: 2021, to: 2025), "2021-01-01", "2025-12-31"),
    ])
    func theDaysOfAPeriod(period: Period, first: String, last: String) {
        #expect(DataValueRules.days(of: period) == (first, last))
    }

    // MARK: Element and value

    @Test func theElementIsTheUnitsAndTheCategoryTheElements() {
        #expect(Self.save([Self.key("cases"): 3]).map(\.messageVi) == ["Xã Suối Đá (99001) không báo cáo chỉ số cases (Số vụ)."])
        #expect(Self.save([Self.key("nonsense"): 3]).map(\.messageEn) == ["nonsense is not a data element of the plan."])
        #expect(Self.save([Self.key("addicts", "child"): 3]).map(\.messageEn) == ["the category of addicts is one of male, female."])
        #expect(Self.save([Self.key("addicts"): 3]).map(\.field) == ["addicts"], "an element with categories takes one")
        #expect(Self.save([Self.key("area_m2", "x"): 3]).map(\.messageVi) == ["area_m2 không có phân tổ; để trống phân tổ."])
    }

    @Test(arguments: [
        (whole, 1e9, nil), (whole, 0, nil), (whole, -1, "People with a record: a whole number from 0 to 1,000,000,000; -1 is not."),
        (whole, 2.5, "People with a record: a whole number from 0 to 1,000,000,000; 2.5 is not."),
        (whole, 1e9 + 1, "People with a record: 1,000,000,001 is above the limit of 1,000,000,000 for this value."),
        (whole, 1e19, "People with a record: 10,000,000,000,000,000,000 is above the limit of 1,000,000,000 for this value."),
        (whole, .nan, "People with a record: not a finite number."), (whole, .infinity, "People with a record: not a finite number."),
        (area, 12.5, nil), (area, 1e12, nil), (area, -0.5, "Area: a number from 0 to 1,000,000,000,000; -0.5 is not."),
        (area, 1e12 + 1, "Area: 1,000,000,000,001 is above the limit of 1,000,000,000,000 for this value."),
        (flag, 1, nil), (flag, 0, nil), (flag, 2, "Drug-free: 1 for yes or 0 for no."), (flag, 0.5, "Drug-free: 1 for yes or 0 for no."),
    ])
    func boundsByType(element: DataElement, value: Double, problem: String?) {
        #expect(DataValueRules.valueProblem(value, element: element)?.messageEn == problem)
    }

    @Test func aTextIsReadForItsElement() {
        func read(_ text: String, _ element: DataElement, _ notation: Language?) -> Result<Double?, FieldProblem> {
            DataValueRules.read(text, element: element, notation: notation)
        }
        #expect(read("1.000", Self.whole, .vi) == .success(1000))
        #expect(read("12,5", Self.area, .vi) == .success(12.5))
        #expect(read("12.5", Self.area, .en) == .success(12.5))
        #expect(read("", Self.whole, .vi) == .success(nil))
        #expect(read("1", Self.flag, .vi) == .success(1))
        guard case .failure(let thousand) = read("1,000", Self.whole, .vi) else { Issue.record("1,000 read as a count"); return }
        #expect(
            thousand.messageVi
                == "Người có hồ sơ: “1,000” có phần thập phân (sau dấu phẩy), nhưng chỉ số này phải là số nguyên không âm, viết không có phần thập phân. Nếu là 1.000, hãy viết 1.000."
        )
        guard case .failure(let english) = read("2.000", Self.whole, .en) else { Issue.record("2.000 read as a count in English"); return }
        #expect(english.messageEn.hasSuffix("For 2,000 write 2,000."))
        guard case .failure(let ambiguous) = read("1.000", Self.area, nil) else { Issue.record("1.000 read without a notation"); return }
        #expect(ambiguous.messageEn.hasPrefix("Area: “1.000” reads as 1,000 in Vietnamese notation and as 1 in English notation"))
        guard case .failure(let huge) = read("1e19", Self.whole, .vi) else { Issue.record("1e19 read as a count"); return }
        #expect(huge.messageVi == "Người có hồ sơ: 10.000.000.000.000.000.000 vượt giới hạn 1.000.000.000 của chỉ số này.")
    }

    // MARK: Part and whole

    @Test func c8APartLargerThanItsWholeIsRefused() {
        let problems = Self.save([Self.key("users_with_record"): 42, Self.key("addicts", "male"): 500])
        #expect(problems.map(\.field) == ["addicts"])
        #expect(problems.first?.messageVi == "Người nghiện (500) lớn hơn Người có hồ sơ (42): phần không được lớn hơn tổng thể.")
        // Male and female together exceed the whole, each alone does not.
        #expect(Self.save([Self.key("users_with_record"): 42, Self.key("addicts", "male"): 30, Self.key("addicts", "female"): 13]).count == 1)
        #expect(Self.save([Self.key("users_with_record"): 42, Self.key("addicts", "male"): 30, Self.key("addicts", "female"): 12]).isEmpty)
    }

    @Test func theRuleReadsWhatIsSaved() {
        let saved = [Self.key("users_with_record"): 42.0]
        let alone = Self.save([Self.key("addicts", "male"): 500], saved: saved)
        #expect(alone.first?.messageEn == "Addicts (500) is larger than People with a record (42, saved before): a part never exceeds its whole.")
        // Lowering the whole below its saved parts: the whole's field.
        let lowered = Self.save([Self.key("users_with_record"): 39], saved: [Self.key("users_with_record"): 42, Self.key("addicts", "male"): 40])
        #expect(lowered.map(\.field) == ["users_with_record"])
        // Clearing the whole leaves nothing to compare with.
        #expect(Self.save([Self.key("users_with_record"): nil], saved: [Self.key("users_with_record"): 42, Self.key("addicts", "male"): 40]).isEmpty)
        // A save that does not touch a pair is not refused for it, even when the saved pair is wrong.
        #expect(Self.save([Self.key("area_m2"): 3], saved: [Self.key("users_with_record"): 4, Self.key("addicts", "male"): 40]).isEmpty)
    }

    @Test func categoryByCategoryWhereBothAreBrokenDownAlike() {
        let problems = Self.save([
            Self.key("offenders", "male"): 10, Self.key("offenders", "female"): 10, Self.key("offenders_prosecuted", "male"): 11,
            Self.key("offenders_prosecuted", "female"): 1,
        ])
        #expect(problems.map(\.field) == ["offenders_prosecuted__male"])
        #expect(problems.first?.messageVi == "Đối tượng bị truy tố — Nam (11) lớn hơn Đối tượng — Nam (10): phần không được lớn hơn tổng thể.")
    }

    /// Whatever values a save holds, a part within its whole is never refused and a part above it always is.
    @Test func partAndWholeProperty() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...1000), Gen.int(in: 0...1000), Gen.int(in: 0...1000)) { male, female, whole in
            let problems = Self.save([
                Self.key("users_with_record"): Double(whole), Self.key("addicts", "male"): Double(male),
                Self.key("addicts", "female"): Double(female),
            ])
            #expect(problems.isEmpty == (male + female <= whole))
        }
    }
}
