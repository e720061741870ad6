import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// What every page handler needs: the language, the current address, and the stores.
struct PageContext {
    let request: Request
    let t: Localizer

    init(_ request: Request) {
        self.request = request
        self.t = Localizer(request: request)
    }

    var plans: PlanStore { PlanStore(database: request.db) }
    var units: OrgUnitStore { OrgUnitStore(database: request.db) }

    var currentPath: String { request.url.string }

    /// The plan named by the `planID` route parameter; 404 when there is none.
    func routedPlan() async throws -> Plan {
        guard let text = request.parameters.get("planID"), let id = UUID(uuidString: text),
              let plan = try await plans.plan(id: id) else {
            throw Abort(.notFound, reason: t("There is no such plan.", "Không có kế hoạch này."))
        }
        return plan
    }

    /// The plan shown when none is named: the newest one of the signed-in account's province, else the newest.
    func defaultPlan() async throws -> Plan? {
        try await plan(covering: nil)
    }

    /// The plan whose years (from its baseline) include `year`, preferring the account's own province and then the
    /// plan that starts latest; without a year, the newest.
    func plan(covering year: Int?) async throws -> Plan? {
        var candidates: [Plan] = []
        for summary in try await plans.summaries() {
            if let plan = try await plans.plan(id: summary.id) { candidates.append(plan) }
        }
        if let year { candidates = candidates.filter { $0.baselineYear <= year && year <= $0.endYear } }
        let province = try await principalProvince()
        return candidates.sorted { a, b in
            let ownA = a.issuerUnit == province, ownB = b.issuerUnit == province
            if ownA != ownB { return ownA }
            return (a.startYear, a.issuedOn) > (b.startYear, b.issuedOn)
        }.first
    }

    /// The province of the signed-in account's unit, if any.
    func principalProvince() async throws -> String? {
        guard let unit = request.principal?.unit else { return nil }
        if unit.level == .province { return unit.code }
        return try await units.ancestors(of: unit).first { $0.level == .province }?.code
    }

    /// The units a plan names, by code, for links and names.
    func unitDirectory(for plan: Plan) async throws -> UnitDirectory {
        var codes = Set(plan.assignments.flatMap { $0.units + $0.partnerUnits })
        codes.formUnion(plan.projects.compactMap(\.leadUnit))
        if let issuer = plan.issuerUnit { codes.insert(issuer) }
        codes.formUnion(plan.reporting.compactMap(\.recipientUnit))
        return UnitDirectory(units: try await units.units(codes: Array(codes)))
    }

    func page(title: String, plan: Plan?, status: HTTPResponseStatus = .ok, _ content: [Node]) -> Response {
        var layout = Layout(title: title, localizer: t, currentPath: currentPath, planID: plan?.id, planCode: plan?.code)
        layout.session = layoutSession
        return Self.htmlResponse(layout.render(content), status: status)
    }

    var layoutSession: LayoutSession? {
        guard let actor = request.actor, let account = actor.account else { return nil }
        return LayoutSession(username: account.username, role: account.role, csrfToken: request.csrfToken)
    }

    var csrfToken: String { request.csrfToken }

    /// The signed-in principal; the access rule of the route has made sure there is one.
    var principal: Principal {
        get throws {
            guard let principal = request.principal else { throw Abort(.unauthorized) }
            return principal
        }
    }

    static func htmlResponse(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: html))
    }
}

/// Organisation units by code, for turning codes into names and links.
extension Plan {
    /// The province the plan is issued for: its issuing unit, or the top of the unit tree.
    func province(in units: [OrgUnit]) -> OrgUnit? {
        units.first { $0.code == issuerUnit } ?? units.first { $0.parentCode == nil }
    }
}

struct UnitDirectory {
    private var byCode: [String: OrgUnit]

    init(units: [OrgUnit]) {
        byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    subscript(code: String) -> OrgUnit? { byCode[code] }

    func name(_ code: String) -> String { byCode[code]?.name ?? code }

    func link(_ code: String) -> Node {
        guard let unit = byCode[code] else { return .text(code) }
        return Pcmt.link(SiteURL.orgUnit(code: code).path, unit.name)
    }

    func links(_ codes: [String]) -> Node {
        var nodes: [Node] = []
        for (index, code) in codes.enumerated() {
            if index > 0 { nodes.append(", ") }
            nodes.append(link(code))
        }
        return .group(nodes)
    }
}

/// Namespace for free functions when a local name shadows them.
enum Pcmt {
    static func link(_ href: String, _ text: String) -> Node { PCMTWeb.link(href, text) }
}
