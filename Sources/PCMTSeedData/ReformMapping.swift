import PCMTDomain

/// A reform of the administrative map as the merger file describes it (`units/quangngai-merger-2025.json`, from
/// Nghị quyết 1677/NQ-UBTVQH15 and Cục Thống kê 1027/CTK-CSCL): the new province, each new commune-level unit with
/// the old communes it was formed from, and the old communes shared between two new units.
struct ReformMapping: Decodable {
    struct Province: Decodable {
        var old: [String]
        var new: String
        var newName: String
        var oldNames: [String: String]

        enum CodingKeys: String, CodingKey {
            case old, new
            case newName = "new_name"
            case oldNames = "old_names"
        }
    }

    struct NewUnit: Decodable {
        var code: String
        var name: String
        var type: String
        var oldProvince: String
        var formedFrom: [String]
        var oldDistricts: [String]

        enum CodingKeys: String, CodingKey {
            case code, name, type
            case oldProvince = "old_province"
            case formedFrom = "formed_from"
            case oldDistricts = "old_districts"
        }
    }

    struct Split: Decodable {
        struct Part: Decodable {
            var code: String
            var share: String
        }

        var oldCode: String
        var to: [Part]

        enum CodingKeys: String, CodingKey {
            case to
            case oldCode = "old_code"
        }
    }

    /// The first day of the new units (ISO, "2025-07-01").
    var effective: String
    var province: Province
    var newUnits: [NewUnit]
    var splits: [Split]

    enum CodingKeys: String, CodingKey {
        case effective, province, splits
        case newUnits = "new_units"
    }

    /// The day before ``effective`` (ISO): the last day of the old units.
    var lastOldDay: String {
        let parts = effective.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, parts[1] == 7, parts[2] == 1 else { return effective }
        return String(format: "%04d-06-30", parts[0])
    }

    /// The old provinces (ended the day before ``effective``, their successor the new province; a province already
    /// among the built-in units is loaded once), the new province and its units, valid from ``effective``: no district
    /// level, so every new unit's parent is the province. An old province whose communes pcmt does not hold (old
    /// Quảng Ngãi) is there so that the new province is known to cover more than Kon Tum.
    var orgUnits: [OrgUnit] {
        province.old.map { code in
            OrgUnit(
                code: code, name: province.oldNames[code] ?? code, level: .province, typeName: "Tỉnh", parentCode: nil,
                validTo: lastOldDay)
        }
            + [
                OrgUnit(
                    code: province.new, name: province.newName, level: .province, typeName: "Tỉnh", parentCode: nil,
                    validFrom: effective)
            ]
            + newUnits.map {
                OrgUnit(
                    code: $0.code, name: $0.name, level: .commune, typeName: $0.type, parentCode: province.new,
                    validFrom: effective)
            }
    }

    /// The successor codes of each old unit that ended the day before ``effective``, by "code|" (old units have no
    /// first day): each old commune → the new unit(s) formed from it (both parts of a split), each old district →
    /// the new units formed from its communes, each old province → the new province.
    var successorLinks: [String: [String]] {
        var links: [String: [String]] = [:]
        func add(_ old: String, _ new: String) {
            if !(links["\(old)|"] ?? []).contains(new) { links["\(old)|", default: []].append(new) }
        }
        for unit in newUnits {
            for old in unit.formedFrom { add(old, unit.code) }
            for district in unit.oldDistricts { add(district, unit.code) }
        }
        for split in splits { for part in split.to { add(split.oldCode, part.code) } }
        for old in province.old { add(old, province.new) }
        return links
    }

    /// The old units each new unit was formed from, by new code (both new units for a split commune).
    var predecessors: [String: [String]] {
        var result = Dictionary(newUnits.map { ($0.code, $0.formedFrom) }, uniquingKeysWith: { first, _ in first })
        for split in splits {
            for part in split.to where !(result[part.code] ?? []).contains(split.oldCode) {
                result[part.code, default: []].append(split.oldCode)
            }
        }
        return result
    }
}
