import Crypto
import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

@testable import PCMTReports

/// Files attached to a unit's report (pcmt issue 15, item 5), through the page and the API: attached by the unit,
/// listed on the page and in its history, downloaded byte for byte by those who read the report, refused with the
/// reason beside the form, and hidden from other units.
@Suite struct AttachmentTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52])

    static func hex(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// A multipart body with the text fields and a `file` part.
    static func multipart(_ fields: [String: String], file: (name: String, data: Data)?) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "pcmt-attach-boundary"
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        var body = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            body.writeBytes(file.data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return (headers, body)
    }

    /// Posts the form as a browser does, with the session cookie and the form token.
    static func upload(_ browser: Browser, _ path: String, note: String = "", file: (name: String, data: Data)?) async throws
        -> TestingHTTPResponse
    {
        if browser.cookies[SecuritySettingsForTests.csrfCookie] == nil { try await browser.get("/signin") }
        var (headers, body) = multipart(["_csrf": browser.cookies[SecuritySettingsForTests.csrfCookie]!, "note": note], file: file)
        for cookie in browser.cookieHeader[.cookie] { headers.add(name: .cookie, value: cookie) }
        return try await browser.app.testing().sendRequest(.POST, path, headers: headers, body: body)
    }

    static func openRound(_ app: Application) async throws -> (report: SubmissionRecord, other: SubmissionRecord) {
        let rounds = RoundStore(database: app.db)
        let round = try await rounds.open(
            planID: UUID(uuidString: konTumPlanID)!, period: .year(2023), kind: .year, schedule: RoundSchedule.defaults(for: .year(2023)),
            unitCodes: ["611", "612"], context: ChangeContext(actor: "test", actorUnit: nil, address: nil))
        let reports = try await rounds.submissions(roundID: round)
        return (try #require(reports.first { $0.unitCode == "611" }), try #require(reports.first { $0.unitCode == "612" }))
    }

    @Test(arguments: TestBackend.available)
    func theUnitAttachesItsSignedScanAndThoseWhoReadTheReportDownloadIt(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (report, other) = try await Self.openRound(app)
            let page = "/submissions/\(report.id.uuidString.lowercased())"
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")

            // The page says what may be attached, and how much.
            let before = try await district.get(page).body.string
            #expect(before.contains("Tệp đính kèm (bản đã ký)") && before.contains("enctype=\"multipart/form-data\""))
            #expect(before.contains("accept=\".pdf,.doc,.docx") && before.contains("tối đa 10 MB"))

            // A PNG named .pdf: refused beside the form, naming the file and what it is; nothing kept.
            let refused = try await Self.upload(district, "\(page)/attachments", note: "bản đã ký", file: ("anh-chup.pdf", Self.png))
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.string.contains("Tệp &#39;anh-chup.pdf&#39; không phải PDF hoặc Word (nội dung là ảnh PNG)")
                    || refused.body.string.contains("Tệp 'anh-chup.pdf' không phải PDF hoặc Word (nội dung là ảnh PNG)"))
            #expect(refused.body.string.contains("value=\"bản đã ký\""), "the note typed is shown again")
            let noFile = try await Self.upload(district, "\(page)/attachments", file: nil)
            #expect(noFile.status == .unprocessableEntity && noFile.body.string.contains("Chưa chọn tệp"))
            // One byte over 10 MB: refused beside the form with its size to the byte; far over, refused before it is read.
            let justOver = Self.pdf + Data(repeating: 0x20, count: AttachmentRules.maxBytes + 1 - Self.pdf.count)
            let tooLarge = try await Self.upload(district, "\(page)/attachments", file: ("scan.pdf", justOver))
            #expect(tooLarge.status == .unprocessableEntity)
            #expect(tooLarge.body.string.contains("nặng 10 MB (10.485.761 byte), quá giới hạn 10 MB (10.485.760 byte)"))
            let huge = try await Self.upload(district, "\(page)/attachments", file: ("scan.pdf", Data(count: 12 * 1024 * 1024)))
            #expect(huge.status == .payloadTooLarge)
            #expect(huge.body.string.contains("Yêu cầu gửi 12 MB"), "the size sent is said")
            #expect(try await AttachmentStore(database: app.db).list(submissionID: report.id).isEmpty)

            // The signed scan: kept, listed with its size and checksum, and in the history.
            let done = try await Self.upload(district, "\(page)/attachments", note: "bản đã ký", file: ("C:\\Văn thư\\Báo cáo đã ký.pdf", Self.pdf))
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "\(page)?done=attached")
            let listed = try await district.get(page).body.string
            let digest = Self.hex(Self.pdf)
            #expect(listed.contains("Báo cáo đã ký.pdf") && !listed.contains("Văn thư"))
            #expect(listed.contains("title=\"\(digest)\">\(digest.prefix(16))</code>"))
            #expect(listed.contains("\(Self.pdf.count) byte"))
            #expect(listed.contains("Đính kèm tệp "), "the history lists the attachment")
            let attachment = try #require(try await AttachmentStore(database: app.db).list(submissionID: report.id).first)
            #expect(attachment.sha256 == digest && attachment.note == "bản đã ký" && attachment.uploadedBy == "ngochoi")
            // The report's content, version and state stand.
            let after = try #require(try await RoundStore(database: app.db).submission(id: report.id))
            #expect(after.version == report.version && after.state == report.state)

            // Downloaded as it was attached, named by pcmt, never shown inline.
            let file = "\(page)/attachments/\(attachment.id.uuidString.lowercased())"
            #expect(listed.contains("href=\"\(file)\""))
            let download = try await district.get(file)
            #expect(download.status == .ok)
            #expect(Data(buffer: download.body) == Self.pdf)
            #expect(download.headers.contentType?.serialize() == "application/pdf")
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            let disposition = try #require(download.headers.first(name: .contentDisposition))
            #expect(disposition.hasPrefix("attachment") && disposition.contains("pcmt-dinh-kem-611-2023-\(digest.prefix(8)).pdf"))
            let exports = try await AuditLog(database: app.db).events(AuditFilter(kind: .export))
            #expect(exports.contains { $0.entity == "submission_attachment" && $0.entityID == attachment.id.uuidString })

            // A viewer of the province reads it but attaches nothing; the standing office may attach too.
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            let viewerPage = try await viewer.get(page).body.string
            #expect(viewerPage.contains("Báo cáo đã ký.pdf") && !viewerPage.contains("enctype=\"multipart/form-data\""))
            #expect(Data(buffer: try await viewer.get(file).body) == Self.pdf)
            #expect(try await Self.upload(viewer, "\(page)/attachments", file: ("x.pdf", Self.pdf)).status == .forbidden)
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            #expect(try await office.get(page).body.string.contains("enctype=\"multipart/form-data\""))

            // Another district's reporter sees neither the report nor its file, and attaches nothing to it.
            let neighbour = try await TestAccounts.browser(app, "daktp", .districtReporter, unit: "612")
            #expect(try await neighbour.get(file).status == .notFound)
            #expect(try await Self.upload(neighbour, "\(page)/attachments", file: ("x.pdf", Self.pdf)).status == .notFound)
            // The attachment asked for under another report: not found, even by one who reads both.
            let elsewhere = "/submissions/\(other.id.uuidString.lowercased())/attachments/\(attachment.id.uuidString.lowercased())"
            #expect(try await office.get(elsewhere).status == .notFound)
            #expect(try await AttachmentStore(database: app.db).list(submissionID: report.id).count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func theAPIListsTakesAndGivesBackFiles(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (report, _) = try await Self.openRound(app)
            let path = "/api/v1/submissions/\(report.id.uuidString.lowercased())/attachments"
            let (_, reporter) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "api-611")
            let (_, viewer) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "api-viewer")
            let (_, neighbour) = try await TestTokens.make(app.db, role: .districtReporter, unit: "612", name: "api-612")
            func send(_ method: HTTPMethod, _ path: String, token: String, body: (HTTPHeaders, ByteBuffer)? = nil) async throws
                -> TestingHTTPResponse
            {
                var headers = body?.0 ?? HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                return try await app.testing().sendRequest(method, path, headers: headers, body: body?.1)
            }
            // A Word file made as Word makes one: a ZIP holding word/document.xml.
            let docx = try Self.docx()

            let created = try await send(.POST, path, token: reporter, body: Self.multipart(["note": "bản Word"], file: ("bao-cao.docx", docx)))
            #expect(created.status == .created, "\(created.body.string)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any])
            #expect(json["kind"] as? String == "docx" && json["sha256"] as? String == Self.hex(docx) && json["size"] as? Int == docx.count)
            #expect(json["fileName"] as? String == "bao-cao.docx" && json["note"] as? String == "bản Word")
            let id = try #require(json["id"] as? String)

            let list = try await send(.GET, path, token: viewer)
            #expect(list.status == .ok)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [id])
            let file = try await send(.GET, "\(path)/\(id)", token: viewer)
            #expect(file.status == .ok && Data(buffer: file.body) == docx)
            #expect(file.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")

            // Refusals: what is wrong with the file, a body that is not multipart, who may not.
            let png = try await send(.POST, path, token: reporter, body: Self.multipart([:], file: ("x.pdf", Self.png)))
            #expect(png.status == .unprocessableEntity && png.body.string.contains("Tệp 'x.pdf' không phải PDF hoặc Word"), "\(png.body.string)")
            let empty = try await send(.POST, path, token: reporter, body: Self.multipart([:], file: ("x.pdf", Data())))
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("trống"))
            let noFile = try await send(.POST, path, token: reporter, body: Self.multipart(["note": "x"], file: nil))
            #expect(noFile.status == .unprocessableEntity)
            let longNote = try await send(
                .POST, path, token: reporter, body: Self.multipart(["note": String(repeating: "a", count: 501)], file: ("a.pdf", Self.pdf)))
            #expect(longNote.status == .unprocessableEntity)
            var jsonHeaders = HTTPHeaders()
            jsonHeaders.contentType = .json
            #expect(try await send(.POST, path, token: reporter, body: (jsonHeaders, ByteBuffer(string: "{}"))).status == .unsupportedMediaType)
            #expect(try await send(.POST, path, token: viewer, body: Self.multipart([:], file: ("a.pdf", Self.pdf))).status == .forbidden)
            #expect(try await send(.POST, path, token: neighbour, body: Self.multipart([:], file: ("a.pdf", Self.pdf))).status == .notFound)
            #expect(try await send(.GET, "\(path)/\(id)", token: neighbour).status == .notFound)
            #expect(try await send(.GET, "\(path)/not-a-uuid", token: viewer).status == .badRequest)
            #expect(try await AttachmentStore(database: app.db).list(submissionID: report.id).count == 1, "no refused file was kept")
        }
    }

    /// A minimal Word document: the parts Word needs to open it.
    static func docx() throws -> Data {
        try #require(
            try OOXMLPackage.zip([
                (
                    "[Content_Types].xml",
                    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"
                ),
                (
                    "word/document.xml",
                    "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Báo cáo</w:t></w:r></w:p></w:body></w:document>"
                ),
            ]))
    }
}
