import Fluent
import Foundation
import PCMTDomain
import PCMTStore

/// API tokens for tests, made as the store requires: every token belongs to an active account (issue 12).
public enum TestTokens {
    /// Makes an active account `<name>-owner` with `role` at `unit`, then a token `name` of that account with the
    /// same role and unit (so the audit log names it `token:<name>@<name>-owner`). Returns the token and its secret,
    /// as ``TokenStore/create`` does.
    /// - Throws: what ``AccountStore/create`` or ``TokenStore/create`` throws (``AccountError`` when `<name>-owner`
    ///   is taken, i.e. a second token of the same name; ``TokenError/noSuchUnit``).
    public static func make(_ db: any Database, role: Role, unit: String, name: String) async throws -> (APIToken, String) {
        let owner = try await AccountStore(database: db).create(
            username: "\(name)-owner", role: role, unitCode: unit, passwordHash: "not-for-signing-in")
        return try await TokenStore(database: db).create(
            name: name, role: role, unitCode: unit, createdBy: "test", ownerID: owner.id)
    }
}
