import Foundation
import PCMTDomain
import PCMTStore

extension PageQueryContext {
    /// The plan as it applies to `period`: the version in force on the period's last day (``PlanVersions/inForce(for:)``).
    /// The board, a target's page, the rounds' pages and documents and the units' reports read their plan here.
    func plan(_ plan: Plan, for period: Period) async throws -> PlanInForce {
        try await plans.plan(id: plan.id, for: period) ?? PlanInForce(plan: plan, version: nil, isLatest: true, versionCount: 0)
    }

    /// The same by the plan's id; nil when there is no such plan.
    func plan(id: UUID, for period: Period) async throws -> Plan? {
        try await plans.plan(id: id, for: period)?.plan
    }
}

/// The plan's amendment history ("Lịch sử sửa đổi"): every version with its document, the day it is in force from and
/// who recorded it, and what each changed against the one before; with the changes made in the editor since the latest
/// version, which apply at once and are recorded with the next amendment.
enum PlanHistoryPage {
    struct Entry {
        var record: PlanVersionRecord
        /// The last day of this version (the day before the next one's), nil for the latest.
        var inForceUntil: String?
        /// What changed against the version before; empty for version 1.
        var changes: [PlanChange]
    }

    struct Model {
        var plan: Plan
        var entries: [Entry]
        /// The plan's changes since the latest version, not yet recorded with a document.
        var pending: [PlanChange]
        var mayAmend: Bool
        /// The number of the version just recorded, after the form.
        var recorded: Int?
        /// The form token, for the standing office's form.
        var csrfToken: String = ""
    }

    static func model(_ context: PageQueryContext, plan: Plan, notice: DoneNotice = .init()) async throws -> Model {
        var records = try await PlanVersionStore(database: context.db).versions(planID: plan.id)
        // A plan never changed since it was entered has its version 1 in the plan itself.
        if records.isEmpty {
            records = [PlanVersionRecord(version: .issued(plan), plan: plan, createdBy: "", createdAt: Date(timeIntervalSince1970: 0))]
        }
        let entries = records.enumerated().map { index, record in
            let next = index + 1 < records.count ? records[index + 1].version.inForceFrom : nil
            return Entry(
                record: record, inForceUntil: next.flatMap(Self.dayBefore),
                changes: index == 0 ? [] : PlanAmendment.changes(from: records[index - 1].plan, to: record.plan))
        }
        return Model(
            plan: plan, entries: entries, pending: PlanAmendment.changes(from: records.last!.plan, to: plan),
            mayAmend: try await context.mayEdit(plan), recorded: notice.done.flatMap { Int($0) })
    }

    /// "2023-12-31" from "2024-01-01".
    static func dayBefore(_ iso: String) -> String? {
        guard let date = OfficialDate(iso: iso) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let day = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)),
            let before = calendar.date(byAdding: .day, value: -1, to: day)
        else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: before)
        return OfficialDate(year: parts.year!, month: parts.month!, day: parts.day!)?.iso
    }
}
