import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// A commune's figures from its register (issue 17, item 1) on a real database: the standing office makes Xã Tu Mơ
/// Rông's figures derived; a person registered on the web moves them at once; the entry form no longer takes them; the
/// page shows the saved figure beside the register's count. Made-up person.
@Suite struct RegistryTotalsWebTests {
    static let today = "2026-11-30"

    @Test(arguments: TestBackend.available)
    func theStandingOfficeDerivesACommunesFiguresAndARecordMovesThemAtOnce(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            app.clock = try #require(ProvinceClock.fixed(day: Self.today))
            let office = try await TestAccounts.browser(app, "so51", .standingOffice, unit: "51-CAT")
            let officer = try await TestAccounts.browser(app, "xa23425", .communeOfficer, unit: "23425")

            // Typed at first: the page says so, and shows what the register counts (nobody yet).
            let before = try await office.get("/registry/communes/23425/sources?period=2026S2")
            #expect(before.status == .ok)
            #expect(before.body.string.contains("Nhập tay"))
            #expect(before.body.string.contains("Lưu lựa chọn"))
            // A commune officer sees the page but not the choice.
            let seen = try await officer.get("/registry/communes/23425/sources")
            #expect(seen.status == .ok && !seen.body.string.contains("Lưu lựa chọn"))
            #expect(try await officer.post("/registry/communes/23425/sources", ["element": "addicts", "fromYear": "2026"]).status == .forbidden)

            // A bad year is refused, naming the field, nothing changed.
            let bad = try await office.post("/registry/communes/23425/sources", ["element": "addicts", "fromYear": "1999"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("fromYear"))
            #expect(try await ElementSourceStore(database: app.db).sources(unitCodes: ["23425"]).isEmpty)

            let chosen = try await office.post("/registry/communes/23425/sources", ["element": "users_with_record", "fromYear": "2026"])
            #expect(chosen.status == .seeOther)
            #expect(
                try await ElementSourceStore(database: app.db).derivedElements(unitCode: "23425", period: .halfYear(2026, half: 2)) == [
                    "users_with_record"
                ])
            let both = try await office.post(
                "/registry/communes/23425/sources", pairs: [("element", "users_with_record"), ("element", "addicts"), ("fromYear", "2025")])
            #expect(both.status == .seeOther)
            #expect(
                try await ElementSourceStore(database: app.db).derivedElements(unitCode: "23425", period: .halfYear(2026, half: 2)) == [
                    "users_with_record", "addicts",
                ])

            // A person registered on the web: the commune's figures move in the same request.
            let registered = try await officer.post(
                "/registry/communes/23425/new",
                [
                    "fullName": "Nguyễn Văn Mẫu", "sex": "male", "birth": "1990", "idNumber": "999090000001", "address": "Thôn Mẫu",
                    "status": "addict", "statusOn": "2026-09-01", "statusBody": "Trạm y tế xã", "managedFrom": "2026-09-02",
                ])
            #expect(registered.status == .seeOther)
            let values = try await DataValueStore(database: app.db).values(unitCode: "23425", periods: ["2026S2"])
            #expect(values.first { $0.element == "users_with_record" }?.value == 1)
            #expect(values.first { $0.element == "addicts" && $0.category == "male" }?.value == 1)
            #expect(values.first { $0.element == "users_with_record" }?.updatedBy == "xa23425")
            let after = try await office.get("/registry/communes/23425/sources?period=2026S2")
            #expect(after.body.string.contains("Tính từ sổ quản lý người sử dụng, người nghiện từ năm 2025"))
            // The board of Kon Tum's territory in 2025 (23425 is one of its communes from 01/07/2025) says which of its
            // figures some communes derive from that year, and in how many.
            let viewer = try await TestAccounts.browser(app, "v62", .viewer, unit: "62")
            let board = try await viewer.get("/plans/\(konTumPlanID)/board?period=2025&unit=62")
            #expect(board.status == .ok)
            #expect(board.body.string.contains("Tính từ sổ quản lý của xã, phường (không nhập tay)"))
            #expect(board.body.string.contains("Người nghiện ma túy có hồ sơ quản lý (tính từ sổ quản lý người sử dụng, người nghiện, 1 xã)"))

            // The entry form no longer takes a derived figure, and says why.
            let typed = try await DataValueStore(database: app.db).save(
                [DataValueChange(element: "users_with_record", value: 5, expectedVersion: 1)],
                placement: UnitPlacement(unitCode: "23425", districtCode: nil, provinceCode: "51"), period: .halfYear(2026, half: 2),
                context: ChangeContext(actor: "xa23425", actorUnit: "23425", address: nil))
            #expect(typed == .changedMeanwhile)
        }
    }
}
