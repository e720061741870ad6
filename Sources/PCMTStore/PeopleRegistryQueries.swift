import Fluent
import Foundation
import PCMTDomain

/// How many records each commune keeps, for the registry's index (issue 17): counted without opening any sealed
/// value.
public struct RegistryCommuneCount: Sendable, Equatable {
    /// Open records the commune keeps.
    public var open: Int
    /// Records being moved to the commune, waiting for it to accept them.
    public var incoming: Int

    public init(open: Int = 0, incoming: Int = 0) {
        self.open = open; self.incoming = incoming
    }
}

extension PeopleRegistryStore {
    /// The open records kept by each of `communeCodes`, and the moves waiting for each to accept, by commune code
    /// (a commune with neither is left out). Reads only the records' places and states, never a sealed value.
    public func counts(communeCodes: [String]) async throws -> [String: RegistryCommuneCount] {
        guard !communeCodes.isEmpty else { return [:] }
        let rows = try await RegistryPersonModel.query(on: database).filter(\.$closedOn == nil)
            .group(.or) { $0.filter(\.$communeCode ~~ communeCodes).filter(\.$transferTo ~~ communeCodes) }
            .field(\.$id).field(\.$communeCode).field(\.$transferTo).all()
        let wanted = Set(communeCodes)
        var counts: [String: RegistryCommuneCount] = [:]
        for row in rows {
            if wanted.contains(row.communeCode) { counts[row.communeCode, default: .init()].open += 1 }
            if let to = row.transferTo, wanted.contains(to) { counts[to, default: .init()].incoming += 1 }
        }
        return counts
    }
}
