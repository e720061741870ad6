import Fluent
import Foundation
import PCMTDomain
import SQLKit

/// The organisation units, the plans and their data elements, read once and kept in memory for every request of the
/// process, instead of being read again (and every row decoded into a model) on each request.
///
/// Invalidation is by a version counter row, `reference_version` (one row: the installation's id and a number).
/// Every change of units, plans or data elements sets a new number in the change's own transaction
/// (``bump(on:)``); a read of the cache first reads that row (one primary-key lookup) and drops what it holds when the
/// number moved. This covers changes made by this process and by the other processes of an installation sharing a
/// PostgreSQL database, with no connection held open for LISTEN/NOTIFY and nothing lost when a connection drops:
/// a notification missed while reconnecting would leave a process stale until restarted, a counter cannot. The
/// installation's id (made by the migration) keys the memory, so databases never share entries (tests open many).
///
/// What is cached is loaded between two reads of the counter and kept only when both agree, so a change that commits
/// meanwhile is never kept under the old number.
///
/// The same row holds a second number, `data_version`, for what the boards read from the data (the kept area and
/// official totals, the values' presence, whether a plan has rounds). It moves in the transaction of every change of
/// those (``bumpData(on:)``, called where the kept official totals are brought in step: every save, import,
/// approval, return, reopening and round opening passes there, ``OfficialTotals``), and the totals of the boards
/// asked for since the last change are kept under it (``derived(key:on:load:)``). Units, plans and elements stay
/// cached when only the data moved.
public final class ReferenceCache: @unchecked Sendable {
    public static let shared = ReferenceCache()

    struct Entry {
        var version: Int
        /// The data number the data-dependent parts below were read under.
        var dataVersion: Int = 0
        /// Boards' totals and what is computed from them, by key (``derived(key:on:load:)``).
        var derived: [String: any Sendable] = [:]
        var hasRounds: [UUID: Bool] = [:]
        var units: [OrgUnit]? = nil
        var unitIndex: UnitIndex? = nil
        var plans: [UUID: Plan] = [:]
        var elements: [UUID: [DataElement]] = [:]
        var planVersions: [UUID: [PlanVersionRecord]] = [:]
    }

    /// At most this many boards' totals and boards are kept per installation; when full, the kept ones are dropped
    /// and the cache fills again (a province's totals with its districts are a few tens of kilobytes).
    static let derivedLimit = 1000

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    init() {}

    typealias Stamp = (installation: String, version: Int, data: Int)

    /// The numbers as one request read them first (``readingNumbersOnce(_:)``), with the count of this process's own
    /// changes at that moment.
    final class RequestStamp: @unchecked Sendable {
        private let lock = NSLock()
        private var stamp: (Stamp?, changes: Int)?
        var value: (Stamp?, changes: Int)? {
            get { lock.withLock { stamp } }
            set { lock.withLock { stamp = newValue } }
        }
    }

    @TaskLocal static var requestStamp: RequestStamp?

    /// How many times this process has moved either number (``bump(on:)``, ``bumpData(on:)``), committed or not. A
    /// transaction runs on a task of its own (Fluent's), out of reach of the request's task-local, so a request
    /// learns of its own changes by this count: when it moved, the request reads the row again.
    private static let changesLock = NSLock()
    nonisolated(unsafe) private static var changesMade = 0
    static var localChanges: Int { changesLock.withLock { changesMade } }
    static func noteLocalChange() { changesLock.withLock { changesMade += 1 } }

    /// Runs `body` (one request) reading the two numbers once: every cached read of the request then serves what
    /// was current when it first asked, as one consistent picture, instead of reading the row again for each (a
    /// board page asks five times). A change made in this process (the request's own among them) makes the next read
    /// read the row again, and reads inside a transaction always read the row (they may see the transaction's own
    /// change).
    public static func readingNumbersOnce<T>(_ body: () async throws -> T) async rethrows -> T {
        try await $requestStamp.withValue(RequestStamp(), operation: body)
    }

    /// The installation and the counters, as stored now, or as the request first read them; nil before the
    /// migration made the row.
    static func stamp(on db: any Database) async throws -> Stamp? {
        guard !db.inTransaction, let memo = requestStamp else { return try await readStamp(on: db) }
        let changes = localChanges
        if let (stamp, seen) = memo.value, seen == changes { return stamp }
        let stamp = try await readStamp(on: db)
        memo.value = (stamp, changes)
        return stamp
    }

    static func readStamp(on db: any Database) async throws -> Stamp? {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.raw("SELECT installation, version, data_version FROM reference_version WHERE id = 1").first() else {
            return nil
        }
        return (
            try row.decode(column: "installation", as: String.self), try row.decode(column: "version", as: Int.self),
            try row.decode(column: "data_version", as: Int.self)
        )
    }

    /// Where units, plans and data elements stand now, as one text (the installation and its number; nil before the
    /// migration made the row): something checked against them holds while this text is the same.
    public static func referenceMark(on db: any Database) async throws -> String? {
        try await stamp(on: db).map { "\($0.installation)#\($0.version)" }
    }

    /// Marks units, plans or data elements as changed; call in the transaction that changes them.
    static func bump(on db: any Database) async throws {
        // A new number each time, never one used before: a number seen inside a transaction that was then rolled
        // back is never current again, so nothing the transaction read can be served under it.
        let next = Int.random(in: 1...Int(Int32.max))
        try await (db as! any SQLDatabase).raw("UPDATE reference_version SET version = \(bind: next) WHERE id = 1").run()
        noteLocalChange()
    }

    /// Marks the data the boards read as changed; call in the transaction that changes it.
    static func bumpData(on db: any Database) async throws {
        let next = Int.random(in: 1...Int(Int32.max))
        try await (db as! any SQLDatabase).raw("UPDATE reference_version SET data_version = \(bind: next) WHERE id = 1").run()
        noteLocalChange()
    }

    /// The cached value for the current counter, or `load()`'s result, kept when the counter did not move meanwhile.
    /// `data`: the value also depends on the data number (it is read from the values, not only from units and plans).
    func value<T>(
        on db: any Database, data: Bool = false, read: (Entry) -> T?, write: (inout Entry, T) -> Void, load: () async throws -> T
    ) async throws -> T {
        guard let stamp = try await Self.stamp(on: db) else { return try await load() }
        let cached: T? = lock.withLock {
            guard let entry = entries[stamp.installation], entry.version == stamp.version, !data || entry.dataVersion == stamp.data
            else { return nil }
            return read(entry)
        }
        if let cached { return cached }
        let loaded = try await load()
        guard let after = try await Self.stamp(on: db), after.version == stamp.version, !data || after.data == stamp.data else {
            return loaded
        }
        lock.withLock {
            var entry = entries[stamp.installation].flatMap { $0.version == stamp.version ? $0 : nil } ?? Entry(version: stamp.version)
            if data, entry.dataVersion != stamp.data {
                entry.dataVersion = stamp.data
                entry.derived = [:]
                entry.hasRounds = [:]
            }
            write(&entry, loaded)
            entries[stamp.installation] = entry
        }
        return loaded
    }

    /// A value computed from the data and kept until units, plans or data change: a board's totals
    /// (``BoardQuery/totals(plan:unit:children:approvedOnly:)``), a board judged for a period; `load()`'s result kept
    /// under `key`, which names everything the value depends on besides units, plans, elements and data.
    func derived<T: Sendable>(key: String, on db: any Database, load: () async throws -> T) async throws -> T {
        try await value(
            on: db, data: true, read: { $0.derived[key] as? T },
            write: { entry, value in
                if entry.derived.count >= Self.derivedLimit { entry.derived = [:] }
                entry.derived[key] = value
            }, load: load)
    }

    /// Whether the plan has a reporting round, as kept since the last change.
    func hasRounds(planID: UUID, on db: any Database, load: () async throws -> Bool) async throws -> Bool {
        try await value(on: db, data: true, read: { $0.hasRounds[planID] }, write: { $0.hasRounds[planID] = $1 }, load: load)
    }

    /// Every organisation unit, administrative levels first, then by code.
    public func units(on db: any Database) async throws -> [OrgUnit] {
        try await value(on: db, read: { $0.units }, write: { $0.units = $1 }) { try await OrgUnitStore.load(on: db) }
    }

    /// The units with their tree: by code, children, ancestors.
    public func unitIndex(on db: any Database) async throws -> UnitIndex {
        try await value(on: db, read: { $0.unitIndex }, write: { $0.unitIndex = $1 }) { UnitIndex(units: try await OrgUnitStore.load(on: db)) }
    }

    /// A whole plan, or nil when there is none with this id (not kept: a plan may be made later).
    public func plan(id: UUID, on db: any Database) async throws -> Plan? {
        let plan: Plan? = try await value(
            on: db, read: { $0.plans[id].map { .some($0) } }, write: { entry, plan in if let plan { entry.plans[id] = plan } }
        ) {
            try await PlanStore.load(id: id, on: db)
        }
        return plan
    }

    /// A plan's recorded versions, oldest first (``PlanVersionStore``).
    public func planVersions(planID: UUID, on db: any Database) async throws -> [PlanVersionRecord] {
        try await value(on: db, read: { $0.planVersions[planID] }, write: { $0.planVersions[planID] = $1 }) {
            try await PlanVersionStore.load(planID: planID, on: db)
        }
    }

    /// A plan's data elements in their order.
    public func elements(planID: UUID, on db: any Database) async throws -> [DataElement] {
        try await value(on: db, read: { $0.elements[planID] }, write: { $0.elements[planID] = $1 }) {
            try await DataElementStore.load(planID: planID, on: db)
        }
    }
}

/// The unit tree, indexed once: each unit by code, its children, its ancestors (nearest first), and every version of
/// a code (``UnitTimeline``: a code may name two units at different times).
public struct UnitIndex: Sendable {
    public let units: [OrgUnit]
    /// Each code's first unit (the one it named before any reuse). A page that concerns a period resolves the code
    /// for it with ``timeline`` instead (``UnitTimeline/resolve(_:in:)``).
    public let byCode: [String: OrgUnit]
    /// The units under each code, every version (``UnitTimeline/children(of:in:)`` keeps those of a period).
    public let children: [String: [OrgUnit]]
    public let timeline: UnitTimeline

    public init(units: [OrgUnit]) {
        self.units = units
        byCode = Dictionary(
            units.map { ($0.code, $0) }, uniquingKeysWith: { first, later in (first.validFrom ?? "") <= (later.validFrom ?? "") ? first : later })
        var children: [String: [OrgUnit]] = [:]
        for unit in units { if let parent = unit.parentCode { children[parent, default: []].append(unit) } }
        self.children = children
        timeline = UnitTimeline(units: units)
    }

    /// The codes of the areas `unit` lies in, for access: the units above it in its time, nearest first, then those
    /// that took them over and those of the units it was formed from (``UnitTimeline/areaCodes(of:)``).
    public func ancestorCodes(of unit: OrgUnit) -> [String] {
        timeline.areaCodes(of: unit)
    }
}
