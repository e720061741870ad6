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

    /// The issuing body as printed, "\n" between lines: a People's Committee over two lines ("ỦY BAN NHÂN DÂN\nHUYỆN
    /// NGỌC HỒI"); a provincial body named with its province when no managing body is printed above it ("Công an
    /// tỉnh" → "CÔNG AN TỈNH KON TUM"), and without the word "tỉnh" when one is ("Ban Dân tộc tỉnh" under "UBND TỈNH
    /// KON TUM" → "BAN DÂN TỘC").
    public static func issuer(_ unit: OrgUnit, province: OrgUnit?, usage: IssuingBodyUsage) -> String {
        switch unit.level {
        case .district, .commune:
            // The commune's or district's People's Committee: "Xã Suối Đá" → "ỦY BAN NHÂN DÂN\nXÃ SUỐI ĐÁ".
            guard let first = unit.name.first else { return "" }
            return DocumentHeading.twoLines("Ủy ban nhân dân " + first.lowercased() + unit.name.dropFirst())
        case .province:
            return DocumentHeading.twoLines(unit.issuingBody)
        case .agency where unit.typeName == "Ủy ban nhân dân":
            return DocumentHeading.twoLines(unit.issuingBody)
        case .agency:
            break
        }
        var name = unit.name
        if name.lowercased().hasSuffix(" tỉnh") {
            if usage.parentBody.hasPrefix("UBND ") {
                name = String(name.dropLast(" tỉnh".count))
            } else if let province {
                name += " " + place(province)
            }
        }
        return name.uppercased()
    }

    /// The place a unit's documents are dated at (Nghị định 30/2020, Điều 10 and Phụ lục I): a district's or commune's
    /// own name without its kind ("Huyện Ngọc Hồi" → "Ngọc Hồi"), the plan's place for the province's bodies.
    public static func place(of unit: OrgUnit, planPlace: String) -> String {
        switch unit.level {
        case .district, .commune: place(unit)
        case .province, .agency: planPlace
        }
    }

    /// A unit's name without its kind: "Tỉnh Kon Tum" → "Kon Tum", "Thành phố Kon Tum" → "Kon Tum".
    static func place(_ unit: OrgUnit) -> String {
        let name = unit.name
        let kind = unit.typeName + " "
        if !unit.typeName.isEmpty, name.lowercased().hasPrefix(kind.lowercased()) { return String(name.dropFirst(kind.count)) }
        for prefix in ["Tỉnh ", "Thành phố ", "Huyện ", "Thị xã ", "Xã ", "Phường ", "Thị trấn "] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    /// The usage of `unit`'s kind of body. `province` names the managing body of a department ("UBND TỈNH KON TUM").
    ///
    /// | Body | Symbol | Above it | Signs |
    /// |---|---|---|---|
    /// | People's Committee (province, district, commune) | BC-UBND | – | TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH, Phó Chủ tịch |
    /// | Department (Sở), board (Ban) | BC-<abbr.> | UBND TỈNH … | Giám đốc / Trưởng ban |
    /// | Police | BC-<abbr.> | BỘ CÔNG AN | Giám đốc |
    /// | Border guard, customs, court, procuracy, broadcaster | BC-<abbr.> | – | its head's title |
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
        case "Công an": return IssuingBodyUsage(symbol: symbol, parentBody: "BỘ CÔNG AN", signerTitle: "Giám đốc")
        case "Cơ quan báo chí": return IssuingBodyUsage(symbol: symbol, signerTitle: "Giám đốc")
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
