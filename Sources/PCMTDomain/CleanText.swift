import Foundation

/// The one rule for text that comes into pcmt from outside — a form field, a JSON string, a query parameter, a cell
/// of an imported file, a request header written to a log: it is valid UTF-8, normalised to Unicode NFC (so "ệ"
/// typed as e + two combining marks and "ệ" typed as one letter are the same text in every store and every
/// comparison), carries no control character (newline and tab only where the field allows line breaks; a carriage
/// return or CR LF, as browsers send a text area's line ends, becomes a newline there), no character that reorders
/// text for display (bidirectional overrides and isolates, U+202A–U+202E and U+2066–U+2069, which could make a log
/// line read differently from what it holds), and stays within the field's length.
///
/// The web layer applies it to every input in one place (`CleanInput` in PCMTWeb); an importer applies it to each cell
/// as it is read (``cell(_:column:row:)``); the audit log applies ``forRecord(_:maxScalars:)`` to what it is given, so
/// that a NUL byte can never reach a store (SQLite cuts text at a NUL when it is read back, which broke the audit
/// chain; PostgreSQL refuses it with an error).
public enum CleanText {
    /// What a field accepts: at most `maxScalars` Unicode scalars after normalisation, and line breaks (newline,
    /// tab) or not.
    public struct Rule: Sendable, Equatable {
        public var maxScalars: Int
        public var allowsLineBreaks: Bool

        public init(maxScalars: Int, allowsLineBreaks: Bool) {
            self.maxScalars = maxScalars; self.allowsLineBreaks = allowsLineBreaks
        }

        /// One line: no newline, no tab.
        public static func line(_ maxScalars: Int) -> Rule { Rule(maxScalars: maxScalars, allowsLineBreaks: false) }
        /// Several lines: newlines and tabs allowed.
        public static func text(_ maxScalars: Int) -> Rule { Rule(maxScalars: maxScalars, allowsLineBreaks: true) }
    }

    /// Why a text was refused, naming the field and, for a character, its code point and place (1-based, in
    /// Unicode scalars).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// The bytes are not UTF-8 (or a JSON escape names half of a surrogate pair).
            case invalidUTF8
            /// A control or reordering character at `position`.
            case forbiddenCharacter(scalar: UInt32, position: Int)
            /// A newline or tab in a one-line field.
            case lineBreak(position: Int)
            /// Longer than the field's limit.
            case tooLong(limit: Int)
        }

        public var field: String
        public var kind: Kind

        public init(field: String, kind: Kind) { self.field = field; self.kind = kind }

        public var messageEn: String {
            switch kind {
            case .invalidUTF8: "\(field): the text is not valid UTF-8; save the file or page as UTF-8 and try again."
            case .forbiddenCharacter(let scalar, let position):
                "\(field): character \(position) is a control character (\(Self.codePoint(scalar))), which is not allowed."
            case .lineBreak(let position): "\(field): character \(position) is a line break or tab; this field holds one line."
            case .tooLong(let limit): "\(field): at most \(limit) characters."
            }
        }

        public var messageVi: String {
            switch kind {
            case .invalidUTF8: "\(field): văn bản không phải UTF-8 hợp lệ; hãy lưu tệp hoặc trang dưới dạng UTF-8 rồi thử lại."
            case .forbiddenCharacter(let scalar, let position):
                "\(field): ký tự thứ \(position) là ký tự điều khiển (\(Self.codePoint(scalar))), không được phép."
            case .lineBreak(let position): "\(field): ký tự thứ \(position) là dấu xuống dòng hoặc tab; trường này chỉ có một dòng."
            case .tooLong(let limit): "\(field): tối đa \(limit) ký tự."
            }
        }

        public func message(_ language: Language) -> String { language == .en ? messageEn : messageVi }

        public var description: String { messageEn }

        /// As a form problem of the field.
        public var fieldProblem: FieldProblem { FieldProblem(field: field, en: messageEn, vi: messageVi) }

        static func codePoint(_ scalar: UInt32) -> String {
            let hex = String(scalar, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    // MARK: The rule

    /// `text` cleaned for `field`: CR LF and CR become a newline where line breaks are allowed, then NFC; throws
    /// ``Problem`` for a forbidden character, a line break in a one-line field or a text over the limit.
    public static func clean(_ text: String, field: String, rule: Rule) throws(Problem) -> String {
        // A bound before any work: NFC never makes a text more than three times longer (in UTF-8), and a scalar takes
        // at most four bytes, so a text this long can only be refused.
        if text.utf8.count > rule.maxScalars * 4 * 3 + 16 { throw Problem(field: field, kind: .tooLong(limit: rule.maxScalars)) }
        // The common case, answered as the loop below would: printable ASCII has no line break, nothing forbidden, and
        // is NFC already, one scalar per byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            if text.utf8.count > rule.maxScalars { throw Problem(field: field, kind: .tooLong(limit: rule.maxScalars)) }
            return text
        }
        var scalars = String.UnicodeScalarView()
        var position = 0
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            position += 1
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar == "\r" || scalar == "\n" || scalar == "\t" {
                guard rule.allowsLineBreaks else { throw Problem(field: field, kind: .lineBreak(position: position)) }
                scalars.append(scalar == "\t" ? "\t" : "\n")
                continue
            }
            if isForbidden(scalar) { throw Problem(field: field, kind: .forbiddenCharacter(scalar: scalar.value, position: position)) }
            scalars.append(scalar)
        }
        let normalised = isNFCQuickCheck(scalars) ? String(scalars) : String(scalars).precomposedStringWithCanonicalMapping
        if normalised.unicodeScalars.count > rule.maxScalars { throw Problem(field: field, kind: .tooLong(limit: rule.maxScalars)) }
        return normalised
    }

    /// `bytes` read as UTF-8 and cleaned (``clean(_:field:rule:)``); `.invalidUTF8` when they are not UTF-8.
    public static func clean(bytes: some Collection<UInt8>, field: String, rule: Rule) throws(Problem) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Problem(field: field, kind: .invalidUTF8) }
        return try clean(text, field: field, rule: rule)
    }

    /// Whether `text` passes ``clean(_:field:rule:)`` unchanged.
    public static func isClean(_ text: String, rule: Rule) -> Bool {
        (try? clean(text, field: "", rule: rule)) == text
    }

    /// A control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) or a bidirectional override or
    /// isolate (U+202A–U+202E, U+2066–U+2069). Newline and tab are Cc too: whether they pass is the field's rule.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The common case costs nothing: ASCII and the precomposed Vietnamese letters (Latin-1 Supplement, Latin
    /// Extended-A/B, Latin Extended Additional) with no combining mark after them are already NFC.
    static func isNFCQuickCheck(_ scalars: String.UnicodeScalarView) -> Bool {
        scalars.allSatisfy { scalar in
            scalar.value < 0x0300 || (0x1E00...0x1EFF).contains(scalar.value)
        }
    }

    // MARK: Fields

    /// Fields of one line, with their limits: account and sign-in fields, codes, periods, filters, addresses.
    static let lineFields: [String: Int] = [
        "username": 128, "password": 256, "current": 256, "new": 256, "confirm": 256, "_csrf": 128, "email": 320,
        "next": 2048, "back": 2048, "q": 200, "name": 200, "role": 64, "unit": 64, "orgunit": 64, "period": 64,
        "element": 128, "category": 128, "kind": 64, "intent": 64, "version": 32, "plan": 64, "lang": 16, "parent": 64,
        "parentID": 64, "date": 64, "changedSince": 64, "from": 64, "to": 64, "user": 128, "data": 64, "done": 64,
        "saved": 16, "removed": 64, "code": 64, "status": 64, "value": 64, "threshold": 64, "disabled": 16,
        "startDate": 64, "endDate": 64, "table": 64,
        // The names of a data value set (DHIS2's dataValueSets).
        "orgUnit": 64, "dataElement": 128, "categoryOptionCombo": 128,
        // The checked file the import's preview sends back to be saved: base64 on one line, of a file of at most
        // 10 MB (InputLimits.uploadBytes), 4 characters per 3 bytes.
        "content": 14_000_000,
    ]

    /// Field name prefixes of one line: a value and its version in the entry form, a project's figures in a report.
    static let linePrefixes: [(prefix: String, limit: Int)] = [
        ("v_", 64), ("ver_", 32), ("status_", 64), ("progress_", 64), ("allocated_", 64), ("spent_", 64),
    ]

    /// The longest text of a field that takes pasted CSV (`text` of the import form, also a plan record's text).
    public static let pastedTextLimit = 2_000_000
    /// Any other field: several lines, at most 50,000 characters (a section of a report is a few thousand).
    public static let defaultTextLimit = 50_000

    /// The rule of a field by its name (a form field, a JSON key, a query parameter): one line for the names above,
    /// several lines up to ``defaultTextLimit`` otherwise, ``pastedTextLimit`` for `text`.
    public static func rule(forField name: String) -> Rule {
        if let limit = lineFields[name] { return .line(limit) }
        if name == "text" { return .text(pastedTextLimit) }
        for (prefix, limit) in linePrefixes where name.hasPrefix(prefix) { return .line(limit) }
        return .text(defaultTextLimit)
    }

    /// The rule of a field's name itself.
    public static let nameRule = Rule.line(256)

    /// A cell of an imported file (CSV or spreadsheet) as it is read: one line of at most 1,000 characters; the field
    /// is named by its row and column ("row 12, column C"), as the import report names a cell.
    public static func cell(_ text: String, column: String, row: Int) throws(Problem) -> String {
        try clean(text, field: "row \(row), column \(column)", rule: .line(cellLimit))
    }

    /// The longest text of an imported cell.
    public static let cellLimit = 1000

    /// A request header written to a log or the audit log (User-Agent, X-Forwarded-For): one line of at most 1,024.
    public static let headerRule = Rule.line(1024)

    // MARK: Records

    /// What a store keeps when it must record whatever it was given (the audit log records a refused sign-in's
    /// username): NFC, each forbidden character and each line break (where not allowed) replaced by U+FFFD, cut to
    /// `maxScalars` scalars. Never throws, so recording never fails and never holds a NUL.
    public static func forRecord(_ text: String, maxScalars: Int = 10_000, allowsLineBreaks: Bool = true) -> String {
        // The common case, answered as the loop below would: printable ASCII within the bound is kept as it is.
        if text.utf8.count <= maxScalars, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var scalars = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= maxScalars { break }
            let isBreak = scalar == "\n" || scalar == "\t"
            if isBreak, allowsLineBreaks {
                scalars.append(scalar)
            } else if isForbidden(scalar) || scalar == "\u{FFFE}" || scalar == "\u{FFFF}" {
                scalars.append("\u{FFFD}")
            } else {
                scalars.append(scalar)
            }
            count += 1
        }
        return isNFCQuickCheck(scalars) ? String(scalars) : String(scalars).precomposedStringWithCanonicalMapping
    }
}
