import PCMTDomain
import Testing

/// The province of a new plan from the issuing unit typed in the form (``PlanProvince``): a body stands for its
/// province as the units were on the plan's first day, on both sides of the 2025 reform.
@Suite struct PlanProvinceTests {
    static let units: [OrgUnit] = [
        OrgUnit(
            code: "62", name: "Tỉnh Kon Tum", level: .province, typeName: "Tỉnh", parentCode: nil, validTo: "2025-06-30",
            successorCodes: ["51"]),
        OrgUnit(code: "62-CAT", name: "Công an tỉnh Kon Tum", level: .agency, typeName: "Công an", parentCode: "62", validTo: "2025-06-30"),
        OrgUnit(code: "51", name: "Tỉnh Quảng Ngãi", level: .province, typeName: "Tỉnh", parentCode: nil, validTo: "2025-06-30"),
        OrgUnit(code: "51", name: "Tỉnh Quảng Ngãi", level: .province, typeName: "Tỉnh", parentCode: nil, validFrom: "2025-07-01"),
        OrgUnit(
            code: "51-UBND", name: "Ủy ban nhân dân tỉnh Quảng Ngãi", level: .agency, typeName: "Ủy ban nhân dân", parentCode: "51",
            validFrom: "2025-07-01"),
        OrgUnit(code: "23425", name: "Xã Tu Mơ Rông", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01"),
    ]
    let timeline = UnitTimeline(units: Self.units)

    @Test(
        arguments: [
            ("51", 2026, "51", "2025-07-01", nil),
            ("51-UBND", 2026, "51", "2025-07-01", "51-UBND"),
            ("23425", 2026, "51", "2025-07-01", "23425"),
            ("62", 2021, "62", nil, nil),
            ("62-CAT", 2021, "62", nil, "62-CAT"),
            ("51", 2021, "51", nil, nil),
        ] as [(String, Int, String, String?, String?)])
    func aBodyStandsForItsProvinceOfThePlansFirstDay(code: String, firstYear: Int, province: String, from: String?, typed: String?) {
        guard case .province(let found, let given) = PlanProvince.of(code, firstYear: firstYear, timeline: timeline) else {
            Issue.record("\(code) in \(firstYear) has no province")
            return
        }
        #expect(found.code == province)
        #expect(found.validFrom == from)
        #expect(given?.code == typed)
    }

    @Test func aCodeThatNamesNoUnitOnTheFirstDayHasNoProvince() {
        // Kon Tum's bodies ended on 30/06/2025; the new province's began on 01/07/2025.
        #expect(PlanProvince.of("62-CAT", firstYear: 2026, timeline: timeline) == .noUnit(others: [Self.units[1]]))
        #expect(PlanProvince.of("51-UBND", firstYear: 2021, timeline: timeline) == .noUnit(others: [Self.units[4]]))
        #expect(PlanProvince.of("99", firstYear: 2026, timeline: timeline) == .noUnit(others: []))
    }
}
