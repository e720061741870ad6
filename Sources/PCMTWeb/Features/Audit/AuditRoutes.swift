import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The audit log for auditors (and administrators), limited to the units they reach; exportable as CSV.
struct AuditRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.audit(), .capability(.readAudit), use: page)
        routes.get(.auditCSV(), .capability(.readAudit), use: csv)
    }

    func filter(_ request: Request) async throws -> (AuditFilter, [String: String]) {
        let query = try request.query.decode(AuditQuery.self)
        let principal = try PageContext(request).principal
        let units = OrgUnitStore(database: request.db)
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
        var includeUnitless = try await units.unit(code: principal.reachRootCode)?.parentCode == nil
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

    func page(_ request: Request) async throws -> Response {
        let (filter, values) = try await filter(request)
        let log = AuditLog(database: request.db)
        let context = PageContext(request)
        return context.page(
            title: context.t("Audit log", "Nhật ký hệ thống"), plan: nil,
            AuditPage.view(
                .init(
                    events: try await log.events(filter), filter: values, verification: try await log.verify(),
                    query: try request.query.decode(AuditQuery.self)), t: context.t))
    }

    func csv(_ request: Request) async throws -> Response {
        var (filter, _) = try await filter(request)
        filter.limit = 100_000
        let log = AuditLog(database: request.db)
        let events = try await log.events(filter)
        var rows = [["seq", "at", "actor", "actor_unit", "address", "kind", "entity", "entity_id", "unit", "summary", "before", "after", "hash"]]
        rows += events.map {
            [
                String($0.seq), ISO8601DateFormatter().string(from: $0.at), $0.actor, $0.actorUnit ?? "", $0.address ?? "", $0.kind,
                $0.entity ?? "", $0.entityID ?? "", $0.unitCode ?? "", $0.summary, $0.before ?? "", $0.after ?? "", $0.hash,
            ]
        }
        return try await request.download(
            Download(csv: CSVWriter.document(rows), name: "pcmt-audit"),
            audit: AuditSubject(
                kind: .export, entity: "audit_log",
                summary: "audit log exported as CSV (\(events.count) events)"))
    }
}

extension Array {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
