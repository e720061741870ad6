import Foundation
import PCMTDomain
import Testing

/// Issue 15: the compiled text without repeats, figures stated with their change and verdict, and the heading a
/// kind of body uses.
@Suite struct ReportTextTests {
    func passage(_ unit: String, _ text: String, _ origin: String) -> CompiledText.Passage {
        CompiledText.Passage(unitCode: unit, unitName: "Đơn vị \(unit)", text: text, origin: origin)
    }

    @Test func oneUnitsSamePassageForThreeDutiesAppearsOnceWithAMark() {
        let text = "Lực lượng chuyên trách còn mỏng; kinh phí bố trí chậm."
        let result = CompiledText.compile([
            passage("A", text, "nhiệm vụ 21, ý 1"), passage("A", "  \(text) ", "nhiệm vụ 21, ý 2"),
            passage("A", text.uppercased(), "nhiệm vụ 21, ý 3"),
        ])
        #expect(result.lines.count == 1)
        #expect(CompiledText.withoutMarks(result.lines[0]) == "- Đơn vị A: \(text)")
        #expect(
            result.lines[0].contains("[[Đã gộp 3 đoạn trùng hoặc gần trùng của Đơn vị A (nhiệm vụ 21, ý 1; nhiệm vụ 21, ý 2; nhiệm vụ 21, ý 3)]]"))
        #expect(result.merged == 2)
    }

    @Test func unitsThatWroteTheSameAreNamedTogetherAndDifferentTextsStaySeparate() {
        let result = CompiledText.compile([
            passage("A", "Đề nghị bổ sung kinh phí.", "nhiệm vụ 1"), passage("B", "Đề nghị bổ sung kinh phí", "nhiệm vụ 2"),
            passage("C", "Đề nghị tập huấn nghiệp vụ cho cán bộ xã.", "nhiệm vụ 3"), passage("D", "   ", "nhiệm vụ 4"),
        ])
        #expect(
            result.lines.map(CompiledText.withoutMarks) == [
                "- Đơn vị A, Đơn vị B: Đề nghị bổ sung kinh phí.", "- Đơn vị C: Đề nghị tập huấn nghiệp vụ cho cán bộ xã.",
            ])
        #expect(result.lines[0].contains("[[Đã gộp nội dung giống nhau của 2 đơn vị]]"))
    }

    @Test func oneUnitsDifferentPassagesFormOneParagraphAndALongerVersionWins() {
        let result = CompiledText.compile([
            passage("A", "Tổ chức 12 buổi tuyên truyền tại các xã biên giới", "nhiệm vụ 1"),
            passage("A", "Đã kiểm tra 30 cơ sở kinh doanh.", "nhiệm vụ 2"),
            passage("A", "Tổ chức 12 buổi tuyên truyền tại các xã biên giới, thu hút 1.500 lượt người tham dự.", "nhiệm vụ 3"),
        ])
        #expect(
            CompiledText.withoutMarks(result.text)
                == "- Đơn vị A: Tổ chức 12 buổi tuyên truyền tại các xã biên giới, thu hút 1.500 lượt người tham dự. Đã kiểm tra 30 cơ sở kinh doanh."
        )
    }

    @Test(arguments: [
        ("Đã tổ chức 10 cuộc tuyên truyền tại xã.", "đã tổ chức 10 cuộc tuyên truyền tại xã", true),
        (
            "Đã tổ chức 10 cuộc tuyên truyền tại xã biên giới Đắk Nông của huyện.",
            "Đã tổ chức 10 cuộc tuyên truyền tại xã biên giới Đắk Nông của huyện nhà.", true
        ),
        ("Đã tổ chức 10 cuộc tuyên truyền.", "Đã kiểm tra 30 cơ sở kinh doanh.", false),
        ("Hoàn thành.", "Chưa hoàn thành.", false),
        // Alike but for their figures: never merged (a helper found "18 buổi … 2.700 lượt" dropped for "12 buổi").
        (
            "Phối hợp tổ chức 12 buổi tuyên truyền phòng, chống ma túy tại các thôn, làng cho 1.200 lượt người tham dự.",
            "Phối hợp tổ chức 18 buổi tuyên truyền phòng, chống ma túy tại các thôn, làng cho 2.700 lượt người tham dự.", false
        ),
    ])
    func whatCountsAsTheSamePassage(a: String, b: String, same: Bool) {
        #expect(CompiledText.isSame(a, b) == same)
    }

    @Test func aUnitCannotWriteAMarkOfOurs() {
        let result = CompiledText.compile([passage("A", "[[Đã gộp giả]] Đã tổ chức 3 buổi.", "nhiệm vụ 1")])
        #expect(CompiledText.markCount(result.text) == 0)
        #expect(CompiledText.withoutMarks(result.text) == "- Đơn vị A: [ [Đã gộp giả]] Đã tổ chức 3 buổi.")
    }

    @Test func marksAreNotPrinted() {
        #expect(CompiledText.withoutMarks("- A: Xong. [[Đã gộp 2 đoạn]]\nDòng hai [[Đã gộp x]] tiếp.") == "- A: Xong.\nDòng hai tiếp.")
        // The writer's own double brackets are printed; a mark left unclosed is cut to the end of its line only.
        #expect(CompiledText.withoutMarks("Đề nghị [[Bộ Công an]] hỗ trợ.") == "Đề nghị [[Bộ Công an]] hỗ trợ.")
        #expect(CompiledText.withoutMarks("Xong. [[Đã gộp 2 đoạn\nDòng sau.") == "Xong.\nDòng sau.")
        #expect(CompiledText.markCount("[[Đã gộp a]] b [[c]] [[Đã gộp d]]") == 2)
    }

    @Test func theCompiledDraftOfManyDistrictsRepeatsNoParagraph() {
        var plan = PlanFixtures.plan
        plan.assignments[2].units = (1...10).map { "99\($0)" }
        plan.assignments[2].duties = (1...3).map { Duty(label: "-\($0)", text: "Việc \($0).", role: .implement) }
        let writings = (1...10).map { number in
            RoundReportDraft.UnitWriting(
                unitCode: "99\(number)", unitName: "Huyện \(number)",
                content: SubmissionContent(
                    narratives: Dictionary(
                        uniqueKeysWithValues: (1...3).map {
                            (
                                "3/-\($0)",
                                SubmissionContent.Narrative(
                                    results: "Đã làm việc \($0) của huyện \(number).", shortcomings: "Thiếu người.", proposals: "")
                            )
                        })))
        }
        for grouping in RoundReportDraft.Grouping.allCases {
            let draft = RoundReportDraft.compiled(
                plan: plan, period: .year(2024), kind: .year, heading: DocumentHeading.provinceDefault(plan: plan), writings: writings,
                situationFacts: [], grouping: grouping)
            let paragraphs = ([draft.shortcomings] + draft.results.values).flatMap { $0.split(separator: "\n") }
                .map { CompiledText.normalised(String($0)) }
            #expect(Set(paragraphs).count == paragraphs.count, "\(grouping)")
            #expect(draft.shortcomings.split(separator: "\n").count == 1)
            #expect(CompiledText.withoutMarks(draft.shortcomings).hasPrefix("- Huyện 1, Huyện 2, Huyện 3"))
            switch grouping {
            case .outline:
                #expect(draft.results.keys.sorted() == ["task/1"])
                #expect(draft.results["task/1"]?.split(separator: "\n").count == 10)
            case .unit:
                #expect(draft.units.map(\.code) == (1...10).map { "99\($0)" })
                #expect(
                    CompiledText.withoutMarks(draft.results["unit/991"] ?? "")
                        == "Đã làm việc 1 của huyện 1. Đã làm việc 2 của huyện 1. Đã làm việc 3 của huyện 1.")
            }
        }
    }

    @Test func theSituationStatesItsDataWindow() {
        let plan = PlanFixtures.plan
        let draft = RoundReportDraft.compiled(
            plan: plan, period: .year(2024), kind: .year, heading: DocumentHeading.provinceDefault(plan: plan), writings: [],
            situationFacts: ["- Số vụ: 1 vụ."], dataWindow: ("2023-12-15", "2024-12-14"))
        #expect(
            draft.situation.hasPrefix(
                "Theo số liệu đã duyệt của các cơ quan, đơn vị, địa phương, năm 2024 trên địa bàn tỉnh (số liệu tính từ ngày 15 tháng 12 năm 2023 đến ngày 14 tháng 12 năm 2024):"
            ))
        // A window that is not two dates is left out rather than printed wrong.
        let without = RoundReportDraft.compiled(
            plan: plan, period: .year(2024), kind: .year, heading: DocumentHeading.provinceDefault(plan: plan), writings: [],
            situationFacts: [], dataWindow: ("2023-12-15", "không rõ"))
        #expect(without.situation == "Theo số liệu đã duyệt của các cơ quan, đơn vị, địa phương, năm 2024 trên địa bàn tỉnh:")
    }

    // MARK: figures

    @Test(arguments: [
        (305.0, 284.0, false, "vụ", "X: 305 vụ, tăng 21 vụ (+7,4%) so với năm 2023."),
        (84.9, 82.17, true, "", "X: 84,9%, tăng 2,7 điểm phần trăm so với năm 2023 (82,2%)."),
        (21.0, 21.0, false, "điểm", "X: 21 điểm, không đổi so với năm 2023."),
        (0.0, 2.0, false, "điểm", "X: 0 điểm, giảm 2 điểm (−100%) so với năm 2023."),
    ])
    func aFigureSaysItsChange(value: Double, previous: Double, isRate: Bool, measure: String, sentence: String) {
        let statement = FigureStatement(
            subject: "X", value: value, previous: previous, measure: measure, isRate: isRate, comparedWith: "năm 2023")
        #expect(statement.sentence(.vi) == sentence)
    }

    @Test func aFigureWithoutItsComparisonOrItsUnitsSaysSo() {
        let statement = FigureStatement(
            subject: "Số vụ", value: 12, previous: nil, measure: "vụ", isRate: false, comparedWith: "cùng kỳ năm 2023",
            verdict: (.incomplete, "Tăng ≥ 5% so với năm trước"), missing: "9/10 huyện, thiếu Huyện A")
        #expect(
            statement.sentence(.vi)
                == "Số vụ: 12 vụ, chưa so sánh với cùng kỳ năm 2023 vì số liệu chưa đầy đủ (9/10 huyện, thiếu Huyện A); chưa đủ số liệu để đánh giá chỉ tiêu (tăng ≥ 5% so với năm trước)."
        )
        let complete = FigureStatement(subject: "Số vụ", value: 12, previous: nil, measure: "vụ", isRate: false, comparedWith: "cùng kỳ năm 2023")
        #expect(complete.sentence(.vi) == "Số vụ: 12 vụ, chưa có số liệu cùng kỳ năm 2023 để so sánh.")
    }

    @Test func whatIsMissingIsSaidOnceForTheFiguresItConcerns() {
        func figure(_ number: Int, _ missing: String) -> FigureStatement {
            FigureStatement(
                subject: "Chỉ số \(number)", value: 1, previous: 1, measure: "vụ", isRate: false, comparedWith: "năm 2023",
                verdict: (.achieved, ""), missing: missing, number: number)
        }
        let lines = ReportFigures.situationLines(
            [figure(1, "9/10 huyện, thiếu Huyện A"), figure(2, ""), figure(4, "9/10 huyện, thiếu Huyện A"), figure(5, "0/1 cơ quan")], .vi)
        #expect(
            lines == [
                "- Chỉ số 1: 1 vụ, chưa so sánh với năm 2023 vì số liệu chưa đầy đủ; đạt chỉ tiêu 1.",
                "- Chỉ số 2: 1 vụ, không đổi so với năm 2023; đạt chỉ tiêu 2.",
                "- Chỉ số 4: 1 vụ, chưa so sánh với năm 2023 vì số liệu chưa đầy đủ; đạt chỉ tiêu 4.",
                "- Chỉ số 5: 1 vụ, chưa so sánh với năm 2023 vì số liệu chưa đầy đủ; đạt chỉ tiêu 5.",
                "Các đơn vị còn thiếu số liệu được nêu tại ghi chú dưới bảng chỉ tiêu (mục II.2).",
            ])
        #expect(
            ReportFigures.coverageNote(
                [(1, "T01", "9/10 huyện, thiếu Huyện A"), (2, "T02", ""), (4, "T04", "9/10 huyện, thiếu Huyện A"), (5, "T05", "0/1 cơ quan")], .vi)
                == "Số liệu chưa đầy đủ (chỉ tính các báo cáo đã duyệt): chỉ tiêu 1, 4 (T01, T04): 9/10 huyện, thiếu Huyện A; chỉ tiêu 5 (T05): 0/1 cơ quan."
        )
        #expect(ReportFigures.coverageNote([(2, "T02", "")], .vi) == nil)
    }

    @Test(arguments: [
        (Period.year(2024), "2023", "năm 2023"), (.halfYear(2024, half: 1), "2023S1", "cùng kỳ năm 2023"),
        (.span(from: 2021, to: 2025), "2020", "năm 2020 (năm cơ sở)"),
    ])
    func theComparablePeriod(period: Period, previous: String, words: String) {
        let comparison = ReportFigures.comparison(period, baselineYear: 2020, .vi)
        #expect(comparison.previous.description == previous)
        #expect(comparison.words == words)
    }

    @Test func thePlansTargetsAreStatedWithTheirVerdict() {
        var plan = PlanFixtures.plan
        plan.targetGroups[0].targets[0].measure = Measure(numerator: ["cases"])
        plan.targetGroups[0].targets[1].measure = Measure(numerator: ["done"], denominator: ["all"])
        let elements = [
            DataElement(code: "cases", name: "Số vụ", measure: "vụ", aggregation: .flow, valueType: .count, collectedAt: .init(level: .district)),
            DataElement(code: "done", name: "Đã xong", measure: "người", aggregation: .flow, valueType: .count, collectedAt: .init(level: .district)),
            DataElement(code: "all", name: "Tổng", measure: "người", aggregation: .flow, valueType: .count, collectedAt: .init(level: .district)),
        ]
        let totals = FixedTotals(values: [
            "cases@2023": 284, "cases@2024": 305, "done@2023": 80, "all@2023": 100, "done@2024": 90, "all@2024": 100,
            "cases@2020": 200, "cases@2021": 250, "cases@2022": 260, "cases@2025": 320,
        ])
        let year = ReportFigures.statements(plan: plan, elements: elements, period: .year(2024), totals: totals).map { $0.sentence(.vi) }
        #expect(
            year == [
                "Số vụ: 305 vụ, tăng 21 vụ (+7,4%) so với năm 2023; đạt chỉ tiêu 1 (tăng ≥ 5% so với năm trước).",
                "Tỷ lệ: 90% (90/100 người), tăng 10 điểm phần trăm so với năm 2023 (80%); đạt chỉ tiêu 2 (> 80%).",
            ])
        let review = ReportFigures.statements(plan: plan, elements: elements, period: .span(from: 2021, to: 2025), totals: totals)
        #expect(
            review[0].sentence(.vi).hasPrefix(
                "Số vụ năm 2025: 320 vụ, tăng 120 vụ (+60%) so với năm 2020 (năm cơ sở); cả giai đoạn 2021–2025: 1.419 vụ"))
    }

    // MARK: heading by kind of body

    @Test(arguments: [
        (PlanFixtures.district, "BC-UBND", "", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "Phó Chủ tịch"),
        (PlanFixtures.commune, "BC-UBND", "", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "Phó Chủ tịch"),
        (PlanFixtures.health, "BC-SYT", "UBND TỈNH THỬ NGHIỆM", "", "Giám đốc"),
        (PlanFixtures.police, "BC-CA", "BỘ CÔNG AN", "", "Giám đốc"),
        (OrgUnit(code: "99-TAND", name: "Tòa án nhân dân tỉnh", level: .agency, typeName: "Tòa án", parentCode: "99"), "BC-TAND", "", "", "Chánh án"),
        (
            OrgUnit(code: "99-MT", name: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", level: .agency, typeName: "Mặt trận Tổ quốc", parentCode: "99"),
            "BC-MT", "", "TM. BAN THƯỜNG TRỰC", "Chủ tịch"
        ),
        (
            OrgUnit(code: "99-TD", name: "Tỉnh đoàn Thử Nghiệm", level: .agency, typeName: "Đoàn thể", parentCode: "99"), "BC-TD", "",
            "TM. BAN THƯỜNG VỤ", "Bí thư"
        ),
        (
            OrgUnit(code: "99-LD", name: "Liên đoàn Lao động tỉnh", level: .agency, typeName: "Đoàn thể", parentCode: "99"), "BC-LD", "",
            "TM. BAN THƯỜNG VỤ", "Chủ tịch"
        ),
        (OrgUnit(code: "X", name: "Cơ quan lạ", level: .agency, typeName: "Khác", parentCode: "99"), "BC", "", "", "Thủ trưởng đơn vị"),
    ])
    func aBodyHeadsAndSignsAsItsKindDoes(unit: OrgUnit, symbol: String, parent: String, capacity: String, title: String) {
        let usage = IssuingBodyUsage.of(unit, province: PlanFixtures.province)
        #expect(usage == IssuingBodyUsage(symbol: symbol, parentBody: parent, signerCapacity: capacity, signerTitle: title))
    }

    @Test(arguments: [
        (PlanFixtures.district, "ỦY BAN NHÂN DÂN\nHUYỆN NÚI CAO", "Núi Cao"),
        (PlanFixtures.commune, "ỦY BAN NHÂN DÂN\nXÃ SUỐI ĐÁ", "Suối Đá"),
        (PlanFixtures.police, "CÔNG AN TỈNH THỬ NGHIỆM", "Thử Nghiệm"),
        (PlanFixtures.health, "SỞ Y TẾ", "Thử Nghiệm"),
        (OrgUnit(code: "99-BDT", name: "Ban Dân tộc tỉnh", level: .agency, typeName: "Ban", parentCode: "99"), "BAN DÂN TỘC", "Thử Nghiệm"),
        (
            OrgUnit(code: "99-TAND", name: "Tòa án nhân dân tỉnh", level: .agency, typeName: "Tòa án", parentCode: "99"),
            "TÒA ÁN NHÂN DÂN TỈNH THỬ NGHIỆM", "Thử Nghiệm"
        ),
    ])
    func aBodyIsNamedAndDatesItsDocumentsWhereItIs(unit: OrgUnit, issuer: String, place: String) {
        let heading = DocumentHeading.unitDefault(plan: PlanFixtures.plan, unit: unit, province: PlanFixtures.province, addressee: "")
        #expect(heading.issuer == issuer)
        #expect(heading.place == place)
    }
}
