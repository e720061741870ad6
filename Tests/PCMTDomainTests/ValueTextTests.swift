import PCMTDomain
import PropertyBased
import Testing

/// Numbers in Vietnamese and English notation: read exactly, refused when they could be read two ways, written back
/// so that they read as the same Double.
@Suite struct ValueTextTests {
    static func value(_ text: String, _ notation: Language?) -> Double? {
        guard case .success(let reading?) = ValueText.read(text, notation: notation) else { return nil }
        return reading.value
    }

    static func refusal(_ text: String, _ notation: Language?) -> ValueText.Refusal? {
        guard case .failure(let refusal) = ValueText.read(text, notation: notation) else { return nil }
        return refusal
    }

    @Test(arguments: [
        ("1.000", 1000.0), ("12.000", 12_000), ("2.000", 2000), ("1,5", 1.5), ("12,5", 12.5), ("7,25", 7.25), ("0,5", 0.5),
        ("1.234.567,25", 1_234_567.25), ("1 000", 1000), ("1\u{00A0}000,5", 1000.5), ("1\u{202F}000", 1000), ("-3", -3), ("−3", -3),
        ("+4", 4), (" 42 ", 42), ("007", 7), ("1,000", 1), ("1e19", 1e19), ("1,5E3", 1500), ("0", 0), ("-0", 0),
    ])
    func vietnameseNotation(text: String, expected: Double) {
        #expect(Self.value(text, .vi) == expected)
    }

    @Test(arguments: [
        ("1,000", 1000.0), ("12,000", 12_000), ("1.5", 1.5), ("12.5", 12.5), ("1,234,567.25", 1_234_567.25), ("1 000.5", 1000.5),
        ("1.000", 1), ("1e19", 1e19), ("0.125", 0.125),
    ])
    func englishNotation(text: String, expected: Double) {
        #expect(Self.value(text, .en) == expected)
    }

    @Test(arguments: [
        ("1.5", Language.vi, ValueText.Refusal.otherNotation(.en)), ("1.00", .vi, .otherNotation(.en)), ("0.125", .vi, .otherNotation(.en)),
        ("1,5", .en, .otherNotation(.vi)), ("1.234,5", .en, .otherNotation(.vi)), ("1.000.000", .en, .otherNotation(.vi)),
        ("1,234.5,6", .vi, .notANumber), ("1,234.5,6", .en, .notANumber), ("abc", .vi, .notANumber), ("NaN", .en, .notANumber),
        ("inf", .vi, .notANumber), ("∞", .vi, .notANumber), ("1..000", .vi, .notANumber), (",5", .vi, .notANumber), ("5,", .vi, .notANumber),
        ("1.0000", .vi, .otherNotation(.en)), ("10.00.000", .vi, .notANumber), ("0.000", .vi, .otherNotation(.en)), ("1.000 000", .vi, .notANumber),
        ("1.000e3", .vi, .otherNotation(.en)), ("1.000.000e3", .vi, .notANumber), ("1e", .vi, .notANumber), ("1e99999", .vi, .notANumber),
        ("1e400", .vi, .tooLarge),
        ("12 kg", .vi, .notANumber), ("0x10", .en, .notANumber), ("1_000", .en, .notANumber), ("--1", .vi, .notANumber),
    ])
    func refused(text: String, notation: Language, refusal: ValueText.Refusal) {
        #expect(Self.refusal(text, notation) == refusal)
    }

    @Test func whenTheNotationIsNotKnownATextThatReadsTwoWaysIsRefused() {
        #expect(Self.refusal("1.000", nil) == .ambiguous(vi: 1000, en: 1))
        #expect(Self.refusal("1,000", nil) == .ambiguous(vi: 1, en: 1000))
        #expect(Self.refusal("12.500", nil) == .ambiguous(vi: 12_500, en: 12.5))
        #expect(Self.refusal("1,234.5,6", nil) == .notANumber)
        // One reading only, or the same in both: read.
        #expect(Self.value("12,5", nil) == 12.5)
        #expect(Self.value("1.5", nil) == 1.5)
        #expect(Self.value("1.234,5", nil) == 1234.5)
        #expect(Self.value("1,234.5", nil) == 1234.5)
        #expect(Self.value("1.000.000", nil) == 1_000_000)
        #expect(Self.value("1000", nil) == 1000)
        #expect(Self.value("0,125", nil) == 0.125, "no thousands group starts with 0")
        #expect(ValueText.read("   ", notation: nil) == .success(nil))
    }

    @Test func theDecimalsWrittenAreCounted() {
        #expect(ValueText.read("1,000", notation: .vi) == .success(.init(value: 1, decimals: 3)))
        #expect(ValueText.read("1.000", notation: .vi) == .success(.init(value: 1000, decimals: 0)))
        #expect(ValueText.read("2,0", notation: .vi) == .success(.init(value: 2, decimals: 1)))
    }

    @Test(arguments: [
        (1000.0, "1.000", "1,000"), (1_234_567.25, "1.234.567,25", "1,234,567.25"), (0.1, "0,1", "0.1"), (1e-5, "0,00001", "0.00001"),
        (1e19, "10.000.000.000.000.000.000", "10,000,000,000,000,000,000"), (-2.5, "-2,5", "-2.5"), (0, "0", "0"), (-0.0, "0", "0"),
        (7.25, "7,25", "7.25"), (999, "999", "999"), (100_000, "100.000", "100,000"), (1_000_000_000, "1.000.000.000", "1,000,000,000"),
        (Double.nan, "", ""), (Double.infinity, "", ""),
    ])
    func writtenExactly(value: Double, vi: String, en: String) {
        #expect(ValueText.write(value, .vi) == vi)
        #expect(ValueText.write(value, .en) == en)
    }

    @Test func messagesSayWhatToWrite() {
        let why = ValueText.explain(.otherNotation(.en), text: "1.5", notation: .vi)
        #expect(why.vi == "“1.5” viết theo kiểu tiếng Anh, nhưng ở đây số được đọc theo kiểu Việt Nam: hãy viết 1,5.")
        #expect(why.en == "“1.5” is written in English notation, but numbers here are read in Vietnamese notation: write 1,5.")
        let ambiguous = ValueText.explain(.ambiguous(vi: 1000, en: 1), text: "1.000", notation: nil)
        #expect(ambiguous.vi.hasPrefix("“1.000” đọc theo kiểu Việt Nam là 1.000, theo kiểu tiếng Anh là 1;"))
        #expect(ValueText.explain(.notANumber, text: "ba mươi", notation: .vi).vi == "“ba mươi” không phải là số.")
        #expect(ValueText.explain(.notANumber, text: "1,234.5,6", notation: .vi).vi.contains("không phải là số viết theo kiểu Việt Nam"))
    }

    // MARK: Properties

    @Test func anyValueInRangeWrittenInEitherNotationReadsBackExactly() async {
        await propertyCheck(count: 2000, input: Gen.double(in: 0...DataValueRules.maximumQuantity), Gen.bool) { value, vietnamese in
            let notation: Language = vietnamese ? .vi : .en
            let text = ValueText.write(value, notation)
            #expect(Self.value(text, notation) == value, "\(value) written \(text)")
        }
        // Small values too, where the shortest text has an exponent.
        await propertyCheck(count: 1000, input: Gen.double(in: 0...1e-3), Gen.bool) { value, vietnamese in
            let notation: Language = vietnamese ? .vi : .en
            #expect(Self.value(ValueText.write(value, notation), notation) == value)
        }
        // And any Double at all, down to the smallest and up to the largest.
        await propertyCheck(count: 1000, input: Gen.uint64().map { Double(bitPattern: $0) }, Gen.bool) { value, vietnamese in
            guard value.isFinite else { return }
            let notation: Language = vietnamese ? .vi : .en
            #expect(Self.value(ValueText.write(value, notation), notation) == value)
        }
    }

    /// What pcmt's pages print (`Format.number`: grouped, at most one decimal) reads back as the value printed.
    @Test func formatNumberReadsBackInItsLanguage() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...Int(DataValueRules.maximumCount)), Gen.bool) { count, vietnamese in
            let language: Language = vietnamese ? .vi : .en
            let value = Double(count)
            #expect(Self.value(Format.number(value, language), language) == value, "\(count) printed \(Format.number(value, language))")
        }
        // Quantities up to the limit with the one decimal Format.number prints.
        await propertyCheck(count: 2000, input: Gen.int(in: 0...Int(DataValueRules.maximumQuantity) * 10), Gen.bool) { tenths, vietnamese in
            let language: Language = vietnamese ? .vi : .en
            let value = Double(tenths) / 10
            #expect(Self.value(Format.number(value, language), language) == value, "\(value) printed \(Format.number(value, language))")
        }
    }

    /// Any text of digits, separators, signs and spaces: reading never fails other than by refusing, and whatever is
    /// read is written back to the same value.
    @Test func anyTextIsReadOrRefusedNeverMisread() async {
        let marks = Gen<Character?>.element(of: Array("01234567890123456789000.,.,., -e")).map { $0! }
        await propertyCheck(count: 3000, input: marks.string(of: 0...14)) { text in
            for notation in [Language.vi, .en, nil] {
                if case .success(let reading?) = ValueText.read(text, notation: notation), let notation {
                    #expect(Self.value(ValueText.write(reading.value, notation), notation) == reading.value, "\(text)")
                }
            }
            // A text read by both notations with different values is never read without one.
            let both = ValueText.notations(of: text)
            if let vi = both.vi, let en = both.en, vi != en {
                #expect(Self.refusal(text, nil) == .ambiguous(vi: vi, en: en))
            }
        }
    }
}
