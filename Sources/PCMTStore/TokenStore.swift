import Fluent
import Foundation
import PCMTDomain

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
    /// The account the token belongs to (nil for a token the installation made from the command line without one).
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

    /// Makes a token owned by `ownerID` and returns it with the secret to hand over once. `ownerID` nil makes a token
    /// of the installation, for the command line only.
    /// - Throws: ``TokenError/ownerUnusable`` when the owner does not exist or is deactivated,
    ///   ``TokenError/noSuchUnit``, ``TokenError/beyondOwner(_:)`` when the role or unit exceeds the owner's.
    public func create(
        name: String, role: Role, unitCode: String, createdBy: String, ownerID: UUID? = nil, on db: (any Database)? = nil
    ) async throws -> (APIToken, String) {
        let db = db ?? database
        if let ownerID {
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

    /// The live token with this secret and its owner's username, if any; its last use is noted. A token is live
    /// when it is not revoked, its unit exists, and its owner (if it has one) is active and covers it.
    public func authenticate(secret: String) async throws -> (token: APIToken, owner: String?)? {
        guard let model = try await model(secret: secret), try await standing(of: model) == .live else { return nil }
        if Date().timeIntervalSince(model.lastUsedAt ?? .distantPast) > 60 {
            model.lastUsedAt = Date()
            try await model.update(on: database)
        }
        let owner = try await model.ownerID.asyncFlatMap { try await UserModel.find($0, on: database) }
        return (Self.token(model), owner?.username)
    }

    /// Whether `secret` is a live token (as ``authenticate(secret:)`` decides), without noting a use (the server
    /// asks this before it reads a body).
    public func isLive(secret: String) async throws -> Bool {
        guard let model = try await model(secret: secret) else { return false }
        return try await standing(of: model) == .live
    }

    public func revoke(id: UUID, on db: (any Database)? = nil) async throws -> Bool {
        guard let model = try await APITokenModel.find(id, on: db ?? database), model.revokedAt == nil else { return false }
        model.revokedAt = Date()
        try await model.update(on: db ?? database)
        return true
    }

    private func model(secret: String) async throws -> APITokenModel? {
        guard secret.hasPrefix(Self.prefix), CleanText.isClean(secret, rule: .line(128)) else { return nil }
        return try await APITokenModel.query(on: database).filter(\.$tokenHash == AccountStore.sha256(secret)).first()
    }

    private func standing(of model: APITokenModel) async throws -> TokenStanding {
        guard model.revokedAt == nil else { return .revoked }
        let units = OrgUnitStore(database: database)
        guard let unit = try await units.unit(code: model.unitCode), let role = Role(rawValue: model.role) else { return .unitGone }
        guard let ownerID = model.ownerID else { return .live }
        guard let owner = try await UserModel.find(ownerID, on: database), !owner.disabled,
            let ownerUnit = try await units.unit(code: owner.unitCode)
        else { return .ownerInactive }
        let ancestors = try await units.ancestors(of: unit).map(\.code)
        let problem = RoleAssignment.tokenProblem(
            role: role, unit: unit, ancestorCodes: ancestors, owner: Self.principal(owner, unit: ownerUnit))
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
