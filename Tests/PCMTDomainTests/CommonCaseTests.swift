import Foundation
import PropertyBased
import Testing

@testable import PCMTDomain

/// The shortcuts taken for the common case (issue 13, bulk writes) answer exactly as the general rules do.
@Suite struct CommonCaseTests {
    static let alphabet: [Character] = ["0", "1", "5", "9", ".", ",", " ", "-", "e", "a", "\u{00A0}", "\n", "\t", "ố", "\u{2028}"]
    /// Texts of up to 18 characters of ``alphabet``, drawn as indices.
    static let texts = Gen.int(in: 0...14).array(of: 0...18)
    static func text(_ indices: [Int]) -> String { String(indices.map { alphabet[$0] }) }

    @Test func plainDigitsAreReadAsBothNotationsReadThem() async {
        let table: [(String, Double?)] = [
            ("0", 0), ("007", 7), ("306", 306), ("123456789012345", 123_456_789_012_345), ("1234567890123456", nil), (" 12", nil),
            ("12 ", nil), ("1.000", nil), ("12a", nil), ("", nil), ("-1", nil), ("١٢", nil),
        ]
        for (text, expected) in table { #expect(ValueText.plainDigits(text) == expected, "\(text)") }
        await propertyCheck(count: 3000, input: Self.texts) { indices in
            let text = Self.text(indices)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let plain = ValueText.plainDigits(text) {
                #expect(ValueText.strict(trimmed, .vi) == ValueText.Reading(value: plain, decimals: 0), "\(text)")
                #expect(ValueText.strict(trimmed, .en) == ValueText.Reading(value: plain, decimals: 0), "\(text)")
            }
            let notations = ValueText.notations(of: text)
            #expect(notations.vi == ValueText.strict(trimmed, .vi)?.value && notations.en == ValueText.strict(trimmed, .en)?.value, "\(text)")
        }
    }

    @Test func trimmingSpaceTrimsAsFoundationDoes() async {
        for text in ["", " ", "a", " a ", "\u{00A0}1\u{00A0}", "\n12\t", "ố", " ố", "a\u{2028}", "1 2"] {
            #expect(text.trimmingSpace == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
        }
        await propertyCheck(count: 3000, input: Self.texts) { indices in
            let text = Self.text(indices)
            #expect(text.trimmingSpace == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text[...].trimmingSpace == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
        }
    }

    @Test func periodsAreReadWithOrWithoutSpacesAround() {
        let table: [(String, Period?)] = [
            ("2023", .year(2023)), (" 2023 ", .year(2023)), ("2023S1", .halfYear(2023, half: 1)), ("\t2023S2 ", .halfYear(2023, half: 2)),
            ("2021-2025", .span(from: 2021, to: 2025)), (" 2021-2025", .span(from: 2021, to: 2025)), ("2023\n", nil), ("2023S3", nil),
            ("1899", nil), ("3000", nil), ("2025-2021", nil), ("", nil),
        ]
        for (text, expected) in table { #expect(Period(text) == expected, "\(text.debugDescription)") }
    }

    @Test func recordsKeepPrintableASCIIAsItIs() {
        #expect(CleanText.forRecord("23281/2024S1/addicts/male") == "23281/2024S1/addicts/male")
        #expect(CleanText.forRecord("a\u{7}b") == "a\u{FFFD}b")
        #expect(CleanText.forRecord("a\nb", allowsLineBreaks: false) == "a\u{FFFD}b")
        #expect(CleanText.forRecord("a\nb") == "a\nb")
        #expect(CleanText.forRecord(String(repeating: "a", count: 20), maxScalars: 10) == String(repeating: "a", count: 10))
        #expect(CleanText.forRecord("e\u{0301}") == "é")
    }
}
