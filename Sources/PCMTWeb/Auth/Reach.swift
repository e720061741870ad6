import PCMTDomain
import PCMTStore
import Vapor

extension Request {
    /// Whether the unit with `code` exists and is within the principal's reach (its root or below it).
    func reaches(_ code: String) async throws -> Bool {
        guard let principal, let unit = try await OrgUnitStore(database: db).unit(code: code) else { return false }
        let ancestors = try await OrgUnitStore(database: db).ancestors(of: unit).map(\.code)
        return principal.reaches(unitCode: unit.code, ancestorCodes: ancestors)
    }

    /// May the principal edit this plan: the standing office of the area that issued it.
    func mayEdit(_ plan: Plan) async throws -> Bool {
        guard let principal else { return false }
        var ancestors: [String] = []
        if let issuer = plan.issuerUnit, let unit = try await OrgUnitStore(database: db).unit(code: issuer) {
            ancestors = try await OrgUnitStore(database: db).ancestors(of: unit).map(\.code)
        }
        return Permission.editPlan(issuerUnitCode: plan.issuerUnit, issuerAncestorCodes: ancestors).isGranted(to: principal)
    }
}
