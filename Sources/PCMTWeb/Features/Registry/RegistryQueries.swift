import Foundation
import PCMTDomain
import PCMTStore

/// The registry of people under management (issue 17), as its pages ask for it: which communes' registries the
/// principal keeps (``Capability/managePeople``), a commune as it is today, and a person's record once the principal
/// may reach it. Nothing here opens a sealed value; the store does, and only in ``PeopleRegistryStore/open(_:purpose:context:)``
/// for a record and in its masked list.
enum RegistryQueries {
    /// A commune whose registry the principal keeps, as it is on the province's day.
    struct Commune: Sendable {
        var unit: OrgUnit
        var placement: UnitPlacement
        /// "Xã Bờ Y (23377)", with the dates where the code was reused.
        var label: String
    }

    /// One row of the index: a commune within reach and its counts.
    struct IndexRow: Sendable {
        var commune: OrgUnit
        var label: String
        /// The district it lies in, for communes of a district; nil under a province.
        var districtName: String?
        var count: RegistryCommuneCount
    }

    /// A person's record as the principal may touch it: where it is kept and where it is being moved.
    struct Person: Sendable {
        var id: UUID
        var commune: Commune
        /// The commune it is being moved to, when one is waiting to accept it.
        var transferTo: Commune?
        /// Whether the principal keeps the commune that keeps the record (may open and change it); false for the
        /// receiving side of a move, which only accepts it.
        var keeps: Bool
        /// Whether the principal keeps the receiving commune of a waiting move (may accept it).
        var receives: Bool
    }

    /// The province's day, "yyyy-mm-dd": what "today" is for every date of the registry.
    static func today(_ context: PageQueryContext) -> String { context.clock.todayISO }

    /// The unit with `code` as it is today (or as it last was), when it is a commune; nil otherwise.
    static func communeUnit(_ context: PageQueryContext, code: String?) async throws -> OrgUnit? {
        guard let code, !code.isEmpty, code.count <= 20 else { return nil }
        let index = try await context.units.index()
        guard let unit = index.timeline.version(of: code, on: today(context)), unit.level == .commune else { return nil }
        return unit
    }

    static func commune(_ context: PageQueryContext, unit: OrgUnit) async throws -> Commune {
        let index = try await context.units.index()
        return Commune(
            unit: unit, placement: UnitPlacement(unit: unit, ancestors: index.timeline.ancestors(of: unit)),
            label: index.timeline.label(unit, context.t.language))
    }

    /// Whether the principal keeps the registry of `unit` (``Capability/managePeople``).
    static func keeps(_ context: PageQueryContext, _ unit: OrgUnit) async throws -> Bool {
        try await context.allows(.managePeople, at: unit)
    }

    /// The commune named in an address, once the principal keeps its registry (``Capability/managePeople``, or
    /// ``Capability/manageRecords`` for the registers of records): 404 for a code that names no commune, 403 for a
    /// commune out of reach (nothing of its registry is read).
    static func commune(_ context: PageQueryContext, code: String?, capability: Capability = .managePeople) async throws -> Commune {
        guard let unit = try await communeUnit(context, code: code) else {
            throw PageError.notFound(context.t("No commune with this code.", "Không có xã, phường với mã này."))
        }
        guard try await context.allows(capability, at: unit) else {
            throw PageError.forbidden(
                capability == .manageRecords
                    ? context.t("You do not keep the registers of this commune.", "Bạn không quản lý sổ theo dõi của xã này.")
                    : context.t(
                        "You do not keep the registry of this commune.", "Bạn không quản lý sổ người sử dụng trái phép chất ma túy của xã này."))
        }
        return try await commune(context, unit: unit)
    }

    /// The commune named in an address, as for ``commune(_:code:capability:)``, when it exists today: a person or a
    /// record is entered only in a commune of today (404 for one that ended, naming the day it ended).
    static func currentCommune(_ context: PageQueryContext, code: String?, capability: Capability = .managePeople) async throws
        -> Commune
    {
        let commune = try await commune(context, code: code, capability: capability)
        guard commune.unit.isValid(on: today(context)) else {
            let end = commune.unit.validTo.map(OfficialDate.short) ?? ""
            throw PageError.notFound(
                context.t(
                    "\(commune.label) no longer exists (it ended on \(end)): enter it in the register of the commune that took it over.",
                    "\(commune.label) không còn tồn tại (đến ngày \(end)): hãy nhập vào sổ của xã, phường tiếp nhận địa bàn."))
        }
        return commune
    }

    /// The communes valid today whose registry the principal keeps, in the order of their codes (the official list's),
    /// with their counts.
    static func index(_ context: PageQueryContext, store: PeopleRegistryStore) async throws -> [IndexRow] {
        let index = try await context.units.index()
        let communes = try await communesWithinReach(context)
        let counts = try await store.counts(communeCodes: communes.map(\.code))
        return communes.map { unit in
            IndexRow(
                commune: unit, label: index.timeline.label(unit, context.t.language),
                districtName: index.timeline.ancestors(of: unit).first { $0.level == .district }?.name,
                count: counts[unit.code] ?? .init())
        }
    }

    /// The communes valid today whose registry the principal keeps, in the order of their codes.
    static func communesWithinReach(_ context: PageQueryContext, capability: Capability = .managePeople) async throws -> [OrgUnit] {
        let principal = try context.signedIn
        let index = try await context.units.index()
        let today = today(context)
        let own = index.ancestorCodes(of: principal.unit)
        return index.timeline.allUnits.filter { unit in
            unit.level == .commune && unit.isValid(on: today)
                && AccessPolicy.allows(principal, capability, at: index.timeline.scope(of: unit), principalAncestorCodes: own)
        }.sorted { $0.code < $1.code }
    }

    /// A person's record, once the principal keeps the commune that keeps it or the commune it is being moved to:
    /// 404 otherwise, the same as for a record that does not exist (a record out of reach is not even confirmed).
    static func person(_ context: PageQueryContext, store: PeopleRegistryStore, id: UUID?) async throws -> Person {
        let hidden = PageError.notFound(context.t("There is no such record.", "Không có hồ sơ này."))
        guard let id, let found = try await store.placement(of: id) else { throw hidden }
        guard let keeping = try await communeUnit(context, code: found.placement.unitCode) else { throw hidden }
        let keepsIt = try await keeps(context, keeping)
        var receiving: OrgUnit? = nil
        if let code = found.transferTo { receiving = try await communeUnit(context, code: code) }
        let receives = try await receiving.asyncMap { try await keeps(context, $0) } ?? false
        guard keepsIt || receives else { throw hidden }
        return Person(
            id: id, commune: try await commune(context, unit: keeping),
            transferTo: try await receiving.asyncMap { try await commune(context, unit: $0) }, keeps: keepsIt, receives: receives)
    }

    /// The communes of the record's province valid today other than `except`: where a record may be moved.
    static func transferChoices(_ context: PageQueryContext, provinceCode: String, except: String) async throws -> [(code: String, label: String)] {
        let index = try await context.units.index()
        let today = today(context)
        return index.timeline.allUnits.filter { unit in
            unit.level == .commune && unit.isValid(on: today) && unit.code != except
                && index.timeline.ancestors(of: unit).contains { $0.code == provinceCode }
        }.sorted { $0.code < $1.code }.map { ($0.code, index.timeline.label($0, context.t.language)) }
    }

    /// How the communes with these codes are named today, for a history and a duplicate's place.
    static func labels(_ context: PageQueryContext, codes: [String]) async throws -> [String: String] {
        let index = try await context.units.index()
        let today = today(context)
        var labels: [String: String] = [:]
        for code in Set(codes) {
            if let unit = index.timeline.version(of: code, on: today) { labels[code] = index.timeline.label(unit, context.t.language) }
        }
        return labels
    }
}
