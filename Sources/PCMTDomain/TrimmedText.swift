import Foundation

extension StringProtocol {
    /// The text without the white space and line breaks around it, as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it, answered at once in the common case: a text that
    /// starts and ends with printable ASCII other than a space has nothing to trim (every other white space or line
    /// break is a control byte, a space or a scalar beyond ASCII).
    public var trimmingSpace: String {
        let text = String(self)
        guard let first = text.utf8.first, let last = text.utf8.last else { return "" }
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
