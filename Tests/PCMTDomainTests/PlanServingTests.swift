import Foundation
import PCMTDomain
import Testing

/// Which plan serves a year when plans follow one another (issue 16: a new plan never takes over another's periods),
/// and how a copy moves the years of its texts.
@Suite struct PlanServingTests {
    static func span(_ code: String, _ baseline: Int, _ start: Int, _ end: Int, issuer: String? = "62", issued: String = "2021-01-01")
        -> PlanServing.Span
    {
        PlanServing.Span(
            id: UUID(uuidString: "00000000-0000-0000-0000-\(String(repeating: "0", count: 12 - code.count))\(code)")!, code: code,
            issuerUnit: issuer, issuedOn: issued, startYear: start, endYear: end, baselineYear: baseline)
    }

    static let old = span("3959", 2020, 2021, 2025)
    static let successor = span("100", 2025, 2026, 2030, issuer: "51", issued: "2026-01-15")
    static let otherProvince = span("777", 2025, 2026, 2030, issuer: "99", issued: "2026-03-01")
    static let sameYearsLaterIssued = span("101", 2025, 2026, 2030, issuer: "51", issued: "2026-06-01")

    @Test(
        arguments: [
            // year, plans, account's province, expected plans in order (codes), expected roles
            (2025, [old, successor], "51", ["3959", "100"], [.own, .baseline]),
            (2025, [successor, old], nil, ["3959", "100"], [.own, .baseline]),
            (2026, [old, successor], "62", ["100"], [.own]),
            (2030, [old, successor], nil, ["100"], [.own]),
            (2031, [old, successor], nil, [], []),
            (2020, [old, successor], nil, ["3959"], [.baseline]),
            (2019, [old, successor], nil, [], []),
            (2021, [old, successor], nil, ["3959"], [.own]),
            // Overlapping own years: the account's province first, then the later start, the later issue, the smaller code.
            (2027, [otherProvince, successor], "51", ["100", "777"], [.own, .own]),
            (2027, [otherProvince, successor], "99", ["777", "100"], [.own, .own]),
            (2027, [successor, otherProvince], nil, ["777", "100"], [.own, .own]),
            (2027, [successor, sameYearsLaterIssued], nil, ["101", "100"], [.own, .own]),
            (2027, [sameYearsLaterIssued, successor], nil, ["101", "100"], [.own, .own]),
            // The baseline year stays with the plan that owns it even for the successor's own province.
            (2025, [successor, otherProvince, old], "99", ["3959", "777", "100"], [.own, .baseline, .baseline]),
        ] as [(Int, [PlanServing.Span], String?, [String], [PlanServing.Role])])
    func choices(year: Int, plans: [PlanServing.Span], province: String?, codes: [String], roles: [PlanServing.Role]) {
        let choices = PlanServing.choices(year: year, plans: plans, province: province)
        #expect(choices.map(\.plan.code) == codes)
        #expect(choices.map(\.role) == roles)
        #expect(PlanServing.serving(year: year, plans: plans, province: province)?.code == codes.first)
    }

    @Test(
        arguments: [
            (2025, [old, successor], "51", "3959"),
            (2026, [old, successor], "62", "100"),
            // No plan reaches 2040: the plan of the account's province that starts latest, else the latest.
            (2040, [old, successor], "62", "3959"),
            (2040, [old, successor], nil, "100"),
            (2040, [], nil, nil),
        ] as [(Int, [PlanServing.Span], String?, String?)])
    func current(year: Int, plans: [PlanServing.Span], province: String?, expected: String?) {
        #expect(PlanServing.current(year: year, plans: plans, province: province)?.code == expected)
    }

    static let from = PlanYears(start: 2021, end: 2025, baseline: 2020)
    static let to = PlanYears(start: 2026, end: 2030, baseline: 2025)

    @Test(
        arguments: [
            ("Đến năm 2025, 100% xã có tổ tư vấn", "Đến năm 2030, 100% xã có tổ tư vấn"),
            ("giai đoạn 2021–2025", "giai đoạn 2026–2030"),
            ("giai đoạn 2021-2025", "giai đoạn 2026-2030"),
            ("giai đoạn 2021 - 2025 và năm 2025", "giai đoạn 2026 - 2030 và năm 2030"),
            ("tăng 5% so với năm 2020", "tăng 5% so với năm 2025"),
            ("tăng 5% so với 2020", "tăng 5% so với 2025"),
            ("up 5% compared with 2020", "up 5% compared with 2025"),
            // Not the plan's years, or not years at all: left as written.
            ("Luật Phòng, chống ma túy năm 2021", "Luật Phòng, chống ma túy năm 2021"),
            ("năm 2020 là năm gốc", "năm 2020 là năm gốc"),
            ("giai đoạn 2016–2020", "giai đoạn 2016–2020"),
            ("giai đoạn 2022–2025", "giai đoạn 2022–2025"),
            ("trước ngày 31/12/2025", "trước ngày 31/12/2025"),
            ("ngày 31-12-2025", "ngày 31-12-2025"),
            ("ngày 31.12.2025", "ngày 31.12.2025"),
            ("Nghị định số 2025/NĐ-CP", "Nghị định số 2025/NĐ-CP"),
            ("12025 người", "12025 người"),
            ("2025,5 tỷ đồng", "2025,5 tỷ đồng"),
            ("2025.", "2030."),
            ("(2025)", "(2030)"),
            ("sơ kết giữa kỳ (năm 2023) và tổng kết", "sơ kết giữa kỳ (năm 2028) và tổng kết"),
            ("A mid-term review (2023) of plan implementation", "A mid-term review (2028) of plan implementation"),
            ("Kế hoạch số 402/KH-UBND ngày 14 tháng 02 năm 2020", "Kế hoạch số 402/KH-UBND ngày 14 tháng 02 năm 2020"),
            ("năm 2023", "năm 2023"),
            ("", ""),
        ] as [(String, String)])
    func shiftsText(text: String, expected: String) {
        #expect(PlanYearShift.shift(text, from: Self.from, to: Self.to) == expected)
    }

    @Test func aCopyOfAPlanMovesItsTextsAndCountsThem() {
        var plan = Plan(
            id: UUID(), code: "3959", kind: "Kế hoạch", title: "Kế hoạch giai đoạn 2021–2025", issuer: "UBND", place: "Kon Tum",
            issuedOn: "2021-05-01", implements: "Luật năm 2021", startYear: 2021, endYear: 2025, baselineYear: 2020,
            generalObjective: "Đến năm 2025, kiềm chế gia tăng tội phạm ma túy")
        plan.targetGroups = [
            TargetGroup(
                number: 1, text: "Nhóm 1",
                targets: [
                    Target(
                        code: "T09", text: "Đến năm 2025, 50% xã không có ma túy", rule: TargetRule(kind: .qualitative),
                        indicator: "Tỷ lệ xã (2021–2025)"),
                    Target(code: "T10", text: "Không đổi", rule: TargetRule(kind: .qualitative), indicator: "Số vụ"),
                ])
        ]
        plan.reporting = [
            ReportingDuty(kind: .finalReview, text: "Tổng kết giai đoạn 2021–2025", year: 2025),
            ReportingDuty(kind: .midTermReview, text: "Sơ kết giữa kỳ năm 2023", year: 2023),
        ]
        let (moved, count) = PlanYearShift.shift(plan, from: PlanYears(plan), to: Self.to)
        #expect(count == 5)
        #expect(moved.generalObjective == "Đến năm 2030, kiềm chế gia tăng tội phạm ma túy")
        #expect(moved.targets.map(\.text) == ["Đến năm 2030, 50% xã không có ma túy", "Không đổi"])
        #expect(moved.targets[0].indicator == "Tỷ lệ xã (2026–2030)")
        #expect(moved.reporting[0].text == "Tổng kết giai đoạn 2026–2030" && moved.reporting[0].year == 2030)
        #expect(moved.reporting[1].text == "Sơ kết giữa kỳ năm 2028" && moved.reporting[1].year == 2028)
        #expect(moved.title == plan.title && moved.implements == plan.implements, "the identity is the new form's")
    }
}
