import PCMTDomain
import Testing

/// Opening a reporting round: the period, the strict dates, the cut-off, and who is expected to report.
@Suite struct RoundOpeningTests {
    // The fixture plan runs from 2021 to 2025.
    let plan = PlanFixtures.plan

    static let periodProblem = FieldProblem(
        field: "period", en: "A period within the plan's years.", vi: "Kỳ báo cáo phải trong giai đoạn của kế hoạch.")
    static func dateProblem(_ field: String) -> FieldProblem {
        FieldProblem(field: field, en: "A date as yyyy-mm-dd.", vi: "Ngày theo dạng yyyy-mm-dd.")
    }
    static let reversedCutOff = FieldProblem(
        field: "cutoffEnd", en: "The cut-off ends before it starts.", vi: "Ngày chốt kết thúc trước ngày bắt đầu.")

    @Test(
        arguments: [
            (
                "2023", nil, nil, nil,
                RoundOpening.Opening(
                    period: .year(2023), kind: .year,
                    schedule: RoundSchedule(cutoffStart: "2022-12-15", cutoffEnd: "2023-12-14", dueDate: "2023-12-20"))
            ),
            (
                "2024S1", "2024-02-29", "", "",
                .init(
                    period: .halfYear(2024, half: 1), kind: .halfYear,
                    schedule: RoundSchedule(cutoffStart: "2023-12-15", cutoffEnd: "2024-06-14", dueDate: "2024-02-29"))
            ),
            (
                " 2023S2 ", " 2024-01-10 ", "2023-07-01", "2023-12-31",
                .init(
                    period: .halfYear(2023, half: 2), kind: .halfYear,
                    schedule: RoundSchedule(cutoffStart: "2023-07-01", cutoffEnd: "2023-12-31", dueDate: "2024-01-10"))
            ),
            (
                "2021-2023", nil, nil, nil,
                .init(
                    period: .span(from: 2021, to: 2023), kind: .midTermReview,
                    schedule: RoundSchedule(cutoffStart: "2020-12-15", cutoffEnd: "2023-12-14", dueDate: "2023-12-20"))
            ),
            (
                "2021-2025", nil, nil, nil,
                .init(
                    period: .span(from: 2021, to: 2025), kind: .finalReview,
                    schedule: RoundSchedule(cutoffStart: "2020-12-15", cutoffEnd: "2025-12-14", dueDate: "2025-12-20"))
            ),
            (
                "2023", nil, "2023-05-01", "2023-05-01",
                .init(
                    period: .year(2023), kind: .year,
                    schedule: RoundSchedule(cutoffStart: "2023-05-01", cutoffEnd: "2023-05-01", dueDate: "2023-12-20"))
            ),
        ] as [(String, String?, String?, String?, RoundOpening.Opening)])
    func opens(period: String, due: String?, cutoffStart: String?, cutoffEnd: String?, expected: RoundOpening.Opening) {
        #expect(RoundOpening.check(plan: plan, period: period, due: due, cutoffStart: cutoffStart, cutoffEnd: cutoffEnd) == .success(expected))
    }

    @Test(
        arguments: [
            // The period: a year, a half-year or a span, within 2021–2025.
            ("2020", nil, nil, nil, [periodProblem]),
            ("2026", nil, nil, nil, [periodProblem]),
            ("2020-2022", nil, nil, nil, [periodProblem]),
            ("2023S3", nil, nil, nil, [periodProblem]),
            ("2025-2021", nil, nil, nil, [periodProblem]),
            ("", nil, nil, nil, [periodProblem]),
            ("năm 2023", nil, nil, nil, [periodProblem]),
            // Dates are read strictly: a day that exists, written yyyy-mm-dd.
            ("2023", "2023-02-30", nil, nil, [dateProblem("due")]),
            ("2023", "2023-02-29", nil, nil, [dateProblem("due")]),
            ("2023", "2023-2-3", nil, nil, [dateProblem("due")]),
            ("2023", "2023-02-03x", nil, nil, [dateProblem("due")]),
            ("2023", "03/02/2023", nil, nil, [dateProblem("due")]),
            ("2023", "2023-12-20T00:00", nil, nil, [dateProblem("due")]),
            ("2023", nil, "2023-13-01", "2023-04-31", [dateProblem("cutoffStart"), dateProblem("cutoffEnd")]),
            // Every problem at once, in the order of the form.
            ("2030", "2023-02-30", "x", nil, [periodProblem, dateProblem("due"), dateProblem("cutoffStart")]),
            // The cut-off may not end before it starts, given or by default (2022-12-15 for the year 2023).
            ("2023", nil, "2023-06-01", "2023-05-31", [reversedCutOff]),
            ("2023", nil, nil, "2022-12-01", [reversedCutOff]),
            // … but that is only looked at once everything else is right.
            ("2030", nil, "2023-06-01", "2023-05-31", [periodProblem]),
        ] as [(String, String?, String?, String?, [FieldProblem])])
    func refuses(period: String, due: String?, cutoffStart: String?, cutoffEnd: String?, expected: [FieldProblem]) {
        #expect(
            RoundOpening.check(startYear: 2021, endYear: 2025, period: period, due: due, cutoffStart: cutoffStart, cutoffEnd: cutoffEnd)
                == .failure(RoundOpening.Refusal(problems: expected)))
    }

    @Test(arguments: [
        ("2024-02-29", true),
        ("2000-02-29", true),
        ("2023-12-31", true),
        ("2023-02-29", false),
        ("2100-02-29", false),
        ("2023-02-30", false),
        ("2023-04-31", false),
        ("2023-00-10", false),
        ("2023-2-3", false),
        ("2023-02-3", false),
        ("2023-02-03x", false),
        ("2023-+2-03", false),
        (" 2023-02-03", false),
        ("2023-02-03 ", false),
        ("２０２３-02-03", false),
        ("20230203", false),
    ])
    func oneStrictReadingOfADate(text: String, accepted: Bool) {
        #expect((OfficialDate(iso: text) != nil) == accepted)
    }

    // Units of the assignments, each once, in order of first mention, as they are on the round's due date: a unit
    // that ended before it is replaced by the units formed from its territory (in code order), a unit that ended
    // with no successor and an unknown code are not expected. The district 990 and its communes end on 2023-06-30;
    // the commune code 99001 is reused from 2023-07-01 for the unit formed from both old communes, and 99102 is
    // formed from part of 99002 (a split: 99002 names both).
    @Test(arguments: [
        ("2022-12-20", ["99-CA", "99-SYT", "990"]),
        ("2022-12-31", ["99-CA", "99-SYT", "990"]),  // the health department's last day is the due day: expected
        ("2023-01-01", ["99-CA", "990"]),  // it ended the day before
        ("2023-06-30", ["99-CA", "990"]),  // the district's last day
        ("2023-07-01", ["99-CA", "99001", "99102"]),  // the units formed from the district's communes, each once
        ("2025-12-20", ["99-CA", "99001", "99102"]),
        ("2023-06-20", ["99-CA", "990"]),
    ])
    func expectedUnits(dueDate: String, expected: [String]) {
        var plan = PlanFixtures.plan
        plan.assignments = [
            Assignment(number: 1, assignee: "Công an tỉnh", units: ["99-CA"], duties: []),
            Assignment(number: 2, assignee: "Sở Y tế và Công an tỉnh", units: ["99-SYT", "99-CA"], duties: []),
            Assignment(number: 3, assignee: "Ủy ban nhân dân các huyện", units: ["990", "99-XX"], duties: []),
        ]
        var health = PlanFixtures.health
        health.validTo = "2022-12-31"
        var district = PlanFixtures.district
        district.validTo = "2023-06-30"
        district.successorCodes = ["99001", "99102"]
        var oldCommune = PlanFixtures.commune
        oldCommune.validTo = "2023-06-30"
        oldCommune.successorCodes = ["99001"]
        var split = PlanFixtures.otherCommune
        split.validTo = "2023-06-30"
        split.successorCodes = ["99001", "99102"]
        let newCommune = OrgUnit(code: "99001", name: "Xã Suối Mới", level: .commune, typeName: "Xã", parentCode: "99", validFrom: "2023-07-01")
        let part = OrgUnit(code: "99102", name: "Xã Đá Mới", level: .commune, typeName: "Xã", parentCode: "99", validFrom: "2023-07-01")
        let timeline = UnitTimeline(units: [PlanFixtures.province, district, oldCommune, split, newCommune, part, PlanFixtures.police, health])
        let schedule = RoundSchedule(cutoffStart: "2022-06-15", cutoffEnd: "2025-12-14", dueDate: dueDate)
        #expect(RoundOpening.expectedUnits(plan: plan, schedule: schedule, timeline: timeline) == expected)
    }
}
