import PCMTDomain
import PCMTStore

/// Integration tokens: created for a unit and a role, shown once, revocable.
enum TokensPage {
    struct Model {
        var tokens: [APIToken]
        var csrfToken: String
        var problems: [FieldProblem] = []
        var draft: [String: String] = [:]
        var newSecret: (name: String, secret: String)?
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let labels = ["name": t("Name", "Tên"), "role": t("Role", "Vai trò"), "unit": t("Unit code", "Mã đơn vị")]
        func error(_ field: String) -> String? { model.problems.first { $0.field == field }?.message(t.language) }
        return [
            h("h1", [:], t("API tokens", "Mã truy cập API")),
            model.newSecret.map { item in
                h(
                    "div", ["class": "notice notice-warn", "role": "status"],
                    [
                        h(
                            "p", [:],
                            t(
                                "Token “\(item.name)” — shown only now; pcmt keeps only its hash. Use it as “Authorization: Bearer …”:",
                                "Mã “\(item.name)” — chỉ hiện lần này; pcmt chỉ lưu giá trị băm. Dùng trong “Authorization: Bearer …”:")),
                        h("p", [:], h("code", ["class": "secret"], item.secret)),
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
                                h("th", ["scope": "col"], labels["name"]!), h("th", ["scope": "col"], labels["role"]!),
                                h("th", ["scope": "col"], labels["unit"]!), h("th", ["scope": "col"], t("Created", "Tạo lúc")),
                                h("th", ["scope": "col"], t("Last used", "Dùng lần cuối")), h("th", ["scope": "col"], t("State", "Trạng thái")),
                            ])),
                    h(
                        "tbody", [:],
                        model.tokens.map { token in
                            h(
                                "tr", [:],
                                [
                                    h("td", [:], token.name), h("td", [:], token.role.rawValue), h("td", [:], token.unitCode),
                                    h("td", [:], "\(DateText.dateTime(token.createdAt)) · \(token.createdBy)"),
                                    h("td", [:], token.lastUsedAt.map(DateText.dateTime) ?? "—"),
                                    h(
                                        "td", [:],
                                        token.revokedAt != nil
                                            ? .text(t("revoked", "đã thu hồi"))
                                            : h(
                                                "form", ["method": "post", "action": SiteURL.adminTokenRevoke(.value(token.id)).path],
                                                [
                                                    Forms.csrf(model.csrfToken),
                                                    h("button", ["type": "submit"], t("Revoke", "Thu hồi")),
                                                ])),
                                ])
                        }),
                ]),
            h("h2", [:], t("New token", "Tạo mã")),
            Forms.errorSummary(model.problems, labels: labels, t: t),
            h(
                "form", ["method": "post", "action": SiteURL.adminTokens.path, "class": "narrow"],
                [
                    Forms.csrf(model.csrfToken),
                    Forms.field(labels["name"]!, name: "name", value: model.draft["name"] ?? "", error: error("name"), required: true),
                    Forms.select(
                        labels["role"]!, name: "role", value: model.draft["role"] ?? Role.viewer.rawValue, options: UsersPage.roleOptions(t)),
                    Forms.field(labels["unit"]!, name: "unit", value: model.draft["unit"] ?? "", error: error("unit"), required: true),
                    h("button", ["type": "submit", "class": "primary"], t("Create token", "Tạo mã")),
                ]),
        ]
    }
}
