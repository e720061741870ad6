import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// The one way values are written: the entry form, the API (one unit and period, or a data value set of many) and
/// an imported file all come here (``DataValueStore/write(_:context:source:entityID:unitCode:keysNamePlaces:summary:)``).
///
/// Everything is decided inside one transaction and in few statements whatever the number of values: the locks of
/// every unit and period in one read of the reports, the saved values of every unit and period in one query per
/// 1,000 units, the writes in multi-row statements, the history in multi-row inserts, the kept totals moved once per
/// area, element and year. Statements are cut to stay under SQLite's 32,766 bound parameters (PostgreSQL takes
/// 65,535).
enum BulkSQL {
    /// The most parameters one statement binds here.
    static let parameters = 30_000

    /// How many rows of `columns` parameters one statement may carry.
    static func rows(columns: Int) -> Int { parameters / columns }

    /// Appends "(…), (…), …": one parenthesised row of bound parameters per item.
    static func appendRows<T>(_ items: ArraySlice<T>, to query: inout SQLQueryString, _ binds: (T) -> [any Encodable & Sendable]) {
        for (index, item) in items.enumerated() {
            query.appendLiteral(index == 0 ? "(" : ", (")
            query.appendInterpolation(binds: binds(item))
            query.appendLiteral(")")
        }
    }

    /// `items` cut into runs of at most `size`.
    static func chunks<T>(_ items: [T], size: Int) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
    }
}

extension DataValueStore {
    /// A saved value with its row id.
    struct SavedValue: Sendable {
        var id: UUID
        var value: DataValue
    }

    /// Where a value is kept: unit, period, element, category.
    struct ValueAddress: Hashable, Sendable {
        var unitCode: String
        var period: String
        var element: String
        var category: String
    }

    /// The saved values of the units and periods of `groups` (unit code, period), in one query per 1,000 units.
    static func saved(groups: Set<[String]>, on db: any Database) async throws -> [ValueAddress: SavedValue] {
        guard !groups.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        let units = Set(groups.map { $0[0] }).sorted()
        let periods = Set(groups.map { $0[1] }).sorted()
        var result: [ValueAddress: SavedValue] = [:]
        for chunk in BulkSQL.chunks(units, size: 1000) {
            var query = SQLQueryString(
                "SELECT id, element, unit_code, period, category, value, version, updated_by, updated_at FROM data_values WHERE unit_code IN (")
            query.appendInterpolation(binds: Array(chunk))
            query.appendLiteral(") AND period IN (")
            query.appendInterpolation(binds: periods)
            query.appendLiteral(")")
            for row in try await sql.raw(query).all() {
                let value = DataValue(
                    element: try row.decode(column: "element", as: String.self), unitCode: try row.decode(column: "unit_code", as: String.self),
                    period: try row.decode(column: "period", as: String.self), category: try row.decode(column: "category", as: String.self),
                    value: try row.decode(column: "value", as: Double.self), version: try row.decode(column: "version", as: Int.self),
                    updatedBy: try row.decode(column: "updated_by", as: String.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
                guard groups.contains([value.unitCode, value.period]) else { continue }
                result[ValueAddress(unitCode: value.unitCode, period: value.period, element: value.element, category: value.category)] =
                    SavedValue(id: try row.decode(column: "id", as: UUID.self), value: value)
            }
        }
        return result
    }

    /// The saved values of many units and periods (unit code, period) at once, by "unit|period".
    public func values(places: [(unitCode: String, period: String)]) async throws -> [String: [DataValue]] {
        try await savedValues(places: places).byPlace
    }

    /// The saved values of many units and periods (unit code, period), read at once for a check before a write
    /// (``SavedValues``): the data number first, then the values.
    public func savedValues(places: [(unitCode: String, period: String)]) async throws -> SavedValues {
        let number = try await ReferenceCache.readStamp(on: database)?.data
        let groups = Set(places.map { [$0.unitCode, $0.period] })
        let values = try await Self.saved(groups: groups, on: database)
        var byPlace: [String: [DataValue]] = [:]
        for (_, saved) in values { byPlace["\(saved.value.unitCode)|\(saved.value.period)", default: []].append(saved.value) }
        return SavedValues(dataNumber: number, groups: groups, values: values, byPlace: byPlace)
    }

    /// Whether `fresh` holds, in the places of `groups`, the same rows at the same versions as `known`.
    static func same(_ fresh: [ValueAddress: SavedValue], as known: SavedValues, in groups: Set<[String]>) -> Bool {
        let kept = known.values.filter { groups.contains([$0.key.unitCode, $0.key.period]) }
        return kept.count == fresh.count
            && fresh.allSatisfy { address, saved in kept[address].map { $0.id == saved.id && $0.value.version == saved.value.version } ?? false }
    }

    static func address(_ row: ImportRow) -> ValueAddress {
        ValueAddress(unitCode: row.placement.unitCode, period: row.period.description, element: row.element, category: row.category)
    }

    /// Saves every row or none, in one transaction with one audit event, deciding inside it after taking the write
    /// turn (``WriteTurn``), so that no write commits after an approval it did not see (case C6):
    ///
    /// - `.locked` with the first ``ValueLock`` of each unit and period that an approved report locks;
    /// - `.changedMeanwhile` when `known`, the saved values the caller checked its rules over (a part not larger
    ///   than its whole: ``DataValueRules/problems(_:)``), is no longer what is saved in those places and the write
    ///   would change something without a version conflict, so that two writes each valid alone can never be saved
    ///   together into values that break a rule (a version that no longer holds is `.conflicts`, as without `known`);
    /// - `.conflicts` for rows whose `expectedVersion` is not the saved version (0: no value saved) and whose value
    ///   differs from the saved one; rows without `expectedVersion` overwrite what is saved;
    /// - `.saved(changed:)` otherwise, with the number of values that differed from what was saved (equal values are
    ///   no change: no write, no history).
    ///
    /// Each write compares the version it read in the statement itself (`UPDATE … WHERE id AND version`, a `DELETE`
    /// likewise, an insert that yields to an existing row); a statement that writes fewer rows than it was given
    /// throws ``StaleValueWrite`` and the whole transaction is rolled back. The history gets one row per change
    /// (`source`), the kept totals (`area_totals`, `official_totals`) move once per area, element and year.
    /// Rows must name distinct values (unit, period, element, category). The audit event's before and after are keyed
    /// by element (and category), with `keysNamePlaces` by unit, period and element.
    func write(
        _ rows: [ImportRow], context: ChangeContext, source: String, entityID: String, unitCode: String?, keysNamePlaces: Bool,
        known: SavedValues? = nil, draft: (id: UUID, owner: String)? = nil, summary: @escaping @Sendable (Int) -> String
    ) async throws -> DataWriteOutcome {
        do {
            return try await AuditLog(database: database).transaction { db, audit in
                try await Self.write(
                    rows, db: db, audit: audit, context: context, source: source, entityID: entityID, unitCode: unitCode,
                    keysNamePlaces: keysNamePlaces, known: known, draft: draft, summary: summary)
            }
        } catch is StaleValueWrite {
            // Rolled back: a value changed between the read and the write. Answer with what is saved now.
            let current = try await Self.saved(groups: Set(rows.map { [$0.placement.unitCode, $0.period.description] }), on: database)
            return .conflicts(
                rows.compactMap { row in
                    let now = current[Self.address(row)]?.value
                    guard now?.value != row.value, row.expectedVersion == nil || (now?.version ?? 0) != row.expectedVersion else { return nil }
                    return DataValueConflict(
                        element: row.element, category: row.category, current: now, submitted: row.value, unitCode: row.placement.unitCode,
                        period: row.period.description)
                })
        }
    }

    /// The body of ``write(_:context:source:entityID:unitCode:keysNamePlaces:known:draft:summary:)`` inside a
    /// transaction that holds the write turn and records to `audit`: a change of a registry writes the values it
    /// derives with it, in its own transaction (``DerivedValues``), with `source` ``DerivedValues/source``.
    ///
    /// A write of any other source that would change a value the registry derives for its unit
    /// (``ElementSourceStore``) saves nothing and answers `.changedMeanwhile`: the element was switched to derived after
    /// the caller's checks, and checking again (``DataValueRules/problems(_:)`` with the unit's derived elements)
    /// names it.
    static func write(
        _ rows: [ImportRow], db: any Database, audit: AuditRecorder, context: ChangeContext, source: String, entityID: String,
        unitCode: String?, keysNamePlaces: Bool, known: SavedValues? = nil, draft: (id: UUID, owner: String)? = nil,
        summary: @escaping @Sendable (Int) -> String
    ) async throws -> DataWriteOutcome {
        try await WriteTurn.take(on: db)
        var places: [RoundStore.LockedPlace] = []
        var seenPlaces = Set<String>()
        for row in rows where seenPlaces.insert("\(row.placement.unitCode)|\(row.period)").inserted {
            places.append(.init(unitCode: row.placement.unitCode, districtCode: row.placement.districtCode, period: row.period))
        }
        let locks = try await RoundStore.locks(places, on: db).compactMap(\.first)
        guard locks.isEmpty else { return .locked(locks) }
        if source != DerivedValues.source,
            try await ElementSourceStore.anyDerived(rows.map { ($0.element, $0.placement.unitCode, $0.period) }, on: db)
        {
            return .changedMeanwhile
        }
        // The values the checks were made over (`known`), when nothing changed them since: taken as they
        // were read while the data number has not moved (every change of a value moves it in its own
        // transaction, and it was read before the values), else read again and compared.
        let groups = Set(rows.map { [$0.placement.unitCode, $0.period.description] })
        let saved: [ValueAddress: SavedValue]
        var changedMeanwhile = false
        if let known, groups.isSubset(of: known.groups) {
            if let number = known.dataNumber, try await ReferenceCache.readStamp(on: db)?.data == number {
                saved = known.values
            } else {
                saved = try await Self.saved(groups: groups, on: db)
                changedMeanwhile = !Self.same(saved, as: known, in: groups)
            }
        } else {
            saved = try await Self.saved(groups: groups, on: db)
        }
        var conflicts: [DataValueConflict] = []
        var plan: [(row: ImportRow, existing: SavedValue?)] = []
        for row in rows {
            let existing = saved[Self.address(row)]
            if existing?.value.value == row.value { continue }
            if let expected = row.expectedVersion, (existing?.value.version ?? 0) != expected {
                conflicts.append(
                    DataValueConflict(
                        element: row.element, category: row.category, current: existing?.value, submitted: row.value,
                        unitCode: row.placement.unitCode, period: row.period.description))
                continue
            }
            plan.append((row, existing))
        }
        guard conflicts.isEmpty else { return .conflicts(conflicts) }
        // Versions hold (or none were given) but the values the checks were made over changed: writing now
        // could break a rule checked over the old ones (a part larger than its whole).
        guard plan.isEmpty || !changedMeanwhile else { return .changedMeanwhile }
        // The draft saved is taken now, once: a second request for it saves nothing (rolled back).
        if let draft, try await !ImportDraftStore.consume(id: draft.id, owner: draft.owner, on: db) { throw ImportDraftGone() }
        guard !plan.isEmpty else { return .saved(changed: 0) }

        // The kept totals: each touched unit-year before, then after the writes.
        let keys = Set(
            plan.map { AreaTotals.UnitYearKey(placement: $0.row.placement, element: $0.row.element, year: $0.row.period.firstYear) })
        let placements = Dictionary(plan.map { ($0.row.placement.unitCode, $0.row.placement) }, uniquingKeysWith: { first, _ in first })
        let before = try await AreaTotals.unitYears(keys, on: db)
        let elements = Set(keys.map(\.element)).sorted()
        let years = Set(keys.map(\.year)).sorted()
        let now = Date()
        var valuesBefore: [String: String] = [:]
        var valuesAfter: [String: String] = [:]
        for (row, existing) in plan {
            let name = row.category.isEmpty ? row.element : "\(row.element)/\(row.category)"
            let key = !keysNamePlaces ? name : "\(row.placement.unitCode)/\(row.period)/\(name)"
            valuesBefore[key] = existing.map { Self.text($0.value.value) } ?? ""
            valuesAfter[key] = row.value.map(Self.text) ?? ""
        }
        let aggregations = try await Self.aggregations(elements, on: db)
        // The official totals: only those of the plans without a round for the year can move
        // (``OfficialTotals/countedPlans(_:elements:on:)``), and they move as the area totals do when their
        // elements are resolved alike; else they are taken out and put back.
        let counted = try await OfficialTotals.countedPlans(years, elements: elements, on: db)
        let alike = counted.values.allSatisfy { $0.values.allSatisfy { $0.allSatisfy { aggregations[$0.key] == $0.value } } }
        let touched =
            alike
            ? []
            : BulkSQL.chunks(placements.keys.sorted(), size: 1000).map {
                OfficialTotals.Touched.unitsYears(units: Array($0), years: counted.keys.sorted(), elements: elements)
            }
        // The audit's before and after are written while the statements run (they wait on the database).
        async let prepared = (AuditRecorder.prepared(valuesBefore), AuditRecorder.prepared(valuesAfter))
        try await OfficialTotals.around(touched, on: db) {
            try await Self.writeRows(plan, by: context.actor, at: now, source: source, on: db)
            let after = try await AreaTotals.unitYears(keys, on: db)
            let deltas = AreaTotals.deltas(before: before, after: after, aggregations: aggregations)
            try await AreaTotals.add(deltas, on: db)
            if alike { try await OfficialTotals.add(deltas, plans: counted, on: db) }
        }
        var entry = AuditEntry(
            actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update, entity: "data_values",
            entityID: entityID, unitCode: unitCode, summary: summary(plan.count), before: valuesBefore, after: valuesAfter)
        entry.prepared = await prepared
        try await audit.record(entry)
        return .saved(changed: plan.count)
    }

    /// Writes the planned rows in multi-row statements, each comparing the version read (``StaleValueWrite`` when a
    /// statement writes fewer rows than it was given), and their history.
    static func writeRows(
        _ plan: [(row: ImportRow, existing: SavedValue?)], by actor: String, at now: Date, source: String, on db: any Database
    ) async throws {
        let sql = db as! any SQLDatabase
        let inserts = plan.filter { $0.existing == nil && $0.row.value != nil }.map(\.row)
        let updates = plan.compactMap { item in item.existing.flatMap { existing in item.row.value.map { (existing, $0) } } }
        let deletes = plan.compactMap { $0.row.value == nil ? $0.existing : nil }
        for chunk in BulkSQL.chunks(inserts, size: BulkSQL.rows(columns: 13)) {
            var query = SQLQueryString(
                "INSERT INTO data_values (id, element, unit_code, district_code, province_code, period, year, half, category, value, version, updated_by, updated_at) VALUES "
            )
            BulkSQL.appendRows(chunk, to: &query) { row in
                [
                    UUID.timeOrdered(at: now), row.element, row.placement.unitCode, row.placement.districtCode, row.placement.provinceCode,
                    row.period.description,
                    row.period.firstYear, row.period.half, row.category, row.value, 1, actor, now,
                ]
            }
            query.appendLiteral(" ON CONFLICT DO NOTHING RETURNING id")
            guard try await sql.raw(query).all().count == chunk.count else { throw StaleValueWrite() }
        }
        for chunk in BulkSQL.chunks(updates, size: BulkSQL.rows(columns: 3)) {
            // VALUES names its columns column1, column2, … in both SQLite and PostgreSQL.
            var query = SQLQueryString("UPDATE data_values SET value = v.column3, version = data_values.version + 1, updated_by = ")
            query.appendInterpolation(bind: actor)
            query.appendLiteral(", updated_at = ")
            query.appendInterpolation(bind: now)
            query.appendLiteral(" FROM (VALUES ")
            BulkSQL.appendRows(chunk, to: &query) { [$0.0.id, $0.0.value.version, $0.1] }
            query.appendLiteral(") AS v WHERE data_values.id = v.column1 AND data_values.version = v.column2 RETURNING data_values.id")
            guard try await sql.raw(query).all().count == chunk.count else { throw StaleValueWrite() }
        }
        for chunk in BulkSQL.chunks(deletes, size: BulkSQL.rows(columns: 2)) {
            var query = SQLQueryString("DELETE FROM data_values WHERE (id, version) IN (VALUES ")
            BulkSQL.appendRows(chunk, to: &query) { [$0.id, $0.value.version] }
            query.appendLiteral(")")
            query.appendLiteral(" RETURNING id")
            guard try await sql.raw(query).all().count == chunk.count else { throw StaleValueWrite() }
        }
        // The history: what is the same for every row (who, when, how) bound once, beside the rows' own seven.
        for chunk in BulkSQL.chunks(plan, size: BulkSQL.rows(columns: 7)) {
            var query = SQLQueryString(
                "INSERT INTO data_value_history (id, element, unit_code, period, category, old_value, new_value, changed_by, changed_at, source) "
                    + "SELECT v.column1, v.column2, v.column3, v.column4, v.column5, CAST(v.column6 AS DOUBLE PRECISION), "
                    + "CAST(v.column7 AS DOUBLE PRECISION), ")
            query.appendInterpolation(bind: actor)
            query.appendLiteral(", ")
            query.appendInterpolation(bind: now)
            query.appendLiteral(", ")
            query.appendInterpolation(bind: source)
            query.appendLiteral(" FROM (VALUES ")
            BulkSQL.appendRows(chunk, to: &query) { row, existing in
                [
                    UUID.timeOrdered(at: now), row.element, row.placement.unitCode, row.period.description, row.category, existing?.value.value,
                    row.value,
                ]
            }
            query.appendLiteral(") AS v")
            try await sql.raw(query).run()
        }
    }
}

/// The saved values of some units and periods as one read found them, with the boards' data number read just before
/// (``DataValueStore/savedValues(places:)``): a write that checked its rules over them passes them on, and its
/// transaction takes them instead of reading them again when that number has not moved.
public struct SavedValues: Sendable {
    let dataNumber: Int?
    let groups: Set<[String]>
    let values: [DataValueStore.ValueAddress: DataValueStore.SavedValue]
    /// The values by "unit|period".
    public let byPlace: [String: [DataValue]]

    /// Whether nothing the boards read from the data has changed since these values were read (the data number,
    /// ``ReferenceCache``, has not moved): then they are still what is saved, and checks made over them still hold.
    public func stillCurrent(on database: any Database) async throws -> Bool {
        guard let dataNumber else { return false }
        return try await ReferenceCache.readStamp(on: database)?.data == dataNumber
    }
}
