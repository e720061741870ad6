import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// The standing office's export of a commune's register (issue 17) on a real database: asked for a purpose, one
/// audited export naming the purpose and the count (no identifying data), a workbook whose every sheet begins with
/// the marking; those who keep the register day to day (the commune's officer, its district) are refused. Made-up
/// people, ID numbers beginning 999.
@Suite struct RegistryExportWebTests {
    static let today = "2026-11-30"

    func exports(_ app: Application) async throws -> [AuditEvent] {
        try await AuditLog(database: app.db).events(AuditFilter(kind: .export)).filter { $0.entityID == "export:23425" }
    }

    @Test(arguments: TestBackend.available)
    func theStandingOfficeExportsAMarkedWorkbookForAPurposeAndOthersAreRefused(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            app.clock = try #require(ProvinceClock.fixed(day: Self.today))
            let officer = try await TestAccounts.browser(app, "xa23425", .communeOfficer, unit: "23425")
            let district = try await TestAccounts.browser(app, "huyen611", .districtReporter, unit: "611")
            let office = try await TestAccounts.browser(app, "thuongtruc", .standingOffice, unit: "62-CAT")
            for (name, id) in [("Nguyễn Văn Xuất", "999000000301"), ("Trần Thị Mẫu", "999000000302")] {
                let registered = try await officer.post(
                    "/registry/communes/23425/new",
                    [
                        "fullName": name, "otherNames": "", "sex": "male", "birth": "1992-04-05", "idNumber": id, "address": "Thôn Thử",
                        "status": "addict", "statusOn": "2026-02-11", "statusBody": "Trạm y tế xã Tu Mơ Rông", "managedFrom": "2026-02-15",
                    ])
                #expect(registered.status == .seeOther)
            }

            // Only the standing office sees the form.
            #expect(try await office.get("/registry/communes/23425").body.string.contains("action=\"/registry/communes/23425/export.xlsx\""))
            #expect(!(try await officer.get("/registry/communes/23425").body.string.contains("export.xlsx")))

            // Without a purpose: refused, nothing exported.
            let noPurpose = try await office.post("/registry/communes/23425/export.xlsx", ["purpose": " "])
            #expect(noPurpose.status == .unprocessableEntity && noPurpose.body.string.contains("Nêu mục đích xuất sổ"))
            #expect(try await exports(app).isEmpty)

            let exported = try await office.post("/registry/communes/23425/export.xlsx", ["purpose": "Rà soát danh sách quý IV"])
            #expect(exported.status == .ok)
            #expect(exported.headers.first(name: .cacheControl) == "no-store")
            let data = Data(buffer: exported.body)
            let rows = try XLSXReader.firstSheetRows(data)
            let marking = try #require(rows.first?.first)
            #expect(
                marking.hasPrefix(
                    "MẬT — DỮ LIỆU CÁ NHÂN NHẠY CẢM (Nghị định 13/2023/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025). Xuất bởi thuongtruc lúc "))
            #expect(marking.hasSuffix(", mục đích: Rà soát danh sách quý IV. Không sao chép, chuyển giao."))
            let cells = rows.flatMap { $0 }
            #expect(cells.contains("Nguyễn Văn Xuất") && cells.contains("999000000302"))
            // Every sheet begins with the marking.
            let sheets = try OOXMLPackage.partPaths(of: data).filter { $0.hasPrefix("xl/worksheets/sheet") }
            #expect(sheets.count == 2)
            for sheet in sheets {
                // The first cell of every sheet, A1, holds the marking (the writer's strings are inline).
                let xml = try #require(try OOXMLPackage.part(sheet, of: data))
                let first = try #require(xml.range(of: "<c r=\"A1\""))
                #expect(xml[first.lowerBound...].prefix(400).contains("MẬT — DỮ LIỆU CÁ NHÂN NHẠY CẢM"), "\(sheet)")
            }

            // One audit event: the purpose and the count, nothing that identifies anyone.
            let events = try await exports(app)
            #expect(events.count == 1)
            let event = try #require(events.first)
            #expect(event.actor == "thuongtruc" && event.unitCode == "23425")
            let after = event.after ?? ""
            #expect(after.contains("Rà soát danh sách quý IV") && after.contains("\"records\":\"2\""))
            #expect(!after.contains("Nguyễn") && !after.contains("999000000301") && !event.summary.contains("Nguyễn"))

            // Those who keep the register day to day do not export it.
            #expect(try await officer.post("/registry/communes/23425/export.xlsx", ["purpose": "Rà soát danh sách quý IV"]).status == .forbidden)
            #expect(try await district.post("/registry/communes/23425/export.xlsx", ["purpose": "Rà soát danh sách quý IV"]).status == .forbidden)
            #expect(try await exports(app).count == 1)
        }
    }
}
