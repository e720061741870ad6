import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// A record of a registry of records (``RecordRegistry``): its fields as the registry keeps them.
public struct RegistryRecord: Sendable, Equatable {
    public var id: UUID
    public var registry: RecordRegistry
    public var communeCode: String
    public var fields: [String: String]
    public var version: Int
    public var createdBy: String
    public var createdAt: Date
    public var updatedBy: String
    public var updatedAt: Date
}

/// A record already holding what a new record would (``RecordRegistry/matchKey(_:)``): where it is.
public struct RecordDuplicate: Sendable, Equatable {
    public var recordID: UUID
    public var communeCode: String
}

/// Why a row of an imported file is not taken: its row (as the file numbers it) and field, in words, and the records
/// that already hold it.
public struct RecordImportProblem: Sendable, Equatable {
    public var row: Int
    public var field: String
    public var en: String
    public var vi: String
    public var duplicates: [RecordDuplicate] = []

    public init(row: Int, field: String, en: String, vi: String, duplicates: [RecordDuplicate] = []) {
        self.row = row; self.field = field; self.en = en; self.vi = vi; self.duplicates = duplicates
    }

    public func message(_ language: Language) -> String { language == .en ? en : vi }
}

public enum RecordRegistryError: Error, Equatable {
    /// The input fails ``RecordRegistry/read(_:today:)``: every problem, by field.
    case problems([FieldProblem])
    /// Another record already holds the record's match key (the same case number in the province, the same hotspot,
    /// the commune's decision for the same year).
    case duplicate([RecordDuplicate])
    /// Rows of an import that cannot be taken; nothing was saved.
    case rows([RecordImportProblem])
    case notFound
    /// The record changed since it was read: the version it has now.
    case conflict(current: Int)
}

/// The registries of records kept by communes (issue 17): entering, changing and deleting records, each change
/// counting again in the same transaction the values the commune derives from the registry
/// (``DerivedValues/refresh(communes:fromDay:today:context:db:audit:sources:)``), audited with the fields before and
/// after. Records hold no personal data (suspects are counted, never named); who may see and change them is the web
/// layer's rule (``Capability/manageRecords``).
public struct RecordRegistryStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    static let entity = "registry_record"
    /// The most rows one import takes.
    public static let importLimit = 20_000

    // MARK: Reading

    /// `communeCode`'s records of `registry`, the latest day first; those of `year` only when given.
    public func list(_ registry: RecordRegistry, communeCode: String, year: Int? = nil) async throws -> [RegistryRecord] {
        var query = RegistryRecordModel.query(on: database).filter(\.$communeCode == communeCode).filter(\.$registry == registry.rawValue)
        if let year { query = query.filter(\.$onDay >= "\(year)-01-01").filter(\.$onDay <= "\(year)-12-31") }
        return try await query.sort(\.$onDay, .descending).sort(\.$id, .descending).all().compactMap(Self.record)
    }

    /// The record with `id`, nil for none.
    public func record(_ id: UUID) async throws -> RegistryRecord? {
        try await RegistryRecordModel.find(id, on: database).flatMap(Self.record)
    }

    /// How many records each registry holds for each of `communeCodes`, by commune code.
    public func counts(communeCodes: [String]) async throws -> [String: [RecordRegistry: Int]] {
        guard !communeCodes.isEmpty else { return [:] }
        let sql = database as! any SQLDatabase
        var result: [String: [RecordRegistry: Int]] = [:]
        for chunk in BulkSQL.chunks(communeCodes, size: 500) {
            let rows = try await sql.select().column("commune_code").column("registry").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(RegistryRecordModel.schema).where("commune_code", .in, Array(chunk)).groupBy("commune_code").groupBy("registry").all()
            for row in rows {
                let code = try row.decode(column: "commune_code", as: String.self)
                guard let registry = RecordRegistry(rawValue: try row.decode(column: "registry", as: String.self)) else { continue }
                result[code, default: [:]][registry] = try row.decode(column: "n", as: Int.self)
            }
        }
        return result
    }

    // MARK: Changing

    /// Enters a record in `registry` for the commune `placement` names.
    ///
    /// - Returns: the record's id.
    /// - Throws: ``RecordRegistryError/problems(_:)`` for input that fails ``RecordRegistry/read(_:today:)``,
    ///   ``RecordRegistryError/duplicate(_:)`` when another record holds its match key.
    public func create(
        _ registry: RecordRegistry, fields raw: [String: String], placement: UnitPlacement, today: String, context: ChangeContext
    ) async throws -> UUID {
        let (fields, problems) = registry.read(raw, today: today)
        guard problems.isEmpty else { throw RecordRegistryError.problems(problems) }
        let id = UUID.timeOrdered()
        try await AuditLog(database: database).transaction { db, audit in
            let found = try await Self.duplicates(registry, fields: fields, placement: placement, except: nil, on: db)
            guard found.isEmpty else { throw RecordRegistryError.duplicate(found) }
            let model = try Self.model(registry, id: id, fields: fields, placement: placement, actor: context.actor)
            try await model.create(on: db)
            try await Self.refresh(
                registry, commune: placement.unitCode, from: registry.earliestDay(fields), today: today, context: context, db: db, audit: audit)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .create, entity: Self.entity,
                    entityID: id.uuidString, unitCode: placement.unitCode, summary: "Entered a record in \(registry.rawValue)",
                    after: fields.merging(["registry": registry.rawValue]) { a, _ in a }))
        }
        return id
    }

    /// Changes record `id` to `raw`, read as ``create(_:fields:placement:today:context:)`` reads it, against the
    /// `version` the user saw.
    ///
    /// - Throws: ``RecordRegistryError/conflict(current:)`` when the record changed since, `.notFound`, `.problems`,
    ///   `.duplicate`.
    public func update(_ id: UUID, fields raw: [String: String], version: Int, today: String, context: ChangeContext) async throws {
        try await AuditLog(database: database).transaction { db, audit in
            guard let row = try await RegistryRecordModel.find(id, on: db), let registry = RecordRegistry(rawValue: row.registry) else {
                throw RecordRegistryError.notFound
            }
            guard row.version == version else { throw RecordRegistryError.conflict(current: row.version) }
            let (fields, problems) = registry.read(raw, today: today)
            guard problems.isEmpty else { throw RecordRegistryError.problems(problems) }
            let placement = UnitPlacement(unitCode: row.communeCode, districtCode: nil, provinceCode: row.provinceCode)
            let found = try await Self.duplicates(registry, fields: fields, placement: placement, except: id, on: db)
            guard found.isEmpty else { throw RecordRegistryError.duplicate(found) }
            let before = Self.decode(row.fields)
            row.fields = try Self.encode(fields); row.onDay = Self.onDay(registry, fields)
            row.matchKey = registry.matchKey(fields) ?? ""
            row.version += 1; row.updatedBy = context.actor; row.updatedAt = Date()
            try await row.save(on: db)
            let from = [registry.earliestDay(before), registry.earliestDay(fields)].compactMap { $0 }.min()
            try await Self.refresh(registry, commune: row.communeCode, from: from, today: today, context: context, db: db, audit: audit)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update, entity: Self.entity,
                    entityID: id.uuidString, unitCode: row.communeCode, summary: "Changed a record of \(registry.rawValue)",
                    before: before, after: fields.merging(["version": String(row.version)]) { a, _ in a }))
        }
    }

    /// Deletes record `id` (entered by mistake), against the `version` the user saw; the audit log keeps its fields.
    public func delete(_ id: UUID, version: Int, today: String, context: ChangeContext) async throws {
        try await AuditLog(database: database).transaction { db, audit in
            guard let row = try await RegistryRecordModel.find(id, on: db), let registry = RecordRegistry(rawValue: row.registry) else {
                throw RecordRegistryError.notFound
            }
            guard row.version == version else { throw RecordRegistryError.conflict(current: row.version) }
            let before = Self.decode(row.fields)
            try await row.delete(on: db)
            try await Self.refresh(
                registry, commune: row.communeCode, from: registry.earliestDay(before), today: today, context: context, db: db, audit: audit)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .delete, entity: Self.entity,
                    entityID: id.uuidString, unitCode: row.communeCode, summary: "Deleted a record of \(registry.rawValue)",
                    before: before.merging(["registry": registry.rawValue]) { a, _ in a }))
        }
    }

    /// Enters every row of a commune's file at once, or none: each row is read as a form is, and a row whose match key
    /// another record of the registry or an earlier row of the file holds is refused, naming where.
    ///
    /// - Parameter rows: each row's number in the file and its fields by key.
    /// - Returns: how many records were entered.
    /// - Throws: ``RecordRegistryError/rows(_:)`` with every problem of every row when any row has one (nothing is
    ///   saved); `.rows` with one problem on row 0 for more than ``importLimit`` rows.
    public func importRecords(
        _ registry: RecordRegistry, rows: [(row: Int, fields: [String: String])], placement: UnitPlacement, today: String,
        context: ChangeContext
    ) async throws -> Int {
        guard rows.count <= Self.importLimit else {
            throw RecordRegistryError.rows([
                RecordImportProblem(
                    row: 0, field: "file", en: "At most \(Self.importLimit) rows in one file.",
                    vi: "Mỗi tệp nhập tối đa \(Self.importLimit) dòng.")
            ])
        }
        var read: [(row: Int, fields: [String: String])] = []
        var problems: [RecordImportProblem] = []
        for row in rows {
            let (fields, found) = registry.read(row.fields, today: today)
            problems += found.map { RecordImportProblem(row: row.row, field: $0.field, en: $0.messageEn, vi: $0.messageVi) }
            if found.isEmpty { read.append((row.row, fields)) }
        }
        let clean = read
        let rowProblems = problems
        return try await AuditLog(database: database).transaction { db, audit in
            let read = clean
            var problems = rowProblems
            var firstRow: [String: Int] = [:]
            let keys = Set(read.compactMap { registry.matchKey($0.fields) })
            var existing: [String: [RecordDuplicate]] = [:]
            for chunk in BulkSQL.chunks(Array(keys), size: 500) {
                var query = RegistryRecordModel.query(on: db).filter(\.$registry == registry.rawValue).filter(\.$matchKey ~~ Array(chunk))
                query =
                    registry.matchesAcrossProvince
                    ? query.filter(\.$provinceCode == placement.provinceCode) : query.filter(\.$communeCode == placement.unitCode)
                for model in try await query.all() {
                    existing[model.matchKey, default: []].append(RecordDuplicate(recordID: model.id!, communeCode: model.communeCode))
                }
            }
            for row in read {
                guard let key = registry.matchKey(row.fields) else { continue }
                if let found = existing[key] {
                    problems.append(
                        RecordImportProblem(
                            row: row.row, field: "record", en: "The registry already holds this \(registry.recordName(.en)).",
                            vi: "Sổ đã có \(registry.recordName(.vi)) này.", duplicates: found))
                } else if let first = firstRow[key] {
                    problems.append(
                        RecordImportProblem(
                            row: row.row, field: "record", en: "The same \(registry.recordName(.en)) as row \(first).",
                            vi: "Trùng với \(registry.recordName(.vi)) ở dòng \(first)."))
                } else {
                    firstRow[key] = row.row
                }
            }
            guard problems.isEmpty else { throw RecordRegistryError.rows(problems.sorted { ($0.row, $0.field) < ($1.row, $1.field) }) }
            // Multi-row INSERTs of the columns a model writes: a model created one by one cost about 0.5 ms a row, most of
            // it Fluent's reflection of the model's properties (10,000 rows in 6.1 s, 1.0 s so; bench/README.md).
            let earliest = read.compactMap { registry.earliestDay($0.fields) }.min()
            let now = Date()
            let columns =
                "id, registry, commune_code, province_code, on_day, match_key, fields, version, created_by, created_at, updated_by, updated_at"
            let encoded = try read.map { (id: UUID.timeOrdered(at: now), fields: $0.fields, json: try Self.encode($0.fields)) }
            for chunk in BulkSQL.chunks(encoded, size: BulkSQL.rows(columns: 12)) {
                var query = SQLQueryString("INSERT INTO \(unsafeRaw: RegistryRecordModel.schema) (\(unsafeRaw: columns)) VALUES ")
                BulkSQL.appendRows(chunk, to: &query) { row in
                    [
                        row.id, registry.rawValue, placement.unitCode, placement.provinceCode, Self.onDay(registry, row.fields),
                        registry.matchKey(row.fields) ?? "", row.json, 1, context.actor, now, context.actor, now,
                    ]
                }
                try await (db as! any SQLDatabase).raw(query).run()
            }
            try await Self.refresh(registry, commune: placement.unitCode, from: earliest, today: today, context: context, db: db, audit: audit)
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .create, entity: Self.entity,
                    entityID: "\(placement.unitCode)/\(registry.rawValue)", unitCode: placement.unitCode,
                    summary: "Imported \(read.count) record(s) into \(registry.rawValue)", after: ["rows": String(read.count)]))
            return read.count
        }
    }

    // MARK: Shared

    static func refresh(
        _ registry: RecordRegistry, commune: String, from day: String?, today: String, context: ChangeContext, db: any Database,
        audit: AuditRecorder
    ) async throws {
        guard let day else { return }
        _ = try await DerivedValues.refresh(
            communes: [commune], fromDay: day, today: today, context: context, db: db, audit: audit, sources: [registry.source])
    }

    static func duplicates(
        _ registry: RecordRegistry, fields: [String: String], placement: UnitPlacement, except: UUID?, on db: any Database
    ) async throws -> [RecordDuplicate] {
        guard let key = registry.matchKey(fields) else { return [] }
        var query = RegistryRecordModel.query(on: db).filter(\.$registry == registry.rawValue).filter(\.$matchKey == key)
        query =
            registry.matchesAcrossProvince
            ? query.filter(\.$provinceCode == placement.provinceCode) : query.filter(\.$communeCode == placement.unitCode)
        if let except { query = query.filter(\.$id != except) }
        return try await query.all().map { RecordDuplicate(recordID: $0.id!, communeCode: $0.communeCode) }
    }

    static func model(
        _ registry: RecordRegistry, id: UUID, fields: [String: String], placement: UnitPlacement, actor: String
    ) throws -> RegistryRecordModel {
        let model = RegistryRecordModel()
        let now = Date()
        model.id = id; model.registry = registry.rawValue; model.communeCode = placement.unitCode
        model.provinceCode = placement.provinceCode; model.onDay = onDay(registry, fields); model.matchKey = registry.matchKey(fields) ?? ""
        model.fields = try encode(fields); model.version = 1
        model.createdBy = actor; model.createdAt = now; model.updatedBy = actor; model.updatedAt = now
        return model
    }

    static func onDay(_ registry: RecordRegistry, _ fields: [String: String]) -> String {
        if let day = fields[registry.dayField] { return registry == .communeSituation ? "\(fields["year"] ?? day.prefix(4).description)-01-01" : day }
        return ""
    }

    static func encode(_ fields: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(fields), as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    static func record(_ model: RegistryRecordModel) -> RegistryRecord? {
        guard let id = model.id, let registry = RecordRegistry(rawValue: model.registry) else { return nil }
        return RegistryRecord(
            id: id, registry: registry, communeCode: model.communeCode, fields: decode(model.fields), version: model.version,
            createdBy: model.createdBy, createdAt: model.createdAt, updatedBy: model.updatedBy, updatedAt: model.updatedAt)
    }

    /// `communeCode`'s records of `registry` as counting needs them, read as plain rows and their fields' JSON by one
    /// decoder (every record of the commune is read again at every change of one).
    static func countable(_ registry: RecordRegistry, communeCode: String, on db: any Database) async throws -> [RegistryRecordFields] {
        let decoder = JSONDecoder()
        return try await (db as! any SQLDatabase).select().column("fields").from(RegistryRecordModel.schema)
            .where("commune_code", .equal, communeCode).where("registry", .equal, registry.rawValue).all()
            .map { row in
                let text = try row.decode(column: "fields", as: String.self)
                return RegistryRecordFields(
                    communeCode: communeCode, fields: (try? decoder.decode([String: String].self, from: Data(text.utf8))) ?? [:])
            }
    }
}
