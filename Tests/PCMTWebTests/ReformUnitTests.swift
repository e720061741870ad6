import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// Units through the 2025 reform (issue 16, item 1), with the built-in data on a real SQLite file and PostgreSQL:
/// the new Tỉnh Quảng Ngãi (51) and its 96 units exist from 01/07/2025 with no district level; the old units end on
/// 30/06/2025 and name their successors; a reused code (23425: Xã Đắk Hà, then Xã Tu Mơ Rông) is the unit of the
/// period in the form, the file import's path and the API, and its values count in the areas of their own time.
@Suite struct ReformUnitTests {
    @Test(arguments: TestBackend.available)
    func theHierarchyIsTheOneOfTheDayOnBothSidesOfTheReform(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let index = try await OrgUnitStore(database: app.db).index()
            let timeline = index.timeline
            // 30/06/2025: Kon Tum, its 10 districts and 102 communes; no unit of the new province.
            let before = timeline.children(of: "62", from: "2025-06-30", to: "2025-06-30").filter { $0.level == .district }
            #expect(before.count == 10)
            let oldCommunes = before.flatMap { timeline.children(of: $0.code, from: "2025-06-30", to: "2025-06-30") }
            #expect(oldCommunes.count == 102)
            // Code 51 was old Quảng Ngãi until then, with its 13 districts, 170 communes and two bodies; the new province after.
            #expect(timeline.unit("51", on: "2025-06-30")?.validTo == "2025-06-30")
            let oldQuangNgai = timeline.children(of: "51", from: "2025-06-30", to: "2025-06-30")
            #expect(oldQuangNgai.filter { $0.level == .district }.count == 13)
            #expect(oldQuangNgai.filter { $0.level == .agency }.map(\.code).sorted() == ["51-CAT", "51-UBND"])
            #expect(oldQuangNgai.filter { $0.level == .district }.flatMap { timeline.children(of: $0) }.count == 170)
            #expect(oldQuangNgai.allSatisfy { $0.validTo == "2025-06-30" })
            #expect(timeline.unit("51", on: "2025-07-01")?.validFrom == "2025-07-01")
            // 01/07/2025: Quảng Ngãi with 96 units directly below it, none of Kon Tum's.
            let after = timeline.children(of: "51", from: "2025-07-01", to: "2025-07-01").filter { $0.level != .agency }
            #expect(after.count == 96)
            #expect(after.allSatisfy { $0.level == .commune && $0.validFrom == "2025-07-01" })
            #expect(timeline.children(of: "62", from: "2025-07-01", to: "2025-07-01").filter { $0.level != .agency }.isEmpty)
            #expect(timeline.children(of: "617", from: "2025-07-01", to: "2025-12-31").isEmpty)
            // The reused code, each unit with the parents of its time.
            let dakHa = try #require(timeline.unit("23425", on: "2025-06-30"))
            let tuMoRong = try #require(timeline.unit("23425", on: "2025-07-01"))
            #expect(dakHa.name == "Xã Đắk Hà" && tuMoRong.name == "Xã Tu Mơ Rông")
            #expect(timeline.ancestors(of: dakHa).map(\.code) == ["617", "62"])
            #expect(timeline.ancestors(of: tuMoRong).map(\.code) == ["51"])
            // Successor links from the resolution: the old Xã Tu Mơ Rông (23422) and Xã Đắk Hà (23425) formed the new
            // Xã Tu Mơ Rông (23425); the old Huyện Tu Mơ Rông (617) went into the new units formed from its communes;
            // Kon Tum into 51.
            #expect(try #require(timeline.unit("23422", on: "2024-01-01")).successorCodes == ["23425"])
            #expect(dakHa.successorCodes == ["23425"])
            #expect(try #require(timeline.unit("62", on: "2024-01-01")).successorCodes == ["51"])
            let district617 = try #require(timeline.unit("617", on: "2024-01-01")).successorCodes
            #expect(district617.contains("23425") && !district617.contains("23293"))
            // Trà Bùi (21142, old Quảng Ngãi, not a unit of pcmt) is shared by two new units: neither is lost.
            #expect(after.contains { $0.code == "21136" } && after.contains { $0.code == "21157" })
        }
    }

    @Test(arguments: TestBackend.available)
    func aReusedCodeIsTheUnitOfThePeriodInTheFormTheSetsAndTheAPI(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let commune = Principal(
                kind: .user(id: "2", username: "tumorong"), role: .communeOfficer,
                unit: OrgUnit(code: "23425", name: "Xã Tu Mơ Rông", level: .commune, typeName: "Xã", parentCode: "51", validFrom: "2025-07-01"))
            let office = Principal(
                kind: .user(id: "3", username: "thuongtruc"), role: .standingOffice,
                unit: OrgUnit(
                    code: "51-CAT", name: "Công an tỉnh Quảng Ngãi", level: .agency, typeName: "Công an", parentCode: "51",
                    validFrom: "2025-07-01"))
            let clock = try #require(ProvinceClock.fixed(day: "2025-12-20"))
            let context = PageQueryContext(db: app.db, principal: office, clock: clock)
            // The form.
            let old = try await DataEntryQueries.target(context, unitCode: "23425", period: "2025S1")
            #expect(old.unit.name == "Xã Đắk Hà")
            #expect(old.placement == UnitPlacement(unitCode: "23425", districtCode: "617", provinceCode: "62"))
            let new = try await DataEntryQueries.target(context, unitCode: "23425", period: "2025S2")
            #expect(new.unit.name == "Xã Tu Mơ Rông")
            #expect(new.placement == UnitPlacement(unitCode: "23425", districtCode: nil, provinceCode: "51"))
            // The new commune's officer enters its own halves, not the old commune's that had its code.
            let own = PageQueryContext(db: app.db, principal: commune, clock: clock)
            #expect(try await DataEntryQueries.target(own, unitCode: "23425", period: "2025S2").unit.name == "Xã Tu Mơ Rông")
            await #expect(throws: PageError.self) { try await DataEntryQueries.target(own, unitCode: "23425", period: "2025S1") }
            await #expect(throws: PageError.self) { try await DataEntryQueries.target(context, unitCode: "23425", period: "2025") }
            do {
                _ = try await DataEntryQueries.target(context, unitCode: "23425", period: "2025")
            } catch PageError.unprocessable(let message) {
                #expect(message.contains("Xã Đắk Hà đến 30/06/2025") && message.contains("Xã Tu Mơ Rông từ 01/07/2025"), "\(message)")
            }

            // The sets API (the same path as a file import's rows): each half to the unit of its time, the year refused.
            let (_, communeToken) = try await TestTokens.make(app.db, role: .communeOfficer, unit: "23425", name: "tumorong")
            let notOwn = try await DataValueSetTests.post(app, communeToken, [DataValueSetTests.row("23425", "2025S1", "counselling", 3)])
            #expect(notOwn.status == .forbidden, "\(notOwn.json)")
            let (_, token) = try await TestTokens.make(app.db, role: .standingOffice, unit: "51-CAT", name: "thuongtruc")
            let refused = try await DataValueSetTests.post(app, token, [DataValueSetTests.row("23425", "2025", "counselling", 9)])
            #expect(refused.status == .conflict || refused.status == .unprocessableEntity, "\(refused.json)")
            let message = refused.conflicts.first?["message"] as? String ?? ""
            #expect(message.contains("Xã Đắk Hà") && message.contains("Xã Tu Mơ Rông"), "\(refused.json)")
            let saved = try await DataValueSetTests.post(
                app, token,
                [DataValueSetTests.row("23425", "2025S1", "counselling", 3), DataValueSetTests.row("23425", "2025S2", "counselling", 5)])
            #expect(saved.status == .ok, "\(saved.json)")
            // Kept totals, by hand: Đắk Hà's 3 in the first half belongs to Huyện Tu Mơ Rông (617) and Kon Tum (62);
            // Tu Mơ Rông's 5 in the second half to Quảng Ngãi (51) only.
            #expect(
                try await DataValueSetTests.totals(app, table: "area_totals", area: "617", element: "counselling", year: 2025) == [
                    3, 1, 3, 1, 0, 0, 0,
                ])
            #expect(
                try await DataValueSetTests.totals(app, table: "area_totals", area: "62", element: "counselling", year: 2025) == [
                    3, 1, 3, 1, 0, 0, 0,
                ])
            #expect(
                try await DataValueSetTests.totals(app, table: "area_totals", area: "51", element: "counselling", year: 2025) == [
                    5, 1, 0, 0, 5, 1, 0,
                ])

            // The one-unit API: the second half of 2025 is Tu Mơ Rông's; the whole year names both units.
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let body = #"{"orgunit":"23425","period":"2025","values":[{"element":"counselling","value":1}]}"#
            let year = try await app.testing().sendRequest(.POST, "/api/v1/datavalues", headers: headers, body: ByteBuffer(string: body))
            #expect(year.status == .unprocessableEntity)
            #expect(year.body.string.contains("Xã Đắk Hà") && year.body.string.contains("Xã Tu Mơ Rông"), "\(year.body.string)")
        }
    }

    /// Comparable series (issue 16, item 2), worked out by hand. Counselling (a flow of communes): the old Xã Đắk Hà
    /// (23425) 1, 2 and 3 in 2024S1, 2024S2, 2025S1; the old Xã Tu Mơ Rông (23422) 10, 20, 30; the new Xã Tu Mơ Rông
    /// (23425, formed from both) 100 in 2025S2.
    @Test(arguments: TestBackend.available)
    func figuresBeforeAndAfterTheReformAreMadeFromTheUnitsOfTheTerritory(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let old = UnitPlacement(unitCode: "23425", districtCode: "617", provinceCode: "62")
            let oldTuMoRong = UnitPlacement(unitCode: "23422", districtCode: "617", provinceCode: "62")
            let new = UnitPlacement(unitCode: "23425", districtCode: nil, provinceCode: "51")
            let values: [(UnitPlacement, String, Double)] = [
                (old, "2024S1", 1), (old, "2024S2", 2), (old, "2025S1", 3),
                (oldTuMoRong, "2024S1", 10), (oldTuMoRong, "2024S2", 20), (oldTuMoRong, "2025S1", 30),
                (new, "2025S2", 100),
            ]
            let planID = try #require(UUID(uuidString: konTumPlanID))
            let plan = try #require(try await PlanStore(database: app.db).plan(id: planID))
            let elements = try await DataElementStore(database: app.db).elements(planID: plan.id)
            _ = try await DataValueStore(database: app.db).insertMissing(
                values.map { BulkValue(element: "counselling", placement: $0.0, period: Period($0.1)!, category: "", value: $0.2) },
                elements: elements, by: "test")
            let timeline = try await OrgUnitStore(database: app.db).index().timeline
            let board = BoardQuery(database: app.db)
            func figures(_ code: String, on day: String) async throws -> UnitTotals {
                let unit = try #require(timeline.unit(code, on: day))
                return try await board.totals(plan: plan, unit: unit).unit
            }
            // The new commune: 2024 is both old communes' (re-based); 2025 is their first half and its own second.
            let tuMoRong = try await figures("23425", on: "2025-07-01")
            #expect(tuMoRong.years["counselling"]?[2024] == 33)
            #expect(tuMoRong.halves["counselling"]?["2024S1"] == 11)
            #expect(tuMoRong.halves["counselling"]?["2025S1"] == 33)
            #expect(tuMoRong.halves["counselling"]?["2025S2"] == 100)
            #expect(tuMoRong.years["counselling"]?[2025] == 133)
            #expect(tuMoRong.rebased["counselling"]?.isSuperset(of: ["2024", "2025S1", "2025"]) == true)
            #expect(tuMoRong.rebased["counselling"]?.contains("2025S2") == false)
            #expect(Set(tuMoRong.rebasedFrom) == ["Xã Đắk Hà", "Xã Tu Mơ Rông (cũ)"])
            // The new province: before 01/07/2025 old Kon Tum (and old Quảng Ngãi, which has no values in pcmt).
            let quangNgai = try await figures("51", on: "2025-07-01")
            #expect(quangNgai.years["counselling"]?[2024] == 33)
            #expect(quangNgai.years["counselling"]?[2025] == 133)
            #expect(quangNgai.rebased["counselling"]?.contains("2025S1") == true)
            // The old province after 30/06/2025: the new communes formed on its territory; the new province, which
            // covers old Quảng Ngãi too, is left out and named.
            let konTum = try await figures("62", on: "2024-01-01")
            #expect(konTum.halves["counselling"]?["2025S1"] == 33)
            #expect(konTum.halves["counselling"]?["2025S2"] == 100)
            #expect(konTum.years["counselling"]?[2025] == 133)
            #expect(konTum.rebased["counselling"] == ["2025S2", "2025"])
            // The new province and its People's Committee and police took over old Quảng Ngãi's too.
            #expect(Set(konTum.rebasedPartial) == ["Tỉnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Quảng Ngãi", "Công an tỉnh Quảng Ngãi"])
            // The old district likewise; the old commune merged with another has no figure of its own after.
            let district = try await figures("617", on: "2024-01-01")
            #expect(district.years["counselling"]?[2025] == 133)
            let oldCommune = try await figures("23422", on: "2024-01-01")
            #expect(oldCommune.halves["counselling"]?["2025S2"] == nil)
            #expect(oldCommune.years["counselling"]?[2025] == 30)
            #expect(oldCommune.rebasedPartial == ["Xã Tu Mơ Rông"])
            // The province's board lists its 96 communes, each with its own figures.
            let newProvince = try #require(timeline.unit("51", on: "2025-07-01"))
            let below = try await board.totals(plan: plan, unit: newProvince, children: true).children
            #expect(below.count == 96)
            #expect(below["23425"]?.years["counselling"]?[2025] == 133)

            // The board page: code 51 in 2024 is the new province, its 2024 re-based from old Kon Tum, said so.
            let viewer = Principal(kind: .user(id: "9", username: "qn"), role: .viewer, unit: newProvince)
            let context = PageQueryContext(db: app.db, principal: viewer, clock: try #require(ProvinceClock.fixed(day: "2026-11-30")))
            let page = try await BoardPage.model(context, BoardFilter(period: "2024", unit: "51", allData: true), plan: plan)
            #expect(page.unit.validFrom == "2025-07-01")
            #expect(page.rebased["counselling"]?.contains("2024") == true)
            #expect(page.rebasedFrom.contains("Tỉnh Kon Tum"))
            var html = ""
            for node in BoardPage.view(page, t: Localizer(language: .vi)) { node.render(into: &html) }
            #expect(html.contains("“Tính lại”") && html.contains("Tỉnh Kon Tum"), "the note names where the figures come from")
            // … and tells the old province apart from the new one of the same code and name.
            #expect(page.rebasedFrom.contains("Tỉnh Quảng Ngãi (cũ)"), "\(page.rebasedFrom)")
            #expect(html.contains("Tỉnh Quảng Ngãi (cũ)"))
        }
    }
}
