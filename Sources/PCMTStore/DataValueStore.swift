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
    ///
    /// A change without `expectedVersion` expects no saved value. Written by
    /// ``write(_:context:source:entityID:unitCode:keysNamePlaces:summary:)``, as every save of values is.
    public func save(
        _ changes: [DataValueChange], placement: UnitPlacement, period: Period, context: ChangeContext,
        source: String = "entered", known: SavedValues? = nil
    ) async throws -> DataWriteOutcome {
        let rows = changes.map {
            ImportRow(
                element: $0.element, placement: placement, period: period, category: $0.category, value: $0.value,
                expectedVersion: $0.expectedVersion ?? 0)
        }
        let unit = placement.unitCode
        return try await write(
            rows, context: context, source: source, entityID: "\(unit)/\(period)", unitCode: unit, keysNamePlaces: false, known: known,
            summary: { "\($0) value(s) \(source) for \(unit) \(period)" })
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

/// Where every unit sits, computed once from the whole list; a code that names two units over time
/// (``UnitTimeline``) is placed for the period concerned with ``resolve(_:in:)``.
public struct UnitPlacements: Sendable {
    private var byCode: [String: UnitPlacement] = [:]
    public let timeline: UnitTimeline

    public init(units: [OrgUnit]) {
        timeline = UnitTimeline(units: units)
        for (code, versions) in timeline.versions {
            guard let first = versions.first else { continue }
            byCode[code] = UnitPlacement(unit: first, ancestors: timeline.ancestors(of: first))
        }
    }

    /// The place of the first unit that had the code.
    public subscript(code: String) -> UnitPlacement? { byCode[code] }

    /// The unit that had `code` during `period` and its place then: nil when no unit had it, a problem (field
    /// "unit") when it named two units in the period (``UnitTimeline/straddleProblem(_:code:period:)``).
    public func resolve(_ code: String, in period: Period) -> Result<(unit: OrgUnit, placement: UnitPlacement), FieldProblem>? {
        switch timeline.resolve(code, in: period) {
        case .unit(let unit): return .success((unit, UnitPlacement(unit: unit, ancestors: timeline.ancestors(of: unit))))
        case .straddles(let units): return .failure(UnitTimeline.straddleProblem(units, code: code, period: period))
        case .none(let others):
            guard let first = others.first else { return nil }
            // No unit had the code then: the first one is given, and the period check names its dates.
            return .success((first, UnitPlacement(unit: first, ancestors: timeline.ancestors(of: first))))
        }
    }
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
    /// same transaction (``write(_:context:source:entityID:unitCode:keysNamePlaces:summary:)``).
    ///
    /// `draft`: the checked file (``ImportDraftStore``) this saves, deleted in the same transaction; when it is gone
    /// already, nothing is saved and ``ImportDraftGone`` is thrown.
    public func importRows(
        _ rows: [ImportRow], context: ChangeContext, fileName: String, known: SavedValues? = nil, draft: (id: UUID, owner: String)? = nil
    ) async throws -> DataWriteOutcome {
        try await write(
            rows, context: context, source: "imported", entityID: fileName, unitCode: context.actorUnit, keysNamePlaces: true, known: known,
            draft: draft, summary: { "file \(fileName) imported: \(rows.count) rows, \($0) values changed" })
    }

    /// Saves a data value set of the API (many units, periods and elements) as ``importRows(_:context:fileName:)``
    /// saves a file, with the history's source `api` and one audit event `dataValueSets`: the same outcomes, all or
    /// nothing.
    public func saveSet(_ rows: [ImportRow], context: ChangeContext, known: SavedValues? = nil) async throws -> DataWriteOutcome {
        try await write(
            rows, context: context, source: "api", entityID: "dataValueSets", unitCode: context.actorUnit, keysNamePlaces: true, known: known,
            summary: { "data value set: \(rows.count) values, \($0) changed" })
    }

    /// Saves the grid of an area (a district's communes and the district itself, one period) typed in one form, as
    /// ``saveSet(_:context:known:)`` does — all or nothing, each value against the version the form showed — with the
    /// history's source `entered` (a form) and one audit event for the area (its id `areaCode/period`).
    public func saveArea(_ rows: [ImportRow], areaCode: String, period: Period, context: ChangeContext, known: SavedValues? = nil) async throws
        -> DataWriteOutcome
    {
        try await write(
            rows, context: context, source: "entered", entityID: "\(areaCode)/\(period)", unitCode: areaCode, keysNamePlaces: true,
            known: known, summary: { "area \(areaCode) \(period): \(rows.count) values sent, \($0) changed" })
    }
}
