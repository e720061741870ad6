import Foundation
import PCMTDomain
import Testing

@Suite struct ReportingTests {
    @Test func cutOffsFollowDecree09Of2019() {
        #expect(
            RoundSchedule.defaults(for: .halfYear(2022, half: 1))
                == RoundSchedule(cutoffStart: "2021-12-15", cutoffEnd: "2022-06-14", dueDate: "2022-06-20"))
        #expect(RoundSchedule.defaults(for: .year(2022)) == RoundSchedule(cutoffStart: "2021-12-15", cutoffEnd: "2022-12-14", dueDate: "2022-12-20"))
        #expect(RoundSchedule.defaults(for: .span(from: 2021, to: 2023)).cutoffStart == "2020-12-15")
        #expect(RoundSchedule.defaults(for: .span(from: 2021, to: 2023)).cutoffEnd == "2023-12-14")
    }

    @Test func kindsOfRound() {
        #expect(RoundKind.of(.halfYear(2022, half: 1), planEndYear: 2025) == .halfYear)
        #expect(RoundKind.of(.year(2022), planEndYear: 2025) == .year)
        #expect(RoundKind.of(.span(from: 2021, to: 2023), planEndYear: 2025) == .midTermReview)
        #expect(RoundKind.of(.span(from: 2021, to: 2025), planEndYear: 2025) == .finalReview)
    }

    @Test func theWorkflowAllowsOnlyItsTransitions() {
        let allowed: [(SubmissionAction, SubmissionState, SubmissionState)] = [
            (.submit, .draft, .submitted), (.submit, .returned, .submitted), (.return, .submitted, .returned),
            (.approve, .submitted, .approved), (.reopen, .approved, .returned),
        ]
        for action in SubmissionAction.allCases {
            for state in SubmissionState.allCases {
                let expected = allowed.first { $0.0 == action && $0.1 == state }?.2
                #expect(action.next(from: state) == expected, "\(action) from \(state)")
            }
        }
        #expect(SubmissionAction.allCases.filter(\.byStandingOffice) == [.return, .approve, .reopen])
        #expect(SubmissionAction.allCases.filter(\.needsComment) == [.return, .reopen])
        #expect(SubmissionState.allCases.filter(\.isEditable) == [.draft, .returned])
    }

    @Test func onTimeIsByTheEndOfTheDueDateInVietnam() {
        let formatter = ISO8601DateFormatter()
        #expect(Timeliness.isOnTime(firstSubmittedAt: formatter.date(from: "2022-06-20T16:59:59Z")!, dueDate: "2022-06-20"))
        #expect(!Timeliness.isOnTime(firstSubmittedAt: formatter.date(from: "2022-06-20T17:00:00Z")!, dueDate: "2022-06-20"))
    }

    @Test func whatIsMissingIsNamed() {
        let demands = SubmissionDemands(plan: PlanFixtures.plan, unitCode: "99-CA")
        #expect(demands.duties.map(\.key) == ["1/a"])
        #expect(demands.projects.map(\.code) == ["P01"])
        var content = SubmissionContent()
        var missing = demands.missing(content, missingData: ["Số vụ"], language: .vi)
        #expect(missing.count == 3)
        #expect(
            missing[0] == "Kết quả thực hiện nhiệm vụ 1, điểm a: Chủ trì, phối hợp với Sở Y tế.",
            "the duty as officials cite it, its text whole when short")
        #expect(demands.duties[0].name(.en) == "duty 1 (a)")
        #expect(SubmissionContent.dutyName(key: "21/-2", .vi) == "nhiệm vụ 21, ý 2")
        #expect(SubmissionContent.dutyName(key: "5/", .vi) == "nhiệm vụ 5")
        #expect(SubmissionContent.dutyName(key: "x", .vi) == "x", "not a duty key: as it is")
        #expect(missing[2] == "Số liệu: Số vụ")
        content.narratives["1/a"] = .init(results: "Đã chủ trì phối hợp.")
        content.projects["P01"] = .init(status: "Đang triển khai", progress: 40)
        missing = demands.missing(content, missingData: [], language: .en)
        #expect(missing.isEmpty)
    }
}
