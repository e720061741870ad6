import Crypto
import Fluent
import Foundation
import PCMTDomain

/// Loads the data pcmt ships with into the database, each set once. A set already loaded is never loaded
/// again, so what users changed or removed afterwards stays as they left it. What a newer pcmt changed in the
/// built-in units of a set already loaded (an end date, successor links) reaches the database once, as an upgrade
/// (``upgradeUnits(_:successorLinks:)``).
public struct BuiltinLoader: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// Returns the names of the sets loaded by this call.
    @discardableResult
    public func loadMissing(
        unitSets: [(name: String, units: [OrgUnit])], plans: [Plan],
        dataElements: [UUID: [DataElement]] = [:], successorLinks: [String: [String]] = [:]
    ) async throws -> [String] {
        var loaded: [String] = []
        for set in unitSets {
            let name = "units:\(set.name)"
            if try await load(name: name, work: { try await OrgUnitStore(database: $0).insertMissing(set.units) }) {
                loaded.append(name)
            }
        }
        if !successorLinks.isEmpty {
            // Links of old units to the units a reform formed from them; units loaded before the reform's set get
            // them once, and a link a user set is kept. The name counts the built-in sets, so units of a set added
            // later (the old Quảng Ngãi's communes) get theirs on the next start.
            let name = "unit-successors:2025:\(unitSets.count)"
            if try await load(name: name, work: { try await OrgUnitStore(database: $0).fillSuccessors(successorLinks) }) {
                loaded.append(name)
            }
        }
        if let name = try await upgradeUnits(unitSets.flatMap(\.units), successorLinks: successorLinks) { loaded.append(name) }
        for plan in plans {
            let name = "plan:\(plan.id.uuidString.lowercased())"
            let didLoad = try await load(name: name) { db in
                if try await PlanModel.find(plan.id, on: db) == nil {
                    try await PlanStore.insert(plan, on: db)
                }
            }
            if didLoad { loaded.append(name) }
            // Databases that loaded the plan before duties named their key task get the outline once; a value a
            // user has set is kept.
            _ = try await load(name: "report-outline:\(plan.id.uuidString.lowercased())") { db in
                try await Self.fillReportOutline(plan, on: db)
            }
        }
        for (planID, elements) in dataElements.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let name = "elements:\(planID.uuidString.lowercased())"
            let didLoad = try await load(name: name) { db in
                if try await PlanModel.find(planID, on: db) != nil {
                    try await DataElementStore(database: db).insert(elements, planID: planID)
                }
            }
            if didLoad { loaded.append(name) }
            _ = try await load(name: "element-parts:\(planID.uuidString.lowercased())") { db in
                try await Self.fillElementParts(elements, planID: planID, on: db)
            }
        }
        return loaded
    }

    public func loadedSets() async throws -> [String] {
        try await BuiltinLoadModel.query(on: database).sort(\.$name).all(\.$name)
    }

    private func load(name: String, work: @escaping @Sendable (any Database) async throws -> Void) async throws -> Bool {
        if try await BuiltinLoadModel.query(on: database).filter(\.$name == name).first() != nil { return false }
        try await database.transaction { db in
            try await BuiltinLoadModel(name: name, loadedAt: Date()).create(on: db)
            try await work(db)
            try await ReferenceCache.bump(on: db)
        }
        return true
    }

    /// The audit log's name for an organisation unit.
    public static let unitEntity = "orgUnit"

    /// Applies to units loaded from an older built-in set what the built-in units now say, once for each content
    /// of the built-in units (the load name `units-upgrade:` and a fingerprint of their end dates and successors):
    /// a unit still open gets the built-in end date (Kon Tum's bodies end on 30/06/2025), a unit with no successors
    /// gets the built-in links (62-UBND → 51-UBND). What users changed is kept: an end date or links already set,
    /// units removed, and everything that is not a unit (values, plans). Units new to the built-in data come as new
    /// sets (``loadMissing(unitSets:plans:dataElements:successorLinks:)``). Each unit changed is audited as a change
    /// by "system". Returns the load name when it changed any unit.
    @discardableResult
    public func upgradeUnits(_ units: [OrgUnit], successorLinks: [String: [String]] = [:]) async throws -> String? {
        guard !units.isEmpty else { return nil }
        var builtin: [String: OrgUnit] = [:]
        for unit in units {
            var unit = unit
            let key = Self.key(unit.code, unit.validFrom)
            if unit.successorCodes.isEmpty { unit.successorCodes = successorLinks[key] ?? [] }
            builtin[key] = unit
        }
        let lines = builtin.keys.sorted().map { key in
            "\(key)|\(builtin[key]!.validTo ?? "")|\(builtin[key]!.successorCodes.joined(separator: ","))"
        }
        let digest = SHA256.hash(data: Data(lines.joined(separator: "\n").utf8))
        let name = "units-upgrade:" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
        if try await BuiltinLoadModel.query(on: database).filter(\.$name == name).first() != nil { return nil }
        let units = builtin
        let changed = try await AuditLog(database: database).transaction { db, audit in
            try await BuiltinLoadModel(name: name, loadedAt: Date()).create(on: db)
            var changed = 0
            for model in try await OrgUnitModel.query(on: db).all() {
                guard let unit = units[Self.key(model.code, model.validFrom)] else { continue }
                var before: [String: String] = [:], after: [String: String] = [:]
                if model.validTo == nil, let validTo = unit.validTo {
                    model.validTo = validTo
                    before["validTo"] = ""; after["validTo"] = validTo
                }
                if model.successorCodes.isEmpty, !unit.successorCodes.isEmpty {
                    model.successorCodes = unit.successorCodes
                    before["successors"] = ""; after["successors"] = unit.successorCodes.joined(separator: ", ")
                }
                if after.isEmpty { continue }
                model.version += 1
                try await model.update(on: db)
                changed += 1
                try await audit.record(
                    AuditEntry(
                        actor: "system", kind: .update, entity: Self.unitEntity, entityID: Self.key(model.code, model.validFrom),
                        unitCode: model.code, summary: "unit \(model.code) brought up to date with pcmt's built-in units (\(name))",
                        before: before, after: after))
            }
            if changed > 0 { try await ReferenceCache.bump(on: db) }
            return changed
        }
        return changed > 0 ? name : nil
    }

    static func key(_ code: String, _ validFrom: String?) -> String { "\(code)|\(validFrom ?? "")" }

    /// Sets the solution group of each key task and the key task of each duty where they are still empty.
    static func fillReportOutline(_ plan: Plan, on db: any Database) async throws {
        for task in try await KeyTaskModel.query(on: db).filter(\.$planID == plan.id).all() where task.solutionGroup == nil {
            guard let group = plan.tasks.first(where: { $0.number == task.number })?.solutionGroup else { continue }
            task.solutionGroup = group
            try await task.update(on: db)
        }
        for assignment in try await AssignmentModel.query(on: db).filter(\.$planID == plan.id).all() {
            guard let builtin = plan.assignment(number: assignment.number) else { continue }
            for duty in try await DutyModel.query(on: db).filter(\.$assignmentID == assignment.id!).all() where duty.keyTask == nil {
                guard let keyTask = builtin.duties.first(where: { $0.label == duty.label })?.keyTask else { continue }
                duty.keyTask = keyTask
                try await duty.update(on: db)
            }
        }
    }
}
