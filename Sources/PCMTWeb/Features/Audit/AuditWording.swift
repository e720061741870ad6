import Foundation
import PCMTDomain
import PCMTStore

/// The audit log in the interface's language (issue 14, item 6): the kind and the subject of each event in words,
/// the summary (kept in English in the log, which is signed and never rewritten) said again in Vietnamese, and the
/// values before and after as a list of what changed, long texts folded and the changed words marked.
enum AuditWording {
    static func kind(_ raw: String, _ t: Localizer) -> String {
        switch AuditKind(rawValue: raw) {
        case .create: t("Created", "Tạo mới")
        case .update: t("Changed", "Sửa")
        case .delete: t("Deleted", "Xóa")
        case .signIn: t("Signed in", "Đăng nhập")
        case .signInFailed: t("Failed sign-in", "Đăng nhập không thành công")
        case .signOut: t("Signed out", "Đăng xuất")
        case .passwordChange: t("Password", "Đổi mật khẩu")
        case .permissionChange: t("Access rights", "Phân quyền")
        case .tokenCreate: t("API token created", "Tạo mã truy cập API")
        case .tokenRevoke: t("API token revoked", "Thu hồi mã truy cập API")
        case .export: t("Export", "Xuất dữ liệu")
        case .read: t("Record read", "Xem hồ sơ")
        case nil: raw
        }
    }

    static func entity(_ raw: String?, _ t: Localizer) -> String? {
        guard let raw else { return nil }
        let names: [String: (String, String)] = [
            "submission": ("Report", "Báo cáo"), "user": ("Account", "Tài khoản"), "round": ("Reporting round", "Kỳ báo cáo"),
            "plan": ("Plan", "Kế hoạch"), "data_values": ("Data", "Số liệu"), "api_token": ("API token", "Mã truy cập API"),
            "round_report": ("Province report", "Báo cáo tổng hợp"), "board": ("Target board", "Bảng chỉ tiêu"),
            "audit_log": ("Audit log", "Nhật ký"), "submission_attachment": ("Attachment to a report", "Tệp đính kèm báo cáo"),
            "split_shares": ("Shares of a split unit", "Tỷ lệ chia đơn vị"),
            "personal_data_key": ("Personal data key", "Khóa dữ liệu cá nhân"),
        ]
        return names[raw].map { t($0.0, $0.1) } ?? raw
    }

    /// The summary in Vietnamese, from the English sentence the log keeps; a sentence of no known form is shown as it
    /// is.
    static func summary(_ text: String, _ t: Localizer) -> String {
        guard !t.isEnglish else { return text }
        for (pattern, template) in patterns {
            guard let regex = try? NSRegularExpression(pattern: "^" + pattern + "$", options: [.dotMatchesLineSeparators]),
                let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
            else { continue }
            var result = template
            for index in stride(from: match.numberOfRanges - 1, through: 1, by: -1) {
                let value = Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
                result = result.replacingOccurrences(of: "$\(index)", with: actions[value] ?? value)
            }
            return result
        }
        return text
    }

    static let actions = [
        "submit": "gửi", "return": "trả lại", "approve": "duyệt", "reopen": "mở lại", "target": "chỉ tiêu", "task": "nhiệm vụ",
        "solution": "giải pháp", "assignment": "phân công", "project": "dự án", "duty": "nhiệm vụ được giao", "plan": "kế hoạch",
        "element": "chỉ số", "entered": "nhập", "imported": "nhập từ tệp", "demo": "dữ liệu mẫu",
    ]

    /// English summaries as the code writes them, and their Vietnamese.
    static let patterns: [(String, String)] = [
        ("report of (\\S+) saved", "Lưu bản nháp báo cáo của $1"),
        ("report of (\\S+): (\\w+)(.*)", "Báo cáo của $1: $2$3"),
        ("reporting round (\\S+) opened for (\\d+) units", "Mở kỳ báo cáo $1 cho $2 đơn vị"),
        ("(\\d+) value\\(s\\) (\\w+) for (\\S+) (\\S+)", "$1 số liệu ($2) của $3 kỳ $4"),
        (
            "file (.+) \\((.+), (\\d+) bytes, SHA-256 (\\w+)\\) attached to the report of (\\S+)",
            "Đính kèm tệp $1 ($2, $3 byte, SHA-256 $4) vào báo cáo của $5"
        ),
        ("attachment (.+) of the report of (\\S+) downloaded", "Tải tệp đính kèm $1 của báo cáo của $2"),
        ("file (.+) imported: (\\d+) rows, (\\d+) values changed", "Nhập tệp $1: $2 dòng, $3 số liệu thay đổi"),
        ("data value set: (\\d+) values, (\\d+) changed", "Gửi bộ số liệu qua API: $1 số liệu, $2 thay đổi"),
        ("area (\\S+) (\\S+): (\\d+) values sent, (\\d+) changed", "Bảng các xã của $1 kỳ $2: gửi $3 số liệu, $4 thay đổi"),
        (
            "personal data key changed: new key (\\w+), (\\d+) earlier key\\(s\\) kept",
            "Đổi khóa dữ liệu cá nhân: khóa mới $1, giữ $2 khóa cũ"
        ),
        ("earlier personal data keys removed: (\\d+), current key (\\w+)", "Bỏ $1 khóa dữ liệu cá nhân cũ, khóa hiện hành $2"),
        ("Sealed (\\d+) records again with the current personal data key (\\w+)", "Mã hóa lại $1 hồ sơ bằng khóa dữ liệu cá nhân hiện hành $2"),
        ("signed in", "Đăng nhập"),
        ("signed out", "Đăng xuất"),
        ("failed sign-in", "Đăng nhập sai"),
        ("changed own password", "Tự đổi mật khẩu"),
        ("sign-in held: too many failed attempts \\((\\S+)\\)", "Tạm khóa đăng nhập do nhập sai nhiều lần ($1)"),
        ("account (\\S+) created", "Tạo tài khoản $1"),
        ("account (\\S+) created from the command line", "Tạo tài khoản $1 từ dòng lệnh"),
        ("account (\\S+) changed", "Sửa tài khoản $1"),
        ("password of (\\S+) reset by an administrator", "Quản trị đặt lại mật khẩu của $1"),
        ("notice preferences of (\\S+)", "Cách nhận thông báo của $1"),
        ("API token (.+) of account (\\S+) created", "Tạo mã API $1 của tài khoản $2"),
        ("API token (.+) of account (\\S+) created from the command line", "Tạo mã API $1 của tài khoản $2 từ dòng lệnh"),
        ("(\\w+) (.+) in plan (\\S+)", "Sửa $1 $2 trong kế hoạch"),
        ("(\\w+) (.+) added to plan (\\S+)", "Thêm $1 $2 vào kế hoạch"),
        ("(\\w+) (.+) removed from plan (\\S+)", "Xóa $1 $2 khỏi kế hoạch"),
        ("province report text of the round saved \\(version (\\d+)\\)", "Lưu nội dung báo cáo tổng hợp (phiên bản $1)"),
        ("province report of round (\\S+) exported as docx", "Tải báo cáo tổng hợp kỳ $1 (Word)"),
        ("report of (\\S+) for (\\S+) exported as docx", "Tải báo cáo của $1 kỳ $2 (Word)"),
        ("(\\S+) table of round (\\S+) exported as CSV", "Tải bảng $1 kỳ $2 (CSV)"),
        ("target board of (\\S+) for (\\S+) exported as (\\w+)", "Tải bảng chỉ tiêu của $1 kỳ $2 ($3)"),
        ("completeness of round (\\S+) exported as CSV", "Tải tình hình nộp báo cáo kỳ $1 (CSV)"),
        ("annexes of round (\\S+) exported as xlsx", "Tải phụ lục kỳ $1 (Excel)"),
        ("audit log exported as CSV \\((\\d+) events\\)", "Tải nhật ký ($1 sự kiện, CSV)"),
        ("shares of (\\S+) between the new units set \\(version (\\d+)\\)", "Đặt tỷ lệ chia $1 cho các đơn vị mới (phiên bản $2)"),
    ]

    static let fieldNames: [String: (String, String)] = [
        "content": ("Content", "Nội dung"), "state": ("State", "Trạng thái"), "role": ("Role", "Vai trò"), "unit": ("Unit", "Đơn vị"),
        "disabled": ("Disabled", "Khóa"), "email": ("E-mail", "E-mail"), "email_notices": ("Notices by e-mail", "Nhận thông báo qua e-mail"),
        "results": ("Results", "Kết quả"), "shortcomings": ("Shortcomings", "Tồn tại, hạn chế"), "proposals": ("Proposals", "Đề xuất"),
        "value": ("Value", "Giá trị"), "text": ("Text", "Nội dung"), "period": ("Period", "Kỳ"), "due": ("Due date", "Hạn nộp"),
        "cutoff": ("Cut-off", "Thời gian chốt số liệu"), "units": ("Units", "Đơn vị"), "threshold": ("Threshold", "Ngưỡng"),
        "base": ("Compared with", "Mốc so sánh"), "code": ("Code", "Mã"), "name": ("Name", "Tên"), "title": ("Title", "Tiêu đề"),
        "number": ("Number", "Số"), "file": ("File", "Tệp"), "kind": ("Kind", "Loại"), "size": ("Size (bytes)", "Dung lượng (byte)"),
        "sha256": ("SHA-256", "SHA-256"), "note": ("Note", "Ghi chú"), "submission": ("Report", "Báo cáo"),
    ]

    /// One line of what changed: a field (or a duty's field, "1/a · Kết quả"), its value before and after.
    struct Change {
        var field: String
        var before: String?
        var after: String?
    }

    /// The changes between the log's `before` and `after` (JSON objects of text): fields that differ, and inside a
    /// report's content each duty's texts that differ.
    ///
    /// `names` gives data elements' names by "code" and "code/category" ("Vụ phạm tội về ma túy (Heroin)"), so that
    /// a change of values is named as the form names it; a key "unit/period/element" (an import, the API) reads
    /// "611 · 2024S1 · name".
    static func changes(before: String?, after: String?, _ t: Localizer, names: [String: String] = [:]) -> [Change] {
        func object(_ text: String?) -> [String: String] {
            guard let text, let data = text.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return [:] }
            return value.mapValues { ($0 as? String) ?? String(describing: $0) }
        }
        let old = object(before), new = object(after)
        var changes: [Change] = []
        for key in Set(old.keys).union(new.keys).sorted() where old[key] != new[key] {
            if key == "content", let a = content(old[key]), let b = content(new[key]) {
                for duty in Set(a.narratives.keys).union(b.narratives.keys).sorted() {
                    let x = a.narratives[duty] ?? .init(), y = b.narratives[duty] ?? .init()
                    for (name, path) in [
                        ("results", \SubmissionContent.Narrative.results), ("shortcomings", \.shortcomings), ("proposals", \.proposals),
                    ]
                    where x[keyPath: path] != y[keyPath: path] {
                        changes.append(
                            Change(
                                field: "\(SubmissionContent.dutyName(key: duty, t.language).capitalisedFirst) · \(label(name, t))",
                                before: x[keyPath: path], after: y[keyPath: path]))
                    }
                }
                for project in Set(a.projects.keys).union(b.projects.keys).sorted() where a.projects[project] != b.projects[project] {
                    changes.append(Change(field: "\(t("project", "dự án")) \(project)", before: nil, after: t("progress changed", "tiến độ đã sửa")))
                }
                continue
            }
            func word(_ value: String?) -> String? {
                guard let value else { return nil }
                switch key {
                case "state": return SubmissionState(rawValue: value)?.name(t.language) ?? value
                case "role": return Role(rawValue: value)?.name(t.language) ?? value
                case "disabled", "email_notices":
                    return ["true", "1"].contains(value) ? t("yes", "có") : ["false", "0"].contains(value) ? t("no", "không") : value
                default: return value
                }
            }
            changes.append(Change(field: label(key, t, names: names), before: word(old[key]), after: word(new[key])))
        }
        return changes
    }

    static func content(_ text: String?) -> SubmissionContent? {
        text.flatMap { try? JSONDecoder().decode(SubmissionContent.self, from: Data($0.utf8)) }
    }

    static func label(_ key: String, _ t: Localizer, names: [String: String] = [:]) -> String {
        if let known = fieldNames[key] { return t(known.0, known.1) }
        if let name = names[key] { return name }
        let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 3, let name = names[parts.dropFirst(2).joined(separator: "/")] {
            return "\(parts[0]) · \(parts[1]) · \(name)"
        }
        return key
    }

    /// Data elements' names by "code" and "code/category", in the page's language.
    static func elementNames(_ elements: [DataElement], _ t: Localizer) -> [String: String] {
        var names: [String: String] = [:]
        for element in elements {
            let name = t.isEnglish ? (element.nameEn ?? element.name) : element.name
            names[element.code] = name
            for category in element.categories {
                names["\(element.code)/\(category.code)"] = "\(name) (\(t.isEnglish ? (category.nameEn ?? category.name) : category.name))"
            }
        }
        return names
    }

    /// Texts longer than this are folded under their first words.
    static let foldAt = 160

    /// A change as the page shows it: the field, then before → after with the changed words marked; long texts
    /// folded.
    static func view(_ change: Change, _ t: Localizer) -> Node {
        let before = change.before ?? "", after = change.after ?? ""
        let marked: [Node] = WordDiff.diff(before, after).map { part in
            switch part {
            case .same(let text): .text(text + " ")
            case .removed(let text): h("del", [:], text + " ")
            case .added(let text): h("ins", [:], text + " ")
            }
        }
        let body: Node =
            before.count + after.count > foldAt
            ? h(
                "details", [:],
                [
                    h("summary", [:], String((after.isEmpty ? before : after).prefix(80)) + "…"),
                    h("p", ["class": "diff"], marked),
                ])
            : h("p", ["class": "diff"], marked.isEmpty ? [.text("—")] : marked)
        return h("li", [:], [h("strong", [:], change.field + ": "), body])
    }
}
