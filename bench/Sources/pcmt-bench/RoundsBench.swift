import Fluent
import Foundation
import PCMTDomain
import PCMTStore

/// The reporting rounds the benchmark opens, and whose reports it approves, through the store's workflow
/// (``RoundStore``: open, then for each approved report submit and approve, each in its own audited transaction that
/// moves the kept official totals), so that "approved data only" differs from "all data":
///
/// - 2020 (the baseline year): no round, so every value counts (nothing to approve);
/// - 2021–2023: a year round, every district and provincial body approved; then the first district of the measured
///   province reopened for 2023 (its 2023 values, and its communes', stop counting);
/// - 2024: a first-half round with every report approved, and a year round with every other district (by code)
///   approved and no provincial body (the others' first-half values count, their second-half values do not);
/// - 2025: a year round open, every report a draft (nothing of 2025 counts).
enum BenchRounds {
    static let description =
        "2020: no round (all counts); 2021-2023: year round, every district and provincial body approved, then the first "
        + "district of the measured province reopened for 2023; 2024: first-half round all approved, year round every other "
        + "district approved, no body; 2025: year round open, nothing approved"

    struct Outcome {
        var rounds = 0
        var approved = 0
        var reopened = 0
        var reports = 0
    }

    /// Opens the rounds and moves the reports; `province` is the measured province (the one with a reopened report).
    static func apply(plan: Plan, units: [OrgUnit], province: String, on db: any Database) async throws -> Outcome {
        let store = RoundStore(database: db)
        let office = ChangeContext(actor: "bench", actorUnit: plan.issuerUnit, address: "bench")
        let districts = units.filter { $0.level == .district }.map(\.code).sorted()
        let bodies = units.filter { $0.level == .agency }.map(\.code).sorted()
        let reporters = districts + bodies
        let everyOtherDistrict = Set(districts.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let reopenedDistrict = units.filter { $0.level == .district && $0.parentCode == province }.map(\.code).min()
        let periods: [(Period, Set<String>)] = [
            (.year(2021), Set(reporters)), (.year(2022), Set(reporters)), (.year(2023), Set(reporters)),
            (.halfYear(2024, half: 1), Set(reporters)), (.year(2024), everyOtherDistrict), (.year(2025), []),
        ]
        var outcome = Outcome()
        for (period, approved) in periods {
            let roundID = try await store.open(
                planID: plan.id, period: period, kind: RoundKind.of(period, planEndYear: plan.endYear),
                schedule: RoundSchedule.defaults(for: period), unitCodes: reporters, context: office)
            outcome.rounds += 1
            for submission in try await store.submissions(roundID: roundID) {
                outcome.reports += 1
                guard approved.contains(submission.unitCode) else { continue }
                let unit = ChangeContext(actor: "bench", actorUnit: submission.unitCode, address: "bench")
                guard
                    case .saved(let sent) = try await store.transition(
                        id: submission.id, expectedVersion: submission.version, action: .submit, comment: "", context: unit),
                    case .saved(let accepted) = try await store.transition(
                        id: sent.id, expectedVersion: sent.version, action: .approve, comment: "", context: office)
                else { throw BenchFailure("the report of \(submission.unitCode) for \(period) was not approved") }
                outcome.approved += 1
                if period == .year(2023), submission.unitCode == reopenedDistrict {
                    guard
                        case .saved = try await store.transition(
                            id: accepted.id, expectedVersion: accepted.version, action: .reopen,
                            comment: "Mở lại để kiểm tra số liệu (benchmark)", context: office)
                    else { throw BenchFailure("the report of \(submission.unitCode) for \(period) was not reopened") }
                    outcome.reopened += 1
                }
            }
        }
        return outcome
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
