import Foundation
import PCMTDomain
import PCMTMail
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// Notices inside pcmt and by e-mail (issue 14, item 3), against a real SMTP server on loopback (aiosmtpd) whose
/// received messages are read back and decoded independently of pcmt's writer.
@Suite(.serialized) struct NoticeTests {
    let plan = "/plans/\(konTumPlanID)"

    func mailSettings(_ port: Int) -> NoticeMailSettings {
        NoticeMailSettings(
            smtp: SMTPSettings(host: "127.0.0.1", port: port, security: .none), from: "pcmt@congan.example.gov.vn", fromName: "pcmt Kon Tum",
            publicURL: "https://pcmt.example.gov.vn/")
    }

    func setEmail(_ browser: Browser, _ app: Application, _ username: String, _ email: String, on: Bool) async throws -> TestingHTTPResponse {
        let account = try #require(try await AccountStore(database: app.db).account(username: username))
        var form = ["email": email, "version": String(account.version)]
        if on { form["email_notices"] = "1" }
        return try await browser.post("/account/notices", form)
    }

    @Test(arguments: TestBackend.available)
    func aReturnedReportReachesItsReportersInPCMTAndByEmailOnce(backend: TestBackend) async throws {
        let sink = try LocalSMTPServer()
        defer { sink.stop() }
        try await withPCMT(backend) { app in
            app.noticeMail = mailSettings(sink.port)
            let rounds = RoundTests()
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let colleague = try await TestAccounts.browser(app, "ngochoi.phu", .districtReporter, unit: "611")
            let other = try await TestAccounts.browser(app, "konplong", .districtReporter, unit: "612")

            // Each account chooses: an address with e-mail on, an address with e-mail off.
            let saved = try await setEmail(district, app, "ngochoi", "vanthu.ngochoi@example.gov.vn", on: true)
            #expect(saved.status == .ok && saved.body.string.contains("thông báo cũng sẽ được gửi tới vanthu.ngochoi@example.gov.vn"))
            #expect(try await setEmail(colleague, app, "ngochoi.phu", "phu.ngochoi@example.gov.vn", on: false).status == .ok)
            let stale = try await district.post("/account/notices", ["email": "khac@example.gov.vn", "email_notices": "1", "version": "1"])
            #expect(stale.status == .conflict && stale.body.string.contains("Chưa lưu gì: tài khoản vừa được thay đổi ở nơi khác"))
            let wrong = try await setEmail(other, app, "konplong", "khong co a cong", on: true)
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Địa chỉ e-mail"), "a bad address is named")

            // The district sends its 2023 report; the office is told inside pcmt.
            let round = try await rounds.openRound(office, "2023")
            let id = try await rounds.reportID(app, round: round, unit: "611")
            let report = "/submissions/\(id)"
            #expect(
                try await district.post(
                    "/data/611/2023",
                    [
                        "v_schools_total": "40", "v_schools_reached": "38", "v_industrial_zones_total": "0", "v_industrial_zones_reached": "0",
                        "v_drug_cases_detected__heroin": "5", "v_drug_cases_detected__synthetic": "9", "v_drug_cases_detected__cannabis": "1",
                        "v_drug_cases_detected__other": "0", "v_drug_offenders_arrested__male": "12", "v_drug_offenders_arrested__female": "2",
                    ]
                ).status == .ok)
            var current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(try await district.post(report, try rounds.filledForm(app, version: current.version, intent: "submit")).status == .seeOther)
            let officeHome = try await office.get("/").body.string
            #expect(officeHome.contains("Thông báo (1 mới)"), "the menu counts the unread notice")
            #expect(try await office.get("/account/notices").body.string.contains("Huyện Ngọc Hồi đã gửi báo cáo năm 2023"))

            // Returned with a comment: both reporters of 611 are told in pcmt, the other district is not.
            current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(
                try await office.post("\(report)/return", ["version": String(current.version), "comment": "Làm rõ nguyên nhân giảm số vụ."])
                    .status == .seeOther)
            let notices = try await district.get("/account/notices").body.string
            #expect(notices.contains("Báo cáo năm 2023 của Huyện Ngọc Hồi bị trả lại"))
            #expect(notices.contains("Ý kiến: Làm rõ nguyên nhân giảm số vụ."))
            #expect(notices.contains("đã gửi e-mail") || notices.contains("e-mail đang chờ gửi"))
            #expect(try await colleague.get("/").body.string.contains("Thông báo (1 mới)"))
            #expect(try await colleague.get("/account/notices").body.string.contains("không gửi e-mail"), "the switch is off")
            #expect(!(try await other.get("/").body.string.contains("mới)")), "another district is not told")

            // The e-mail goes once, to the one address that asked for it.
            let mailer = NoticeMailer(settings: app.noticeMail, database: app.db, logger: app.logger)
            #expect(try await mailer.deliver() == .init(sent: 1, failed: 0))
            #expect(try await mailer.deliver() == .init(sent: 0, failed: 0), "sent once")
            let messages = try sink.messages()
            try #require(messages.count == 1)
            #expect(messages[0].to == "vanthu.ngochoi@example.gov.vn")
            #expect(messages[0].subject == "[pcmt] Báo cáo năm 2023 của Huyện Ngọc Hồi bị trả lại", "\(messages[0].headers)")
            #expect(messages[0].headers["from"] == "pcmt Kon Tum <pcmt@congan.example.gov.vn>")
            #expect(messages[0].body.contains("Ý kiến: Làm rõ nguyên nhân giảm số vụ."))
            #expect(messages[0].body.contains("https://pcmt.example.gov.vn/submissions/\(id)"), "\(messages[0].body)")

            // Opening the report reads its notice.
            let accountID = try #require(try await AccountStore(database: app.db).account(username: "ngochoi")).id
            #expect(try await NoticeStore(database: app.db).unreadCount(userID: accountID) == 1)
            _ = try await district.get(report)
            #expect(try await NoticeStore(database: app.db).unreadCount(userID: accountID) == 0)

            // Resent and approved: told again.
            current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(try await district.post(report, try rounds.filledForm(app, version: current.version, intent: "submit")).status == .seeOther)
            current = try #require(try await RoundStore(database: app.db).submission(id: UUID(uuidString: id)!))
            #expect(try await office.post("\(report)/approve", ["version": String(current.version)]).status == .seeOther)
            #expect(try await mailer.deliver().sent == 1)
            #expect(try sink.messages().last?.subject == "[pcmt] Báo cáo năm 2023 của Huyện Ngọc Hồi đã được duyệt")

            // Marking all read empties the count.
            _ = try await colleague.post("/account/notices/read", ["all": "1"])
            #expect(!(try await colleague.get("/").body.string.contains("mới)")))
        }
    }

    @Test(arguments: TestBackend.available)
    func remindersGoTheDaysBeforeAndAfterTheDeadlineOnceEach(backend: TestBackend) async throws {
        let sink = try LocalSMTPServer()
        defer { sink.stop() }
        try await withPCMT(backend) { app in
            app.noticeMail = mailSettings(sink.port)
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            #expect(try await setEmail(district, app, "ngochoi", "vanthu.ngochoi@example.gov.vn", on: true).status == .ok)
            _ = try await RoundTests().openRound(office, "2024S1")  // due 2024-06-20
            let store = NoticeStore(database: app.db)
            #expect(try await store.remind(today: "2024-06-10") == 0, "ten days before: nothing yet")
            let first = try await store.remind(today: "2024-06-18")
            // One to the district's reporter, one to the office: Công an tỉnh reports on its own duties too.
            #expect(first == 2, "two days before: one reminder per reporting account")
            #expect(try await store.remind(today: "2024-06-19") == 0, "the next day: not again")
            #expect(try await store.remind(today: "2024-06-20") == 0, "on the day: nothing new")
            #expect(try await store.remind(today: "2024-06-21") == 2, "the day after: overdue")
            #expect(try await store.remind(today: "2024-06-21") == 0, "a second run the same day: nothing")
            #expect(try await store.remind(today: "2024-07-15") == 0, "weeks later: the office's list, not e-mail")
            let mailer = NoticeMailer(settings: app.noticeMail, database: app.db, logger: app.logger)
            #expect(try await mailer.deliver().sent == 2)
            let subjects = try sink.messages().map(\.subject)
            #expect(
                subjects == [
                    "[pcmt] Nhắc hạn: báo cáo 6 tháng đầu năm 2024 của Huyện Ngọc Hồi hạn gửi ngày 20 tháng 6 năm 2024",
                    "[pcmt] Quá hạn: báo cáo 6 tháng đầu năm 2024 của Huyện Ngọc Hồi chưa gửi (hạn ngày 20 tháng 6 năm 2024)",
                ], "\(subjects)")
        }
    }

    @Test func aMailServerThatCannotBeReachedIsTriedAgainThenGivenUp() async throws {
        try await withPCMT(.sqlite) { app in
            // A port nobody listens on: each try fails at once.
            let closed = try LocalSMTPServer()
            let port = closed.port
            closed.stop()
            app.noticeMail = mailSettings(port)
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            #expect(try await setEmail(district, app, "ngochoi", "vanthu.ngochoi@example.gov.vn", on: true).status == .ok)
            _ = try await RoundTests().openRound(office, "2024S1")
            let store = NoticeStore(database: app.db)
            let start = Date()
            #expect(try await store.remind(today: "2024-06-19", now: start) == 2)
            let mailer = NoticeMailer(settings: app.noticeMail, database: app.db, logger: app.logger)
            #expect(try await mailer.deliver(now: start).failed == 1)
            #expect(try await mailer.deliver(now: start).failed == 0, "waits before trying again")
            for minutes in [2.0, 5, 10, 30] {
                #expect(try await mailer.deliver(now: start.addingTimeInterval(minutes * 60)).failed == 1, "try after \(minutes) min")
            }
            #expect(try await store.mailCounts()[.failed] == 1, "given up after \(NoticeStore.maxAttempts) tries")
            #expect(try await mailer.deliver(now: start.addingTimeInterval(3600)).failed == 0)
            let page = try await district.get("/account/notices").body.string
            #expect(page.contains("không gửi được e-mail"))
            // The server mended: the e-mail given up on is sent again when asked, once.
            let sink = try LocalSMTPServer()
            defer { sink.stop() }
            let mended = NoticeMailer(settings: mailSettings(sink.port), database: app.db, logger: app.logger)
            #expect(try await store.retryFailed(now: start.addingTimeInterval(7200)) == 1)
            #expect(try await mended.deliver(now: start.addingTimeInterval(7200)).sent == 1)
            #expect(try await store.retryFailed(now: start.addingTimeInterval(7200)) == 0)
            #expect(try sink.messages().count == 1)
        }
    }

    @Test func aMessageCrossesARealServerIntact() async throws {
        let sink = try LocalSMTPServer()
        defer { sink.stop() }
        let subject = String(repeating: "Báo cáo kết quả công tác phòng, chống ma túy — ", count: 4)
        let body = "Dòng đầu.\n.\n.. hai chấm\nKết thúc."
        try await SMTPClient(settings: SMTPSettings(host: "127.0.0.1", port: sink.port, security: .none)).send(
            MailMessage(from: "pcmt@example.gov.vn", to: "nguoinhan@example.gov.vn", subject: subject, body: body))
        let received = try #require(try sink.messages().first)
        #expect(received.subject == subject.trimmingCharacters(in: .whitespaces) || received.subject == subject)
        #expect(received.body == body, "a line that is only a dot does not end the message")
        let rendered = MailMessage(from: "a@example.gov.vn", to: "b@example.gov.vn", subject: subject, body: body).rendered
        for line in rendered.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test func smtpSettingsAreReadFromOneURL() throws {
        let plain = try SMTPSettings(url: "smtp://mail.example.gov.vn")
        #expect(plain.port == 25 && plain.security == .opportunistic && plain.username == nil)
        let submission = try SMTPSettings(url: "smtp://pcmt:m%40t%20khau@mail.example.gov.vn:587?tls=starttls")
        #expect(submission.port == 587 && submission.security == .startTLS && submission.username == "pcmt" && submission.password == "m@t khau")
        #expect(!submission.redacted.contains("khau"), "the password is not logged")
        #expect(try SMTPSettings(url: "smtps://mail.example.gov.vn").port == 465)
        #expect(try SMTPSettings(url: "smtp://127.0.0.1:2525?tls=none").security == SMTPSettings.Security.none)
        for bad in ["http://mail.example.gov.vn", "mail.example.gov.vn", "smtp://:25", "smtp://h?tls=maybe", "smtps://h?tls=none"] {
            #expect(throws: SMTPSettingsError.self, "\(bad)") { try SMTPSettings(url: bad) }
        }
        #expect(throws: SMTPSettingsError.self) {
            try NoticeMailSettings.fromEnvironment(["PCMT_SMTP_URL": "smtp://127.0.0.1"])
        }
        let settings = try #require(
            try NoticeMailSettings.fromEnvironment([
                "PCMT_SMTP_URL": "smtp://127.0.0.1", "PCMT_MAIL_FROM": "Công an tỉnh <pcmt@congan.example.gov.vn>",
            ]))
        #expect(settings.from == "pcmt@congan.example.gov.vn" && settings.fromName == "Công an tỉnh")
        #expect(try NoticeMailSettings.fromEnvironment([:]) == nil)
    }
}
