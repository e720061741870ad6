/// Where a redirect may go: a path of this site only. Browsers drop tabs and line breaks from addresses and read
/// "\\" as "/", so "/<tab>/evil.example" or "/\\evil.example" would leave the site.
enum SafePath {
    static func local(_ candidate: String, otherwise fallback: String = "/") -> String {
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//"),
            candidate.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0 != "\\" && $0.value != 0x7F })
        else { return fallback }
        return candidate
    }
}
