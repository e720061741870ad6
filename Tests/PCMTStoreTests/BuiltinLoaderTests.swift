import Fluent
import PCMTDomain
import PCMTSeedData
import PCMTTestSupport
import SQLKit
import Testing

@testable import PCMTStore

@Suite struct BuiltinLoaderTests {
    let catalog = try! BuiltinCatalog.load()

    @discardableResult
    func loadAll(_ database: any Database) async throws -> [String] {
        try await BuiltinLoader(database: database).loadMissing(
            unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans, dataElements: catalog.dataElements)
    }

    @Test(arguments: TestBackend.available)
    func theStoredPlanIsExactlyTheBuiltInOne(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            let loaded = try await loadAll(app.db)
            #expect(loaded.count == catalog.unitSets.count + catalog.plans.count + catalog.dataElements.count)
            let builtin = try #require(catalog.plans.first)
            let stored = try #require(try await PlanStore(database: app.db).plan(id: builtin.id))
            #expect(stored == builtin)
            let summaries = try await PlanStore(database: app.db).summaries()
            #expect(summaries.map(\.code) == ["3959/KH-UBND"])
        }
    }

    @Test(arguments: TestBackend.available)
    func aSecondStartLoadsNothingAndKeepsWhatUsersChanged(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            try await loadAll(app.db)
            let sql = app.db as! any SQLDatabase
            try await sql.update("targets").set("text", to: "Changed by a user").where("code", .equal, "T04").run()
            try await sql.delete(from: "org_unit_versions").where("code", .equal, "23299").run()
            // Written behind the store's back, so told as the store's own writes tell it (ReferenceCache).
            try await sql.raw("UPDATE reference_version SET version = version + 1").run()

            let second = try await loadAll(app.db)
            #expect(second.isEmpty)
            let plan = try #require(try await PlanStore(database: app.db).plan(id: catalog.plans[0].id))
            #expect(plan.targets.first { $0.code == "T04" }?.text == "Changed by a user")
            #expect(try await OrgUnitStore(database: app.db).unit(code: "23299") == nil)
            let count = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("org_unit_versions")
                .first(decodingColumn: "n", as: Int.self)
            #expect(count == catalog.unitSets.flatMap(\.units).count - 1)
            #expect(try await PlanStore(database: app.db).summaries().count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func unitsAreQueriedByParentAndAncestry(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            try await loadAll(app.db)
            let store = OrgUnitStore(database: app.db)
            #expect(try await store.topLevel().map(\.code) == ["51", "51", "62"])
            let underProvince = try await store.children(of: "62")
            #expect(underProvince.filter { $0.level == .district }.count == 10)
            #expect(underProvince.filter { $0.level == .agency }.count == 23)
            #expect(try await store.children(of: "611").count == 8)
            let commune = try #require(try await store.unit(code: "23377"))
            #expect(try await store.ancestors(of: commune).map(\.code) == ["611", "62"])
            #expect(try await store.units(codes: ["62-CAT", "nope", "608"]).map(\.code) == ["62-CAT", "608"])
        }
    }

    @Test(arguments: TestBackend.available)
    func everyMigrationReverts(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            try await loadAll(app.db)
            try await app.autoRevert()
            let tables = try await existingTables(app.db)
            #expect(tables.isDisjoint(with: ["plans", "targets", "org_unit_versions", "duties", "projects", "builtin_loads"]))
            try await app.autoMigrate()
            #expect(try await loadAll(app.db).count == catalog.unitSets.count + catalog.plans.count + catalog.dataElements.count)
        }
    }

    @Test(arguments: TestBackend.available)
    func theHealthCheckReachesTheDatabase(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            try await DatabaseHealth.check(app.db)
        }
    }

    private func existingTables(_ database: any Database) async throws -> Set<String> {
        let sql = database as! any SQLDatabase
        let query: SQLQueryString =
            sql.dialect.name == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
        return Set(try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
    }

    @Test(arguments: TestBackend.available)
    func aDatabaseLoadedBeforeTheReportOutlineGetsItOnceAndKeepsUserChoices(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            try await loadAll(app.db)
            let sql = app.db as! any SQLDatabase
            // As a database of an earlier version: no outline, and no record of having filled it.
            try await sql.update("duties").set("key_task", to: SQLLiteral.null).run()
            try await sql.update("key_tasks").set("solution_group", to: SQLLiteral.null).run()
            try await sql.delete(from: "builtin_loads").where("name", .like, "report-outline:%").run()
            // A user already chose a key task for one duty.
            try await sql.update("duties").set("key_task", to: SQLBind(9)).where("label", .equal, "a").where("text", .like, "Chủ trì hướng dẫn%")
                .run()

            try await loadAll(app.db)
            let builtin = try #require(catalog.plans.first)
            let stored = try #require(try await PlanStore(database: app.db).plan(id: builtin.id))
            #expect(stored.tasks.map(\.solutionGroup) == builtin.tasks.map(\.solutionGroup))
            #expect(stored.assignments[0].duties[0].keyTask == 9, "the user's choice is kept")
            #expect(Array(stored.assignments.dropFirst()) == Array(builtin.assignments.dropFirst()))
            #expect(stored.assignments.flatMap(\.duties).allSatisfy { $0.keyTask != nil })
        }
    }

    @Test(arguments: TestBackend.available)
    func aDatabaseLoadedFromOlderBuiltInUnitsGetsTheirChangesOnceAndKeepsWhatUsersChanged(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            func start() async throws -> [String] {
                try await BuiltinLoader(database: app.db).loadMissing(
                    unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans, dataElements: catalog.dataElements,
                    successorLinks: catalog.successorLinks)
            }
            _ = try await start()
            // As an earlier pcmt loaded them: Kon Tum's People's Committee and police open, with no successors, and no
            // upgrade recorded.
            for model in try await OrgUnitModel.query(on: app.db).filter(\.$code ~~ ["62-UBND", "62-CAT"]).all() {
                model.validTo = nil
                model.successorCodes = []
                try await model.update(on: app.db)
            }
            let sql = app.db as! any SQLDatabase
            try await sql.delete(from: "builtin_loads").where("name", .like, "units-upgrade:%").run()
            // What users changed since: the police's end date, a unit removed, a target's text.
            try await sql.update("org_unit_versions").set("valid_to", to: "2025-07-31").where("code", .equal, "62-CAT").run()
            try await sql.delete(from: "org_unit_versions").where("code", .equal, "23299").run()
            try await sql.update("targets").set("text", to: "Changed by a user").where("code", .equal, "T04").run()
            try await sql.raw("UPDATE reference_version SET version = version + 1").run()
            let eventsBefore = try await AuditLog(database: app.db).events(AuditFilter()).count

            let loaded = try await start()
            #expect(loaded.count == 1 && loaded[0].hasPrefix("units-upgrade:"))
            let store = OrgUnitStore(database: app.db)
            let committee = try #require(try await store.unit(code: "62-UBND", on: "2025-06-30"))
            #expect(committee.validTo == "2025-06-30")
            #expect(committee.successorCodes == ["51-UBND"])
            let police = try #require(try await store.unit(code: "62-CAT", on: "2025-06-30"))
            #expect(police.validTo == "2025-07-31", "the end date a user set is kept")
            #expect(police.successorCodes == ["51-CAT"])
            #expect(try await store.unit(code: "23299") == nil, "a unit removed stays removed")
            let plan = try #require(try await PlanStore(database: app.db).plan(id: catalog.plans[0].id))
            #expect(plan.targets.first { $0.code == "T04" }?.text == "Changed by a user")
            let events = try await AuditLog(database: app.db).events(AuditFilter())
            #expect(events.count == eventsBefore + 2)
            let upgrade = events.filter { $0.entity == BuiltinLoader.unitEntity }
            #expect(Set(upgrade.map(\.entityID)) == ["62-UBND|", "62-CAT|"])
            #expect(upgrade.allSatisfy { $0.actor == "system" && $0.kind == AuditKind.update.rawValue })

            // A second start changes nothing.
            #expect(try await start().isEmpty)
            #expect(try await AuditLog(database: app.db).events(AuditFilter()).count == eventsBefore + 2)
        }
    }
}
