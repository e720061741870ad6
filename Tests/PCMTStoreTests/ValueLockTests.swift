import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@testable import PCMTStore

/// Approved reports lock their values inside the write (issue 11, item 4): the lock and the version are decided in
/// the save's own transaction, and reviews lock the years they cover.
@Suite struct ValueLockTests {
    typealias F = LockFixture

    func change(_ element: String, _ value: Double?, version: Int?) -> DataValueChange {
        DataValueChange(element: element, value: value, expectedVersion: version)
    }

    func saved(_ app: Application, _ unit: String, _ period: String, _ element: String) async throws -> DataValue? {
        try await DataValueStore(database: app.db).values(unitCode: unit, periods: [period]).first { $0.element == element }
    }

    @Test(arguments: TestBackend.available)
    func aDistrictsYearReportLocksItsCommunesAndTheYearsHalves(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let store = DataValueStore(database: app.db)
            let half = Period.halfYear(2024, half: 1)
            #expect(
                try await store.save([change("counselling", 12, version: nil)], placement: F.quangTrung, period: half, context: F.district)
                    == .saved(changed: 1))
            let report = try #require(try await F.open(app, plan: plan, .year(2024), units: ["608"])["608"])
            let approved = try await F.move(app, report, .submit, .approve)

            let outcome = try await store.save([change("counselling", 13, version: 1)], placement: F.quangTrung, period: half, context: F.district)
            guard case .locked(let locks) = outcome else {
                Issue.record("saved over an approved report: \(outcome)")
                return
            }
            #expect(locks.map(\.submissionID) == [report.id])
            #expect(
                locks[0].message(.vi)
                    == "Báo cáo năm 2024 của Thành phố Kon Tum đã được duyệt: số liệu 6 tháng đầu năm 2024 của Phường Quang Trung (23281) "
                    + "bị khóa cho đến khi cơ quan thường trực mở lại báo cáo.")
            #expect(
                locks[0].message(.en)
                    == "The Yearly report 2024 of Thành phố Kon Tum is approved: the figures of Phường Quang Trung (23281) for the first "
                    + "half of 2024 are locked until the standing office reopens the report.")
            #expect(try await saved(app, "23281", "2024S1", "counselling")?.value == 12, "nothing saved")

            // The same lock for a file, and nothing of the file is saved, not even its rows for an open year.
            let rows = [
                ImportRow(element: "counselling", placement: F.quangTrung, period: .year(2023), category: "", value: 5),
                ImportRow(element: "counselling", placement: F.quangTrung, period: .halfYear(2024, half: 2), category: "", value: 6),
            ]
            guard case .locked(let fileLocks) = try await store.importRows(rows, context: F.district, fileName: "t.csv") else {
                Issue.record("a file saved over an approved report")
                return
            }
            #expect(fileLocks.map(\.period) == [.halfYear(2024, half: 2)])
            #expect(try await saved(app, "23281", "2023", "counselling") == nil)

            // Another year is open; the lock ends when the office reopens the report.
            #expect(
                try await store.save([change("counselling", 5, version: nil)], placement: F.quangTrung, period: .year(2023), context: F.district)
                    == .saved(changed: 1))
            try await F.move(app, approved, .reopen)
            #expect(
                try await store.save([change("counselling", 13, version: 1)], placement: F.quangTrung, period: half, context: F.district)
                    == .saved(changed: 1))
            #expect(try await store.importRows(rows, context: F.district, fileName: "t.csv") == .saved(changed: 1), "the 2023 row is saved already")
        }
    }

    @Test(arguments: TestBackend.available)
    func anApprovedReviewLocksTheYearsItCovers(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            // A mid-term review with no year round at all: the review itself certifies its years, and locks them.
            let review = try #require(try await F.open(app, plan: plan, .span(from: 2021, to: 2023), units: ["618"])["618"])
            try await F.move(app, review, .submit, .approve)
            let store = DataValueStore(database: app.db)
            let commune = UnitPlacement(unitCode: "23535", districtCode: "618", provinceCode: "62")
            for (placement, period) in [(F.iaHDrai, Period.year(2022)), (F.iaHDrai, .halfYear(2021, half: 2)), (commune, .year(2023))] {
                let outcome = try await store.save(
                    [change("drug_cases_detected", 4, version: nil)], placement: placement, period: period, context: F.office)
                guard case .locked(let locks) = outcome else {
                    Issue.record("\(placement.unitCode) \(period) saved under an approved review: \(outcome)")
                    continue
                }
                #expect(locks.map(\.reportPeriod) == [.span(from: 2021, to: 2023)])
                #expect(locks[0].message(.vi).hasPrefix("Sơ kết giữa kỳ 2021–2023 của Huyện Ia H' Drai đã được duyệt: số liệu "))
            }
            #expect(try await RoundStore(database: app.db).locks(placement: F.iaHDrai, period: .year(2022)).count == 1)
            #expect(try await RoundStore(database: app.db).isLocked(unitCodes: ["23535", "618"], period: .year(2021)))
            // Years outside the span stay open.
            for period in [Period.year(2020), .year(2024), .halfYear(2024, half: 1)] {
                #expect(
                    try await store.save([change("drug_cases_detected", 4, version: nil)], placement: F.iaHDrai, period: period, context: F.office)
                        == .saved(changed: 1), "\(period)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aReviewWaitsForItsYearReportsAndHoldsThemOnceApproved(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            var years: [Int: SubmissionRecord] = [:]
            for year in 2021...2025 { years[year] = try #require(try await F.open(app, plan: plan, .year(year), units: ["618"])["618"]) }
            for year in 2021...2024 { years[year] = try await F.move(app, years[year]!, .submit, .approve) }
            years[2025] = try await F.move(app, years[2025]!, .submit)
            var review = try #require(try await F.open(app, plan: plan, .span(from: 2021, to: 2025), units: ["618"])["618"])
            review = try await F.move(app, review, .submit)

            let rounds = RoundStore(database: app.db)
            let outcome = try await rounds.transition(
                id: review.id, expectedVersion: review.version, action: .approve, comment: "", context: F.office)
            guard case .refused(let current, let refusal) = outcome else {
                Issue.record("a review approved over a year report not approved: \(outcome)")
                return
            }
            #expect(current.state == .submitted && refusal.years == [2025])
            #expect(
                refusal.vi
                    == "Chưa duyệt được Tổng kết 2021–2025 của Huyện Ia H' Drai: báo cáo năm 2025 của đơn vị chưa được duyệt (2025: Đã gửi). "
                    + "Báo cáo tổng kết nêu số liệu chính thức của từng năm, là số liệu của các báo cáo năm đã duyệt: cần duyệt báo cáo "
                    + "của từng năm trước.")
            #expect(refusal.en.contains("yearly report for 2025 is not approved (2025: Submitted)"))
            #expect(try await rounds.events(submissionID: review.id).map(\.action) == ["submit"], "no approval recorded")

            years[2025] = try await F.move(app, years[2025]!, .approve)
            review = try await F.move(app, review, .approve)
            #expect(review.state == .approved)

            // Under the approved review a year report stays approved: the review is reopened first.
            let reopen = try await rounds.transition(
                id: years[2024]!.id, expectedVersion: years[2024]!.version, action: .reopen, comment: "Sửa số liệu.", context: F.office)
            guard case .refused(_, let held) = reopen else {
                Issue.record("a year report reopened under an approved review: \(reopen)")
                return
            }
            #expect(held.years == [2024])
            #expect(
                held.vi
                    == "Chưa mở lại được Báo cáo năm 2024 của Huyện Ia H' Drai: Tổng kết 2021–2025 của đơn vị đã được duyệt và nêu số liệu "
                    + "chính thức của năm này. Hãy mở lại báo cáo tổng kết trước.")
            review = try await F.move(app, review, .reopen)
            years[2024] = try await F.move(app, years[2024]!, .reopen)
            #expect(years[2024]?.state == .returned)
            // A half-year report is not what a review sums up: its state does not hold the review back.
            let half = try #require(try await F.open(app, plan: plan, .halfYear(2024, half: 1), units: ["618"])["618"])
            #expect(half.state == .draft)
            years[2024] = try await F.move(app, years[2024]!, .submit, .approve)
            #expect(try await F.move(app, review, .submit, .approve).state == .approved)
        }
    }

    @Test(arguments: TestBackend.available)
    func theVersionIsComparedInTheWriteItself(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, _ in
            let store = DataValueStore(database: app.db)
            let period = Period.year(2024)
            #expect(
                try await store.save([change("counselling", 1, version: nil)], placement: F.quangTrung, period: period, context: F.district)
                    == .saved(changed: 1))
            let address = DataValueStore.ValueAddress(unitCode: "23281", period: "2024", element: "counselling", category: "")
            let stale = try #require(try await DataValueStore.saved(groups: [["23281", "2024"]], on: app.db)[address])
            #expect(
                try await store.save([change("counselling", 2, version: 1)], placement: F.quangTrung, period: period, context: F.district)
                    == .saved(changed: 1))
            // Writes made with what was read before that save change nothing: an update, a delete, an insert.
            for (value, existing) in [(Double?.some(3), Optional(stale)), (nil, stale), (4, nil)] {
                await #expect(throws: StaleValueWrite.self) {
                    try await app.db.transaction { db in
                        let row = ImportRow(element: "counselling", placement: F.quangTrung, period: period, category: "", value: value)
                        try await DataValueStore.writeRows([(row, existing)], by: "late", at: Date(), source: "entered", on: db)
                    }
                }
            }
            let now = try #require(try await saved(app, "23281", "2024", "counselling"))
            #expect(now.value == 2 && now.version == 2 && now.updatedBy == "district")

            // Two saves from the same version: the second is a conflict that shows the first's value.
            let second = try await store.save([change("counselling", 5, version: 1)], placement: F.quangTrung, period: period, context: F.office)
            guard case .conflicts(let conflicts) = second else {
                Issue.record("a stale save was not refused: \(second)")
                return
            }
            #expect(conflicts.map(\.current?.value) == [2] && conflicts.map(\.submitted) == [5])
            #expect(conflicts.map(\.unitCode) == ["23281"] && conflicts.map(\.period) == ["2024"])

            // A file row that expects what its preview showed: no value (0), or a version.
            let row = ImportRow(element: "counselling", placement: F.quangTrung, period: period, category: "", value: 9, expectedVersion: 0)
            guard case .conflicts = try await store.importRows([row], context: F.office, fileName: "t.csv") else {
                Issue.record("a file row saved over a value its preview did not show")
                return
            }
            var current = row
            current.expectedVersion = 2
            #expect(try await store.importRows([current], context: F.office, fileName: "t.csv") == .saved(changed: 1))
            #expect(try await saved(app, "23281", "2024", "counselling")?.version == 3)
        }
    }
}
