import Fluent
import Foundation
import PCMTDomain

public struct APIToken: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var role: Role
    public var unitCode: String
    public var createdAt: Date
    public var createdBy: String
    public var revokedAt: Date?
    public var lastUsedAt: Date?
}

/// Integration tokens: shown once when created, stored only as a hash, revocable.
public struct TokenStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public static let prefix = "pcmt_"

    /// Returns the token record and the secret to hand over once.
    public func create(name: String, role: Role, unitCode: String, createdBy: String, on db: (any Database)? = nil) async throws -> (APIToken, String)
    {
        let secret = Self.prefix + AccountStore.randomSecret()
        let model = APITokenModel()
        model.id = UUID(); model.name = name; model.tokenHash = AccountStore.sha256(secret); model.role = role.rawValue
        model.unitCode = unitCode; model.createdAt = Date(); model.createdBy = createdBy
        try await model.create(on: db ?? database)
        return (Self.token(model), secret)
    }

    public func tokens() async throws -> [APIToken] {
        try await APITokenModel.query(on: database).sort(\.$createdAt, .descending).all().map(Self.token)
    }

    public func token(id: UUID) async throws -> APIToken? {
        try await APITokenModel.find(id, on: database).map(Self.token)
    }

    /// The live token with this secret, if any; its last use is noted.
    public func authenticate(secret: String) async throws -> APIToken? {
        guard let model = try await APITokenModel.query(on: database).filter(\.$tokenHash == AccountStore.sha256(secret)).first(),
            model.revokedAt == nil
        else { return nil }
        if Date().timeIntervalSince(model.lastUsedAt ?? .distantPast) > 60 {
            model.lastUsedAt = Date()
            try await model.update(on: database)
        }
        return Self.token(model)
    }

    /// Whether `secret` is a live token, without noting a use (the server asks this before it reads a body).
    public func isLive(secret: String) async throws -> Bool {
        guard let model = try await APITokenModel.query(on: database).filter(\.$tokenHash == AccountStore.sha256(secret)).first()
        else { return false }
        return model.revokedAt == nil
    }

    public func revoke(id: UUID, on db: (any Database)? = nil) async throws -> Bool {
        guard let model = try await APITokenModel.find(id, on: db ?? database), model.revokedAt == nil else { return false }
        model.revokedAt = Date()
        try await model.update(on: db ?? database)
        return true
    }

    static func token(_ model: APITokenModel) -> APIToken {
        APIToken(
            id: model.id!, name: model.name, role: Role(rawValue: model.role) ?? .viewer, unitCode: model.unitCode,
            createdAt: model.createdAt, createdBy: model.createdBy, revokedAt: model.revokedAt, lastUsedAt: model.lastUsedAt)
    }
}
