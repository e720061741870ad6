import Fluent
import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing

/// Adding, changing and removing a plan's data elements (pcmt issue 16, item 4), on Kon Tum's plan 3959 with its 29
/// built-in elements, on SQLite and, when configured, PostgreSQL.
@Suite struct DataElementEditorTests {
    static let office = ChangeContext(actor: "vanphong.thunghiem", actorUnit: "62-CAT", address: "test")
    static let units: Set<String> = ["62-BDBP", "62-CAT", "62-HQ", "611"]

    static let border = DataElementDraft(
        code: "border_cases", name: "Số vụ phát hiện tại biên giới", measure: "vụ", aggregation: "flow", valueType: "count",
        collectedAt: "agency", collectedBy: ["62-BDBP"],
        categories: [.init(code: "land", name: "Đường bộ"), .init(code: "river", name: "Đường sông")])

    func saved(_ outcome: DataElementSaveOutcome, sourceLocation: SourceLocation = #_sourceLocation) throws -> StoredDataElement {
        guard case .saved(let stored) = outcome else {
            Issue.record("not saved: \(outcome)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        return stored
    }

    func problems(_ outcome: DataElementSaveOutcome) -> [FieldProblem] {
        if case .invalid(let problems) = outcome { return problems }
        return []
    }

    @Test(arguments: TestBackend.available)
    func addChangeAndRemoveWithVersionsAuditAndTheReferenceCache(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let editor = DataElementEditor(database: app.db)
            #expect(try await editor.elements(planID: plan.id).count == 29)
            // Added at the end, version 1, and read at once through the cache the pages and the engine use.
            let added = try saved(try await editor.create(planID: plan.id, draft: Self.border, knownUnits: Self.units, context: Self.office))
            #expect(added.version == 1 && added.position == 30)
            #expect(added.element.categories.map(\.code) == ["land", "river"])
            #expect(try await DataElementStore(database: app.db).elements(planID: plan.id).last?.code == "border_cases")
            let created = try #require(try await AuditLog(database: app.db).latest(entity: "dataElement", entityID: added.id.uuidString))
            #expect(created.kind == "create" && created.actor == "vanphong.thunghiem" && created.unitCode == plan.issuerUnit)
            #expect(created.after?.contains("border_cases") == true)

            // The same code again is refused, naming the field; nothing is added.
            let twice = problems(try await editor.create(planID: plan.id, draft: Self.border, knownUnits: Self.units, context: Self.office))
            #expect(twice.map(\.field) == ["code"])
            #expect(twice.first?.messageVi == "Mã: mã \"border_cases\" đã được dùng cho một chỉ số khác của kế hoạch.")
            #expect(try await editor.elements(planID: plan.id).count == 30)

            // A change from version 1 makes version 2; the audit log keeps only what changed.
            var renamed = Self.border
            renamed.name = "Số vụ phát hiện tại khu vực biên giới"
            let changed = try saved(
                try await editor.update(
                    id: added.id, planID: plan.id, expectedVersion: 1, draft: renamed, knownUnits: Self.units, context: Self.office))
            #expect(changed.version == 2 && changed.element.name == renamed.name)
            let update = try #require(try await AuditLog(database: app.db).latest(entity: "dataElement", entityID: added.id.uuidString))
            #expect(update.kind == "update" && update.after?.contains("khu vực biên giới") == true && update.after?.contains("measure") == false)

            // A form opened at version 1 is refused with the element as it is now and who changed it.
            var stale = Self.border
            stale.measure = "vụ việc"
            guard
                case .conflict(let current, let last) = try await editor.update(
                    id: added.id, planID: plan.id, expectedVersion: 1, draft: stale, knownUnits: Self.units, context: Self.office)
            else {
                Issue.record("a stale version was not refused")
                return
            }
            #expect(current.version == 2 && current.element.measure == "vụ" && last?.actor == "vanphong.thunghiem")
            // Saving what is there changes nothing, not even the version.
            #expect(
                try saved(
                    try await editor.update(
                        id: added.id, planID: plan.id, expectedVersion: 2, draft: renamed, knownUnits: Self.units, context: Self.office)
                ).version == 2)

            // Another plan's element is not found through this plan.
            #expect(try await editor.element(id: added.id, planID: UUID()) == nil)

            // Removed from its version, with its audit event; a stale removal is refused.
            guard
                case .conflict = try await editor.delete(id: added.id, planID: plan.id, expectedVersion: 1, context: Self.office)
            else {
                Issue.record("a stale removal was not refused")
                return
            }
            _ = try saved(try await editor.delete(id: added.id, planID: plan.id, expectedVersion: 2, context: Self.office))
            #expect(try await editor.element(id: added.id, planID: plan.id) == nil)
            #expect(try await DataElementStore(database: app.db).elements(planID: plan.id).count == 29)
            #expect(try await AuditLog(database: app.db).latest(entity: "dataElement", entityID: added.id.uuidString)?.kind == "delete")
        }
    }

    @Test(arguments: TestBackend.available)
    func whatRefersToAnElementKeepsItsCodeAndKeepsItFromBeingRemoved(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let editor = DataElementEditor(database: app.db)
            let elements = try await editor.elements(planID: plan.id)
            // Read by target T04's measure.
            let cases = try #require(elements.first { $0.element.code == "drug_cases_detected" })
            var draft = DataElementDraft(cases.element)
            draft.code = "drug_cases"
            let renamed = problems(
                try await editor.update(
                    id: cases.id, planID: plan.id, expectedVersion: cases.version, draft: draft, knownUnits: Self.units, context: Self.office))
            #expect(renamed.map(\.field) == ["code"])
            #expect(renamed.first?.messageVi.contains("chỉ tiêu T04") == true, "\(renamed)")
            // Its name may change: the code stays.
            draft.code = "drug_cases_detected"
            draft.name = "Số vụ phạm tội về ma túy bị phát hiện, bắt giữ"
            #expect(
                try saved(
                    try await editor.update(
                        id: cases.id, planID: plan.id, expectedVersion: cases.version, draft: draft, knownUnits: Self.units,
                        context: Self.office)
                ).version == cases.version + 1)

            // The whole of users_served and addicts, read by T03: refused, naming the target and the parts.
            let whole = try #require(elements.first { $0.element.code == "users_with_record" })
            let refused = problems(try await editor.delete(id: whole.id, planID: plan.id, expectedVersion: whole.version, context: Self.office))
            #expect(refused.map(\.field) == ["code"])
            let message = try #require(refused.first?.messageVi)
            #expect(message.contains("chỉ tiêu T03") && message.contains("addicts") && message.contains("users_served"), "\(message)")
            #expect(try await editor.element(id: whole.id, planID: plan.id) != nil)

            // An element with a value in the plan's years: refused while the value is there, removed once it is cleared.
            let added = try saved(
                try await editor.create(
                    planID: plan.id,
                    draft: DataElementDraft(
                        code: "parks_checked", name: "Công viên được kiểm tra", measure: "điểm", aggregation: "flow", valueType: "count",
                        collectedAt: "commune"),
                    knownUnits: Self.units, context: Self.office))
            let place = UnitPlacement(unitCode: "23281", districtCode: "608", provinceCode: "62")
            let values = DataValueStore(database: app.db)
            #expect(
                try await values.save(
                    [DataValueChange(element: "parks_checked", value: 3, expectedVersion: nil)], placement: place, period: Period("2023S1")!,
                    context: Self.office) == .saved(changed: 1))
            let withValue = problems(try await editor.delete(id: added.id, planID: plan.id, expectedVersion: 1, context: Self.office))
            #expect(withValue.first?.messageVi.contains("1 giá trị số liệu các năm \(plan.baselineYear)–\(plan.endYear)") == true, "\(withValue)")
            _ = try await values.save(
                [DataValueChange(element: "parks_checked", value: nil, expectedVersion: 1)], placement: place, period: Period("2023S1")!,
                context: Self.office)
            _ = try saved(try await editor.delete(id: added.id, planID: plan.id, expectedVersion: 1, context: Self.office))
        }
    }

    @Test(arguments: TestBackend.available)
    func aCopyOfThePlanHasItsOwnElements(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            var copy = plan
            copy.id = UUID()
            copy.code = "99/KH-THU"
            try await PlanEditor(database: app.db).createPlan(copy, copiedFrom: plan.id, context: Self.office)
            let editor = DataElementEditor(database: app.db)
            let copied = try await editor.elements(planID: copy.id)
            #expect(copied.map(\.element) == (try await editor.elements(planID: plan.id)).map(\.element))
            // The same code in the copy is the copy's own: changed there, unchanged in the plan it came from.
            let methadone = try #require(copied.first { $0.element.code == "methadone" })
            var draft = DataElementDraft(methadone.element)
            draft.name = "Người điều trị thay thế bằng thuốc methadone"
            _ = try saved(
                try await editor.update(
                    id: methadone.id, planID: copy.id, expectedVersion: methadone.version, draft: draft, knownUnits: Self.units,
                    context: Self.office))
            #expect(try await editor.elements(planID: plan.id).first { $0.element.code == "methadone" }?.element.name != draft.name)
            // An element of the original is not the copy's.
            let original = try #require(try await editor.elements(planID: plan.id).first)
            guard
                case .notFound = try await editor.update(
                    id: original.id, planID: copy.id, expectedVersion: original.version, draft: DataElementDraft(original.element),
                    knownUnits: Self.units, context: Self.office)
            else {
                Issue.record("an element of another plan was changed")
                return
            }
        }
    }
}
