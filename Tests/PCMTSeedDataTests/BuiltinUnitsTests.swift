import PCMTDomain
import PCMTSeedData
import Testing

@Suite struct BuiltinUnitsTests {
    let units: [OrgUnit]

    init() throws {
        units = try BuiltinCatalog.load().unitSets.flatMap(\.units)
    }

    @Test func provinceDistrictsAndCommunesHaveTheOfficialCodes() throws {
        let province = try #require(units.first { $0.level == .province && $0.code == "62" })
        #expect(province.code == "62" && province.name == "Tỉnh Kon Tum" && province.parentCode == nil)
        let districts = units.filter { $0.level == .district && $0.parentCode == "62" }
        #expect(districts.map(\.code) == ["608", "610", "611", "612", "613", "614", "615", "616", "617", "618"])
        let districtCodes = Set(districts.map(\.code))
        let communes = units.filter { $0.level == .commune && $0.validTo == "2025-06-30" && districtCodes.contains($0.parentCode ?? "") }
        #expect(communes.count == 102)
        #expect(communes.allSatisfy { Int($0.code).map { (23281...23554).contains($0) } ?? false })
        // A code may name two units at different times (the 2025 reform), never two on the same first day.
        #expect(Set(units.map { "\($0.code)|\($0.validFrom ?? "")" }).count == units.count)
    }

    @Test(arguments: [
        ("611", "Huyện Ngọc Hồi", "Huyện"), ("608", "Thành phố Kon Tum", "Thành phố"),
        ("23377", "Thị trấn Plei Kần", "Thị trấn"), ("23299", "Phường Thống Nhất", "Phường"),
        ("23341", "Thị trấn Đắk Glei", "Thị trấn"), ("23311", "Xã Đắk Cấm", "Xã"),
    ])
    func namesKeepTheirDiacritics(code: String, name: String, type: String) throws {
        let unit = try #require(units.first { $0.code == code })
        #expect(unit.name == name)
        #expect(unit.typeName == type)
    }

    @Test func administrativeUnitsEndWhenTheProvinceWasMerged() {
        // Kon Tum's 113 units and old Quảng Ngãi's 184 (the province, 13 districts, 170 communes; GSO list of 03/2025).
        let administrative = units.filter { $0.level != .agency && $0.validFrom == nil }
        #expect(administrative.count == 113 + 184)
        #expect(administrative.filter { $0.level == .commune }.count == 102 + 170)
        #expect(administrative.allSatisfy { $0.validTo == "2025-06-30" })
        #expect(administrative.allSatisfy { $0.isValid(on: "2025-06-30") && !$0.isValid(on: "2025-07-01") })
    }

    /// Kon Tum's bodies end with it on 30/06/2025 (Nghị quyết 202/2025/QH15); its People's Committee and police are
    /// succeeded by the new province's, as old Quảng Ngãi's are.
    @Test func theBodiesOfThePlanAreUnderTheProvinceAndEndWithIt() {
        let agencies = units.filter { $0.level == .agency && $0.validFrom == nil && $0.parentCode == "62" }
        #expect(agencies.count == 23)
        #expect(agencies.allSatisfy { $0.code.hasPrefix("62-") && $0.validTo == "2025-06-30" })
        #expect(agencies.contains { $0.code == "62-CAT" && $0.name == "Công an tỉnh" && $0.successorCodes == ["51-CAT"] })
        #expect(agencies.contains { $0.code == "62-UBND" && $0.successorCodes == ["51-UBND"] })
        #expect(agencies.filter { !$0.successorCodes.isEmpty }.count == 2)
        let oldQuangNgai = units.filter { $0.level == .agency && $0.parentCode == "51" && $0.validFrom == nil }
        #expect(oldQuangNgai.map(\.code) == ["51-UBND", "51-CAT"])
        #expect(oldQuangNgai.allSatisfy { $0.validTo == "2025-06-30" && $0.successorCodes == [$0.code] })
    }

    /// The new Tỉnh Quảng Ngãi (Nghị quyết 202/2025/QH15) and its 96 commune-level units (Nghị quyết
    /// 1677/NQ-UBTVQH15), from 01/07/2025, directly under the province; 40 of them on old Kon Tum territory, each
    /// formed from old Kon Tum communes only.
    @Test func theUnitsOfTheReformBeginOnTheFirstOfJuly2025() throws {
        let reform = units.filter { $0.validFrom == "2025-07-01" && $0.level != .agency }
        #expect(reform.count == 97)
        #expect(reform.filter { $0.level == .province }.map(\.code) == ["51"])
        #expect(reform.filter { $0.level == .commune }.allSatisfy { $0.parentCode == "51" && $0.validTo == nil })
        let catalog = try BuiltinCatalog.load()
        let konTumDistricts = Set(units.filter { $0.level == .district && $0.parentCode == "62" }.map(\.code))
        let oldKonTum = Set(
            units.filter { $0.level == .commune && $0.validTo == "2025-06-30" && konTumDistricts.contains($0.parentCode ?? "") }.map(\.code))
        let onKonTum = catalog.predecessors.filter { !$0.value.isEmpty && $0.value.allSatisfy(oldKonTum.contains) }
        #expect(onKonTum.count == 40)
        #expect(catalog.predecessors["23425"] == ["23425", "23422"])
        // Every old Kon Tum commune goes to exactly one new unit.
        #expect(oldKonTum.allSatisfy { catalog.successorLinks["\($0)|"]?.count == 1 })
        #expect(catalog.successorLinks["62|"] == ["51"])
        #expect(catalog.successorLinks["21142|"] == ["21136", "21157"])
    }

    /// The new province's People's Committee and police (the standing office) exist from 01/07/2025, so that the
    /// new province can have its own accounts.
    @Test func theNewProvinceHasItsCommitteeAndPolice() {
        let bodies = units.filter { $0.level == .agency && $0.parentCode == "51" && $0.validFrom != nil }
        #expect(bodies.map(\.code) == ["51-UBND", "51-CAT"])
        #expect(bodies.allSatisfy { $0.validFrom == "2025-07-01" })
    }
}
