import Foundation

/// What an account's username and e-mail address may be: one rule for the administrator's page (`/admin/users`) and
/// the command line (`pcmt users create`), and the one normalisation every sign-in and look-up uses.
public enum AccountRules {
    /// A username has 3 to 64 characters.
    public static let usernameLength = 3...64
    /// An e-mail address has at most 254 characters (the longest a mail server accepts as a path, RFC 5321 §4.5.3.1).
    public static let emailMaximumLength = 254

    /// A username as it is stored and compared: surrounding spaces and line breaks removed, lower case. Sign-in,
    /// account look-up and the failed-attempt counter all use this, so "  Admin " is "admin".
    public static func normalisedUsername(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A username to create: normalised (`normalisedUsername`), then 3 to 64 characters, each an ASCII letter, an
    /// ASCII digit, ".", "_" or "-" (no accents, no spaces). Returns the normalised name, or `.username`.
    public static func username(_ text: String) -> Result<String, AccountRuleProblem> {
        let name = normalisedUsername(text)
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-"
        }
        guard allowed, usernameLength.contains(name.unicodeScalars.count) else { return .failure(.username) }
        return .success(name)
    }

    /// An optional e-mail address for reminders, after trimming surrounding spaces: empty is no address (`nil`);
    /// otherwise a plain, strict check, not the whole of RFC 5322: at most 254 characters, exactly one "@", a
    /// non-empty local part, a domain of at least two non-empty labels separated by dots ("kontum.gov.vn"), and no
    /// spaces, control characters, letters outside ASCII (a mail server without SMTPUTF8 refuses them) or the characters
    /// `" ( ) , : ; < > [ \ ]` (an address goes into a `mailto:` list separated by commas). The address is kept as typed (not lower-cased). Returns it, or `.email`.
    public static func email(_ text: String?) -> Result<String?, AccountRuleProblem> {
        let value = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return .success(nil) }
        guard value.count <= emailMaximumLength else { return .failure(.email) }
        let forbidden: Set<Unicode.Scalar> = ["\"", "(", ")", ",", ":", ";", "<", ">", "[", "\\", "]"]
        for scalar in value.unicodeScalars {
            // ASCII only: a mail server without SMTPUTF8 refuses anything else, and official addresses have no accents.
            if !scalar.isASCII || scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format || forbidden.contains(scalar)
            {
                return .failure(.email)
            }
        }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return .failure(.email) }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else { return .failure(.email) }
        return .success(value)
    }
}

/// Why a username or an e-mail address was refused, with the sentence the pages and the command line show.
public enum AccountRuleProblem: Error, Sendable, Equatable, CaseIterable {
    /// Not 3 to 64 ASCII letters, digits, dots, dashes or underscores.
    case username
    /// Not a plain e-mail address.
    case email

    /// The form field the problem belongs to: "username" or "email".
    public var field: String {
        switch self {
        case .username: "username"
        case .email: "email"
        }
    }

    public var messageEn: String {
        switch self {
        case .username: "3 to 64 letters, digits, dots, dashes or underscores, without accents."
        case .email: "An e-mail address such as name@example.gov.vn, without accents."
        }
    }

    public var messageVi: String {
        switch self {
        case .username: "3 đến 64 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới."
        case .email: "Địa chỉ e-mail không dấu, ví dụ ten@kontum.gov.vn."
        }
    }

    public func message(_ language: Language) -> String { language == .en ? messageEn : messageVi }

    /// The problem as a form shows it next to its field.
    public var fieldProblem: FieldProblem { FieldProblem(field: field, en: messageEn, vi: messageVi) }
}
