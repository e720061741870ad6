import Fluent
import Foundation

/// A record of a registry of records (``CreateRegistryRecords``, ``RecordRegistryStore``).
final class RegistryRecordModel: Model, @unchecked Sendable {
    static let schema = "registry_records"

    @ID(key: .id) var id: UUID?
    /// A ``RecordRegistry`` raw value.
    @Field(key: "registry") var registry: String
    @Field(key: "commune_code") var communeCode: String
    @Field(key: "province_code") var provinceCode: String
    /// The record's own day ("yyyy-mm-dd"; for a commune's situation, 1 January of its year): the list's order.
    @Field(key: "on_day") var onDay: String
    /// ``RecordRegistry/matchKey(_:)``, "" for none.
    @Field(key: "match_key") var matchKey: String
    /// The fields as ``RecordRegistry/read(_:today:)`` keeps them, a JSON object of strings with sorted keys.
    @Field(key: "fields") var fields: String
    @Field(key: "version") var version: Int
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
