/// Finding the unit a person means from what they typed in a unit field (issue 14, item 6): its code ("611",
/// "62-cat"), its name with or without accents ("ngoc hoi", "Huyện Ngọc Hồi"), or a choice as pcmt lists it
/// ("Huyện Ngọc Hồi (611)").
public enum UnitLookup {
    public enum Result: Sendable, Equatable {
        /// One unit is meant.
        case found(OrgUnit)
        /// Several units match: the person chooses (at most ``listed``, in the order of `units`).
        case choices([OrgUnit])
        case none
    }

    /// At most this many choices are offered.
    public static let listed = 12

    /// Looks `text` up among `units` (those the person may pick, in the order to offer them): a code, exactly
    /// (letters in either case); a code in parentheses at the end; else every word of the text, accents and case
    /// ignored, found in the name — one match is the unit, several are choices, unless exactly one name equals the
    /// text, which wins. Among several, the names that hold the words with the accents typed ("Đắk Tô" is not
    /// "Đắk Tờ Kan") and, when `levels` is given, the units of those levels (the role's, ``RoleAssignment``) are
    /// kept if any are.
    public static func find(_ text: String, in units: [OrgUnit], levels: Set<OrgUnitLevel>? = nil) -> Result {
        let typed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !typed.isEmpty else { return .none }
        func byCode(_ code: String) -> OrgUnit? { units.first { $0.code.lowercased() == code.lowercased() } }
        if let unit = byCode(typed) { return .found(unit) }
        if typed.hasSuffix(")"), let open = typed.lastIndex(of: "(") {
            let code = typed[typed.index(after: open)..<typed.index(before: typed.endIndex)].trimmingCharacters(in: .whitespaces)
            if let unit = byCode(code) { return .found(unit) }
        }
        let folded = typed.foldedForSearch
        let words = folded.split(whereSeparator: \.isWhitespace)
        var matches = units.filter { unit in
            let name = unit.name.foldedForSearch
            return words.allSatisfy { name.contains($0) }
        }
        func narrowed(_ keep: (OrgUnit) -> Bool) {
            let kept = matches.filter(keep)
            if !kept.isEmpty { matches = kept }
        }
        if matches.count > 1, typed.lowercased() != folded {
            // Accents were typed: they count, word by word.
            let accented = typed.lowercased().split(whereSeparator: \.isWhitespace)
            narrowed { unit in
                let name = unit.name.lowercased().split(whereSeparator: \.isWhitespace)
                return accented.allSatisfy { word in name.contains { $0.hasPrefix(word) } }
            }
        }
        if matches.count > 1, let levels { narrowed { levels.contains($0.level) } }
        if matches.count == 1 { return .found(matches[0]) }
        let exact = matches.filter { $0.name.foldedForSearch == folded }
        if exact.count == 1 { return .found(exact[0]) }
        return matches.isEmpty ? .none : .choices(Array(matches.prefix(listed)))
    }

    /// How a unit is offered and shown: "Huyện Ngọc Hồi (611)".
    public static func label(_ unit: OrgUnit) -> String { "\(unit.name) (\(unit.code))" }
}
