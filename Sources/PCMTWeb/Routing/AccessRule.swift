import PCMTDomain
import Vapor

/// Who may call a route. Every route is registered with one; a route without one refuses everybody.
enum AccessRule: Sendable, Equatable {
    /// Anyone, signed in or not.
    case anyone
    /// Any signed-in account (pages) or valid token (API).
    case signedIn
    /// Roles to which the capability is open (``Capability/roles``); the handler asks ``AccessPolicy`` about the unit
    /// once it knows it.
    case capability(Capability)

    static let userInfoKey = "pcmt.access"
}

/// Applies a route's access rule: sends strangers to sign in (or answers 401 in the API), refuses wrong roles,
/// and holds accounts with a one-time password on the password page until they choose their own.
struct AccessMiddleware: AsyncMiddleware {
    let rule: AccessRule

    /// Pages an account with a one-time password may still open.
    static let openBeforePasswordChange: Set<String> = [SiteURL.password().pattern, SiteURL.signOut.pattern]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if rule != .anyone {
            guard let actor = request.actor else {
                if request.isAPI {
                    throw Abort(
                        .unauthorized,
                        reason: Localizer(request: request)(
                            "This operation needs a bearer token.", "Thao tác này cần mã truy cập (bearer token)."))
                }
                return request.redirect(to: SiteURL.signIn(.init(next: request.url.string)).path, redirectType: .normal)
            }
            if case .capability(let capability) = rule, !capability.isOpen(to: actor.principal.role) {
                throw Abort(
                    .forbidden,
                    reason: Localizer(request: request)(
                        "Your role does not allow this.", "Vai trò của bạn không được phép thực hiện thao tác này."))
            }
        }
        if let account = request.actor?.account, account.mustChangePassword,
            !Self.openBeforePasswordChange.contains(request.url.path), !request.isAPI,
            !request.url.path.hasPrefix(SiteURL.stylesheet.pattern.dropLast("style.css".count)),
            !request.url.path.hasPrefix(SiteURL.language(.key).pattern.dropLast(":language".count))
        {
            return request.redirect(to: SiteURL.password().path, redirectType: .normal)
        }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Routes registered on the returned builder carry `rule`.
    func access(_ rule: AccessRule) -> any RoutesBuilder {
        RuleRecordingBuilder(base: grouped(AccessMiddleware(rule: rule)), rule: rule)
    }

    /// Registers `handler` for GET at the address `url` (built with `.key` parameters) under `rule`.
    @discardableResult
    func get<R: AsyncResponseEncodable>(
        _ url: SiteURL, _ rule: AccessRule,
        use handler: @Sendable @escaping (Request) async throws -> R
    ) -> Route {
        access(rule).on(.GET, url.pathComponents, use: handler)
    }

    /// Registers `handler` for POST at the address `url` under `rule`.
    @discardableResult
    func post<R: AsyncResponseEncodable>(
        _ url: SiteURL, _ rule: AccessRule,
        use handler: @Sendable @escaping (Request) async throws -> R
    ) -> Route {
        access(rule).on(.POST, url.pathComponents, use: handler)
    }
}

extension SiteURL {
    /// The router's path: constants, and `:name` for each parameter.
    var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .constant(let text): .constant(text)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }
}

/// Records the rule in each route's user info, so the access tests can find routes that have none.
private struct RuleRecordingBuilder: RoutesBuilder {
    let base: any RoutesBuilder
    let rule: AccessRule

    func add(_ route: Route) {
        route.userInfo[AccessRule.userInfoKey] = rule
        base.add(route)
    }
}
