import PCMTDomain

/// The layout of the General Statistics Office's unit list for one province: province → districts → communes.
struct OfficialUnitList: Decodable {
    struct Unit: Decodable {
        var code: String
        var name: String
        var type: String
    }

    struct District: Decodable {
        var code: String
        var name: String
        var type: String
        var communes: [Unit]
    }

    var province: Unit
    var districts: [District]

    func orgUnits(validTo: String?, aliases: [String: [String]] = [:]) -> [OrgUnit] {
        var units = [
            OrgUnit(
                code: province.code, name: province.name, level: .province, typeName: province.type,
                parentCode: nil, validTo: validTo)
        ]
        for district in districts {
            units.append(
                OrgUnit(
                    code: district.code, name: district.name, level: .district, typeName: district.type,
                    parentCode: province.code, validTo: validTo))
            units += district.communes.map {
                OrgUnit(
                    code: $0.code, name: $0.name, level: .commune, typeName: $0.type,
                    parentCode: district.code, validTo: validTo, aliases: aliases[$0.code] ?? [])
            }
        }
        return units
    }
}

/// Provincial bodies named in a plan, which have no official statistical code.
struct AgencyList: Decodable {
    struct Agency: Decodable {
        var code: String
        var name: String
        var nameEn: String?
        var typeName: String
        /// The bodies that took over from this one when it ended (codes).
        var successors: [String]?
    }

    var parent: String
    /// The first day of bodies of a province formed by a reform (ISO); nil for those that predate the data.
    var validFrom: String?
    /// The last day of bodies that ended with their province (ISO); nil for those still in existence.
    var validTo: String?
    var agencies: [Agency]

    var orgUnits: [OrgUnit] {
        agencies.map {
            OrgUnit(
                code: $0.code, name: $0.name, nameEn: $0.nameEn, level: .agency, typeName: $0.typeName,
                parentCode: parent, validFrom: validFrom, validTo: validTo, successorCodes: $0.successors ?? [])
        }
    }
}
