import PCMTDomain
import Testing

/// The retention period of closed registry records (issue 17), one table each.
@Suite struct RegistryRetentionTests {
    @Test(
        arguments: [
            ("2026-12-01", 5, "2021-12-01"),
            ("2026-01-01", 1, "2025-01-01"),
            ("2028-02-29", 1, "2027-02-28"),
            ("2028-02-29", 4, "2024-02-29"),
            ("2026-13-01", 5, nil),
            ("2026-12-01", 0, nil),
        ] as [(String, Int, String?)])
    func theCutoffIsTheSameDayWholeYearsBefore(today: String, years: Int, expected: String?) {
        #expect(RegistryRetention.cutoff(today: today, years: years) == expected)
    }

    @Test(
        arguments: [
            (nil, 5), ("", 5), (" 7 ", 7), ("1", 1), ("100", 100),
        ] as [(String?, Int)])
    func theSettingIsReadAsYears(text: String?, expected: Int) throws {
        #expect(try RegistryRetention.years(text).get() == expected)
    }

    @Test(arguments: ["0", "101", "năm", "2.5", "-3"])
    func aSettingThatIsNoNumberOfYearsIsRefusedNamingIt(text: String) {
        guard case .failure(let problem) = RegistryRetention.years(text) else {
            Issue.record("\(text) was taken")
            return
        }
        #expect(problem.field == "PCMT_REGISTRY_RETENTION_YEARS" && problem.messageVi.contains(text))
    }
}
