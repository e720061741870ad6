import Foundation
import FoundationXML
import PCMTDomain
import PCMTReports
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

/// The official documents of a round: the province's report edited and kept with the round, as Word and in print;
/// the tables as CSV; a unit's own report.
@Suite struct DocumentTests {
    let plan = "/plans/\(konTumPlanID)"
    let context = ChangeContext(actor: "test", actorUnit: "62-CAT", address: nil)

    /// A half-year round where the police and the health department have approved reports.
    func roundWithApprovedReports(_ app: Application) async throws -> UUID {
        let store = RoundStore(database: app.db)
        let round = try await store.open(
            planID: UUID(uuidString: konTumPlanID)!, period: .halfYear(2024, half: 1), kind: .halfYear,
            schedule: RoundSchedule.defaults(for: .halfYear(2024, half: 1)),
            unitCodes: ["62-CAT", "62-SYT", "611"], context: context)
        for submission in try await store.submissions(roundID: round) where submission.unitCode != "611" {
            let content = SubmissionContent(
                narratives: [
                    "1/a": .init(results: "Công an tỉnh đã hướng dẫn, kiểm tra 10 huyện.", shortcomings: "Lực lượng còn mỏng.", proposals: ""),
                    "6/-1": .init(results: "Sở Y tế điều trị methadone cho 120 người.", shortcomings: "", proposals: "Bổ sung thuốc."),
                ], projects: ["P2": .init(status: "Đang triển khai", progress: 45, allocated: 800, spent: 360)])
            guard
                case .saved(let draft) = try await store.saveDraft(
                    id: submission.id, expectedVersion: submission.version, content: content, context: context),
                case .saved(let sent) = try await store.transition(
                    id: draft.id, expectedVersion: draft.version, action: .submit, comment: "", context: context),
                case .saved = try await store.transition(id: sent.id, expectedVersion: sent.version, action: .approve, comment: "", context: context)
            else { Issue.record("the report of \(submission.unitCode) was not approved"); continue }
        }
        return round
    }

    static func documentXML(_ data: Data) throws -> String {
        try #require(try OOXMLPackage.part("word/document.xml", of: data))
    }

    @Test(arguments: TestBackend.available)
    func theOfficeEditsTheReportAndTheWordFileSaysWhatWasSaved(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let round = try await roundWithApprovedReports(app).uuidString.lowercased()
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let page = try await office.get("/rounds/\(round)/report")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Sở Y tế: Sở Y tế điều trị methadone cho 120 người."), "approved writing is compiled")
            #expect(html.contains("Công an tỉnh: Lực lượng còn mỏng."))
            #expect(html.contains("ỦY BAN NHÂN DÂN\nTỈNH KON TUM"), "the plan's issuer over two lines")

            // Before any save, the Word file is the compiled draft with the number left for signing.
            var xml = try Self.documentXML(Data(buffer: try await office.get("/rounds/\(round)/report.docx").body))
            #expect(xml.contains("Số:        /BC-UBND") && xml.contains("Kon Tum, ngày      tháng      năm 2024"))
            #expect(xml.contains("6 tháng đầu năm 2024"))

            var form: [String: String] = [
                "version": "0", "intent": "save", "h_issuer": "ỦY BAN NHÂN DÂN\nTỈNH KON TUM",
                "h_number": "125/BC-UBND", "h_place": "Kon Tum", "h_date": "2024-07-05",
                "h_signerCapacity": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "h_signerTitle": "PHÓ CHỦ TỊCH",
                "h_signerName": "Trần Văn Thử", "h_recipients": "Bộ Công an (b/c);\nLưu: VT, NC.",
                "situation": "Tình hình đã sửa bởi văn phòng (dấu hiệu 7731).", "result_task/7": "Kiểm soát tiền chất: đạt.",
            ]
            #expect(try await office.post("/rounds/\(round)/report", form).status == .seeOther)
            xml = try Self.documentXML(Data(buffer: try await office.get("/rounds/\(round)/report.docx").body))
            for text in [
                "Số: 125/BC-UBND", "Kon Tum, ngày 05 tháng 7 năm 2024", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Thử",
                "dấu hiệu 7731", "Kiểm soát tiền chất: đạt.", "- Bộ Công an (b/c);",
            ] {
                #expect(xml.contains(text), "\(text) is in the document")
            }
            #expect(!xml.contains("Sở Y tế điều trị methadone"), "the edited text replaces the compiled one")
            let printed = try await office.get("/rounds/\(round)/report/print").body.string
            #expect(printed.contains("Kon Tum, ngày 05 tháng 7 năm 2024") && printed.contains("dấu hiệu 7731"))

            // A save from the page as it was before (version 0) is refused and changes nothing.
            form["situation"] = "Bản cũ."
            let stale = try await office.post("/rounds/\(round)/report", form)
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("Chưa lưu") && stale.body.string.contains("Bản cũ."), "the typed text is kept in the form")
            // An impossible date is refused with the field named; nothing is saved.
            form["version"] = "1"; form["h_date"] = "2024-02-30"
            let refused = try await office.post("/rounds/\(round)/report", form)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("href=\"#f-h_date\""))
            // The refused form still carries the version it was opened with, so a colleague's save meanwhile is not overwritten.
            form["version"] = "0"
            let refusedStale = try await office.post("/rounds/\(round)/report", form)
            #expect(refusedStale.status == .unprocessableEntity && refusedStale.body.string.contains("name=\"version\" value=\"0\""))
            let saved = try #require(try await RoundReportStore(database: app.db).report(roundID: UUID(uuidString: round)!))
            #expect(saved.version == 1 && saved.draft.heading.date == "2024-07-05" && saved.draft.situation.contains("7731"))

            // Compiling again replaces the text and keeps the heading.
            form["version"] = "1"; form["h_date"] = "2024-07-05"; form["intent"] = "recompile"
            #expect(try await office.post("/rounds/\(round)/report", form).status == .seeOther)
            let recompiled = try #require(try await RoundReportStore(database: app.db).report(roundID: UUID(uuidString: round)!))
            #expect(recompiled.version == 2 && recompiled.draft.heading.number == "125/BC-UBND")
            #expect(recompiled.draft.results.values.contains { $0.contains("Sở Y tế điều trị methadone") })

            // Viewers read but do not edit.
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            #expect(try await viewer.get("/rounds/\(round)/report").body.string.contains("Chỉ cơ quan thường trực"))
            #expect(try await viewer.post("/rounds/\(round)/report", form).status == .forbidden)
        }
    }

    /// Issue 15, item 3: a district's document defaults to its People's Committee's usage, and the heading it types
    /// once is there at the next download, for Word and for everyone who reads the report; a stale save is refused.
    @Test(arguments: TestBackend.available)
    func aDistrictsHeadingTypedOnceIsThereAtTheNextDownload(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let round = try await roundWithApprovedReports(app)
            let submission = try #require(try await RoundStore(database: app.db).submissions(roundID: round).first { $0.unitCode == "611" })
            let path = "/submissions/\(submission.id.uuidString.lowercased())"
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let first = try await district.get("\(path)/document")
            #expect(first.status == .ok)
            let defaults = try Self.documentXML(Data(buffer: try await district.get("\(path)/report.docx").body))
            #expect(defaults.contains("Số:        /BC-UBND") && defaults.contains("TM. ỦY BAN NHÂN DÂN") && defaults.contains("KT. CHỦ TỊCH"))
            #expect(!defaults.contains("THỦ TRƯỞNG ĐƠN VỊ"))

            var form: [String: String] = [
                "version": "0", "intent": "save", "h_issuer": "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC HỒI", "h_number": "88/BC-UBND",
                "h_place": "Ngọc Hồi", "h_date": "2024-06-20", "h_addressee": "Công an tỉnh Kon Tum",
                "h_signerCapacity": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "h_signerTitle": "Phó Chủ tịch", "h_signerName": "Lê Thị Mẫu",
                "h_recipients": "Công an tỉnh Kon Tum;\nLưu: VT.",
            ]
            #expect(try await district.post("\(path)/document", form).status == .seeOther)
            // The next download, with no heading in its address, uses what was typed; so does the office's.
            for client in [district, try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")] {
                let xml = try Self.documentXML(Data(buffer: try await client.get("\(path)/report.docx").body))
                #expect(xml.contains("Số: 88/BC-UBND") && xml.contains("Ngọc Hồi, ngày 20 tháng 6 năm 2024") && xml.contains("Lê Thị Mẫu"))
            }
            #expect(try await district.get("\(path)/document").body.string.contains("value=\"88/BC-UBND\""))
            let saved = try #require(try await SubmissionHeadingStore(database: app.db).heading(submissionID: submission.id))
            #expect(saved.version == 1 && saved.heading.signerName == "Lê Thị Mẫu")

            // A save from the form as it was first opened (version 0) is refused; the saved heading stays.
            form["h_signerName"] = "Người Khác"
            let stale = try await district.post("\(path)/document", form)
            #expect(stale.status == .conflict && stale.body.string.contains("Người Khác"), "the typed heading is kept in the form")
            // A preview shows what was typed without saving it.
            form["intent"] = "preview"; form["version"] = "1"
            let preview = try await district.post("\(path)/document", form)
            #expect(preview.status == .ok && preview.body.string.contains("Người Khác"))
            let after = try #require(try await SubmissionHeadingStore(database: app.db).heading(submissionID: submission.id))
            #expect(after.version == 1 && after.heading.signerName == "Lê Thị Mẫu")
            // "Lưu và tải Word": saved, then straight to the file with the heading just saved.
            form["intent"] = "save_docx"; form["version"] = "1"; form["h_signerName"] = "Người Ký Mới"
            let saveAndDownload = try await district.post("\(path)/document", form)
            #expect(saveAndDownload.status == .seeOther && saveAndDownload.headers.first(name: .location) == "\(path)/report.docx")
            let downloaded = try Self.documentXML(Data(buffer: try await district.get("\(path)/report.docx").body))
            #expect(downloaded.contains("Người Ký Mới"))
            // Those who read the report but do not write it cannot change its heading.
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            form["intent"] = "save"
            #expect(try await viewer.post("\(path)/document", form).status == .forbidden)
        }
    }

    /// Issue 15, item 5: the PDF is LibreOffice's rendering of the Word file; without LibreOffice the page says why
    /// in place of the link, and the address answers 503 with the same reason, never a 500.
    @Test func thePDFIsMadeByLibreOfficeOrTheLinkSaysWhyNot() async throws {
        try await withPCMT(.sqlite) { app in
            let round = try await roundWithApprovedReports(app).uuidString.lowercased()
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let made = try await office.get("/rounds/\(round)/report.pdf")
            #expect(made.status == .ok && made.headers.contentType == .init(type: "application", subType: "pdf"))
            #expect(made.body.string.hasPrefix("%PDF-"))
            #expect(made.headers.first(name: .contentDisposition)?.contains("pcmt-bao-cao-2024S1.pdf") == true)

            // Busy with as many PDFs as may wait: refused at once, with when to try again.
            app.pdfConverter = PDFConverter(maximumWaiting: 0)
            let busy = try await office.get("/rounds/\(round)/report.pdf")
            #expect(busy.status == .serviceUnavailable && busy.headers.first(name: "Retry-After") == "30")
            #expect(busy.body.string.contains("Máy chủ đang tạo các tệp PDF khác"))

            app.pdfConverter = PDFConverter(executable: "/nonexistent/soffice")
            let page = try await office.get("/rounds/\(round)/report").body.string
            #expect(page.contains("Chưa tải được PDF: không tìm thấy chương trình LibreOffice tại /nonexistent/soffice"))
            #expect(!page.contains("/report.pdf\""))
            let refused = try await office.get("/rounds/\(round)/report.pdf")
            #expect(refused.status == .serviceUnavailable && refused.body.string.contains("LibreOffice"))
        }
    }

    /// Issue 15, item 1: the office may present the units' results unit by unit; the Word file follows.
    @Test func theReportCanBeGroupedUnitByUnit() async throws {
        try await withPCMT(.sqlite) { app in
            let round = try await roundWithApprovedReports(app).uuidString.lowercased()
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let form: [String: String] = [
                "version": "0", "intent": "recompile", "grouping": "unit", "h_issuer": "ỦY BAN NHÂN DÂN\nTỈNH KON TUM",
                "h_number": "/BC-UBND", "h_place": "Kon Tum", "h_signerTitle": "CHỦ TỊCH", "h_recipients": "Lưu: VT.",
            ]
            #expect(try await office.post("/rounds/\(round)/report", form).status == .seeOther)
            let saved = try #require(try await RoundReportStore(database: app.db).report(roundID: UUID(uuidString: round)!))
            #expect(saved.draft.grouping == .unit)
            #expect(saved.draft.units.map(\.code) == ["62-CAT", "62-SYT"])
            #expect(saved.draft.results["unit/62-SYT"] == "Sở Y tế điều trị methadone cho 120 người.")
            let page = try await office.get("/rounds/\(round)/report").body.string
            #expect(page.contains("name=\"result_unit/62-SYT\""))
            let xml = try Self.documentXML(Data(buffer: try await office.get("/rounds/\(round)/report.docx").body))
            #expect(xml.contains("1. Kết quả thực hiện của các cơ quan, đơn vị, địa phương") && xml.contains("b) Sở Y tế"))
            // Saving the page as it is keeps the grouping and the units' texts.
            var again = form
            again["intent"] = "save"; again["version"] = "1"; again["units"] = "62-CAT\n62-SYT"
            again["result_unit/62-SYT"] = "Sở Y tế đã sửa (dấu 5521)."
            #expect(try await office.post("/rounds/\(round)/report", again).status == .seeOther)
            let edited = try #require(try await RoundReportStore(database: app.db).report(roundID: UUID(uuidString: round)!))
            #expect(edited.draft.grouping == .unit && edited.draft.results["unit/62-SYT"] == "Sở Y tế đã sửa (dấu 5521).")
            #expect(edited.draft.units.map(\.name) == ["Công an tỉnh", "Sở Y tế"], "names are pcmt's, not the form's")

            // Refused, with nothing changed: a presentation that does not exist, a unit pcmt does not know, a part
            // longer than a report holds.
            var bad = again
            bad["version"] = "2"; bad["grouping"] = "bogus"
            #expect(try await office.post("/rounds/\(round)/report", bad).status == .unprocessableEntity)
            bad = again; bad["version"] = "2"; bad["units"] = "62-CAT\n79-XYZ"
            let unknown = try await office.post("/rounds/\(round)/report", bad)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("Không phải đơn vị trong pcmt: 79-XYZ"))
            bad = again; bad["version"] = "2"; bad["result_unit/62-SYT"] = String(repeating: "a", count: RoundReportDraft.partLimit + 1)
            let long = try await office.post("/rounds/\(round)/report", bad)
            #expect(long.status == .unprocessableEntity && long.body.string.contains("Tối đa 30000 ký tự"))
            // A form without a grouping (an older page) keeps the units' texts saved with it.
            bad = again; bad["version"] = "2"; bad["grouping"] = nil; bad["situation"] = "Sửa tình hình (dấu 8810)."
            #expect(try await office.post("/rounds/\(round)/report", bad).status == .seeOther)
            let kept = try #require(try await RoundReportStore(database: app.db).report(roundID: UUID(uuidString: round)!))
            #expect(kept.version == 3 && kept.draft.grouping == .unit && kept.draft.results["unit/62-SYT"] == "Sở Y tế đã sửa (dấu 5521).")
            #expect(kept.draft.situation == "Sửa tình hình (dấu 8810).")
        }
    }

    /// "4567" as the report writes it: thousands grouped with "." (written here by hand, not by the code under test).
    static func viGrouped(_ value: Int) -> String {
        let digits = Array(String(value))
        return String(
            digits.enumerated().flatMap { index, digit in
                index > 0 && (digits.count - index) % 3 == 0 ? [".", digit] : [digit]
            })
    }

    /// The province's report carries the audit log's head at its date (issue 12, item 4): in Word and in print.
    @Test(arguments: TestBackend.available)
    func theReportCarriesTheAuditHeadAtItsDate(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let round = try await roundWithApprovedReports(app).uuidString.lowercased()
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            // Undated (left for the signer): the head now, before the download records itself.
            let before = try #require(try await AuditLog(database: app.db).head())
            let xml = try Self.documentXML(Data(buffer: try await office.get("/rounds/\(round)/report.docx").body))
            let expected = "\(Self.viGrouped(before.seq)) sự kiện, mã cuối \(before.hash.prefix(16))."
            #expect(xml.contains("Nhật ký kiểm toán đến "), "the head's line is in the Word file")
            #expect(xml.contains(expected), "the Word file names the log's event count and last hash: \(expected)")
            let afterWord = try #require(try await AuditLog(database: app.db).head())
            let printed = try await office.get("/rounds/\(round)/report/print").body.string
            #expect(printed.contains("\(Self.viGrouped(afterWord.seq)) sự kiện, mã cuối \(afterWord.hash.prefix(16))."))
            // Dated before any event was recorded: no head to print.
            let form: [String: String] = [
                "version": "0", "intent": "save", "h_issuer": "ỦY BAN NHÂN DÂN\nTỈNH KON TUM", "h_number": "125/BC-UBND",
                "h_place": "Kon Tum", "h_date": "2020-01-02", "h_signerCapacity": "KT. CHỦ TỊCH", "h_signerTitle": "PHÓ CHỦ TỊCH",
                "h_signerName": "Trần Văn Thử", "h_recipients": "Lưu: VT.", "situation": "x",
            ]
            #expect(try await office.post("/rounds/\(round)/report", form).status == .seeOther)
            let old = try Self.documentXML(Data(buffer: try await office.get("/rounds/\(round)/report.docx").body))
            #expect(!old.contains("Nhật ký kiểm toán"), "no event was recorded by 02/01/2020")
        }
    }

    @Test func theWordFileHasTheStateFormat() async throws {
        try await withPCMT(.sqlite) { app in
            let round = try await roundWithApprovedReports(app).uuidString.lowercased()
            let (_, token) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "o")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let response = try await app.testing().sendRequest(.GET, "/api/v1/rounds/\(round)/report.docx", headers: headers)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            let data = Data(buffer: response.body)
            #expect(try OOXMLPackage.partPaths(of: data).first == "[Content_Types].xml")
            let document = try XMLDocument(data: Data(try Self.documentXML(data).utf8))
            func nodes(_ path: String) throws -> [XMLNode] { try document.nodes(forXPath: path) }
            func attribute(_ path: String) throws -> String? { try nodes(path).first?.stringValue }
            // A4, margins 20/15/20/30 mm, the first page without a number.
            #expect(try attribute("//*[local-name()='pgSz']/@*[local-name()='w']") == "11906")
            #expect(try attribute("//*[local-name()='pgSz']/@*[local-name()='h']") == "16838")
            #expect(try attribute("//*[local-name()='pgMar']/@*[local-name()='left']") == "1701")
            #expect(try attribute("//*[local-name()='pgMar']/@*[local-name()='right']") == "851")
            #expect(try attribute("//*[local-name()='pgMar']/@*[local-name()='top']") == "1134")
            #expect(try nodes("//*[local-name()='sectPr']/*[local-name()='titlePg']").count == 1)
            let header = try #require(try OOXMLPackage.part("word/header1.xml", of: data))
            #expect(header.contains("w:instr=\" PAGE \"") && header.contains("<w:jc w:val=\"center\"/>"))
            // The heading block: two borderless columns; the state's name and motto in bold.
            let firstTable = try #require(try nodes("//*[local-name()='tbl']").first as? XMLElement)
            #expect(try firstTable.nodes(forXPath: ".//*[local-name()='gridCol']").count == 2)
            #expect(
                try firstTable.nodes(forXPath: ".//*[local-name()='tblBorders']/*[local-name()='top']/@*[local-name()='val']").first?.stringValue
                    == "nil")
            let boldTexts = try firstTable.nodes(forXPath: ".//*[local-name()='r'][*[local-name()='rPr']/*[local-name()='b']]/*[local-name()='t']")
                .compactMap(\.stringValue)
            #expect(boldTexts.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && boldTexts.contains("Độc lập - Tự do - Hạnh phúc"))
            #expect(boldTexts.contains("ỦY BAN NHÂN DÂN") && boldTexts.contains("TỈNH KON TUM"))
            let italicTexts = try firstTable.nodes(forXPath: ".//*[local-name()='r'][*[local-name()='rPr']/*[local-name()='i']]/*[local-name()='t']")
                .compactMap(\.stringValue)
            #expect(italicTexts.contains { $0.hasPrefix("Kon Tum, ngày") })
            // The target table: the baseline, 2021–2023 and the half-year, one row per target.
            let tables = try nodes("//*[local-name()='tbl']")
            let targetTable = try #require(
                try tables.first { try $0.nodes(forXPath: ".//*[local-name()='t']").contains { $0.stringValue == "Đánh giá" } })
            let headerTexts = try targetTable.nodes(forXPath: "./*[local-name()='tr'][1]//*[local-name()='t']").compactMap(\.stringValue)
            #expect(headerTexts == ["TT", "Chỉ tiêu", "2020", "(cơ sở)", "2021", "2022", "2023", "6T đầu 2024", "Đánh giá"])
            #expect(try targetTable.nodes(forXPath: "./*[local-name()='tr']").count == 17)
            #expect(try targetTable.nodes(forXPath: "./*[local-name()='tr'][1]/*[local-name()='trPr']/*[local-name()='tblHeader']").count == 1)
            // Results by solution group, lettered in the Vietnamese alphabet; only the groups some unit wrote about
            // (issue 15: no empty part printed): the police's duty 1a (key task 1) and health's 6/-1 (key task 4).
            let minor = try nodes("//*[local-name()='p'][*[local-name()='pPr']/*[local-name()='pStyle'][@*[local-name()='val']='Heading3']]")
                .compactMap(\.stringValue)
            #expect(minor.map { String($0.prefix(3)) } == ["a) ", "b) "])
            let bodyXML = try Self.documentXML(data)
            #expect(!bodyXML.contains("(Chưa có nội dung.)"))
            // Times New Roman 14 pt, justified with a first-line indent.
            let styles = try #require(try OOXMLPackage.part("word/styles.xml", of: data))
            #expect(styles.contains("w:ascii=\"Times New Roman\"") && styles.contains("<w:sz w:val=\"28\"/>"))
            #expect(styles.contains("<w:ind w:firstLine=\"567\"/><w:jc w:val=\"both\"/>"))
            // The closing block: recipients and the plan's signature.
            let closing = try #require(tables.last)
            let closingTexts = try closing.nodes(forXPath: ".//*[local-name()='t']").compactMap(\.stringValue)
            #expect(closingTexts.first == "Nơi nhận:" && closingTexts.contains("TM. ỦY BAN NHÂN DÂN") && closingTexts.contains("CHỦ TỊCH"))
        }
    }

    @Test func everyTableOfTheRoundIsACSVAndAUnitHasItsOwnDocument() async throws {
        try await withPCMT(.sqlite) { app in
            let round = try await roundWithApprovedReports(app)
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            // The data table is the province's figure per element of the plan (29), as the annex's "Số liệu" sheet.
            for (table, rows) in [("targets", 16), ("projects", 15), ("reporting", 3), ("data", 29)] {
                let response = try await office.get("/rounds/\(round.uuidString.lowercased())/tables/\(table).csv")
                #expect(response.status == .ok)
                let text = response.body.string
                #expect(text.hasPrefix("\u{FEFF}\""), "\(table) starts with the byte-order mark")
                #expect(text.split(separator: "\r\n").count == rows + 1, "\(table): header and \(rows) rows")
            }
            #expect(try await office.get("/rounds/\(round.uuidString.lowercased())/tables/secrets.csv").status == .notFound)

            let health = try #require(try await RoundStore(database: app.db).submissions(roundID: round).first { $0.unitCode == "62-SYT" })
            let preview = try await office.get("/submissions/\(health.id.uuidString.lowercased())/document")
            #expect(preview.status == .ok && preview.body.string.contains("Kính gửi: Công an tỉnh"))
            // Fields not given keep the unit's defaults (its name under the province's committee, the place).
            let query = "h_signerTitle=GI%C3%81M%20%C4%90%E1%BB%90C&h_date=2024-06-18&h_number=88%2FBC-SYT"
            let docx = try await office.get("/submissions/\(health.id.uuidString.lowercased())/report.docx?\(query)")
            #expect(docx.status == .ok)
            let xml = try Self.documentXML(Data(buffer: docx.body))
            for text in [
                "UBND TỈNH KON TUM", "SỞ Y TẾ", "Số: 88/BC-SYT", "Kon Tum, ngày 18 tháng 6 năm 2024", "GIÁM ĐỐC",
                "Sở Y tế điều trị methadone cho 120 người.",
                "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO",
            ] {
                #expect(xml.contains(text), "\(text) is in the unit's document")
            }
            let refused = try await office.get("/submissions/\(health.id.uuidString.lowercased())/report.docx?h_date=2024-13-01")
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("h_date"))
            let cleared = try await office.get("/submissions/\(health.id.uuidString.lowercased())/report.docx?h_issuer=")
            #expect(cleared.status == .unprocessableEntity && cleared.body.string.contains("h_issuer"), "a field cleared on purpose stays cleared")
        }
    }

    /// The XML of a fixed document, so that any change to the layout is seen in review.
    @Test func theGeneratedPartsMatchTheirSnapshots() throws {
        let document = OfficialDocument(
            heading: .init(
                issuer: "ỦY BAN NHÂN DÂN\nTỈNH KON TUM", number: "125/BC-UBND", place: "Kon Tum", date: OfficialDate(iso: "2022-07-05"), year: 2022),
            kind: "BÁO CÁO", title: "Kết quả thực hiện Kế hoạch số 3959/KH-UBND\nnăm 2022",
            blocks: [
                .section("I. TÌNH HÌNH CHUNG"), .text("Dòng một & <hai>.\nDòng hai."), .minorHeading("a) Tuyên truyền"), .note("Ghi chú."),
                .table(
                    .init(
                        columns: [
                            .init("TT", weight: 1, alignment: .center), .init("Chỉ tiêu", weight: 4), .init("2022", weight: 2, alignment: .right),
                        ],
                        rows: [[.init("1"), .init("Số vụ", note: "Tăng ≥ 5%"), .init("142", note: "Đạt", bold: true)]])),
            ],
            recipients: ["Bộ Công an (b/c);", "Lưu: VT, NC."],
            signature: .init(capacity: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], title: "PHÓ CHỦ TỊCH", name: "Trần Văn Thử"))
        let parts = Dictionary(
            uniqueKeysWithValues: try OOXMLPackage.partPaths(of: try DOCXWriter.data(document)).map { path in
                (path, try OOXMLPackage.part(path, of: try DOCXWriter.data(document)) ?? "")
            })
        for path in ["word/document.xml", "word/styles.xml", "word/header1.xml", "[Content_Types].xml"] {
            let xml = try #require(parts[path])
            #expect(try XMLDocument(data: Data(xml.utf8)).rootElement() != nil, "\(path) is well-formed")
            let readable = xml.replacingOccurrences(of: "</w:p>", with: "</w:p>\n").replacingOccurrences(of: "</w:tr>", with: "</w:tr>\n")
            try assertSnapshot(
                readable,
                named: "docx-"
                    + path.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: ""))
        }
    }
}
