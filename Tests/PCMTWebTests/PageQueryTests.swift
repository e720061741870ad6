import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing

@testable import PCMTWeb

/// Page queries are called here as functions — a database, an input, a principal and a clock — with no request and
/// no HTTP. The clock decides "today": a round is overdue from the day after its due date in the province (UTC+7).
@Suite struct PageQueryTests {
    static let office = Principal(
        kind: .user(id: "1", username: "office"), role: .standingOffice,
        unit: OrgUnit(code: "62-CAT", name: "Công an tỉnh", level: .agency, typeName: "Cơ quan", parentCode: "62"))

    @Test(arguments: TestBackend.available)
    func aRoundIsOverdueFromTheDayAfterItsDueDate(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let planID = try #require(UUID(uuidString: konTumPlanID))
            let round = try await RoundStore(database: app.db).open(
                planID: planID, period: .year(2023), kind: .year, schedule: RoundSchedule.defaults(for: .year(2023)),
                unitCodes: ["611", "612"], context: ChangeContext(actor: "test", actorUnit: nil, address: nil))
            // Due on 2023-12-20: on that day nothing is overdue yet; on the next day both unsent reports are.
            let onTheDay = PageQueryContext(db: app.db, principal: Self.office, clock: try #require(ProvinceClock.fixed(day: "2023-12-20")))
            let dayAfter = PageQueryContext(db: app.db, principal: Self.office, clock: try #require(ProvinceClock.fixed(day: "2023-12-21")))
            #expect(try await RoundQueries.round(onTheDay, id: round).rows.map(\.overdue) == [false, false])
            #expect(try await RoundQueries.round(dayAfter, id: round).rows.map(\.overdue) == [true, true])
            // 23:30 on the due day in Vietnam is 16:30 UTC: still not overdue.
            let lateEvening = PageQueryContext(db: app.db, principal: Self.office, clock: .fixed(Date(timeIntervalSince1970: 1_703_089_800)))
            #expect(lateEvening.clock.todayISO == "2023-12-20")
            #expect(try await RoundQueries.round(lateEvening, id: round).rows.allSatisfy { !$0.overdue })
        }
    }

    @Test(arguments: TestBackend.available)
    func theBoardShowsTheLastWholeYearByTheClock(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let planID = try #require(UUID(uuidString: konTumPlanID))
            let plan = try #require(try await PlanStore(database: app.db).plan(id: planID))
            for (day, year) in [("2023-03-01", 2022), ("2024-12-31", 2023), ("2030-01-01", 2025), ("2019-05-05", 2021)] {
                let context = PageQueryContext(db: app.db, principal: Self.office, clock: try #require(ProvinceClock.fixed(day: day)))
                let model = try await BoardPage.model(context, BoardFilter(), plan: plan)
                #expect(model.period == .year(year), "on \(day)")
                #expect(model.unit.code == "62")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aRoundOutsideTheAccountsAreaIsNotFound(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let planID = try #require(UUID(uuidString: konTumPlanID))
            let round = try await RoundStore(database: app.db).open(
                planID: planID, period: .year(2022), kind: .year, schedule: RoundSchedule.defaults(for: .year(2022)),
                unitCodes: ["611"], context: ChangeContext(actor: "test", actorUnit: nil, address: nil))
            let district = Principal(
                kind: .user(id: "2", username: "d"), role: .viewer,
                unit: OrgUnit(code: "611", name: "Huyện Đắk Hà", level: .district, typeName: "Huyện", parentCode: "62"))
            let context = PageQueryContext(db: app.db, principal: district)
            await #expect(throws: PageError.self) { try await RoundQueries.load(context, id: round) }
            #expect(try await RoundQueries.load(PageQueryContext(db: app.db, principal: Self.office), id: round).0.id == round)
        }
    }
}
