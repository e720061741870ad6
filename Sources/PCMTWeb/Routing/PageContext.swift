import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import Vapor

extension Localizer {
    /// The interface language of a request: Vietnamese unless English was asked for — by the choice a visitor made
    /// (remembered in the cookie `pcmt_lang`), or, for the API, whose clients keep no cookie, by its
    /// `Accept-Language` header (``language(accepting:)``). Pages and the API's answers, its errors included, follow
    /// this one rule.
    init(request: Request) {
        self.init(headers: request.headers, isAPI: request.isAPI)
    }

    /// The same rule read from a request's headers alone, for a decoder of the API's bodies, which is handed the
    /// headers and not the request (``CleaningDecoder``).
    init(headers: HTTPHeaders, isAPI: Bool) {
        if let chosen = (headers.cookie?[Self.cookieName]?.string).flatMap(Language.init(rawValue:)) {
            self.init(language: chosen)
        } else if isAPI {
            self.init(language: Self.language(accepting: headers.first(name: .acceptLanguage)))
        } else {
            self.init(language: .vi)
        }
    }

    /// The language an `Accept-Language` header prefers among pcmt's: the first of Vietnamese and English by weight
    /// ("en-US,en;q=0.9" → English; "vi,en;q=0.5" → Vietnamese), Vietnamese when it names neither or is absent.
    static func language(accepting header: String?) -> Language {
        guard let header else { return .vi }
        var best: (language: Language, weight: Double)? = nil
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = pieces.first, let primary = tag.split(separator: "-").first else { continue }
            guard let language = Language(rawValue: String(primary)) else { continue }
            let weight = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if weight > 0, weight > best?.weight ?? 0 { best = (language, weight) }
        }
        return best?.language ?? .vi
    }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = ProvinceClock }
    private struct BoundariesKey: StorageKey { typealias Value = BoundarySet }

    /// The outlines of units for maps: the built-in ones and the installation's (`PCMT_BOUNDARIES_DIR`).
    var boundaries: BoundarySet {
        get { storage[BoundariesKey.self] ?? BoundarySet() }
        set { storage[BoundariesKey.self] = newValue }
    }

    /// The installation's clock; tests set a fixed one.
    var clock: ProvinceClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// The UUID in the path parameter `name` (`roundID`, `submissionID`, …); nil when it is absent or not a UUID.
    func uuid(_ name: String) -> UUID? {
        parameters.get(name).flatMap(UUID.init(uuidString:))
    }

    /// The context of a page query for this request: its database, principal, clock and language.
    var queryContext: PageQueryContext {
        var context = PageQueryContext(db: db, principal: principal, clock: application.clock, language: Localizer(request: self).language)
        context.boundaries = application.boundaries
        return context
    }
}

/// What a handler needs to answer with a page: the language, the current address, the query context, and the frame.
struct PageContext {
    let request: Request
    let t: Localizer
    let query: PageQueryContext

    init(_ request: Request) {
        self.request = request
        self.query = request.queryContext
        self.t = query.t
    }

    var plans: PlanStore { query.plans }
    var units: OrgUnitStore { query.units }
    var clock: ProvinceClock { query.clock }

    var currentPath: String { request.url.string }

    /// The plan named by the `planID` route parameter; 404 when there is none.
    func routedPlan() async throws -> Plan {
        try await query.plan(id: request.parameters.get("planID").flatMap(UUID.init(uuidString:)))
    }

    func defaultPlan() async throws -> Plan? { try await query.defaultPlan() }

    func plan(covering year: Int?) async throws -> Plan? { try await query.plan(covering: year) }

    func unitDirectory(for plan: Plan) async throws -> UnitDirectory { try await query.unitDirectory(for: plan) }

    func page(title: String, plan: Plan?, status: HTTPResponseStatus = .ok, _ content: [Node]) -> Response {
        var layout = Layout(title: title, localizer: t, currentPath: currentPath, planID: plan?.id, planCode: plan?.code)
        layout.session = layoutSession
        return Self.htmlResponse(layout.render(content), status: status)
    }

    var layoutSession: LayoutSession? {
        guard let actor = request.actor, let account = actor.account else { return nil }
        return LayoutSession(
            username: account.username, role: account.role, csrfToken: request.csrfToken, unreadNotices: actor.unreadNotices)
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

extension PageError: AbortError {
    var status: HTTPResponseStatus {
        switch self {
        case .signInNeeded: .unauthorized
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .conflict: .conflict
        case .unprocessable: .unprocessableEntity
        case .locked: .locked
        }
    }

    var reason: String {
        switch self {
        case .signInNeeded: "Sign in first."
        case .notFound(let text), .forbidden(let text), .conflict(let text), .unprocessable(let text), .locked(let text): text
        }
    }
}
