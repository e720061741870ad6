import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@testable import PCMTStore

/// The versions of a plan in the store (issue 16, item 4): version 1 is recorded with the plan, or, for a plan entered
/// before versions were kept, from the plan as it stood before its first change; an amendment records the plan as the
/// editor holds it; a period reads the version in force on its last day.
@Suite struct PlanVersionStoreTests {
    static let amendment = AmendmentInput(
        documentNumber: "125/KH-UBND", documentDate: "2023-12-20", inForceFrom: "2024-01-01", issuer: "UBND tỉnh Kon Tum",
        summary: "Điều chỉnh chỉ tiêu T04.")

    func setThreshold(_ app: Application, _ plan: Plan, _ threshold: String) async throws {
        let editor = PlanEditor(database: app.db)
        let record = try #require(try await editor.records(planID: plan.id).first { $0.kind == .target && $0.fields["code"] == "T04" })
        var fields = record.fields
        fields["threshold"] = threshold
        let outcome = try await editor.update(
            .target, id: record.id, planID: plan.id, expectedVersion: record.version, fields: fields, context: LockFixture.office)
        guard case .saved = outcome else {
            Issue.record("not saved: \(outcome)")
            return
        }
    }

    @Test(arguments: TestBackend.available)
    func aPlanEnteredBeforeVersionsGetsItsFirstVersionBeforeItsFirstChange(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let store = PlanVersionStore(database: app.db)
            #expect(try await store.versions(planID: plan.id).map(\.version.number) == [1], "recorded with the plan")
            // As a database of an earlier version: no version recorded.
            try await (app.db as! any SQLDatabase).delete(from: "plan_versions").run()
            try await ReferenceCache.bump(on: app.db)
            #expect(try await store.versions(planID: plan.id).isEmpty)

            try await setThreshold(app, plan, "3")
            let versions = try await store.versions(planID: plan.id)
            #expect(versions.map(\.version.number) == [1])
            #expect(versions.first?.plan.targets.first { $0.code == "T04" }?.rule.threshold == 5, "the plan as it was before the change")
            #expect(versions.first?.version.inForceFrom == plan.issuedOn)
            #expect(versions.first?.createdBy == "office")
        }
    }

    @Test(arguments: TestBackend.available)
    func anAmendmentIsANewVersionInForceFromItsDay(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let store = PlanVersionStore(database: app.db)
            try await setThreshold(app, plan, "3")
            // Stale: the form was opened on a version that is not the latest.
            guard
                case .conflict(let latest, _) = try await store.record(planID: plan.id, input: Self.amendment, after: 0, context: LockFixture.office)
            else {
                Issue.record("a stale amendment must be refused")
                return
            }
            #expect(latest.version.number == 1)
            guard case .saved(let recorded) = try await store.record(planID: plan.id, input: Self.amendment, after: 1, context: LockFixture.office)
            else {
                Issue.record("not recorded")
                return
            }
            #expect(recorded.version.number == 2)
            #expect(recorded.version.document.number == "125/KH-UBND")
            #expect(recorded.plan.targets.first { $0.code == "T04" }?.rule.threshold == 3)
            // The same document again, or nothing changed: refused by field.
            guard case .invalid(let problems) = try await store.record(planID: plan.id, input: Self.amendment, after: 2, context: LockFixture.office)
            else {
                Issue.record("must be refused")
                return
            }
            #expect(Set(problems.map(\.field)) == ["documentNumber", "inForceFrom", "changes"])

            // A correction after version 2 applies to the periods of version 2 only.
            try await setThreshold(app, plan, "4")
            let plans = PlanStore(database: app.db)
            for (period, version, threshold, latest) in [
                ("2020", 1, 5.0, false), ("2023", 1, 5, false), ("2024S1", 2, 4, true), ("2025", 2, 4, true), ("2021-2023", 1, 5, false),
            ] {
                let inForce = try #require(try await plans.plan(id: plan.id, for: Period(period)!))
                #expect(inForce.version?.number == version, "\(period)")
                #expect(inForce.isLatest == latest, "\(period)")
                #expect(inForce.versionCount == 2)
                #expect(inForce.plan.targets.first { $0.code == "T04" }?.rule.threshold == threshold, "\(period)")
            }
            let versions = try await store.versions(planID: plan.id)
            #expect(
                PlanAmendment.changes(from: versions[0].plan, to: versions[1].plan).map { $0.sentence(.vi) } == [
                    "Sửa chỉ tiêu T04, cách đánh giá: «Tăng ≥ 5% so với năm trước» → «Tăng ≥ 3% so với năm trước»"
                ])
        }
    }

    @Test(arguments: TestBackend.available)
    func thePlanAsIssuedIsRecordedAgainOnlyBeforeAnyAmendment(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let store = PlanVersionStore(database: app.db)
            // Nothing changed yet: nothing to record.
            guard case .invalid(let same) = try await store.reissue(planID: plan.id, after: 1, context: LockFixture.office) else {
                Issue.record("must be refused")
                return
            }
            #expect(same.map(\.field) == ["changes"])
            // The office completes the plan's text as it was issued: version 1 becomes the plan as it now stands.
            try await setThreshold(app, plan, "3")
            guard case .conflict = try await store.reissue(planID: plan.id, after: 2, context: LockFixture.office) else {
                Issue.record("a stale form must be refused")
                return
            }
            guard case .saved(let issued) = try await store.reissue(planID: plan.id, after: 1, context: LockFixture.office) else {
                Issue.record("not recorded")
                return
            }
            #expect(issued.version.number == 1)
            #expect(issued.plan.targets.first { $0.code == "T04" }?.rule.threshold == 3)
            #expect(try await store.versions(planID: plan.id).count == 1)
            let event = try #require(
                try await AuditLog(database: app.db).latest(entity: PlanVersionStore.entity, entityID: "\(plan.id.uuidString.lowercased())#1"))
            #expect(event.kind == "update")
            // Once an amendment is recorded, the plan as issued stays as it was.
            try await setThreshold(app, plan, "4")
            guard case .saved = try await store.record(planID: plan.id, input: Self.amendment, after: 1, context: LockFixture.office) else {
                Issue.record("not recorded")
                return
            }
            try await setThreshold(app, plan, "6")
            guard case .invalid(let problems) = try await store.reissue(planID: plan.id, after: 2, context: LockFixture.office) else {
                Issue.record("must be refused")
                return
            }
            #expect(problems.first?.messageVi == "Kế hoạch đã có văn bản sửa đổi, bổ sung: không thể sửa nội dung ban hành nữa.")
            #expect(try await store.versions(planID: plan.id)[0].plan.targets.first { $0.code == "T04" }?.rule.threshold == 3)
        }
    }
}
