import Foundation
import PCMTTestSupport
import Testing
import Vapor

@Suite struct PageTests {
    static let plan = "/plans/\(konTumPlanID)"
    static let pages: [(path: String, snapshot: String)] = [
        ("/", "home"), ("/plans", "plans"), ("\(plan)/targets", "targets"), ("\(plan)/tasks", "tasks"),
        ("\(plan)/solutions", "solutions"), ("\(plan)/assignments", "assignments"),
        ("\(plan)/assignments/1", "assignment-1"), ("\(plan)/assignments/21", "assignment-21"),
        ("\(plan)/projects", "projects"), ("/orgunits", "orgunits"), ("/orgunits/611", "orgunit-611"),
        ("/orgunits/23299", "orgunit-23299"), ("/orgunits/62-CAT", "orgunit-62-CAT"), ("/search?q=ngoc+hoi", "search-ngoc-hoi"),
    ]

    @Test(arguments: TestBackend.available)
    func everyPageMatchesItsSnapshotInBothLanguages(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            for page in Self.pages {
                for (language, headers) in [("vi", HTTPHeaders()), ("en", english)] {
                    let response = try await app.get(page.path, headers: headers)
                    #expect(response.status == .ok, "\(page.path)")
                    #expect(response.headers.contentType == .html)
                    let html = response.body.string
                    #expect(html.utf8.count < 100_000, "\(page.path) is \(html.utf8.count) bytes")
                    #expect(!html.contains("<script"), "\(page.path) has a script")
                    #expect(html.contains("<html lang=\"\(language)\">"))
                    try assertSnapshot(html, named: "\(page.snapshot).\(language).html")
                }
            }
        }
    }

    @Test func theHomePageShowsThePlansIdentityAndTargetGroups() async throws {
        try await withPCMT(.sqlite) { app in
            let html = try await app.get("/").body.string
            #expect(html.contains("3959/KH-UBND"))
            #expect(html.contains("03/11/2021"))
            #expect(html.contains("Ủy ban nhân dân tỉnh Kon Tum"))
            #expect(html.contains("1452/QĐ-TTg"))
            #expect(html.contains("2021–2025"))
            #expect(html.contains("Mục tiêu chung"))
            #expect(html.components(separatedBy: "class=\"targets\"").count - 1 == 7)
            #expect(html.contains("<strong>16</strong> chỉ tiêu"))
            #expect(html.contains("<strong>21</strong> đơn vị được phân công"))
            #expect(html.contains("<strong>15</strong> dự án"))
        }
    }

    @Test func theTargetsPageListsEveryTargetWithItsRuleAndResponsibles() async throws {
        try await withPCMT(.sqlite) { app in
            let html = try await app.get("\(Self.plan)/targets").body.string
            for number in 1...16 {
                #expect(html.contains("<tr id=\"T\(String(format: "%02d", number))\">"))
            }
            #expect(html.contains("Tăng ≥ 5% so với năm trước"))
            #expect(html.contains("> 80% cộng dồn đến năm 2025".htmlEscapedForTest))
            #expect(html.contains("Không phát sinh mới"))
            #expect(html.contains("/assignments/21\">21. Ủy ban nhân dân các huyện, thành phố</a>"))
        }
    }

    @Test func anAssigneePageShowsDutiesPartnersAndProjects() async throws {
        try await withPCMT(.sqlite) { app in
            let html = try await app.get("\(Self.plan)/assignments/1").body.string
            #expect(html.contains("1. Công an tỉnh"))
            for label in ["a.", "b.", "c.", "d."] { #expect(html.contains("<span class=\"label\">\(label)</span>")) }
            #expect(html.contains("Dự án 1 “Phòng, chống và kiểm soát ma túy qua biên giới”"))
            #expect(html.contains("href=\"/orgunits/62-BDBP\">Bộ Chỉ huy Bộ đội Biên phòng tỉnh</a>"))
            let missing = try await app.get("\(Self.plan)/assignments/22")
            #expect(missing.status == .notFound)
        }
    }

    @Test func aCommuneShowsItsDistrictAndWhatThePlanAsksOfIt() async throws {
        try await withPCMT(.sqlite) { app in
            let html = try await app.get("/orgunits/23299").body.string
            #expect(html.contains("Phường Thống Nhất"))
            #expect(html.contains("href=\"/orgunits/608\">Thành phố Kon Tum</a>"))
            #expect(html.contains("30/06/2025"))
            #expect(html.contains("Thông qua Thành phố Kon Tum"))
            #expect(html.contains("tasks#task-3"), "task 3 names Phường Thống Nhất")
        }
    }

    @Test func theProjectsPageShowsTheTree() async throws {
        try await withPCMT(.sqlite) { app in
            let html = try await app.get("\(Self.plan)/projects").body.string
            #expect(html.contains("15 dự án, 5 tiểu dự án"))
            #expect(html.components(separatedBy: "<ol class=\"subprojects\">").count - 1 == 2)
        }
    }

    @Test func searchIgnoresDiacritics() async throws {
        try await withPCMT(.sqlite) { app in
            let html = try await app.get("/search?q=ngoc+hoi").body.string
            #expect(html.contains("href=\"/orgunits/611\">Huyện Ngọc Hồi</a>"))
            let accented = try await app.get("/search?q=Ng%E1%BB%8Dc%20H%E1%BB%93i").body.string
            #expect(accented.contains("href=\"/orgunits/611\">Huyện Ngọc Hồi</a>"))
            let police = try await app.get("/search?q=cong+an+tinh").body.string
            #expect(police.contains("href=\"/orgunits/62-CAT\">Công an tỉnh</a>"))
        }
    }

    @Test func unknownAddressesGiveAPageNotACrash() async throws {
        try await withPCMT(.sqlite) { app in
            for path in [
                "/nope", "/plans/not-a-uuid/targets", "/plans/00000000-0000-4000-8000-000000000000",
                "/orgunits/99999", "\(Self.plan)/assignments/x",
            ] {
                let response = try await app.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.body.string.contains("404"))
                #expect(response.headers.contentType == .html)
            }
        }
    }

    @Test func anEmptyInstallationSaysSo() async throws {
        try await withPCMT(.sqlite, loadBuiltins: false) { app in
            let response = try await app.get("/")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("Chưa có kế hoạch nào."))
        }
    }
}

extension String {
    var htmlEscapedForTest: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
