/// The words that changed between two texts (issue 14, item 6: the audit log shows what changed, not two blobs):
/// a longest common subsequence over words, so that "Đã tổ chức 10 cuộc" → "Đã tổ chức 12 cuộc" reads as one word
/// removed and one added.
public enum WordDiff {
    public enum Part: Sendable, Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Texts longer than this many words each are compared whole (removed, then added): the table grows with the
    /// product of the two lengths.
    public static let maximumWords = 1500

    /// The parts of `new` against `old`, consecutive words of one kind joined with single spaces.
    public static func diff(_ old: String, _ new: String) -> [Part] {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        if a == b { return a.isEmpty ? [] : [.same(a.joined(separator: " "))] }
        guard a.count <= maximumWords, b.count <= maximumWords else {
            return (a.isEmpty ? [] : [Part.removed(a.joined(separator: " "))]) + (b.isEmpty ? [] : [.added(b.joined(separator: " "))])
        }
        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var parts: [Part] = []
        func append(_ part: Part) {
            switch (parts.last, part) {
            case (.same(let x)?, .same(let y)): parts[parts.count - 1] = .same(x + " " + y)
            case (.removed(let x)?, .removed(let y)): parts[parts.count - 1] = .removed(x + " " + y)
            case (.added(let x)?, .added(let y)): parts[parts.count - 1] = .added(x + " " + y)
            default: parts.append(part)
            }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                append(.same(a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                // What goes comes before what replaces it.
                append(.removed(a[i])); i += 1
            } else {
                append(.added(b[j])); j += 1
            }
        }
        return parts
    }
}
