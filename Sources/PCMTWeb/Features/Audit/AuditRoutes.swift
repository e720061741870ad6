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

    func page(_ request: Request) async throws -> Response {
        let (filter, values) = try await AuditQueries.filter(request.queryContext, try request.query.decode(AuditQuery.self))
        let log = AuditLog(database: request.db)
        let context = PageContext(request)
        return context.page(
            title: context.t("Audit log", "Nhật ký hệ thống"), plan: nil,
            AuditPage.view(
                .init(
                    events: try await log.events(filter), filter: values, verification: try await log.verify(),
                    query: try request.query.decode(AuditQuery.self),
                    unitNames: Dictionary(try await context.units.all().map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first }),
                    elementNames: AuditWording.elementNames(try await AuditQueries.elements(context.query), context.t)),
                t: context.t))
    }

    func csv(_ request: Request) async throws -> Response {
        var (filter, _) = try await AuditQueries.filter(request.queryContext, try request.query.decode(AuditQuery.self))
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
