// pcmt-bench --registry, the registries of records (issue 17, item 4): about 150,000 made-up drug crime cases and
// 10,000 made-up hotspots spread over the communes of the national list (synthetic values only: case numbers
// "BENCH-…", hotspots "Điểm mẫu …", no names), the communes' case and hotspot elements derived as the people's are,
// then each measure next to its floor in the same run: saving a case with its derived totals, a hotspot eliminated,
// a commune's case list for a year, and an import of 10,000 case rows. The province's board with these derived
// elements is measured by RegistryBench with the people's.
import Fluent
import Foundation
import PCMTDomain
import PCMTStore
import SQLKit
import Vapor

enum RecordsBench {
    static let today = RegistryBench.today
    static let context = RegistryBench.context
    static let registries: [RecordRegistry] = [.drugCases, .hotspots]

    static let routes = ["land_border", "express", "air", "sea", "inland"]
    static let drugTypes = ["heroin", "synthetic", "cannabis", "other"]
    static let columns = [
        "id", "registry", "commune_code", "province_code", "on_day", "match_key", "fields", "version", "created_by", "created_at",
        "updated_by", "updated_at",
    ]

    /// What was loaded and derived.
    struct Loaded {
        var cases = 0
        var hotspots = 0
        var casesInLarge = 0
        var hotspotsInLarge = 0
        var prosecuted = 0
        var resolved = 0
        var eliminated = 0
        var loadMs = 0.0
        var deriveMs = 0.0
        var derivedCommunes = 0
        var derivedValues = 0
        var keptLocks = 0
    }

    /// A day later than day number `first` (``RegistryBench/day(_:)``), within about a year and not after the last day.
    static func later(than first: Int, _ random: inout BenchRandom) -> Int {
        first + Int(random.next() % UInt64(min(RegistryBench.lastDay - first, 336) + 1))
    }

    /// A made-up case as a form would give it: detected on day number `start`, a case number of its own, its stages
    /// (about 80% prosecuted, of those 70% indicted and of those 80% tried; about half resolved).
    static func caseFields(serial: Int, start: Int, _ random: inout BenchRandom) -> [String: String] {
        let type = drugTypes[Int(random.next() % UInt64(drugTypes.count))]
        var fields: [String: String] = [
            "detected_on": RegistryBench.day(start), "case_number": "BENCH-\(String(format: "%07d", serial))",
            "detecting_body": "Công an xã", "route": routes[Int(random.next() % UInt64(routes.count))],
            "cyberspace": random.next() % 10 == 0 ? "1" : "0", "drug_type": type,
            "suspects_male": String(1 + random.next() % 3), "suspects_female": String(random.next() % 2),
        ]
        fields["\(type)_g"] = ValueText.write(Double(random.next() % 50_000) / 10, .vi)
        var last = start
        if random.next() % 10 < 8 {
            last = later(than: last, &random)
            fields["prosecuted_on"] = RegistryBench.day(last)
            if random.next() % 10 < 7 {
                last = later(than: last, &random)
                fields["indicted_on"] = RegistryBench.day(last)
                if random.next() % 10 < 8 {
                    last = later(than: last, &random)
                    fields["tried_on"] = RegistryBench.day(last)
                }
            }
        }
        if random.next() % 2 == 0 { fields["resolved_on"] = RegistryBench.day(later(than: last, &random)) }
        return fields
    }

    /// A made-up hotspot: found on day number `start`; about half eliminated since, a tenth of those re-formed and half
    /// of those eliminated again.
    static func hotspotFields(serial: Int, start: Int, _ random: inout BenchRandom) -> [String: String] {
        var fields: [String: String] = [
            "label": "Điểm mẫu \(String(format: "%06d", serial))", "kind": random.next() % 4 == 0 ? "cluster" : "point",
            "hot": random.next() % 10 == 0 ? "1" : "0", "found_on": RegistryBench.day(start),
        ]
        if random.next() % 2 == 0 {
            var last = later(than: start, &random)
            fields["eliminated_on"] = RegistryBench.day(last)
            if random.next() % 10 == 0 {
                last = later(than: last, &random)
                fields["reformed_on"] = RegistryBench.day(last)
                if random.next() % 2 == 0 { fields["eliminated_again_on"] = RegistryBench.day(later(than: last, &random)) }
            }
        }
        return fields
    }

    /// The fields as the store keeps them: read as a form is (a made-up record the rules refuse stops the bench).
    static func read(_ registry: RecordRegistry, _ raw: [String: String]) -> [String: String] {
        let (fields, problems) = registry.read(raw, today: today)
        precondition(problems.isEmpty, "made-up \(registry.rawValue) refused: \(problems)")
        return fields
    }

    /// The fields' JSON as `RecordRegistryStore` writes it (sorted keys, slashes as they are).
    static func json(_ fields: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(fields), as: UTF8.self)
    }

    /// The day the store orders and filters a record by.
    static func onDay(_ registry: RecordRegistry, _ fields: [String: String]) -> String { fields[registry.dayField] ?? "" }

    /// A record's row as `RecordRegistryStore` writes it (the columns of `CreateRegistryRecords`).
    static func row(_ registry: RecordRegistry, id: UUID, fields: [String: String], at placement: UnitPlacement, now: Date) throws
        -> [any SQLExpression]
    {
        [
            RegistryBench.bind(id), RegistryBench.bind(registry.rawValue), RegistryBench.bind(placement.unitCode),
            RegistryBench.bind(placement.provinceCode), RegistryBench.bind(onDay(registry, fields)),
            RegistryBench.bind(registry.matchKey(fields) ?? ""), RegistryBench.bind(try json(fields)), RegistryBench.bind(1),
            RegistryBench.bind("bench"), RegistryBench.bind(now), RegistryBench.bind("bench"), RegistryBench.bind(now),
        ]
    }

    /// Writes the made-up cases and hotspots by multi-row INSERTs of the columns the store writes (bench only: no audit
    /// event, no derived values counted; the elements are made derived afterwards, which counts them), then makes the
    /// case and hotspot elements derived from `fromYear` for `deriveIn` by `ElementSourceStore.choose`, one
    /// transaction per commune and registry, as the people's are.
    static func load(
        cases: Int, hotspots: Int, largeCommune: String, communes: [String], deriveIn: [String], placements: UnitPlacements,
        fromYear: Int, on database: any Database
    ) async throws -> Loaded {
        var loaded = Loaded()
        var random = BenchRandom(seed: 2_021_3959)
        let now = Date()
        let largeCases = min(max(cases / 250, 50), cases), largeHotspots = min(max(hotspots / 250, 10), hotspots)
        func commune(_ serial: Int, large: Int) -> String {
            serial < large ? largeCommune : communes[Int(random.next() % UInt64(communes.count))]
        }
        var counts = Loaded()
        let loadMs = try await milliseconds {
            var rows: [[any SQLExpression]] = []
            func flush() async throws {
                let batch = rows
                rows.removeAll(keepingCapacity: true)
                try await database.transaction { db in
                    let sql = db as! any SQLDatabase
                    for chunk in RegistryBench.chunks(batch, size: 1_000) {
                        var insert = sql.insert(into: "registry_records").columns(columns)
                        for row in chunk { insert = insert.values(row) }
                        try await insert.run()
                    }
                }
            }
            for serial in 0..<cases {
                let code = commune(serial, large: largeCases)
                let fields = read(.drugCases, caseFields(serial: serial, start: Int(random.next() % UInt64(RegistryBench.lastDay + 1)), &random))
                if fields["prosecuted_on"] != nil { counts.prosecuted += 1 }
                if fields["resolved_on"] != nil { counts.resolved += 1 }
                if code == largeCommune { counts.casesInLarge += 1 }
                rows.append(
                    try row(.drugCases, id: RegistryBench.orderedID(serial, kind: 2), fields: fields, at: placements[code]!, now: now))
                if rows.count == 10_000 { try await flush() }
            }
            for serial in 0..<hotspots {
                let code = commune(serial, large: largeHotspots)
                let fields = read(
                    .hotspots, hotspotFields(serial: serial, start: Int(random.next() % UInt64(RegistryBench.lastDay + 1)), &random))
                if fields["eliminated_on"] != nil { counts.eliminated += 1 }
                if code == largeCommune { counts.hotspotsInLarge += 1 }
                rows.append(
                    try row(.hotspots, id: RegistryBench.orderedID(serial, kind: 3), fields: fields, at: placements[code]!, now: now))
                if rows.count == 10_000 { try await flush() }
            }
            if !rows.isEmpty { try await flush() }
        }
        loaded = counts
        loaded.loadMs = loadMs
        loaded.cases = cases
        loaded.hotspots = hotspots
        try await (database as! any SQLDatabase).raw("ANALYZE").run()
        let sources = ElementSourceStore(database: database)
        var derivedValues = 0, keptLocks = 0
        loaded.deriveMs = try await milliseconds {
            for code in deriveIn {
                for registry in registries {
                    let outcome = try await sources.choose(
                        elements: registry.elements, unitCode: code, source: registry.source, fromYear: fromYear, today: today,
                        context: context)
                    derivedValues += outcome.changedValues
                    keptLocks += outcome.kept.count
                }
            }
        }
        loaded.derivedValues = derivedValues
        loaded.keptLocks = keptLocks
        loaded.derivedCommunes = deriveIn.count
        try await (database as! any SQLDatabase).raw("ANALYZE").run()
        return loaded
    }

    /// The hand-written upsert of a commune's values (the floor's recount): `rows` as counted beforehand.
    static func upsert(_ sql: any SQLDatabase, rows: [DataValue], at placement: UnitPlacement, now: Date) async throws {
        guard !rows.isEmpty else { return }
        var insert = sql.insert(into: "data_values").columns(
            "id", "element", "unit_code", "district_code", "province_code", "period", "year", "half", "category", "value", "version",
            "updated_by", "updated_at")
        for row in rows {
            let half = row.period.hasSuffix("S2") ? 2 : row.period.hasSuffix("S1") ? 1 : 0
            insert = insert.values([
                RegistryBench.bind(UUID()), RegistryBench.bind(row.element), RegistryBench.bind(placement.unitCode),
                RegistryBench.bind(placement.districtCode), RegistryBench.bind(placement.provinceCode), RegistryBench.bind(row.period),
                RegistryBench.bind(Int(row.period.prefix(4))!), RegistryBench.bind(half), RegistryBench.bind(row.category),
                RegistryBench.bind(row.value), RegistryBench.bind(1), RegistryBench.bind("bench"), RegistryBench.bind(now),
            ])
        }
        try await insert.onConflict(with: ["element", "unit_code", "period", "category"]) {
            $0.set(excludedValueOf: "value").set(excludedValueOf: "updated_by").set(excludedValueOf: "updated_at")
                .set("version", to: SQLRaw("data_values.version + 1"))
        }.run()
    }

    /// The measures, each next to its floor, as JSON.
    static func measure(
        app: Application, backend: String, postgresURL: String?, options: Options, loaded: Loaded, largeCommune: String,
        saveCommune: String, importCommunes: [String], placements: UnitPlacements
    ) async throws -> [String: Any] {
        let db = app.db
        let sql = db as! any SQLDatabase
        let store = RecordRegistryStore(database: db)
        let saveRepeats = max(options.repeats * 3, 5)
        let savePlace = placements[saveCommune]!
        var serial = 900_000_000
        // The generator of the measures' made-up records (the load has its own).
        var random = BenchRandom(seed: 17)

        // The derived values are the registries' counts, for the large commune and the saves' one.
        let derivedPeriods: [Period] = [.halfYear(2025, half: 1), .year(2025)]
        let ours = Set(registries.flatMap(\.elements))
        let checked = try await ElementSourceStore(database: db).reconciliation(
            unitCodes: [largeCommune, saveCommune], periods: derivedPeriods
        ).filter { ours.contains($0.key.element) }
        // Saved equal to counted; the source the reconciliation names apart (see RegistryBench: `derived_sources_named`).
        let derivedAgree = !checked.isEmpty && checked.allSatisfy { !$0.differs }

        // 1. Saving a case with its derived totals: RecordRegistryStore.create (rules, the case number matched in the
        // province, the row, the commune's case values of 2025S1 and 2025 counted again and written with their history
        // and the kept totals, the audit event).
        var caseSamples: [Double] = []
        for _ in 0..<saveRepeats {
            serial += 1
            var raw = caseFields(serial: serial, start: RegistryBench.lastDay - 20, &random)
            raw["detected_on"] = "2025-06-01"
            for key in ["prosecuted_on", "indicted_on", "tried_on", "resolved_on"] { raw[key] = nil }
            let fields = raw
            caseSamples.append(
                try await milliseconds {
                    _ = try await store.create(.drugCases, fields: fields, placement: savePlace, today: today, context: context)
                })
        }
        // The same in the large commune, whose every case is read and decoded again at each save (the count).
        var largeCaseSamples: [Double] = []
        for _ in 0..<saveRepeats {
            serial += 1
            var raw = caseFields(serial: serial, start: RegistryBench.lastDay - 20, &random)
            raw["detected_on"] = "2025-06-01"
            for key in ["prosecuted_on", "indicted_on", "tried_on", "resolved_on"] { raw[key] = nil }
            let fields = raw
            largeCaseSamples.append(
                try await milliseconds {
                    _ = try await store.create(.drugCases, fields: fields, placement: placements[largeCommune]!, today: today, context: context)
                })
        }
        // The floor: the row (its JSON made beforehand) and an upsert of the commune's case values of the periods the
        // change moves, as counted now, in one transaction. No rules, no match, no count, no history, no audit.
        let caseValues = try await DataValueStore(database: db).values(unitCode: saveCommune, periods: ["2025S1", "2025"])
            .filter { RecordRegistry.drugCases.elements.contains($0.element) }
        var caseFloor: [Double] = [], floorIDs: [UUID] = []
        for _ in 0..<saveRepeats {
            serial += 1
            var raw = caseFields(serial: serial, start: RegistryBench.lastDay - 20, &random)
            raw["detected_on"] = "2025-06-01"
            for key in ["prosecuted_on", "indicted_on", "tried_on", "resolved_on"] { raw[key] = nil }
            let id = UUID()
            floorIDs.append(id)
            let now = Date()
            let row = try row(.drugCases, id: id, fields: read(.drugCases, raw), at: savePlace, now: now)
            caseFloor.append(
                try await milliseconds {
                    try await db.transaction { db in
                        let sql = db as! any SQLDatabase
                        try await sql.insert(into: "registry_records").columns(columns).values(row).run()
                        try await upsert(sql, rows: caseValues, at: savePlace, now: now)
                    }
                })
        }

        // 2. A hotspot eliminated: RecordRegistryStore.update of a hotspot found this year (entered beforehand, not
        // measured), the version checked, the commune's hotspot values counted again and written, audited.
        var hotspotIDs: [UUID] = []
        for index in 0..<saveRepeats {
            hotspotIDs.append(
                try await store.create(
                    .hotspots, fields: ["label": "Điểm đo \(index)", "kind": "point", "found_on": "2025-02-01"], placement: savePlace,
                    today: today, context: context))
        }
        var hotspotSamples: [Double] = []
        for (index, id) in hotspotIDs.enumerated() {
            let fields = ["label": "Điểm đo \(index)", "kind": "point", "found_on": "2025-02-01", "eliminated_on": "2025-06-20"]
            hotspotSamples.append(
                try await milliseconds { try await store.update(id, fields: fields, version: 1, today: today, context: context) })
        }
        // The floor: the row's fields and version by one UPDATE comparing the version, and the upsert of the commune's
        // hotspot values, in one transaction; the rows entered by hand beforehand.
        let hotspotValues = try await DataValueStore(database: db).values(unitCode: saveCommune, periods: ["2025S1", "2025"])
            .filter { RecordRegistry.hotspots.elements.contains($0.element) }
        var hotspotFloor: [Double] = []
        var floorHotspots: [(UUID, String)] = []
        for index in 0..<saveRepeats {
            let id = UUID()
            let fields = read(.hotspots, ["label": "Điểm sàn \(index)", "kind": "point", "found_on": "2025-02-01"])
            try await sql.insert(into: "registry_records").columns(columns).values(
                try row(.hotspots, id: id, fields: fields, at: savePlace, now: Date())
            ).run()
            floorIDs.append(id)
            floorHotspots.append((id, try json(fields.merging(["eliminated_on": "2025-06-20"]) { _, b in b })))
        }
        for (id, fields) in floorHotspots {
            let now = Date()
            hotspotFloor.append(
                try await milliseconds {
                    try await db.transaction { db in
                        let sql = db as! any SQLDatabase
                        try await sql.update("registry_records").set("fields", to: fields).set("version", to: SQLRaw("version + 1"))
                            .set("updated_by", to: "bench").set("updated_at", to: now).where("id", .equal, id).where("version", .equal, 1).run()
                        try await upsert(sql, rows: hotspotValues, at: savePlace, now: now)
                    }
                })
        }
        // The floor's rows are taken out again (the commune's derived values did not count them).
        for chunk in RegistryBench.chunks(floorIDs, size: 500) {
            try await sql.delete(from: "registry_records").where("id", .in, chunk).run()
        }

        // 3. A commune's case list for a year: the large commune's cases of 2024, the latest first.
        let listYear = 2024
        var listed = 0
        var listSamples: [Double] = []
        _ = try await store.list(.drugCases, communeCode: largeCommune, year: listYear)
        for _ in 0..<options.repeats * 3 {
            listSamples.append(
                try await milliseconds { listed = try await store.list(.drugCases, communeCode: largeCommune, year: listYear).count })
        }
        // The floor: one SELECT of the same rows and columns, each column read; and the same with the fields' JSON
        // decoded, which a list of fields kept as JSON cannot do without.
        func select() async throws -> [SQLRow] {
            try await sql.raw(
                """
                SELECT id, registry, commune_code, fields, version, created_by, created_at, updated_by, updated_at FROM registry_records
                WHERE commune_code = \(bind: largeCommune) AND registry = 'drug_cases' AND on_day >= \(bind: "\(listYear)-01-01")
                AND on_day <= \(bind: "\(listYear)-12-31") ORDER BY on_day DESC, id DESC
                """
            ).all()
        }
        var selected = 0
        var selectSamples: [Double] = [], decodeSamples: [Double] = []
        for _ in 0..<options.repeats * 3 {
            selectSamples.append(
                try await milliseconds {
                    let rows = try await select()
                    for row in rows {
                        _ = try row.decode(column: "id", as: UUID.self)
                        for column in ["registry", "commune_code", "fields", "created_by", "updated_by"] {
                            _ = try row.decode(column: column, as: String.self)
                        }
                        _ = try row.decode(column: "version", as: Int.self)
                        _ = try row.decode(column: "created_at", as: Date.self)
                        _ = try row.decode(column: "updated_at", as: Date.self)
                    }
                    selected = rows.count
                })
            decodeSamples.append(
                try await milliseconds {
                    for row in try await select() {
                        _ = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "fields", as: String.self).utf8))
                    }
                })
        }

        // 4. An import of `importRows` case rows into one commune (RecordRegistryStore.importRecords: every row read as
        // a form is, case numbers matched in the file and in the province, all or nothing in one transaction, the
        // commune's case values counted again once), one fresh commune per repetition.
        var importSamples: [Double] = []
        for (round, commune) in importCommunes.enumerated() {
            var rows: [(row: Int, fields: [String: String])] = []
            for index in 0..<options.importRows {
                rows.append(
                    (index + 2, caseFields(serial: 800_000_000 + round * 1_000_000 + index, start: index % (RegistryBench.lastDay + 1), &random)))
            }
            let given = rows
            var imported = 0
            importSamples.append(
                try await milliseconds {
                    imported = try await store.importRecords(.drugCases, rows: given, placement: placements[commune]!, today: today, context: context)
                })
            precondition(imported == given.count, "imported \(imported) of \(given.count)")
        }
        // The floor: the same kind of rows, read and encoded beforehand, as CSV loaded by the database's own tool in
        // one transaction — sqlite3 `.import` into a scratch table and INSERT … SELECT (PostgreSQL: psql `\copy` and the
        // same statement) — the tool's start included. Its rows are taken out again after each run.
        var importFloor: [Double] = []
        for round in 0..<importCommunes.count {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-records-floor-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let csv = directory.appendingPathComponent("cases.csv")
            let floorPlace = UnitPlacement(unitCode: "bench-floor", districtCode: savePlace.districtCode, provinceCode: savePlace.provinceCode)
            var text = columns.joined(separator: ",") + "\n"
            let now = Date().timeIntervalSince1970
            for index in 0..<options.importRows {
                let fields = read(
                    .drugCases, caseFields(serial: 700_000_000 + round * 1_000_000 + index, start: index % (RegistryBench.lastDay + 1), &random))
                let quoted = "\"" + (try json(fields)).replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let values: [String] = [
                    UUID().uuidString, RecordRegistry.drugCases.rawValue, floorPlace.unitCode, floorPlace.provinceCode,
                    onDay(.drugCases, fields), RecordRegistry.drugCases.matchKey(fields) ?? "", quoted, "1", "bench", "\(now)", "bench", "\(now)",
                ]
                text += values.joined(separator: ",") + "\n"
            }
            try text.write(to: csv, atomically: true, encoding: .utf8)
            let script = directory.appendingPathComponent("load.sql")
            let executable: String
            let arguments: [String]
            if backend == "sqlite" {
                try """
                .timeout 60000
                BEGIN;
                .import --csv \(csv.path) registry_records_scratch
                INSERT INTO registry_records (id, registry, commune_code, province_code, on_day, match_key, fields, version, created_by,
                created_at, updated_by, updated_at) SELECT id, registry, commune_code, province_code, on_day, match_key, fields,
                CAST(version AS INTEGER), created_by, CAST(created_at AS REAL), updated_by, CAST(updated_at AS REAL) FROM registry_records_scratch;
                DROP TABLE registry_records_scratch;
                COMMIT;

                """.write(to: script, atomically: true, encoding: .utf8)
                executable = "/usr/bin/sqlite3"
                arguments = [options.sqlitePath, ".read \(script.path)"]
            } else {
                try """
                \\set ON_ERROR_STOP on
                BEGIN;
                CREATE TEMP TABLE registry_records_scratch (id text, registry text, commune_code text, province_code text, on_day text,
                match_key text, fields text, version text, created_by text, created_at text, updated_by text, updated_at text) ON COMMIT DROP;
                \\copy registry_records_scratch FROM '\(csv.path)' CSV HEADER
                INSERT INTO registry_records (id, registry, commune_code, province_code, on_day, match_key, fields, version, created_by,
                created_at, updated_by, updated_at) SELECT id::uuid, registry, commune_code, province_code, on_day, match_key, fields,
                version::bigint, created_by, to_timestamp(created_at::double precision), updated_by, to_timestamp(updated_at::double precision)
                FROM registry_records_scratch;
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
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM registry_records WHERE commune_code = 'bench-floor'").first()!
                .decode(column: "n", as: Int.self)
            guard count == options.importRows else { preconditionFailure("the floor loaded \(count) rows") }
            try await sql.raw("DELETE FROM registry_records WHERE commune_code = 'bench-floor'").run()
            try? FileManager.default.removeItem(at: directory)
        }

        return [
            "cases": loaded.cases, "hotspots": loaded.hotspots, "cases_prosecuted": loaded.prosecuted, "cases_resolved": loaded.resolved,
            "hotspots_eliminated": loaded.eliminated,
            "load_seconds": (loaded.loadMs / 10).rounded() / 100,
            "load_how":
                "multi-row INSERTs of the columns RecordRegistryStore writes, each record read by RecordRegistry.read and its fields encoded as the store encodes them (bench only: no audit event)",
            "derive_seconds": (loaded.deriveMs / 10).rounded() / 100, "derived_communes": loaded.derivedCommunes,
            "derived_values_written": loaded.derivedValues, "derived_periods_kept_by_locks": loaded.keptLocks,
            "derive_how":
                "ElementSourceStore.choose for each commune, the case elements (source drug_cases) and the hotspot elements (source hotspots), from \(RegistryBench.fromYear): one transaction each",
            "derived_values_agree_with_counts": derivedAgree,
            "derived_sources_named": Dictionary(grouping: checked, by: \.source.rawValue).mapValues(\.count),
            "derived_values_differing": checked.filter(\.differs).prefix(5).map {
                "\($0.unitCode) \($0.period) \($0.key.element)/\($0.key.category): saved \($0.saved.map(String.init(describing:)) ?? "none"), counted \($0.registry), \($0.source.rawValue)"
            },
            "derived_values_checked": ["communes": [largeCommune, saveCommune], "values": checked.count] as [String: Any],
            "save_case": RegistryBench.pair(
                caseSamples, caseFloor,
                extra: [
                    "commune": saveCommune,
                    "engine_is":
                        "RecordRegistryStore.create(.drugCases): rules, the case number matched in the province, the row, the commune's case values of 2025S1 and 2025 counted again and written (history, kept totals), audit",
                    "floor_is":
                        "2 hand-written statements in one transaction: the row (JSON encoded beforehand) and an upsert of the commune's \(caseValues.count) case values",
                ]),
            "save_case_in_large_commune": RegistryBench.pair(
                largeCaseSamples, caseFloor,
                extra: [
                    "commune": largeCommune, "cases_in_commune": loaded.casesInLarge + saveRepeats,
                    "engine_is": "the same as save_case, in the commune of the case list (its every case counted again at each save)",
                    "floor_is": "save_case's floor",
                ]),
            "save_hotspot_eliminated": RegistryBench.pair(
                hotspotSamples, hotspotFloor,
                extra: [
                    "commune": saveCommune,
                    "engine_is":
                        "RecordRegistryStore.update of a hotspot found 01/02/2025, eliminated 20/06/2025: version checked, the hotspot values counted again and written, audit",
                    "floor_is":
                        "2 hand-written statements in one transaction: UPDATE of the row's fields and version (comparing it) and an upsert of the commune's \(hotspotValues.count) hotspot values",
                ]),
            "commune_case_list_year": RegistryBench.pair(
                listSamples, selectSamples,
                extra: [
                    "commune": largeCommune, "year": listYear, "cases_in_commune": loaded.casesInLarge, "cases_listed": listed,
                    "rows_selected": selected, "floor_select_and_decode": RegistryBench.summary(decodeSamples),
                    "engine_vs_floor_select_and_decode": RegistryBench.ratio(listSamples, decodeSamples),
                    "engine_is": "RecordRegistryStore.list(.drugCases, communeCode:, year:)",
                    "floor_is": "one hand-written SELECT of the same rows and columns, each column read",
                ]),
            "import_cases": RegistryBench.pair(
                importSamples, importFloor,
                extra: [
                    "rows": options.importRows, "communes": importCommunes,
                    "engine_is":
                        "RecordRegistryStore.importRecords(.drugCases): every row read as a form is, case numbers matched in the file and in the province, all or nothing in one transaction, the commune's case values counted again once",
                    "floor_is": backend == "sqlite"
                        ? "sqlite3 .import of the same kind of rows (read and encoded beforehand) into a scratch table, then INSERT … SELECT, one transaction, the process start included"
                        : "psql \\copy of the same kind of rows (read and encoded beforehand) into a scratch table, then INSERT … SELECT, one transaction, the process start included",
                    "rows_per_second_engine": (Double(options.importRows) / (RegistryBench.summary(importSamples)["median_ms"]! / 1000)).rounded(),
                    "rows_per_second_floor": (Double(options.importRows) / (RegistryBench.summary(importFloor)["median_ms"]! / 1000)).rounded(),
                ]),
        ]
    }
}
