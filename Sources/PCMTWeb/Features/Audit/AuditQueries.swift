import Foundation
import PCMTDomain
import PCMTStore

/// The queries of the audit log page and its CSV.
enum AuditQueries {
    /// The data elements of every plan (a value's change is named by its element).
    static func elements(_ context: PageQueryContext) async throws -> [DataElement] {
        var elements: [DataElement] = []
        for summary in try await context.plans.summaries() {
            elements += try await DataElementStore(database: context.db).elements(planID: summary.id)
        }
        return elements
    }

    /// The log's filter for the principal: the account's filter narrowed to the units it reaches (its root and every
    /// unit below it), with the values to show back in the form.
    static func filter(_ context: PageQueryContext, _ query: AuditQuery) async throws -> (AuditFilter, [String: String]) {
        let principal = try context.signedIn
        let units = context.units
        // Everything the principal reaches: its root unit and every unit below it.
        var reachable = [principal.reachRootCode]
        var frontier = [principal.reachRootCode]
        while !frontier.isEmpty {
            let children = try await frontier.asyncFlatMap { try await units.children(of: $0).map(\.code) }
            reachable += children
            frontier = children
        }
        var unitCodes = reachable
        // Events tied to no unit (a failed sign-in under an unknown name) belong to the whole installation.
        var includeUnitless = AccessPolicy.seesUnplacedEvents(principal, topLevelUnitCodes: try await units.topLevel().map(\.code))
        if let unit = query.unit?.trimmingCharacters(in: .whitespaces), !unit.isEmpty {
            unitCodes = reachable.contains(unit) ? [unit] : []
            includeUnitless = false
        }
        var end: Date? = nil
        if let to = query.to.flatMap(DateText.parseDay) { end = to.addingTimeInterval(24 * 3600) }
        let filter = AuditFilter(
            actor: query.user?.trimmingCharacters(in: .whitespaces).lowercased(), unitCodes: unitCodes,
            kind: query.kind.flatMap(AuditKind.init(rawValue:)), from: query.from.flatMap(DateText.parseDay),
            to: end, includeUnitless: includeUnitless)
        var values: [String: String] = [:]
        values["user"] = query.user; values["unit"] = query.unit; values["kind"] = query.kind
        values["from"] = query.from; values["to"] = query.to
        return (filter, values)
    }
}
