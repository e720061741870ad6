import Fluent
import Foundation
import PCMTDomain

/// The data elements attached to a plan.
public struct DataElementStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// The plan's elements in their order, from the process's ``ReferenceCache``.
    public func elements(planID: UUID) async throws -> [DataElement] {
        try await ReferenceCache.shared.elements(planID: planID, on: database)
    }

    static func load(planID: UUID, on database: any Database) async throws -> [DataElement] {
        try await DataElementModel.query(on: database).filter(\.$planID == planID).sort(\.$position).all().map(\.domain)
    }

    /// Gives the plan its elements; the plan's kept official totals (``OfficialTotals``) are computed again for them.
    public func insert(_ elements: [DataElement], planID: UUID, on db: (any Database)? = nil) async throws {
        try await elements.enumerated().map { DataElementModel(planID: planID, position: $0.offset + 1, element: $0.element) }
            .create(on: db ?? database)
        try await ReferenceCache.bump(on: db ?? database)
        try await OfficialTotals.rebuild(planID: planID, on: db ?? database)
    }
}
