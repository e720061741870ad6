import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// Management periods and due dates on the registry's pages (issue 17): registering an illicit user begins the
/// management the law sets, the record shows the periods with their legal source, post-rehabilitation management
/// begins after a rehabilitation, a stale form is refused with 409; the commune's list filters by due management end
/// and the to-do list shows what is due, masked, to the commune, its district's reporter and the standing office, and
/// to nobody out of reach. Made-up people only.
@Suite struct RegistryPeriodsWebTests {
    static let today = "2026-11-30"

    func register(_ browser: Browser, name: String, status: String, from: String) async throws -> String {
        let response = try await browser.post(
            "/registry/communes/23377/new",
            [
                "fullName": name, "sex": "male", "birth": "1990", "idNumber": "", "address": "Thôn Mẫu", "status": status, "statusOn": from,
                "statusBody": "Công an xã Bờ Y", "managedFrom": from,
            ])
        #expect(response.status == .seeOther)
        let location = try #require(response.headers.first(name: .location))
        return String(location.dropLast("?done=registered".count))
    }

    @Test(arguments: TestBackend.available)
    func periodsAreBegunAndEndedAndTheDueDatesAreOnTheToDoListWithinReach(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            app.clock = try #require(ProvinceClock.fixed(day: Self.today))
            let officer = try await TestAccounts.browser(app, "xa23377", .communeOfficer, unit: "23377")

            // An illicit user registered on 20/12/2025: the management of 12 months ends on 20/12/2026, within 30 days.
            let user = try await register(officer, name: "Nguyễn Văn Sắp", status: "illicit_user", from: "2025-12-20")
            // An addict registered on 15/02/2026 without any service: overdue since 16/05/2026.
            let addict = try await register(officer, name: "Trần Văn Chờ", status: "addict", from: "2026-02-15")

            let opened = try await officer.post("\(user)/open", ["purpose": "Rà soát thời hạn quản lý"])
            let page = opened.body.string
            #expect(page.contains("Quản lý người sử dụng trái phép chất ma túy"))
            #expect(page.contains("20/12/2025") && page.contains("20/12/2026"))
            #expect(page.contains("Điều 23"))

            // The commune's page: the to-do list, masked, and the filter by due management end.
            let list = try await officer.get("/registry/communes/23377").body.string
            #expect(list.contains("Việc cần làm"))
            #expect(list.contains("N. V. S.") && list.contains("kết thúc ngày 20/12/2026"))
            #expect(list.contains("T. V. C.") && list.contains("chưa được ghi nhận dịch vụ nào"))
            #expect(!list.contains("Nguyễn Văn Sắp") && !list.contains("Trần Văn Chờ"))
            let soon = try await officer.get("/registry/communes/23377?due=soon&q=nguyen").body.string
            #expect(soon.contains("id=\"person-") && soon.contains("1 hồ sơ"))
            // The home page says how many are due and leads to the list; a viewer's says nothing of it.
            let home = try await officer.get("/").body.string
            #expect(home.contains("Sổ quản lý: các mốc đến hạn"))
            #expect(home.contains("1 thời hạn quản lý kết thúc trong 30 ngày tới") && home.contains("1 người nghiện chưa có dịch vụ"))
            #expect(!home.contains("N. V. S."))
            let viewer = try await TestAccounts.browser(app, "xem51", .viewer, unit: "51")
            #expect(!(try await viewer.get("/")).body.string.contains("Sổ quản lý: các mốc đến hạn"))
            let ended = try await officer.get("/registry/communes/23377?due=ended").body.string
            #expect(ended.contains("Không có hồ sơ nào khớp bộ lọc."))

            // Post-rehabilitation management only after a rehabilitation; then begun, and a stale form refused (409).
            _ = try await officer.post("\(addict)/open", ["purpose": "Cập nhật thời hạn quản lý"])
            let early = try await officer.post("\(addict)/periods", ["version": "1", "period": "post_rehab", "on": "2026-11-01"])
            #expect(early.status == .conflict && early.body.string.contains("chỉ bắt đầu sau khi cai nghiện"))
            let noKind = try await officer.post("\(addict)/periods", ["version": "1", "period": "", "on": "2026-11-01"])
            #expect(noKind.status == .unprocessableEntity && noKind.body.string.contains("Chọn loại quản lý."))
            let rehab = try await officer.post("\(addict)/services", ["version": "1", "kind": "rehab_compulsory", "on": "2026-03-01"])
            #expect(rehab.status == .seeOther)
            let begun = try await officer.post("\(addict)/periods", ["version": "2", "period": "post_rehab", "on": "2026-11-01"])
            #expect(begun.status == .seeOther && begun.headers.first(name: .location) == "\(addict)?done=periods")
            let stale = try await officer.post("\(addict)/periods", ["version": "2", "period": "post_rehab", "on": "2026-11-02"])
            #expect(stale.status == .conflict)
            let record = try await officer.get("\(addict)?done=periods").body.string
            #expect(record.contains("Đã bắt đầu thời hạn quản lý.") && record.contains("01/11/2027") && record.contains("Điều 43"))
            let end = try await officer.post(
                "\(addict)/period-end", ["version": "3", "ending": "post_rehab", "on": "2026-11-20", "reason": "Chuyển đi cai nghiện bắt buộc"])
            #expect(end.status == .seeOther)
            let afterEnd = try await officer.get("\(addict)?done=period-end").body.string
            #expect(afterEnd.contains("kết thúc trước hạn ngày 20/11/2026"))
            let endedNow = try await officer.get("/registry/communes/23377?due=ended").body.string
            #expect(endedNow.contains("1 hồ sơ"))

            // The district's reporter and the standing office see the to-do list on the index; another district's does not.
            let district = try await TestAccounts.browser(app, "h611", .districtReporter, unit: "611")
            let districtIndex = try await district.get("/registry").body.string
            #expect(districtIndex.contains("Việc cần làm") && districtIndex.contains("N. V. S."))
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let officeIndex = try await office.get("/registry").body.string
            #expect(officeIndex.contains("N. V. S.") && officeIndex.contains("Xã Bờ Y"))
            #expect(!officeIndex.contains("Nguyễn Văn Sắp"))
            let otherDistrict = try await TestAccounts.browser(app, "h612", .districtReporter, unit: "612")
            #expect(!(try await otherDistrict.get("/registry")).body.string.contains("N. V. S."))
        }
    }

    /// The demonstration gives the to-do list something to show: management ending within days (two illicit users per
    /// commune registered a little less than a year before), periods already over, addicts without a service; and
    /// post-rehabilitation management in the registers.
    @Test func theDemonstrationsRegistersHaveDueDatesAndPostRehabilitationManagement() async throws {
        let clock = try #require(ProvinceClock.fixed(day: Self.today))
        try await withPCMT(.sqlite, demo: 3959, clock: clock) { app in
            app.clock = clock
            let office = try await TestAccounts.browser(app, "so51", .standingOffice, unit: "51-CAT")
            let page = try await office.get("/registry").body.string
            #expect(page.contains("Việc cần làm"))
            #expect(page.contains("kết thúc ngày"))
            #expect(page.contains("đã kết thúc ngày"))
            #expect(page.contains("chưa được ghi nhận dịch vụ nào"))
            let store = PeopleRegistryStore(database: app.db, cipher: app.personalData)
            var postRehab = 0
            for code in DemoRegistry.preferred {
                postRehab += try await store.list(communeCode: code).filter { person in
                    person.periods.contains { $0.kind == ManagementPeriodKind.postRehabCode && $0.covers(Self.today) }
                }.count
            }
            #expect(postRehab > 0)
        }
    }
}
