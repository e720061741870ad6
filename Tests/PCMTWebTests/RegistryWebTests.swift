import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// The registry's pages (issue 17) on a real database, as two commune officers use them after the 2025 reform: one
/// registers a made-up person, opens the record for a purpose (each showing is an audited read), records a service,
/// asks to move the record; the other commune accepts it. A repeated ID number is refused naming the commune that
/// holds it, and a form from an old version is refused with 409, nothing lost.
@Suite struct RegistryWebTests {
    static let today = "2026-11-30"

    func reads(_ app: Application, person: String) async throws -> [AuditEvent] {
        try await AuditLog(database: app.db).events(AuditFilter(kind: .read)).filter { $0.entityID == person }
    }

    func register(_ browser: Browser, commune: String, name: String, id: String) async throws -> TestingHTTPResponse {
        try await browser.post(
            "/registry/communes/\(commune)/new",
            [
                "fullName": name, "otherNames": "Tèo", "sex": "male", "birth": "1994-03-08", "idNumber": id, "address": "Thôn Mẫu Thử, số 9",
                "status": "addict", "statusOn": "2026-02-11", "statusBody": "Trạm y tế xã Tu Mơ Rông", "managedFrom": "2026-02-15",
            ])
    }

    @Test(arguments: TestBackend.available)
    func aCommuneRegistersOpensServesAndMovesARecordThatTheOtherCommuneAccepts(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            app.clock = try #require(ProvinceClock.fixed(day: Self.today))
            let tuMoRong = try await TestAccounts.browser(app, "xa23425", .communeOfficer, unit: "23425")
            let boY = try await TestAccounts.browser(app, "xa23377", .communeOfficer, unit: "23377")

            // The menu leads a commune officer to its own commune's register.
            let home = try await tuMoRong.get("/")
            #expect(home.body.string.contains("href=\"/registry\""))
            let index = try await tuMoRong.get("/registry")
            #expect(index.status == .seeOther && index.headers.first(name: .location) == "/registry/communes/23425")
            #expect(try await tuMoRong.get("/registry/communes/23425/new").status == .ok)

            // A commune that ended with the reform keeps its register readable, but nobody is registered in it any more.
            let dakAng = try await TestAccounts.browser(app, "xa23380", .communeOfficer, unit: "23380")
            let ended = try await dakAng.get("/registry/communes/23380/new")
            #expect(ended.status == .notFound && ended.body.string.contains("không còn tồn tại (đến ngày 30/06/2025)"))
            #expect(try await dakAng.get("/registry/communes/23380").status == .ok)

            // Refusals name each field beside it and keep what was typed.
            let refused = try await tuMoRong.post(
                "/registry/communes/23425/new",
                [
                    "fullName": " ", "sex": "male", "birth": "2030-01-01", "idNumber": "079200000001", "status": "addict", "statusOn": "2026-02-11",
                    "statusBody": "", "managedFrom": "2026-02-15",
                ])
            #expect(refused.status == .unprocessableEntity)
            let refusedPage = refused.body.string
            #expect(refusedPage.contains("Bắt buộc nhập họ và tên."))
            #expect(refusedPage.contains("Ngày sinh không được sau ngày hôm nay."))
            #expect(refusedPage.contains("Nêu cơ quan xác định."))
            #expect(refusedPage.contains("value=\"079200000001\""))
            #expect(try await PeopleRegistryStore(database: app.db, cipher: app.personalData).list(communeCode: "23425").isEmpty)

            // Registered: the record asks for a purpose before it shows anything.
            let registered = try await register(tuMoRong, commune: "23425", name: "Nguyễn Văn Mẫu", id: "079200000001")
            #expect(registered.status == .seeOther)
            let location = try #require(registered.headers.first(name: .location))
            #expect(location.hasPrefix("/registry/people/") && location.hasSuffix("?done=registered"))
            let record = String(location.dropLast("?done=registered".count))
            let person = String(record.dropFirst("/registry/people/".count))
            let asked = try await tuMoRong.get(location)
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains("Mục đích xem hồ sơ"))
            #expect(!asked.body.string.contains("Nguyễn Văn Mẫu") && !asked.body.string.contains("079200000001"))
            #expect(try await reads(app, person: person.uppercased()).isEmpty)

            // The list shows the person masked, and finds them without accents.
            let list = try await tuMoRong.get("/registry/communes/23425?q=nguyen+mau")
            #expect(list.body.string.contains("N. V. M.") && list.body.string.contains("•••••••••001"))
            #expect(!list.body.string.contains("Nguyễn Văn Mẫu") && !list.body.string.contains("079200000001"))
            #expect(!(try await tuMoRong.get("/registry/communes/23425?q=tran")).body.string.contains("N. V. M."))

            // A purpose too short is refused; a purpose opens it and is audited with the read, and again on each showing.
            #expect(try await tuMoRong.post("\(record)/open", ["purpose": "xem"]).status == .unprocessableEntity)
            let opened = try await tuMoRong.post("\(record)/open", ["purpose": "Cập nhật dịch vụ"])
            #expect(opened.status == .ok)
            #expect(opened.body.string.contains("Nguyễn Văn Mẫu") && opened.body.string.contains("079200000001"))
            var audited = try await reads(app, person: person.uppercased())
            #expect(audited.count == 1)
            #expect(audited.first?.after?.contains("Cập nhật dịch vụ") == true && audited.first?.actor == "xa23425")
            #expect(audited.first?.after?.contains("Nguyễn") == false)
            let again = try await tuMoRong.get(record)
            #expect(again.body.string.contains("Nguyễn Văn Mẫu"))
            #expect(try await reads(app, person: person.uppercased()).count == 2)
            // Another session has given no purpose: it is asked, and nothing is read.
            let secondSession = Browser(app)
            try await secondSession.signIn("xa23425", TestAccounts.password)
            #expect(!(try await secondSession.get(record)).body.string.contains("Nguyễn Văn Mẫu"))
            #expect(try await reads(app, person: person.uppercased()).count == 2)

            // A service, then the same form again from the old version: 409, nothing saved, the typed note kept.
            let service = ["version": "1", "kind": "counselling", "on": "2026-11-20", "note": "Buổi tư vấn mẫu thứ nhất"]
            let served = try await tuMoRong.post("\(record)/services", service)
            #expect(served.status == .seeOther && served.headers.first(name: .location) == "\(record)?done=services")
            let afterService = try await tuMoRong.get("\(record)?done=services").body.string
            #expect(
                afterService.contains("Đã ghi nhận dịch vụ.") && afterService.contains("Tư vấn") && afterService.contains("Buổi tư vấn mẫu thứ nhất"))
            let stale = try await tuMoRong.post("\(record)/services", service.merging(["note": "Ghi chú gõ lại"]) { _, new in new })
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("người khác vừa thay đổi hồ sơ này"))
            #expect(stale.body.string.contains("Ghi chú gõ lại"))
            #expect(stale.body.string.contains("name=\"version\" value=\"2\""))
            // A day after today is refused beside its field.
            let future = try await tuMoRong.post("\(record)/services", ["version": "2", "kind": "methadone", "on": "2026-12-05"])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("Ngày không được sau ngày hôm nay."))

            // The move: asked by Tu Mơ Rông, waiting in Bờ Y's list, accepted there only.
            let moved = try await tuMoRong.post("\(record)/transfer", ["version": "2", "to": "23377", "on": "2026-11-28"])
            #expect(moved.status == .seeOther)
            #expect(try await boY.get(record).status == .forbidden, "the receiving commune accepts before it reads the record")
            #expect(try await tuMoRong.post("\(record)/accept", ["version": "3", "on": "2026-11-29"]).status == .forbidden)
            let waiting = try await boY.get("/registry/communes/23377").body.string
            #expect(waiting.contains("Hồ sơ chuyển đến, chờ xã tiếp nhận") && waiting.contains("N. V. M."))
            #expect(waiting.contains("Xã Tu Mơ Rông (23425"))
            #expect(!waiting.contains("Nguyễn Văn Mẫu"))
            let accepted = try await boY.post("\(record)/accept", ["version": "3", "on": "2026-11-29"])
            #expect(accepted.status == .seeOther && accepted.headers.first(name: .location) == "\(record)?done=accept")
            #expect(try await tuMoRong.get(record).status == .notFound, "Tu Mơ Rông no longer keeps it")
            #expect(try await boY.post("\(record)/open", ["purpose": "Tiếp nhận hồ sơ chuyển đến"]).body.string.contains("Tiếp nhận"))
            audited = try await reads(app, person: person.uppercased())
            #expect(audited.filter { $0.actor == "xa23377" }.count == 1)
            let kept = try await PeopleRegistryStore(database: app.db, cipher: app.personalData).list(communeCode: "23377")
            #expect(kept.map(\.id.uuidString) == [person.uppercased()] && kept.first?.version == 4)

            // The same ID number again, anywhere in the province: refused naming the commune that keeps it, never merged.
            let duplicate = try await register(tuMoRong, commune: "23425", name: "Nguyen Van Mau", id: "0792 0000 0001")
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body.string.contains("Xã Bờ Y (23377"))
            #expect(duplicate.body.string.contains("hồ sơ đang quản lý"))
            #expect(duplicate.body.string.contains("value=\"Nguyen Van Mau\""))
            #expect(try await PeopleRegistryStore(database: app.db, cipher: app.personalData).list(communeCode: "23425").isEmpty)

            // Closing, from Bờ Y.
            let closed = try await boY.post("\(record)/close", ["version": "4", "closing": "moved_away", "on": "2026-11-30"])
            #expect(closed.status == .seeOther)
            let list2 = try await boY.get("/registry/communes/23377").body.string
            #expect(!list2.contains("N. V. M."))
            #expect(try await boY.get("/registry/communes/23377?closed=1").body.string.contains("N. V. M."))
        }
    }

    /// The index lists only the communes whose register the caller keeps, with their counts; a commune's list shows
    /// only its own people; Kon Tum before the reform (23377 of Ngọc Hồi, 611; 23401 of Đắk Tô, 612).
    @Test(arguments: TestBackend.available)
    func theIndexAndTheListsShowOnlyTheRegistersWithinReach(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            app.clock = try #require(ProvinceClock.fixed(day: "2024-06-01"))
            try await OtherProvince.add(app)
            let store = PeopleRegistryStore(database: app.db, cipher: app.personalData)
            let context = ChangeContext(actor: "test", actorUnit: nil, address: nil)
            for (commune, district, name, number) in [
                ("23377", "611", "Nguyễn Văn Mẫu", "062090000001"), ("23401", "612", "Trần Thị Thử", "062090000002"),
            ] {
                _ = try await store.register(
                    PersonRegistration(
                        identity: PersonIdentity(fullName: name, sex: .male, birth: "1990", idNumber: number, address: ""),
                        communeCode: commune, status: .illicitUser, statusOn: "2024-05-02", statusBody: "Công an xã", managedFrom: "2024-05-03"),
                    placement: UnitPlacement(unitCode: commune, districtCode: district, provinceCode: "62"), today: "2024-06-01",
                    context: context)
            }
            func rows(_ body: String) -> [String: String] {
                var found: [String: String] = [:]
                for part in body.components(separatedBy: "<tr id=\"commune-").dropFirst() {
                    let code = String(part.prefix { $0 != "\"" })
                    found[code] = part.components(separatedBy: "</tr>")[0].replacingOccurrences(of: "\n", with: "")
                }
                return found
            }
            let office = try await TestAccounts.browser(app, "vanphong", .standingOffice, unit: "62-CAT")
            let officeRows = rows(try await office.get("/registry").body.string)
            #expect(officeRows.count == 102, "every commune of Kon Tum in 2024")
            #expect(officeRows["23377"]?.contains("<td class=\"num\">1</td><td class=\"num\">0</td>") == true)
            #expect(officeRows["23401"]?.contains("<td class=\"num\">1</td>") == true)
            #expect(officeRows["23380"]?.contains("<td class=\"num\">0</td><td class=\"num\">0</td>") == true)

            let ngocHoi = rows(try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611").get("/registry").body.string)
            #expect(ngocHoi.count == 8 && ngocHoi["23377"] != nil && ngocHoi["23401"] == nil)
            let dakTo = rows(try await TestAccounts.browser(app, "dakto", .districtReporter, unit: "612").get("/registry").body.string)
            #expect(dakTo["23401"] != nil && dakTo["23377"] == nil)
            let other = try await TestAccounts.browser(app, "vanphong99", .standingOffice, unit: "99-CAT")
            #expect(rows(try await other.get("/registry").body.string).isEmpty)
            #expect(try await other.get("/registry/communes/23377").status == .forbidden)

            let dakAng = try await TestAccounts.browser(app, "xa23380", .communeOfficer, unit: "23380")
            let own = try await dakAng.get("/registry")
            #expect(own.status == .seeOther && own.headers.first(name: .location) == "/registry/communes/23380")
            #expect(!(try await dakAng.get("/registry/communes/23380")).body.string.contains("N. V. M."))
            let refused = try await dakAng.get("/registry/communes/23377")
            #expect(refused.status == .forbidden && !refused.body.string.contains("N. V. M."))
            let seen = try await office.get("/registry/communes/23377").body.string
            #expect(seen.contains("N. V. M.") && !seen.contains("T. T. T.") && !seen.contains("Nguyễn Văn Mẫu"))
            for role in [Role.viewer, .auditor, .systemAdmin] {
                let browser = try await TestAccounts.browser(app, "khong\(role.rawValue)", role, unit: "62")
                #expect(try await browser.get("/registry").status == .forbidden, "\(role)")
                #expect(try await browser.get("/registry/communes/23377").status == .forbidden, "\(role)")
            }
        }
    }
}
