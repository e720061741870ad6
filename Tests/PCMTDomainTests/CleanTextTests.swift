import Foundation
import PCMTDomain
import PropertyBased
import Testing

/// The one rule for text from outside (``CleanText``), and the sign-in throttle and audit head that the web layer and
/// the reports use.
@Suite struct CleanTextTests {
    typealias Problem = CleanText.Problem

    @Test(arguments: [
        // (input, rule is multi-line, expected output)
        ("Ngọc Hồi", false, "Ngọc Hồi"),
        // "ệ" typed as e + circumflex + dot below (NFD) becomes the one letter U+1EC7.
        ("Vi\u{0065}\u{0302}\u{0323}t Nam", false, "Vi\u{1EC7}t Nam"),
        ("Đắk Tô\r\nKon Plông", true, "Đắk Tô\nKon Plông"),
        ("line one\rline two", true, "line one\nline two"),
        ("a\tb\nc", true, "a\tb\nc"),
        ("", false, ""),
    ])
    func cleanTextPassesNormalised(input: String, multiLine: Bool, expected: String) throws {
        let rule: CleanText.Rule = multiLine ? .text(100) : .line(100)
        let cleaned = try CleanText.clean(input, field: "f", rule: rule)
        #expect(Array(cleaned.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test func aNulByteIsRefusedNamingTheFieldAndThePlace() {
        #expect(throws: Problem(field: "username", kind: .forbiddenCharacter(scalar: 0, position: 2))) {
            try CleanText.clean("x\u{0000}", field: "username", rule: .line(128))
        }
        let problem = Problem(field: "username", kind: .forbiddenCharacter(scalar: 0, position: 2))
        #expect(problem.messageEn == "username: character 2 is a control character (U+0000), which is not allowed.")
        #expect(problem.messageVi == "username: ký tự thứ 2 là ký tự điều khiển (U+0000), không được phép.")
    }

    @Test(arguments: [
        ("a\u{0007}b", UInt32(0x07), 2),
        ("\u{001B}[31m", UInt32(0x1B), 1),
        ("del\u{007F}", UInt32(0x7F), 4),
        ("c1\u{0085}", UInt32(0x85), 3),
        ("admin\u{202E}nimda", UInt32(0x202E), 6),
        ("x\u{2066}y", UInt32(0x2066), 2),
    ])
    func controlAndReorderingCharactersAreRefusedEverywhere(input: String, scalar: UInt32, position: Int) {
        for rule in [CleanText.Rule.line(100), .text(100)] {
            #expect(throws: Problem(field: "f", kind: .forbiddenCharacter(scalar: scalar, position: position))) {
                try CleanText.clean(input, field: "f", rule: rule)
            }
        }
    }

    @Test func lineBreaksOnlyWhereTheFieldAllowsThem() {
        #expect(throws: Problem(field: "period", kind: .lineBreak(position: 5))) { try CleanText.clean("2023\nS1", field: "period", rule: .line(64)) }
        #expect(throws: Problem(field: "unit", kind: .lineBreak(position: 3))) { try CleanText.clean("61\t1", field: "unit", rule: .line(64)) }
        #expect(throws: Problem(field: "name", kind: .lineBreak(position: 2))) { try CleanText.clean("a\r\nb", field: "name", rule: .line(64)) }
    }

    @Test func theLimitCountsScalarsAfterNormalisation() throws {
        // Five letters typed decomposed are ten scalars before NFC and five after: within a limit of five.
        let decomposed = String(repeating: "e\u{0301}", count: 5)
        #expect(try CleanText.clean(decomposed, field: "f", rule: .line(5)) == String(repeating: "\u{00E9}", count: 5))
        #expect(throws: Problem(field: "f", kind: .tooLong(limit: 5))) { try CleanText.clean("abcdef", field: "f", rule: .line(5)) }
        // A text far over the limit is refused before any work.
        #expect(throws: Problem(field: "f", kind: .tooLong(limit: 5))) {
            try CleanText.clean(String(repeating: "x", count: 1_000_000), field: "f", rule: .line(5))
        }
    }

    @Test func bytesThatAreNotUTF8AreRefused() {
        #expect(throws: Problem(field: "q", kind: .invalidUTF8)) { try CleanText.clean(bytes: [0x61, 0xC3, 0x28], field: "q", rule: .line(10)) }
        #expect(throws: Problem(field: "q", kind: .invalidUTF8)) { try CleanText.clean(bytes: [0xED, 0xA0, 0x80], field: "q", rule: .line(10)) }
        #expect((try? CleanText.clean(bytes: Array("Sa Thầy".utf8), field: "q", rule: .line(10))) == "Sa Thầy")
    }

    @Test(arguments: [
        ("username", CleanText.Rule.line(128)), ("password", .line(256)), ("_csrf", .line(128)), ("next", .line(2048)),
        ("orgunit", .line(64)), ("v_counselling__male", .line(64)), ("ver_counselling", .line(32)), ("text", .text(2_000_000)),
        ("situation", .text(50_000)), ("result_T04", .text(50_000)), ("comment", .text(50_000)),
    ])
    func eachFieldHasItsRule(field: String, rule: CleanText.Rule) {
        #expect(CleanText.rule(forField: field) == rule)
    }

    @Test func aCellIsNamedByItsRowAndColumn() {
        #expect(throws: Problem(field: "row 12, column C", kind: .forbiddenCharacter(scalar: 0, position: 3))) {
            try CleanText.cell("12\u{0000}", column: "C", row: 12)
        }
        #expect((try? CleanText.cell("1.000", column: "E", row: 2)) == "1.000")
    }

    @Test func whatIsRecordedNeverHoldsAForbiddenCharacter() {
        #expect(CleanText.forRecord("x\u{0000}") == "x\u{FFFD}")
        #expect(CleanText.forRecord("a\nb", allowsLineBreaks: false) == "a\u{FFFD}b")
        #expect(CleanText.forRecord("a\nb") == "a\nb")
        #expect(CleanText.forRecord("abcdef", maxScalars: 3) == "abc")
        #expect(Array(CleanText.forRecord("e\u{0302}").unicodeScalars) == ["\u{00EA}"])
    }

    @Test func cleaningIsIdempotentAndLeavesNothingForbidden() async {
        let alphabet: [Unicode.Scalar] = [
            "a", "Đ", "\u{0000}", "\u{0009}", "\u{000A}", "\u{000D}", "\u{001F}", "\u{007F}", "\u{0085}", "e", "\u{0301}", "\u{0323}", "\u{202E}",
            "ơ", " ",
        ]
        await propertyCheck(count: 500, input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...20), Gen.bool) { picks, multiLine in
            let text = String(String.UnicodeScalarView(picks.map { alphabet[$0] }))
            let rule: CleanText.Rule = multiLine ? .text(30) : .line(30)
            let recorded = CleanText.forRecord(text, allowsLineBreaks: multiLine)
            #expect(recorded.unicodeScalars.allSatisfy { !CleanText.isForbidden($0) || (multiLine && ($0 == "\n" || $0 == "\t")) })
            if let cleaned = try? CleanText.clean(text, field: "f", rule: rule) {
                #expect((try? CleanText.clean(cleaned, field: "f", rule: rule)) == cleaned)
                #expect(cleaned.unicodeScalars.allSatisfy { !CleanText.isForbidden($0) || (multiLine && ($0 == "\n" || $0 == "\t")) })
                #expect(Array(cleaned.unicodeScalars) == Array(cleaned.precomposedStringWithCanonicalMapping.unicodeScalars))
            } else {
                // Refused only for a forbidden character or a line break where none is allowed.
                #expect(text.unicodeScalars.contains { CleanText.isForbidden($0) })
            }
        }
    }
}

@Suite struct SignInThrottleTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)
    let throttle = SignInThrottle()

    func times(_ count: Int, minutesAgo: Double = 1) -> [Date] {
        (0..<count).map { now.addingTimeInterval(-minutesAgo * 60 - Double($0)) }
    }

    @Test func fiveFailuresHoldTheAccountAtThatAddressOnly() throws {
        let hold = try #require(throttle.hold(pair: times(5), account: times(5), address: times(5), knownAtAddress: false, now: now))
        #expect(hold.scope == .accountAtAddress)
        // Held until the oldest of the five ages out: 15 minutes after it, 1 minute and 4 seconds ago.
        #expect(hold.until == now.addingTimeInterval(-64 + 15 * 60))
        #expect(hold.minutes(from: now) == 14)
        #expect(hold.messageVi(username: "viewer1", now: now).hasPrefix("Đăng nhập sai quá nhiều lần vào tài khoản viewer1 từ địa chỉ của bạn."))
        // Four are not enough; a colleague's account at the same address has its own count.
        #expect(throttle.hold(pair: times(4), account: times(4), address: times(5), knownAtAddress: false, now: now) == nil)
    }

    @Test func oneAddressTryingManyNamesIsHeldExceptForAccountsKnownThere() throws {
        let hold = try #require(throttle.hold(pair: [], account: [], address: times(20), knownAtAddress: false, now: now))
        #expect(hold.scope == .address)
        // A colleague who has signed in from the office before is not held by someone else's failures there.
        #expect(throttle.hold(pair: [], account: [], address: times(20), knownAtAddress: true, now: now) == nil)
        #expect(throttle.hold(pair: [], account: [], address: times(19), knownAtAddress: false, now: now) == nil)
    }

    @Test func guessesFromManyAddressesHoldTheAccountButNotAtItsKnownAddress() throws {
        #expect(try #require(throttle.hold(pair: [], account: times(50), address: [], knownAtAddress: false, now: now)).scope == .account)
        #expect(throttle.hold(pair: [], account: times(50), address: [], knownAtAddress: true, now: now) == nil)
        // The owner's own five failures at the office still hold them there.
        #expect(
            try #require(throttle.hold(pair: times(5), account: times(50), address: [], knownAtAddress: true, now: now)).scope == .accountAtAddress)
    }

    @Test func failuresOlderThanTheWindowNoLongerCount() {
        #expect(throttle.hold(pair: times(5, minutesAgo: 16), account: [], address: [], knownAtAddress: false, now: now) == nil)
        #expect(!throttle.needsKnownAddress(accountFailures: 49, addressFailures: 19))
        #expect(throttle.needsKnownAddress(accountFailures: 0, addressFailures: 20))
    }
}

@Suite struct AuditHeadTests {
    @Test func theHeadReadsAsALineOfAReport() {
        // 30/06/2025 20:00 in the province (UTC+7) is 13:00 UTC.
        let head = AuditHead(
            events: 1234, hash: "9f3a1c2b4d5e6f70" + String(repeating: "0", count: 48), asOf: Date(timeIntervalSince1970: 1_751_288_400))
        #expect(head.line(.vi) == "Nhật ký kiểm toán đến 30/06/2025: 1.234 sự kiện, mã cuối 9f3a1c2b4d5e6f70.")
        #expect(head.line(.en) == "Audit log up to 30/06/2025: 1,234 events, last hash 9f3a1c2b4d5e6f70.")
    }

    @Test func aReportReadsTheHeadAtTheEndOfItsDayInTheProvince() {
        let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00 UTC = 07:00 in the province
        // 30/06/2025 ends at 30/06/2025 24:00 UTC+7 = 17:00 UTC (1_751_302_800), less a millisecond.
        let endOfDay = AuditHead.moment(ofReportDated: "2025-06-30", now: now).timeIntervalSince1970
        #expect(abs(endOfDay - 1_751_302_799.999) < 0.0001, "\(endOfDay)")
        #expect(AuditHead.moment(ofReportDated: "", now: now) == now, "a date left for the signer: now")
        #expect(AuditHead.moment(ofReportDated: "2025-02-30", now: now) == now)
        #expect(AuditHead.moment(ofReportDated: "2026-01-01", now: now) == now, "a day not yet over: now")
        #expect(AuditHead.moment(ofReportDated: "2026-03-01", now: now) == now)
    }
}
