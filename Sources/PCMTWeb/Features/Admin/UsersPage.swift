import PCMTDomain
import PCMTStore

/// Accounts, for the system administrator: list, create, and one account's role, unit, state and password.
enum UsersPage {
    struct Model {
        var accounts: [Account]
        var units: UnitDirectory
        var csrfToken: String
        var problems: [FieldProblem] = []
        var draft: [String: String] = [:]
        /// The units that matched a name typed in the unit field, to choose from.
        var unitChoices: [OrgUnit] = []
        /// Shown once after creating an account or resetting its password.
        var oneTimePassword: (username: String, password: String)?
    }

    /// The unit field: a name (accents optional) or a code; when a name fits several units, they are offered as
    /// choices (``UnitLookup``). Works without JavaScript.
    static func unitField(_ label: String, value: String, error: String?, choices: [OrgUnit], t: Localizer) -> Node {
        .group([
            Forms.field(
                label, name: "unit", value: value, error: error,
                help: t(
                    "A name, with or without accents (“ngoc hoi”), or a code (62-CAT, 611).",
                    "Tên đơn vị, gõ có dấu hoặc không dấu (“ngoc hoi”), hoặc mã (62-CAT, 611)."), required: true),
            choices.isEmpty
                ? .empty
                : h(
                    "fieldset", ["class": "choices"],
                    [h("legend", [:], t("Which unit?", "Đơn vị nào?"))]
                        + choices.enumerated().map { index, unit in
                            h(
                                "div", ["class": "field check"],
                                [
                                    .element(
                                        "input",
                                        [("type", "radio"), ("id", "unit-choice-\(index)"), ("name", "unit_choice"), ("value", unit.code)], []),
                                    h("label", ["for": "unit-choice-\(index)"], UnitLookup.label(unit)),
                                ])
                        }),
        ])
    }

    static func roleOptions(_ t: Localizer) -> [(value: String, label: String)] {
        Role.allCases.map { ($0.rawValue, "\($0.name(t.language)) (\($0.rawValue))") }
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let labels = ["username": t("Username", "Tên đăng nhập"), "role": t("Role", "Vai trò"), "unit": t("Unit", "Đơn vị")]
        func error(_ field: String) -> String? { model.problems.first { $0.field == field }?.message(t.language) }
        return [
            h("h1", [:], t("Accounts", "Tài khoản")),
            model.oneTimePassword.map { item in
                h(
                    "div", ["class": "notice notice-warn", "role": "status"],
                    [
                        h(
                            "p", [:],
                            t(
                                "One-time password for \(item.username) — shown only now; hand it over safely. It must be changed at first sign-in:",
                                "Mật khẩu dùng một lần của \(item.username) — chỉ hiện lần này; hãy chuyển giao an toàn. Phải đổi khi đăng nhập lần đầu:"
                            )),
                        h("p", [:], h("code", ["class": "secret"], item.password)),
                    ])
            } ?? .empty,
            h(
                "table", [:],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], labels["username"]!), h("th", ["scope": "col"], labels["role"]!),
                                h("th", ["scope": "col"], t("Unit", "Đơn vị")), h("th", ["scope": "col"], t("State", "Trạng thái")),
                            ])),
                    h(
                        "tbody", [:],
                        model.accounts.map { account in
                            h(
                                "tr", [:],
                                [
                                    h("td", [:], link(SiteURL.adminUser(.value(account.id)).path, account.username)),
                                    h("td", [:], account.role.name(t.language)),
                                    h("td", [:], [.text(model.units.name(account.unitCode)), h("small", [:], " \(account.unitCode)")]),
                                    h(
                                        "td", [:],
                                        account.disabled
                                            ? t("disabled", "đã khóa")
                                            : account.mustChangePassword
                                                ? t("awaiting first sign-in", "chờ đăng nhập lần đầu") : t("active", "đang hoạt động")),
                                ])
                        }),
                ]),
            h("h2", [:], t("New account", "Tạo tài khoản")),
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h(
                "form", ["method": "post", "action": SiteURL.adminUsers.path, "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.field(
                        labels["username"]!, name: "username", value: model.draft["username"] ?? "", error: error("username"), required: true),
                    Forms.select(
                        labels["role"]!, name: "role", value: model.draft["role"] ?? Role.viewer.rawValue, options: roleOptions(t),
                        error: error("role")),
                    unitField(labels["unit"]!, value: model.draft["unit"] ?? "", error: error("unit"), choices: model.unitChoices, t: t),
                    Forms.field(
                        t("E-mail for reminders (optional)", "E-mail nhận nhắc nhở (không bắt buộc)"), name: "email",
                        value: model.draft["email"] ?? "",
                        type: "email", error: error("email")),
                    h("button", ["type": "submit", "class": "primary"], t("Create account", "Tạo tài khoản")),
                ]),
        ]
    }
}

enum UserPage {
    struct Model {
        var account: Account
        var unitName: String
        var csrfToken: String
        var problems: [FieldProblem] = []
        var conflict = false
        var oneTimePassword: String?
        var unitChoices: [OrgUnit] = []
        /// What was typed in the unit field when it was refused.
        var typedUnit: String? = nil
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let account = model.account
        let labels = ["role": t("Role", "Vai trò"), "unit": t("Unit", "Đơn vị"), "disabled": t("Disabled", "Khóa")]
        func error(_ field: String) -> String? { model.problems.first { $0.field == field }?.message(t.language) }
        return [
            h("p", ["class": "kicker"], link(SiteURL.adminUsers.path, t("Accounts", "Tài khoản"))),
            h("h1", [:], account.username),
            model.conflict
                ? Forms.notice(
                    t(
                        "Someone changed this account meanwhile; here it is as it stands now. Nothing was saved.",
                        "Tài khoản đã được người khác sửa trong lúc bạn sửa; đây là dữ liệu hiện tại. Chưa lưu gì."), kind: "error") : .empty,
            model.oneTimePassword.map { password in
                h(
                    "div", ["class": "notice notice-warn", "role": "status"],
                    [
                        h("p", [:], t("New one-time password — shown only now:", "Mật khẩu dùng một lần mới — chỉ hiện lần này:")),
                        h("p", [:], h("code", ["class": "secret"], password)),
                    ])
            } ?? .empty,
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h("p", [:], [.text(t("Unit: ", "Đơn vị: ")), .text("\(model.unitName) (\(account.unitCode))")]),
            h(
                "form", ["method": "post", "action": SiteURL.adminUser(.value(account.id)).path, "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.hidden("version", String(account.version)),
                    Forms.select(
                        labels["role"]!, name: "role", value: account.role.rawValue, options: UsersPage.roleOptions(t), error: error("role")),
                    UsersPage.unitField(
                        labels["unit"]!, value: model.typedUnit ?? account.unitCode, error: error("unit"), choices: model.unitChoices, t: t),
                    Forms.field(
                        t("E-mail for reminders (optional)", "E-mail nhận nhắc nhở (không bắt buộc)"), name: "email", value: account.email ?? "",
                        type: "email", error: error("email")),
                    Forms.select(
                        labels["disabled"]!, name: "disabled", value: account.disabled ? "1" : "0",
                        options: [
                            ("0", t("No — the account may sign in", "Không — được đăng nhập")),
                            ("1", t("Yes — the account cannot sign in", "Có — không được đăng nhập")),
                        ]),
                    h("button", ["type": "submit", "class": "primary"], t("Save", "Lưu")),
                ]),
            h(
                "form", ["method": "post", "action": SiteURL.adminUserResetPassword(.value(account.id)).path],
                [
                    Forms.csrf(model.csrfToken),
                    h("button", ["type": "submit"], t("Reset password (new one-time password)", "Cấp lại mật khẩu (mật khẩu dùng một lần mới)")),
                ]),
        ]
    }
}
