import PCMTDomain
import Testing

/// A split shared by a ratio the office sets (issue 16, item 2): Xã Trà Bùi (21142) went in part to Xã Cà Đam
/// (21136, khoản 30 of Nghị quyết 1677/NQ-UBTVQH15) and the remainder to Xã Tây Trà Bồng (21157, khoản 31), with no
/// shares given. Each share is 0–100%, one per successor, and they add up to exactly 100%; expected values by hand.
@Suite struct SplitSharesTests {
    static let traBui = OrgUnit(
        code: "21142", name: "Xã Trà Bùi", level: .commune, typeName: "Xã", parentCode: "525", validTo: "2025-06-30",
        successorCodes: ["21136", "21157"])
    static let traTan = OrgUnit(
        code: "21136", name: "Xã Trà Tân", level: .commune, typeName: "Xã", parentCode: "525", validTo: "2025-06-30",
        successorCodes: ["21136"])
    static let caDam = OrgUnit(code: "21136", name: "Xã Cà Đam", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01")
    static let tayTraBong = OrgUnit(
        code: "21157", name: "Xã Tây Trà Bồng", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01")
    static let district = OrgUnit(
        code: "525", name: "Huyện Trà Bồng", level: .district, typeName: "Huyện", parentCode: "51", validTo: "2025-06-30",
        successorCodes: ["21136", "21157"])
    static let timeline = UnitTimeline(units: [traBui, traTan, caDam, tayTraBong, district])

    static func share(_ new: OrgUnit, _ value: Double) -> SplitShare { SplitShare(old: traBui, new: new, share: value) }

    @Test func theUnitsItWasSplitBetweenAreItsSuccessorsOfItsLevel() {
        #expect(SplitShareRules.successors(of: Self.traBui, in: Self.timeline).map(\.name) == ["Xã Cà Đam", "Xã Tây Trà Bồng"])
        #expect(SplitShareRules.successors(of: Self.traTan, in: Self.timeline).isEmpty, "merged whole into one unit: nothing to share")
        #expect(SplitShareRules.successors(of: Self.district, in: Self.timeline).isEmpty, "a district's successors are communes")
        #expect(SplitShareRules.successors(of: Self.caDam, in: Self.timeline).isEmpty, "a unit that has not ended")
    }

    /// (Cà Đam, Tây Trà Bồng), the fields with a problem.
    static let sums: [([Double], [String])] = [
        ([0.4, 0.6], []),
        ([0.405, 0.595], []),
        ([0, 1], []),
        ([1, 0], []),
        ([0.1 + 0.2, 0.7], []),  // 0.30000000000000004 + 0.7: within 1e-9 of 100%
        ([1.0 / 3, 2.0 / 3], []),
        ([0.4, 0.5], ["shares"]),  // 90%
        ([0.6, 0.6], ["shares"]),  // 120%
        ([0.4, 0.6 + 2e-9], ["shares"]),  // beyond the tolerance
        ([-0.1, 1.1], ["share-21136", "share-21157"]),
        ([1.5, -0.5], ["share-21136", "share-21157"]),
        ([Double.nan, 0.6], ["share-21136"]),
    ]

    @Test(arguments: sums)
    func eachShareIsWithinZeroAndAHundredAndTheyAddUpToAHundred(values: [Double], fields: [String]) {
        let shares = [Self.share(Self.caDam, values[0]), Self.share(Self.tayTraBong, values[1])]
        let problems = SplitShareRules.problems(old: Self.traBui, successors: [Self.caDam, Self.tayTraBong], shares: shares)
        #expect(problems.map(\.field) == fields, "\(problems.map(\.messageVi))")
        #expect(problems.allSatisfy { !$0.messageVi.isEmpty && !$0.messageEn.isEmpty })
    }

    @Test func oneSharePerSuccessorAndNoneForAnotherUnit() {
        let successors = [Self.caDam, Self.tayTraBong]
        let missing = SplitShareRules.problems(old: Self.traBui, successors: successors, shares: [Self.share(Self.caDam, 1)])
        #expect(missing.map(\.field) == ["share-21157"])
        #expect(missing.first?.messageVi == "Nhập tỷ lệ của Xã Trà Bùi tính cho Xã Tây Trà Bồng, hoặc để trống tất cả để không tính cho đơn vị nào.")
        let twice = SplitShareRules.problems(
            old: Self.traBui, successors: successors,
            shares: [Self.share(Self.caDam, 0.2), Self.share(Self.caDam, 0.2), Self.share(Self.tayTraBong, 0.6)])
        #expect(twice.map(\.field) == ["share-21136"])
        let stranger = SplitShareRules.problems(
            old: Self.traBui, successors: successors,
            shares: [Self.share(Self.caDam, 0.4), Self.share(Self.tayTraBong, 0.4), Self.share(Self.traTan, 0.2)])
        #expect(stranger.map(\.field) == ["shares"])
        #expect(stranger.first?.messageVi == "Đơn vị 21136 không phải đơn vị được chia từ Xã Trà Bùi.", "Trà Tân ended with Trà Bùi")
    }

    @Test func theSumMessageSaysWhatTheSharesAddUpTo() {
        let problems = SplitShareRules.problems(
            old: Self.traBui, successors: [Self.caDam, Self.tayTraBong], shares: [Self.share(Self.caDam, 0.4), Self.share(Self.tayTraBong, 0.5)])
        #expect(problems.first?.messageVi == "Tổng tỷ lệ của các đơn vị mới phải bằng đúng 100% (hiện là 90%).")
        #expect(problems.first?.messageEn == "The shares of the new units must add up to exactly 100% (they add up to 90%).")
    }

    static let readable: [(String, Double)] = [
        ("40", 0.4), ("40,5", 0.405), ("40.5", 0.405), (" 60 ", 0.6), ("60%", 0.6), ("60 %", 0.6), ("0", 0), ("100", 1),
        ("33,3333333333", 0.333333333333),
    ]

    @Test(arguments: readable)
    func aPercentageIsReadWithACommaOrADot(text: String, fraction: Double) throws {
        let value = try #require(SplitShareRules.fraction(text))
        #expect(abs(value - fraction) < 1e-12)
    }

    @Test(arguments: ["", "abc", "40,5,1", "1.000,5", "-10", "4O", ",5", "5,", "40%%", "٤٠", "1e2"])
    func anythingElseIsNotAPercentage(text: String) {
        #expect(SplitShareRules.fraction(text) == nil)
    }

    static let written: [(Double, String, String)] = [
        (0.4, "40%", "40%"), (0.405, "40,5%", "40.5%"), (1, "100%", "100%"), (0, "0%", "0%"), (1.0 / 3, "33,333333%", "33.333333%"),
    ]

    @Test(arguments: written)
    func aShareIsWrittenAsPeopleWriteIt(share: Double, vi: String, en: String) {
        #expect(SplitShares.percentText(share) == vi)
        #expect(SplitShares.percentText(share, .en) == en)
    }

    /// The form: a share per successor, every one or none; problems named by field, in Vietnamese. (Fields, the fields
    /// with a problem, the shares saved.)
    static let forms: [([String: String], [String], [Double])] = [
        (["share-21136": "40", "share-21157": "60"], [], [0.4, 0.6]),
        (["share-21136": "40,5", "share-21157": "59.5"], [], [0.405, 0.595]),
        (["share-21136": "", "share-21157": " "], [], []),  // cleared
        (["share-21136": "40", "share-21157": "50"], ["shares"], []),
        (["share-21136": "40"], ["share-21157"], []),
        (["share-21136": "bốn mươi", "share-21157": "60"], ["share-21136"], []),
        (["share-21136": "140", "share-21157": "-40"], ["share-21136", "share-21157"], []),
        (["share-21136": "40", "share-21157": "60", "note": String(repeating: "a", count: 1001)], ["note"], []),
    ]

    @Test(arguments: forms)
    func theFormIsReadFieldByField(fields: [String: String], problems: [String], shares: [Double]) {
        switch SplitShareRules.decide(old: Self.traBui, successors: [Self.caDam, Self.tayTraBong], fields: fields) {
        case .success(.set(let set, _)):
            #expect(problems.isEmpty)
            #expect(set.map(\.share) == shares)
            #expect(set.map(\.newCode) == ["21136", "21157"])
        case .success(.clear):
            #expect(problems.isEmpty && shares.isEmpty)
        case .failure(let list):
            #expect(list.problems.map(\.field) == problems, "\(list.problems.map(\.messageVi))")
        }
    }

    @Test func aUnitNotSplitHasNothingToShare() {
        guard case .failure(let list) = SplitShareRules.decide(old: Self.traTan, successors: [], fields: ["share-21136": "100"]) else {
            Issue.record("Trà Tân went whole into Cà Đam")
            return
        }
        #expect(list.problems.map(\.field) == ["shares"])
    }

    /// Before the reform, Cà Đam is Trà Tân and, once the shares are set, 40% of Trà Bùi, named with its share.
    @Test func theCoverCountsASplitUnitByItsShareOnceSet() throws {
        let without = try #require(Self.timeline.cover(of: Self.caDam, from: "2025-01-01", to: "2025-06-30", shares: SplitShares()))
        #expect(without.units.map(\.name) == ["Xã Trà Tân"])
        #expect(without.partial.map(\.name) == ["Xã Trà Bùi"])
        #expect(without.shared.isEmpty)
        let shares = SplitShares([Self.share(Self.caDam, 0.4), Self.share(Self.tayTraBong, 0.6)])
        let caDam = try #require(Self.timeline.cover(of: Self.caDam, from: "2025-01-01", to: "2025-06-30", shares: shares))
        #expect(caDam.units.map(\.name) == ["Xã Trà Tân"])
        #expect(caDam.partial.isEmpty)
        #expect(caDam.shared == [UnitTimeline.SharedUnit(unit: Self.traBui, share: 0.4)])
        let tayTraBong = try #require(Self.timeline.cover(of: Self.tayTraBong, from: "2024-01-01", to: "2024-12-31", shares: shares))
        #expect(tayTraBong.shared.map(\.share) == [0.6])
        #expect(SplitShares.label(Self.traBui, share: 0.4) == "Xã Trà Bùi (giả định 40%)")
        // After the reform the old district is its new communes, whole: shares do not concern it.
        let district = try #require(Self.timeline.cover(of: Self.district, from: "2025-07-01", to: "2025-12-31", shares: shares))
        #expect(district.shared.isEmpty && district.units.map(\.code).sorted() == ["21136", "21157"])
    }

    static let scaled: [(ComparableSeries.YearFigures, Double, ComparableSeries.YearFigures)] = [
        (ComparableSeries.YearFigures(year: 10, s1: 4, s2: 6), 0.4, ComparableSeries.YearFigures(year: 4, s1: 1.6, s2: 2.4)),
        (ComparableSeries.YearFigures(s1: 5), 0.6, ComparableSeries.YearFigures(s1: 3)),
        (ComparableSeries.YearFigures(), 0.5, ComparableSeries.YearFigures()),
    ]

    @Test(arguments: scaled)
    func figuresAreScaledByTheShare(figures: ComparableSeries.YearFigures, share: Double, expected: ComparableSeries.YearFigures) {
        let scaled = figures.scaled(by: share)
        for (value, want) in [(scaled.year, expected.year), (scaled.s1, expected.s1), (scaled.s2, expected.s2)] {
            #expect((value == nil) == (want == nil))
            if let value, let want { #expect(abs(value - want) < 1e-12) }
        }
    }
}
