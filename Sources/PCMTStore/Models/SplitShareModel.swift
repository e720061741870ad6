import Fluent
import Foundation

/// One new unit's share of an old unit split between new units (``CreateSplitShares``).
final class SplitShareModel: Model, @unchecked Sendable {
    static let schema = "split_shares"

    @ID(key: .id) var id: UUID?
    @Field(key: "old_code") var oldCode: String
    /// The old unit's first day, "" when it predates the data.
    @Field(key: "old_from") var oldFrom: String
    @Field(key: "new_code") var newCode: String
    @Field(key: "new_from") var newFrom: String
    /// A fraction 0–1; nil when the shares were cleared.
    @OptionalField(key: "share") var share: Double?
    @Field(key: "note") var note: String
    /// The version of the old unit's shares, the same on each of its rows.
    @Field(key: "version") var version: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
