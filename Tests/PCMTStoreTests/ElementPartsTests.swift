import Fluent
import PCMTDomain
import PCMTSeedData
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing

/// Part/whole pairs of the built-in elements reach databases loaded before a pair was added (case C8).
@Suite struct ElementPartsTests {
    let catalog = try! BuiltinCatalog.load()

    func loadAll(_ database: any Database) async throws {
        try await BuiltinLoader(database: database).loadMissing(
            unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans, dataElements: catalog.dataElements)
    }

    @Test(arguments: TestBackend.available)
    func aDatabaseLoadedBeforeAPairGetsItOnceAndKeepsAUsersChoice(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            try await loadAll(app.db)
            let plan = try #require(catalog.plans.first).id
            var elements = try await DataElementStore(database: app.db).elements(planID: plan)
            #expect(elements.first { $0.code == "addicts" }?.partOf == "users_with_record", "addicts with a record are part of all with a record")
            #expect(
                Set(elements.compactMap { e in e.partOf.map { "\(e.code)<\($0)" } }) == [
                    "addicts<users_with_record", "users_served<users_with_record", "cultivation_destroyed_m2<cultivation_found_m2",
                    "schools_reached<schools_total", "industrial_zones_reached<industrial_zones_total", "court_cases_resolved<court_cases_received",
                    "trafficking_leads_verified<trafficking_leads", "controlled_establishments_inspected<controlled_establishments",
                ])
            // As a database of an earlier version: addicts without its whole, and no record of the fill.
            let sql = app.db as! any SQLDatabase
            try await sql.update("data_elements").set("part_of", to: SQLLiteral.null).where("code", .equal, "addicts").run()
            try await sql.update("data_elements").set("part_of", to: SQLLiteral.null).where("code", .equal, "users_served").run()
            try await sql.update("data_elements").set("part_of", to: "schools_total").where("code", .equal, "schools_reached").run()
            try await sql.delete(from: "builtin_loads").where("name", .like, "element-parts:%").run()
            try await loadAll(app.db)
            elements = try await DataElementStore(database: app.db).elements(planID: plan)
            #expect(elements.first { $0.code == "addicts" }?.partOf == "users_with_record")
            #expect(elements.first { $0.code == "users_served" }?.partOf == "users_with_record")
            // Once only: a pair removed afterwards stays removed.
            try await sql.update("data_elements").set("part_of", to: SQLLiteral.null).where("code", .equal, "addicts").run()
            // Written behind the store's back, so told as the store's own writes tell it (ReferenceCache).
            try await sql.raw("UPDATE reference_version SET version = version + 1").run()
            try await loadAll(app.db)
            #expect(try await DataElementStore(database: app.db).elements(planID: plan).first { $0.code == "addicts" }?.partOf == nil)
        }
    }
}
