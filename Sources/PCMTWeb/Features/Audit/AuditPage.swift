import PCMTStore

/// The audit log for auditors, filtered by user, unit, kind and date.
enum AuditPage {
    struct Model {
        var events: [AuditEvent]
        var filter: [String: String]
        var verification: AuditVerification
        var query: AuditQuery
        /// Unit names by code, to say where an event happened.
        var unitNames: [String: String] = [:]
        /// Data elements' names by "code" and "code/category" (``AuditWording/elementNames(_:_:)``).
        var elementNames: [String: String] = [:]
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        [
            h("h1", [:], t("Audit log", "Nhật ký hệ thống")),
            verificationNotice(model.verification, t: t),
            h(
                "form", ["method": "get", "action": SiteURL.audit().path, "class": "filters"],
                [
                    Forms.field(t("User", "Người dùng"), name: "user", value: model.filter["user"] ?? ""),
                    Forms.field(t("Unit code", "Mã đơn vị"), name: "unit", value: model.filter["unit"] ?? ""),
                    Forms.select(
                        t("Kind", "Loại"), name: "kind", value: model.filter["kind"] ?? "",
                        options: [("", t("all", "tất cả"))] + AuditKind.allCases.map { ($0.rawValue, AuditWording.kind($0.rawValue, t)) }),
                    Forms.field(t("From (yyyy-mm-dd)", "Từ ngày (yyyy-mm-dd)"), name: "from", value: model.filter["from"] ?? "", type: "date"),
                    Forms.field(t("To (yyyy-mm-dd)", "Đến ngày (yyyy-mm-dd)"), name: "to", value: model.filter["to"] ?? "", type: "date"),
                    h("button", ["type": "submit"], t("Filter", "Lọc")),
                    link(SiteURL.auditCSV(model.query).path, t("Download CSV", "Tải CSV"), attributes: ["class": "button"]),
                ]),
            h(
                "p", ["class": "lead"],
                t(
                    "\(model.events.count) events (newest first, at most 500).",
                    "\(model.events.count) sự kiện (mới nhất trước, tối đa 500).")),
            h(
                "table", ["class": "audit"],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], "#"), h("th", ["scope": "col"], t("When", "Thời gian")),
                                h("th", ["scope": "col"], t("Who", "Ai")), h("th", ["scope": "col"], t("From", "Địa chỉ")),
                                h("th", ["scope": "col"], t("Kind", "Loại")), h("th", ["scope": "col"], t("What", "Nội dung")),
                                h("th", ["scope": "col"], t("What changed", "Thay đổi")),
                            ])),
                    h(
                        "tbody", [:],
                        model.events.map { event in
                            h(
                                "tr", [:],
                                [
                                    h("td", ["class": "num"], String(event.seq)),
                                    h("td", [:], DateText.dateTime(event.at)),
                                    h("td", [:], [.text(event.actor), h("small", [:], event.actorUnit.map { " · \($0)" } ?? "")]),
                                    h("td", [:], event.address ?? ""),
                                    h("td", [:], AuditWording.kind(event.kind, t)),
                                    h(
                                        "td", [:],
                                        [
                                            AuditWording.entity(event.entity, t).map { h("strong", [:], $0 + " · ") } ?? .empty,
                                            .text(AuditWording.summary(event.summary, t)),
                                            event.unitCode.map { code in
                                                h("small", ["class": "where"], " · " + (model.unitNames[code].map { "\($0) (\(code))" } ?? code))
                                            } ?? .empty,
                                        ]),
                                    h(
                                        "td", ["class": "changes"],
                                        {
                                            let changes = AuditWording.changes(
                                                before: event.before, after: event.after, t, names: model.elementNames)
                                            return changes.isEmpty ? .text("") : h("ul", [:], changes.map { AuditWording.view($0, t) })
                                        }()),
                                ])
                        }),
                ]),
        ]
    }

    static func verificationNotice(_ verification: AuditVerification, t: Localizer) -> Node {
        switch verification {
        case .intact(let count):
            Forms.notice(t("The chain of \(count) events is intact.", "Chuỗi \(count) sự kiện còn nguyên vẹn."))
        case .broken(let seq, let reason):
            Forms.notice(t("The chain is broken at event \(seq): \(reason).", "Chuỗi bị phá vỡ tại sự kiện \(seq): \(reason)."), kind: "error")
        }
    }
}
