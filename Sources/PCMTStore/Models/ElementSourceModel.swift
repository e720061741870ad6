import Fluent
import Foundation

/// An element whose values a unit derives from a registry (``CreateElementSources``).
final class ElementSourceModel: Model, @unchecked Sendable {
    static let schema = "element_sources"

    @ID(key: .id) var id: UUID?
    @Field(key: "element") var element: String
    @Field(key: "unit_code") var unitCode: String
    /// A ``ValueSource`` other than `typed`.
    @Field(key: "source") var source: String
    /// The first year whose values are derived; earlier years keep what was typed.
    @Field(key: "from_year") var fromYear: Int
    @Field(key: "version") var version: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
