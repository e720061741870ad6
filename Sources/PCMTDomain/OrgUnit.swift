/// An organisation unit: an administrative unit (province, district, commune) with its official code,
/// or a provincial body that the plan gives duties to.
public struct OrgUnit: Codable, Sendable, Equatable, Identifiable {
    public var code: String
    public var name: String
    public var nameEn: String?
    public var level: OrgUnitLevel
    /// The official type as written in Vietnamese: "Tỉnh", "Huyện", "Thành phố", "Xã", "Phường", "Thị trấn", "Sở", …
    public var typeName: String
    public var parentCode: String?
    /// ISO dates (yyyy-MM-dd); nil when the unit predates the data.
    public var validFrom: String?
    public var validTo: String?
    public var successorCodes: [String]
    /// Other spellings of the name found in documents (e.g. "Xã Pờ Y" for Xã Bờ Y).
    public var aliases: [String]

    public var id: String { code }

    /// The body that writes and signs for the unit: a district's People's Committee ("Ủy ban nhân dân huyện Đắk Hà"),
    /// otherwise the unit itself.
    public var issuingBody: String {
        guard level == .district, let first = name.first else { return name }
        return "Ủy ban nhân dân " + first.lowercased() + name.dropFirst()
    }

    public init(
        code: String, name: String, nameEn: String? = nil, level: OrgUnitLevel, typeName: String,
        parentCode: String?, validFrom: String? = nil, validTo: String? = nil, successorCodes: [String] = [], aliases: [String] = []
    ) {
        self.code = code; self.name = name; self.nameEn = nameEn; self.level = level; self.typeName = typeName
        self.parentCode = parentCode; self.validFrom = validFrom; self.validTo = validTo
        self.successorCodes = successorCodes
        self.aliases = aliases
    }

    /// Whether the unit is a commune directly under a province, with no district between (the new communes of
    /// 01/07/2025): its parent's code has the two digits of a province code (Quyết định 124/2004/QĐ-TTg: provinces 2
    /// digits, districts 3, communes 5).
    public var isDirectlyUnderProvince: Bool {
        level == .commune && parentCode.map { $0.count == 2 && $0.allSatisfy { ("0"..."9").contains($0) } } == true
    }

    /// Whether the unit exists on the given ISO date.
    public func isValid(on date: String) -> Bool {
        if let validFrom, date < validFrom { return false }
        if let validTo, date > validTo { return false }
        return true
    }
}

public enum OrgUnitLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case province, district, commune, agency

    private var order: Int {
        switch self {
        case .province: 0
        case .district: 1
        case .commune: 2
        case .agency: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}
