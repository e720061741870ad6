import Foundation
import PCMTDomain
import PCMTStore
import Vapor

/// `/account/notices`: the account's notices and its choice of e-mail; `/account/notices/read` marks them read.
struct NoticesRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.notices, .signedIn, use: list)
        routes.post(.notices, .signedIn, use: savePreferences)
        routes.post(.noticesRead, .signedIn, use: markRead)
    }

    func page(
        _ request: Request, account: Account, saved: String? = nil, conflict: String? = nil, problems: [FieldProblem] = [],
        email: String? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let c = PageContext(request)
        let model = NoticesPage.Model(
            notices: try await NoticeStore(database: request.db).notices(userID: account.id), email: email ?? account.email ?? "",
            emailNotices: account.emailNotices, version: account.version, mailConfigured: request.application.noticeMail != nil,
            csrfToken: c.csrfToken, saved: saved, conflict: conflict, problems: problems)
        return c.page(title: c.t("Notices", "Thông báo"), plan: nil, status: status, NoticesPage.view(model, t: c.t))
    }

    func signedInAccount(_ request: Request) async throws -> Account {
        guard let id = request.actor?.account?.id, let account = try await AccountStore(database: request.db).account(id: id) else {
            throw Abort(.unauthorized)
        }
        return account
    }

    func list(_ request: Request) async throws -> Response {
        try await page(request, account: try await signedInAccount(request))
    }

    struct PreferencesForm: Content {
        var email: String?
        var email_notices: String?
        /// Read as text: a version that is not a number is a stale form (409), not a broken request.
        var version: String?
    }

    func savePreferences(_ request: Request) async throws -> Response {
        let t = Localizer(request: request)
        let account = try await signedInAccount(request)
        let form = try request.content.decode(PreferencesForm.self)
        let email: String?
        switch AccountRules.email(form.email) {
        case .success(let value): email = value
        case .failure(let problem):
            return try await page(
                request, account: account, problems: [problem.fieldProblem],
                email: form.email ?? "", status: .unprocessableEntity)
        }
        do {
            let saved = try await AccountStore(database: request.db).setNoticePreferences(
                id: account.id, version: form.version.flatMap { Int($0) } ?? -1, email: email,
                emailNotices: !(form.email_notices ?? "").isEmpty && form.email_notices != "0")
            let audit = AuditLog(database: request.db)
            try await audit.record(
                AuditEntry(
                    actor: account.username, actorUnit: account.unitCode, address: request.clientAddress, kind: .update, entity: "user",
                    entityID: account.id.uuidString, unitCode: account.unitCode, summary: "notice preferences of \(account.username)",
                    before: ["email": account.email ?? "", "email_notices": account.emailNotices ? "1" : "0"],
                    after: ["email": saved.email ?? "", "email_notices": saved.emailNotices ? "1" : "0"]))
            let message =
                saved.emailNotices && saved.email != nil
                ? t("Saved: notices will also be e-mailed to \(saved.email!).", "Đã lưu: thông báo cũng sẽ được gửi tới \(saved.email!).")
                : t("Saved: notices stay inside pcmt.", "Đã lưu: thông báo chỉ hiện trong pcmt.")
            return try await page(request, account: saved, saved: message)
        } catch let error as AccountError where error.reason == .versionConflict {
            return try await page(
                request, account: try await signedInAccount(request),
                conflict: Localizer(request: request)(
                    "Nothing was saved: the account was changed meanwhile. It is shown as it is now; save again if needed.",
                    "Chưa lưu gì: tài khoản vừa được thay đổi ở nơi khác. Đây là thông tin hiện tại; hãy lưu lại nếu cần."),
                status: .conflict)
        }
    }

    struct ReadForm: Content {
        var id: String?
        var all: String?
    }

    func markRead(_ request: Request) async throws -> Response {
        let account = try await signedInAccount(request)
        let form = try request.content.decode(ReadForm.self)
        let ids: [UUID]? = form.all == "1" ? nil : [form.id.flatMap(UUID.init(uuidString:))].compactMap { $0 }
        if ids?.isEmpty == true {
            throw Abort(.unprocessableEntity, reason: Localizer(request: request)("Which notice?", "Thông báo nào?"))
        }
        try await NoticeStore(database: request.db).markRead(userID: account.id, ids: ids)
        return request.redirect(to: SiteURL.notices.path, redirectType: .normal)
    }
}
