import Foundation

extension String {
    /// Lower-case text without Vietnamese diacritics, so that "ngoc hoi" matches "Ngọc Hồi".
    /// Combining marks are dropped after canonical decomposition; đ has no decomposition and is mapped by hand.
    public var foldedForSearch: String { strippingDiacritics.lowercased() }

    /// The text without Vietnamese diacritics, keeping case: "Đắk Hà" → "Dak Ha".
    public var strippingDiacritics: String {
        var scalars = String.UnicodeScalarView()
        for scalar in decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue
            case 0x0110: scalars.append("D")
            case 0x0111: scalars.append("d")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Whether every word of the query occurs in this text, ignoring case and diacritics.
    public func matchesSearch(_ query: String) -> Bool {
        let haystack = foldedForSearch
        let words = query.foldedForSearch.split(whereSeparator: \.isWhitespace)
        return !words.isEmpty && words.allSatisfy { haystack.contains($0) }
    }
}
