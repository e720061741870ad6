import Foundation
import PCMTStore
import Vapor

/// The JSON API under /api/v1, described by /openapi.json.
struct APIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1").access(.anyone)
        api.get("plans", use: plans)
        api.get("plans", ":planID", use: plan)
        api.get("orgunits", use: orgUnits)
        api.get("orgunits", ":code", use: orgUnit)
    }

    func plans(_ request: Request) async throws -> [PlanSummaryDTO] {
        try await PlanStore(database: request.db).summaries().map {
            PlanSummaryDTO(id: $0.id.slug, code: $0.code, title: $0.title, issuedOn: $0.issuedOn,
                           startYear: $0.startYear, endYear: $0.endYear)
        }
    }

    func plan(_ request: Request) async throws -> PlanDTO {
        guard let text = request.parameters.get("planID"), let id = UUID(uuidString: text),
              let plan = try await PlanStore(database: request.db).plan(id: id) else {
            throw Abort(.notFound, reason: "No plan with this id.")
        }
        return PlanDTO(plan)
    }

    func orgUnits(_ request: Request) async throws -> [OrgUnitDTO] {
        let store = OrgUnitStore(database: request.db)
        guard let parent = try? request.query.get(String.self, at: "parent"), !parent.isEmpty else {
            return try await store.topLevel().map(OrgUnitDTO.init)
        }
        guard try await store.unit(code: parent) != nil else {
            throw Abort(.notFound, reason: "No organisation unit with code \(parent).")
        }
        return try await store.children(of: parent).map(OrgUnitDTO.init)
    }

    func orgUnit(_ request: Request) async throws -> OrgUnitDTO {
        let code = request.parameters.get("code") ?? ""
        guard let unit = try await OrgUnitStore(database: request.db).unit(code: code) else {
            throw Abort(.notFound, reason: "No organisation unit with code \(code).")
        }
        return OrgUnitDTO(unit)
    }
}
