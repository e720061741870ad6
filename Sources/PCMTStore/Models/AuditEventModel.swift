import Fluent
import Foundation

final class AuditEventModel: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "seq") var seq: Int
    @Field(key: "at_ms") var atMilliseconds: Int64
    @Field(key: "actor") var actor: String
    @OptionalField(key: "actor_unit") var actorUnit: String?
    @OptionalField(key: "address") var address: String?
    @Field(key: "kind") var kind: String
    @OptionalField(key: "entity") var entity: String?
    @OptionalField(key: "entity_id") var entityID: String?
    @OptionalField(key: "unit_code") var unitCode: String?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String
    /// The id of the audit key of `hash` (an HMAC); nil for events chained with plain SHA-256 (``AddAuditEventMAC``).
    @OptionalField(key: "mac_key") var macKey: String?

    init() {}
}
