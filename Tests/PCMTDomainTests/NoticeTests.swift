import PCMTDomain
import PropertyBased
import Testing

@Suite struct NoticeRuleTests {
    /// ReminderRule, by hand: three days before up to the day before, then the day after for a week; only reports
    /// the unit may still send.
    @Test(arguments: [
        (SubmissionState.draft, "2024-06-20", "2024-06-16", nil),
        (.draft, "2024-06-20", "2024-06-17", NoticeKind.dueSoon),
        (.draft, "2024-06-20", "2024-06-19", .dueSoon),
        (.draft, "2024-06-20", "2024-06-20", nil),
        (.draft, "2024-06-20", "2024-06-21", .overdue),
        (.returned, "2024-06-20", "2024-06-27", .overdue),
        (.draft, "2024-06-20", "2024-06-28", nil),
        (.submitted, "2024-06-20", "2024-06-19", nil),
        (.approved, "2024-06-20", "2024-06-21", nil),
        (.draft, "2024-03-01", "2024-02-28", .dueSoon),  // across a leap day: 2 days
        (.draft, "2025-01-02", "2024-12-31", .dueSoon),  // across a year
        (.draft, "2024-06-31", "2024-06-29", nil),  // not a date
    ])
    func reminders(state: SubmissionState, due: String, today: String, expected: NoticeKind?) {
        #expect(ReminderRule.reminder(state: state, dueDate: due, today: today) == expected)
    }

    @Test(arguments: [
        ("2024-02-28", "2024-03-01", 2), ("2023-02-28", "2023-03-01", 1), ("2024-12-31", "2025-01-01", 1),
        ("2025-01-01", "2024-12-31", -1), ("2000-01-01", "2001-01-01", 366), ("2100-01-01", "2101-01-01", 365),
        ("2024-06-20", "2024-06-20", 0),
    ])
    func daysBetweenDates(from: String, to: String, days: Int) {
        #expect(OfficialDate(iso: from)!.days(until: OfficialDate(iso: to)!) == days)
    }

    @Test func aNoticeSaysWhatHappenedInWords() {
        let returned = Notice(
            kind: .returned, period: "2024S1", roundKind: .halfYear, unitName: "Huyện Ngọc Hồi", actor: "vanphong",
            comment: "Bổ sung số liệu.", dueDate: "2024-06-20")
        #expect(returned.subject(.vi) == "Báo cáo 6 tháng đầu năm 2024 của Huyện Ngọc Hồi bị trả lại")
        #expect(returned.subject(.en) == "Report for the first half of 2024 of Huyện Ngọc Hồi was returned")
        #expect(returned.body(.vi).contains("Ý kiến: Bổ sung số liệu."))
        let due = Notice(kind: .dueSoon, period: "2023", roundKind: .year, unitName: "Sở Y tế", dueDate: "2023-12-20")
        #expect(due.subject(.vi) == "Nhắc hạn: báo cáo năm 2023 của Sở Y tế hạn gửi ngày 20 tháng 12 năm 2023")
        #expect(NoticeKind.after(.reopen) == .reopened && NoticeKind.after(.submit) == .submitted)
    }
}

@Suite struct ReviewRuleTests {
    /// FigureChange, by hand: the difference, the rate against the earlier figure, and the words.
    @Test(arguments: [
        (306.0, 284.0, "tăng 22 vụ (+7,7%)", "up 22 vụ (+7.7%)"),
        (27.0, 30.0, "giảm 3 vụ (−10%)", "down 3 vụ (−10%)"),
        (5.0, 5.0, "không đổi", "unchanged"),
        (4.0, 0.0, "tăng 4 vụ", "up 4 vụ"),
        (1500.5, 1000.0, "tăng 500,5 vụ (+50,1%)", "up 500.5 vụ (+50.1%)"),
    ])
    func changes(current: Double, previous: Double, vi: String, en: String) {
        let change = FigureChange.of(current, previous: previous)
        #expect(change?.phrase(.vi, measure: "vụ") == vi)
        #expect(change?.phrase(.en, measure: "vụ") == en)
    }

    @Test func aMissingFigureHasNoChange() {
        #expect(FigureChange.of(nil, previous: 3) == nil && FigureChange.of(3, previous: nil) == nil)
    }

    @Test func aYearBefore() {
        #expect(Period("2024S1")!.yearBefore == Period("2023S1")!)
        #expect(Period("2024")!.yearBefore == Period("2023")!)
        #expect(Period("2021-2023")!.yearBefore == Period("2020-2022")!)
    }

    @Test func reviewCommentsAreReadForKnownItemsOnly() throws {
        let labels = [(key: "duty:1/a", label: "Nhiệm vụ 1, điểm a"), (key: "figure:x", label: "Số liệu: X")]
        let read = try ReviewComment.read(
            form: ["item_duty:1/a": "  Bổ sung.  ", "item_figure:x": "   ", "item_duty:9/z": " ", "comment": "chung"], labels: labels
        ).get()
        #expect(read == [ReviewComment(key: "duty:1/a", label: "Nhiệm vụ 1, điểm a", text: "Bổ sung.")])
        guard case .failure(let unknown) = ReviewComment.read(form: ["item_duty:9/z": "lạ"], labels: labels) else {
            Issue.record("a comment on an item the report does not have is refused, not dropped")
            return
        }
        #expect(unknown.field == "item_duty:9/z" && unknown.messageVi.contains("duty:9/z"))
        guard case .failure(let problem) = ReviewComment.read(form: ["item_figure:x": "a\u{0007}b"], labels: labels) else {
            Issue.record("a control character is refused")
            return
        }
        #expect(problem.field == "item_figure:x" && problem.messageVi.contains("Số liệu: X"))
    }
}

@Suite struct AreaVerdictTests {
    /// By hand: 3/4 is "mostly", 1/2 "partly", under a half "mostly not"; unjudged statuses count apart.
    @Test(arguments: [
        ([TargetStatus.achieved, .onTrack, .achieved, .notAchieved], AreaVerdict.Level.mostlyMet, 3, 4),
        ([.achieved, .atRisk], .partlyMet, 1, 2),
        ([.achieved, .atRisk, .notAchieved], .mostlyNotMet, 1, 3),
        ([.noData, .incomplete, .inconsistent], .noVerdict, 0, 0),
        ([.achieved, .noData, .noData], .noVerdict, 1, 1),  // under half judged: no verdict as a whole
        ([.achieved, .achieved, .noData, .noData], .mostlyMet, 2, 2),  // half judged
        ([], .noVerdict, 0, 0),
    ])
    func levels(statuses: [TargetStatus], level: AreaVerdict.Level, met: Int, judged: Int) {
        let verdict = AreaVerdict(statuses)
        #expect(verdict.level == level && verdict.met == met && verdict.judged == judged)
        #expect(verdict.unjudged == statuses.count - judged)
    }

    @Test func inWords() {
        #expect(AreaVerdict([.achieved, .notAchieved, .noData]).phrase(.vi) == "1/2 chỉ tiêu đạt hoặc đúng tiến độ; 1 chỉ tiêu chưa đánh giá được")
    }
}

@Suite struct UnitLookupTests {
    static let units = [
        OrgUnit(code: "611", name: "Huyện Ngọc Hồi", level: .district, typeName: "Huyện", parentCode: "62"),
        OrgUnit(code: "23377", name: "Thị trấn Plei Kần", level: .commune, typeName: "Thị trấn", parentCode: "611"),
        OrgUnit(code: "23380", name: "Xã Đắk Ang", level: .commune, typeName: "Xã", parentCode: "611"),
        OrgUnit(code: "23383", name: "Xã Đắk Nông", level: .commune, typeName: "Xã", parentCode: "611"),
        OrgUnit(code: "62-CAT", name: "Công an tỉnh", level: .agency, typeName: "Cơ quan", parentCode: "62"),
    ]

    /// By hand: a code in either case, a code in parentheses, a name without accents, several matches, none.
    @Test(arguments: [
        ("611", "611"), ("62-cat", "62-CAT"), ("ngoc hoi", "611"), ("Huyện Ngọc Hồi", "611"), ("Xã Đắk Ang (23380)", "23380"),
        ("cong an", "62-CAT"), ("  plei kan ", "23377"),
    ])
    func oneUnitIsFound(text: String, code: String) {
        #expect(UnitLookup.find(text, in: Self.units) == .found(Self.units.first { $0.code == code }!))
    }

    @Test func severalAreChoicesAndNoneIsNone() {
        #expect(UnitLookup.find("dak", in: Self.units) == .choices([Self.units[2], Self.units[3]]))
        #expect(UnitLookup.find("sa thay", in: Self.units) == .none)
        #expect(UnitLookup.find("   ", in: Self.units) == .none)
        #expect(UnitLookup.label(Self.units[0]) == "Huyện Ngọc Hồi (611)")
        // Accents typed count; the role's level narrows several matches.
        let units = [
            OrgUnit(code: "612", name: "Huyện Đắk Tô", level: .district, typeName: "Huyện", parentCode: "62"),
            OrgUnit(code: "23398", name: "Thị trấn Đắk Tô", level: .commune, typeName: "Thị trấn", parentCode: "612"),
            OrgUnit(code: "23410", name: "Xã Đắk Tờ Kan", level: .commune, typeName: "Xã", parentCode: "612"),
        ]
        #expect(UnitLookup.find("Đắk Tô", in: units) == .choices([units[0], units[1]]), "not Đắk Tờ Kan")
        #expect(UnitLookup.find("Đắk Tô", in: units, levels: [.district]) == .found(units[0]))
        #expect(UnitLookup.find("dak to", in: units) == .choices(units), "without accents, all three")
    }
}

@Suite struct SearchByNumberAndCodeTests {
    @Test func aPlanByItsNumberATargetByItsCodeAnElementByItsName() {
        let plan = PlanFixtures.plan
        let element = DataElement(
            code: "drug_cases", name: "Vụ phạm tội về ma túy", measure: "vụ", aggregation: .flow, valueType: .count,
            collectedAt: .init(level: .district))
        let byNumber = PlanSearch.search(String(plan.code.prefix(4)), plan: plan, units: [], plans: [plan])
        #expect(byNumber.first?.subject == .planDocument(id: plan.id))
        if let target = plan.targets.first {
            let byCode = PlanSearch.search(target.code.lowercased(), plan: plan, units: [], plans: [])
            #expect(byCode.first?.subject == .plan(.target(code: target.code)))
        }
        let byName = PlanSearch.search("pham toi ma tuy", plan: plan, units: [], elements: [element])
        #expect(byName.contains { if case .element(code: "drug_cases", _) = $0.subject { true } else { false } })
    }
}

@Suite struct WordDiffTests {
    @Test(arguments: [
        ("Đã tổ chức 10 cuộc", "Đã tổ chức 12 cuộc", [WordDiff.Part.same("Đã tổ chức"), .removed("10"), .added("12"), .same("cuộc")]),
        ("", "Mới viết", [.added("Mới viết")]),
        ("Xóa hết", "", [.removed("Xóa hết")]),
        ("a  b\nc", "a b c", [.same("a b c")]),
        ("", "", []),
        ("một hai ba", "một ba bốn", [.same("một"), .removed("hai"), .same("ba"), .added("bốn")]),
    ])
    func parts(old: String, new: String, expected: [WordDiff.Part]) {
        #expect(WordDiff.diff(old, new) == expected)
    }

    /// Whatever the texts, keeping the same and removed words gives the old text, the same and added the new; words
    /// drawn from a small vocabulary so that they repeat and move.
    @Test func thePartsRebuildBothTexts() async {
        let words = ["một", "hai", "ba", "a", "b"]
        await propertyCheck(count: 300, input: Gen.int(in: 0...4).array(of: 0...12), Gen.int(in: 0...4).array(of: 0...12)) { x, y in
            let old = x.map { words[$0] }.joined(separator: " "), new = y.map { words[$0] }.joined(separator: " ")
            let parts = WordDiff.diff(old, new)
            let rebuiltOld = parts.compactMap { if case .same(let t) = $0 { t } else if case .removed(let t) = $0 { t } else { nil } }
            let rebuiltNew = parts.compactMap { if case .same(let t) = $0 { t } else if case .added(let t) = $0 { t } else { nil } }
            #expect(rebuiltOld.joined(separator: " ") == old, "\(old) → \(new)")
            #expect(rebuiltNew.joined(separator: " ") == new, "\(old) → \(new)")
            // As few changes as the longest common subsequence allows: the kept words are a common subsequence.
            let kept = parts.compactMap { if case .same(let t) = $0 { t } else { nil } }.joined(separator: " ")
            #expect(kept.split(separator: " ").count <= min(x.count, y.count))
        }
    }
}
