// pcmt-bench: builds a national-scale dataset (every province, district and commune of the 2025 GSO list, every
// data element of the Kon Tum plan, 2020–2025 by half-year) and measures the target board for one province and for
// the whole country, the save of one form, and a hand-written single SQL query computing the same numbers.
// Prints JSON. Usage: swift run -c release pcmt-bench [--provinces N] [--postgres URL] [--repeat N]
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
    var postgres = ProcessInfo.processInfo.environment["PCMT_BENCH_POSTGRES_URL"] ?? ProcessInfo.processInfo.environment["PCMT_TEST_POSTGRES_URL"]
    var sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("pcmt-bench.sqlite").path

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--provinces": provinces = iterator.next().flatMap(Int.init) ?? provinces
            case "--repeat": repeats = iterator.next().flatMap(Int.init) ?? repeats
            case "--postgres": postgres = iterator.next()
            case "--no-postgres": postgres = nil
            case "--sqlite": sqlitePath = iterator.next() ?? sqlitePath
            default: FileHandle.standardError.write(Data("unknown option \(argument)\n".utf8)); exit(2)
            }
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
    var units: [OrgUnit] = []
    for province in list.provinces.prefix(limit) {
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

/// The same numbers as the engine's totals query, written by hand as one statement, for the floor.
func handWrittenTotals(_ sql: any SQLDatabase, elements: [DataElement], province: String?) async throws -> [String: Double] {
    let stocks = elements.filter { $0.aggregation == .stock }.map { "'\($0.code)'" }.joined(separator: ",")
    let flags = elements.filter { $0.aggregation == .flag }.map { "'\($0.code)'" }.joined(separator: ",")
    let filter = province.map { "WHERE province_code = '\($0)'" } ?? ""
    let rows = try await sql.raw(
        SQLQueryString(
            """
            SELECT element, year, SUM(CASE WHEN y IS NOT NULL THEN y WHEN element IN (\(stocks)) THEN s2 \
            WHEN element IN (\(flags)) THEN CASE WHEN COALESCE(s1, 0) >= COALESCE(s2, 0) THEN s1 ELSE s2 END \
            ELSE COALESCE(s1, 0) + COALESCE(s2, 0) END) AS total FROM (SELECT element, unit_code, year, \
            SUM(CASE WHEN half = 0 THEN value END) AS y, SUM(CASE WHEN half = 1 THEN value END) AS s1, \
            SUM(CASE WHEN half = 2 THEN value END) AS s2 FROM data_values \(filter) GROUP BY element, unit_code, year) u \
            GROUP BY element, year
            """)
    ).all()
    var totals: [String: Double] = [:]
    for row in rows {
        let element = try row.decode(column: "element", as: String.self)
        let year = try row.decode(column: "year", as: Int.self)
        totals["\(element)@\(year)"] = try row.decode(column: "total", as: Double?.self) ?? 0
    }
    return totals
}

func run(backend: String, url: DatabaseURL, options: Options, catalog: BuiltinCatalog) async throws -> [String: Any] {
    let app = try await Application.make(.production)
    app.logger.logLevel = .error
    defer { Task { try? await app.asyncShutdown() } }
    app.databases.use(try url.configuration, as: url.databaseID)
    app.migrations.add(StoreMigrations.all)
    try await app.autoRevert()
    try await app.autoMigrate()
    let plan = catalog.plans[0]
    let elements = catalog.dataElements[plan.id]!
    try await PlanStore(database: app.db).insert(plan)
    try await DataElementStore(database: app.db).insert(elements, planID: plan.id)
    let agencies = catalog.unitSets.flatMap(\.units).filter { $0.level == .agency }
    let units = try nationalUnits(limit: options.provinces, agencies: agencies)
    try await OrgUnitStore(database: app.db).insertMissing(units)
    let placements = UnitPlacements(units: units)

    var values = 0
    let insertMs = try await milliseconds {
        // Province by province, to keep memory small.
        for province in units where province.level == .province {
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
    let rebuildMs = try await milliseconds { try await DataValueStore(database: app.db).rebuildAreaTotals(elements: elements) }
    if backend == "sqlite" { try await (app.db as! any SQLDatabase).raw("ANALYZE").run() }
    if backend == "postgres" { try await (app.db as! any SQLDatabase).raw("ANALYZE data_values").run() }

    let kontum = units.first { $0.code == "62" } ?? units.first { $0.level == .province }!
    let query = BoardQuery(database: app.db)
    func board(_ unit: OrgUnit) async throws {
        let totals = try await query.totals(plan: plan, unit: unit, allUnits: units)
        for year in plan.startYear...plan.endYear { _ = TargetBoard(plan: plan, period: .year(year), totals: totals.unit) }
        _ = TargetBoard(plan: plan, period: .span(from: plan.startYear, to: plan.endYear), totals: totals.unit)
    }
    func national() async throws {
        let totals = try await query.countryTotals(plan: plan, allUnits: units)
        for year in plan.startYear...plan.endYear { _ = TargetBoard(plan: plan, period: .year(year), totals: totals) }
    }
    var provinceSamples: [Double] = [], nationalSamples: [Double] = [], floorProvince: [Double] = [], floorNational: [Double] = []
    var saveSamples: [Double] = []
    try await board(kontum)
    for _ in 0..<options.repeats { provinceSamples.append(try await milliseconds { try await board(kontum) }) }
    for _ in 0..<max(options.repeats / 2, 3) { nationalSamples.append(try await milliseconds { try await national() }) }
    let sql = app.db as! any SQLDatabase
    for _ in 0..<options.repeats {
        floorProvince.append(try await milliseconds { _ = try await handWrittenTotals(sql, elements: elements, province: kontum.code) })
    }
    for _ in 0..<max(options.repeats / 2, 3) {
        floorNational.append(try await milliseconds { _ = try await handWrittenTotals(sql, elements: elements, province: nil) })
    }

    // The same numbers both ways, or the floor measures something else.
    let engineTotals = try await query.totals(plan: plan, unit: kontum, allUnits: units).unit
    let floor = try await handWrittenTotals(sql, elements: elements, province: kontum.code)
    let agree = floor.allSatisfy { key, value in
        let parts = key.split(separator: "@")
        return abs((engineTotals.years[String(parts[0])]?[Int(parts[1])!] ?? 0) - value) < 1e-6
    }

    let commune = units.first { $0.level == .commune && placements[$0.code]?.provinceCode == kontum.code }!
    let communeElements = elements.filter { $0.collectedAt.level == .commune }
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
    let provinceMedian = summary(provinceSamples)["median_ms"]!
    let floorMedian = summary(floorProvince)["median_ms"]!
    return [
        "backend": backend, "provinces": units.filter { $0.level == .province }.count,
        "communes": units.filter { $0.level == .commune }.count, "values": values,
        "load_seconds": (insertMs / 10).rounded() / 100, "area_totals_rebuild_seconds": (rebuildMs / 10).rounded() / 100,
        "province_board_all_years": summary(provinceSamples), "national_board": summary(nationalSamples),
        "form_save_\(communeElements.count)_elements": summary(saveSamples),
        "hand_written_sql_province": summary(floorProvince), "hand_written_sql_national": summary(floorNational),
        "province_board_vs_sql": (provinceMedian / floorMedian * 100).rounded() / 100,
        "engine_and_sql_agree": agree, "documents": documents,
    ]
}

let options = Options(CommandLine.arguments)
let catalog = try BuiltinCatalog.load()
var results: [[String: Any]] = []
try? FileManager.default.removeItem(atPath: options.sqlitePath)
results.append(try await run(backend: "sqlite", url: .sqlite(path: options.sqlitePath), options: options, catalog: catalog))
if let postgres = options.postgres {
    results.append(try await run(backend: "postgres", url: try DatabaseURL(postgres), options: options, catalog: catalog))
}
let json = try JSONSerialization.data(
    withJSONObject: ["benchmark": "pcmt target board", "results": results], options: [.prettyPrinted, .sortedKeys])
print(String(decoding: json, as: UTF8.self))
