import Foundation
import PCMTDomain
import PCMTSeedData
import Testing

/// The shipped management periods (issue 17): the durations as data, each with its legal source named.
@Suite struct ManagementRulesDataTests {
    @Test func theBuiltInFileNamesEachKindWithItsDurationAndSource() throws {
        let rules = try ManagementRules.builtIn()
        let illicit = try #require(rules.kind("illicit_use"))
        #expect(illicit.months == 12)
        #expect(illicit.legalSource.contains("73/2021/QH14") && illicit.legalSource.contains("Điều 23"))
        #expect(rules.kind(startedBy: .illicitUser)?.code == "illicit_use")
        let post = try #require(rules.kind(ManagementPeriodKind.postRehabCode))
        #expect(post.months == 12)
        #expect(post.legalSource.contains("Điều 43") && post.legalSource.contains("116/2021/NĐ-CP"))
        #expect(Set(post.afterServices) == [.rehabHomeCommunity, .rehabVoluntaryFacility, .rehabCompulsory])
        #expect(rules.dueWithinDays == 30 && rules.serviceDueDays == 90)
    }

    @Test func aBrokenFileIsRefusedNamingIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-periods-\(UUID().uuidString).json")
        try Data(#"{"kinds": [{"code": "x", "name": "X", "nameEn": "X", "months": 12}]}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ManagementRulesError(file: "periods.json", field: "kinds[0].legalSource", message: "missing")) {
            try ManagementRules.load(from: url, named: "periods.json")
        }
    }
}
