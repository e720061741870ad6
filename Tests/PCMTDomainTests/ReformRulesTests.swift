import PCMTDomain
import Testing

/// The rules that carry access, reports and bodies across the 2025 reform (issue 16, items 1 and 3), on the units of
/// ``UnitTimelineTests`` with the provincial bodies added. Expected values written out by hand from Nghị quyết
/// 202/2025/QH15 (Kon Tum into Quảng Ngãi, 01/07/2025) and 1677/NQ-UBTVQH15 (Xã Tu Mơ Rông from Đắk Hà and Tu Mơ Rông).
@Suite struct ReformRulesTests {
    static let bodies: [OrgUnit] = [
        OrgUnit(
            code: "62-CAT", name: "Công an tỉnh", level: .agency, typeName: "Công an", parentCode: "62", validTo: "2025-06-30",
            successorCodes: ["51-CAT"]),
        OrgUnit(
            code: "62-SYT", name: "Sở Y tế", level: .agency, typeName: "Sở", parentCode: "62", validTo: "2025-06-30"),
        OrgUnit(
            code: "51-CAT", name: "Công an tỉnh Quảng Ngãi", level: .agency, typeName: "Công an", parentCode: "51",
            validTo: "2025-06-30", successorCodes: ["51-CAT"]),
        OrgUnit(
            code: "51-CAT", name: "Công an tỉnh Quảng Ngãi", level: .agency, typeName: "Công an", parentCode: "51",
            validFrom: "2025-07-01"),
    ]
    let timeline = UnitTimeline(units: UnitTimelineTests.units + Self.bodies)

    func unit(_ code: String, from: String? = nil) throws -> OrgUnit {
        try #require(timeline.versions[code]?.first { $0.validFrom == from })
    }

    // The areas a unit lies in for access: its own time's ancestors, the areas that took them over, and the areas of
    // the units it was formed from; never the units it was formed from themselves.
    @Test(
        arguments: [
            ("23425", nil, ["617", "62", "51"]),  // old Xã Đắk Hà: Tu Mơ Rông district, Kon Tum, and Kon Tum's successor
            ("23425", "2025-07-01", ["51", "617", "62"]),  // new Xã Tu Mơ Rông: the new province, then its communes' old areas
            ("62", nil, ["51"]),  // Kon Tum: in the new province's area
            ("51", "2025-07-01", []),  // the new province: not in Kon Tum's area
            ("62-SYT", nil, ["62", "51"]),
            ("21136", "2025-07-01", ["51", "525"]),  // Cà Đam: formed in part from Trà Bùi of Trà Bồng district
        ] as [(String, String?, [String])])
    func areaCodes(code: String, from: String?, expected: [String]) throws {
        #expect(timeline.areaCodes(of: try unit(code, from: from)) == expected)
    }

    // Old areas hold for the data of the year they ended in (Kon Tum's bodies close its 2025), not after; a unit formed
    // from units of two areas lies in neither (the new province's police, from both old provinces' police).
    @Test(
        arguments: [
            ("23425", "2025-07-01", "2025S2", ["51", "617", "62"]),
            ("23425", "2025-07-01", "2025", ["51", "617", "62"]),
            ("23425", "2025-07-01", "2021-2025", ["51", "617", "62"]),
            ("23425", "2025-07-01", "2026S1", ["51"]),
            ("23425", "2025-07-01", "2026", ["51"]),
            ("23425", nil, "2024", ["617", "62", "51"]),
            ("51-CAT", "2025-07-01", "2025S2", ["51"]),
            ("62-CAT", nil, "2025S1", ["62", "51"]),
        ] as [(String, String?, String, [String])])
    func areaCodesDuringAPeriod(code: String, from: String?, period: String, expected: [String]) throws {
        let period = try #require(Period(period))
        #expect(timeline.areaCodes(of: try unit(code, from: from), during: period) == expected)
    }

    // Who enters a unit's data of a period, across the reform: Kon Tum's standing office (at 62-CAT) enters the new
    // communes' 2025S2 on Kon Tum's territory, not their 2026 nor the new province's police; the officer of the new
    // Xã Tu Mơ Rông (23425 from 01/07/2025) enters its own halves, not old Xã Đắk Hà's (23425 to 30/06/2025).
    @Test(
        arguments: [
            ("62-CAT", nil, Role.standingOffice, "23425", "2025-07-01", "2025S2", true),
            ("62-CAT", nil, .standingOffice, "23425", "2025-07-01", "2026S1", false),
            ("62-CAT", nil, .standingOffice, "51-CAT", "2025-07-01", "2025S2", false),
            ("62-CAT", nil, .standingOffice, "23425", nil, "2024", true),
            ("51-CAT", "2025-07-01", .standingOffice, "23425", "2025-07-01", "2026S1", true),
            ("51-CAT", "2025-07-01", .standingOffice, "23425", nil, "2024", true),
            ("23425", "2025-07-01", .communeOfficer, "23425", "2025-07-01", "2025S2", true),
            ("23425", "2025-07-01", .communeOfficer, "23425", "2025-07-01", "2026", true),
            ("23425", "2025-07-01", .communeOfficer, "23425", nil, "2024", false),
            ("23425", "2025-07-01", .communeOfficer, "23425", nil, "2025S1", false),
            ("23425", nil, .communeOfficer, "23425", nil, "2024", true),
            ("23425", nil, .communeOfficer, "23425", "2025-07-01", "2026", false),
        ] as [(String, String?, Role, String, String?, String, Bool)])
    func enteringDataIsBoundedInTime(
        account: String, accountFrom: String?, role: Role, code: String, from: String?, period: String, allowed: Bool
    ) throws {
        let principal = Principal(kind: .user(id: "1", username: "u"), role: role, unit: try unit(account, from: accountFrom))
        let scope = timeline.scope(of: try unit(code, from: from), during: try #require(Period(period)))
        #expect(AccessPolicy.allows(principal, .enterData, at: scope) == allowed)
    }

    // A unit version named in text: a unit that ended is told apart when a later unit bears its name (the same
    // code reused, or another code taking the name); a name used once, or its latest bearer, is as it is.
    @Test(
        arguments: [
            ("51", nil, "Tỉnh Quảng Ngãi (cũ)"),  // the old province, same code and name as the new
            ("51", "2025-07-01", "Tỉnh Quảng Ngãi"),
            ("23422", nil, "Xã Tu Mơ Rông (cũ)"),  // the old commune whose name the new 23425 took
            ("23425", "2025-07-01", "Xã Tu Mơ Rông"),
            ("23425", nil, "Xã Đắk Hà"),  // the code was reused, the name was not: nothing to tell apart in text
            ("62", nil, "Tỉnh Kon Tum"),
            ("51-CAT", nil, "Công an tỉnh Quảng Ngãi (cũ)"),
            ("51-CAT", "2025-07-01", "Công an tỉnh Quảng Ngãi"),
        ] as [(String, String?, String)])
    func aUnitIsNamedForItsTime(code: String, from: String?, expected: String) throws {
        #expect(timeline.name(try unit(code, from: from)) == expected)
    }

    // The recipients of a document issued on a day: the People's Committees of the districts, once there are none,
    // are those of the units directly under the province that day, by their kinds.
    static let plainLines = ["Bộ Công an (b/c);", "UBND các huyện, thành phố;", "Lưu: VT-NC."]
    @Test(
        arguments: [
            ("51", "2025-07-01", "2025-12-20", plainLines, ["Bộ Công an (b/c);", "UBND các xã;", "Lưu: VT-NC."]),
            ("62", nil, "2025-06-20", plainLines, plainLines),  // Kon Tum before the reform: its districts exist
            ("51", "2025-07-01", "2026-01-15", ["Ủy ban nhân dân các huyện, thị xã, thành phố."], ["Ủy ban nhân dân các xã."]),
            ("51", "2025-07-01", "2026-01-15", ["UBND các xã, phường, đặc khu;"], ["UBND các xã, phường, đặc khu;"]),
        ] as [(String, String?, String, [String], [String])])
    func theRecipientsAreTheBodiesOfTheIssueDay(code: String, from: String?, day: String, lines: [String], expected: [String]) throws {
        #expect(DocumentHeading.recipients(lines, under: try unit(code, from: from), on: day, timeline: timeline) == expected)
    }

    @Test func theRecipientsNameEveryKindOfUnitUnderTheProvince() {
        let province = OrgUnit(code: "51", name: "Tỉnh Quảng Ngãi", level: .province, typeName: "Tỉnh", parentCode: nil, validFrom: "2025-07-01")
        let units = [
            province,
            OrgUnit(code: "21005", name: "Đặc khu Lý Sơn", level: .commune, typeName: "Đặc khu", parentCode: "51", validFrom: "2025-07-01"),
            OrgUnit(code: "21001", name: "Phường Cẩm Thành", level: .commune, typeName: "Phường", parentCode: "51", validFrom: "2025-07-01"),
            OrgUnit(code: "21002", name: "Xã An Phú", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01"),
            OrgUnit(code: "51-CAT", name: "Công an tỉnh Quảng Ngãi", level: .agency, typeName: "Công an", parentCode: "51", validFrom: "2025-07-01"),
        ]
        #expect(
            DocumentHeading.recipients(["UBND các huyện, thành phố;"], under: province, on: "2025-12-20", timeline: UnitTimeline(units: units))
                == ["UBND các xã, phường, đặc khu;"])
    }

    // The units whose past is re-based from a unit that ended: the new commune for each old commune it was formed
    // from; not for the old district (the new commune is re-based from its communes); none for a unit still there.
    @Test func theUnitsThatReadAnEndedUnitsPast() throws {
        #expect(timeline.successors(of: try unit("23425")).map(\.validFrom) == ["2025-07-01"])
        #expect(timeline.successors(of: try unit("23422")).map(\.code) == ["23425"])
        #expect(timeline.successors(of: try unit("617")).isEmpty)
        #expect(timeline.successors(of: try unit("23425", from: "2025-07-01")).isEmpty)
    }

    // The body of a code on a day: itself while it exists, then the one that took over from it.
    @Test(
        arguments: [
            ("62-CAT", "2025-06-30", "Công an tỉnh", nil),
            ("62-CAT", "2025-12-20", "Công an tỉnh Quảng Ngãi", "2025-07-01"),
            ("51-CAT", "2025-06-20", "Công an tỉnh Quảng Ngãi", nil),
            ("51-CAT", "2026-06-20", "Công an tỉnh Quảng Ngãi", "2025-07-01"),
        ] as [(String, String, String, String?)])
    func bodyOnADay(code: String, day: String, name: String, validFrom: String?) throws {
        let body = try #require(timeline.body(code, on: day))
        #expect(body.name == name)
        #expect(body.validFrom == validFrom)
    }

    @Test func aBodyThatEndedWithNoSuccessorIsNoneAndAnUnknownCodeIsNone() {
        #expect(timeline.body("62-SYT", on: "2025-12-20") == nil)
        #expect(timeline.body("62-XX", on: "2025-01-01") == nil)
    }

    // The area of a unit in a half-year: its own units while it exists, the units of its territory after.
    @Test func theAreaOfKonTumAndOfTheNewProvinceInEachHalfOf2025() throws {
        let konTum = try unit("62")
        #expect(
            timeline.area(of: konTum, in: .halfYear(2025, half: 1)).map(\.code).sorted()
                == ["23422", "23425", "617", "62", "62-CAT", "62-SYT"])
        // After its end: the commune formed wholly from its communes; the new province and its police, formed also
        // from old Quảng Ngãi's, are partly inside: themselves, not the new province's other communes.
        let after = timeline.area(of: konTum, in: .halfYear(2025, half: 2)).map { "\($0.code)|\($0.validFrom ?? "")" }
        #expect(Set(after) == ["23425|2025-07-01", "51|2025-07-01", "51-CAT|2025-07-01"])
        let newProvince = try unit("51", from: "2025-07-01")
        let before = Set(timeline.area(of: newProvince, in: .halfYear(2025, half: 1)).map { "\($0.code)|\($0.validFrom ?? "")" })
        #expect(before.isSuperset(of: ["62|", "51|", "617|", "525|", "23425|", "21142|", "62-CAT|", "51-CAT|"]))
        #expect(!before.contains("23425|2025-07-01"))
    }

    // What a report says when its area ended or began within the period.
    @Test func theFinalReviewOfKonTumSaysWhereTheDataCameFromAndWhoReported() throws {
        let lines = ReformStatement.lines(
            area: try unit("62"), period: .span(from: 2021, to: 2025), madeFrom: ["Xã Tu Mơ Rông", "Phường Kon Tum"],
            leftOut: ["Tỉnh Quảng Ngãi"], rebasedElements: 3, reporting: .init(reporters: 41, formedInPeriod: 41))
        #expect(
            lines == [
                "Từ ngày 01/07/2025, Tỉnh Kon Tum không còn là đơn vị hành chính riêng (sắp xếp đơn vị hành chính): số liệu đến "
                    + "ngày 30/06/2025 do các cơ quan, đơn vị, địa phương của Tỉnh Kon Tum báo cáo; số liệu từ ngày 01/07/2025 được "
                    + "tính lại theo địa bàn từ số liệu của 2 đơn vị trên địa bàn (Xã Tu Mơ Rông, Phường Kon Tum); 3 chỉ số có số "
                    + "liệu được tính lại như vậy.",
                "Không tính số liệu của Tỉnh Quảng Ngãi vì chỉ một phần thuộc địa bàn.",
                "Báo cáo kỳ này tổng hợp từ báo cáo đã được duyệt của 41 cơ quan, đơn vị, địa phương, trong đó 41 đơn vị được "
                    + "thành lập trong kỳ báo cáo thay cho các đơn vị đã kết thúc hoạt động.",
            ])
    }

    @Test func theNewProvincesFirstYearSaysItsFirstHalfIsRebased() throws {
        let lines = ReformStatement.lines(
            area: try unit("51", from: "2025-07-01"), period: .year(2025), madeFrom: ["Tỉnh Kon Tum", "Tỉnh Quảng Ngãi"],
            leftOut: [], rebasedElements: 0)
        #expect(
            lines == [
                "Tỉnh Quảng Ngãi được thành lập từ ngày 01/07/2025 (sắp xếp đơn vị hành chính): số liệu đến ngày 30/06/2025 được "
                    + "tính lại theo địa bàn từ số liệu của 2 đơn vị trên địa bàn (Tỉnh Kon Tum, Tỉnh Quảng Ngãi); số liệu từ ngày "
                    + "01/07/2025 do các cơ quan, đơn vị, địa phương của Tỉnh Quảng Ngãi báo cáo."
            ])
    }

    @Test(arguments: [Period.year(2024), .span(from: 2026, to: 2030), .halfYear(2025, half: 1)])
    func aPeriodTheAreaExistedThroughoutSaysNothing(period: Period) throws {
        #expect(ReformStatement.lines(area: try unit("62"), period: period, madeFrom: ["X"], leftOut: [], rebasedElements: 1).isEmpty)
    }

    @Test(arguments: [
        ("2025-06-30", "2025-07-01", "2025-06-29"), ("2024-12-31", "2025-01-01", "2024-12-30"), ("2024-03-01", "2024-03-02", "2024-02-29"),
    ])
    func theDayAfterAndBefore(day: String, next: String, previous: String) throws {
        let date = try #require(OfficialDate(iso: day))
        #expect(date.nextDay?.iso == next)
        #expect(date.previousDay?.iso == previous)
    }

    // A district without communes that became one commune-level unit is its former; a district that names a new
    // commune among many successors is not (the commune's old communes are).
    @Test func theFormersOfAUnitAreOfItsLevelOrWhatBecameItWhole() {
        let lySon = OrgUnit(
            code: "536", name: "Huyện Lý Sơn", level: .district, typeName: "Huyện", parentCode: "51", validTo: "2025-06-30",
            successorCodes: ["21548"])
        let zone = OrgUnit(code: "21548", name: "Đặc khu Lý Sơn", level: .commune, typeName: "Đặc khu", parentCode: "51", validFrom: "2025-07-01")
        let traBong = OrgUnit(
            code: "525", name: "Huyện Trà Bồng", level: .district, typeName: "Huyện", parentCode: "51", validTo: "2025-06-30",
            successorCodes: ["21136", "21157"])
        let traBui = OrgUnit(
            code: "21142", name: "Xã Trà Bùi", level: .commune, typeName: "Xã", parentCode: "525", validTo: "2025-06-30",
            successorCodes: ["21136", "21157"])
        let caDam = OrgUnit(code: "21136", name: "Xã Cà Đam", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01")
        let timeline = UnitTimeline(units: [lySon, zone, traBong, traBui, caDam])
        #expect(timeline.formers(of: zone) == [lySon])
        #expect(timeline.formers(of: caDam) == [traBui])
        #expect(timeline.cover(of: zone, from: "2025-01-01", to: "2025-06-30")?.units == [lySon])
        #expect(timeline.cover(of: lySon, from: "2025-07-01", to: "2025-12-31")?.units == [zone])
    }

    // A commune directly under the province reports what districts did: its officer reads and sends its own report;
    // a commune under a district (before 01/07/2025) does not, nor another commune's.
    @Test(
        arguments: [
            (["51", "617", "62"], "23425", Capability.readSubmission, true),
            (["51", "617", "62"], "23425", .editSubmission, true),
            (["617", "62", "51"], "23425", .readSubmission, false),
            (["51"], "23428", .readSubmission, false),
        ] as [([String], String, Capability, Bool)])
    func aCommuneOfficerOfANewCommuneWritesItsReport(ancestors: [String], code: String, capability: Capability, allowed: Bool) throws {
        let officer = Principal(
            kind: .user(id: "1", username: "xa"), role: .communeOfficer, unit: try unit("23425", from: "2025-07-01"))
        let scope = UnitScope(code: code, level: .commune, ancestorCodes: ancestors)
        #expect(AccessPolicy.allows(officer, capability, at: scope) == allowed)
    }

    // A heading's issuer in running text: the plan's spelling, or a name in capitals in the case of a sentence.
    @Test(arguments: [
        ("ỦY BAN NHÂN DÂN\nTỈNH KON TUM", "Ủy ban nhân dân tỉnh Kon Tum", "Ủy ban nhân dân tỉnh Kon Tum"),
        ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", "Ủy ban nhân dân tỉnh Kon Tum", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
        ("ỦY BAN NHÂN DÂN\nXÃ TU MƠ RÔNG", "", "Ủy ban nhân dân xã Tu Mơ Rông"),
        ("Công an tỉnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Kon Tum", "Công an tỉnh Quảng Ngãi"),
        ("", "Ủy ban nhân dân tỉnh Kon Tum", ""),
        ("SỞ Y TẾ", "Ủy ban nhân dân tỉnh Kon Tum", "SỞ Y TẾ"),
    ])
    func anIssuerInRunningText(heading: String, planIssuer: String, expected: String) {
        #expect(DocumentHeading.issuerInText(heading, planIssuer: planIssuer) == expected)
    }
}
