import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// An element whose values a unit derives from a registry (issue 17, item 1).
public struct ElementSource: Sendable, Equatable {
    public var element: String
    public var unitCode: String
    public var source: ValueSource
    /// The first year derived; earlier years keep what was typed.
    public var fromYear: Int
    public var updatedBy: String
    public var updatedAt: Date
}

extension ElementSource {
    /// Whether the source holds for `period`: from its first year, and only in periods in which the unit that has the
    /// code now existed (`unitFrom`, its first day: 23377 was Thị trấn Plei Kần before 01/07/2025 and is Xã Bờ Y
    /// after; Bờ Y's register says nothing of Plei Kần's 2020).
    public func covers(_ period: Period, unitFrom: String?) -> Bool {
        guard period.firstYear >= fromYear else { return false }
        guard let unitFrom else { return true }
        return DataValueRules.days(of: period).last >= unitFrom
    }
}

/// What came of choosing where elements' values come from.
public struct SourceChoiceOutcome: Sendable, Equatable {
    /// Values written from the registry (0 when switched back to typed, or nothing differed).
    public var changedValues: Int
    /// Periods whose values an approved report locks: they keep what was approved (the reconciliation page shows the
    /// registry's count beside it), one lock per period.
    public var kept: [ValueLock]
}

public enum ElementSourceError: Error, Equatable {
    /// The element is not one the chosen registry yields (``RegistryYields``).
    case notDerivable(String)
    /// Registries are kept by communes: the unit is not a commune existing today.
    case notACommune(String)
    /// The first year is outside 2000 … today's year.
    case badYear(Int)
}

/// A commune's value of a registry element for a period beside what is saved (the reconciliation page, issue 17:
/// "typed totals next to registry counts for the same unit and period during the switch-over").
public struct ReconciledValue: Sendable, Equatable {
    public var unitCode: String
    public var period: Period
    public var key: DataValueKey
    /// What is saved now (typed, or derived when the element is derived for the unit), nil for none.
    public var saved: Double?
    /// What the registry counts.
    public var registry: Double
    public var source: ValueSource

    public var differs: Bool { saved != registry }
}

/// Where each unit's values come from, chosen per element and unit by the standing office (issue 17: "a unit's
/// element is either typed or derived from a registry"): reading the choices, changing them (which writes the derived
/// values at once), and the registry's counts beside what is saved. Who may choose is the web layer's rule.
public struct ElementSourceStore: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    /// The elements derived for each of `unitCodes`.
    public func sources(unitCodes: [String]) async throws -> [ElementSource] {
        guard !unitCodes.isEmpty else { return [] }
        var result: [ElementSource] = []
        for chunk in BulkSQL.chunks(unitCodes, size: 500) {
            result += try await ElementSourceModel.query(on: database).filter(\.$unitCode ~~ Array(chunk)).all().map(Self.source)
        }
        return result.sorted { ($0.unitCode, $0.element) < ($1.unitCode, $1.element) }
    }

    /// How many of `communeCodes` derive each element in `period` from a register, by element code (the board, the
    /// province's report and a unit's report say which figures are derived, issue 17 item 1).
    public func derivingCommunes(_ communeCodes: [String], period: Period) async throws -> [String: Int] {
        let byPlace = try await derivedElements(places: Array(Set(communeCodes)).map { ($0, period) })
        var counts: [String: Int] = [:]
        for elements in byPlace.values { for element in elements { counts[element, default: 0] += 1 } }
        return counts
    }

    /// The codes of the elements derived for `unitCode` in `period`, which cannot be typed for it
    /// (``DataValueRules/Save/derived``, ``ElementSource/covers(_:unitFrom:)``).
    public func derivedElements(unitCode: String, period: Period) async throws -> Set<String> {
        try await derivedElements(places: [(unitCode, period)])["\(unitCode)|\(period)"] ?? []
    }

    /// The elements derived for each of `unitCodes` in `period`, by unit.
    public func derivedElements(unitCodes: [String], period: Period) async throws -> [String: Set<String>] {
        let byPlace = try await derivedElements(places: unitCodes.map { ($0, period) })
        return Dictionary(uniqueKeysWithValues: unitCodes.map { ($0, byPlace["\($0)|\(period)"] ?? []) })
    }

    /// The elements derived for each unit and period, by "unit|period".
    public func derivedElements(places: [(unitCode: String, period: Period)]) async throws -> [String: Set<String>] {
        let sources = Dictionary(grouping: try await sources(unitCodes: Array(Set(places.map(\.unitCode)))), by: \.unitCode)
        guard !sources.isEmpty else { return [:] }
        let index = try await ReferenceCache.shared.unitIndex(on: database)
        var result: [String: Set<String>] = [:]
        for (code, period) in places {
            guard let here = sources[code] else { continue }
            let from = Self.currentFrom(code, index: index)
            result["\(code)|\(period)"] = Set(here.filter { $0.covers(period, unitFrom: from) }.map(\.element))
        }
        return result
    }

    /// The first day of the latest unit that has `code` (the one a source is chosen for), nil when it has always been.
    static func currentFrom(_ code: String, index: UnitIndex) -> String? {
        index.timeline.allUnits.filter { $0.code == code }.max { ($0.validFrom ?? "") < ($1.validFrom ?? "") }?.validFrom
    }

    /// Makes `elements` of the commune `unitCode` typed, or derived from the registry from `fromYear`. Switching to
    /// derived writes every derived value from that year through today's period in the same transaction (source
    /// `registry` in the values' history), except in periods an approved report locks (``SourceChoiceOutcome/kept``);
    /// switching back to typed leaves the values as they are, to be typed over.
    ///
    /// - Throws: ``ElementSourceError`` for an element the registry does not yield, a unit that is not a commune of
    ///   today, a year before 2000 or after today's.
    public func choose(
        elements: [String], unitCode: String, source: ValueSource, fromYear: Int, today: String, context: ChangeContext
    ) async throws -> SourceChoiceOutcome {
        for element in elements where source != .typed && RegistryYields.source(of: element) != source {
            throw ElementSourceError.notDerivable(element)
        }
        guard let todayYear = Int(today.prefix(4)), (2000...todayYear).contains(fromYear) else { throw ElementSourceError.badYear(fromYear) }
        let index = try await ReferenceCache.shared.unitIndex(on: database)
        guard let unit = index.timeline.version(of: unitCode, on: today), unit.level == .commune, unit.isValid(on: today) else {
            throw ElementSourceError.notACommune(unitCode)
        }
        return try await AuditLog(database: database).transaction { db, audit in
            let existing = try await ElementSourceModel.query(on: db).filter(\.$unitCode == unitCode).filter(\.$element ~~ elements).all()
            var before: [String: String] = [:]
            var after: [String: String] = [:]
            for element in elements {
                let row = existing.first { $0.element == element }
                before[element] = row.map { "\($0.source) \($0.fromYear)" } ?? ValueSource.typed.rawValue
                after[element] = source == .typed ? ValueSource.typed.rawValue : "\(source.rawValue) \(fromYear)"
                if source == .typed {
                    try await row?.delete(on: db)
                    continue
                }
                let model = row ?? ElementSourceModel()
                if row == nil {
                    model.id = UUID.timeOrdered(); model.element = element; model.unitCode = unitCode; model.version = 0
                }
                model.source = source.rawValue; model.fromYear = fromYear; model.version += 1
                model.updatedBy = context.actor; model.updatedAt = Date()
                try await model.save(on: db)
            }
            try await audit.record(
                AuditEntry(
                    actor: context.actor, actorUnit: context.actorUnit, address: context.address, kind: .update, entity: "element_sources",
                    entityID: unitCode, unitCode: unitCode, summary: "Chose where \(elements.count) element(s) of \(unitCode) come from",
                    before: before, after: after))
            guard source != .typed else { return SourceChoiceOutcome(changedValues: 0, kept: []) }
            return try await DerivedValues.refresh(
                communes: [unitCode], fromDay: "\(fromYear)-01-01", today: today, context: context, db: db, audit: audit, sources: [source])
        }
    }

    /// For each commune of `unitCodes` and each period, the registry's counts of the elements it yields beside what is
    /// saved, with each element's source for the commune.
    public func reconciliation(unitCodes: [String], periods: [Period]) async throws -> [ReconciledValue] {
        let sources = try await derivedElements(places: unitCodes.flatMap { code in periods.map { (code, $0) } })
        var result: [ReconciledValue] = []
        let places = unitCodes.flatMap { code in periods.map { (unitCode: code, period: $0.description) } }
        let saved = try await DataValueStore(database: database).values(places: places)
        let all = Set(ValueSource.allCases).subtracting([.typed])
        for code in unitCodes {
            let material = try await DerivedValues.Material.load(communeCode: code, sources: all, on: database)
            for period in periods {
                let counts = material.values(communeCode: code, period: period)
                let here = Dictionary(
                    (saved["\(code)|\(period)"] ?? []).map { (DataValueKey(element: $0.element, category: $0.category), $0.value) },
                    uniquingKeysWith: { first, _ in first })
                for (element, source) in RegistryYields.all {
                    for category in RegistryYields.categories(of: element) {
                        let key = DataValueKey(element: element, category: category)
                        result.append(
                            ReconciledValue(
                                unitCode: code, period: period, key: key, saved: here[key], registry: counts[key] ?? 0,
                                source: sources["\(code)|\(period)"]?.contains(element) == true ? source : .typed))
                    }
                }
            }
        }
        return result
    }

    /// The elements the registries yield as the plans define them (the first plan's definition of each code), in the
    /// order of ``RegistryYields/all``; codes no plan has are left out.
    public func registryElements() async throws -> [DataElement] {
        let codes = RegistryYields.all.map(\.element)
        let models = try await DataElementModel.query(on: database).filter(\.$code ~~ codes).all()
        return codes.compactMap { code in models.first { $0.code == code }?.domain }
    }

    /// Whether any of the values (element, unit, period) is derived in its period.
    static func anyDerived(_ values: [(element: String, unitCode: String, period: Period)], on db: any Database) async throws -> Bool {
        let elements = Set(values.map(\.element))
        guard !elements.isDisjoint(with: RegistryYields.all.map(\.element)) else { return false }
        let units = Array(Set(values.map(\.unitCode)))
        var sources: [String: ElementSource] = [:]
        for chunk in BulkSQL.chunks(units, size: 500) {
            for row in try await ElementSourceModel.query(on: db).filter(\.$unitCode ~~ Array(chunk)).filter(\.$element ~~ Array(elements)).all() {
                sources["\(row.element)|\(row.unitCode)"] = Self.source(row)
            }
        }
        guard !sources.isEmpty else { return false }
        let index = try await ReferenceCache.shared.unitIndex(on: db)
        return values.contains { value in
            sources["\(value.element)|\(value.unitCode)"]?.covers(value.period, unitFrom: Self.currentFrom(value.unitCode, index: index)) == true
        }
    }

    static func source(_ model: ElementSourceModel) -> ElementSource {
        ElementSource(
            element: model.element, unitCode: model.unitCode, source: ValueSource(rawValue: model.source) ?? .peopleRegistry,
            fromYear: model.fromYear, updatedBy: model.updatedBy, updatedAt: model.updatedAt)
    }
}

/// The values a registry derives, written with the change that moves them (issue 17: "derived values are exact and
/// current in the same transaction as the record change").
enum DerivedValues {
    /// The source of derived values in the values' history (``DataValueStore``'s write).
    static let source = "registry"

    /// Counts again the derived values of `communes` in every period a change dated `fromDay` can move
    /// (``PeopleRegistryTotals/periods(from:fromYear:today:)``), from each element's first derived year, and writes
    /// those that differ, inside the caller's transaction (`db`, `audit`). Periods in which the commune that has the
    /// code today did not exist are left (a code reused by the 2025 reform named another commune then), as are
    /// periods an approved report locks (returned).
    ///
    /// `sources`: only the elements these sources yield are counted again (a change of one registry moves only its
    /// own); nil for all.
    static func refresh(
        communes: [String], fromDay: String, today: String, context: ChangeContext, db: any Database, audit: AuditRecorder,
        sources only: Set<ValueSource>? = nil
    ) async throws -> SourceChoiceOutcome {
        var changed = 0
        var kept: [ValueLock] = []
        let index = try await ReferenceCache.shared.unitIndex(on: db)
        for code in Set(communes).sorted() {
            let sources = try await ElementSourceModel.query(on: db).filter(\.$unitCode == code).all().filter { row in
                only.map { set in ValueSource(rawValue: row.source).map(set.contains) ?? false } ?? true
            }
            guard let firstYear = sources.map(\.fromYear).min(), let unit = index.timeline.version(of: code, on: today) else { continue }
            let fromYear = Dictionary(sources.map { ($0.element, $0.fromYear) }, uniquingKeysWith: min)
            let placement = UnitPlacement(unit: unit, ancestors: index.timeline.ancestors(of: unit))
            let periods = PeopleRegistryTotals.periods(from: fromDay, fromYear: firstYear, today: today).filter { period in
                let days = DataValueRules.days(of: period)
                return unit.validFrom.map { $0 <= days.last } ?? true && unit.validTo.map { $0 >= days.first } ?? true
            }
            guard !periods.isEmpty else { continue }
            let locks = try await RoundStore.locks(
                periods.map { .init(unitCode: code, districtCode: placement.districtCode, period: $0) }, on: db)
            let material = try await Material.load(
                communeCode: code, sources: Set(sources.compactMap { ValueSource(rawValue: $0.source) }), on: db)
            var rows: [ImportRow] = []
            for (period, lock) in zip(periods, locks) {
                if let first = lock.first {
                    kept.append(first)
                    continue
                }
                let values = material.values(communeCode: code, period: period)
                for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                    guard let from = fromYear[key.element], from <= period.firstYear else { continue }
                    rows.append(ImportRow(element: key.element, placement: placement, period: period, category: key.category, value: value))
                }
            }
            guard !rows.isEmpty else { continue }
            let outcome = try await DataValueStore.write(
                rows, db: db, audit: audit, context: context, source: source, entityID: "\(code)/registry", unitCode: code,
                keysNamePlaces: true, summary: { "\($0) value(s) of \(code) derived from its registers" })
            if case .saved(let count) = outcome { changed += count }
        }
        return SourceChoiceOutcome(changedValues: changed, kept: kept)
    }

    /// What a commune's registries hold, as counting needs it: the people whose record it kept, and its records of each
    /// registry of records, loaded for the sources asked only.
    struct Material {
        var people: [PersonTimeline] = []
        var records: [RecordRegistry: [RegistryRecordFields]] = [:]
        var sources: Set<ValueSource>

        static func load(communeCode: String, sources: Set<ValueSource>, on db: any Database) async throws -> Material {
            var material = Material(sources: sources)
            if sources.contains(.peopleRegistry) { material.people = try await timelines(communeCode: communeCode, on: db) }
            for registry in RecordRegistry.allCases where sources.contains(registry.source) {
                material.records[registry] = try await RecordRegistryStore.countable(registry, communeCode: communeCode, on: db)
            }
            return material
        }

        /// Every value the loaded sources yield for the commune and period, zeros included.
        func values(communeCode: String, period: Period) -> [DataValueKey: Double] {
            var values: [DataValueKey: Double] = [:]
            if sources.contains(.peopleRegistry) {
                values.merge(PeopleRegistryTotals.values(of: people, communeCode: communeCode, period: period)) { a, _ in a }
            }
            for (registry, records) in records {
                values.merge(registry.values(of: records, period: period)) { a, _ in a }
            }
            return values
        }
    }

    /// Every person whose record `communeCode` kept at some time, as counting needs them (no identity).
    static func timelines(communeCode: String, on db: any Database) async throws -> [PersonTimeline] {
        let placedKinds = [PersonEvent.Kind.registered.rawValue, PersonEvent.Kind.transferAccepted.rawValue]
        let countedKinds = placedKinds + [PersonEvent.Kind.service, .periodStarted, .periodEnded].map(\.rawValue)
        let placed = try await RegistryPersonEventModel.query(on: db).filter(\.$code == communeCode).filter(\.$kind ~~ placedKinds)
            .field(\.$personID).all().map(\.personID)
        let ids = Array(Set(placed))
        guard !ids.isEmpty else { return [] }
        var people: [RegistryPersonModel] = []
        var events: [RegistryPersonEventModel] = []
        for chunk in BulkSQL.chunks(ids, size: 500) {
            people += try await RegistryPersonModel.query(on: db).filter(\.$id ~~ Array(chunk))
                .field(\.$id).field(\.$sex).field(\.$status).field(\.$managedFrom).field(\.$closedOn).all()
            events += try await RegistryPersonEventModel.query(on: db).filter(\.$personID ~~ Array(chunk))
                .filter(\.$kind ~~ countedKinds)
                .field(\.$personID).field(\.$kind).field(\.$onDay).field(\.$code).field(\.$endsOn).all()
        }
        let byPerson = Dictionary(grouping: events, by: \.personID)
        return people.compactMap { person in
            guard let id = person.id, let sex = PersonSex(rawValue: person.sex), let status = DrugUseStatus(rawValue: person.status) else {
                return nil
            }
            let own = byPerson[id] ?? []
            return PersonTimeline(
                sex: sex, status: status, managedFrom: person.managedFrom, closedOn: person.closedOn,
                placements: own.filter { placedKinds.contains($0.kind) }.map { .init(day: $0.onDay, communeCode: $0.code) },
                services: own.compactMap { event in
                    guard event.kind == PersonEvent.Kind.service.rawValue, let kind = PersonServiceKind(rawValue: event.code) else { return nil }
                    return .init(day: event.onDay, kind: kind)
                }, periods: PeopleRegistryStore.periods(of: own.map(PeopleRegistryStore.plainEvent)))
        }
    }
}
