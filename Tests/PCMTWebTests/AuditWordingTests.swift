import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// The audit log in users' terms (issue 14, item 6).
@Suite struct AuditWordingTests {
    /// Each summary the code writes, as it writes it, is said in Vietnamese (written by hand here).
    @Test(arguments: [
        ("report of 611 saved", "Lưu bản nháp báo cáo của 611"),
        ("report of 611: return — Bổ sung số liệu.", "Báo cáo của 611: trả lại — Bổ sung số liệu."),
        ("report of 62-SYT: approve", "Báo cáo của 62-SYT: duyệt"),
        ("report of 611: return; Nhiệm vụ 21, ý 2: Bổ sung.", "Báo cáo của 611: trả lại; Nhiệm vụ 21, ý 2: Bổ sung."),
        ("reporting round 2024S1 opened for 30 units", "Mở kỳ báo cáo 2024S1 cho 30 đơn vị"),
        ("account ngochoi created", "Tạo tài khoản ngochoi"),
        ("account ngochoi created from the command line", "Tạo tài khoản ngochoi từ dòng lệnh"),
        ("password of ngochoi reset by an administrator", "Quản trị đặt lại mật khẩu của ngochoi"),
        ("target T04 in plan 6f0c3959-2021-4025-8d62-000000003959", "Sửa chỉ tiêu T04 trong kế hoạch"),
        ("annexes of round 2023 exported as xlsx", "Tải phụ lục kỳ 2023 (Excel)"),
        ("audit log exported as CSV (12 events)", "Tải nhật ký (12 sự kiện, CSV)"),
        ("signed in", "Đăng nhập"),
        ("4 value(s) entered for 611 2025", "4 số liệu (nhập) của 611 kỳ 2025"),
        ("area 611 2024S1: 152 values sent, 150 changed", "Bảng các xã của 611 kỳ 2024S1: gửi 152 số liệu, 150 thay đổi"),
        ("shares of 21142 between the new units set (version 2)", "Đặt tỷ lệ chia 21142 cho các đơn vị mới (phiên bản 2)"),
        (
            "personal data key changed: new key 9f3a1c2b4d5e6f70, 1 earlier key(s) kept",
            "Đổi khóa dữ liệu cá nhân: khóa mới 9f3a1c2b4d5e6f70, giữ 1 khóa cũ"
        ),
        ("earlier personal data keys removed: 2, current key 9f3a1c2b4d5e6f70", "Bỏ 2 khóa dữ liệu cá nhân cũ, khóa hiện hành 9f3a1c2b4d5e6f70"),
        (
            "Sealed 12 records again with the current personal data key 9f3a1c2b4d5e6f70",
            "Mã hóa lại 12 hồ sơ bằng khóa dữ liệu cá nhân hiện hành 9f3a1c2b4d5e6f70"
        ),
        ("something new the code writes", "something new the code writes"),
    ])
    func summaries(english: String, vietnamese: String) {
        #expect(AuditWording.summary(english, Localizer(language: .vi)) == vietnamese)
        #expect(AuditWording.summary(english, Localizer(language: .en)) == english)
    }

    @Test func aReportsTextChangeIsShownDutyByDutyWithTheChangedWords() throws {
        let before =
            #"{"content":"{\"narratives\":{\"21\/-1\":{\"proposals\":\"\",\"results\":\"Đã tổ chức 10 cuộc\",\"shortcomings\":\"\"}},\"projects\":{}}"}"#
        let after =
            #"{"content":"{\"narratives\":{\"21\/-1\":{\"proposals\":\"\",\"results\":\"Đã tổ chức 12 cuộc\",\"shortcomings\":\"\"}},\"projects\":{}}"}"#
        let changes = AuditWording.changes(before: before, after: after, Localizer(language: .vi))
        #expect(changes.count == 1)
        #expect(changes.first?.field == "Nhiệm vụ 21, ý 1 · Kết quả", "the duty as officials cite it")
        let html = AuditWording.view(try #require(changes.first), Localizer(language: .vi)).rendered
        #expect(html.contains("<del>10 </del><ins>12 </ins>"), "\(html)")
        let element = DataElement(
            code: "drug_cases", name: "Vụ phạm tội về ma túy", measure: "vụ", aggregation: .flow, collectedAt: .init(level: .district),
            categories: [.init(code: "heroin", name: "Heroin")])
        let names = AuditWording.elementNames([element], Localizer(language: .vi))
        let values = AuditWording.changes(
            before: #"{"611/2024S1/drug_cases/heroin":"4"}"#, after: #"{"611/2024S1/drug_cases/heroin":"5"}"#, Localizer(language: .vi),
            names: names)
        #expect(values.map(\.field) == ["611 · 2024S1 · Vụ phạm tội về ma túy (Heroin)"], "a value named as the form names it")
        #expect(
            AuditWording.changes(before: #"{"drug_cases":"4"}"#, after: #"{"drug_cases":"5"}"#, Localizer(language: .vi), names: names)
                .map(\.field) == ["Vụ phạm tội về ma túy"])
        let state = AuditWording.changes(before: #"{"state":"submitted"}"#, after: #"{"state":"returned"}"#, Localizer(language: .vi))
        #expect(state.map(\.field) == ["Trạng thái"] && state.first?.after == "Trả lại", "the state in words")
    }

    @Test(arguments: TestBackend.available)
    func theAuditPageSpeaksVietnamese(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let auditor = try await TestAccounts.browser(app, "thanhtra", .auditor, unit: "62")
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            _ = try await RoundTests().openRound(office, "2023")
            let page = try await auditor.get("/audit").body.string
            #expect(page.contains("Mở kỳ báo cáo 2023 cho 30 đơn vị"), "\(page.prefix(3000))")
            #expect(page.contains("<strong>Kỳ báo cáo · </strong>"))
            #expect(page.contains(">Đăng nhập</td>"), "the kind in words")
            #expect(!page.contains(">sign_in</td>"))
            _ = try await auditor.get("/lang/en?back=/audit")
            #expect(try await auditor.get("/audit").body.string.contains("reporting round 2023 opened for 30 units"))
        }
    }
}
