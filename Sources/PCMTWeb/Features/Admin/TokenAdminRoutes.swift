import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// Integration tokens for the API, managed by the system administrator within the units it reaches.
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

    func visibleTokens(_ request: Request) async throws -> [APIToken] {
        var result: [APIToken] = []
        for token in try await TokenStore(database: request.db).tokens()
        where try await request.queryContext.allows(.administer, atCode: token.unitCode) {
            result.append(token)
        }
        return result
    }

    func tokens(_ request: Request) async throws -> Response {
        tokensPage(request, .init(tokens: try await visibleTokens(request), csrfToken: request.csrfToken))
    }

    struct TokenForm: Content {
        var name: String?
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
        guard problems.isEmpty, let role else {
            return tokensPage(
                request,
                .init(
                    tokens: try await visibleTokens(request), csrfToken: request.csrfToken, problems: problems,
                    draft: ["name": name, "role": form.role ?? "", "unit": unit]), status: .unprocessableEntity)
        }
        let context = request.changeContext
        let secret = try await AuditLog(database: request.db).transaction { db, audit in
            let (token, secret) = try await TokenStore(database: db).create(name: name, role: role, unitCode: unit, createdBy: context.actor)
            try await audit.record(
                context.entry(
                    AuditSubject(
                        kind: .tokenCreate, entity: "api_token", entityID: token.id.uuidString, unitCode: unit,
                        summary: "API token \(name) created", after: ["role": role.rawValue, "unit": unit])))
            return secret
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
        try await AuditLog(database: request.db).transaction { db, audit in
            if try await TokenStore(database: db).revoke(id: id) {
                try await audit.record(
                    context.entry(
                        AuditSubject(
                            kind: .tokenRevoke, entity: "api_token", entityID: id.uuidString,
                            unitCode: token.unitCode, summary: "API token \(token.name) revoked")))
            }
        }
        return request.redirect(to: SiteURL.adminTokens.path, redirectType: .normal)
    }
}
