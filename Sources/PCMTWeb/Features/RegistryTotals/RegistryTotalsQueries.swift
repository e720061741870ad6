import Foundation
import PCMTDomain
import PCMTStore

/// A commune's registry elements as the sources page shows them (issue 17, item 1): for one period, each element and
/// category with what is saved and what the registry counts, and where the element comes from for the commune. No
/// person is read: the counts come from days, places, statuses and services only.
enum RegistryTotalsQueries {
    struct Model: Sendable {
        var commune: RegistryQueries.Commune
        var period: Period
        /// The periods offered: the halves and years from two years back through today's.
        var periods: [Period]
        var elements: [DataElement]
        var rows: [ReconciledValue]
        var sources: [ElementSource]
        /// Whether the principal may change the sources (``Capability/chooseValueSource``).
        var mayChoose: Bool
        var today: String
    }

    /// The periods offered for `today`: each year from two years back, its halves then the year, newest last.
    static func periods(today: String) -> [Period] {
        let year = Int(today.prefix(4)) ?? 2026
        return ((year - 2)...year).flatMap { [Period.halfYear($0, half: 1), .halfYear($0, half: 2), .year($0)] }
            .filter { DataValueRules.days(of: $0).first <= today }
    }

    /// The period asked for when it is one of those offered, else the half-year holding today.
    static func period(_ text: String?, today: String) -> Period {
        let offered = periods(today: today)
        if let text, let period = Period(text), offered.contains(period) { return period }
        return offered.last { if case .halfYear = $0 { true } else { false } } ?? .year(Int(today.prefix(4)) ?? 2026)
    }

    static func model(_ context: PageQueryContext, commune: RegistryQueries.Commune, period text: String?) async throws -> Model {
        let today = RegistryQueries.today(context)
        let period = period(text, today: today)
        let store = ElementSourceStore(database: context.db)
        let code = commune.unit.code
        return Model(
            commune: commune, period: period, periods: periods(today: today), elements: try await store.registryElements(),
            rows: try await store.reconciliation(unitCodes: [code], periods: [period]), sources: try await store.sources(unitCodes: [code]),
            mayChoose: try await context.allows(.chooseValueSource, at: commune.unit), today: today)
    }
}
