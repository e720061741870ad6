import Fluent
import PCMTDomain

/// Reads and writes organisation units.
public struct OrgUnitStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func unit(code: String) async throws -> OrgUnit? {
        try await OrgUnitModel.query(on: database).filter(\.$code == code).first()?.domain
    }

    public func children(of code: String) async throws -> [OrgUnit] {
        try await OrgUnitModel.query(on: database).filter(\.$parentCode == code).all().map(\.domain).sorted(by: Self.order)
    }

    public func topLevel() async throws -> [OrgUnit] {
        try await OrgUnitModel.query(on: database).filter(\.$parentCode == nil).all().map(\.domain).sorted(by: Self.order)
    }

    public func all() async throws -> [OrgUnit] {
        try await OrgUnitModel.query(on: database).all().map(\.domain).sorted(by: Self.order)
    }

    public func units(codes: [String]) async throws -> [OrgUnit] {
        guard !codes.isEmpty else { return [] }
        let found = try await OrgUnitModel.query(on: database).filter(\.$code ~~ codes).all().map(\.domain)
        let byCode = Dictionary(found.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return codes.compactMap { byCode[$0] }
    }

    /// The units above `unit`, nearest first.
    public func ancestors(of unit: OrgUnit) async throws -> [OrgUnit] {
        var result: [OrgUnit] = []
        var next = unit.parentCode
        while let code = next, result.count < 10, let parent = try await self.unit(code: code) {
            result.append(parent)
            next = parent.parentCode
        }
        return result
    }

    /// Inserts the units whose code is not taken yet; returns how many were inserted.
    @discardableResult
    public func insertMissing(_ units: [OrgUnit]) async throws -> Int {
        let existing = Set(try await OrgUnitModel.query(on: database).all(\.$code))
        let missing = units.filter { !existing.contains($0.code) }
        for chunk in stride(from: 0, to: missing.count, by: 200) {
            try await missing[chunk..<min(chunk + 200, missing.count)].map(OrgUnitModel.init).create(on: database)
        }
        return missing.count
    }

    /// Administrative levels first, then by code (GSO codes sort in official order).
    static func order(_ a: OrgUnit, _ b: OrgUnit) -> Bool {
        (a.level, a.code) < (b.level, b.code)
    }
}
