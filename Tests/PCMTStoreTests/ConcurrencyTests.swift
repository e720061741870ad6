import Fluent
import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

/// Saves racing approvals and other saves, through the store as the form, the import and the API call it
/// (issue 11, item 4): no value commits while its report is approved, no update is lost, and every refused save
/// says why (locked: which report; conflict: the value saved now).
///
/// 1,000 pairs on each database: 500 save/approve pairs (each a save of a value and the approval of a report that
/// locks it, launched together) and 500 save/save pairs (two saves of one value from the same version), the two
/// streams running at the same time. Every transaction of the store takes its turn, so the pairs cost what their
/// transactions cost one after the other: about 2,000 transactions.
@Suite struct ConcurrencyTests {
    typealias F = LockFixture
    static let saveApprovePairs = 500
    static let saveSavePairs = 500

    /// A report to approve and the value it locks: a district's report and one of its communes, or a commune's own.
    struct Race: Sendable {
        var report: UUID
        var saved: UnitPlacement
        var period: Period
        /// What a save refused under the approved report is told.
        var message: String
    }

    /// Reports sent for approval: every district's for the first half of 2021, then every commune's for the halves
    /// after it, each approved once. Sent by one statement: sending is not what is tested.
    static func races(_ app: Application, plan: Plan, count: Int) async throws -> [Race] {
        let units = try BuiltinCatalog.load().unitSets.flatMap(\.units)
        let placements = UnitPlacements(units: units)
        let districts = units.filter { $0.level == .district && $0.parentCode == "62" }.map(\.code)
        // Kon Tum's own communes (the new units of 01/07/2025 reuse some of their codes).
        let communes = units.filter {
            $0.level == .commune && $0.validFrom == nil && districts.contains(placements[$0.code]?.districtCode ?? "")
        }.map(\.code)
        var races: [Race] = []
        var rounds: [UUID] = []
        for year in 2021...2025 {
            for half in 1...2 where races.count < count {
                let period = Period.halfYear(year, half: half)
                let forDistricts = races.isEmpty
                let reports = try await F.open(app, plan: plan, period, units: forDistricts ? districts : communes)
                rounds.append(try #require(reports.values.first?.roundID))
                for (unit, report) in reports.sorted(by: { $0.key < $1.key }) where races.count < count {
                    let saved = forDistricts ? try #require(communes.first { placements[$0]?.districtCode == unit }) : unit
                    let name = { (code: String) in units.first { $0.code == code }?.name ?? "" }
                    races.append(
                        Race(
                            report: report.id, saved: placements[saved]!, period: period,
                            message: "Báo cáo \(period.phrase(.vi)) của \(name(unit)) đã được duyệt: số liệu \(period.phrase(.vi)) của "
                                + "\(name(saved)) (\(saved)) bị khóa cho đến khi cơ quan thường trực mở lại báo cáo."))
                }
            }
        }
        try await (app.db as! any SQLDatabase).update("submissions").set("state", to: SubmissionState.submitted.rawValue)
            .set("version", to: 2).where("round_id", .in, rounds).run()
        return races
    }

    @Test(arguments: TestBackend.available)
    func savesRacingApprovalsAndEachOther(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let races = try await Self.races(app, plan: plan, count: Self.saveApprovePairs)
            #expect(races.count == Self.saveApprovePairs)
            let clock = ContinuousClock()
            let started = clock.now
            let store = DataValueStore(database: app.db)
            let rounds = RoundStore(database: app.db)
            let contested = Period.year(2020)

            async let lockRaces: (saved: Int, locked: Int) = {
                var tally = (saved: 0, locked: 0)
                for (index, race) in races.enumerated() {
                    // Launched together, in turn the save first and the approval first.
                    let outcomes = try await withThrowingTaskGroup(of: (DataWriteOutcome?, SubmissionOutcome?).self) { group in
                        let save: @Sendable () async throws -> (DataWriteOutcome?, SubmissionOutcome?) = {
                            (
                                try await store.save(
                                    [DataValueChange(element: "counselling", value: Double(index + 1), expectedVersion: nil)],
                                    placement: race.saved, period: race.period, context: F.district), nil
                            )
                        }
                        let approve: @Sendable () async throws -> (DataWriteOutcome?, SubmissionOutcome?) = {
                            (nil, try await rounds.transition(id: race.report, expectedVersion: 2, action: .approve, comment: "", context: F.office))
                        }
                        for task in index % 2 == 0 ? [save, approve] : [approve, save] { group.addTask(operation: task) }
                        var saved: DataWriteOutcome?
                        var approved: SubmissionOutcome?
                        for try await (s, a) in group {
                            saved = s ?? saved
                            approved = a ?? approved
                        }
                        return (saved, approved)
                    }
                    guard case .saved(let report)? = outcomes.1, report.state == .approved else {
                        Issue.record("race \(index): the approval failed: \(String(describing: outcomes.1))")
                        continue
                    }
                    switch outcomes.0 {
                    case .saved(changed: 1)?:
                        tally.saved += 1
                    case .locked(let locks)?:
                        tally.locked += 1
                        #expect(locks.map(\.submissionID) == [race.report], "race \(index)")
                        #expect(locks.map { $0.message(.vi) } == [race.message])
                    default:
                        Issue.record("race \(index): \(String(describing: outcomes.0))")
                    }
                }
                return tally
            }()

            async let saveRaces: (won: Int, version: Int, value: Double?) = {
                var version: Int?
                var value: Double?
                var won = 0
                for pair in 0..<Self.saveSavePairs {
                    let expected = version
                    let (a, b) = (Double(10_000 + 2 * pair), Double(10_001 + 2 * pair))
                    async let first = store.save(
                        [DataValueChange(element: "counselling", value: a, expectedVersion: expected)],
                        placement: F.quangTrung, period: contested, context: F.district)
                    async let second = store.save(
                        [DataValueChange(element: "counselling", value: b, expectedVersion: expected)],
                        placement: F.quangTrung, period: contested, context: F.office)
                    let outcomes = try await [first, second]
                    // Exactly one wins; the other is told the value and version saved now.
                    let winners = outcomes.indices.filter { outcomes[$0] == .saved(changed: 1) }
                    guard winners.count == 1, let winner = winners.first, case .conflicts(let conflicts) = outcomes[1 - winner] else {
                        Issue.record("pair \(pair): \(outcomes)")
                        break
                    }
                    let wonValue = winner == 0 ? a : b
                    #expect(
                        conflicts.map(\.current?.value) == [wonValue] && conflicts.map(\.current?.version) == [(expected ?? 0) + 1], "pair \(pair)")
                    won += 1
                    version = (expected ?? 0) + 1
                    value = wonValue
                }
                return (won, version ?? 0, value)
            }()

            let (lockTally, saveTally) = try await (lockRaces, saveRaces)
            let elapsed = clock.now - started

            // No update lost: every save that won is one version and one line of history, and the last one stands.
            #expect(saveTally.won == Self.saveSavePairs)
            let contestedValue = try #require(try await store.values(unitCode: "23281", periods: [contested.description]).first)
            #expect(contestedValue.version == saveTally.version && contestedValue.value == saveTally.value)
            #expect(try await store.history(unitCode: "23281", element: "counselling", period: contested.description).count == saveTally.won)
            #expect(lockTally.saved + lockTally.locked == Self.saveApprovePairs)

            // No value committed while its report was approved: the audit log, in the order of commits. A save's
            // event names the unit and period; an approval's event the report, which stays approved.
            let byReport = Dictionary(uniqueKeysWithValues: races.map { ($0.report.uuidString, $0) })
            let raced = Set(races.map { "\($0.saved.unitCode)/\($0.period)" })
            var locked = Set<String>()
            var savedAfterStart = 0
            let events = Array(try await AuditLog(database: app.db).events(AuditFilter(limit: 100_000)).reversed())
            for event in events {
                if event.entity == "submission", event.summary.hasSuffix(": approve"), let id = event.entityID, let race = byReport[id] {
                    locked.insert("\(race.saved.unitCode)/\(race.period)")
                } else if event.entity == "data_values", let id = event.entityID, raced.contains(id) {
                    savedAfterStart += 1
                    #expect(!locked.contains(id), "event \(event.seq): \(id) saved after its report was approved")
                }
            }
            #expect(locked.count == Self.saveApprovePairs && savedAfterStart == lockTally.saved)
            #expect(try await AuditLog(database: app.db).verify() == .intact(events: events.count))
            print(
                "ConcurrencyTests \(backend): \(Self.saveApprovePairs) save/approve and \(Self.saveSavePairs) save/save pairs in \(elapsed); "
                    + "saves before the approval \(lockTally.saved), after it (locked) \(lockTally.locked)")
        }
    }
}
