/// The identifiers of a person in a registry (issue 17: people under management), as pcmt reads, matches and masks
/// them. Nothing here stores anything: the store seals identifying fields and matches ID numbers by a keyed digest of
/// their normalized form (`PersonalDataCipher` in PCMTStore).
public enum PersonalIDNumber {
    /// The ID number in the one form that is matched: its digits only, 12 for a personal identification number
    /// (số định danh cá nhân, on the citizen identity card and the identity card: Luật Căn cước số 26/2023/QH15,
    /// Điều 12) or 9 for an old identity card (chứng minh nhân dân, Nghị định 05/1999/NĐ-CP). Spaces, dots and
    /// hyphens between digits are dropped ("001 088 012 345" and "001.088.012.345" are the same number).
    ///
    /// - Throws: ``PersonalIDNumberError`` naming what is wrong: a character that is not a digit, or a count of
    ///   digits other than 9 or 12.
    public static func normalized(_ text: String) throws(PersonalIDNumberError) -> String {
        var digits = ""
        for character in text {
            if let ascii = character.asciiValue, (48...57).contains(ascii) {
                digits.append(character)
            } else if character == " " || character == "." || character == "-" || character == "\u{00A0}" {
                continue
            } else {
                throw .notADigit(String(character))
            }
        }
        guard digits.count == 12 || digits.count == 9 else { throw .wrongLength(digits.count) }
        return digits
    }

    /// The number as lists show it before a record is opened: every digit hidden but the last three
    /// ("•••••••••345"), so that an officer can tell two records apart without reading the number.
    public static func masked(_ number: String) -> String {
        let visible = number.count > 6 ? 3 : 0
        return String(repeating: "•", count: number.count - visible) + number.suffix(visible)
    }
}

/// Why an ID number was refused, in words for the form ("Số CCCD/CMND: …").
public enum PersonalIDNumberError: Error, Equatable, Sendable {
    /// A character other than a digit, a space, a dot or a hyphen.
    case notADigit(String)
    /// The number of digits found, not 9 or 12.
    case wrongLength(Int)

    public var messageVi: String {
        switch self {
        case .notADigit(let character): "có ký tự “\(character)” không phải chữ số; số CCCD có 12 chữ số, số CMND cũ có 9 chữ số."
        case .wrongLength(let count): "có \(count) chữ số; số CCCD có 12 chữ số, số CMND cũ có 9 chữ số."
        }
    }

    public var messageEn: String {
        switch self {
        case .notADigit(let character):
            "has “\(character)”, which is not a digit; an identity card number has 12 digits, an old one 9."
        case .wrongLength(let count): "has \(count) digits; an identity card number has 12 digits, an old one 9."
        }
    }
}

/// A person's name as lists show it before a record is opened: the initial of each word, "Nguyễn Văn An" →
/// "N. V. A." (with the year of birth beside it, enough to pick a record, too little to identify the person).
public enum PersonalName {
    public static func masked(_ name: String) -> String {
        name.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\t" }).compactMap { word in
            word.first.map { String($0).uppercased() + "." }
        }.joined(separator: " ")
    }
}
