import PCMTDomain
import PCMTStore

/// Integration tokens: each belongs to an account and is created for a unit and a role no wider than the account's,
/// shown once, revocable; a token stops when its owner is deactivated or no longer covers it.
enum TokensPage {
    struct Model {
        var tokens: [TokenListing]
        var csrfToken: String
        var problems: [FieldProblem] = []
        var draft: [String: String] = [:]
        var newSecret: (name: String, secret: String)?
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let labels = [
            "name": t("Name", "Tên"), "owner": t("Owner account (username)", "Tài khoản sở hữu (tên đăng nhập)"),
            "role": t("Role", "Vai trò"), "unit": t("Unit code", "Mã đơn vị"),
        ]
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
                                h("th", ["scope": "col"], labels["name"]!), h("th", ["scope": "col"], t("Owner", "Tài khoản sở hữu")),
                                h("th", ["scope": "col"], labels["role"]!),
                                h("th", ["scope": "col"], labels["unit"]!), h("th", ["scope": "col"], t("Created", "Tạo lúc")),
                                h("th", ["scope": "col"], t("Last used", "Dùng lần cuối")), h("th", ["scope": "col"], t("State", "Trạng thái")),
                            ])),
                    h(
                        "tbody", [:],
                        model.tokens.map { listing in
                            let token = listing.token
                            return h(
                                "tr", [:],
                                [
                                    h("td", [:], token.name), h("td", [:], owner(listing, t: t)), h("td", [:], token.role.rawValue),
                                    h("td", [:], token.unitCode),
                                    h("td", [:], "\(DateText.dateTime(token.createdAt)) · \(token.createdBy)"),
                                    h("td", [:], token.lastUsedAt.map(DateText.dateTime) ?? "—"),
                                    h(
                                        "td", [:],
                                        token.revokedAt != nil
                                            ? .text(t("revoked", "đã thu hồi"))
                                            : h(
                                                "form", ["method": "post", "action": SiteURL.adminTokenRevoke(.value(token.id)).path],
                                                [
                                                    standing(listing.standing, t: t),
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
                    Forms.field(labels["owner"]!, name: "owner", value: model.draft["owner"] ?? "", error: error("owner"), required: true),
                    Forms.select(
                        labels["role"]!, name: "role", value: model.draft["role"] ?? Role.viewer.rawValue, options: UsersPage.roleOptions(t)),
                    Forms.field(labels["unit"]!, name: "unit", value: model.draft["unit"] ?? "", error: error("unit"), required: true),
                    h("button", ["type": "submit", "class": "primary"], t("Create token", "Tạo mã")),
                ]),
        ]
    }

    /// The owner's username, or what stands in for it.
    static func owner(_ listing: TokenListing, t: Localizer) -> String {
        if let name = listing.ownerUsername { return name }
        return listing.token.ownerID == nil
            ? t("installation (command line)", "hệ thống (dòng lệnh)") : t("deleted account", "tài khoản đã xoá")
    }

    /// Why a token that is not revoked does not work now (nothing when it works).
    static func standing(_ standing: TokenStanding, t: Localizer) -> Node {
        let text: String? =
            switch standing {
            case .live, .revoked: nil
            case .ownerInactive: t("not working: the owner account is deactivated", "không dùng được: tài khoản sở hữu đã bị khoá")
            case .beyondOwner:
                t(
                    "not working: the owner's role or unit no longer covers it",
                    "không dùng được: vai trò hoặc đơn vị của tài khoản sở hữu không còn bao gồm mã này")
            case .unitGone: t("not working: the unit no longer exists", "không dùng được: đơn vị không còn")
            }
        return text.map { h("p", ["class": "field-error"], $0) } ?? .empty
    }
}
