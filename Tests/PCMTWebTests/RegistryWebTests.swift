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
}
