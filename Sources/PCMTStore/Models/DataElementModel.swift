import Fluent
import Foundation
import PCMTDomain

final class DataElementModel: Model, @unchecked Sendable {
    static let schema = "data_elements"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "name_en") var nameEn: String?
    @Field(key: "measure") var measure: String
    @OptionalField(key: "measure_en") var measureEn: String?
    @Field(key: "aggregation") var aggregation: String
    @Field(key: "value_type") var valueType: String
    @Field(key: "collected_level") var collectedLevel: String
    @Field(key: "collected_units") var collectedUnits: [String]
    /// The categories as JSON.
    @Field(key: "categories") var categories: String
    @OptionalField(key: "part_of") var partOf: String?
    /// Raised by each change made in the editor or the API (``DataElementEditor``).
    @Field(key: "version") var version: Int

    init() {}

    init(planID: UUID, position: Int, element: DataElement) {
        self.planID = planID; self.position = position; code = element.code; name = element.name; nameEn = element.nameEn
        measure = element.measure; measureEn = element.measureEn; aggregation = element.aggregation.rawValue
        valueType = element.valueType.rawValue; collectedLevel = element.collectedAt.level.rawValue
        collectedUnits = element.collectedAt.units
        categories = String(decoding: (try? JSONEncoder().encode(element.categories)) ?? Data("[]".utf8), as: UTF8.self)
        partOf = element.partOf
        version = 1
    }

    /// Sets every field but the plan, the position and the version from `element`.
    func apply(_ element: DataElement) {
        code = element.code; name = element.name; nameEn = element.nameEn; measure = element.measure
        measureEn = element.measureEn; aggregation = element.aggregation.rawValue; valueType = element.valueType.rawValue
        collectedLevel = element.collectedAt.level.rawValue; collectedUnits = element.collectedAt.units
        categories = String(decoding: (try? JSONEncoder().encode(element.categories)) ?? Data("[]".utf8), as: UTF8.self)
        partOf = element.partOf
    }

    var domain: DataElement {
        DataElement(
            code: code, name: name, nameEn: nameEn, measure: measure, measureEn: measureEn,
            aggregation: DataElement.Aggregation(rawValue: aggregation) ?? .flow,
            valueType: DataElement.ValueType(rawValue: valueType) ?? .count,
            collectedAt: .init(level: OrgUnitLevel(rawValue: collectedLevel) ?? .commune, units: collectedUnits),
            categories: (try? JSONDecoder().decode([DataElement.Category].self, from: Data(categories.utf8))) ?? [],
            partOf: partOf)
    }
}
