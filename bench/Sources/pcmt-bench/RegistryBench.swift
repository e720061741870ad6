// pcmt-bench --registry: the registry of people under management at national scale (issue 17, item 4). About 250,000
// synthetic people spread over the communes of the national list, every commune's registry elements derived, then
// each measured next to its floor in the same run: saving one record with its derived totals, a commune's list, a
// province's board with derived elements, and an import of 10,000 rows. Prints JSON.
import Fluent
import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import SQLKit
import Vapor

/// A small deterministic generator (SplitMix64), so that every run builds the same people.
struct BenchRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One synthetic person as the bulk loader writes them: the registration, the commune that registered them, and
/// what happened since (services, an accepted move, a closing).
struct BenchPerson {
    var id: UUID
    var registration: PersonRegistration
    var registeredIn: UnitPlacement
    var services: [(kind: PersonServiceKind, day: String)]
    var move: (to: UnitPlacement, day: String)?
    var closing: (reason: PersonClosing, day: String)?
}

enum RegistryBench {
    /// The benchmark's "today": the last day before the reform of 01/07/2025 (the national list is of 01/03/2025; pcmt's
    /// built-in units end Kon Tum's communes on 30/06/2025, `quangngai-merger-2025.json`), in the plan's last year.
    static let today = "2025-06-30"
    /// The first year derived: 2025S1 and 2025 are written for every commune (2025S2 begins after today).
    static let fromYear = 2025
    static let context = ChangeContext(actor: "bench", actorUnit: nil, address: nil)

    /// A day from 01/01/2018 to 28/06/2025 by its number (0 ... ``lastDay``): 12 months of 28 days a year, every one a
    /// real day, in order.
    static func day(_ number: Int) -> String {
        let year = 2018 + number / 336, month = number % 336 / 28 + 1, day = number % 28 + 1
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
    static let lastDay = 7 * 336 + 6 * 28 - 1

    /// An ID number that is no one's: 12 digits beginning 999 (no province code is 999).
    static func idNumber(_ serial: Int) -> String { "999" + String(format: "%09d", serial) }

    static func registration(serial: Int, commune: String, managedFrom: String, sex: PersonSex, status: DrugUseStatus, withNumber: Bool)
        -> PersonRegistration
    {
        PersonRegistration(
            identity: PersonIdentity(
                fullName: "Người Mẫu " + String(format: "%06d", serial), otherNames: serial % 5 == 0 ? "Mẫu \(serial % 1000)" : "",
                sex: sex, birth: String(format: "%04d-%02d-%02d", 1965 + serial % 40, serial % 12 + 1, serial % 28 + 1),
                idNumber: withNumber ? idNumber(serial) : nil, address: "Thôn Mẫu \(serial % 20 + 1)"),
            communeCode: commune, status: status, statusOn: managedFrom, statusBody: "Công an xã", managedFrom: managedFrom)
    }

    /// UUIDs in the order of their serial (as the store's time-ordered ids are in the order of registration).
    static func orderedID(_ serial: Int, kind: UInt8) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes[0] = 0x01
        bytes[1] = kind
        bytes[6] = 0x70  // version 7's nibble
        bytes[8] = 0x80  // the variant's bits
        // The serial in the last 6 bytes, most significant first (kept apart from the version and variant bits).
        for index in 0..<6 { bytes[10 + index] = UInt8(truncatingIfNeeded: UInt64(serial) >> (40 - 8 * UInt64(index))) }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    /// The people: `large` of them in `largeCommune` (the commune whose list is measured), the others spread at random
    /// over every commune; 0–3 services each, about 5% moved to another commune of the province (the move accepted),
    /// about 5% closed, an ID number for about 80%.
    static func people(count: Int, large: Int, largeCommune: String, communes: [String], placements: UnitPlacements) -> [BenchPerson] {
        var random = BenchRandom(seed: 3959)
        let byProvince = Dictionary(grouping: communes) { placements[$0]!.provinceCode }
        let kinds = PersonServiceKind.allCases
        var result: [BenchPerson] = []
        result.reserveCapacity(count)
        for serial in 0..<count {
            let commune = serial < large ? largeCommune : communes[Int(random.next() % UInt64(communes.count))]
            let placement = placements[commune]!
            let start = Int(random.next() % UInt64(lastDay + 1))
            let sex: PersonSex = random.next() % 10 < 8 ? .male : .female
            let status: DrugUseStatus = random.next() % 10 < 4 ? .addict : .illicitUser
            let withNumber = random.next() % 10 < 8
            var person = BenchPerson(
                id: orderedID(serial, kind: 0),
                registration: registration(
                    serial: serial, commune: commune, managedFrom: day(start), sex: sex, status: status, withNumber: withNumber),
                registeredIn: placement, services: [], move: nil, closing: nil)
            func later(than first: Int) -> Int { first + Int(random.next() % UInt64(lastDay - first + 1)) }
            for _ in 0..<Int(random.next() % 4) {
                person.services.append((kind: kinds[Int(random.next() % UInt64(kinds.count))], day: day(later(than: start))))
            }
            var last = start
            if random.next() % 100 < 5, let others = byProvince[placement.provinceCode], others.count > 1 {
                var other = commune
                while other == commune { other = others[Int(random.next() % UInt64(others.count))] }
                last = later(than: start)
                person.move = (to: placements[other]!, day: day(last))
            }
            if random.next() % 100 < 5 {
                let reasons = PersonClosing.allCases
                person.closing = (reason: reasons[Int(random.next() % UInt64(reasons.count))], day: day(later(than: last)))
            }
            result.append(person)
        }
        return result
    }

    static let peopleColumns = [
        "id", "commune_code", "district_code", "province_code", "full_name_sealed", "other_names_sealed", "sex", "birth_sealed",
        "id_number_sealed", "id_digest", "address_sealed", "status", "status_on", "status_body", "managed_from", "transfer_to",
        "closed_on", "closing", "version", "updated_by", "updated_at",
    ]
    static let eventColumns = ["id", "person_id", "kind", "on_day", "code", "note_sealed", "recorded_by", "recorded_at"]

    static func bind(_ value: (any Encodable & Sendable)?) -> any SQLExpression {
        if let value { return SQLBind(value) }
        return SQLLiteral.null
    }

    /// A person's row as `PeopleRegistryStore` writes it: every identifying field sealed with the cipher for its table,
    /// column and record, the ID number also as its digest. `at` is where the record is kept now.
    static func personRow(_ person: BenchPerson, at placement: UnitPlacement, cipher: PersonalDataCipher, now: Date) throws
        -> [any SQLExpression]
    {
        let id = person.id
        func seal(_ text: String, _ column: String) -> String {
            cipher.seal(text, for: SealedPlace(table: "registry_people", column: column, recordID: id.uuidString))
        }
        let identity = person.registration.identity
        let number = try identity.idNumber.map { try PersonalIDNumber.normalized($0) }
        return [
            bind(id), bind(placement.unitCode), bind(placement.districtCode), bind(placement.provinceCode),
            bind(seal(identity.fullName, "full_name_sealed")), bind(seal(identity.otherNames, "other_names_sealed")), bind(identity.sex.rawValue),
            bind(seal(identity.birth, "birth_sealed")), bind(number.map { seal($0, "id_number_sealed") }),
            bind(try number.map { try cipher.digest(idNumber: $0) }), bind(seal(identity.address, "address_sealed")),
            bind(person.registration.status.rawValue), bind(person.registration.statusOn), bind(person.registration.statusBody),
            bind(person.registration.managedFrom), bind(String?.none), bind(person.closing?.day), bind(person.closing?.reason.rawValue),
            bind(1 + person.services.count + (person.move == nil ? 0 : 2) + (person.closing == nil ? 0 : 1)), bind("bench"), bind(now),
        ]
    }

    /// Writes the people and their history with multi-row INSERTs of sealed values (for benchmarks only: no audit
    /// event, no derived values counted; the elements are made derived afterwards, which counts them).
    ///
    /// - Returns: how many events were written.
    static func load(_ people: [BenchPerson], cipher: PersonalDataCipher, on database: any Database) async throws -> Int {
        var events = 0
        var eventSerial = 0
        let now = Date()
        for batch in chunks(people, size: 10_000) {
            let personRows = try batch.map { try personRow($0, at: $0.move?.to ?? $0.registeredIn, cipher: cipher, now: now) }
            var rows: [[any SQLExpression]] = []
            for person in batch {
                func event(_ kind: PersonEvent.Kind, _ day: String, _ code: String) {
                    eventSerial += 1
                    rows.append([
                        bind(orderedID(eventSerial, kind: 1)), bind(person.id), bind(kind.rawValue), bind(day), bind(code), bind(""),
                        bind("bench"), bind(now),
                    ])
                }
                event(.registered, person.registration.managedFrom, person.registeredIn.unitCode)
                for service in person.services { event(.service, service.day, service.kind.rawValue) }
                if let move = person.move {
                    event(.transferRequested, move.day, move.to.unitCode)
                    event(.transferAccepted, move.day, move.to.unitCode)
                }
                if let closing = person.closing { event(.closed, closing.day, closing.reason.rawValue) }
            }
            events += rows.count
            let eventRows = rows
            try await database.transaction { db in
                let sql = db as! any SQLDatabase
                for chunk in chunks(personRows, size: 1_000) {
                    var insert = sql.insert(into: "registry_people").columns(peopleColumns)
                    for row in chunk { insert = insert.values(row) }
                    try await insert.run()
                }
                for chunk in chunks(eventRows, size: 2_000) {
                    var insert = sql.insert(into: "registry_person_events").columns(eventColumns)
                    for row in chunk { insert = insert.values(row) }
                    try await insert.run()
                }
            }
        }
        return events
    }

    /// `items` cut in pieces of at most `size`, each under the databases' limits on bound values.
    static func chunks<T>(_ items: [T], size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }

    static func summary(_ samples: [Double]) -> [String: Double] {
        let sorted = samples.sorted()
        func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        let p95 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.95).rounded(.up)) - 1)]
        return [
            "median_ms": round(sorted[sorted.count / 2]), "p95_ms": round(p95), "min_ms": round(sorted.first!), "max_ms": round(sorted.last!),
            "samples": Double(sorted.count),
        ]
    }

    static func ratio(_ engine: [Double], _ floor: [Double]) -> Double {
        let a = summary(engine)["median_ms"]!, b = summary(floor)["median_ms"]!
        return (a / b * 100).rounded() / 100
    }

    /// One measured pair: the engine's samples, the floor's, and the ratio of their medians.
    static func pair(_ engine: [Double], _ floor: [Double], extra: [String: Any] = [:]) -> [String: Any] {
        ["engine": summary(engine), "floor": summary(floor), "engine_vs_floor": ratio(engine, floor)].merging(extra) { a, _ in a }
    }

    static func run(backend: String, url: DatabaseURL, postgresURL: String?, options: Options, catalog: BuiltinCatalog) async throws
        -> [String: Any]
    {
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        do {
            let result = try await measure(app: app, backend: backend, url: url, postgresURL: postgresURL, options: options, catalog: catalog)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func measure(app: Application, backend: String, url: DatabaseURL, postgresURL: String?, options: Options, catalog: BuiltinCatalog)
        async throws -> [String: Any]
    {
        app.databases.use(try url.configuration, as: url.databaseID)
        app.migrations.add(StoreMigrations.all)
        try await app.autoRevert()
        try await app.autoMigrate()
        let plan = catalog.plans[0]
        let elements = catalog.dataElements[plan.id]!
        let agencies = catalog.unitSets.flatMap(\.units).filter { $0.level == .agency }
        let units = try nationalUnits(limit: options.provinces, agencies: agencies)
        try await OrgUnitStore(database: app.db).insertMissing(units)
        try await BuiltinLoader(database: app.db).loadMissing(
            unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans, dataElements: catalog.dataElements)
        let placements = UnitPlacements(units: units)
        // The plan's typed values first, as pcmt-bench loads them (no rounds: nothing is locked, so every derived
        // period is written), so that the province's board carries typed and derived elements together.
        var values = 0
        let valuesMs = try await milliseconds {
            for province in units where province.level == .province {
                let area = units.filter { placements[$0.code]?.provinceCode == province.code }
                let generated = DemoData(seed: 3959, years: 2020...2025).values(elements: elements, units: area)
                values += generated.count
                try await app.db.transaction { db in
                    try await DataValueStore(database: db).insertMissing(
                        generated.map {
                            BulkValue(
                                element: $0.element, placement: placements[$0.unitCode]!, period: $0.period, category: $0.category, value: $0.value)
                        }, elements: elements, by: "bench", batchSize: 400, rebuildTotals: false)
                }
            }
        }
        let rebuildMs = try await milliseconds { try await DataValueStore(database: app.db).rebuildAreaTotals(elements: elements) }

        let kontum = units.first { $0.code == "62" } ?? units.first { $0.level == .province }!
        let communes = units.filter { $0.level == .commune }.map(\.code)
        let kontumCommunes = communes.filter { placements[$0]?.provinceCode == kontum.code }
        // Kon Tum's communes in their roles: the large list, the single saves (a commune of ordinary size), the imports
        // (one fresh commune per repetition) and the floor's rows.
        let largeCommune = kontumCommunes[0], saveCommune = kontumCommunes[1]
        let importRepeats = max(1, min(3, options.repeats))
        let importCommunes = Array(kontumCommunes[2..<(2 + importRepeats)])
        let large = min(max(options.people / 250, 100), options.people)
        let cipher = PersonalDataCipher(keyring: PersonalDataKeyring(current: .generate()))
        let people = RegistryBench.people(
            count: options.people, large: large, largeCommune: largeCommune, communes: communes, placements: placements)
        var events = 0
        let loadMs = try await milliseconds { events = try await load(people, cipher: cipher, on: app.db) }
        let sql = app.db as! any SQLDatabase
        try await sql.raw("ANALYZE").run()

        // Every commune's registry elements derived from 2025, by the standing office's choice (ElementSourceStore.choose:
        // one transaction per commune that writes its derived values, with their history and the kept totals moved).
        var derivedValues = 0
        let sources = ElementSourceStore(database: app.db)
        let deriveMs = try await milliseconds {
            for commune in communes {
                let outcome = try await sources.choose(
                    elements: PeopleRegistryTotals.elements, unitCode: commune, source: .peopleRegistry, fromYear: fromYear, today: today,
                    context: context)
                derivedValues += outcome.changedValues
            }
        }
        try await sql.raw("ANALYZE").run()
        // The registries of records: made-up cases and hotspots over every commune, their elements derived in the
        // measured province's communes (or every commune's, `--records-derived-in country`), as the people's.
        let records = try await RecordsBench.load(
            cases: options.cases, hotspots: options.hotspots, largeCommune: largeCommune, communes: communes,
            deriveIn: options.recordsDerivedInCountry ? communes : kontumCommunes, placements: placements, fromYear: fromYear, on: app.db)
        // The derived values are the registry's counts: checked for the large commune, the saves' commune, and a
        // commune people moved into (the reconciliation compares what is saved with a fresh count).
        let movedInto = people.first { $0.move != nil && $0.registeredIn.provinceCode == kontum.code }?.move?.to.unitCode ?? saveCommune
        let derivedPeriods: [Period] = [.halfYear(2025, half: 1), .year(2025)]
        let checked = try await sources.reconciliation(unitCodes: [largeCommune, saveCommune, movedInto], periods: derivedPeriods)
            .filter { PeopleRegistryTotals.elements.contains($0.key.element) }
        // Saved equal to counted. The source the reconciliation names is given apart (`derived_sources_named`): it asks
        // ElementSource.covers with the first day of the latest unit that has the code, and the built-in units reuse
        // Kon Tum's codes from 01/07/2025, after the bench's today, so for them it names 2025S1 and 2025 typed although
        // the values were derived.
        let derivedAgree = !checked.isEmpty && checked.allSatisfy { !$0.differs }

        let store = PeopleRegistryStore(database: app.db, cipher: cipher)
        let saveRepeats = max(options.repeats * 3, 5)
        var serial = 900_000_000

        // 1. Saving one record with its derived totals: a registration, then a service on it.
        var registerSamples: [Double] = [], serviceSamples: [Double] = []
        for _ in 0..<saveRepeats {
            serial += 1
            let registration = registration(
                serial: serial, commune: saveCommune, managedFrom: "2025-06-01", sex: .male, status: .addict, withNumber: true)
            var id = UUID()
            registerSamples.append(
                try await milliseconds {
                    id = try await store.register(registration, placement: placements[saveCommune]!, today: today, context: context)
                })
            serviceSamples.append(
                try await milliseconds {
                    try await store.addService(id, kind: .counselling, on: "2025-06-15", version: 1, today: today, context: context)
                })
        }
        // The floor: the same rows by one hand-written statement each, in one transaction — the person's row (sealed
        // beforehand), its event, and an upsert of the commune's derived values of the periods the change moves
        // (2025S1 and 2025, 10 values each) — and for a service its event, the record's version and the same upsert.
        // No history of values, no audit event, no kept totals, no count: what the database must do at least.
        let floorCommune = placements[saveCommune]!
        let derivedRows = try await DataValueStore(database: app.db).values(unitCode: saveCommune, periods: ["2025S1", "2025"])
            .filter { PeopleRegistryTotals.elements.contains($0.element) }
        let upsert: @Sendable (any SQLDatabase, Date) async throws -> Void = { sql, now in
            var insert = sql.insert(into: "data_values").columns(
                "id", "element", "unit_code", "district_code", "province_code", "period", "year", "half", "category", "value", "version",
                "updated_by", "updated_at")
            for row in derivedRows {
                let half = row.period.hasSuffix("S2") ? 2 : row.period.hasSuffix("S1") ? 1 : 0
                insert = insert.values([
                    bind(UUID()), bind(row.element), bind(saveCommune), bind(floorCommune.districtCode), bind(floorCommune.provinceCode),
                    bind(row.period), bind(2025), bind(half), bind(row.category), bind(row.value), bind(1), bind("bench"), bind(now),
                ])
            }
            try await insert.onConflict(with: ["element", "unit_code", "period", "category"]) {
                $0.set(excludedValueOf: "value").set(excludedValueOf: "updated_by").set(excludedValueOf: "updated_at")
                    .set("version", to: SQLRaw("data_values.version + 1"))
            }.run()
        }
        var floorRegister: [Double] = [], floorService: [Double] = [], floorIDs: [UUID] = []
        for _ in 0..<saveRepeats {
            serial += 1
            let id = UUID()
            floorIDs.append(id)
            let person = BenchPerson(
                id: id,
                registration: registration(
                    serial: serial, commune: saveCommune, managedFrom: "2025-06-01", sex: .male, status: .addict, withNumber: true),
                registeredIn: floorCommune, services: [], move: nil, closing: nil)
            let now = Date()
            let row = try personRow(person, at: floorCommune, cipher: cipher, now: now)
            floorRegister.append(
                try await milliseconds {
                    try await app.db.transaction { db in
                        let sql = db as! any SQLDatabase
                        try await sql.insert(into: "registry_people").columns(peopleColumns).values(row).run()
                        try await sql.insert(into: "registry_person_events").columns(eventColumns).values([
                            bind(UUID()), bind(id), bind("registered"), bind("2025-06-01"), bind(saveCommune), bind(""), bind("bench"), bind(now),
                        ]).run()
                        try await upsert(sql, now)
                    }
                })
            floorService.append(
                try await milliseconds {
                    try await app.db.transaction { db in
                        let sql = db as! any SQLDatabase
                        try await sql.insert(into: "registry_person_events").columns(eventColumns).values([
                            bind(UUID()), bind(id), bind("service"), bind("2025-06-15"), bind("counselling"), bind(""), bind("bench"), bind(now),
                        ]).run()
                        try await sql.update("registry_people").set("version", to: SQLRaw("version + 1")).where("id", .equal, id).run()
                        try await upsert(sql, now)
                    }
                })
        }
        // The floor's records are taken out again (the commune's derived values did not count them).
        for chunk in chunks(floorIDs, size: 500) {
            try await sql.delete(from: "registry_person_events").where("person_id", .in, chunk).run()
            try await sql.delete(from: "registry_people").where("id", .in, chunk).run()
        }

        // 2. A commune's list page: the large commune's open records, masked, and the same with a search.
        var listed = 0, found = 0
        let search = "mẫu 12"
        var listSamples: [Double] = [], searchSamples: [Double] = []
        _ = try await store.list(communeCode: largeCommune)
        for _ in 0..<options.repeats * 3 {
            listSamples.append(try await milliseconds { listed = try await store.list(communeCode: largeCommune).count })
            searchSamples.append(try await milliseconds { found = try await store.list(communeCode: largeCommune, search: search).count })
        }
        // The floor: one hand-written SELECT of the same rows (their sealed values as text); and the same with the
        // name, the day of birth and the ID number opened, which a masked list of sealed values cannot do without.
        func select() async throws -> [SQLRow] {
            try await sql.raw(
                """
                SELECT id, full_name_sealed, other_names_sealed, birth_sealed, id_number_sealed, sex, status, managed_from, closed_on,
                transfer_to, version FROM registry_people WHERE (commune_code = \(bind: largeCommune) OR transfer_to = \(bind: largeCommune))
                AND closed_on IS NULL ORDER BY id
                """
            ).all()
        }
        var selected = 0
        var selectSamples: [Double] = [], openSamples: [Double] = []
        for _ in 0..<options.repeats * 3 {
            selectSamples.append(
                try await milliseconds {
                    let rows = try await select()
                    for row in rows {
                        _ = try row.decode(column: "id", as: UUID.self)
                        for column in ["full_name_sealed", "other_names_sealed", "birth_sealed", "sex", "status", "managed_from"] {
                            _ = try row.decode(column: column, as: String.self)
                        }
                        _ = try row.decode(column: "id_number_sealed", as: String?.self)
                        _ = try row.decode(column: "version", as: Int.self)
                    }
                    selected = rows.count
                })
            openSamples.append(
                try await milliseconds {
                    for row in try await select() {
                        let id = try row.decode(column: "id", as: UUID.self).uuidString
                        for column in ["full_name_sealed", "birth_sealed"] {
                            _ = try cipher.open(
                                try row.decode(column: column, as: String.self),
                                for: SealedPlace(table: "registry_people", column: column, recordID: id))
                        }
                        if let number = try row.decode(column: "id_number_sealed", as: String?.self) {
                            _ = try cipher.open(number, for: SealedPlace(table: "registry_people", column: "id_number_sealed", recordID: id))
                        }
                    }
                })
        }

        // 3. The province's board with its derived elements, by the path pcmt-bench measures, and its hand-written
        // floor; both must give the same numbers.
        let query = BoardQuery(database: app.db)
        var boardSamples: [Double] = [], boardFloor: [Double] = []
        _ = try await board(query, plan: plan, unit: kontum, units: units, approvedOnly: true)
        for _ in 0..<options.repeats {
            boardSamples.append(
                try await milliseconds { _ = try await board(query, plan: plan, unit: kontum, units: units, approvedOnly: true) })
            boardFloor.append(
                try await milliseconds { _ = try await handWrittenTotals(sql, elements: elements, province: kontum.code, approvedFor: plan.id) })
        }
        let years = (plan.baselineYear - 1)...plan.endYear
        // The hand-written totals sum every element of `data_values`: the registries also derive elements only the
        // successor plan has (drug_cases_border_express, drug_cases_cyberspace), which this plan's board does not show.
        let planCodes = Set(elements.map(\.code))
        func planOnly(_ totals: HandTotals) -> HandTotals {
            func keep(_ values: [String: Double]) -> [String: Double] {
                values.filter { planCodes.contains(String($0.key.split(separator: "@").first ?? "")) }
            }
            return HandTotals(years: keep(totals.years), firstHalves: keep(totals.firstHalves), secondHalves: keep(totals.secondHalves))
        }
        let boardDifferences = differences(
            handShape(try await board(query, plan: plan, unit: kontum, units: units, approvedOnly: true)),
            planOnly(try await handWrittenTotals(sql, elements: elements, province: kontum.code, approvedFor: plan.id)), years: years)
        let derivedSources: Set<ValueSource> = [.peopleRegistry, .drugCases, .hotspots]
        let derivedOnBoard = elements.filter { element in RegistryYields.source(of: element.code).map { derivedSources.contains($0) } ?? false }
            .map(\.code)

        // 4. An import of `importRows` rows into one commune (PeopleRegistryStore.importPeople: every row checked, the
        // ID numbers matched in the file and in the province, all or nothing in one transaction, the commune counted
        // again once), one fresh commune per repetition.
        var importSamples: [Double] = []
        for (round, commune) in importCommunes.enumerated() {
            let rows = (0..<options.importRows).map { row in
                PersonImportRow(
                    row: row + 2,
                    registration: registration(
                        serial: 800_000_000 + round * 1_000_000 + row, commune: commune, managedFrom: day(row % (lastDay + 1)),
                        sex: row % 5 == 0 ? .female : .male, status: row % 3 == 0 ? .addict : .illicitUser, withNumber: row % 5 != 4))
            }
            var outcome: PersonImportOutcome?
            importSamples.append(
                try await milliseconds {
                    outcome = try await store.importPeople(rows, placement: placements[commune]!, today: today, context: context)
                })
            guard case .some(.imported(let count)) = outcome, count == rows.count else {
                preconditionFailure("not imported: \(String(describing: outcome))")
            }
        }
        // The floor: the same rows, sealed beforehand, written to a CSV file and loaded by the database's own tool in
        // one transaction — sqlite3 `.import` into a scratch table, then INSERT … SELECT of the records and of their
        // events (PostgreSQL: psql `\copy` and the same two statements) — the tool's start included, as in
        // write-bench.py. Its rows are taken out again after each run.
        var importFloor: [Double] = []
        var idType: String? = "uuid"
        if backend == "sqlite" {
            idType = try await sql.raw("SELECT typeof(id) AS t FROM registry_people LIMIT 1").first()?.decode(column: "t", as: String.self)
        }
        for round in 0..<importRepeats {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-registry-floor-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let csv = directory.appendingPathComponent("people.csv")
            let floorPlace = UnitPlacement(unitCode: "bench-floor", districtCode: floorCommune.districtCode, provinceCode: floorCommune.provinceCode)
            var text =
                "id,event_id,commune_code,district_code,province_code,full_name_sealed,other_names_sealed,sex,birth_sealed,"
                + "id_number_sealed,id_digest,address_sealed,status,status_on,status_body,managed_from,version,updated_by,updated_at\n"
            let now = Date().timeIntervalSince1970
            for row in 0..<options.importRows {
                let id = UUID()
                let registration = registration(
                    serial: 700_000_000 + round * 1_000_000 + row, commune: "bench-floor", managedFrom: day(row % (lastDay + 1)),
                    sex: row % 5 == 0 ? .female : .male, status: row % 3 == 0 ? .addict : .illicitUser, withNumber: row % 5 != 4)
                func seal(_ value: String, _ column: String) -> String {
                    cipher.seal(value, for: SealedPlace(table: "registry_people", column: column, recordID: id.uuidString))
                }
                let identity = registration.identity
                let number = try identity.idNumber.map { try PersonalIDNumber.normalized($0) }
                let fields: [String] = [
                    id.uuidString, UUID().uuidString, floorPlace.unitCode, floorPlace.districtCode ?? "", floorPlace.provinceCode,
                    seal(identity.fullName, "full_name_sealed"), seal(identity.otherNames, "other_names_sealed"), identity.sex.rawValue,
                    seal(identity.birth, "birth_sealed"), number.map { seal($0, "id_number_sealed") } ?? "",
                    try number.map { try cipher.digest(idNumber: $0) } ?? "", seal(identity.address, "address_sealed"),
                    registration.status.rawValue, registration.statusOn, registration.statusBody, registration.managedFrom, "1", "bench", "\(now)",
                ]
                text += fields.joined(separator: ",") + "\n"
            }
            try text.write(to: csv, atomically: true, encoding: .utf8)
            let script = directory.appendingPathComponent("load.sql")
            let arguments: [String]
            let executable: String
            if backend == "sqlite" {
                // Ids as text, as the store keeps them on SQLite (`typeof(id)`, read above, is given in `floor_is`:
                // were it a blob, this sqlite3 3.40 has no unhex() and the floor's ids would be text all the same).
                let people = """
                    INSERT INTO registry_people (id, commune_code, district_code, province_code, full_name_sealed, other_names_sealed, sex,
                    birth_sealed, id_number_sealed, id_digest, address_sealed, status, status_on, status_body, managed_from, version, updated_by,
                    updated_at) SELECT id, commune_code, NULLIF(district_code, ''), province_code, full_name_sealed, other_names_sealed, sex,
                    birth_sealed, NULLIF(id_number_sealed, ''), NULLIF(id_digest, ''), address_sealed, status, status_on, status_body,
                    managed_from, CAST(version AS INTEGER), updated_by, CAST(updated_at AS REAL) FROM registry_import_scratch;
                    INSERT INTO registry_person_events (id, person_id, kind, on_day, code, note_sealed, recorded_by, recorded_at)
                    SELECT event_id, id, 'registered', managed_from, commune_code, '', updated_by, CAST(updated_at AS REAL) FROM registry_import_scratch;
                    """
                try """
                .timeout 60000
                BEGIN;
                .import --csv \(csv.path) registry_import_scratch
                \(people)
                DROP TABLE registry_import_scratch;
                COMMIT;

                """.write(to: script, atomically: true, encoding: .utf8)
                executable = "/usr/bin/sqlite3"
                arguments = [options.sqlitePath, ".read \(script.path)"]
            } else {
                try """
                \\set ON_ERROR_STOP on
                BEGIN;
                CREATE TEMP TABLE registry_import_scratch (id text, event_id text, commune_code text, district_code text, province_code text,
                full_name_sealed text, other_names_sealed text, sex text, birth_sealed text, id_number_sealed text, id_digest text,
                address_sealed text, status text, status_on text, status_body text, managed_from text, version text, updated_by text,
                updated_at text) ON COMMIT DROP;
                \\copy registry_import_scratch FROM '\(csv.path)' CSV HEADER
                INSERT INTO registry_people (id, commune_code, district_code, province_code, full_name_sealed, other_names_sealed, sex,
                birth_sealed, id_number_sealed, id_digest, address_sealed, status, status_on, status_body, managed_from, version, updated_by,
                updated_at) SELECT id::uuid, commune_code, NULLIF(district_code, ''), province_code, full_name_sealed, other_names_sealed, sex,
                birth_sealed, NULLIF(id_number_sealed, ''), NULLIF(id_digest, ''), address_sealed, status, status_on, status_body,
                managed_from, version::bigint, updated_by, to_timestamp(updated_at::double precision) FROM registry_import_scratch;
                INSERT INTO registry_person_events (id, person_id, kind, on_day, code, note_sealed, recorded_by, recorded_at)
                SELECT event_id::uuid, id::uuid, 'registered', managed_from, commune_code, '', updated_by,
                to_timestamp(updated_at::double precision) FROM registry_import_scratch;
                COMMIT;

                """.write(to: script, atomically: true, encoding: .utf8)
                executable = "/usr/bin/psql"
                arguments = [postgresURL ?? "", "-q", "-f", script.path]
            }
            importFloor.append(
                try await milliseconds {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    try process.run()
                    process.waitUntilExit()
                    guard process.terminationStatus == 0 else { preconditionFailure("\(executable) failed: \(process.terminationStatus)") }
                })
            let loaded = try await sql.raw("SELECT COUNT(*) AS n FROM registry_people WHERE commune_code = 'bench-floor'").first()!
                .decode(column: "n", as: Int.self)
            guard loaded == options.importRows else { preconditionFailure("the floor loaded \(loaded) rows") }
            try await sql.raw("DELETE FROM registry_person_events WHERE code = 'bench-floor'").run()
            try await sql.raw("DELETE FROM registry_people WHERE commune_code = 'bench-floor'").run()
            try? FileManager.default.removeItem(at: directory)
        }

        // 5. The registries of cases and hotspots: a case saved, a hotspot eliminated, a commune's case list for a year,
        // an import of case rows (RecordsBench.swift).
        let recordMeasures = try await RecordsBench.measure(
            app: app, backend: backend, postgresURL: postgresURL, options: options, loaded: records, largeCommune: largeCommune,
            saveCommune: saveCommune, importCommunes: importCommunes, placements: placements)

        let closedCount = people.filter { $0.closing != nil }.count
        var result: [String: Any] = [
            "backend": backend, "today": today, "derived_from_year": fromYear,
            "provinces": units.filter { $0.level == .province }.count, "communes": communes.count, "province": kontum.code,
            "values": values, "load_values_seconds": (valuesMs / 10).rounded() / 100, "area_totals_rebuild_seconds": (rebuildMs / 10).rounded() / 100,
            "people": people.count, "people_with_id_number": people.filter { $0.registration.identity.idNumber != nil }.count,
            "people_moved": people.filter { $0.move != nil }.count, "people_closed": closedCount,
            "services": people.reduce(0) { $0 + $1.services.count }, "events": events,
            "load_people_seconds": (loadMs / 10).rounded() / 100,
            "load_people_how": "multi-row INSERTs of values sealed by PersonalDataCipher as the store seals them (bench only: no audit event)",
            "derive_seconds": (deriveMs / 10).rounded() / 100, "derived_communes": communes.count, "derived_values_written": derivedValues,
            "derive_how":
                "ElementSourceStore.choose for every commune, all \(PeopleRegistryTotals.elements.count) elements of the registry of people, from 2025: one transaction each",
            "derived_values_agree_with_counts": derivedAgree,
            "derived_sources_named": Dictionary(grouping: checked, by: \.source.rawValue).mapValues(\.count),
            "derived_values_differing": checked.filter(\.differs).prefix(5).map {
                "\($0.unitCode) \($0.period) \($0.key.element)/\($0.key.category): saved \($0.saved.map(String.init(describing:)) ?? "none"), counted \($0.registry), \($0.source.rawValue)"
            },
            "derived_values_checked": ["communes": [largeCommune, saveCommune, movedInto], "values": checked.count] as [String: Any],
            "save_register_one": pair(
                registerSamples, floorRegister,
                extra: [
                    "commune": saveCommune,
                    "engine_is":
                        "PeopleRegistryStore.register: rules, ID digest matched in the province, sealed row, event, audit, the commune's derived values of 2025S1 and 2025 counted again and written",
                    "floor_is":
                        "3 hand-written statements in one transaction: the sealed row, its event, an upsert of the commune's \(derivedRows.count) derived values",
                ]),
            "save_add_service": pair(
                serviceSamples, floorService,
                extra: [
                    "engine_is": "PeopleRegistryStore.addService: version checked, event, audit, derived values counted again and written",
                    "floor_is": "3 hand-written statements in one transaction: the event, the record's version, the same upsert",
                ]),
            "commune_list": pair(
                listSamples, selectSamples,
                extra: [
                    "commune": largeCommune, "people_listed": listed, "rows_selected": selected,
                    "floor_select_and_open": summary(openSamples), "engine_vs_floor_select_and_open": ratio(listSamples, openSamples),
                ]),
            "commune_list_search": pair(
                searchSamples, selectSamples,
                extra: ["search": search, "people_found": found, "engine_vs_floor_select_and_open": ratio(searchSamples, openSamples)]),
            "province_board_approved": pair(
                boardSamples, boardFloor,
                extra: [
                    "derived_elements": derivedOnBoard, "engine_and_sql_agree": boardDifferences.isEmpty,
                    "engine_is": "BoardQuery.totals (approved data, the default) and every target judged, as pcmt-bench measures it",
                    "floor_is": "handWrittenTotals over data_values for the province",
                ]),
            "import": pair(
                importSamples, importFloor,
                extra: [
                    "rows": options.importRows, "communes": importCommunes,
                    "engine_is":
                        "PeopleRegistryStore.importPeople: every row checked, ID numbers matched in the file and the province, all or nothing in one transaction, derived values counted again once",
                    "floor_is": backend == "sqlite"
                        ? "sqlite3 .import of the same rows sealed beforehand into a scratch table, then INSERT … SELECT of records and events, one transaction, the process start included (ids stored as \(idType ?? "?"))"
                        : "psql \\copy of the same rows sealed beforehand into a scratch table, then INSERT … SELECT of records and events, one transaction, the process start included",
                    "rows_per_second_engine": (Double(options.importRows) / (summary(importSamples)["median_ms"]! / 1000)).rounded(),
                    "rows_per_second_floor": (Double(options.importRows) / (summary(importFloor)["median_ms"]! / 1000)).rounded(),
                ]),
        ]
        result["records"] = recordMeasures
        result["province_board_approved_derived_from"] = "people (every commune), cases and hotspots (\(records.derivedCommunes) communes)"
        if !boardDifferences.isEmpty { result["board_disagreements"] = boardDifferences }
        if backend == "sqlite" { result["sqlite_path"] = options.sqlitePath }
        return result
    }
}
