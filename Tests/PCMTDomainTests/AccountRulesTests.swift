import PCMTDomain
import Testing

/// One rule for usernames and e-mail addresses: the administrator's page and `pcmt users create` agree.
@Suite struct AccountRulesTests {
    @Test(arguments: [
        ("abc", "abc"),
        ("  Admin.KonTum ", "admin.kontum"),
        ("\tVIEWER\n", "viewer"),
        ("nguyen_van-a.1", "nguyen_van-a.1"),
        ("62-cat", "62-cat"),
        (String(repeating: "a", count: 64), String(repeating: "a", count: 64)),
    ])
    func acceptedUsernames(typed: String, stored: String) {
        #expect(AccountRules.username(typed) == .success(stored))
        #expect(AccountRules.normalisedUsername(typed) == stored)
    }

    @Test(arguments: [
        "",
        "   ",
        "ab",
        " ab ",
        String(repeating: "a", count: 65),
        // The drift this rule ends: the command line accepted any length, the page refused more than 64.
        String(repeating: "canbo", count: 14),
        "nguyễn",
        "tên.đăng.nhập",
        "abc\u{301}",
        "user name",
        "user@kontum",
        "a/b",
        "ａｂｃ",
        "abc\u{0}",
    ])
    func refusedUsernames(typed: String) {
        #expect(AccountRules.username(typed) == .failure(.username))
    }

    @Test func theDriftExampleIsSeventyCharacters() {
        #expect(String(repeating: "canbo", count: 14).count == 70)
    }

    static let longest = String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 186) + ".vn"
    static let tooLong = String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 187) + ".vn"

    @Test(
        arguments: [
            (String?.none, String?.none),
            ("", nil),
            ("   ", nil),
            ("dakto@example.gov.vn", "dakto@example.gov.vn"),
            (" ten@kontum.gov.vn ", "ten@kontum.gov.vn"),
            ("Nguyen.Van+nhac@So-YTe.kontum.gov.vn", "Nguyen.Van+nhac@So-YTe.kontum.gov.vn"),
            (longest, longest),
        ] as [(String?, String?)])
    func acceptedEmails(typed: String?, stored: String?) {
        #expect(AccountRules.email(typed) == .success(stored))
    }

    @Test(arguments: [
        "ten",
        "ten@",
        "@kontum.gov.vn",
        "ten@kontum",
        "ten@@kontum.gov.vn",
        "ten@kontum@gov.vn",
        "ten @kontum.gov.vn",
        "ten@kontum .gov.vn",
        "te\tn@kontum.gov.vn",
        "ten@kontum..gov.vn",
        "ten@.kontum.gov.vn",
        "ten@kontum.gov.vn.",
        "ten@kontum.gov.vn\u{7}",
        "ten\u{200B}@kontum.gov.vn",
        "a@kontum.gov.vn,b@kontum.gov.vn",
        "Ten <ten@kontum.gov.vn>",
        "\"ten\"@kontum.gov.vn",
        "ngọc@hồi.vn",
        "ten\u{00A0}x@kontum.gov.vn",
        tooLong,
    ])
    func refusedEmails(typed: String) {
        #expect(AccountRules.email(typed) == .failure(.email))
    }

    @Test func theLimitsOfTheLongestAddress() {
        #expect(Self.longest.count == 254 && Self.tooLong.count == 255)
    }

    @Test(arguments: [
        (
            AccountRuleProblem.username, "username", "3 to 64 letters, digits, dots, dashes or underscores, without accents.",
            "3 đến 64 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới."
        ),
        (.email, "email", "An e-mail address such as name@example.gov.vn, without accents.", "Địa chỉ e-mail không dấu, ví dụ ten@kontum.gov.vn."),
    ])
    func theMessagesAreThoseOfTheAdministratorsPage(problem: AccountRuleProblem, field: String, english: String, vietnamese: String) {
        #expect(problem.message(.en) == english)
        #expect(problem.message(.vi) == vietnamese)
        #expect(problem.fieldProblem == FieldProblem(field: field, en: english, vi: vietnamese))
    }
}
