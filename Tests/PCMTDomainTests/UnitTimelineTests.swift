import PCMTDomain
import Testing

/// Units through time (issue 16): the same code names two units, each for its own days, and the hierarchy is read as
/// it was at the time. Expected values are from the merger file's resolution (Nghị quyết 1677/NQ-UBTVQH15, khoản
/// on Xã Tu Mơ Rông) written out by hand.
@Suite struct UnitTimelineTests {
    static let units: [OrgUnit] = [
        OrgUnit(
            code: "62", name: "Tỉnh Kon Tum", level: .province, typeName: "Tỉnh", parentCode: nil, validTo: "2025-06-30",
            successorCodes: ["51"]),
        OrgUnit(
            code: "617", name: "Huyện Tu Mơ Rông", level: .district, typeName: "Huyện", parentCode: "62", validTo: "2025-06-30",
            successorCodes: ["23425"]),
        OrgUnit(
            code: "23425", name: "Xã Đắk Hà", level: .commune, typeName: "Xã", parentCode: "617", validTo: "2025-06-30",
            successorCodes: ["23425"]),
        OrgUnit(
            code: "23422", name: "Xã Tu Mơ Rông", level: .commune, typeName: "Xã", parentCode: "617", validTo: "2025-06-30",
            successorCodes: ["23425"]),
        OrgUnit(
            code: "51", name: "Tỉnh Quảng Ngãi", level: .province, typeName: "Tỉnh", parentCode: nil, validTo: "2025-06-30",
            successorCodes: ["51"]),
        OrgUnit(
            code: "21142", name: "Xã Trà Bùi", level: .commune, typeName: "Xã", parentCode: "525", validTo: "2025-06-30",
            successorCodes: ["21136", "21157"]),
        OrgUnit(code: "525", name: "Huyện Trà Bồng", level: .district, typeName: "Huyện", parentCode: "51", validTo: "2025-06-30"),
        OrgUnit(code: "51", name: "Tỉnh Quảng Ngãi", level: .province, typeName: "Tỉnh", parentCode: nil, validFrom: "2025-07-01"),
        OrgUnit(code: "21136", name: "Xã Cà Đam", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01"),
        OrgUnit(code: "23425", name: "Xã Tu Mơ Rông", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01"),
    ]
    let timeline = UnitTimeline(units: Self.units)

    @Test(arguments: [
        ("23425", "2023", "Xã Đắk Hà"),
        ("23425", "2025S1", "Xã Đắk Hà"),
        ("23425", "2025S2", "Xã Tu Mơ Rông"),
        ("23425", "2026", "Xã Tu Mơ Rông"),
        ("23422", "2025S1", "Xã Tu Mơ Rông"),
        ("51", "2026S1", "Tỉnh Quảng Ngãi"),
    ])
    func aCodeIsTheUnitThatHadItInThePeriod(code: String, period: String, name: String) throws {
        guard case .unit(let unit) = timeline.resolve(code, in: try #require(Period(period))) else {
            Issue.record("\(code) in \(period) did not resolve to one unit")
            return
        }
        #expect(unit.name == name)
    }

    @Test func aYearAcrossTheReformNamesBothUnitsOfAReusedCode() throws {
        guard case .straddles(let units) = timeline.resolve("23425", in: try #require(Period("2025"))) else {
            Issue.record("2025 should name both units")
            return
        }
        #expect(units.map(\.name) == ["Xã Đắk Hà", "Xã Tu Mơ Rông"])
        let problem = UnitTimeline.straddleProblem(units, code: "23425", period: .year(2025))
        #expect(problem.field == "unit")
        #expect(problem.messageVi.contains("Xã Đắk Hà đến 30/06/2025"))
        #expect(problem.messageVi.contains("Xã Tu Mơ Rông từ 01/07/2025"))
    }

    @Test func aCodeNoUnitHadThenIsNoneButSaysWhichExist() throws {
        guard case .none(let others) = timeline.resolve("23422", in: try #require(Period("2026"))) else {
            Issue.record("23422 ended on 30/06/2025")
            return
        }
        #expect(others.map(\.name) == ["Xã Tu Mơ Rông"])
        guard case .none = timeline.resolve("21136", in: .year(2024)) else {
            Issue.record("21136 (Xã Cà Đam) begins on 01/07/2025")
            return
        }
    }

    @Test(arguments: [
        ("2025-06-30", "Xã Đắk Hà", ["617", "62"]),
        ("2025-07-01", "Xã Tu Mơ Rông", ["51"]),
    ])
    func theHierarchyIsTheOneOfTheDay(date: String, name: String, ancestors: [String]) throws {
        let unit = try #require(timeline.unit("23425", on: date))
        #expect(unit.name == name)
        #expect(timeline.ancestors(of: unit).map(\.code) == ancestors)
    }

    @Test(arguments: [
        ("62", "2025S1", ["617"]),
        ("62", "2025S2", [String]()),
        ("617", "2024", ["23425", "23422"]),
        ("617", "2026", [String]()),
        ("51", "2025S1", ["525"]),
        ("51", "2025S2", ["21136", "23425"]),
    ])
    func childrenAreThoseOfThePeriod(parent: String, period: String, codes: [String]) throws {
        #expect(timeline.children(of: parent, in: try #require(Period(period))).map(\.code) == codes)
    }

    @Test func labelsSayWhichUnitAReusedCodeMeans() throws {
        let old = try #require(timeline.unit("23425", on: "2024-01-01"))
        let new = try #require(timeline.unit("23425", on: "2026-01-01"))
        #expect(timeline.label(old) == "Xã Đắk Hà (23425, đến 30/06/2025)")
        #expect(timeline.label(new) == "Xã Tu Mơ Rông (23425, từ 01/07/2025)")
        #expect(timeline.label(try #require(timeline.unit("23422", on: "2024-01-01"))) == "Xã Tu Mơ Rông (23422)")
        #expect(timeline.isReused("23425") && timeline.isReused("51") && !timeline.isReused("617"))
    }

    /// Who stands for a unit in a half-year it did not exist in, by hand from the fixture: before 01/07/2025 the new
    /// Xã Tu Mơ Rông is the two communes it was formed from; the new province is old Kon Tum and old Quảng Ngãi; Xã
    /// Cà Đam is part of Xã Trà Bùi, whose share the resolution does not give. After 30/06/2025 Huyện Tu Mơ Rông is
    /// the new Xã Tu Mơ Rông, and Kon Tum the new commune too, but not the new province, which covers more.
    @Test(arguments: [
        ("23425", "2025-07-01", "2024-01-01", "2024-12-31", "predecessors", ["23422", "23425"], [String]()),
        ("51", "2025-07-01", "2025-01-01", "2025-06-30", "predecessors", ["51", "62"], [String]()),
        ("21136", "2025-07-01", "2024-07-01", "2024-12-31", "predecessors", [String](), ["21142"]),
        ("617", "2024-01-01", "2025-07-01", "2025-12-31", "successors", ["23425"], [String]()),
        ("62", "2024-01-01", "2026-01-01", "2026-06-30", "successors", ["23425"], ["51"]),
    ])
    func aUnitOutsideItsDaysIsCoveredByTheUnitsOfItsTerritory(
        code: String, on day: String, first: String, last: String, direction: String, whole: [String], partial: [String]
    ) throws {
        let unit = try #require(timeline.unit(code, on: day))
        let cover = try #require(timeline.cover(of: unit, from: first, to: last))
        #expect(cover.direction.rawValue == direction)
        #expect(cover.units.map(\.code).sorted() == whole)
        #expect(cover.partial.map(\.code).sorted() == partial)
    }

    @Test func aUnitInItsOwnDaysHasNoCover() throws {
        let unit = try #require(timeline.unit("23425", on: "2026-01-01"))
        #expect(timeline.cover(of: unit, from: "2025-07-01", to: "2025-12-31") == nil)
    }

    /// Where the district level was abolished, the communes directly under the province report what districts did.
    @Test(arguments: [
        ("23425", "2026-01-01", DataElement.Collection(level: .district), true),
        ("23425", "2024-01-01", DataElement.Collection(level: .district), false),
        ("23425", "2024-01-01", DataElement.Collection(level: .commune), true),
        ("23425", "2026-01-01", DataElement.Collection(level: .commune), true),
        ("617", "2024-01-01", DataElement.Collection(level: .district), true),
        ("51", "2026-01-01", DataElement.Collection(level: .district), false),
    ])
    func communesWithoutADistrictReportWhatDistrictsDid(code: String, day: String, collection: DataElement.Collection, reports: Bool) throws {
        let unit = try #require(timeline.unit(code, on: day))
        #expect(collection.applies(to: unit) == reports)
    }
}
