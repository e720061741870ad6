import Fluent
import Foundation
import PCMTDomain
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@testable import PCMTStore

/// Units, plans and data elements are read once per process and kept (issue 13, item 2); every change made through
/// the store, in this process or in another one sharing the database, is seen by the next read, and nothing read
/// inside a transaction that was rolled back is ever served.
@Suite struct ReferenceCacheTests {
    static func commune(_ code: String) -> OrgUnit {
        OrgUnit(code: code, name: "Xã Thử Nghiệm \(code)", level: .commune, typeName: "Xã", parentCode: "611")
    }

    @Test(arguments: TestBackend.available)
    func aChangeIsSeenByTheNextReadWhereverItWasMade(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, plan in
            let units = OrgUnitStore(database: app.db)
            let name = try await units.unit(code: "611")?.name
            #expect(try await units.unit(code: "99001") == nil)
            // Kept: a row written behind the store's back, without telling, is not read again.
            let sql = app.db as! any SQLDatabase
            try await sql.update("org_unit_versions").set("name", to: "Tên đổi ngầm").where("code", .equal, "611").run()
            #expect(try await units.unit(code: "611")?.name == name, "read once, then kept")

            // A change through the store is seen at once, with the tree.
            try await units.insertMissing([Self.commune("99001")])
            #expect(try await units.unit(code: "99001")?.parentCode == "611")
            #expect(try await units.children(of: "611").contains { $0.code == "99001" })
            #expect(try await units.unit(code: "611")?.name == "Tên đổi ngầm", "everything is read again after a change")

            // Another process changes the same database and moves the counter in its transaction, as the store does.
            try await sql.update("org_unit_versions").set("name", to: "Huyện Ngọc Hồi").where("code", .equal, "611").run()
            try await ReferenceCache.bump(on: app.db)
            #expect(try await units.unit(code: "611")?.name == "Huyện Ngọc Hồi")

            // The plan and its elements likewise.
            let elements = try await DataElementStore(database: app.db).elements(planID: plan.id)
            #expect(elements.map(\.code) == (try await DataElementStore.load(planID: plan.id, on: app.db)).map(\.code))
            #expect(try await PlanStore(database: app.db).plan(id: plan.id)?.targets.count == plan.targets.count)
        }
    }

    @Test(arguments: TestBackend.available)
    func nothingReadInATransactionRolledBackIsServed(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, _ in
            struct Abandoned: Error {}
            let units = OrgUnitStore(database: app.db)
            _ = try await units.all()
            do {
                try await app.db.transaction { db in
                    try await OrgUnitStore(database: db).insertMissing([Self.commune("99002")])
                    // Read inside the transaction: the new unit is there, under the transaction's new number.
                    #expect(try await OrgUnitStore(database: db).unit(code: "99002") != nil)
                    throw Abandoned()
                }
            } catch is Abandoned {}
            #expect(try await units.unit(code: "99002") == nil, "the rolled-back unit is not served")
            #expect(try await units.all().count == (try await OrgUnitStore.load(on: app.db)).count)
        }
    }

    /// One request reads the numbers once (``ReferenceCache/readingNumbersOnce(_:)``), and still sees its own changes
    /// at once, and nothing of a transaction it rolled back. (Whether a change made meanwhile by another process is
    /// seen before the next request depends on changes in this process, which other tests make all the time, so it
    /// is not asserted here.)
    @Test(arguments: TestBackend.available)
    func aRequestReadsTheNumbersOnceAndSeesItsOwnChanges(backend: TestBackend) async throws {
        try await withKonTum(backend) { app, _ in
            struct Abandoned: Error {}
            let sql = app.db as! any SQLDatabase
            let units = OrgUnitStore(database: app.db)
            try await ReferenceCache.readingNumbersOnce {
                #expect(try await units.unit(code: "611") != nil)
                // Another process renames the district and moves the counter, as the store does.
                try await sql.update("org_unit_versions").set("name", to: "Đổi từ nơi khác").where("code", .equal, "611").run()
                try await sql.raw("UPDATE reference_version SET version = version + 1 WHERE id = 1").run()

                // The request's own change, in a transaction of its own (on a task of Fluent's), is seen by its next read,
                // with everything committed before it.
                try await app.db.transaction { db in try await OrgUnitStore(database: db).insertMissing([Self.commune("99003")]) }
                #expect(try await units.unit(code: "99003") != nil)
                #expect(try await units.unit(code: "611")?.name == "Đổi từ nơi khác")

                // A transaction of the request that rolled back leaves nothing of itself in what the request reads.
                do {
                    try await app.db.transaction { db in
                        try await OrgUnitStore(database: db).insertMissing([Self.commune("99004")])
                        #expect(try await OrgUnitStore(database: db).unit(code: "99004") != nil)
                        throw Abandoned()
                    }
                } catch is Abandoned {}
                #expect(try await units.unit(code: "99004") == nil)
                #expect(try await units.unit(code: "99003") != nil)
            }
            #expect(try await units.unit(code: "611")?.name == "Đổi từ nơi khác", "the next request reads the row again")
        }
    }
}
