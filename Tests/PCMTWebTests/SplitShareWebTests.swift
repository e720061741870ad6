import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// A split shared by a ratio the office sets (issue 16, item 2), on SQLite and PostgreSQL: Xã Trà Bùi (21142, old
/// Quảng Ngãi) went in part to Xã Cà Đam (21136) and the remainder to Xã Tây Trà Bồng (21157), with no shares in the
/// resolution. The new province's standing office sets 40% / 60% on Trà Bùi's page; the new communes' re-based
/// figures then count that share of Trà Bùi's, by hand: counselling 50 in 2025S1 and 10 in 2024S2 gives Cà Đam 20 and
/// 4, Tây Trà Bồng 30 and 6; the board's note shows the assumption. A total of 90% is refused on the field, a stale
/// form gets 409, and the change is audited.
@Suite struct SplitShareWebTests {
    static let page = SiteURL.orgUnit(.value("21142")).path
    static let action = SiteURL.orgUnitSplitShares(.value("21142")).path

    @Test(arguments: TestBackend.available)
    func theOfficeSetsTheSharesOfTraBuiAndTheNewCommunesCountThem(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let planID = try #require(UUID(uuidString: konTumPlanID))
            let plan = try #require(try await PlanStore(database: app.db).plan(id: planID))
            let elements = try await DataElementStore(database: app.db).elements(planID: plan.id)
            let traBui = UnitPlacement(unitCode: "21142", districtCode: "525", provinceCode: "51")
            _ = try await DataValueStore(database: app.db).insertMissing(
                [("2024S2", 10.0), ("2025S1", 50.0)].map {
                    BulkValue(element: "counselling", placement: traBui, period: Period($0.0)!, category: "", value: $0.1)
                }, elements: elements, by: "test")
            let timeline = try await OrgUnitStore(database: app.db).index().timeline
            let caDam = try #require(timeline.unit("21136", on: "2025-07-01"))
            let tayTraBong = try #require(timeline.unit("21157", on: "2025-07-01"))
            let board = BoardQuery(database: app.db)

            // Before any share: Trà Bùi is left out of both and named.
            let before = try await board.totals(plan: plan, unit: caDam).unit
            #expect(before.halves["counselling"]?["2025S1"] == nil)
            #expect(before.rebasedPartial.contains("Xã Trà Bùi"))
            let visitorPage = try await Browser(app).get(Self.page)
            #expect(visitorPage.status == .ok)
            #expect(visitorPage.body.string.contains("Tỷ lệ chia cho các đơn vị mới"))
            #expect(visitorPage.body.string.contains("chưa đặt: không tính"))
            #expect(!visitorPage.body.string.contains("name=\"share-21136\""), "a visitor is shown the shares, not the form")
            let caDamPage = SiteURL.orgUnit(.value("21136")).path
            #expect(try await Browser(app).get(caDamPage).body.string.contains("Xã Trà Bùi (một phần, chưa đặt tỷ lệ: không tính)"))

            // Kon Tum's standing office does not reach old Quảng Ngãi's commune: no form, and its post is refused.
            let konTum = try await TestAccounts.browser(app, "vpkontum", .standingOffice, unit: "62-CAT")
            #expect(!(try await konTum.get(Self.page).body.string.contains("name=\"share-21136\"")))
            let refused = try await konTum.post(Self.action, ["share-21136": "40", "share-21157": "60", "version": "0"])
            #expect(refused.status == .forbidden)

            // The new province's standing office has the form.
            let office = try await TestAccounts.browser(app, "vpquangngai", .standingOffice, unit: "51-CAT")
            let form = try await office.get(Self.page).body.string
            #expect(form.contains("name=\"share-21136\"") && form.contains("name=\"share-21157\""))
            #expect(form.contains("name=\"version\" value=\"0\""))

            // 40% + 50% is refused, the message on the shares' field, nothing saved.
            let ninety = try await office.post(Self.action, ["share-21136": "40", "share-21157": "50", "version": "0", "note": ""])
            #expect(ninety.status == .unprocessableEntity)
            let ninetyPage = ninety.body.string
            #expect(ninetyPage.contains("Tổng tỷ lệ của các đơn vị mới phải bằng đúng 100% (hiện là 90%)."), "\(ninetyPage)")
            #expect(ninetyPage.contains("id=\"f-shares\" class=\"has-error\""))
            #expect(ninetyPage.contains("value=\"50\""), "the form keeps what was typed")
            let word = try await office.post(Self.action, ["share-21136": "bốn mươi", "share-21157": "60", "version": "0"])
            #expect(word.status == .unprocessableEntity)
            #expect(word.body.string.contains("Nhập tỷ lệ bằng số phần trăm, ví dụ 40 hoặc 40,5."))
            #expect(try await SplitShareStore(database: app.db).shares(of: try #require(timeline.versions["21142"]?.last)).version == 0)

            // 40% / 60% (a comma or a dot accepted) is saved and audited.
            let note = "Giả định theo diện tích tự nhiên ước tính của phần xã Trà Bùi nhập vào mỗi xã."
            let saved = try await office.post(Self.action, ["share-21136": "40,0", "share-21157": "60", "version": "0", "note": note])
            #expect(saved.status == .seeOther)
            let shown = try await Browser(app).get(Self.page).body.string
            #expect(shown.contains("40%") && shown.contains("60%") && shown.contains(note))
            #expect(try await Browser(app).get(caDamPage).body.string.contains("Xã Trà Tân, Xã Trà Bùi (một phần, giả định 40%)"))
            let event = try #require(try await AuditLog(database: app.db).latest(entity: SplitShareStore.entity, entityID: "21142|"))
            #expect(event.actor.contains("vpquangngai") && event.unitCode == "21142", "\(event.actor)")
            #expect(event.after?.contains("40%") == true && event.after?.contains("60%") == true, "\(event.after ?? "")")

            // A form opened before that save is refused with 409 and shown again; nothing changes.
            let stale = try await office.post(Self.action, ["share-21136": "50", "share-21157": "50", "version": "0"])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("vừa lưu tỷ lệ (phiên bản 1)"))

            // The re-based figures, by hand: 0.4 × and 0.6 × Trà Bùi's, flows of each half-year and the year.
            let caDamTotals = try await board.totals(plan: plan, unit: caDam).unit
            let tayTraBongTotals = try await board.totals(plan: plan, unit: tayTraBong).unit
            func near(_ value: Double?, _ expected: Double) -> Bool { value.map { abs($0 - expected) < 1e-9 } ?? false }
            #expect(near(caDamTotals.halves["counselling"]?["2025S1"], 20), "\(caDamTotals.halves["counselling"] ?? [:])")
            #expect(near(tayTraBongTotals.halves["counselling"]?["2025S1"], 30))
            #expect(near(caDamTotals.years["counselling"]?[2024], 4))
            #expect(near(tayTraBongTotals.years["counselling"]?[2024], 6))
            #expect(caDamTotals.rebased["counselling"]?.isSuperset(of: ["2024", "2025S1"]) == true)
            #expect(caDamTotals.rebasedFrom.contains("Xã Trà Bùi (giả định 40%)"), "\(caDamTotals.rebasedFrom)")
            #expect(tayTraBongTotals.rebasedFrom.contains("Xã Trà Bùi (giả định 60%)"))
            #expect(!caDamTotals.rebasedPartial.contains("Xã Trà Bùi"), "no longer left out")

            // The board's note shows the assumption.
            let newProvince = try #require(timeline.unit("51", on: "2025-07-01"))
            let viewer = Principal(kind: .user(id: "9", username: "qn"), role: .viewer, unit: newProvince)
            let context = PageQueryContext(db: app.db, principal: viewer, clock: try #require(ProvinceClock.fixed(day: "2026-11-30")))
            let boardPage = try await BoardPage.model(context, BoardFilter(period: "2025", unit: "21136", allData: true), plan: plan)
            #expect(boardPage.unit == caDam)
            var html = ""
            for node in BoardPage.view(boardPage, t: Localizer(language: .vi)) { node.render(into: &html) }
            #expect(html.contains("“Tính lại”") && html.contains("Xã Trà Bùi (giả định 40%)"), "the note names the assumption")

            // Cleared (every share empty): Trà Bùi is left out again.
            let cleared = try await office.post(Self.action, ["share-21136": "", "share-21157": "", "version": "1", "note": note])
            #expect(cleared.status == .seeOther)
            let after = try await board.totals(plan: plan, unit: caDam).unit
            #expect(after.halves["counselling"]?["2025S1"] == nil)
            #expect(after.rebasedPartial.contains("Xã Trà Bùi"))
        }
    }
}
