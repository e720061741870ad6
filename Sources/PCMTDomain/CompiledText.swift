import Foundation

/// The units' writing gathered into one text without repeats (issue 15, item 1): what one unit wrote for several
/// duties appears once, identical or near-identical passages of one unit are merged, and units that wrote the same
/// passage are named together on one line. Every merge leaves an editorial mark (``mark(_:)``) in the draft, which the
/// standing office reads while editing and which the documents do not print (``withoutMarks(_:)``).
public enum CompiledText {
    /// One passage as a unit wrote it for one duty.
    public struct Passage: Sendable, Equatable {
        public var unitCode: String
        public var unitName: String
        public var text: String
        /// Where the passage comes from, as the office reads it: "nhiệm vụ 21, ý 2".
        public var origin: String
        public init(unitCode: String, unitName: String, text: String, origin: String) {
            self.unitCode = unitCode; self.unitName = unitName; self.text = text; self.origin = origin
        }
    }

    /// The compiled lines, one paragraph each ("- Huyện A, Huyện B: …"), and how many passages were merged away.
    public struct Result: Sendable, Equatable {
        public var lines: [String]
        public var merged: Int
        public var text: String { lines.joined(separator: "\n") }
    }

    /// Two passages of one unit whose words agree at least this much (Dice coefficient over the longest common
    /// subsequence of words) are taken as the same passage written twice.
    public static let nearIdentical = 0.9

    /// Compiles passages in the order given: units in the order they first appear, each unit's passages in order.
    /// - A passage that is empty after trimming is left out.
    /// - Within one unit, a passage equal to an earlier one after ``normalised(_:)``, contained in it, containing it,
    ///   or near-identical (``similarity(_:_:)`` ≥ ``nearIdentical``) is merged into it; the longer wording is kept.
    /// - A unit's remaining passages form one paragraph.
    /// - Units whose paragraphs are equal after normalisation share one line, named in order.
    /// Each line that merged anything ends with a mark naming the units and origins merged. With `naming` false (the
    /// text of one unit, under its own heading), lines are not prefixed with "- <units>: ".
    public static func compile(_ passages: [Passage], naming: Bool = true) -> Result {
        struct Kept {
            var text: String
            var origins: [String]
        }
        var order: [String] = []
        var names: [String: String] = [:]
        var kept: [String: [Kept]] = [:]
        var merged = 0
        for passage in passages {
            // A unit's own "[[Đã gộp" is its words, not a mark of ours: it is printed, so it may not read as one.
            let text = passage.text.trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: markOpening, with: "[ [Đã gộp")
            guard !normalised(text).isEmpty else { continue }
            if names[passage.unitCode] == nil {
                order.append(passage.unitCode)
                names[passage.unitCode] = passage.unitName
            }
            var list = kept[passage.unitCode] ?? []
            if let index = list.firstIndex(where: { isSame($0.text, text) }) {
                if normalised(text).count > normalised(list[index].text).count { list[index].text = text }
                if !list[index].origins.contains(passage.origin) { list[index].origins.append(passage.origin) }
                merged += 1
            } else {
                list.append(Kept(text: text, origins: [passage.origin]))
            }
            kept[passage.unitCode] = list
        }
        // One paragraph per unit, then units with the same paragraph on one line.
        var groups: [(key: String, units: [String], text: String, marks: [String])] = []
        for code in order {
            let list = kept[code] ?? []
            let paragraph = list.map { sentence($0.text) }.joined(separator: " ")
            let marks = list.filter { $0.origins.count > 1 }.map { item in
                "\(item.origins.count) đoạn trùng hoặc gần trùng của \(names[code] ?? code) (\(item.origins.joined(separator: "; ")))"
            }
            let key = normalised(paragraph)
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].units.append(names[code] ?? code)
                groups[index].marks += marks
                merged += 1
            } else {
                groups.append((key, [names[code] ?? code], paragraph, marks))
            }
        }
        let lines = groups.map { group -> String in
            var marks = group.marks
            if group.units.count > 1 { marks.insert("nội dung giống nhau của \(group.units.count) đơn vị", at: 0) }
            let line = naming ? "- \(group.units.joined(separator: ", ")): \(group.text)" : group.text
            return marks.isEmpty ? line : line + " " + mark("Đã gộp " + marks.joined(separator: "; "))
        }
        return Result(lines: lines, merged: merged)
    }

    /// Whether two passages of one unit are the same passage: equal after normalisation, one containing the other,
    /// or near-identical with the same numbers in the same order. Passages whose figures differ ("12 buổi" and
    /// "18 buổi") are never the same, however alike their words: merging them would drop a figure.
    public static func isSame(_ a: String, _ b: String) -> Bool {
        let x = normalised(a), y = normalised(b)
        if x == y { return true }
        if x.count >= 20, y.count >= 20, x.contains(y) || y.contains(x) { return true }
        return numbers(x) == numbers(y) && similarity(x, y) >= nearIdentical
    }

    /// The numbers of a normalised text, in order: "tổ chức 12 buổi cho 1 200 lượt" → ["12", "1", "200"].
    static func numbers(_ normalised: String) -> [Substring] {
        normalised.split(separator: " ").filter { $0.allSatisfy(\.isNumber) }
    }

    /// Lower case, punctuation removed, whitespace collapsed: "Đã  tổ chức, 10 cuộc." → "đã tổ chức 10 cuộc".
    /// Diacritics are kept: in Vietnamese they tell words apart.
    public static func normalised(_ text: String) -> String {
        let plain = withoutMarks(text)
        let scalars = plain.lowercased().unicodeScalars.map { scalar -> Character in
            CharacterSet.letters.contains(scalar) || CharacterSet.decimalDigits.contains(scalar) ? Character(scalar) : " "
        }
        return String(scalars).split(separator: " ").joined(separator: " ")
    }

    /// The Dice coefficient of the two texts' words over their longest common subsequence, 0…1 (1: the same words
    /// in the same order). Texts whose lengths differ more than twofold score 0 without comparing.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let x = a.split(separator: " ").count, y = b.split(separator: " ").count
        guard x > 0, y > 0, max(x, y) <= 2 * min(x, y) else { return x == 0 && y == 0 ? 1 : 0 }
        let same = WordDiff.diff(a, b).reduce(0) { total, part in
            if case .same(let words) = part { return total + words.split(separator: " ").count }
            return total
        }
        return 2 * Double(same) / Double(x + y)
    }

    /// A passage as the end of a sentence: a final full stop added when it has no closing punctuation.
    static func sentence(_ text: String) -> String {
        let single = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
        guard let last = single.last else { return single }
        return ".;!?…)”\"".contains(last) ? single : single + "."
    }

    // MARK: editorial marks

    /// How every editorial mark begins; other text in double brackets is the writer's own and is printed.
    public static let markOpening = "[[Đã gộp"

    /// An editorial note in the draft: "[[Đã gộp …]]". It is for the office editing the draft and is not printed.
    /// `note` starts with "Đã gộp".
    public static func mark(_ note: String) -> String { "[[\(note)]]" }

    /// The text without editorial marks ("[[Đã gộp …]]"; one left without its "]]" runs to the end of its line),
    /// spaces around them tidied. Other double brackets are the writer's and stay.
    public static func withoutMarks(_ text: String) -> String {
        guard text.contains(markOpening) else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var result = ""
            var rest = Substring(line)
            while let open = rest.range(of: markOpening) {
                result += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].range(of: "]]") else {
                    rest = ""
                    break
                }
                rest = rest[close.upperBound...]
            }
            result += rest
            return result.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
        }
        return lines.joined(separator: "\n")
    }

    /// How many editorial marks a text holds.
    public static func markCount(_ text: String) -> Int { text.components(separatedBy: markOpening).count - 1 }
}
