import Fluent
import Foundation

/// Every API token belongs to an account (`owner_id`, the `users` row) and dies with it (``TokenStore``).
///
/// Tokens made before owners existed: a token whose creator (`created_by`) is an account gets that account as its
/// owner — it then works only while that account is active and its role and unit cover the token's
/// (``PCMTDomain/RoleAssignment/tokenProblem(role:unit:ancestorCodes:owner:)``), so a token an administrator made for
/// another role stops until it is made again for the right owner; a token made from the command line (`cli`) stays
/// the installation's, without an owner; any other token, whose creator no longer exists, is revoked now.
struct AddAPITokenOwner: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(APITokenModel.schema).field("owner_id", .uuid).update()
        let now = Date()
        let tokens = try await APITokenModel.query(on: database).field(\.$id).field(\.$createdBy).field(\.$revokedAt).all()
        for token in tokens {
            guard let id = token.id, token.createdBy != TokenStore.commandLineCreator else { continue }
            if let owner = try await UserModel.query(on: database).filter(\.$username == token.createdBy).field(\.$id).first(),
                let ownerID = owner.id
            {
                try await APITokenModel.query(on: database).filter(\.$id == id).set(\.$ownerID, to: ownerID).update()
            } else if token.revokedAt == nil {
                try await APITokenModel.query(on: database).filter(\.$id == id).set(\.$revokedAt, to: now).update()
            }
        }
    }

    func revert(on database: Database) async throws {
        try await database.schema(APITokenModel.schema).deleteField("owner_id").update()
    }
}
