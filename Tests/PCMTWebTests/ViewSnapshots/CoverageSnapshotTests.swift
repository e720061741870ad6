import Foundation
import PCMTDomain
import PCMTReports
import Testing

@testable import PCMTStore
@testable import PCMTWeb

/// The board, a target's page and the province's report when the figures lack a unit or a part exceeds its whole:
/// the statuses "incomplete" and "inconsistent", with the units reported and those missing.
extension ViewSnapshotTests {
    /// 2023 of the test province: the city (991) reported its cases for 2022 only and no new hotspots, and the
    /// treated are more than the registered.
    static var incompleteTotals: UnitTotals {
        var totals = UnitTotals()
        totals.years = [
            "drug_cases_detected": [2022: 45, 2023: 30],
            "addicts_registered": [2023: 100],
            "addicts_treated": [2023: 120],
            "new_hotspots": [2023: 0],
        ]
        totals.stocks = ["addicts_registered"]
        let districts = [ReportingUnit(F.district), ReportingUnit(F.city)]
        totals.reporting = Dictionary(uniqueKeysWithValues: F.elements.map { ($0.code, districts) })
        let whole = ReportedHalves(year: true)
        totals.presence = [
            "drug_cases_detected": ["990": [2022: whole, 2023: whole], "991": [2022: whole]],
            "addicts_registered": ["990": [2023: whole], "991": [2023: whole]],
            "addicts_treated": ["990": [2023: whole], "991": [2023: whole]],
            "new_hotspots": ["990": [2023: whole]],
        ]
        return totals
    }

    @Test func boardPageWithIncompleteAndInconsistentData() throws {
        let board = TargetBoard(plan: F.plan, period: F.boardPeriod, totals: Self.incompleteTotals)
        #expect(board.rows.map(\.evaluation.status) == [.incomplete, .inconsistent, .incomplete, .noData])
        let model = BoardPage.Model(
            plan: F.plan, unit: F.province, period: F.boardPeriod, board: board, unitOptions: [F.province, F.district, F.city],
            officialOnly: true)
        let pages = try render(
            "board-incomplete", path: "\(Self.planPath)/board", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Target board", "Bảng chỉ tiêu") }
        ) { t in
            BoardPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<li class=\"status-incomplete\"><span aria-hidden=\"true\">◐</span> <strong>2</strong> Chưa đủ số liệu</li>"))
        #expect(vi.contains("<li class=\"status-inconsistent\"><span aria-hidden=\"true\">≠</span> <strong>1</strong> Số liệu mâu thuẫn</li>"))
        #expect(vi.contains("<td class=\"coverage coverage-gap\">1/2 huyện, thiếu Thành phố Sông Xanh (năm 2023)</td>"))
        #expect(vi.contains("<td class=\"coverage\">2/2 huyện</td>"))
        #expect(vi.contains("2023: 120/100 = 120% — số liệu mâu thuẫn: tử số lớn hơn mẫu số"))
        let en = try #require(pages[.en])
        #expect(en.contains("<span class=\"status status-incomplete\"><span aria-hidden=\"true\">◐</span> Incomplete data</span>"))
        #expect(en.contains("1/2 districts, missing Thành phố Sông Xanh (2023)"))
        // Without incomplete or inconsistent figures the summary does not list them (the board of `boardPage`).
        #expect(!(try render(F.board).contains("status-incomplete")))
    }

    /// The summary of a board, in Vietnamese.
    func render(_ board: TargetBoard) throws -> String {
        var html = ""
        BoardPage.summary(board, t: Localizer(language: .vi)).render(into: &html)
        return html
    }

    @Test func targetPageWithIncompleteData() throws {
        let target = try #require(F.plan.targets.first { $0.code == "T01" })
        let engine = RuleEngine(planStartYear: F.plan.startYear, baselineYear: F.plan.baselineYear)
        let totals = Self.incompleteTotals
        let model = TargetPage.Model(
            plan: F.plan, target: target, unit: F.province, period: F.boardPeriod,
            evaluation: engine.evaluate(target.rule, measure: target.measure, period: F.boardPeriod, totals: totals),
            trend: TargetTrend(plan: F.plan, target: target, totals: totals), rows: [], sort: "code",
            descending: false, unitOptions: [F.province, F.district, F.city], officialOnly: true)
        let pages = try render(
            "target-T01-incomplete", path: "\(Self.planPath)/board/T01", plan: F.plan, session: F.session(.viewer),
            title: { _ in "T01" }
        ) { t in
            TargetPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(
            vi.contains("<p class=\"coverage coverage-gap\"><strong>Đơn vị có số liệu: </strong>1/2 huyện, thiếu Thành phố Sông Xanh (năm 2023)</p>"))
        #expect(vi.contains("fill=\"#8a8f98\""), "the incomplete year's point on the chart")
    }

    @Test func theProvinceReportSaysWhichUnitsAreMissing() {
        var material = F.roundMaterial
        material.trajectories = TargetTrajectory.all(plan: F.plan, period: material.period, totals: Self.incompleteTotals)
        let document = RoundReportComposer.document(material)
        let notes = document.blocks.compactMap { block -> String? in if case .note(let text) = block { text } else { nil } }
        #expect(
            notes.contains(
                "Số liệu chưa đầy đủ (chỉ tính các báo cáo đã duyệt): chỉ tiêu 1, 3 (T01, T03): 1/2 huyện, thiếu Thành phố Sông Xanh (năm 2023)."
            ))
        let texts = document.blocks.compactMap { block -> String? in if case .text(let text) = block { text } else { nil } }
        #expect(
            texts.contains {
                $0.contains(
                    "0 chỉ tiêu đạt, 0 chỉ tiêu đúng tiến độ, 0 chỉ tiêu không đạt hoặc có nguy cơ không đạt, 1 chỉ tiêu có số liệu mâu thuẫn, 2 chỉ tiêu chưa đủ số liệu"
                )
            })
        let table = document.blocks.compactMap { block -> OfficialDocument.Table? in if case .table(let table) = block { table } else { nil } }.first
        #expect(table?.rows.first?.last == .init("Chưa đủ số liệu", note: "1/2 huyện", bold: true))
        #expect(table?.rows[1].last == .init("Số liệu mâu thuẫn", note: "", bold: true))
    }

    /// A review's lessons learned, when written, are section IV and the later sections move down; a year report has
    /// none, and a review without them keeps IV and V.
    @Test func aReviewPrintsItsLessonsLearnedWhenWritten() {
        func sections(_ kind: RoundKind, lessons: String) -> [String] {
            var material = F.roundMaterial
            material.kind = kind
            material.draft.lessons = lessons
            return RoundReportComposer.document(material).blocks.compactMap { block -> String? in
                if case .section(let text) = block { text } else { nil }
            }
        }
        #expect(
            sections(.finalReview, lessons: "Phát huy vai trò của cấp ủy.").suffix(4) == [
                "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "IV. BÀI HỌC KINH NGHIỆM", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TIẾP THEO",
                "VI. ĐỀ XUẤT, KIẾN NGHỊ",
            ])
        #expect(sections(.finalReview, lessons: " ").suffix(2) == ["IV. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TIẾP THEO", "V. ĐỀ XUẤT, KIẾN NGHỊ"])
        #expect(sections(.year, lessons: "Không in.").suffix(2) == ["IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ"])
    }
}
