import Foundation
import PCMTDomain

/// The frame every page shares: language, navigation, search, and a print-friendly body.
struct Layout {
    var title: String
    var localizer: Localizer
    /// The path of the page, so the language switch comes back to it.
    var currentPath: String
    var planID: UUID?
    var planCode: String?
    /// The signed-in account, for its menu; nil for visitors.
    var session: LayoutSession? = nil

    func render(_ content: [Node]) -> String {
        let t = localizer
        let document = h(
            "html", ["lang": t.language.rawValue],
            [
                h(
                    "head", [:],
                    [
                        h("meta", ["charset": "utf-8"]),
                        h("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
                        h("title", [:], "\(title) · pcmt"),
                        h("link", ["rel": "stylesheet", "href": SiteURL.stylesheet.path]),
                    ]),
                h(
                    "body", [:],
                    [
                        h("a", ["class": "skip", "href": "#main"], t("Skip to content", "Bỏ qua điều hướng")),
                        header,
                        h("main", ["id": "main"], content),
                        h(
                            "footer", [:],
                            [
                                h(
                                    "p", [:],
                                    t(
                                        "pcmt — drug prevention and control plans as data. Open source.",
                                        "pcmt — kế hoạch phòng, chống ma túy dưới dạng dữ liệu. Phần mềm nguồn mở."))
                            ]),
                    ]),
            ])
        return "<!DOCTYPE html>\n" + document.rendered + "\n"
    }

    private var accountMenu: Node {
        let t = localizer
        guard let session else {
            return h("a", ["class": "signin", "href": SiteURL.signIn().path], t("Sign in", "Đăng nhập"))
        }
        return h(
            "form", ["class": "account", "action": SiteURL.signOut.path, "method": "post"],
            [
                h(
                    "span", ["class": "who"],
                    [link(SiteURL.password().path, session.username), h("small", [:], " · \(session.role.name(t.language))")]),
                h(
                    "a", ["class": session.unreadNotices > 0 ? "notices unread" : "notices", "href": SiteURL.notices.path],
                    session.unreadNotices > 0
                        ? t("Notices (\(session.unreadNotices) new)", "Thông báo (\(session.unreadNotices) mới)") : t("Notices", "Thông báo")),
                Forms.csrf(session.csrfToken),
                h("button", ["type": "submit"], t("Sign out", "Đăng xuất")),
            ])
    }

    private var header: Node {
        let t = localizer
        var navItems: [Node] = [h("li", [:], link(SiteURL.home().path, t("Home", "Trang chủ")))]
        // The same menu on every page: a page of no plan links to the current plan's parts through /plan/{section}.
        func planPath(_ section: String, _ url: (Parameter<UUID>) -> SiteURL) -> String {
            planID.map { url(.value($0)).path } ?? SiteURL.currentPlan(.value(section)).path
        }
        navItems += [
            h("li", [:], link(planPath("targets") { .targets($0) }, t("Targets", "Chỉ tiêu"))),
            h("li", [:], link(planPath("tasks") { .tasks($0) }, t("Key tasks", "Nhiệm vụ trọng tâm"))),
            h("li", [:], link(planPath("solutions") { .solutions($0) }, t("Solutions", "Giải pháp"))),
            h("li", [:], link(planPath("assignments") { .assignments($0) }, t("Assignments", "Phân công"))),
            h("li", [:], link(planPath("projects") { .projects($0) }, t("Projects", "Dự án"))),
        ]
        navItems += [
            h("li", [:], link(SiteURL.orgUnits.path, t("Organisation units", "Đơn vị"))),
            h("li", [:], link(SiteURL.plans.path, t("Plans", "Kế hoạch"))),
        ]
        if let session {
            // The menu asks the same policy as the routes: an entry shows only where its capability is open to the role.
            let role = session.role
            navItems.insert(h("li", [:], link(planPath("board") { .board($0) }, t("Target board", "Bảng chỉ tiêu"))), at: 1)
            if Capability.seeRounds.isOpen(to: role) {
                navItems.append(h("li", [:], link(planPath("rounds") { .rounds($0) }, t("Reporting rounds", "Kỳ báo cáo"))))
            }
            if Capability.enterData.isOpen(to: role) {
                navItems.append(h("li", [:], link(SiteURL.dataIndex.path, t("Data entry", "Nhập số liệu"))))
            }
            if Capability.managePeople.isOpen(to: role) {
                navItems.append(h("li", [:], link(SiteURL.registry.path, t("People registers", "Sổ quản lý"))))
            }
            if Capability.manageRecords.isOpen(to: role) {
                navItems.append(h("li", [:], link(SiteURL.records.path, t("Case and hotspot registers", "Sổ theo dõi"))))
            }
            if Capability.editPlan.isOpen(to: role) {
                navItems.append(h("li", [:], link(planPath("edit") { .editPlan($0) }, t("Edit plan", "Sửa kế hoạch"))))
            }
            if Capability.administer.isOpen(to: role) {
                navItems.append(h("li", [:], link(SiteURL.adminUsers.path, t("Accounts", "Tài khoản"))))
                navItems.append(h("li", [:], link(SiteURL.adminTokens.path, t("API tokens", "Mã truy cập API"))))
            }
            if Capability.readAudit.isOpen(to: role) {
                navItems.append(h("li", [:], link(SiteURL.audit().path, t("Audit log", "Nhật ký"))))
            }
        }
        let otherLanguage: (code: String, label: String) = t.isEnglish ? ("vi", "Tiếng Việt") : ("en", "English")
        return h(
            "header", ["class": "site"],
            [
                h(
                    "div", ["class": "bar"],
                    [
                        h(
                            "a", ["class": "brand", "href": SiteURL.home().path],
                            [
                                "pcmt",
                                h("span", [:], planCode.map { " · \($0)" } ?? ""),
                            ]),
                        h(
                            "form", ["class": "search", "action": SiteURL.search().path, "method": "get", "role": "search"],
                            [
                                h("label", ["for": "q", "class": "visually-hidden"], t("Search", "Tìm kiếm")),
                                h(
                                    "input",
                                    [
                                        "type": "search", "id": "q", "name": "q",
                                        "placeholder": t("Search the plan and units", "Tìm trong kế hoạch và đơn vị"),
                                    ]),
                                h("button", ["type": "submit"], t("Search", "Tìm")),
                            ]),
                        h(
                            "a",
                            [
                                "class": "lang", "href": SiteURL.language(.value(otherLanguage.code), .init(back: currentPath)).path,
                                "hreflang": otherLanguage.code, "lang": otherLanguage.code,
                            ], otherLanguage.label),
                        accountMenu,
                    ]),
                h("nav", ["aria-label": t("Main", "Chính")], h("ul", [:], navItems)),
            ])
    }
}

struct LayoutSession {
    var username: String
    var role: Role
    var csrfToken: String
    /// Shown beside "Thông báo" in the menu.
    var unreadNotices: Int = 0
}
