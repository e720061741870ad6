import Fluent
import Foundation
import PCMTDomain

final class OrgUnitModel: Model, @unchecked Sendable {
    static let schema = "org_unit_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "name_en") var nameEn: String?
    @Field(key: "level") var level: String
    @Field(key: "type_name") var typeName: String
    @OptionalField(key: "parent_code") var parentCode: String?
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_to") var validTo: String?
    @Field(key: "successor_codes") var successorCodes: [String]
    @Field(key: "aliases") var aliases: [String]
    @Field(key: "version") var version: Int

    init() {}

    init(_ unit: OrgUnit) {
        code = unit.code; name = unit.name; nameEn = unit.nameEn; level = unit.level.rawValue
        typeName = unit.typeName; parentCode = unit.parentCode; validFrom = unit.validFrom; validTo = unit.validTo
        successorCodes = unit.successorCodes; aliases = unit.aliases; version = 1
    }

    var domain: OrgUnit {
        OrgUnit(
            code: code, name: name, nameEn: nameEn, level: OrgUnitLevel(rawValue: level) ?? .agency,
            typeName: typeName, parentCode: parentCode, validFrom: validFrom, validTo: validTo,
            successorCodes: successorCodes, aliases: aliases)
    }
}
