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

/// The checks of a registration (``PeopleRegistryRules``), one row per fault, each naming its field.
@Suite struct PeopleRegistryRulesTests {
    static func registration(_ change: (inout PersonRegistration) -> Void = { _ in }) -> PersonRegistration {
        var registration = PersonRegistration(
            identity: PersonIdentity(fullName: "Trần Văn Mẫu", sex: .male, birth: "1990", idNumber: nil, address: "Thôn 1"),
            communeCode: "23425", status: .illicitUser, statusOn: "2026-01-05", statusBody: "Công an xã", managedFrom: "2026-01-10")
        change(&registration)
        return registration
    }

    @Test func aCompleteRegistrationHasNoProblem() {
        #expect(PeopleRegistryRules.problems(Self.registration(), today: "2026-11-30").isEmpty)
        #expect(
            PeopleRegistryRules.problems(
                Self.registration {
                    $0.identity.birth = "1990-02-28"; $0.identity.idNumber = "001090000123"
                }, today: "2026-11-30"
            ).isEmpty)
    }

    @Test(arguments: [
        ("fullName", "   "), ("birth", "1990-02-30"), ("birth", "90"), ("birth", "2027"), ("idNumber", "0010900001"),
        ("statusOn", "2026-12-01"), ("statusOn", "05/01/2026"), ("statusOn", "1989-12-31"), ("managedFrom", "2026-13-01"),
        ("statusBody", " "),
    ])
    func eachFaultNamesItsField(field: String, value: String) {
        let registration = Self.registration { registration in
            switch field {
            case "fullName": registration.identity.fullName = value
            case "birth": registration.identity.birth = value
            case "idNumber": registration.identity.idNumber = value
            case "statusOn": registration.statusOn = value
            case "managedFrom": registration.managedFrom = value
            default: registration.statusBody = value
            }
        }
        #expect(PeopleRegistryRules.problems(registration, today: "2026-11-30").map(\.field) == [field])
    }
}
