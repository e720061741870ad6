import Foundation
import Testing

@testable import PCMTDomain

@Suite struct OfficialDocumentTextTests {
    @Test func datesHaveZerosBeforeDaysOneToNineAndMonthsOneAndTwoOnly() throws {
        #expect(try #require(OfficialDate(iso: "2022-07-05")).words == "ngày 05 tháng 7 năm 2022")
        #expect(try #require(OfficialDate(iso: "2023-02-01")).words == "ngày 01 tháng 02 năm 2023")
        #expect(try #require(OfficialDate(iso: "2023-01-31")).words == "ngày 31 tháng 01 năm 2023")
        #expect(try #require(OfficialDate(iso: "2023-12-15")).words == "ngày 15 tháng 12 năm 2023")
        #expect(try #require(OfficialDate(iso: "2023-03-09")).words == "ngày 09 tháng 3 năm 2023")
        #expect(OfficialDate.line(place: "Kon Tum", date: OfficialDate(iso: "2022-07-05"), year: 2022) == "Kon Tum, ngày 05 tháng 7 năm 2022")
        #expect(OfficialDate.line(place: "Kon Tum", date: nil, year: 2025) == "Kon Tum, ngày      tháng      năm 2025")
    }

    @Test func impossibleDatesAreRefused() {
        #expect(OfficialDate(iso: "2023-02-29") == nil)
        #expect(OfficialDate(iso: "2024-02-29") != nil)
        #expect(OfficialDate(iso: "2100-02-29") == nil)
        #expect(OfficialDate(iso: "2024-13-01") == nil)
        #expect(OfficialDate(iso: "2024-04-31") == nil)
        #expect(OfficialDate(iso: "24-04-01") == nil)
        #expect(OfficialDate(iso: "5/7/2022") == nil)
    }

    @Test func theHeadingNamesTheFieldThatCannotBePrinted() {
        var heading = DocumentHeading(
            issuer: "", number: "1/BC", place: "", date: "2024-02-30", signerCapacity: "", signerTitle: "",
            recipients: "")
        #expect(Set(heading.problems.map(\.field)) == ["issuer", "place", "date", "signerTitle"])
        heading = DocumentHeading(fields: [
            "issuer": " Sở Y tế \r\n", "place": "Kon Tum", "signerTitle": "GIÁM ĐỐC", "number": String(repeating: "9", count: 41),
        ])
        #expect(heading.issuer == "Sở Y tế")
        #expect(heading.problems.map(\.field) == ["number"])
    }

    @Test func theProvinceSignsAsThePlanDoes() {
        var plan = PlanFixtures.plan
        plan.signature = Signature(capacity: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH")
        let heading = DocumentHeading.provinceDefault(plan: plan)
        #expect(heading.issuer == "ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM")
        #expect(heading.number.hasSuffix("/BC-TEST"))
        #expect(heading.signerCapacity == "TM. ỦY BAN NHÂN DÂN" && heading.signerTitle == "CHỦ TỊCH")
        #expect(heading.problems.isEmpty)
    }

    @Test func theFirstDraftPlacesEachUnitsWritingUnderTheKeyTaskOfItsDuty() {
        var plan = PlanFixtures.plan
        plan.tasks = [KeyTask(number: 1, text: "Lãnh đạo.", solutionGroup: 1), KeyTask(number: 2, text: "Điều trị.", solutionGroup: 1)]
        plan.assignments[1].duties[0].keyTask = 2
        let writings = [
            RoundReportDraft.UnitWriting(
                unitCode: "99-SYT", unitName: "Sở Y tế",
                content: SubmissionContent(narratives: [
                    "2/-1": .init(results: "Điều trị 40 người.", shortcomings: "Thiếu bác sĩ.", proposals: "")
                ])),
            RoundReportDraft.UnitWriting(
                unitCode: "99-CA", unitName: "Công an tỉnh",
                content: SubmissionContent(narratives: [
                    "1/a": .init(results: "Chủ trì tốt.", shortcomings: "", proposals: "Thêm kinh phí.")
                ])),
        ]
        let draft = RoundReportDraft.compiled(
            plan: plan, period: .span(from: 2021, to: 2023), kind: .midTermReview,
            heading: DocumentHeading.provinceDefault(plan: plan), writings: writings,
            situationFacts: ["- Số vụ: 12 vụ"])
        #expect(draft.results == ["task/1": "- Công an tỉnh: Chủ trì tốt.", "task/2": "- Sở Y tế: Điều trị 40 người."])
        #expect(draft.shortcomings == "- Sở Y tế: Thiếu bác sĩ.")
        #expect(draft.proposals == "- Công an tỉnh: Thêm kinh phí.")
        #expect(draft.situation.contains("giai đoạn 2021–2023") && draft.situation.hasSuffix("- Số vụ: 12 vụ"))
        #expect(RoundReportDraft.resultKeys(plan: plan).map(\.keys) == [["task/1", "task/2"]])
    }

    @Test func aTrajectoryShowsTheBaselineEveryYearAndTheHalfYearReported() {
        var plan = PlanFixtures.plan
        plan.targetGroups[0].targets[0].measure = Measure(numerator: ["cases"])
        let cumulative = Target(
            code: "T09", text: "Cộng dồn", rule: TargetRule(kind: .cumulativeRatioBy, threshold: 80, base: .denominator, deadlineYear: 2025),
            indicator: "Tỷ lệ", measure: Measure(numerator: ["done"], denominator: ["all@baseline"], cumulative: true))
        plan.targetGroups[0].targets.append(cumulative)
        #expect(TargetTrajectory.columns(plan: plan, period: .halfYear(2023, half: 1)).map(\.description) == ["2020", "2021", "2022", "2023S1"])
        #expect(TargetTrajectory.columns(plan: plan, period: .year(2021)).map(\.description) == ["2020", "2021"])
        #expect(
            TargetTrajectory.columns(plan: plan, period: .span(from: 2021, to: 2025)).map(\.description) == [
                "2020", "2021", "2022", "2023", "2024", "2025",
            ])
        let totals = FixedTotals(values: ["cases@2020": 100, "cases@2021": 106, "cases@2022": 108, "done@2021": 10, "all@2020": 20])
        let trajectories = TargetTrajectory.all(plan: plan, period: .year(2022), totals: totals)
        #expect(trajectories[0].points.map(\.value) == [100, 106, 108])
        #expect(trajectories[0].points.map(\.status) == [nil, .achieved, .notAchieved])
        #expect(trajectories[0].overall.status == .notAchieved)
        // A cumulative measure has no value before the plan's first year, and asking for it does no harm.
        #expect(trajectories[2].points[0].value == nil)
        #expect(trajectories[2].points[1].value == 50)
    }

    @Test func aDistrictReportsAndSignsAsItsPeoplesCommittee() {
        #expect(PlanFixtures.district.issuingBody == "Ủy ban nhân dân huyện Núi Cao")
        #expect(PlanFixtures.health.issuingBody == "Sở Y tế")
        let heading = DocumentHeading.unitDefault(
            plan: PlanFixtures.plan, unit: PlanFixtures.district, province: PlanFixtures.province, addressee: "Công an tỉnh")
        #expect(heading.issuer == "ỦY BAN NHÂN DÂN\nHUYỆN NÚI CAO")
        #expect(heading.recipients == "Công an tỉnh;\nLưu: VT.")
        // Issue 15, item 3: a People's Committee's symbol and signature, not "/BC" and "Thủ trưởng đơn vị".
        #expect(heading.number == "     /BC-UBND")
        #expect(heading.signerCapacity == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")
        #expect(heading.signerTitle == "Phó Chủ tịch")
        #expect(heading.parentBody == "")
    }
}
