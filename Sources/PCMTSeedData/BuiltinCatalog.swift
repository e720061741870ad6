import Foundation
import PCMTDomain

/// The data pcmt ships with: the organisation units and plans it loads into an empty database.
/// Everything about a particular province lives in the JSON resources; this file only reads them.
public struct BuiltinCatalog: Sendable {
    /// A named set of records that is loaded once, as a whole.
    public struct UnitSet: Sendable {
        public var name: String
        public var units: [OrgUnit]
    }

    public var unitSets: [UnitSet]
    /// Each old unit's successors after a reform, by "code|first day" (``OrgUnitStore/fillSuccessors(_:)``).
    public var successorLinks: [String: [String]] = [:]
    /// The old units each unit formed by a reform was made from, by new code.
    public var predecessors: [String: [String]] = [:]
    public var plans: [Plan]
    /// The data elements of each plan, by plan id.
    public var dataElements: [UUID: [DataElement]]
    /// Synthetic plans loaded only with the demonstration data (`serve --demo`, `pcmt demo`), never into a real
    /// installation: a successor plan to 2030 on the map after the 2025 reform.
    public var demoPlans: [Plan] = []
    /// The data elements of each demonstration plan, by plan id.
    public var demoDataElements: [UUID: [DataElement]] = [:]

    public static func load() throws -> BuiltinCatalog {
        try load(from: resourcesDirectory)
    }

    public static func load(from directory: URL) throws -> BuiltinCatalog {
        let manifest: Manifest = try decode(directory.appendingPathComponent("builtin.json"))
        var sets: [UnitSet] = []
        for entry in manifest.administrativeUnits {
            let list: OfficialUnitList = try decode(directory.appendingPathComponent(entry.file))
            sets.append(UnitSet(name: entry.file, units: list.orgUnits(validTo: entry.validTo, aliases: entry.aliases ?? [:])))
        }
        for file in manifest.agencies {
            let list: AgencyList = try decode(directory.appendingPathComponent(file))
            sets.append(UnitSet(name: file, units: list.orgUnits))
        }
        var successors: [String: [String]] = [:]
        var predecessors: [String: [String]] = [:]
        for file in manifest.reforms ?? [] {
            let reform: ReformMapping = try decode(directory.appendingPathComponent(file))
            // A unit already in an earlier set (the same code and first day) is that unit.
            let known = Set(sets.flatMap(\.units).map { "\($0.code)|\($0.validFrom ?? "")" })
            sets.append(UnitSet(name: file, units: reform.orgUnits.filter { !known.contains("\($0.code)|\($0.validFrom ?? "")") }))
            successors.merge(reform.successorLinks) { $0 + $1 }
            predecessors.merge(reform.predecessors) { $0 + $1 }
        }
        let plans: [Plan] = try manifest.plans.map { try decode(directory.appendingPathComponent($0)) }
        func elements(_ files: [String]?) throws -> [UUID: [DataElement]] {
            var elements: [UUID: [DataElement]] = [:]
            for file in files ?? [] {
                let list: ElementList = try decode(directory.appendingPathComponent(file))
                elements[list.plan, default: []] += list.elements
            }
            return elements
        }
        return BuiltinCatalog(
            unitSets: sets, successorLinks: successors, predecessors: predecessors, plans: plans,
            dataElements: try elements(manifest.dataElements),
            demoPlans: try (manifest.demoPlans ?? []).map { try decode(directory.appendingPathComponent($0)) },
            demoDataElements: try elements(manifest.demoDataElements))
    }

    public static var resourcesDirectory: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources")
    }

    private static func decode<T: Decodable>(_ url: URL) throws -> T {
        let data = try Data(contentsOf: url)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw BuiltinDataError(file: url.lastPathComponent, underlying: "\(error)")
        }
    }
}

public struct BuiltinDataError: Error, CustomStringConvertible {
    public var file: String
    public var underlying: String
    public var description: String { "Built-in data file \(file) cannot be read: \(underlying)" }
}

private struct Manifest: Decodable {
    struct AdministrativeUnits: Decodable {
        var file: String
        var validTo: String?
        var aliases: [String: [String]]?
    }
    var administrativeUnits: [AdministrativeUnits]
    var agencies: [String]
    /// Merger files: each adds the units a reform formed and links the old units to them.
    var reforms: [String]?
    var plans: [String]
    var dataElements: [String]?
    var demoPlans: [String]?
    var demoDataElements: [String]?
}

private struct ElementList: Decodable {
    var plan: UUID
    var elements: [DataElement]
}
