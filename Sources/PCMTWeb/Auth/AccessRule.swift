import PCMTDomain
import Vapor

/// Who may call a route. Every route is registered with one; a route without one refuses everybody.
enum AccessRule: Sendable, Equatable {
    /// Anyone, signed in or not.
    case anyone
    /// Any signed-in account (pages) or valid token (API).
    case signedIn
    /// Only these roles; the handler checks the unit scope where the resource has one.
    case roles(Set<Role>)

    static let userInfoKey = "pcmt.access"
}

/// Applies a route's access rule: sends strangers to sign in (or answers 401 in the API), refuses wrong roles,
/// and holds accounts with a one-time password on the password page until they choose their own.
struct AccessMiddleware: AsyncMiddleware {
    let rule: AccessRule

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if rule != .anyone {
            guard let actor = request.actor else {
                if request.isAPI { throw Abort(.unauthorized, reason: "This operation needs a bearer token.") }
                let next = request.url.string
                return request.redirect(to: "/signin?next=\(next.urlQueryEscaped)", redirectType: .normal)
            }
            if case .roles(let roles) = rule, !roles.contains(actor.principal.role) {
                throw Abort(.forbidden, reason: Localizer(request: request)(
                    "Your role does not allow this.", "Vai trò của bạn không được phép thực hiện thao tác này."))
            }
        }
        if let account = request.actor?.account, account.mustChangePassword,
           !["/account/password", "/signout"].contains(request.url.path), !request.isAPI,
           !request.url.path.hasPrefix("/static/"), !request.url.path.hasPrefix("/lang/") {
            return request.redirect(to: "/account/password", redirectType: .normal)
        }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Routes registered on the returned builder carry `rule`.
    func access(_ rule: AccessRule) -> any RoutesBuilder {
        RuleRecordingBuilder(base: grouped(AccessMiddleware(rule: rule)), rule: rule)
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
