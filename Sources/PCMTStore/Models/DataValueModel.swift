import Fluent
import Foundation

/// One reported number: element × unit × period × category. The province and district of the unit are kept
/// with it so that roll-ups are a single indexed sum.
final class DataValueModel: Model, @unchecked Sendable {
    static let schema = "data_values"

    @ID(key: .id) var id: UUID?
    @Field(key: "element") var element: String
    @Field(key: "unit_code") var unitCode: String
    @OptionalField(key: "district_code") var districtCode: String?
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "period") var period: String
    @Field(key: "year") var year: Int
    /// 1 or 2 for a half-year, 0 for a whole year.
    @Field(key: "half") var half: Int
    @Field(key: "category") var category: String
    @Field(key: "value") var value: Double
    @Field(key: "version") var version: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class DataValueHistoryModel: Model, @unchecked Sendable {
    static let schema = "data_value_history"

    @ID(key: .id) var id: UUID?
    @Field(key: "element") var element: String
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "period") var period: String
    @Field(key: "category") var category: String
    @OptionalField(key: "old_value") var oldValue: Double?
    @OptionalField(key: "new_value") var newValue: Double?
    @Field(key: "changed_by") var changedBy: String
    @Field(key: "changed_at") var changedAt: Date
    @Field(key: "source") var source: String

    init() {}
}
