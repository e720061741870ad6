import Foundation
import PCMTDomain
import Testing

/// Versions of a plan (issue 16, item 4): which version is in force for a day and a period, the checks of an
/// amendment's document and dates, and what changed between two versions.
@Suite struct PlanVersionTests {
    static func version(_ number: Int, _ from: String, _ document: String = "") -> PlanVersion {
        PlanVersion(
            number: number, inForceFrom: from,
            document: AmendingDocument(number: document.isEmpty ? "\(number)/KH-UBND" : document, date: from, issuer: "UBND", summary: "…"))
    }

    /// Issued 03/11/2021; amended from 01/01/2024 and from 01/07/2025.
    static let versions = PlanVersions([version(3, "2025-07-01"), version(1, "2021-11-03"), version(2, "2024-01-01")])

    @Test(
        arguments: [
            // day, version in force
            ("2021-11-03", 1), ("2022-06-30", 1), ("2023-12-31", 1), ("2024-01-01", 2), ("2025-06-30", 2), ("2025-07-01", 3),
            ("2030-01-01", 3),
            // Before the plan was issued (its baseline year): the plan as issued.
            ("2020-12-31", 1), ("2021-11-02", 1),
        ] as [(String, Int)])
    func inForceOnADay(day: String, expected: Int) {
        #expect(Self.versions.inForce(on: day)?.number == expected)
    }

    @Test(
        arguments: [
            // period, version in force on its last day
            ("2020", 1), ("2021", 1), ("2023", 1), ("2023S2", 1), ("2024", 2), ("2024S1", 2), ("2025S1", 2), ("2025S2", 3),
            ("2025", 3), ("2021-2023", 1), ("2021-2025", 3), ("2022-2024", 2),
        ] as [(String, Int)])
    func inForceForAPeriod(period: String, expected: Int) {
        #expect(Self.versions.inForce(for: Period(period)!)?.number == expected)
    }

    @Test func noVersionsHaveNoneInForce() {
        #expect(PlanVersions([]).inForce(on: "2024-01-01") == nil)
        #expect(PlanVersions([]).latest == nil)
        #expect(Self.versions.latest?.number == 3)
    }

    @Test func versionOneIsThePlanAsIssued() {
        let issued = PlanVersion.issued(PlanFixtures.plan)
        #expect(issued.number == 1)
        #expect(issued.inForceFrom == "2021-01-02")
        #expect(issued.document.number == "1/KH-TEST")
        #expect(issued.document.issuer == "Ủy ban nhân dân tỉnh Thử Nghiệm")
    }

    // MARK: The amendment's fields

    static func input(
        _ number: String = "125/KH-UBND", date: String = "2023-12-20", from: String = "2024-01-01", issuer: String = "UBND tỉnh",
        summary: String = "Điều chỉnh chỉ tiêu T01."
    ) -> AmendmentInput {
        AmendmentInput(documentNumber: number, documentDate: date, inForceFrom: from, issuer: issuer, summary: summary)
    }

    @Test(
        arguments: [
            (input(), [String]()),
            (input("  125/KH-UBND "), []),
            (input(""), ["documentNumber"]),
            (input("   "), ["documentNumber"]),
            (input("1/kh-test"), ["documentNumber"]),
            (input(String(repeating: "9", count: 61)), ["documentNumber"]),
            (input(date: ""), ["documentDate"]),
            (input(date: "20/12/2023"), ["documentDate"]),
            (input(date: "2023-02-30"), ["documentDate"]),
            (input(from: ""), ["inForceFrom"]),
            (input(from: "2024-13-01"), ["inForceFrom"]),
            // Before, or on, the day the previous version is in force from.
            (input(date: "2020-01-01", from: "2020-06-01"), ["inForceFrom"]),
            (input(date: "2021-01-01", from: "2021-01-02"), ["inForceFrom"]),
            // In force before its own date.
            (input(date: "2024-02-01", from: "2024-01-01"), ["inForceFrom"]),
            (input(date: "2024-01-01", from: "2024-01-01"), []),
            (input(issuer: " "), ["issuer"]),
            (input(summary: ""), ["summary"]),
            (input(summary: String(repeating: "a", count: 2001)), ["summary"]),
            (input("", date: "", from: "", issuer: "", summary: ""), ["documentNumber", "documentDate", "inForceFrom", "issuer", "summary"]),
        ] as [(AmendmentInput, [String])])
    func amendmentProblems(input: AmendmentInput, fields: [String]) {
        let previous = PlanVersion.issued(PlanFixtures.plan)
        let problems = PlanAmendment.problems(input, after: previous, usedNumbers: ["1/KH-TEST"])
        #expect(problems.map(\.field) == fields)
        #expect(problems.allSatisfy { !$0.messageVi.isEmpty && !$0.messageEn.isEmpty })
    }

    @Test func theDayBeforeThePreviousVersionIsNamed() {
        let problems = PlanAmendment.problems(
            Self.input(date: "2020-01-01", from: "2020-06-01"), after: PlanVersion.issued(PlanFixtures.plan), usedNumbers: [])
        #expect(problems.first?.messageVi == "Ngày có hiệu lực phải sau ngày 02/01/2021, ngày phiên bản 1 có hiệu lực.")
    }

    // MARK: What changed

    static func amended(_ change: (inout Plan) -> Void) -> Plan {
        var plan = PlanFixtures.plan
        change(&plan)
        return plan
    }

    @Test(
        arguments: [
            // A changed threshold.
            (
                amended { $0.targetGroups[0].targets[0].rule.threshold = 3 },
                ["Sửa chỉ tiêu T01, cách đánh giá: «Tăng ≥ 5% so với năm trước» → «Tăng ≥ 3% so với năm trước»"]
            ),
            // A changed comparison and text.
            (
                amended {
                    $0.targetGroups[0].targets[0].rule.kind = .growthAbove
                    $0.targetGroups[0].targets[0].text = "Số vụ tăng trên 5%"
                },
                [
                    "Sửa chỉ tiêu T01, cách đánh giá: «Tăng ≥ 5% so với năm trước» → «Tăng trên 5% so với năm trước»",
                    "Sửa chỉ tiêu T01, nội dung: «Số vụ tăng 5%» → «Số vụ tăng trên 5%»",
                ]
            ),
            // A target added and one removed, in the plan's order.
            (
                amended {
                    $0.targetGroups[0].targets.remove(at: 0)
                    $0.targetGroups[0].targets.append(
                        Target(code: "T03", text: "Mới", rule: TargetRule(kind: .qualitative), indicator: "Mới"))
                },
                ["Bỏ chỉ tiêu T01", "Thêm chỉ tiêu T03"]
            ),
            // A measure and the assignments responsible.
            (
                amended {
                    $0.targetGroups[0].targets[1].measure = Measure(numerator: ["A"], denominator: ["B"])
                    $0.targetGroups[0].targets[1].responsible = [1, 2]
                },
                [
                    "Sửa chỉ tiêu T02, cách tính: «(trống)» → «A / (B)»",
                    "Sửa chỉ tiêu T02, phân công chịu trách nhiệm: «2» → «1, 2»",
                ]
            ),
            // A target moved to a new group.
            (
                amended {
                    let moved = $0.targetGroups[0].targets.removeLast()
                    $0.targetGroups.append(TargetGroup(number: 2, text: "Nhóm hai", targets: [moved]))
                },
                ["Thêm nhóm chỉ tiêu 2", "Sửa chỉ tiêu T02, nhóm chỉ tiêu: «1» → «2»"]
            ),
            // Duties: one added to an assignment, one changed.
            (
                amended {
                    $0.assignments[0].duties.append(Duty(label: "b", text: "Kiểm tra.", role: .implement))
                    $0.assignments[1].duties[0].role = .lead
                },
                ["Thêm phân công 1, nhiệm vụ b", "Sửa phân công 2, nhiệm vụ -1, vai trò: «thực hiện» → «chủ trì»"]
            ),
            // An assignment added: one line, its duties with it; another's units changed.
            (
                amended {
                    $0.assignments.append(
                        Assignment(number: 4, assignee: "Sở Giáo dục", units: ["99-GD"], duties: [Duty(label: "", text: "x", role: .lead)]))
                    $0.assignments[2].units = ["990", "991"]
                },
                ["Sửa phân công 3, đơn vị thực hiện: «990» → «990, 991»", "Thêm phân công 4"]
            ),
            // Projects and sub-projects.
            (
                amended {
                    $0.projects[0].leadUnit = "99-SYT"
                    $0.projects[0].subprojects.append(SubProject(code: "P01.2", number: "Tiểu dự án 2", title: "Hai"))
                    $0.projects.append(Project(code: "P02", number: "Dự án 2", title: "Hai", assignment: 2, leadUnit: nil))
                },
                ["Sửa dự án P01, đơn vị chủ trì: «99-CA» → «99-SYT»", "Thêm tiểu dự án P01.2", "Thêm dự án P02"]
            ),
            // Tasks, solutions, reporting, organisation, the plan's own fields.
            (
                amended {
                    $0.tasks.append(KeyTask(number: 2, text: "Nhiệm vụ mới"))
                    $0.solutions[0].points.append("Giải pháp mới.")
                    $0.reporting.append(ReportingDuty(kind: .midTermReview, text: "Sơ kết", year: 2023))
                    $0.organisation.append(OrganisationClause(number: 1, text: "Tổ chức"))
                    $0.endYear = 2026
                },
                [
                    "Sửa kế hoạch, năm kết thúc: «2025» → «2026»", "Thêm nhiệm vụ trọng tâm 2",
                    "Sửa nhóm giải pháp 1, các giải pháp: «Tuyên truyền tại xã Suối Đá Trắng.» → «Tuyên truyền tại xã Suối Đá Trắng.; Giải pháp mới.»",
                    "Thêm sơ kết giữa kỳ 2023", "Thêm tổ chức thực hiện, mục 1",
                ]
            ),
            // Nothing changed.
            (PlanFixtures.plan, []),
        ] as [(Plan, [String])])
    func changes(to new: Plan, expected: [String]) {
        #expect(PlanAmendment.changes(from: PlanFixtures.plan, to: new).map { $0.sentence(.vi) } == expected)
    }

    @Test func changesAreSaidInEnglishToo() {
        let new = Self.amended { $0.targetGroups[0].targets[0].rule.threshold = 3 }
        let change = PlanAmendment.changes(from: PlanFixtures.plan, to: new)
        #expect(change.map { $0.sentence(.en) } == ["Changed target T01, rule: «≥ 5% over the previous year» → «≥ 3% over the previous year»"])
        #expect(change.first?.subject == PlanChange.Subject(area: .target, key: "T01"))
        #expect(change.first?.kind == .changed)
    }

    @Test func removedRecordsStandWhereTheyWere() {
        let new = Self.amended { plan in
            plan.tasks = [KeyTask(number: 2, text: "Hai"), KeyTask(number: 3, text: "Ba")]
        }
        let old = Self.amended { plan in
            plan.tasks = [KeyTask(number: 1, text: "Một"), KeyTask(number: 2, text: "Hai"), KeyTask(number: 4, text: "Bốn")]
        }
        #expect(
            PlanAmendment.changes(from: old, to: new).map { $0.sentence(.vi) } == [
                "Bỏ nhiệm vụ trọng tâm 1", "Thêm nhiệm vụ trọng tâm 3", "Bỏ nhiệm vụ trọng tâm 4",
            ])
    }

    @Test func longTextsAreShortened() {
        let long = String(repeating: "x", count: 300)
        let new = Self.amended { $0.generalObjective = long }
        let sentence = PlanAmendment.changes(from: PlanFixtures.plan, to: new).first?.sentence(.vi) ?? ""
        #expect(sentence.hasSuffix(String(repeating: "x", count: 160) + "…»"))
    }
}
