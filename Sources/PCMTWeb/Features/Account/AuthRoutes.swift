import PCMTDomain
import PCMTStore
import Vapor

/// Sign-in, sign-out and the account's own password.
struct AuthRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.signIn(), .anyone, use: signInForm)
        routes.post(.signIn(), .anyone, use: signIn)
        routes.post(.signOut, .signedIn, use: signOut)
        routes.get(.password(), .signedIn, use: passwordForm)
        routes.post(.password(), .signedIn, use: changePassword)
    }

    struct SignInForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    func signInForm(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        if request.actor != nil { return request.redirect(to: SiteURL.home().path, redirectType: .normal) }
        let next = (try? request.query.get(String.self, at: "next")) ?? "/"
        return context.page(
            title: context.t("Sign in", "Đăng nhập"), plan: nil,
            SignInPage.view(
                .init(username: "", next: Self.safeNext(next), error: nil, csrfToken: request.csrfToken), t: context.t))
    }

    func signIn(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        let t = context.t
        let form = try request.content.decode(SignInForm.self)
        let username = AccountStore.normalisedUsername(form.username ?? "")
        let password = form.password ?? ""
        let next = Self.safeNext(form.next ?? "/")
        let settings = request.application.security
        let store = AccountStore(database: request.db)
        let audit = AuditLog(database: request.db)

        func refuse(_ message: String, status: HTTPResponseStatus) -> Response {
            context.page(
                title: t("Sign in", "Đăng nhập"), plan: nil, status: status,
                SignInPage.view(
                    .init(username: username, next: next, error: message, csrfToken: request.csrfToken), t: t))
        }

        let now = request.application.clock.now
        let address = request.clientAddress
        let throttle = settings.throttle
        let recent = try await store.recentFailureTimes(
            username: username, address: address, since: now.addingTimeInterval(-throttle.window),
            limit: max(throttle.perAccountAndAddress, throttle.perAccount, throttle.perAddress))
        let known =
            throttle.needsKnownAddress(accountFailures: recent.account.count, addressFailures: recent.address.count)
            ? try await audit.hasSignedIn(actor: username, address: address, since: now.addingTimeInterval(-throttle.knownFor)) : false
        // A known account's events are placed at its unit, so its own area's auditors see holds and failures alike.
        let account = try await store.account(username: username)
        if let hold = throttle.hold(pair: recent.pair, account: recent.account, address: recent.address, knownAtAddress: known, now: now) {
            try await audit.record(
                ChangeContext(actor: username.isEmpty ? "anonymous" : username, actorUnit: account?.unitCode, address: address)
                    .entry(
                        AuditSubject(
                            kind: .signInFailed, unitCode: account?.unitCode,
                            summary: "sign-in held: too many failed attempts (\(hold.scope.rawValue))")))
            let response = refuse(
                t(hold.messageEn(username: username, now: now), hold.messageVi(username: username, now: now)), status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(hold.seconds(from: now)))
            return response
        }

        // The attempt counts before it is checked, so parallel guesses cannot all slip under the limit;
        // a success clears the account's count again.
        try await store.recordFailure(username: username, address: address, at: now)
        // The hash is checked even for an unknown username, so the answer takes as long either way.
        let hash = account?.passwordHash ?? settings.unknownUserHash
        let matches = (try? await request.password.async.verify(password, created: hash)) ?? false
        guard let account, matches, !account.disabled else {
            try await audit.record(
                ChangeContext(
                    actor: username.isEmpty ? "anonymous" : username, actorUnit: account?.unitCode,
                    address: request.clientAddress
                )
                .entry(AuditSubject(kind: .signInFailed, unitCode: account?.unitCode, summary: "failed sign-in")))
            return refuse(
                t("The username or password is not correct.", "Tên đăng nhập hoặc mật khẩu không đúng."),
                status: .unauthorized)
        }
        try await store.clearFailures(username: username, address: address)
        let secret = try await store.startSession(userID: account.id, address: address)
        let signedIn = ChangeContext(actor: account.username, actorUnit: account.unitCode, address: request.clientAddress)
        try await audit.record(signedIn.entry(AuditSubject(kind: .signIn, summary: "signed in")))
        let response = request.redirect(to: account.mustChangePassword ? SiteURL.password().path : next, redirectType: .normal)
        response.cookies[settings.sessionCookie] = settings.cookie(secret, sameSite: .lax)
        // A new form token with the new session, tied to it: a token planted before sign-in is worth nothing after it.
        response.cookies[settings.csrfCookie] = settings.cookie(CSRFToken.forSession(secret), sameSite: .strict)
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        if let secret = request.actor?.sessionSecret {
            try await AccountStore(database: request.db).endSession(secret: secret)
            try await request.audit(AuditSubject(kind: .signOut, summary: "signed out"))
        }
        let response = request.redirect(to: SiteURL.home().path, redirectType: .normal)
        let settings = request.application.security
        response.cookies[settings.sessionCookie] = settings.cookie("", sameSite: .lax, expires: Date(timeIntervalSince1970: 0))
        return response
    }

    func passwordForm(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        guard let account = request.actor?.account else { throw Abort(.unauthorized) }
        return context.page(
            title: context.t("Password", "Mật khẩu"), plan: nil,
            PasswordPage.view(
                .init(
                    username: account.username, mustChange: account.mustChangePassword, problems: [],
                    csrfToken: request.csrfToken, saved: (try? request.query.get(String.self, at: "saved")) != nil), t: context.t))
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    func changePassword(_ request: Request) async throws -> Response {
        let context = PageContext(request)
        guard let actor = request.actor, let account = actor.account else { throw Abort(.unauthorized) }
        let form = try request.content.decode(PasswordForm.self)
        var problems = PasswordPage.problems(
            PasswordPolicy.problems(
                password: form.new ?? "", confirmation: form.confirm ?? "", username: account.username))
        let currentMatches = (try? await request.password.async.verify(form.current ?? "", created: account.passwordHash)) ?? false
        if !currentMatches {
            problems.insert(
                FieldProblem(
                    field: "current", en: "The current password is not correct.",
                    vi: "Mật khẩu hiện tại không đúng."), at: 0)
        }
        if form.new == form.current, currentMatches {
            problems.append(
                FieldProblem(
                    field: "new", en: "Choose a password different from the current one.",
                    vi: "Hãy chọn mật khẩu khác mật khẩu hiện tại."))
        }
        guard problems.isEmpty else {
            return context.page(
                title: context.t("Password", "Mật khẩu"), plan: nil, status: .unprocessableEntity,
                PasswordPage.view(
                    .init(
                        username: account.username, mustChange: account.mustChangePassword, problems: problems,
                        csrfToken: request.csrfToken, saved: false), t: context.t))
        }
        let hash = try await request.password.async.hash(form.new ?? "")
        let store = AccountStore(database: request.db)
        try await AuditLog(database: request.db).transaction { db, audit in
            try await AccountStore(database: db).setPassword(id: account.id, hash: hash, mustChange: false)
            try await audit.record(
                ChangeContext(actor: account.username, actorUnit: account.unitCode, address: request.clientAddress)
                    .entry(
                        AuditSubject(
                            kind: .passwordChange, entity: "user", entityID: account.id.uuidString, unitCode: account.unitCode,
                            summary: "changed own password")))
        }
        try await store.endSessions(userID: account.id, except: actor.sessionID)
        // After the one-time password the person goes where they were headed; otherwise they see it was saved.
        return request.redirect(
            to: account.mustChangePassword ? SiteURL.home(.init(passwordSaved: true)).path : SiteURL.password(.init(saved: true)).path,
            redirectType: .normal)
    }

    /// Only a path of this site; anything else would make the sign-in page an open redirect.
    static func safeNext(_ next: String) -> String { SafePath.local(next) }
}
