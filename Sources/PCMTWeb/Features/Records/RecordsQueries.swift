import Foundation
import PCMTDomain
import PCMTStore

/// The registries of records (issue 17: cases, leads, hotspots, the communes' situation, cultivation, propaganda) as
/// their pages ask for them: which communes' registries the principal keeps (``Capability/manageRecords``), a
/// commune's records of one registry, one record once the principal keeps its commune.
enum RecordsQueries {
    /// One row of the index: a commune within reach and how many records each registry holds for it.
    struct IndexRow: Sendable {
        var commune: OrgUnit
        var label: String
        var districtName: String?
        var counts: [RecordRegistry: Int]
    }

    /// The list of one registry of one commune, for one year or all.
    struct ListModel: Sendable {
        var commune: RegistryQueries.Commune
        var registry: RecordRegistry
        var records: [RegistryRecord]
        var year: Int?
        var years: [Int]
        /// Whether the commune exists today (records are entered only in a commune of today).
        var isCurrent: Bool
    }

    /// The commune named in an address once the principal keeps its registers of records (404 / 403 as for people).
    static func commune(_ context: PageQueryContext, code: String?) async throws -> RegistryQueries.Commune {
        try await RegistryQueries.commune(context, code: code, capability: .manageRecords)
    }

    /// As ``commune(_:code:)``, when the commune exists today: 404 naming the day it ended otherwise.
    static func currentCommune(_ context: PageQueryContext, code: String?) async throws -> RegistryQueries.Commune {
        try await RegistryQueries.currentCommune(context, code: code, capability: .manageRecords)
    }

    /// The registry named in an address: 404 for another word.
    static func registry(_ context: PageQueryContext, _ text: String?) throws -> RecordRegistry {
        guard let text, let registry = RecordRegistry(rawValue: text) else {
            throw PageError.notFound(context.t("No such register.", "Không có sổ theo dõi này."))
        }
        return registry
    }

    /// The communes valid today whose registries the principal keeps, with their counts, in the order of their codes.
    static func index(_ context: PageQueryContext) async throws -> [IndexRow] {
        let index = try await context.units.index()
        let communes = try await RegistryQueries.communesWithinReach(context, capability: .manageRecords)
        let counts = try await RecordRegistryStore(database: context.db).counts(communeCodes: communes.map(\.code))
        return communes.map { unit in
            IndexRow(
                commune: unit, label: index.timeline.label(unit, context.t.language),
                districtName: index.timeline.ancestors(of: unit).first { $0.level == .district }?.name, counts: counts[unit.code] ?? [:])
        }
    }

    static func list(
        _ context: PageQueryContext, commune: RegistryQueries.Commune, registry: RecordRegistry, year text: String?
    ) async throws -> ListModel {
        let today = RegistryQueries.today(context)
        let thisYear = Int(today.prefix(4)) ?? 2026
        let year = text.flatMap(Int.init).flatMap { (2000...thisYear).contains($0) ? $0 : nil }
        let records = try await RecordRegistryStore(database: context.db).list(registry, communeCode: commune.unit.code, year: year)
        return ListModel(
            commune: commune, registry: registry, records: records, year: year, years: Array((thisYear - 6...thisYear).reversed()),
            isCurrent: commune.unit.isValid(on: today))
    }

    /// A record once the principal keeps its commune: 404 otherwise, as for one that does not exist.
    static func record(_ context: PageQueryContext, id: UUID?) async throws -> (record: RegistryRecord, commune: RegistryQueries.Commune) {
        let hidden = PageError.notFound(context.t("There is no such record.", "Không có bản ghi này."))
        guard let id, let record = try await RecordRegistryStore(database: context.db).record(id),
            let unit = try await RegistryQueries.communeUnit(context, code: record.communeCode),
            try await context.allows(.manageRecords, at: unit)
        else { throw hidden }
        return (record, try await RegistryQueries.commune(context, unit: unit))
    }
}
