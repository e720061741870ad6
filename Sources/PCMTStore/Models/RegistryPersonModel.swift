import Fluent
import Foundation

/// A person under management (``PeopleRegistryStore``): identifying fields sealed (``PersonalDataCipher``; columns
/// ending in `_sealed`), the ID number also as a keyed digest for matching, the commune keeping the record with its
/// district and province (for access by area), and the status, management and closing in clear.
final class RegistryPersonModel: Model, @unchecked Sendable {
    static let schema = "registry_people"

    @ID(key: .id) var id: UUID?
    @Field(key: "commune_code") var communeCode: String
    @OptionalField(key: "district_code") var districtCode: String?
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "full_name_sealed") var fullNameSealed: String
    @Field(key: "other_names_sealed") var otherNamesSealed: String
    @Field(key: "sex") var sex: String
    @Field(key: "birth_sealed") var birthSealed: String
    @OptionalField(key: "id_number_sealed") var idNumberSealed: String?
    @OptionalField(key: "id_digest") var idDigest: String?
    @Field(key: "address_sealed") var addressSealed: String
    @Field(key: "status") var status: String
    @Field(key: "status_on") var statusOn: String
    @Field(key: "status_body") var statusBody: String
    @Field(key: "managed_from") var managedFrom: String
    @OptionalField(key: "transfer_to") var transferTo: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "closing") var closing: String?
    /// The day the record was pseudonymised after the retention period (``AddRegistryPseudonymised``).
    @OptionalField(key: "pseudonymised_on") var pseudonymisedOn: String?
    @Field(key: "version") var version: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// One event in a person's record, kept for ever (the history: services, status, moves, closing): its kind, the
/// day it concerns, a code in clear (a service's kind, a commune's code, a closing's reason) and a sealed note.
final class RegistryPersonEventModel: Model, @unchecked Sendable {
    static let schema = "registry_person_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "on_day") var onDay: String
    @Field(key: "code") var code: String
    @Field(key: "note_sealed") var noteSealed: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date
    /// A management period's last day, saved when it began (``AddRegistryPeriodEnds``); nil for other events.
    @OptionalField(key: "ends_on") var endsOn: String?

    init() {}
}
