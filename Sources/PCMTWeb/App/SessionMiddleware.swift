import PCMTDomain
import PCMTStore
import Vapor

/// Finds who is behind a request: a session cookie for pages, a bearer token for the API.
struct AuthenticationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization {
                guard let (token, owner) = try await TokenStore(database: request.db).authenticate(secret: bearer.token),
                    let unit = try await OrgUnitStore(database: request.db).unit(
                        code: token.unitCode, on: request.application.clock.todayISO)
                else {
                    throw Abort(
                        .unauthorized,
                        reason: Localizer(request: request)(
                            "The token is not valid: unknown, revoked, or its owner account is deactivated or no longer covers its role and unit.",
                            "Mã truy cập không hợp lệ: không có, đã bị thu hồi, hoặc tài khoản sở hữu đã bị khóa hay không còn đúng vai trò và đơn vị."
                        ))
                }
                request.actor = CurrentActor(
                    principal: Principal(
                        kind: .token(id: token.id.uuidString, name: token.name, owner: owner), role: token.role, unit: unit))
            }
        } else if let secret = request.cookies[request.application.security.sessionCookie]?.string, !secret.isEmpty {
            let store = AccountStore(database: request.db)
            if let (account, sessionID, unread) = try await store.sessionAccount(
                secret: secret, idleTimeout: request.application.security.sessionIdleTimeout),
                let unit = try await OrgUnitStore(database: request.db).unit(
                    code: account.unitCode, on: request.application.clock.todayISO)
            {
                request.actor = CurrentActor(
                    principal: Principal(
                        kind: .user(id: account.id.uuidString, username: account.username),
                        role: account.role, unit: unit),
                    account: account, sessionID: sessionID, sessionSecret: secret, unreadNotices: unread)
            }
        }
        return try await next.respond(to: request)
    }
}
