import PCMTDomain
import Testing

@Suite struct PeriodTests {
    @Test func parsesDHIS2StyleIdentifiers() {
        #expect(Period("2022") == .year(2022))
        #expect(Period("2022S1") == .halfYear(2022, half: 1))
        #expect(Period("2022S2") == .halfYear(2022, half: 2))
        #expect(Period("2021-2023") == .span(from: 2021, to: 2023))
    }

    @Test(arguments: ["", "22", "2022S3", "2022S0", "2022Q1", "2023-2021", "abc", "2022S", "S12022"])
    func rejectsMalformedIdentifiers(text: String) {
        #expect(Period(text) == nil)
    }

    @Test func identifiersRoundTrip() {
        for text in ["2020", "2025S1", "2024S2", "2021-2025"] {
            #expect(Period(text)?.description == text)
        }
    }

    @Test func previousPeriodIsTheComparisonBase() {
        #expect(Period.year(2021).previous == .year(2020))
        #expect(Period.halfYear(2022, half: 1).previous == .halfYear(2021, half: 2))
        #expect(Period.halfYear(2022, half: 2).previous == .halfYear(2022, half: 1))
        #expect(Period.span(from: 2021, to: 2023).previous == .span(from: 2018, to: 2020))
    }

    @Test func sortsChronologically() {
        let sorted = ["2022", "2022S2", "2021", "2022S1", "2021-2022"].compactMap(Period.init).sorted()
        #expect(sorted.map(\.description) == ["2021", "2022S1", "2022S2", "2022", "2021-2022"])
    }
}
