import Fluent
import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor

/// A store with Kon Tum's built-in units, plan and data elements loaded.
func withKonTum<T>(_ backend: TestBackend, _ body: (Application, Plan) async throws -> T) async throws -> T {
    try await withStore(backend) { app in
        let catalog = try BuiltinCatalog.load()
        try await BuiltinLoader(database: app.db).loadMissing(
            unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans, dataElements: catalog.dataElements,
            successorLinks: catalog.successorLinks)
        return try await body(app, catalog.plans[0])
    }
}

/// The places and people of the lock tests: Phường Quang Trung (23281) in Thành phố Kon Tum (608), Huyện Ia H' Drai
/// (618), the standing office and a district reporter.
enum LockFixture {
    static let quangTrung = UnitPlacement(unitCode: "23281", districtCode: "608", provinceCode: "62")
    static let iaHDrai = UnitPlacement(unitCode: "618", districtCode: "618", provinceCode: "62")
    static let office = ChangeContext(actor: "office", actorUnit: "62-CAT", address: "test")
    static let district = ChangeContext(actor: "district", actorUnit: "608", address: "test")

    /// Opens a round of `period` for `units` and returns each unit's report.
    static func open(_ app: Application, plan: Plan, _ period: Period, units: [String]) async throws -> [String: SubmissionRecord] {
        let rounds = RoundStore(database: app.db)
        let id = try await rounds.open(
            planID: plan.id, period: period, kind: RoundKind.of(period, planEndYear: plan.endYear),
            schedule: RoundSchedule.defaults(for: period), unitCodes: units, context: office)
        return Dictionary(uniqueKeysWithValues: try await rounds.submissions(roundID: id).map { ($0.unitCode, $0) })
    }

    /// Moves a report by the given actions, each expected to succeed; returns the report as it ends.
    @discardableResult
    static func move(_ app: Application, _ report: SubmissionRecord, _ actions: SubmissionAction...) async throws -> SubmissionRecord {
        var current = report
        for action in actions {
            let outcome = try await RoundStore(database: app.db).transition(
                id: current.id, expectedVersion: current.version, action: action, comment: action.needsComment ? "Sửa số liệu." : "",
                context: action.byStandingOffice ? office : district)
            guard case .saved(let moved) = outcome else {
                Issue.record("\(action) of \(report.unitCode): \(outcome)")
                return current
            }
            current = moved
        }
        return current
    }
}
