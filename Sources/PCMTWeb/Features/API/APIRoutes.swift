import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// The JSON API under /api/v1, described by /openapi.json.
struct APIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.plans), .anyone, use: plans)
        routes.get(.api(.plan(.key)), .anyone, use: plan)
        routes.get(.api(.orgUnits), .anyone, use: orgUnits)
        routes.get(.api(.orgUnit(.key)), .anyone, use: orgUnit)
    }

    func plans(_ request: Request) async throws -> [PlanSummaryDTO] {
        try await PlanStore(database: request.db).summaries().map {
            PlanSummaryDTO(
                id: $0.id.slug, code: $0.code, title: $0.title, issuedOn: $0.issuedOn,
                startYear: $0.startYear, endYear: $0.endYear)
        }
    }

    func plan(_ request: Request) async throws -> PlanDTO {
        guard let text = request.parameters.get("planID"), let id = UUID(uuidString: text),
            let plan = try await PlanStore(database: request.db).plan(id: id)
        else {
            throw Abort(.notFound, reason: "No plan with this id.")
        }
        return PlanDTO(plan)
    }

    /// The units below `parent` (the top-level ones without it); with `date`, only those that exist on that day.
    func orgUnits(_ request: Request) async throws -> [OrgUnitDTO] {
        let query = try request.query.decode(OrgUnitsQuery.self)
        let day = try query.validOn()
        let store = OrgUnitStore(database: request.db)
        let units: [OrgUnit]
        if let parent = query.parentCode {
            guard try await store.unit(code: parent) != nil else {
                throw Abort(.notFound, reason: "No organisation unit with code \(parent).")
            }
            units = try await store.children(of: parent)
        } else {
            units = try await store.topLevel()
        }
        return units.filter { unit in day.map(unit.isValid(on:)) ?? true }.map(OrgUnitDTO.init)
    }

    func orgUnit(_ request: Request) async throws -> OrgUnitDTO {
        let code = request.parameters.get("code") ?? ""
        guard let unit = try await OrgUnitStore(database: request.db).unit(code: code) else {
            throw Abort(.notFound, reason: "No organisation unit with code \(code).")
        }
        return OrgUnitDTO(unit)
    }
}
