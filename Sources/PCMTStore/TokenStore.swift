import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// An API token as the store keeps it: a name, the role and unit it acts with, and the account that owns it.
public struct APIToken: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var role: Role
    public var unitCode: String
    public var createdAt: Date
    public var createdBy: String
    public var revokedAt: Date?
    public var lastUsedAt: Date?
    /// The account the token belongs to: nil only for a token made before tokens had owners, which never works
    /// (``TokenStanding/noOwner``).
    public var ownerID: UUID?
}

/// Whether a token works now, and if not, why (shown on the tokens page).
public enum TokenStanding: Sendable, Equatable {
    case live
    case revoked
    /// The owning account is deactivated or no longer exists.
    case ownerInactive
    /// The owner's role or unit no longer covers the token's (``RoleAssignment/tokenProblem(role:unit:ancestorCodes:owner:)``).
    case beyondOwner
    /// The token's unit no longer exists.
    case unitGone
    /// The token has no owner: it was made from the command line before tokens had owners (issue 12: a token belongs
    /// to an account and dies with it), so it never works; make a new one with `--owner`.
    case noOwner
}

/// A token with its owner's username (nil without an owner, or when the owner was deleted) and its standing.
public struct TokenListing: Sendable, Equatable {
    public var token: APIToken
    public var ownerUsername: String?
    public var standing: TokenStanding
}

/// Why a token was not made.
public enum TokenError: Error, Equatable, Sendable {
    /// No active account with this id.
    case ownerUnusable
    /// The token's unit does not exist.
    case noSuchUnit
    /// The token's role or unit is beyond its owner's (the problem names the field).
    case beyondOwner(FieldProblem)
}

/// Integration tokens: shown once when created, stored only as a hash, revocable. Each belongs to an account and
/// works only while that account is active and covers the token's role and unit: `authenticate` and `isLive` ask
/// this on every use, so deactivating the owner or narrowing its role or unit stops its tokens at once.
public struct TokenStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public static let prefix = "pcmt_"
    /// The `created_by` of tokens made from the command line.
    public static let commandLineCreator = "cli"

    /// Makes a token owned by the account `ownerID` and returns it with the secret to hand over once. Every token has
    /// an owner (issue 12), whether an administrator or the command line makes it.
    /// - Throws: ``TokenError/ownerUnusable`` when the owner does not exist or is deactivated,
    ///   ``TokenError/noSuchUnit``, ``TokenError/beyondOwner(_:)`` when the role or unit exceeds the owner's.
    public func create(
        name: String, role: Role, unitCode: String, createdBy: String, ownerID: UUID, on db: (any Database)? = nil
    ) async throws -> (APIToken, String) {
        let db = db ?? database
        guard let owner = try await UserModel.find(ownerID, on: db), !owner.disabled else { throw TokenError.ownerUnusable }
        let units = OrgUnitStore(database: db)
        guard let unit = try await units.unit(code: unitCode) else { throw TokenError.noSuchUnit }
        guard let ownerUnit = try await units.unit(code: owner.unitCode) else { throw TokenError.ownerUnusable }
        let ancestors = try await units.ancestors(of: unit).map(\.code)
        if let problem = RoleAssignment.tokenProblem(
            role: role, unit: unit, ancestorCodes: ancestors, owner: Self.principal(owner, unit: ownerUnit))
        {
            throw TokenError.beyondOwner(problem)
        }
        let secret = Self.prefix + AccountStore.randomSecret()
        let model = APITokenModel()
        model.id = UUID(); model.name = name; model.tokenHash = AccountStore.sha256(secret); model.role = role.rawValue
        model.unitCode = unitCode; model.createdAt = Date(); model.createdBy = createdBy; model.ownerID = ownerID
        try await model.create(on: db)
        return (Self.token(model), secret)
    }

    public func tokens() async throws -> [APIToken] {
        try await APITokenModel.query(on: database).sort(\.$createdAt, .descending).all().map(Self.token)
    }

    /// Every token, newest first, with its owner's username and whether it works now.
    public func listings() async throws -> [TokenListing] {
        var result: [TokenListing] = []
        for model in try await APITokenModel.query(on: database).sort(\.$createdAt, .descending).all() {
            let owner = try await model.ownerID.asyncFlatMap { try await UserModel.find($0, on: database) }
            result.append(
                TokenListing(token: Self.token(model), ownerUsername: owner?.username, standing: try await standing(of: model)))
        }
        return result
    }

    public func token(id: UUID) async throws -> APIToken? {
        try await APITokenModel.find(id, on: database).map(Self.token)
    }

    /// The owner's username of the token with this id, if it has one that exists.
    public func ownerUsername(tokenID: UUID) async throws -> String? {
        guard let ownerID = try await APITokenModel.find(tokenID, on: database)?.ownerID else { return nil }
        return try await UserModel.find(ownerID, on: database)?.username
    }

    /// The live token with this secret and its owner's username; its last use is noted. A token is live when it is
    /// not revoked, its unit exists, and it has an owner that is active and covers it (a token without an owner is
    /// never live).
    public func authenticate(secret: String) async throws -> (token: APIToken, owner: String?)? {
        guard let (token, owner) = try await row(secret: secret),
            try await standing(
                revoked: token.revokedAt != nil, role: token.role.rawValue, unitCode: token.unitCode, ownerID: token.ownerID, owner: owner)
                == .live
        else { return nil }
        if Date().timeIntervalSince(token.lastUsedAt ?? .distantPast) > 60 {
            try await (database as! any SQLDatabase).update(APITokenModel.schema).set("last_used_at", to: Date())
                .where("id", .equal, token.id).run()
        }
        return (token, owner?.username)
    }

    /// Whether `secret` is a live token (as ``authenticate(secret:)`` decides), without noting a use (the server
    /// asks this before it reads a body).
    public func isLive(secret: String) async throws -> Bool {
        guard let (token, owner) = try await row(secret: secret) else { return false }
        return try await standing(
            revoked: token.revokedAt != nil, role: token.role.rawValue, unitCode: token.unitCode, ownerID: token.ownerID, owner: owner) == .live
    }

    public func revoke(id: UUID, on db: (any Database)? = nil) async throws -> Bool {
        guard let model = try await APITokenModel.find(id, on: db ?? database), model.revokedAt == nil else { return false }
        model.revokedAt = Date()
        try await model.update(on: db ?? database)
        return true
    }

    /// What a token's standing rests on about its owner account.
    struct OwnerFacts {
        var id: UUID
        var username: String
        var role: String
        var unitCode: String
        var disabled: Bool
    }

    /// The token with this secret and its owner, read in one statement as plain rows (every API request asks).
    private func row(secret: String) async throws -> (APIToken, OwnerFacts?)? {
        guard secret.hasPrefix(Self.prefix), CleanText.isClean(secret, rule: .line(128)) else { return nil }
        let sql = database as! any SQLDatabase
        guard
            let row = try await sql.raw(
                """
                SELECT t.id AS id, t.name AS name, t.role AS role, t.unit_code AS unit_code, t.created_at AS created_at, \
                t.created_by AS created_by, t.revoked_at AS revoked_at, t.last_used_at AS last_used_at, t.owner_id AS owner_id, \
                u.id AS owner_account, u.username AS owner_username, u.role AS owner_role, u.unit_code AS owner_unit, \
                u.disabled AS owner_disabled FROM api_tokens t LEFT JOIN users u ON u.id = t.owner_id \
                WHERE t.token_hash = \(bind: AccountStore.sha256(secret))
                """
            ).first()
        else { return nil }
        let token = APIToken(
            id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer,
            unitCode: try row.decode(column: "unit_code", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            createdBy: try row.decode(column: "created_by", as: String.self), revokedAt: try row.decode(column: "revoked_at", as: Date?.self),
            lastUsedAt: try row.decode(column: "last_used_at", as: Date?.self), ownerID: try row.decode(column: "owner_id", as: UUID?.self))
        let owner = try row.decode(column: "owner_account", as: UUID?.self).map { id in
            OwnerFacts(
                id: id, username: try row.decode(column: "owner_username", as: String.self),
                role: try row.decode(column: "owner_role", as: String.self), unitCode: try row.decode(column: "owner_unit", as: String.self),
                disabled: try row.decode(column: "owner_disabled", as: Bool.self))
        }
        return (token, owner)
    }

    private func standing(of model: APITokenModel) async throws -> TokenStanding {
        let owner = try await model.ownerID.asyncFlatMap { try await UserModel.find($0, on: database) }.map {
            OwnerFacts(id: $0.id!, username: $0.username, role: $0.role, unitCode: $0.unitCode, disabled: $0.disabled)
        }
        return try await standing(
            revoked: model.revokedAt != nil, role: model.role, unitCode: model.unitCode, ownerID: model.ownerID, owner: owner)
    }

    /// The one rule of a token's standing (``TokenStanding``): revoked; its unit gone; no owner; its owner deactivated
    /// or without a unit; beyond what its owner may hand on (``RoleAssignment/tokenProblem(role:unit:ancestorCodes:owner:)``).
    private func standing(revoked: Bool, role: String, unitCode: String, ownerID: UUID?, owner: OwnerFacts?) async throws -> TokenStanding {
        guard !revoked else { return .revoked }
        let index = try await OrgUnitStore(database: database).index()
        guard let unit = index.byCode[unitCode], let role = Role(rawValue: role) else { return .unitGone }
        guard ownerID != nil else { return .noOwner }
        guard let owner, !owner.disabled, let ownerUnit = index.byCode[owner.unitCode] else { return .ownerInactive }
        let principal = Principal(
            kind: .user(id: owner.id.uuidString, username: owner.username), role: Role(rawValue: owner.role) ?? .viewer, unit: ownerUnit)
        let problem = RoleAssignment.tokenProblem(role: role, unit: unit, ancestorCodes: index.ancestorCodes(of: unit), owner: principal)
        return problem == nil ? .live : .beyondOwner
    }

    static func principal(_ owner: UserModel, unit: OrgUnit) -> Principal {
        Principal(
            kind: .user(id: owner.id?.uuidString ?? "", username: owner.username), role: Role(rawValue: owner.role) ?? .viewer,
            unit: unit)
    }

    static func token(_ model: APITokenModel) -> APIToken {
        APIToken(
            id: model.id!, name: model.name, role: Role(rawValue: model.role) ?? .viewer, unitCode: model.unitCode,
            createdAt: model.createdAt, createdBy: model.createdBy, revokedAt: model.revokedAt, lastUsedAt: model.lastUsedAt,
            ownerID: model.ownerID)
    }
}

extension Optional {
    fileprivate func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
