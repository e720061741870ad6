import Fluent
import Foundation
import PCMTDomain

/// The data elements attached to a plan.
public struct DataElementStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func elements(planID: UUID) async throws -> [DataElement] {
        try await DataElementModel.query(on: database).filter(\.$planID == planID).sort(\.$position).all().map(\.domain)
    }

    public func insert(_ elements: [DataElement], planID: UUID, on db: (any Database)? = nil) async throws {
        try await elements.enumerated().map { DataElementModel(planID: planID, position: $0.offset + 1, element: $0.element) }
            .create(on: db ?? database)
    }
}
