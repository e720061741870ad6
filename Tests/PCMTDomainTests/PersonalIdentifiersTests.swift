import PCMTDomain
import Testing

/// The ID number and name rules of the registries (issue 17), one table each; the numbers are made up.
@Suite struct PersonalIdentifiersTests {
    @Test(arguments: [
        ("001088012345", "001088012345"),
        ("001 088 012 345", "001088012345"),
        ("001.088.012.345", "001088012345"),
        ("001-088-012-345", "001088012345"),
        (" 230456789 ", "230456789"),
        ("001\u{00A0}088\u{00A0}012\u{00A0}345", "001088012345"),
    ])
    func anIDNumberIsMatchedByItsDigits(text: String, expected: String) throws {
        #expect(try PersonalIDNumber.normalized(text) == expected)
    }

    @Test(arguments: [
        ("00108801234", PersonalIDNumberError.wrongLength(11)),
        ("0010880123456", .wrongLength(13)),
        ("", .wrongLength(0)),
        ("23045678", .wrongLength(8)),
        ("00108801234O", .notADigit("O")),
        ("001/088/012/345", .notADigit("/")),
        ("００１０８８０１２３４５", .notADigit("０")),
    ])
    func anIDNumberThatIsNotOneIsRefusedSayingWhy(text: String, error: PersonalIDNumberError) {
        #expect(throws: error) { try PersonalIDNumber.normalized(text) }
    }

    @Test func theRefusalSaysWhatIsWrongInBothLanguages() {
        #expect(PersonalIDNumberError.wrongLength(11).messageVi == "có 11 chữ số; số CCCD có 12 chữ số, số CMND cũ có 9 chữ số.")
        #expect(PersonalIDNumberError.notADigit("O").messageEn.hasPrefix("has “O”, which is not a digit"))
    }

    @Test(arguments: [
        ("001088012345", "•••••••••345"),
        ("230456789", "••••••789"),
        ("12345", "•••••"),
    ])
    func listsShowTheLastThreeDigitsOnly(number: String, masked: String) {
        #expect(PersonalIDNumber.masked(number) == masked)
    }

    @Test(arguments: [
        ("Nguyễn Văn An", "N. V. A."),
        ("  Hồ   thị  Ánh ", "H. T. Á."),
        ("Y Bhin", "Y. B."),
        ("", ""),
        ("Đinh\u{00A0}Út", "Đ. Ú."),
    ])
    func listsShowTheInitialsOfAName(name: String, masked: String) {
        #expect(PersonalName.masked(name) == masked)
    }
}
