import Fluent
import Foundation
import PCMTDomain

/// Loads the data pcmt ships with into the database, each set once. A set already loaded is never loaded
/// again, so what users changed or removed afterwards stays as they left it.
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
