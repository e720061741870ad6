/// What a password must be: long enough, and not the username in disguise.
public enum PasswordPolicy {
    public static let minimumLength = 12

    public enum Problem: Equatable, Sendable {
        case tooShort(minimum: Int)
        case containsUsername
        case mismatch
    }

    public static func problems(password: String, confirmation: String? = nil, username: String) -> [Problem] {
        var problems: [Problem] = []
        if password.count < minimumLength { problems.append(.tooShort(minimum: minimumLength)) }
        let folded = password.foldedForSearch
        let name = username.foldedForSearch
        if !name.isEmpty, folded.contains(name) || String(folded.reversed()).contains(name) {
            problems.append(.containsUsername)
        }
        if let confirmation, confirmation != password { problems.append(.mismatch) }
        return problems
    }
}
