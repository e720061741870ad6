import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// The registries of records on the web (issue 17), on a real database: the standing office derives Xã Tu Mơ Rông's
/// hotspot figures; its officer enters, corrects and imports hotspots, each problem named beside its field or by row,
/// and the figures move in the same request. Made-up places.
@Suite struct RecordsWebTests {
    static let today = "2026-11-30"

    @Test(arguments: TestBackend.available)
    func aCommuneKeepsItsHotspotsAndTheDerivedFiguresFollow(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            app.clock = try #require(ProvinceClock.fixed(day: Self.today))
            let office = try await TestAccounts.browser(app, "so51", .standingOffice, unit: "51-CAT")
            let officer = try await TestAccounts.browser(app, "xa23425", .communeOfficer, unit: "23425")
            func values(_ period: String) async throws -> [String: Double] {
                let rows = try await DataValueStore(database: app.db).values(unitCode: "23425", periods: [period])
                return Dictionary(uniqueKeysWithValues: rows.map { ($0.category.isEmpty ? $0.element : "\($0.element)/\($0.category)", $0.value) })
            }

            // The office chooses hotspots from the register, from 2026; the page groups the choice by register.
            let page = try await office.get("/registry/communes/23425/sources")
            #expect(page.body.string.contains("Tính từ sổ theo dõi điểm, tụ điểm phức tạp về ma túy"))
            let chosen = try await office.post(
                "/registry/communes/23425/sources",
                pairs: [("element", "hotspots_existing"), ("element", "hotspots_new"), ("element", "hotspots_eliminated"), ("fromYear", "2026")])
            #expect(chosen.status == .seeOther)
            #expect(try await values("2026S2")["hotspots_existing"] == 0)

            // The officer is sent to the commune's registers.
            let index = try await officer.get("/records")
            #expect(index.status == .seeOther && index.headers.first(name: .location) == "/records/communes/23425")
            let hub = try await officer.get("/records/communes/23425")
            #expect(hub.body.string.contains("Sổ theo dõi điểm, tụ điểm phức tạp về ma túy"))

            // A form with problems: each named beside its field, nothing saved.
            let bad = try await officer.post(
                "/records/communes/23425/hotspots/new",
                ["label": "", "kind": "point", "found_on": "2026-05-10", "eliminated_on": "2026-04-01", "version": "0"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Tên, vị trí: bắt buộc nhập."))
            #expect(bad.body.string.contains("Ngày triệt xóa: không được trước ngày phát hiện (10/05/2026)."))
            #expect(try await RecordRegistryStore(database: app.db).list(.hotspots, communeCode: "23425").isEmpty)

            // Entered: the figures of both halves and the year move in the same request.
            let saved = try await officer.post(
                "/records/communes/23425/hotspots/new", ["label": "Bãi đất ven suối", "kind": "cluster", "found_on": "10/05/2026", "hot": "1"])
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location))
            #expect(try await values("2026S1")["hotspots_existing"] == 1)
            #expect(try await values("2026")["hotspots_new"] == 1)
            let shown = try await officer.get(location)
            #expect(shown.body.string.contains("Đã lưu bản ghi"))
            #expect(shown.body.string.contains("Bãi đất ven suối"))

            // Eliminated in September, against the version seen; a stale version is refused and changes nothing.
            let path = String(location.split(separator: "?").first!)
            let eliminated = try await officer.post(
                path, ["label": "Bãi đất ven suối", "kind": "cluster", "found_on": "2026-05-10", "eliminated_on": "2026-09-01", "version": "1"])
            #expect(eliminated.status == .seeOther)
            #expect(try await values("2026S2")["hotspots_existing"] == 0)
            #expect(try await values("2026S2")["hotspots_eliminated"] == 1)
            let stale = try await officer.post(path, ["label": "Đổi tên", "kind": "point", "found_on": "2026-05-10", "version": "1"])
            #expect(stale.status == .conflict && stale.body.string.contains("Người khác đã sửa bản ghi này"))
            #expect(try await values("2026S2")["hotspots_eliminated"] == 1)

            // The same hotspot again is refused, naming the commune that holds it.
            let twice = try await officer.post(
                "/records/communes/23425/hotspots/new", ["label": "bãi đất ven suối", "kind": "point", "found_on": "2026-05-10"])
            #expect(twice.status == .conflict && twice.body.string.contains("Sổ đã có điểm, tụ điểm này") && twice.body.string.contains("23425"))

            // An import of a CSV: the row with a problem is named with its column; nothing taken; then the clean file.
            let csv = "Tên, vị trí;Loại;Ngày phát hiện (dd/mm/yyyy)\nQuán nước cuối thôn;Điểm;02/10/2026\nNhà hoang;Hình tròn;03/10/2026\n"
            let refused = try await AttachmentTests.upload(officer, "/records/communes/23425/hotspots/import", file: ("diem.csv", Data(csv.utf8)))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Loại: “Hình tròn” không có trong danh sách"))
            #expect(try await RecordRegistryStore(database: app.db).list(.hotspots, communeCode: "23425").count == 1)
            let clean = "Tên, vị trí;Loại;Ngày phát hiện (dd/mm/yyyy)\nQuán nước cuối thôn;Điểm;02/10/2026\nNhà hoang;Tụ điểm;03/10/2026\n"
            let imported = try await AttachmentTests.upload(officer, "/records/communes/23425/hotspots/import", file: ("diem.csv", Data(clean.utf8)))
            #expect(imported.status == .seeOther)
            #expect(try await values("2026S2")["hotspots_existing"] == 2)
            let list = try await officer.get("/records/communes/23425/hotspots?year=2026&done=imported&n=2")
            #expect(list.body.string.contains("Đã nhập 2 bản ghi.") && list.body.string.contains("3 bản ghi năm 2026"))

            // A case of 1,125 g of heroin: its form shows "1,125", and saving the form untouched keeps 1,125 g.
            let fields = [
                "detected_on": "2026-10-02", "case_number": "7/VV", "detecting_body": "Công an xã", "route": "inland", "drug_type": "heroin",
                "heroin_g": "1,125", "suspects_male": "1.000",
            ]
            let entered = try await officer.post("/records/communes/23425/drug_cases/new", fields)
            let casePath = String(try #require(entered.headers.first(name: .location)).split(separator: "?").first!)
            let form = try await officer.get(casePath)
            #expect(form.body.string.contains("value=\"1,125\"") && form.body.string.contains("value=\"1.000\""))
            var again = fields
            again["version"] = "1"
            #expect(try await officer.post(casePath, again).status == .seeOther)
            let kept = try await RecordRegistryStore(database: app.db).list(.drugCases, communeCode: "23425")
            #expect(kept.first?.fields["heroin_g"] == "1.125" && kept.first?.fields["suspects_male"] == "1000")

            // A viewer sees totals only; a commune out of reach is refused without reading it.
            let viewer = try await TestAccounts.browser(app, "v51", .viewer, unit: "51")
            #expect(try await viewer.get("/records/communes/23425").status == .forbidden)
            #expect(try await officer.get("/records/communes/23377/hotspots").status == .forbidden)
        }
    }
}
