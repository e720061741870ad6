import PCMTDomain

/// Choosing a new password: required after a one-time password, possible at any time.
enum PasswordPage {
    struct Model {
        var username: String
        var mustChange: Bool
        var problems: [FieldProblem]
        var csrfToken: String
        var saved: Bool
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let labels = [
            "current": t("Current password", "Mật khẩu hiện tại"), "new": t("New password", "Mật khẩu mới"),
            "confirm": t("New password again", "Nhập lại mật khẩu mới"),
        ]
        func error(_ field: String) -> String? { model.problems.first { $0.field == field }?.message(t.language) }
        return [
            h("h1", [:], t("Password", "Mật khẩu")),
            model.saved ? Forms.notice(t("Your new password is saved.", "Đã lưu mật khẩu mới.")) : .empty,
            model.mustChange
                ? Forms.notice(
                    t(
                        "You signed in with a one-time password. Choose your own password to go on.",
                        "Bạn đã đăng nhập bằng mật khẩu dùng một lần. Hãy đặt mật khẩu của mình để tiếp tục."), kind: "warn") : .empty,
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h(
                "form", ["method": "post", "action": SiteURL.password().path, "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.hidden("username", model.username),
                    Forms.field(
                        labels["current"]!, name: "current", value: "", type: "password", error: error("current"), required: true,
                        attributes: ["autocomplete": "current-password"]),
                    Forms.field(
                        labels["new"]!, name: "new", value: "", type: "password", error: error("new"),
                        help: t(
                            "At least \(PasswordPolicy.minimumLength) characters, not containing your username.",
                            "Ít nhất \(PasswordPolicy.minimumLength) ký tự, không chứa tên đăng nhập."), required: true,
                        attributes: ["autocomplete": "new-password"]),
                    Forms.field(
                        labels["confirm"]!, name: "confirm", value: "", type: "password", error: error("confirm"), required: true,
                        attributes: ["autocomplete": "new-password"]),
                    h("button", ["type": "submit", "class": "primary"], t("Save password", "Lưu mật khẩu")),
                ]),
        ]
    }

    static func problems(_ problems: [PasswordPolicy.Problem]) -> [FieldProblem] {
        problems.map { problem in
            switch problem {
            case .tooShort(let minimum):
                FieldProblem(field: "new", en: "At least \(minimum) characters.", vi: "Ít nhất \(minimum) ký tự.")
            case .containsUsername:
                FieldProblem(field: "new", en: "The password must not contain the username.", vi: "Mật khẩu không được chứa tên đăng nhập.")
            case .mismatch:
                FieldProblem(field: "confirm", en: "The two new passwords differ.", vi: "Hai mật khẩu mới không giống nhau.")
            }
        }
    }
}
