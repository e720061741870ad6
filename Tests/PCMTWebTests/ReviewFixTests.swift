import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

/// Holes found in review, each kept shut by a test.
@Suite struct ReviewFixTests {
    @Test(arguments: ["/%09/evil.example", "/%0A/evil.example", "/%5Cevil.example", "/ /evil.example"])
    func redirectsStayOnTheSiteWhateverTheyHide(back: String) async throws {
        try await withPCMT(.sqlite) { app in
            // A control character (tab, newline) is refused at the edge (400/422, no redirect at all); anything else
            // that leaves the site goes home.
            func staysHome(_ response: TestingHTTPResponse) -> Bool {
                let location = response.headers.first(name: .location)
                return location == "/" || (location == nil && [400, 422].contains(response.status.code))
            }
            let language = try await app.get("/lang/en?back=\(back)")
            #expect(staysHome(language))
            try await TestAccounts.make(app, "viewer1", .viewer, unit: "62")
            let signIn = try await Browser(app).post(
                "/signin",
                [
                    "username": "viewer1", "password": TestAccounts.password,
                    "next": back.removingPercentEncoding!,
                ])
            #expect(staysHome(signIn))
        }
    }

    @Test func accountsSeeTheirOwnAreaAndTheirProvincesTotalsOnly() async throws {
        try await withPCMT(.sqlite) { app in
            let plan = "/plans/\(konTumPlanID)"
            let commune = try await TestAccounts.browser(app, "pleikan", .communeOfficer, unit: "23377")
            #expect(try await commune.get("\(plan)/board?unit=23377").status == .ok)
            #expect(try await commune.get("\(plan)/board?unit=62").status == .ok, "the province's totals")
            #expect(try await commune.get("\(plan)/board?unit=611").status == .forbidden, "not even its own district")
            #expect(try await commune.get("\(plan)/board/T04?unit=612").status == .forbidden)
            #expect(try await commune.get("\(plan)/board?unit=23380").status == .forbidden)
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let page = try await district.get("\(plan)/board/T02?unit=62").body.string
            #expect(page.contains("<td>611</td>") && !page.contains("<td>612</td>"), "only its own district in the province's table")
            #expect(try await district.get("\(plan)/board/T02?unit=611").status == .ok)
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            let all = try await viewer.get("\(plan)/board/T02?unit=62").body.string
            #expect(all.contains("<td>611</td>") && all.contains("<td>612</td>"))
        }
    }

    @Test func aCopiedPlanKeepsItsDataElementsAndEntryGoesOnForEachPlansYears() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            #expect(
                try await office.post(
                    "/plans/new",
                    [
                        "copyFrom": konTumPlanID, "code": "100/KH-UBND", "title": "Kế hoạch 2026-2030", "issuer": "UBND tỉnh", "issuerUnit": "62",
                        "issuedOn": "2026-01-15", "place": "Kon Tum", "startYear": "2026", "endYear": "2030", "baselineYear": "2025",
                    ]
                ).status == .seeOther)
            let copy = try #require(try await PlanStore(database: app.db).summaries().first { $0.code == "100/KH-UBND" })
            #expect(try await DataElementStore(database: app.db).elements(planID: copy.id).count == 29)
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            #expect(try await district.get("/data/611/2024").body.string.contains("name=\"v_schools_total\""), "the old plan's years")
            // The district ended on 30/06/2025; the commune formed in the reform reports what districts did.
            #expect(try await district.get("/data/611/2027").status == .unprocessableEntity)
            let commune = try await TestAccounts.browser(app, "tumorong", .communeOfficer, unit: "23425")
            #expect(try await commune.get("/data/23425/2027").body.string.contains("name=\"v_schools_total\""), "the new plan's years")
        }
    }

    @Test func theAPIChecksPartsAgainstSavedValuesAndThePlansYears() async throws {
        try await withPCMT(.sqlite) { app in
            let (_, token) = try await TestTokens.make(app.db, role: .districtReporter, unit: "611", name: "d")
            func post(_ body: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.contentType = .json
                headers.bearerAuthorization = BearerAuthorization(token: token)
                return try await app.testing().sendRequest(.POST, "/api/v1/datavalues", headers: headers, body: ByteBuffer(string: body))
            }
            #expect(try await post(#"{"orgunit":"611","period":"2023","values":[{"element":"schools_total","value":10}]}"#).status == .ok)
            let over = try await post(#"{"orgunit":"611","period":"2023","values":[{"element":"schools_reached","value":11}]}"#)
            #expect(over.status == .unprocessableEntity)
            #expect(over.body.string.contains("phần không được lớn hơn tổng thể"), "\(over.body.string)")
            #expect(
                try await post(#"{"orgunit":"611","period":"2999","values":[{"element":"schools_total","value":1}]}"#).status == .unprocessableEntity)
            let twice = try await post(
                #"{"orgunit":"611","period":"2023","values":[{"element":"industrial_zones_total","value":1},{"element":"industrial_zones_total","value":2}]}"#
            )
            #expect(twice.status == .unprocessableEntity)
        }
    }

    @Test func anImportIsAuditedWithEveryValueBeforeAndAfter() async throws {
        try await withPCMT(.sqlite) { app in
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            for value in ["40", "42"] {
                let preview = try await district.post(
                    "/data/import", ["text": "element,unit,period,category,value\nschools_total,611,2023,,\(value)\n"])
                #expect(try await ValuePath.confirm(district, preview).status == .ok)
            }
            let event = try #require(try await AuditLog(database: app.db).events(AuditFilter(kind: .update)).first)
            #expect(event.before == #"{"611/2023/schools_total":"40"}"# && event.after == #"{"611/2023/schools_total":"42"}"#)
        }
    }

    @Test func demoDataIsNeverMixedWithRealValues() async throws {
        try await withPCMT(.sqlite) { app in
            #expect(try await DataValueStore(database: app.db).hasRealValues() == false)
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            _ = try await ValuePath.confirm(
                district, try await district.post("/data/import", ["text": "element,unit,period,category,value\nschools_total,611,2023,,40\n"]))
            #expect(try await DataValueStore(database: app.db).hasRealValues())
            var context = CommandContext(console: app.console, input: CommandInput(arguments: ["pcmt", "demo"]))
            context.application = app
            await #expect(throws: (any Error).self) { try await app.console.run(app.asyncCommands.group(), with: context) }
            #expect(try await DataValueStore(database: app.db).count() == 1)
        }
    }
}
