import Fluent
import PCMTDomain

/// Reads and writes organisation units.
public struct OrgUnitStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    // Every read goes through the process's ``ReferenceCache``: the tree is read once and again only after a change.

    public func unit(code: String) async throws -> OrgUnit? {
        try await index().byCode[code]
    }

    public func children(of code: String) async throws -> [OrgUnit] {
        (try await index().children[code] ?? []).sorted(by: Self.order)
    }

    public func topLevel() async throws -> [OrgUnit] {
        try await all().filter { $0.parentCode == nil }
    }

    /// Every unit, administrative levels first, then by code.
    public func all() async throws -> [OrgUnit] {
        try await ReferenceCache.shared.units(on: database)
    }

    /// The units with their tree, indexed (by code, children, ancestors).
    public func index() async throws -> UnitIndex {
        try await ReferenceCache.shared.unitIndex(on: database)
    }

    public func units(codes: [String]) async throws -> [OrgUnit] {
        guard !codes.isEmpty else { return [] }
        let byCode = try await index().byCode
        return codes.compactMap { byCode[$0] }
    }

    /// The units above `unit`, nearest first.
    public func ancestors(of unit: OrgUnit) async throws -> [OrgUnit] {
        let index = try await index()
        return index.ancestorCodes(of: unit).compactMap { index.byCode[$0] }
    }

    /// Every unit as stored, in the order of ``all()``.
    static func load(on database: any Database) async throws -> [OrgUnit] {
        try await OrgUnitModel.query(on: database).all().map(\.domain).sorted(by: Self.order)
    }

    /// Inserts the units whose code is not taken yet; returns how many were inserted.
    @discardableResult
    public func insertMissing(_ units: [OrgUnit]) async throws -> Int {
        let existing = Set(try await OrgUnitModel.query(on: database).all(\.$code))
        let missing = units.filter { !existing.contains($0.code) }
        for chunk in stride(from: 0, to: missing.count, by: 200) {
            try await missing[chunk..<min(chunk + 200, missing.count)].map(OrgUnitModel.init).create(on: database)
        }
        if !missing.isEmpty { try await ReferenceCache.bump(on: database) }
        return missing.count
    }

    /// Administrative levels first, then by code (GSO codes sort in official order).
    static func order(_ a: OrgUnit, _ b: OrgUnit) -> Bool {
        (a.level, a.code) < (b.level, b.code)
    }
}
