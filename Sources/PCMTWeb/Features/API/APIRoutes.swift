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
            throw Abort(.notFound, reason: Localizer(request: request)("No plan with this id.", "Không có kế hoạch với mã này."))
        }
        return PlanDTO(plan)
    }

    /// The units below `parent` (the top-level ones without it); with `date`, only those that exist on that day.
    func orgUnits(_ request: Request) async throws -> [OrgUnitDTO] {
        let query = try request.query.decode(OrgUnitsQuery.self)
        let day = try query.validOn(t: Localizer(request: request))
        let store = OrgUnitStore(database: request.db)
        let units: [OrgUnit]
        if let parent = query.parentCode {
            guard try await store.unit(code: parent) != nil else {
                throw Abort(
                    .notFound,
                    reason: Localizer(request: request)(
                        "No organisation unit with code \(parent).", "Không có đơn vị với mã \(parent)."))
            }
            units = try await store.children(of: parent)
        } else {
            units = try await store.topLevel()
        }
        return units.filter { unit in day.map(unit.isValid(on:)) ?? true }.map(OrgUnitDTO.init)
    }

    /// The unit that had the code on `date` (yyyy-mm-dd): a code reused by the 2025 reform names the unit of that day
    /// (23425 on 2025-06-30 is Xã Đắk Hà, on 2025-07-01 Xã Tu Mơ Rông); 404 when no unit had it then, naming the
    /// units that had it and their dates. Without a date, the unit that has it today, or the last one that had it
    /// (Tỉnh Kon Tum, to 30/06/2025).
    func orgUnit(_ request: Request) async throws -> OrgUnitDTO {
        let code = request.parameters.get("code") ?? ""
        let asked = try request.query.decode(OrgUnitsQuery.self).validOn(t: Localizer(request: request))
        let timeline = try await OrgUnitStore(database: request.db).index().timeline
        let versions = timeline.versions[code] ?? []
        let t = Localizer(request: request)
        guard !versions.isEmpty else {
            throw Abort(.notFound, reason: t("No organisation unit with code \(code).", "Không có đơn vị với mã \(code)."))
        }
        guard let day = asked else {
            guard let unit = timeline.version(of: code, on: request.application.clock.todayISO) else {
                throw Abort(.notFound, reason: t("No organisation unit with code \(code).", "Không có đơn vị với mã \(code)."))
            }
            return OrgUnitDTO(unit)
        }
        guard let unit = versions.first(where: { $0.isValid(on: day) }) else {
            let named = versions.map { "\($0.name) (\($0.validFrom ?? "…") – \($0.validTo ?? "…"))" }.joined(separator: "; ")
            throw Abort(
                .notFound,
                reason: t(
                    "date: no organisation unit had code \(code) on \(day); it named \(named).",
                    "date: ngày \(day) không có đơn vị nào mang mã \(code); mã này là \(named)."))
        }
        return OrgUnitDTO(unit)
    }
}
