import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// Integration tokens for the API, managed by the system administrator within the units it reaches. Each token belongs
/// to an account of the administrator's area and never exceeds it (``RoleAssignment/tokenProblem(role:unit:ancestorCodes:owner:)``,
/// checked by ``TokenStore``); its audit events name the owner.
struct TokenAdminRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.administer)
        routes.get(.adminTokens, rule, use: tokens)
        routes.post(.adminTokens, rule, use: createToken)
        routes.post(.adminTokenRevoke(.key), rule, use: revokeToken)
    }

    func tokensPage(_ request: Request, _ model: TokensPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(title: context.t("API tokens", "Mã truy cập API"), plan: nil, status: status, TokensPage.view(model, t: context.t))
    }

    func visibleTokens(_ request: Request) async throws -> [TokenListing] {
        var result: [TokenListing] = []
        for listing in try await TokenStore(database: request.db).listings()
        where try await request.queryContext.allows(.administer, atCode: listing.token.unitCode) {
            result.append(listing)
        }
        return result
    }

    func tokens(_ request: Request) async throws -> Response {
        tokensPage(request, .init(tokens: try await visibleTokens(request), csrfToken: request.csrfToken))
    }

    struct TokenForm: Content {
        var name: String?
        var owner: String?
        var role: String?
        var unit: String?
    }

    func createToken(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TokenForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let unit = (form.unit ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [FieldProblem] = []
        if name.isEmpty || name.count > 100 {
            problems.append(FieldProblem(field: "name", en: "A name of 1 to 100 characters.", vi: "Tên từ 1 đến 100 ký tự."))
        }
        let ownerName = (form.owner ?? "").trimmingCharacters(in: .whitespaces)
        let owner = try await AccountStore(database: request.db).account(username: ownerName)
        let ownerUsable =
            try await owner.asyncMap { account in
                guard !account.disabled else { return false }
                return try await request.queryContext.allows(.administer, atCode: account.unitCode)
            } ?? false
        if !ownerUsable {
            problems.append(
                FieldProblem(
                    field: "owner", en: "No active account with this username within your area.",
                    vi: "Không có tài khoản đang hoạt động với tên đăng nhập này trong phạm vi của bạn."))
        }
        let role = Role(rawValue: form.role ?? "")
        if role == nil { problems.append(FieldProblem(field: "role", en: "Choose a role.", vi: "Hãy chọn vai trò.")) }
        if !(try await request.queryContext.allows(.administer, atCode: unit)) {
            problems.append(
                FieldProblem(
                    field: "unit", en: "No unit with this code within your area.",
                    vi: "Không có đơn vị với mã này trong phạm vi của bạn."))
        }
        if let role, !problems.contains(where: { $0.field == "unit" }),
            let problem = try await request.queryContext.roleProblem(role, atCode: unit)
        {
            problems.append(problem)
        }
        let draft = ["name": name, "owner": ownerName, "role": form.role ?? "", "unit": unit]
        func refused(_ problems: [FieldProblem]) async throws -> Response {
            tokensPage(
                request,
                .init(tokens: try await visibleTokens(request), csrfToken: request.csrfToken, problems: problems, draft: draft),
                status: .unprocessableEntity)
        }
        guard problems.isEmpty, let role, let owner else { return try await refused(problems) }
        let context = request.changeContext
        let secret: String
        do {
            secret = try await AuditLog(database: request.db).transaction { db, audit in
                let (token, secret) = try await TokenStore(database: db).create(
                    name: name, role: role, unitCode: unit, createdBy: context.actor, ownerID: owner.id)
                try await audit.record(
                    context.entry(
                        AuditSubject(
                            kind: .tokenCreate, entity: "api_token", entityID: token.id.uuidString, unitCode: unit,
                            summary: "API token \(name) of account \(owner.username) created",
                            after: ["role": role.rawValue, "unit": unit, "owner": owner.username])))
                return secret
            }
        } catch TokenError.beyondOwner(let problem) {
            return try await refused([problem])
        } catch TokenError.ownerUnusable, TokenError.noSuchUnit {
            return try await refused([
                FieldProblem(
                    field: "owner", en: "No active account with this username within your area.",
                    vi: "Không có tài khoản đang hoạt động với tên đăng nhập này trong phạm vi của bạn.")
            ])
        }
        return tokensPage(
            request,
            .init(
                tokens: try await visibleTokens(request), csrfToken: request.csrfToken,
                newSecret: (name, secret)), status: .created)
    }

    func revokeToken(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("tokenID").flatMap(UUID.init(uuidString:)),
            let token = try await TokenStore(database: request.db).token(id: id),
            try await request.queryContext.allows(.administer, atCode: token.unitCode)
        else {
            throw Abort(.notFound, reason: Localizer(request: request)("No such token in your area.", "Không có mã này trong phạm vi của bạn."))
        }
        let context = request.changeContext
        let owner = try await TokenStore(database: request.db).ownerUsername(tokenID: id)
        try await AuditLog(database: request.db).transaction { db, audit in
            if try await TokenStore(database: db).revoke(id: id) {
                try await audit.record(
                    context.entry(
                        AuditSubject(
                            kind: .tokenRevoke, entity: "api_token", entityID: id.uuidString, unitCode: token.unitCode,
                            summary: "API token \(token.name) of \(owner.map { "account \($0)" } ?? "the installation") revoked",
                            before: ["owner": owner ?? ""])))
            }
        }
        return request.redirect(to: SiteURL.adminTokens.path, redirectType: .normal)
    }
}
