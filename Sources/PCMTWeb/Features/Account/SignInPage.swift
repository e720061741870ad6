/// The sign-in form. Errors never say whether the username exists.
enum SignInPage {
    struct Model {
        var username: String
        var next: String
        var error: String?
        var csrfToken: String
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Sign in", "Đăng nhập")),
            model.error.map { Forms.notice($0, kind: "error") } ?? .empty,
            h(
                "form", ["method": "post", "action": SiteURL.signIn().path, "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.hidden("next", model.next),
                    Forms.field(
                        t("Username", "Tên đăng nhập"), name: "username", value: model.username, required: true,
                        attributes: ["autocomplete": "username", "autocapitalize": "none"]),
                    Forms.field(
                        t("Password", "Mật khẩu"), name: "password", value: "", type: "password", required: true,
                        attributes: ["autocomplete": "current-password"]),
                    h("button", ["type": "submit", "class": "primary"], t("Sign in", "Đăng nhập")),
                ]),
            h(
                "p", ["class": "muted"],
                t(
                    "Accounts are created by the system administrator. A new account signs in with a one-time password and chooses its own.",
                    "Tài khoản do quản trị hệ thống cấp. Tài khoản mới đăng nhập bằng mật khẩu dùng một lần và đặt mật khẩu của mình.")),
        ]
    }
}
