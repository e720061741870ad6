import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// A reported number as the entry form sees it.
public struct DataValue: Sendable, Equatable {
    public var element: String
    public var unitCode: String
    public var period: String
    public var category: String
    public var value: Double
    public var version: Int
    public var updatedBy: String
    public var updatedAt: Date
}

/// One value to save: `value` nil clears it; `expectedVersion` is the version the form showed (nil: there was none).
public struct DataValueChange: Sendable, Equatable {
    public var element: String
    public var category: String
    public var value: Double?
    public var expectedVersion: Int?

    public init(element: String, category: String = "", value: Double?, expectedVersion: Int?) {
        self.element = element; self.category = category; self.value = value; self.expectedVersion = expectedVersion
    }
}

/// A value someone else saved after the form was opened.
public struct DataValueConflict: Sendable, Equatable {
    public var element: String
    public var category: String
    public var current: DataValue?
    public var submitted: Double?
    /// The unit and period of the value ("23281", "2024S1"): a file holds many.
    public var unitCode: String = ""
    public var period: String = ""
}

/// Where a unit sits, so its values roll up to its district and province.
public struct UnitPlacement: Sendable, Equatable {
    public var unitCode: String
    public var districtCode: String?
    public var provinceCode: String

    public init(unit: OrgUnit, ancestors: [OrgUnit]) {
        unitCode = unit.code
        let chain = [unit] + ancestors
        districtCode = chain.first { $0.level == .district }?.code
        provinceCode = chain.first { $0.level == .province }?.code ?? unit.code
    }

    public init(unitCode: String, districtCode: String?, provinceCode: String) {
        self.unitCode = unitCode; self.districtCode = districtCode; self.provinceCode = provinceCode
    }
}

/// Reported numbers, their history, and the entry of a form as a whole.
public struct DataValueStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public func values(unitCode: String, periods: [String]) async throws -> [DataValue] {
        guard !periods.isEmpty else { return [] }
        return try await DataValueModel.query(on: database).filter(\.$unitCode == unitCode).filter(\.$period ~~ periods).all()
            .map(Self.value)
    }

    /// Every change of the unit's values in a period, newest first.
    public func history(unitCode: String, period: String, limit: Int = 200) async throws -> [(
        element: String, category: String, old: Double?, new: Double?, by: String, at: Date, source: String
    )] {
        try await DataValueHistoryModel.query(on: database).filter(\.$unitCode == unitCode).filter(\.$period == period)
            .sort(\.$changedAt, .descending).limit(limit).all()
            .map { ($0.element, $0.category, $0.oldValue, $0.newValue, $0.changedBy, $0.changedAt, $0.source) }
    }

    public func history(unitCode: String, element: String, period: String) async throws -> [(
        old: Double?, new: Double?, by: String, at: Date, source: String
    )] {
        try await DataValueHistoryModel.query(on: database).filter(\.$unitCode == unitCode).filter(\.$element == element)
            .filter(\.$period == period).sort(\.$changedAt, .descending).all()
            .map { ($0.oldValue, $0.newValue, $0.changedBy, $0.changedAt, $0.source) }
    }

    /// Saves every change or none, as one audit event, in one transaction that also decides whether it may:
    ///
    /// - `.locked` when an approved report locks the unit's values for the period (its own report or its district's,
    ///   for the period, its year, or a review covering its year: ``ValueLock``), read inside the transaction after it
    ///   has taken the write turn (``WriteTurn``), so that no save commits after an approval it did not see (case C6);
    /// - `.conflicts` when a value was changed since the version the form showed (and the new value differs);
    /// - `.saved` otherwise. Each write compares the version in the statement itself (`UPDATE … WHERE id = ? AND
    ///   version = ?`, an insert that yields to an existing row), so an update is never lost even if the turn-taking
    ///   were bypassed: a statement that finds the row changed rolls the whole save back as a conflict.
    public func save(
        _ changes: [DataValueChange], placement: UnitPlacement, period: Period, context: ChangeContext,
        source: String = "entered"
    ) async throws -> DataWriteOutcome {
        do {
            return try await AuditLog(database: database).transaction { db, audit in
                try await WriteTurn.take(on: db)
                let locks = try await RoundStore.locks(
                    unitCode: placement.unitCode, districtCode: placement.districtCode, period: period, on: db)
                guard locks.isEmpty else { return .locked(locks) }
                var conflicts: [DataValueConflict] = []
                var plan: [(DataValueChange, DataValueModel?)] = []
                for change in changes {
                    let existing = try await Self.existing(
                        element: change.element, category: change.category, unitCode: placement.unitCode, period: period, on: db)
                    if existing?.value == change.value { continue }
                    if existing?.version != change.expectedVersion {
                        conflicts.append(
                            DataValueConflict(
                                element: change.element, category: change.category,
                                current: existing.map(Self.value), submitted: change.value, unitCode: placement.unitCode,
                                period: period.description))
                        continue
                    }
                    plan.append((change, existing))
                }
                guard conflicts.isEmpty else { return .conflicts(conflicts) }
                guard !plan.isEmpty else { return .saved(changed: 0) }
                let areaBefore = try await Self.unitYears(Set(plan.map(\.0.element)), unitCode: placement.unitCode, year: period.firstYear, on: db)
                let touched = OfficialTotals.Touched.unitYear(
                    unit: placement.unitCode, year: period.firstYear, elements: Array(Set(plan.map(\.0.element))).sorted())
                try await OfficialTotals.contribute(touched, sign: -1, on: db)
                var before: [String: String] = [:]
                var after: [String: String] = [:]
                let now = Date()
                for (change, existing) in plan {
                    let key = change.category.isEmpty ? change.element : "\(change.element)/\(change.category)"
                    let oldValue = existing?.value
                    before[key] = oldValue.map(Self.text) ?? ""
                    after[key] = change.value.map(Self.text) ?? ""
                    try await Self.apply(change, existing: existing, placement: placement, period: period, by: context.actor, at: now, on: db)
                    let history = DataValueHistoryModel()
                    history.element = change.element; history.unitCode = placement.unitCode; history.period = period.description
                    history.category = change.category; history.oldValue = oldValue; history.newValue = change.value
                    history.changedBy = context.actor; history.changedAt = now; history.source = source
                    try await history.create(on: db)
                }
                try await Self.updateAreas(areaBefore, placement: placement, year: period.firstYear, on: db)
                try await OfficialTotals.contribute(touched, sign: 1, on: db)
                try await audit.record(
                    AuditEntry(
                        actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update, entity: "data_values",
                        entityID: "\(placement.unitCode)/\(period)", unitCode: placement.unitCode,
                        summary: "\(plan.count) value(s) \(source) for \(placement.unitCode) \(period)", before: before, after: after))
                return .saved(changed: plan.count)
            }
        } catch is StaleValueWrite {
            // Rolled back: a value changed between the read and the write. Answer with what is saved now.
            let current = try await values(unitCode: placement.unitCode, periods: [period.description])
            return .conflicts(
                changes.compactMap { change in
                    let now = current.first { $0.element == change.element && $0.category == change.category }
                    guard now?.version != change.expectedVersion, now?.value != change.value else { return nil }
                    return DataValueConflict(
                        element: change.element, category: change.category, current: now, submitted: change.value,
                        unitCode: placement.unitCode, period: period.description)
                })
        }
    }

    /// The saved value of one element and category, read inside a write transaction.
    static func existing(element: String, category: String, unitCode: String, period: Period, on db: any Database) async throws
        -> DataValueModel?
    {
        try await DataValueModel.query(on: db).filter(\.$element == element).filter(\.$unitCode == unitCode)
            .filter(\.$period == period.description).filter(\.$category == category).first()
    }

    /// The unit's numbers per element for one year, to move its areas' totals by the difference after a change.
    static func unitYears(_ elements: Set<String>, unitCode: String, year: Int, on db: any Database) async throws -> [String: UnitYear] {
        var result: [String: UnitYear] = [:]
        for element in elements { result[element] = try await AreaTotals.unitYear(element: element, unitCode: unitCode, year: year, on: db) }
        return result
    }

    static func updateAreas(_ before: [String: UnitYear], placement: UnitPlacement, year: Int, on db: any Database) async throws {
        let aggregations = try await aggregations(Array(before.keys), on: db)
        for (element, old) in before {
            let new = try await AreaTotals.unitYear(element: element, unitCode: placement.unitCode, year: year, on: db)
            try await AreaTotals.apply(
                element: element, aggregation: aggregations[element] ?? .flow, placement: placement, year: year,
                before: old, after: new, on: db)
        }
    }

    /// How each element makes a year, as defined in any plan that has it.
    static func aggregations(_ codes: [String], on db: any Database) async throws -> [String: DataElement.Aggregation] {
        guard !codes.isEmpty else { return [:] }
        var result: [String: DataElement.Aggregation] = [:]
        for model in try await DataElementModel.query(on: db).filter(\.$code ~~ codes).all() {
            result[model.code] = DataElement.Aggregation(rawValue: model.aggregation) ?? .flow
        }
        return result
    }

    /// Writes one change with the version read before compared in the statement itself: an update or delete of a
    /// row whose version moved on, or an insert where a row has appeared, changes nothing and throws
    /// ``StaleValueWrite`` (the caller's transaction is then rolled back).
    static func apply(
        _ change: DataValueChange, existing: DataValueModel?, placement: UnitPlacement, period: Period, by actor: String,
        at now: Date, on db: any Database
    ) async throws {
        let sql = db as! any SQLDatabase
        let table = DataValueModel.schema
        let written: [any SQLRow]
        switch (existing, change.value) {
        case (nil, nil):
            return
        case (let existing?, nil):
            written = try await sql.delete(from: table).where("id", .equal, existing.id).where("version", .equal, existing.version)
                .returning("id").all()
        case (let existing?, let value?):
            written = try await sql.update(table).set("value", to: value)
                .set(
                    SQLColumn("version"),
                    to: SQLBinaryExpression(left: SQLColumn("version"), op: SQLBinaryOperator.add, right: SQLLiteral.numeric("1"))
                )
                .set("updated_by", to: actor).set("updated_at", to: now)
                .where("id", .equal, existing.id).where("version", .equal, existing.version)
                .returning("id").all()
        case (nil, let value?):
            written = try await sql.insert(into: table)
                .columns(
                    "id", "element", "unit_code", "district_code", "province_code", "period", "year", "half", "category",
                    "value", "version", "updated_by", "updated_at"
                )
                .values(
                    SQLBind(UUID()), SQLBind(change.element), SQLBind(placement.unitCode), SQLBind(placement.districtCode),
                    SQLBind(placement.provinceCode), SQLBind(period.description), SQLBind(period.firstYear), SQLBind(period.half),
                    SQLBind(change.category), SQLBind(value), SQLBind(1), SQLBind(actor), SQLBind(now)
                )
                .ignoringConflicts().returning("id").all()
        }
        guard written.count == 1 else { throw StaleValueWrite() }
    }

    static func value(_ model: DataValueModel) -> DataValue {
        DataValue(
            element: model.element, unitCode: model.unitCode, period: model.period, category: model.category,
            value: model.value, version: model.version, updatedBy: model.updatedBy, updatedAt: model.updatedAt)
    }

    static func text(_ value: Double) -> String {
        Int(exactly: value).map { String($0) } ?? String(value)
    }
}

extension Period {
    /// 1 or 2 for a half-year, 0 for a year.
    var half: Int {
        if case .halfYear(_, let half) = self { return half }
        return 0
    }
}

/// A value to load in bulk (demo data, benchmarks).
public struct BulkValue: Sendable {
    public var element: String
    public var placement: UnitPlacement
    public var period: Period
    public var category: String
    public var value: Double

    public init(element: String, placement: UnitPlacement, period: Period, category: String, value: Double) {
        self.element = element; self.placement = placement; self.period = period; self.category = category; self.value = value
    }
}

extension DataValueStore {
    /// Computes every area's kept totals again from the values.
    public func rebuildAreaTotals(elements: [DataElement]) async throws {
        // Every plan's elements count, so no stock or flag is summed as a flow; one transaction, so a save meanwhile
        // never meets a half-empty table.
        try await database.transaction { db in
            let known = try await DataElementModel.query(on: db).all().map(\.domain)
            var all = Dictionary(known.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            for element in elements { all[element.code] = element }
            try await AreaTotals.rebuild(elements: Array(all.values), on: db)
            try await OfficialTotals.rebuild(on: db)
        }
    }

    /// Whether anyone has entered, imported or sent a value (as opposed to demonstration data).
    public func hasRealValues() async throws -> Bool {
        try await DataValueModel.query(on: database).filter(\.$updatedBy != "demo").first() != nil
    }

    /// Inserts values in batches, leaving alone every value that already exists; returns how many were offered.
    @discardableResult
    public func insertMissing(
        _ values: [BulkValue], elements: [DataElement], by actor: String, batchSize: Int = 500,
        rebuildTotals: Bool = true
    ) async throws -> Int {
        let sql = database as! any SQLDatabase
        let now = Date()
        for start in stride(from: 0, to: values.count, by: batchSize) {
            let batch = values[start..<min(start + batchSize, values.count)]
            var insert = sql.insert(into: DataValueModel.schema)
                .columns(
                    "id", "element", "unit_code", "district_code", "province_code", "period", "year", "half", "category",
                    "value", "version", "updated_by", "updated_at")
            for value in batch {
                insert = insert.values(
                    SQLBind(UUID()), SQLBind(value.element), SQLBind(value.placement.unitCode),
                    SQLBind(value.placement.districtCode), SQLBind(value.placement.provinceCode),
                    SQLBind(value.period.description), SQLBind(value.period.firstYear), SQLBind(value.period.half),
                    SQLBind(value.category), SQLBind(value.value), SQLBind(1), SQLBind(actor), SQLBind(now))
            }
            try await insert.ignoringConflicts().run()
        }
        if rebuildTotals { try await rebuildAreaTotals(elements: elements) }
        return values.count
    }

    public func count() async throws -> Int {
        try await DataValueModel.query(on: database).count()
    }
}

/// Where every unit sits, computed once from the whole list.
public struct UnitPlacements: Sendable {
    private var byCode: [String: UnitPlacement] = [:]

    public init(units: [OrgUnit]) {
        let parents = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for unit in units {
            var ancestors: [OrgUnit] = []
            var next = unit.parentCode
            while let code = next, let parent = parents[code], ancestors.count < 10 {
                ancestors.append(parent)
                next = parent.parentCode
            }
            byCode[unit.code] = UnitPlacement(unit: unit, ancestors: ancestors)
        }
    }

    public subscript(code: String) -> UnitPlacement? { byCode[code] }
}

/// One row of an imported file, checked and placed.
public struct ImportRow: Sendable {
    public var element: String
    public var placement: UnitPlacement
    public var period: Period
    public var category: String
    public var value: Double?
    /// The version of the saved value that the import's preview showed (0: no value was saved); nil overwrites
    /// whatever is saved. A row whose value changed since is a conflict and nothing of the file is saved.
    public var expectedVersion: Int?

    public init(element: String, placement: UnitPlacement, period: Period, category: String, value: Double?, expectedVersion: Int? = nil) {
        self.element = element; self.placement = placement; self.period = period; self.category = category; self.value = value
        self.expectedVersion = expectedVersion
    }
}

extension DataValueStore {
    /// Saves every row of an imported file in one transaction with one audit event, or nothing, deciding inside that
    /// transaction as ``save(_:placement:period:context:source:)`` does:
    ///
    /// - `.locked` with one ``ValueLock`` per unit and period of the file that an approved report locks;
    /// - `.conflicts` for rows with an `expectedVersion` (what the preview showed) whose value changed since;
    /// - `.saved(changed:)` with the number of values that differed from what was saved.
    ///
    /// Rows without `expectedVersion` overwrite what is saved; each write still compares the version it read in the
    /// same transaction (``apply(_:existing:placement:period:by:at:on:)``).
    public func importRows(_ rows: [ImportRow], context: ChangeContext, fileName: String) async throws -> DataWriteOutcome {
        do {
            return try await AuditLog(database: database).transaction { db, audit in
                try await WriteTurn.take(on: db)
                var locks: [ValueLock] = []
                var checked = Set<String>()
                for row in rows where checked.insert("\(row.placement.unitCode)|\(row.period)").inserted {
                    if let lock = try await RoundStore.locks(
                        unitCode: row.placement.unitCode, districtCode: row.placement.districtCode, period: row.period, on: db
                    ).first {
                        locks.append(lock)
                    }
                }
                guard locks.isEmpty else { return .locked(locks) }
                let now = Date()
                var changed = 0
                var valuesBefore: [String: String] = [:]
                var valuesAfter: [String: String] = [:]
                var before: [String: (UnitPlacement, Int, [String: UnitYear])] = [:]
                var plan: [(ImportRow, DataValueModel?)] = []
                var conflicts: [DataValueConflict] = []
                for row in rows {
                    let existing = try await Self.existing(
                        element: row.element, category: row.category, unitCode: row.placement.unitCode, period: row.period, on: db)
                    if existing?.value == row.value { continue }
                    if let expected = row.expectedVersion, (existing?.version ?? 0) != expected {
                        conflicts.append(
                            DataValueConflict(
                                element: row.element, category: row.category, current: existing.map(Self.value), submitted: row.value,
                                unitCode: row.placement.unitCode, period: row.period.description))
                        continue
                    }
                    plan.append((row, existing))
                }
                guard conflicts.isEmpty else { return .conflicts(conflicts) }
                for (row, _) in plan {
                    let key = "\(row.placement.unitCode)|\(row.period.firstYear)"
                    var entry = before[key] ?? (row.placement, row.period.firstYear, [:])
                    if entry.2[row.element] == nil {
                        entry.2[row.element] = try await AreaTotals.unitYear(
                            element: row.element, unitCode: row.placement.unitCode,
                            year: row.period.firstYear, on: db)
                    }
                    before[key] = entry
                }
                var touched: [String: OfficialTotals.Touched] = [:]
                for (key, entry) in before {
                    touched[key] = .unitYear(unit: entry.0.unitCode, year: entry.1, elements: entry.2.keys.sorted())
                }
                for item in touched.values { try await OfficialTotals.contribute(item, sign: -1, on: db) }
                for (row, existing) in plan {
                    let oldValue = existing?.value
                    let key = "\(row.placement.unitCode)/\(row.period)/\(row.element)" + (row.category.isEmpty ? "" : "/\(row.category)")
                    valuesBefore[key] = oldValue.map(Self.text) ?? ""
                    valuesAfter[key] = row.value.map(Self.text) ?? ""
                    try await Self.apply(
                        DataValueChange(
                            element: row.element, category: row.category, value: row.value,
                            expectedVersion: existing?.version),
                        existing: existing, placement: row.placement, period: row.period, by: context.actor, at: now, on: db)
                    let history = DataValueHistoryModel()
                    history.element = row.element; history.unitCode = row.placement.unitCode; history.period = row.period.description
                    history.category = row.category; history.oldValue = oldValue; history.newValue = row.value
                    history.changedBy = context.actor; history.changedAt = now; history.source = "imported"
                    try await history.create(on: db)
                    changed += 1
                }
                for (_, entry) in before { try await Self.updateAreas(entry.2, placement: entry.0, year: entry.1, on: db) }
                for item in touched.values { try await OfficialTotals.contribute(item, sign: 1, on: db) }
                try await audit.record(
                    AuditEntry(
                        actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update, entity: "data_values",
                        entityID: fileName, unitCode: context.actorUnit,
                        summary: "file \(fileName) imported: \(rows.count) rows, \(changed) values changed", before: valuesBefore,
                        after: valuesAfter))
                return .saved(changed: changed)
            }
        } catch is StaleValueWrite {
            // Rolled back: a value changed between the read and the write; the file is to be checked again.
            var conflicts: [DataValueConflict] = []
            for row in rows {
                let now = try await values(unitCode: row.placement.unitCode, periods: [row.period.description])
                    .first { $0.element == row.element && $0.category == row.category }
                guard now?.value != row.value else { continue }
                conflicts.append(
                    DataValueConflict(
                        element: row.element, category: row.category, current: now, submitted: row.value,
                        unitCode: row.placement.unitCode, period: row.period.description))
            }
            return .conflicts(conflicts)
        }
    }
}
