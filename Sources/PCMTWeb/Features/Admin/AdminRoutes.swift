import PCMTDomain
import PCMTStore
import Vapor

/// Accounts, managed by the system administrator within the units it reaches.
struct AdminRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.administer)
        routes.get(.adminUsers, rule, use: users)
        routes.post(.adminUsers, rule, use: createUser)
        routes.get(.adminUser(.key), rule, use: user)
        routes.post(.adminUser(.key), rule, use: updateUser)
        routes.post(.adminUserResetPassword(.key), rule, use: resetPassword)
    }

    // MARK: Accounts

    func visibleAccounts(_ request: Request) async throws -> [Account] {
        var result: [Account] = []
        for account in try await AccountStore(database: request.db).accounts()
        where try await request.queryContext.allows(.administer, atCode: account.unitCode) {
            result.append(account)
        }
        return result
    }

    func usersPage(_ request: Request, _ model: UsersPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(title: context.t("Accounts", "Tài khoản"), plan: nil, status: status, UsersPage.view(model, t: context.t))
    }

    func directory(_ request: Request, _ accounts: [Account]) async throws -> UnitDirectory {
        UnitDirectory(units: try await OrgUnitStore(database: request.db).units(codes: Array(Set(accounts.map(\.unitCode)))))
    }

    func users(_ request: Request) async throws -> Response {
        let accounts = try await visibleAccounts(request)
        return usersPage(request, .init(accounts: accounts, units: try await directory(request, accounts), csrfToken: request.csrfToken))
    }

    struct UserForm: Content {
        var username: String?
        var role: String?
        var unit: String?
        /// The unit chosen among several that matched what was typed.
        var unit_choice: String?
        var version: Int?
        var disabled: String?
        var email: String?
    }

    /// An e-mail address for reminders: empty, or a plain address (the domain's rule, `AccountRules.email`).
    static func email(_ text: String?) -> (value: String?, problem: FieldProblem?) {
        switch AccountRules.email(text) {
        case .success(let value): (value, nil)
        case .failure(let problem): (nil, problem.fieldProblem)
        }
    }

    /// The unit a form names, looked up among the units the administrator may give accounts at (``UnitLookup``):
    /// its code, or a problem on `unit` with the choices when the name typed fits several or none.
    func resolveUnit(_ request: Request, _ form: UserForm) async throws -> (code: String, problem: FieldProblem?, choices: [OrgUnit]) {
        let typed = ((form.unit_choice?.isEmpty == false ? form.unit_choice : form.unit) ?? "").trimmingCharacters(in: .whitespaces)
        let context = request.queryContext
        var reachable: [OrgUnit] = []
        for unit in try await context.units.all() where try await context.allows(.administer, at: unit) { reachable.append(unit) }
        let levels = Role(rawValue: form.role ?? "").map { RoleAssignment.levels(for: $0) }
        switch UnitLookup.find(typed, in: reachable, levels: levels) {
        case .found(let unit): return (unit.code, nil, [])
        case .choices(let units):
            return (
                typed,
                FieldProblem(
                    field: "unit", en: "Several units match “\(typed)”: choose one below.",
                    vi: "Có nhiều đơn vị khớp với “\(typed)”: hãy chọn một đơn vị dưới đây."), units
            )
        case .none where typed.isEmpty:
            return (typed, FieldProblem(field: "unit", en: "Choose the unit: a name or a code.", vi: "Hãy nhập đơn vị: tên hoặc mã."), [])
        case .none:
            return (
                typed,
                FieldProblem(
                    field: "unit", en: "No unit named or coded “\(typed)” within your area.",
                    vi: "Không có đơn vị nào có tên hoặc mã “\(typed)” trong phạm vi của bạn."), []
            )
        }
    }

    func createUser(_ request: Request) async throws -> Response {
        let form = try request.content.decode(UserForm.self)
        let checked = AccountRules.username(form.username ?? "")
        let username = AccountRules.normalisedUsername(form.username ?? "")
        let resolved = try await resolveUnit(request, form)
        let unit = resolved.code
        var problems: [FieldProblem] = resolved.problem.map { [$0] } ?? []
        if case .failure(let problem) = checked {
            problems.append(problem.fieldProblem)
        } else if try await AccountStore(database: request.db).account(username: username) != nil {
            problems.append(FieldProblem(field: "username", en: "This username is taken.", vi: "Tên đăng nhập này đã có."))
        }
        let role = Role(rawValue: form.role ?? "")
        if role == nil { problems.append(FieldProblem(field: "role", en: "Choose a role.", vi: "Hãy chọn vai trò.")) }
        if let role, !problems.contains(where: { $0.field == "unit" }),
            let problem = try await request.queryContext.roleProblem(role, atCode: unit)
        {
            problems.append(problem)
        }
        let email = Self.email(form.email)
        if let problem = email.problem { problems.append(problem) }
        let accounts = try await visibleAccounts(request)
        guard problems.isEmpty, let role else {
            return usersPage(
                request,
                .init(
                    accounts: accounts, units: try await directory(request, accounts), csrfToken: request.csrfToken,
                    problems: problems,
                    draft: ["username": form.username ?? "", "role": form.role ?? "", "unit": unit, "email": form.email ?? ""],
                    unitChoices: resolved.choices),
                status: .unprocessableEntity)
        }
        let password = OneTimePassword.make()
        let hash = try await request.password.async.hash(password)
        let context = request.changeContext
        let account = try await AuditLog(database: request.db).transaction { db, audit in
            let account = try await AccountStore(database: db).create(
                username: username, role: role, unitCode: unit, passwordHash: hash,
                email: email.value)
            try await audit.record(
                context.entry(
                    AuditSubject(
                        kind: .permissionChange, entity: "user", entityID: account.id.uuidString, unitCode: unit,
                        summary: "account \(username) created", after: ["role": role.rawValue, "unit": unit])))
            return account
        }
        let updated = try await visibleAccounts(request)
        return usersPage(
            request,
            .init(
                accounts: updated, units: try await directory(request, updated), csrfToken: request.csrfToken,
                oneTimePassword: (account.username, password)), status: .created)
    }

    func loadAccount(_ request: Request) async throws -> Account {
        guard let id = request.parameters.get("userID").flatMap(UUID.init(uuidString:)),
            let account = try await AccountStore(database: request.db).account(id: id),
            try await request.queryContext.allows(.administer, atCode: account.unitCode)
        else {
            throw Abort(
                .notFound, reason: Localizer(request: request)("No such account in your area.", "Không có tài khoản này trong phạm vi của bạn."))
        }
        return account
    }

    func userPage(_ request: Request, _ model: UserPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request)
        return context.page(title: model.account.username, plan: nil, status: status, UserPage.view(model, t: context.t))
    }

    func user(_ request: Request) async throws -> Response {
        let account = try await loadAccount(request)
        let unit = try await OrgUnitStore(database: request.db).unit(code: account.unitCode)
        return userPage(request, .init(account: account, unitName: unit?.name ?? account.unitCode, csrfToken: request.csrfToken))
    }

    func updateUser(_ request: Request) async throws -> Response {
        let account = try await loadAccount(request)
        let form = try request.content.decode(UserForm.self)
        let resolved = try await resolveUnit(request, form)
        let unit = resolved.code
        var problems: [FieldProblem] = resolved.problem.map { [$0] } ?? []
        let role = Role(rawValue: form.role ?? "")
        if role == nil { problems.append(FieldProblem(field: "role", en: "Choose a role.", vi: "Hãy chọn vai trò.")) }
        if let role, !problems.contains(where: { $0.field == "unit" }),
            let problem = try await request.queryContext.roleProblem(role, atCode: unit)
        {
            problems.append(problem)
        }
        let email = Self.email(form.email)
        if let problem = email.problem { problems.append(problem) }
        let unitName = try await OrgUnitStore(database: request.db).unit(code: account.unitCode)?.name ?? account.unitCode
        guard problems.isEmpty, let role else {
            return userPage(
                request,
                .init(
                    account: account, unitName: unitName, csrfToken: request.csrfToken, problems: problems, unitChoices: resolved.choices,
                    typedUnit: unit),
                status: .unprocessableEntity)
        }
        let disabled = form.disabled == "1"
        let context = request.changeContext
        do {
            _ = try await AuditLog(database: request.db).transaction { db, audit in
                let updated = try await AccountStore(database: db).update(
                    id: account.id, version: form.version ?? -1, role: role,
                    unitCode: unit, disabled: disabled, email: email.value)
                try await audit.record(
                    context.entry(
                        AuditSubject(
                            kind: .permissionChange,
                            entity: "user", entityID: account.id.uuidString, unitCode: unit, summary: "account \(account.username) changed",
                            before: ["role": account.role.rawValue, "unit": account.unitCode, "disabled": String(account.disabled)],
                            after: ["role": role.rawValue, "unit": unit, "disabled": String(disabled)])))
                return updated
            }
            return request.redirect(to: SiteURL.adminUser(.value(account.id)).path, redirectType: .normal)
        } catch let error as AccountError where error.reason == .versionConflict {
            return userPage(
                request, .init(account: account, unitName: unitName, csrfToken: request.csrfToken, conflict: true),
                status: .conflict)
        }
    }

    func resetPassword(_ request: Request) async throws -> Response {
        let account = try await loadAccount(request)
        let password = OneTimePassword.make()
        let hash = try await request.password.async.hash(password)
        let context = request.changeContext
        try await AuditLog(database: request.db).transaction { db, audit in
            try await AccountStore(database: db).setPassword(id: account.id, hash: hash, mustChange: true)
            try await AccountStore(database: db).endSessions(userID: account.id)
            try await audit.record(
                context.entry(
                    AuditSubject(
                        kind: .passwordChange, entity: "user", entityID: account.id.uuidString,
                        unitCode: account.unitCode, summary: "password of \(account.username) reset by an administrator")))
        }
        let fresh = try await loadAccount(request)
        let unitName = try await OrgUnitStore(database: request.db).unit(code: fresh.unitCode)?.name ?? fresh.unitCode
        return userPage(request, .init(account: fresh, unitName: unitName, csrfToken: request.csrfToken, oneTimePassword: password))
    }
}
