import Fluent
import Foundation

final class SignInFailureModel: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date

    init() {}
}
