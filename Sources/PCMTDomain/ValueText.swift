import Foundation

/// Numbers as people write them in pcmt's two languages, read exactly and written back exactly.
///
/// - Vietnamese notation (`Language.vi`, as pcmt's Vietnamese pages and a Vietnamese Windows print numbers): a dot
///   between thousands and a comma before the decimals — "1.000" is one thousand, "1,5" is one and a half,
///   "1.234.567,25".
/// - English notation (`Language.en`): the other way round — "1,000" is one thousand, "1.5" one and a half.
///
/// A text is read by one notation only; nothing is guessed. Thousands groups must be whole ("1.000.000", never
/// "1.00" or "10.00.000"): the first group has one to three digits and no leading zero, every further group three.
/// Spaces (also no-break and narrow no-break spaces) may separate the thousands in either notation ("1 000 000").
/// A leading minus ("-" or "−") is read, so that a bound can refuse it by name; an exponent ("1e19", "1,5E3") is read
/// as programs write it. Anything else — letters, "NaN", "∞", two decimal separators ("1,234.5,6"), a separator at
/// either end — is not a number.
///
/// When the notation is not known (`notation: nil`), a text that reads as two different numbers ("1.000": one
/// thousand in Vietnamese, one in English) is refused as ambiguous; a text that reads the same way or in one notation
/// only ("1000", "1.234,5", "12,5", "1.5") is read.
public enum ValueText {
    /// A number read from a text, with how many decimals were written (a count may not have any, not even "1,0").
    public struct Reading: Sendable, Equatable {
        public var value: Double
        /// Digits written after the decimal separator (0 for "1.000" in Vietnamese, 3 for "1,000").
        public var decimals: Int

        public init(value: Double, decimals: Int) { self.value = value; self.decimals = decimals }
    }

    /// Why a text is not read as a number.
    public enum Refusal: Error, Sendable, Equatable {
        /// Not a number in either notation ("abc", "1,234.5,6", "1.00" read as Vietnamese thousands).
        case notANumber
        /// A number only in the other notation: "1.5" in a Vietnamese text, "1,5" in an English one.
        case otherNotation(Language)
        /// The notation is not known and the two notations read the text differently ("1.000": 1000 or 1).
        case ambiguous(vi: Double, en: Double)
        /// Read, but beyond what a Double holds ("1e400").
        case tooLarge
    }

    /// The longest text read at all; longer is not a number. Every finite Double written by ``write(_:_:)`` is
    /// shorter (the largest has 309 digits and 102 thousands separators).
    static let maximumLength = 512

    /// Reads `text` in `notation` (nil: not known). Surrounding spaces are ignored; an empty text is no value (nil).
    ///
    /// - Returns: the number and the decimals written, or nil for an empty text.
    /// - Throws: ``Refusal``.
    public static func read(_ text: String, notation: Language?) -> Result<Reading?, Refusal> {
        if let value = plainDigits(text) { return .success(Reading(value: value, decimals: 0)) }
        let trimmed = text.trimmingSpace
        if trimmed.isEmpty { return .success(nil) }
        let vi = strict(trimmed, .vi)
        let en = strict(trimmed, .en)
        let reading: Reading?
        switch notation {
        case .vi?:
            guard let vi else { return .failure(en == nil ? .notANumber : .otherNotation(.en)) }
            reading = vi
        case .en?:
            guard let en else { return .failure(vi == nil ? .notANumber : .otherNotation(.vi)) }
            reading = en
        case nil:
            switch (vi, en) {
            case (nil, nil): return .failure(.notANumber)
            case (let one?, nil), (nil, let one?): reading = one
            case (let a?, let b?):
                if a.value != b.value { return .failure(.ambiguous(vi: a.value, en: b.value)) }
                reading = a
            }
        }
        guard let reading else { return .failure(.notANumber) }
        guard reading.value.isFinite else { return .failure(.tooLarge) }
        return .success(reading)
    }

    /// Which notations read `text` as a number: both (plain digits), one, or none. Used to find a file's notation
    /// from its own numbers.
    public static func notations(of text: String) -> (vi: Double?, en: Double?) {
        if let value = plainDigits(text) { return (value, value) }
        let trimmed = text.trimmingSpace
        return (strict(trimmed, .vi)?.value, strict(trimmed, .en)?.value)
    }

    /// The number in `notation`, exactly: every digit that tells this Double from its neighbours (the shortest text
    /// that reads back as the same Double), thousands grouped; "" for NaN and the infinities.
    /// `read(write(x, n), notation: n)` gives `x` back for every finite `x` (−0 is written "0").
    public static func write(_ value: Double, _ notation: Language) -> String {
        guard value.isFinite else { return "" }
        if value == 0 { return "0" }
        let (integer, fraction) = decimalDigits(abs(value))
        let group = notation == .vi ? "." : ","
        var grouped = ""
        for (index, character) in integer.enumerated() {
            if index > 0 && (integer.count - index) % 3 == 0 { grouped += group }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped + (fraction.isEmpty ? "" : (notation == .vi ? "," : ".") + fraction)
    }

    /// The digits of a positive finite Double before and after the decimal point, from its shortest round-trip
    /// description, without an exponent: 1e-05 → ("0", "00001"), 1.5e+20 → ("150000000000000000000", "").
    static func decimalDigits(_ value: Double) -> (integer: String, fraction: String) {
        let description = "\(value)"
        var mantissa = Substring(description)
        var exponent = 0
        if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = description[..<e]
            exponent = Int(description[description.index(after: e)...]) ?? 0
        }
        var digits = ""
        var point = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." { seenPoint = true; continue }
            digits.append(character)
            if !seenPoint { point += 1 }
        }
        point += exponent
        if point <= 0 {
            digits = String(repeating: "0", count: -point + 1) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var integer = String(digits.prefix(point))
        var fraction = String(digits.dropFirst(point))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        while integer.count > 1 && integer.hasPrefix("0") { integer.removeFirst() }
        return (integer, fraction)
    }

    /// The text read by one notation's rules, or nil when it is not a number in that notation.
    static func strict(_ text: String, _ notation: Language) -> Reading? {
        guard !text.isEmpty, text.unicodeScalars.count <= maximumLength else { return nil }
        var scalars = Substring.UnicodeScalarView(text.unicodeScalars)
        var negative = false
        if let first = scalars.first, first == "-" || first == "\u{2212}" || first == "+" {
            negative = first != "+"
            scalars.removeFirst()
        }
        var exponent = ""
        if let e = scalars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var tail = scalars[scalars.index(after: e)...]
            var sign = ""
            if let first = tail.first, first == "+" || first == "-" {
                sign = first == "-" ? "-" : ""
                tail.removeFirst()
            }
            guard !tail.isEmpty, tail.count <= 4, tail.allSatisfy(isDigit) else { return nil }
            exponent = "e" + sign + String(String.UnicodeScalarView(tail))
            scalars = scalars[..<e]
        }
        let groupMark: Unicode.Scalar = notation == .vi ? "." : ","
        let decimalMark: Unicode.Scalar = notation == .vi ? "," : "."
        let parts = scalars.split(separator: decimalMark, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let integerPart = parts[0]
        var fraction = ""
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(isDigit) else { return nil }
            fraction = String(String.UnicodeScalarView(parts[1]))
        }
        guard !integerPart.isEmpty else { return nil }
        var integer = ""
        if integerPart.allSatisfy(isDigit) {
            integer = String(String.UnicodeScalarView(integerPart))
        } else {
            // Thousands groups, by the notation's mark or by spaces, never both; no exponent after grouped digits.
            guard exponent.isEmpty else { return nil }
            let marks = Set(integerPart.filter { !isDigit($0) })
            guard marks.count == 1, let mark = marks.first, mark == groupMark || isSpace(mark) else { return nil }
            let groups = integerPart.split(separator: mark, omittingEmptySubsequences: false)
            guard let head = groups.first, (1...3).contains(head.count), head.first != "0",
                groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
            integer = groups.map { String(String.UnicodeScalarView($0)) }.joined()
        }
        let canonical = (negative ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction) + exponent
        guard let value = Double(canonical) else { return Reading(value: negative ? -.infinity : .infinity, decimals: fraction.count) }
        return Reading(value: value == 0 ? 0 : value, decimals: fraction.count)
    }

    /// The common case, read without the general rules: a text of 1 to 15 ASCII digits ("0", "306", "007") and
    /// nothing else, which both notations read as the same whole number (exact: below 2^53). Nil for any other text.
    static func plainDigits(_ text: String) -> Double? {
        let utf8 = text.utf8
        guard (1...15).contains(utf8.count) else { return nil }
        var value = 0
        for byte in utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return Double(value)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}"
    }

    /// The reason a text was refused, in both languages, for a message that also names the row and field:
    /// "“1.5” is written in English notation; in Vietnamese notation a comma starts the decimals: 1,5".
    public static func explain(_ refusal: Refusal, text: String, notation: Language?) -> (en: String, vi: String) {
        let shown = text.trimmingSpace
        switch refusal {
        case .notANumber:
            // Words are not numbers in any notation; only a text of digits and marks is told the notation's rule.
            let wordy = shown.unicodeScalars.contains { $0.properties.isAlphabetic && $0 != "e" && $0 != "E" } || !shown.contains(where: \.isNumber)
            switch wordy ? nil : notation {
            case .vi?:
                return (
                    "“\(shown)” is not a number in Vietnamese notation (a dot between thousands, a comma before decimals: 1.234,5).",
                    "“\(shown)” không phải là số viết theo kiểu Việt Nam (dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân: 1.234,5)."
                )
            case .en?:
                return (
                    "“\(shown)” is not a number in English notation (a comma between thousands, a dot before decimals: 1,234.5).",
                    "“\(shown)” không phải là số viết theo kiểu tiếng Anh (dấu phẩy ngăn cách hàng nghìn, dấu chấm trước phần thập phân: 1,234.5)."
                )
            case nil:
                return ("“\(shown)” is not a number.", "“\(shown)” không phải là số.")
            }
        case .otherNotation(let other):
            let value = notations(of: shown)
            if other == .en, let number = value.en {
                return (
                    "“\(shown)” is written in English notation, but numbers here are read in Vietnamese notation: write \(write(number, .vi)).",
                    "“\(shown)” viết theo kiểu tiếng Anh, nhưng ở đây số được đọc theo kiểu Việt Nam: hãy viết \(write(number, .vi))."
                )
            }
            if other == .vi, let number = value.vi {
                return (
                    "“\(shown)” is written in Vietnamese notation, but numbers here are read in English notation: write \(write(number, .en)).",
                    "“\(shown)” viết theo kiểu Việt Nam, nhưng ở đây số được đọc theo kiểu tiếng Anh: hãy viết \(write(number, .en))."
                )
            }
            return ("“\(shown)” is not a number.", "“\(shown)” không phải là số.")
        case .ambiguous(let vi, let en):
            return (
                "“\(shown)” reads as \(write(vi, .en)) in Vietnamese notation and as \(write(en, .en)) in English notation; write it without the separator or so that only one reading is possible.",
                "“\(shown)” đọc theo kiểu Việt Nam là \(write(vi, .vi)), theo kiểu tiếng Anh là \(write(en, .vi)); hãy viết không có dấu ngăn cách hoặc sao cho chỉ đọc được một cách."
            )
        case .tooLarge:
            return ("“\(shown)” is too large.", "“\(shown)” quá lớn.")
        }
    }
}
