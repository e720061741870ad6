import Fluent
import Foundation
import PCMTDomain

extension BuiltinLoader {
    /// Gives a plan's stored data elements the part/whole pairs (`partOf`) of the built-in elements where they have
    /// none, once per database (the set "element-parts:<plan>"): databases loaded before a pair was added to the
    /// plan's elements (addicts with a record are part of addicts and users with a record, case C8) check it too. An
    /// element a user has given a whole keeps it.
    static func fillElementParts(_ elements: [DataElement], planID: UUID, on db: any Database) async throws {
        let wholes = Dictionary(elements.compactMap { element in element.partOf.map { (element.code, $0) } }, uniquingKeysWith: { first, _ in first })
        guard !wholes.isEmpty else { return }
        for model in try await DataElementModel.query(on: db).filter(\.$planID == planID).all() where model.partOf == nil {
            guard let whole = wholes[model.code] else { continue }
            model.partOf = whole
            try await model.update(on: db)
            try await ReferenceCache.bump(on: db)
        }
    }
}
