import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

/// Progress at a glance and the maps (issue 14, item 5).
@Suite struct ProgressAndMapTests {
    let plan = "/plans/\(konTumPlanID)"

    @Test(arguments: TestBackend.available)
    func theProgressGridShowsEveryReportAndFiltersByState(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let rounds = RoundTests()
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let first = try await rounds.openRound(office, "2023S1")
            _ = try await rounds.openRound(office, "2023")
            let id = try await rounds.reportID(app, round: first, unit: "611")
            var form = try rounds.filledForm(app, version: 1, intent: "save")
            form["results_21/-1"] = "Đã triển khai."
            #expect(try await district.post("/submissions/\(id)", form).status == .seeOther)
            // Sent by the store directly (what is missing is not this test's subject), then returned.
            let store = RoundStore(database: app.db)
            let context = ChangeContext(actor: "ngochoi", actorUnit: "611", address: "test")
            guard
                case .saved(let sent) = try await store.transition(
                    id: UUID(uuidString: id)!, expectedVersion: 2, action: .submit, comment: "", context: context)
            else { Issue.record("not sent"); return }
            _ = try await store.transition(
                id: sent.id, expectedVersion: sent.version, action: .return, comment: "Bổ sung.",
                context: ChangeContext(actor: "office", actorUnit: "62-CAT", address: "test"))

            let all = try await office.get("\(plan)/rounds/progress").body.string
            #expect(all.contains("Tiến độ báo cáo") && all.contains("30/30 đơn vị · 2 kỳ"), "\(all.prefix(4000))")
            #expect(all.contains("Báo cáo 6 tháng đầu năm 2023") && all.contains("Báo cáo năm 2023"))
            #expect(all.contains(">Trả lại</a>") && all.contains("href=\"/submissions/\(id)\""))
            let returned = try await office.get("\(plan)/rounds/progress?state=returned").body.string
            // The grid lists the one unit; the overdue reports (every other unit's drafts of 2023) are listed apart.
            let grid = try #require(returned.range(of: "<table")).lowerBound
            let rows = returned[grid...].components(separatedBy: "</table>")[0]
            #expect(returned.contains("1/30 đơn vị") && rows.contains("Huyện Ngọc Hồi") && !rows.contains("Huyện Đắk Glei"))
            // The matching cell is marked, and overdue: the report is back with its unit after the due date.
            #expect(returned.contains("state-returned overdue match"))
            // Most open reports first: Ngọc Hồi is not first (every unit has 2 open), so order by name breaks the tie.
            let open = try await office.get("\(plan)/rounds/progress?sort=open&dir=desc").body.string
            #expect(open.contains("Chưa duyệt ▼"))
            #expect(try await office.get("\(plan)/rounds/progress?state=nonsense").status == .ok, "an unknown filter shows all")
            #expect(try await district.get("\(plan)/rounds/progress").status == .forbidden)
            #expect(try await office.get("\(plan)/rounds").body.string.contains("/rounds/progress"), "linked from the rounds")
        }
    }

    @Test(arguments: TestBackend.available)
    func theBoardAndATargetShowTheDistrictsOnAMapWithTheirStatusInWords(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let viewer = try await TestAccounts.browser(app, "xem", .viewer, unit: "62")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            // Ngọc Hồi: 14 cases in 2022, 15 in 2023 (+7.1%: T04 asks ≥ 5%).
            for (period, heroin) in [("2022", "4"), ("2023", "5")] {
                #expect(
                    try await district.post(
                        "/data/611/\(period)",
                        [
                            "v_drug_cases_detected__heroin": heroin, "v_drug_cases_detected__synthetic": "8",
                            "v_drug_cases_detected__cannabis": "1", "v_drug_cases_detected__other": "1",
                        ]
                    ).status == .ok)
            }
            let target = try await viewer.get("\(plan)/board/T04?period=2023").body.string
            #expect(target.contains("<svg") && target.contains("role=\"img\""))
            #expect(target.components(separatedBy: "<g class=\"area status-").count - 1 == 10, "ten districts drawn")
            #expect(target.contains("<title>Huyện Ngọc Hồi: Đạt (+7,1%)</title>"), "the status in words on the shape")
            #expect(target.contains("Huyện Ngọc Hồi</a>: Đạt (+7,1%)"), "and in the list beside it")
            #expect(target.contains("<title>Huyện Đắk Glei: Chưa có số liệu"), "a district without data is said to have none")
            #expect(target.contains("được vẽ bằng các đơn vị hành chính mới"), "composed outlines are said so")
            let board = try await viewer.get("\(plan)/board?period=2023").body.string
            #expect(board.components(separatedBy: "<g class=\"area status-").count - 1 == 10)
            #expect(board.contains("Đánh giá chung từng đơn vị, năm 2023"))
            #expect(board.contains("Huyện Đắk Glei</a>: Chưa đánh giá được"))
            // A district's own board has no units below with outlines: no map.
            let own = try await district.get("\(plan)/board?period=2023&unit=611").body.string
            #expect(!own.contains("<svg") || !own.contains("class=\"area status-"))
        }
    }
}
