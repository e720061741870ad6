/// How a kind of body heads and signs its reports (issue 15, item 3), after Nghị định 30/2020/NĐ-CP (Phụ lục I:
/// the issuing body under its managing body; Phụ lục III: the symbol "BC-" and the body's abbreviation; Điều 13 and
/// Phụ lục I, mục II.8: "TM." for a collective body, "KT." for a deputy signing for the head).
///
/// The symbol's abbreviation is the body's own: the part of its unit code after the province's number ("62-SYT" →
/// "BC-SYT"), as the built-in unit data gives it; a People's Committee's is "UBND".
public struct IssuingBodyUsage: Sendable, Equatable {
    /// "BC-UBND", "BC-SYT".
    public var symbol: String
    /// The managing body printed above the issuer, in capitals; empty when none is printed.
    public var parentBody: String
    /// One line each: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"; empty when the head signs in their own name.
    public var signerCapacity: String
    /// "Phó Chủ tịch", "Giám đốc", "Chánh án".
    public var signerTitle: String

    public init(symbol: String, parentBody: String = "", signerCapacity: String = "", signerTitle: String) {
        self.symbol = symbol; self.parentBody = parentBody; self.signerCapacity = signerCapacity; self.signerTitle = signerTitle
    }

    /// The usage of `unit`'s kind of body. `province` names the managing body of a department ("UBND TỈNH KON TUM").
    ///
    /// | Body | Symbol | Above it | Signs |
    /// |---|---|---|---|
    /// | People's Committee (province, district, commune) | BC-UBND | – | TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH, Phó Chủ tịch |
    /// | Department (Sở), board (Ban) | BC-<abbr.> | UBND TỈNH … | Giám đốc / Trưởng ban |
    /// | Police, border guard, customs, court, procuracy, broadcaster | BC-<abbr.> | – | its head's title |
    /// | Fatherland Front | BC-<abbr.> | – | TM. BAN THƯỜNG TRỰC, Chủ tịch |
    /// | Mass organisations (Đoàn thể) | BC-<abbr.> | – | TM. BAN THƯỜNG VỤ, Chủ tịch (Youth Union: Bí thư) |
    /// | Anything else | BC-<abbr.> | – | Thủ trưởng đơn vị |
    public static func of(_ unit: OrgUnit, province: OrgUnit?) -> IssuingBodyUsage {
        let committee = IssuingBodyUsage(
            symbol: "BC-UBND", signerCapacity: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", signerTitle: "Phó Chủ tịch")
        switch unit.level {
        case .province, .district, .commune: return committee
        case .agency: break
        }
        let abbreviation = unit.code.split(separator: "-", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let symbol = abbreviation.isEmpty ? "BC" : "BC-\(abbreviation)"
        let managing = province.map { "UBND " + $0.name.uppercased() } ?? ""
        switch unit.typeName {
        case "Ủy ban nhân dân": return committee
        case "Sở": return IssuingBodyUsage(symbol: symbol, parentBody: managing, signerTitle: "Giám đốc")
        case "Ban": return IssuingBodyUsage(symbol: symbol, parentBody: managing, signerTitle: "Trưởng ban")
        case "Công an", "Cơ quan báo chí": return IssuingBodyUsage(symbol: symbol, signerTitle: "Giám đốc")
        case "Bộ đội Biên phòng": return IssuingBodyUsage(symbol: symbol, signerTitle: "Chỉ huy trưởng")
        case "Hải quan": return IssuingBodyUsage(symbol: symbol, signerTitle: "Cục trưởng")
        case "Tòa án": return IssuingBodyUsage(symbol: symbol, signerTitle: "Chánh án")
        case "Viện Kiểm sát": return IssuingBodyUsage(symbol: symbol, signerTitle: "Viện trưởng")
        case "Mặt trận Tổ quốc": return IssuingBodyUsage(symbol: symbol, signerCapacity: "TM. BAN THƯỜNG TRỰC", signerTitle: "Chủ tịch")
        case "Đoàn thể":
            let youth = unit.name.lowercased().hasPrefix("tỉnh đoàn") || unit.name.lowercased().contains("đoàn thanh niên")
            return IssuingBodyUsage(symbol: symbol, signerCapacity: "TM. BAN THƯỜNG VỤ", signerTitle: youth ? "Bí thư" : "Chủ tịch")
        default: return IssuingBodyUsage(symbol: symbol, signerTitle: "Thủ trưởng đơn vị")
        }
    }
}
