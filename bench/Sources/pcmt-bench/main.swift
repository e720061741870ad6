// pcmt-bench: builds a national-scale dataset (every province, district and commune of the 2025 GSO list, every
// data element of the Kon Tum plan, 2020–2025 by half-year) and measures the target board for one province and for
// the whole country, the save of one form, and a hand-written single SQL query computing the same numbers. Reporting
// rounds are opened and approved for part of the units, so that both views of the board are measured and checked:
// all data, and approved data only (the default of the board). Prints JSON.
// Usage: swift run -c release pcmt-bench [--provinces N] [--postgres URL] [--repeat N] [--keep PATH]
// With --registry [--people N] [--import-rows N] [--cases N] [--hotspots N] [--records-derived-in country|province]: the
// registry of people under management and the registries of cases and hotspots instead (RegistryBench.swift,
// RecordsBench.swift).
import Fluent
import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import SQLKit
import Vapor

struct Options {
    var provinces = Int.max
    var repeats = 7
    /// Emptied first: never the tests' database (PCMT_TEST_POSTGRES_URL is not read).
    var postgres = ProcessInfo.processInfo.environment["PCMT_BENCH_POSTGRES_URL"]
    var sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-bench.sqlite").path
    /// Whether the SQLite file is left for others (`--keep PATH`: `bench/http-bench.py --national PATH` serves it).
    var keep = false
    /// Measure only, on the file a run with `--keep PATH` left (`--reuse PATH`): nothing is loaded, no round opened.
    var reuse = false
    /// The registry of people under management instead of the board (`--registry`, RegistryBench.swift): how many
    /// people (`--people N`) and how many rows one measured import has (`--import-rows N`).
    var registry = false
    var people = 250_000
    var importRows = 10_000
    /// The registries of records beside the people (RecordsBench.swift): how many made-up drug crime cases
    /// (`--cases N`) and hotspots (`--hotspots N`), and whether every commune's case and hotspot elements are made
    /// derived (`--records-derived-in country`) or only those of the measured province (`province`, the default).
    var cases = 150_000
    var hotspots = 10_000
    var recordsDerivedInCountry = false

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        var pathGiven = false
        while let argument = iterator.next() {
            switch argument {
            case "--provinces": provinces = iterator.next().flatMap(Int.init) ?? provinces
            case "--repeat": repeats = iterator.next().flatMap(Int.init) ?? repeats
            case "--postgres": postgres = iterator.next()
            case "--no-postgres": postgres = nil
            case "--sqlite":
                sqlitePath = iterator.next() ?? sqlitePath
                pathGiven = true
            case "--keep":
                sqlitePath = iterator.next() ?? sqlitePath
                keep = true
                pathGiven = true
            case "--reuse":
                sqlitePath = iterator.next() ?? sqlitePath
                keep = true
                reuse = true
                postgres = nil
            case "--registry": registry = true
            case "--people": people = iterator.next().flatMap(Int.init) ?? people
            case "--import-rows": importRows = iterator.next().flatMap(Int.init) ?? importRows
            case "--cases": cases = iterator.next().flatMap(Int.init) ?? cases
            case "--hotspots": hotspots = iterator.next().flatMap(Int.init) ?? hotspots
            case "--records-derived-in":
                switch iterator.next() {
                case "country": recordsDerivedInCountry = true
                case "province": recordsDerivedInCountry = false
                default: FileHandle.standardError.write(Data("--records-derived-in takes country or province\n".utf8)); exit(2)
                }
            default: FileHandle.standardError.write(Data("unknown option \(argument)\n".utf8)); exit(2)
            }
        }
        if registry && !pathGiven {
            sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-registry-bench.sqlite").path
        }
    }
}

/// The national list, as kept under bench/data.
struct NationalList: Decodable {
    struct Province: Decodable {
        var code: String
        var name: String
        var type: String
        var districts: [District]
    }

    struct District: Decodable {
        var code: String
        var name: String
        var type: String
        var communes: [[String]]
    }

    var provinces: [Province]
}

func nationalUnits(limit: Int, agencies: [OrgUnit]) throws -> [OrgUnit] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/vietnam-units-2025-03.json")
    let list = try JSONDecoder().decode(NationalList.self, from: Data(contentsOf: url))
    // The measured province, Kon Tum (62, the province of the plan), is always among the N; then the first others.
    let chosen = Set(
        list.provinces.filter { $0.code == "62" }.prefix(limit).map(\.code)
            + list.provinces.filter { $0.code != "62" }.prefix(max(limit - 1, 0)).map(\.code))
    var units: [OrgUnit] = []
    for province in list.provinces where chosen.contains(province.code) {
        units.append(OrgUnit(code: province.code, name: province.name, level: .province, typeName: province.type, parentCode: nil))
        // Each province gets the same kinds of provincial bodies as Kon Tum, coded "<province>-<body>".
        for agency in agencies {
            let suffix = agency.code.split(separator: "-").dropFirst().joined(separator: "-")
            units.append(
                OrgUnit(
                    code: "\(province.code)-\(suffix)", name: agency.name, level: .agency, typeName: agency.typeName,
                    parentCode: province.code))
        }
        for district in province.districts {
            units.append(OrgUnit(code: district.code, name: district.name, level: .district, typeName: district.type, parentCode: province.code))
            for commune in district.communes {
                units.append(OrgUnit(code: commune[0], name: commune[1], level: .commune, typeName: commune[2], parentCode: district.code))
            }
        }
    }
    return units
}

func milliseconds(_ block: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await block()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

func summary(_ samples: [Double]) -> [String: Double] {
    let sorted = samples.sorted()
    func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
    return ["median_ms": round(sorted[sorted.count / 2]), "min_ms": round(sorted.first!), "max_ms": round(sorted.last!)]
}

func run(backend: String, url: DatabaseURL, options: Options, catalog: BuiltinCatalog) async throws -> [String: Any] {
    let app = try await Application.make(.production)
    app.logger.logLevel = .error
    do {
        let result = try await measure(app: app, backend: backend, url: url, options: options, catalog: catalog)
        // Shut down before the file is used by anyone else (the server of http-bench.py).
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// One board: the totals of `unit` for every year and every target judged for each year and for the whole span.
func board(_ query: BoardQuery, plan: Plan, unit: OrgUnit, units: [OrgUnit], approvedOnly: Bool) async throws -> UnitTotals {
    let totals = try await query.totals(plan: plan, unit: unit, allUnits: units, approvedOnly: approvedOnly)
    for year in plan.startYear...plan.endYear { _ = TargetBoard(plan: plan, period: .year(year), totals: totals.unit) }
    _ = TargetBoard(plan: plan, period: .span(from: plan.startYear, to: plan.endYear), totals: totals.unit)
    return totals.unit
}

func measure(app: Application, backend: String, url: DatabaseURL, options: Options, catalog: BuiltinCatalog) async throws -> [String: Any] {
    app.databases.use(try url.configuration, as: url.databaseID)
    app.migrations.add(StoreMigrations.all)
    let reuse = options.reuse && backend == "sqlite"
    if !reuse { try await app.autoRevert() }
    try await app.autoMigrate()
    let plan = catalog.plans[0]
    let elements = catalog.dataElements[plan.id]!
    let agencies = catalog.unitSets.flatMap(\.units).filter { $0.level == .agency }
    let units = reuse ? try await OrgUnitStore(database: app.db).all() : try nationalUnits(limit: options.provinces, agencies: agencies)
    if !reuse {
        try await OrgUnitStore(database: app.db).insertMissing(units)
        // The built-in plan, its elements and unit lists as the server loads them at its first start (the national
        // list went in first, so the built-in Kon Tum units are there already): `pcmt serve` on this file then loads
        // nothing.
        try await BuiltinLoader(database: app.db).loadMissing(
            unitSets: catalog.unitSets.map { ($0.name, $0.units) }, plans: catalog.plans, dataElements: catalog.dataElements)
    }
    let placements = UnitPlacements(units: units)

    var values = 0
    let insertMs = try await milliseconds {
        // Province by province, to keep memory small.
        for province in units where province.level == .province && !reuse {
            let area = units.filter { placements[$0.code]?.provinceCode == province.code }
            let generated = DemoData(seed: 3959, years: 2020...2025).values(elements: elements, units: area)
            values += generated.count
            try await app.db.transaction { db in
                try await DataValueStore(database: db).insertMissing(
                    generated.map {
                        BulkValue(element: $0.element, placement: placements[$0.unitCode]!, period: $0.period, category: $0.category, value: $0.value)
                    }, elements: elements, by: "bench", batchSize: 400, rebuildTotals: false)
            }
        }
    }
    let rebuildMs = reuse ? 0 : try await milliseconds { try await DataValueStore(database: app.db).rebuildAreaTotals(elements: elements) }
    if reuse { values = try await DataValueStore(database: app.db).count() }
    let kontum = units.first { $0.code == "62" } ?? units.first { $0.level == .province }!
    // Rounds opened and reports approved after the values are in, each through the workflow, so that the kept
    // official totals are moved by every approval as in use (not rebuilt).
    var rounds = BenchRounds.Outcome()
    let roundsMs = try await milliseconds {
        if !reuse { rounds = try await BenchRounds.apply(plan: plan, units: units, province: kontum.code, on: app.db) }
    }
    let sql = app.db as! any SQLDatabase
    try await sql.raw("ANALYZE").run()

    let query = BoardQuery(database: app.db)
    let years = (plan.baselineYear - 1)...plan.endYear
    func national(approvedOnly: Bool) async throws -> UnitTotals {
        // Both views read the country's kept rows ("*" in `area_totals` and `official_totals`).
        let totals = try await query.countryTotals(plan: plan, allUnits: units, approvedOnly: approvedOnly)
        for year in plan.startYear...plan.endYear { _ = TargetBoard(plan: plan, period: .year(year), totals: totals) }
        return totals
    }
    let nationalRepeats = max(options.repeats / 2, 3)
    var engine: [String: [Double]] = [:], floor: [String: [Double]] = [:]
    for (view, approvedOnly) in [("all", false), ("approved", true)] {
        _ = try await board(query, plan: plan, unit: kontum, units: units, approvedOnly: approvedOnly)
        for _ in 0..<options.repeats {
            engine["province_\(view)", default: []].append(
                try await milliseconds { _ = try await board(query, plan: plan, unit: kontum, units: units, approvedOnly: approvedOnly) })
        }
        for _ in 0..<nationalRepeats {
            engine["national_\(view)", default: []].append(try await milliseconds { _ = try await national(approvedOnly: approvedOnly) })
        }
        let approvedFor = approvedOnly ? plan.id : nil
        for _ in 0..<options.repeats {
            floor["province_\(view)", default: []].append(
                try await milliseconds { _ = try await handWrittenTotals(sql, elements: elements, province: kontum.code, approvedFor: approvedFor) })
        }
        for _ in 0..<nationalRepeats {
            floor["national_\(view)", default: []].append(
                try await milliseconds { _ = try await handWrittenTotals(sql, elements: elements, province: nil, approvedFor: approvedFor) })
        }
    }

    // The same numbers both ways, or the floor measures something else; in the approved view the hand-written
    // query is the independent check of the kept official totals.
    let provinceAll = try await handWrittenTotals(sql, elements: elements, province: kontum.code)
    let provinceApproved = try await handWrittenTotals(sql, elements: elements, province: kontum.code, approvedFor: plan.id)
    let nationalAll = try await handWrittenTotals(sql, elements: elements, province: nil)
    let nationalApproved = try await handWrittenTotals(sql, elements: elements, province: nil, approvedFor: plan.id)
    let checks: [(String, [String])] = [
        (
            "province_all",
            differences(handShape(try await board(query, plan: plan, unit: kontum, units: units, approvedOnly: false)), provinceAll, years: years)
        ),
        (
            "province_approved",
            differences(handShape(try await board(query, plan: plan, unit: kontum, units: units, approvedOnly: true)), provinceApproved, years: years)
        ),
        (
            "province_approved_official_filter",
            differences(
                handShape(
                    try await query.totals(
                        plan: plan, unit: kontum, allUnits: units, official: try await query.officialFilter(plan: plan)
                    ).unit), provinceApproved, years: years)
        ),
        ("national_all", differences(handShape(try await national(approvedOnly: false)), nationalAll, years: years)),
        ("national_approved", differences(handShape(try await national(approvedOnly: true)), nationalApproved, years: years)),
        ("national_approved_kept_rows", differences(try await keptCountryOfficialTotals(sql, plan: plan.id), nationalApproved, years: years)),
    ]
    let viewsDiffer = !differences(provinceAll, provinceApproved, years: years).isEmpty

    let commune = units.first { $0.level == .commune && placements[$0.code]?.provinceCode == kontum.code }!
    let communeElements = elements.filter { $0.collectedAt.level == .commune }
    var saveSamples: [Double] = []
    for round in 0..<options.repeats {
        let existing = try await DataValueStore(database: app.db).values(unitCode: commune.code, periods: ["2025S2"])
        let versions = Dictionary(existing.map { ("\($0.element)|\($0.category)", $0.version) }, uniquingKeysWith: { a, _ in a })
        let changes = communeElements.flatMap { element in
            (element.categories.isEmpty ? [""] : element.categories.map(\.code)).map { category in
                DataValueChange(
                    element: element.code, category: category, value: Double(round + 1),
                    expectedVersion: versions["\(element.code)|\(category)"])
            }
        }
        saveSamples.append(
            try await milliseconds {
                let outcome = try await DataValueStore(database: app.db).save(
                    changes, placement: placements[commune.code]!, period: .halfYear(2025, half: 2),
                    context: ChangeContext(actor: "bench", actorUnit: commune.code, address: nil))
                guard case .saved = outcome else { preconditionFailure("not saved: \(outcome)") }
            })
    }
    let documents = try await documentMeasures(
        plan: plan, province: kontum, units: units, elements: elements, query: query,
        repeats: options.repeats)
    func median(_ samples: [Double]) -> Double { summary(samples)["median_ms"]! }
    func ratio(_ a: Double, _ b: Double) -> Double { (a / b * 100).rounded() / 100 }
    var result: [String: Any] = [
        "backend": backend, "provinces": units.filter { $0.level == .province }.count, "province": kontum.code,
        "communes": units.filter { $0.level == .commune }.count, "values": values,
        "load_seconds": (insertMs / 10).rounded() / 100, "area_totals_rebuild_seconds": (rebuildMs / 10).rounded() / 100,
        "province_board_all_years": summary(engine["province_all"]!), "national_board": summary(engine["national_all"]!),
        "form_save_\(communeElements.count)_elements": summary(saveSamples),
        "hand_written_sql_province": summary(floor["province_all"]!), "hand_written_sql_national": summary(floor["national_all"]!),
        "province_board_vs_sql": ratio(median(engine["province_all"]!), median(floor["province_all"]!)),
        "engine_and_sql_agree": checks[0].1.isEmpty, "documents": documents,
        // Approved data only (the board's default), with the rounds below.
        "rounds": BenchRounds.description, "rounds_opened": rounds.rounds, "reports": rounds.reports,
        "reports_approved": rounds.approved, "reports_reopened": rounds.reopened,
        "rounds_seconds": (roundsMs / 10).rounded() / 100,
        "approval_ms_mean": (roundsMs / Double(max(rounds.approved, 1)) * 100).rounded() / 100,
        "province_board_all_years_approved": summary(engine["province_approved"]!),
        "national_board_approved": summary(engine["national_approved"]!),
        "national_board_approved_source": "BoardQuery.countryTotals(approvedOnly: true), the kept rows of official_totals",
        "hand_written_sql_province_approved": summary(floor["province_approved"]!),
        "hand_written_sql_national_approved": summary(floor["national_approved"]!),
        "province_board_approved_vs_sql": ratio(median(engine["province_approved"]!), median(floor["province_approved"]!)),
        "national_board_approved_vs_sql": ratio(median(engine["national_approved"]!), median(floor["national_approved"]!)),
        "approved_and_all_views_differ": viewsDiffer,
        "engine_and_sql_agree_by_view": Dictionary(uniqueKeysWithValues: checks.map { ($0.0, $0.1.isEmpty) }),
    ]
    let disagreements = checks.filter { !$0.1.isEmpty }
    if !disagreements.isEmpty {
        result["disagreements"] = Dictionary(uniqueKeysWithValues: disagreements.map { ($0.0, $0.1) })
    }
    if backend == "sqlite" { result["sqlite_path"] = options.sqlitePath }
    if reuse {
        // Measured on a file an earlier run loaded: its loading figures are in that run's output, not here.
        for key in [
            "load_seconds", "area_totals_rebuild_seconds", "rounds_opened", "reports", "reports_approved", "reports_reopened", "rounds_seconds",
            "approval_ms_mean",
        ] {
            result[key] = nil
        }
        result["reused_file"] = true
    }
    return result
}

let options = Options(CommandLine.arguments)
let catalog = try BuiltinCatalog.load()
var results: [[String: Any]] = []
if options.registry {
    guard !options.reuse else {
        FileHandle.standardError.write(Data("--registry builds its own dataset: --reuse does not apply\n".utf8))
        exit(2)
    }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: options.sqlitePath + suffix) }
    results.append(
        try await RegistryBench.run(backend: "sqlite", url: .sqlite(path: options.sqlitePath), postgresURL: nil, options: options, catalog: catalog))
    if let postgres = options.postgres {
        results.append(
            try await RegistryBench.run(
                backend: "postgres", url: try DatabaseURL(postgres), postgresURL: postgres, options: options, catalog: catalog))
    }
    let json = try JSONSerialization.data(
        withJSONObject: ["benchmark": "pcmt registries of people, cases and hotspots", "results": results], options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: json, as: UTF8.self))
    exit(0)
}
// A fresh file, unless measuring on one kept earlier (`--reuse`): that one is what is measured.
if !options.reuse {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: options.sqlitePath + suffix) }
} else if !FileManager.default.fileExists(atPath: options.sqlitePath) {
    FileHandle.standardError.write(Data("no file at \(options.sqlitePath) to measure (--reuse PATH takes the file of an earlier --keep PATH)\n".utf8))
    exit(2)
}
results.append(try await run(backend: "sqlite", url: .sqlite(path: options.sqlitePath), options: options, catalog: catalog))
if let postgres = options.postgres {
    results.append(try await run(backend: "postgres", url: try DatabaseURL(postgres), options: options, catalog: catalog))
}
let json = try JSONSerialization.data(
    withJSONObject: ["benchmark": "pcmt target board", "results": results], options: [.prettyPrinted, .sortedKeys])
print(String(decoding: json, as: UTF8.self))
