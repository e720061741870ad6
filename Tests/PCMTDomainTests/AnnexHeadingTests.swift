import Testing

@testable import PCMTDomain

@Suite struct AnnexHeadingTests {
    static let issuer = "Ủy ban nhân dân tỉnh Kon Tum"

    static func heading(number: String, date: String, issuer: String = "ỦY BAN NHÂN DÂN\nTỈNH KON TUM") -> DocumentHeading {
        DocumentHeading(issuer: issuer, number: number, place: "Kon Tum", date: date, signerCapacity: "", signerTitle: "", recipients: "")
    }

    @Test(arguments: [
        ("125/BC-UBND", "2025-01-05", "(Kèm theo Báo cáo số 125/BC-UBND ngày 05 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh Kon Tum)"),
        ("     /BC-UBND", "", "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm 2024 của Ủy ban nhân dân tỉnh Kon Tum)"),
        ("/BC-UBND", "2024-12-20", "(Kèm theo Báo cáo số …/BC-UBND ngày 20 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum)"),
        ("", "", "(Kèm theo Báo cáo số … ngày … tháng … năm 2024 của Ủy ban nhân dân tỉnh Kon Tum)"),
        // A date that is not a date is left for the signer, as the report itself leaves it.
        ("7/BC-UBND", "2024-02-30", "(Kèm theo Báo cáo số 7/BC-UBND ngày … tháng … năm 2024 của Ủy ban nhân dân tỉnh Kon Tum)"),
    ])
    func theReportIsNamedFromItsHeading(number: String, date: String, expected: String) {
        #expect(AnnexHeading.reference(to: Self.heading(number: number, date: date), year: 2024, planIssuer: Self.issuer, .vi) == expected)
    }

    @Test func anotherIssuerKeepsItsOwnWordsAndNoneIsLeftOut() {
        let other = Self.heading(number: "12/BC-SYT", date: "", issuer: "SỞ Y TẾ")
        #expect(
            AnnexHeading.reference(to: other, year: 2023, planIssuer: Self.issuer, .vi)
                == "(Kèm theo Báo cáo số 12/BC-SYT ngày … tháng … năm 2023 của SỞ Y TẾ)")
        let none = Self.heading(number: "12/BC", date: "2023-07-05", issuer: "")
        #expect(AnnexHeading.reference(to: none, year: 2023, planIssuer: Self.issuer, .vi) == "(Kèm theo Báo cáo số 12/BC ngày 05 tháng 7 năm 2023)")
        #expect(
            AnnexHeading.reference(to: none, year: 2023, planIssuer: Self.issuer, .en) == "(Annex to report No. 12/BC dated 2023-07-05)")
    }

    @Test(arguments: [(1, "Phụ lục 01"), (9, "Phụ lục 09"), (12, "Phụ lục 12")])
    func annexesAreNumberedOnTwoDigits(number: Int, expected: String) {
        #expect(AnnexHeading.label(number, .vi) == expected)
    }
}
