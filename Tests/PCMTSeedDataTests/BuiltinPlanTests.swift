import Foundation
import PCMTDomain
import PCMTSeedData
import Testing

/// The built-in Kon Tum plan held against the text of Kế hoạch 3959/KH-UBND itself (a copy in Fixtures).
@Suite struct BuiltinPlanTests {
    let catalog: BuiltinCatalog
    let plan: Plan
    let seed: String

    init() throws {
        catalog = try BuiltinCatalog.load()
        plan = try #require(catalog.plans.first { $0.code == "3959/KH-UBND" })
        let url = try #require(Bundle.module.url(forResource: "Fixtures/kehoach-3959-KH-UBND", withExtension: "txt"))
        seed = Self.normalised(try String(contentsOf: url, encoding: .utf8))
    }

    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func identityMatchesTheDocument() {
        #expect(plan.issuedOn == "2021-11-03")
        #expect(seed.contains("Kon Tum, ngày 03 tháng 11 năm 2021"))
        #expect(seed.contains("Số: \(plan.code)"))
        #expect(plan.startYear == 2021 && plan.endYear == 2025 && plan.baselineYear == 2020)
        #expect(plan.implements.contains("1452/QĐ-TTg"))
        #expect(seed.contains(Self.normalised(plan.implements)))
        #expect(seed.contains(Self.normalised(plan.generalObjective)))
    }

    @Test func countsMatchTheDocument() {
        #expect(plan.targetGroups.count == 7)
        #expect(plan.targets.count == 16)
        #expect(plan.measurableTargets.count >= 12)
        #expect(plan.targets.filter { $0.rule.kind == .qualitative }.map(\.code) == ["T16"])
        #expect(plan.tasks.map(\.number) == Array(1...9))
        #expect(plan.solutions.map(\.number) == Array(1...5))
        #expect(plan.assignments.map(\.number) == Array(1...21))
        #expect(plan.projects.count == 15)
        #expect(plan.subprojectCount == 5)
        #expect(Set(plan.targets.map(\.code)).count == plan.targets.count)
    }

    @Test func thresholdsAreTheDocumentsNumbers() throws {
        func rule(_ code: String) throws -> TargetRule { try #require(plan.targets.first { $0.code == code }).rule }
        #expect(try rule("T02") == TargetRule(kind: .growthBelow, threshold: 1, base: .previousYear))
        #expect(try rule("T03") == TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator))
        #expect(try rule("T04") == TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear))
        #expect(try rule("T05") == TargetRule(kind: .ratioAbove, threshold: 90, base: .denominator))
        #expect(try rule("T06") == TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator))
        #expect(try rule("T07") == TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear))
        #expect(try rule("T08").kind == .noNew)
        #expect(try rule("T09") == TargetRule(kind: .cumulativeRatioBy, threshold: 80, base: .denominator, deadlineYear: 2025))
        #expect(try rule("T14") == TargetRule(kind: .ratioEquals, threshold: 100, base: .denominator))
        #expect(try rule("T15").kind == .eradicated)
        #expect(seed.contains("trên 80% số người nghiện") || seed.contains("Trên 80% số người nghiện"))
        #expect(seed.contains("tăng từ 5% so với năm trước"))
        #expect(seed.contains("trên 90% số vụ án"))
    }

    @Test func everyTextIsWordForWordFromTheDocument() {
        var texts: [String] = plan.targetGroups.map(\.text) + plan.targets.map(\.text) + plan.tasks.map(\.text)
        texts += plan.solutions.flatMap { [$0.title] + $0.points }
        texts += plan.assignments.flatMap { [$0.intro] + $0.duties.flatMap { [$0.text] + $0.bullets } }
        texts += plan.projects.flatMap { [$0.title] + $0.subprojects.map(\.title) }
        texts += plan.organisation.map(\.text) + plan.recipients
        let missing = texts.filter { !$0.isEmpty }.filter { !seed.contains(Self.normalised($0)) }
        #expect(missing.isEmpty, "not in the document: \(missing)")
    }

    @Test(arguments: [
        (1, "Công an tỉnh"), (2, "Sở Lao động - Thương binh và Xã hội"), (6, "Sở Y tế"), (9, "Sở Giáo dục và Đào tạo"),
        (14, "Ban Dân tộc tỉnh"), (21, "Ủy ban nhân dân các huyện, thành phố"),
    ])
    func sampleAssigneesAreNamedAsInTheDocument(number: Int, name: String) throws {
        let assignment = try #require(plan.assignment(number: number))
        #expect(assignment.assignee == name)
        #expect(seed.contains("\(number). \(name)"))
    }

    @Test func theProvincialPoliceLeadsProjectOneWithThreeSubprojects() throws {
        let police = try #require(plan.assignment(number: 1))
        #expect(police.duties.map(\.label) == ["a", "b", "c", "d"])
        let projects = plan.projects.filter { $0.assignment == 1 }
        #expect(projects.map(\.number) == ["Dự án 1", "Dự án 2", "Dự án 3", "Dự án 4"])
        #expect(projects.first?.subprojects.count == 3)
        #expect(projects.first?.title == "Phòng, chống và kiểm soát ma túy qua biên giới")
    }

    @Test func sectionVAsksForHalfYearlyAndYearlyReportsAndTwoReviews() {
        let kinds = plan.reporting.map(\.kind)
        #expect(Set(kinds) == Set(ReportingKind.allCases))
        #expect(plan.reporting.first { $0.kind == .midTermReview }?.year == 2023)
        #expect(plan.reporting.first { $0.kind == .finalReview }?.year == 2025)
        #expect(plan.reporting.filter { $0.kind == .halfYear || $0.kind == .year }.allSatisfy { $0.recipientUnit == "62-CAT" })
        #expect(seed.contains("Định kỳ (6 tháng và hàng năm), sơ kết giữa kỳ (năm 2023)"))
    }

    @Test func everyReferenceResolves() {
        let codes = Set(catalog.unitSets.flatMap(\.units).map(\.code))
        let numbers = Set(plan.assignments.map(\.number))
        for assignment in plan.assignments {
            for code in assignment.units + assignment.duties.flatMap(\.partners) {
                #expect(codes.contains(code), "assignment \(assignment.number) names unknown unit \(code)")
            }
        }
        for target in plan.targets {
            #expect(!target.responsible.isEmpty || target.rule.kind == .qualitative, "\(target.code) has nobody responsible")
            #expect(target.responsible.allSatisfy(numbers.contains), "\(target.code) names an unknown assignee")
        }
        for project in plan.projects {
            #expect(numbers.contains(project.assignment))
            #expect(project.leadUnit.map(codes.contains) ?? false, "\(project.code) has no known lead unit")
        }
        #expect(plan.issuerUnit.map(codes.contains) == true)
    }
}
