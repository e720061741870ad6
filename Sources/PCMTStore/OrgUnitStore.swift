import Fluent
import PCMTDomain

/// Reads and writes organisation units.
public struct OrgUnitStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    // Every read goes through the process's ``ReferenceCache``: the tree is read once and again only after a change.

    /// The first unit that had `code` (``UnitIndex/byCode``); for a period, ``unit(code:in:)``.
    public func unit(code: String) async throws -> OrgUnit? {
        try await index().byCode[code]
    }

    /// The unit that had `code` on `day` (ISO), or the last that ended before it (``UnitTimeline/version(of:on:)``): an
    /// account at a code is at the unit that has the code today (23425 is Xã Tu Mơ Rông from 01/07/2025).
    public func unit(code: String, on day: String) async throws -> OrgUnit? {
        try await index().timeline.version(of: code, on: day)
    }

    /// The unit that had `code` during `period` (``UnitTimeline/resolve(_:in:)``).
    public func unit(code: String, in period: Period) async throws -> UnitTimeline.Resolution {
        try await index().timeline.resolve(code, in: period)
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

    /// The units above `unit` as they were in its time, nearest first.
    public func ancestors(of unit: OrgUnit) async throws -> [OrgUnit] {
        try await index().timeline.ancestors(of: unit)
    }

    /// Every unit as stored, in the order of ``all()``.
    static func load(on database: any Database) async throws -> [OrgUnit] {
        try await OrgUnitModel.query(on: database).all().map(\.domain).sorted(by: Self.order)
    }

    /// Inserts the units whose code and first day are not taken yet (a code reused from another day is a new
    /// unit); returns how many were inserted.
    @discardableResult
    public func insertMissing(_ units: [OrgUnit]) async throws -> Int {
        let existing = Set(try await OrgUnitModel.query(on: database).all().map { "\($0.code)|\($0.validFrom ?? "")" })
        let missing = units.filter { !existing.contains("\($0.code)|\($0.validFrom ?? "")") }
        for chunk in stride(from: 0, to: missing.count, by: 200) {
            try await missing[chunk..<min(chunk + 200, missing.count)].map(OrgUnitModel.init).create(on: database)
        }
        if !missing.isEmpty { try await ReferenceCache.bump(on: database) }
        return missing.count
    }

    /// Administrative levels first, then by code (GSO codes sort in official order).
    static func order(_ a: OrgUnit, _ b: OrgUnit) -> Bool {
        (a.level, a.code, a.validFrom ?? "") < (b.level, b.code, b.validFrom ?? "")
    }

    /// Sets the successor codes of units that have none yet (a user's links are kept); returns how many changed.
    /// - Parameter successors: by unit code and first day ("23425|" for the old commune with no first day).
    @discardableResult
    public func fillSuccessors(_ successors: [String: [String]]) async throws -> Int {
        var changed = 0
        for model in try await OrgUnitModel.query(on: database).all() where model.successorCodes.isEmpty {
            guard let codes = successors["\(model.code)|\(model.validFrom ?? "")"], !codes.isEmpty else { continue }
            model.successorCodes = codes
            model.version += 1
            try await model.update(on: database)
            changed += 1
        }
        if changed > 0 { try await ReferenceCache.bump(on: database) }
        return changed
    }
}
