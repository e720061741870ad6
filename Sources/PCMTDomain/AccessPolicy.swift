/// A unit that a permission is asked about, with the codes of the units above it (nearest first), and the period
/// whose data the action concerns when there is one (issue 16: access through the 2025 reform is bounded in time,
/// ``UnitTimeline/scope(of:during:)``).
public struct UnitScope: Sendable, Equatable {
    public var code: String
    public var level: OrgUnitLevel
    public var ancestorCodes: [String]
    /// The period of the data concerned; nil for an action on the unit as such (its page, its accounts).
    public var period: Period?

    public init(code: String, level: OrgUnitLevel, ancestorCodes: [String], period: Period? = nil) {
        self.code = code; self.level = level; self.ancestorCodes = ancestorCodes; self.period = period
    }

    public init(_ unit: OrgUnit, ancestors: [OrgUnit]) {
        self.init(code: unit.code, level: unit.level, ancestorCodes: ancestors.map(\.code))
    }

    /// Whether the code names `principalUnit` for this scope's period: a code reused by the 2025 reform (23425, Xã
    /// Đắk Hà to 30/06/2025, Xã Tu Mơ Rông from 01/07/2025) is the account's own unit only in periods that unit
    /// existed in, so the new commune's officer does not reach the old commune's years. True without a period.
    public func isOwn(_ principalUnit: OrgUnit) -> Bool {
        guard code == principalUnit.code else { return false }
        guard let period else { return true }
        let days = DataValueRules.days(of: period)
        if let from = principalUnit.validFrom, from > days.last { return false }
        if let to = principalUnit.validTo, to < days.first { return false }
        return true
    }

    /// A commune directly under a province (its parent has a province's two-digit code, QĐ 124/2004/QĐ-TTg): where
    /// the district level was abolished (01/07/2025) it writes the reports districts wrote, so its commune officer
    /// reads and sends them (``Capability/readSubmission``, ``Capability/editSubmission``).
    public var reportsAsADistrict: Bool {
        guard level == .commune, let parent = ancestorCodes.first else { return false }
        return parent.count == 2 && parent.allSatisfy(\.isNumber)
    }
}

/// What an account or token may do, answered in one place for the routes, the handlers and the menu.
///
/// Each capability has the roles that may use it at all (the route's gate, also used to build the menu) and a rule
/// for the unit the action concerns (the handler's check, once the unit is known). A role reaches its own unit and
/// the units below it; a province-wide role held at a provincial body reaches the province
/// (``Principal/reachRootCode``). The table is pinned by `AccessPolicyTests`; the access matrix test of the web
/// layer checks every route independently.
public enum Capability: String, Sendable, CaseIterable {
    /// Enter or import reported figures for a unit (Kế hoạch 3959, mục IV: each unit reports its own figures; a
    /// district also for its communes; the standing office province-wide).
    case enterData
    /// See the computed targets and figures of a unit: accounts that reach it, and every account of a province for
    /// the province's totals.
    case seeFigures
    /// See a plan's reporting rounds, their completeness, the compiled view and the province's report.
    case seeRounds
    /// Read a unit's report in a round.
    case readSubmission
    /// Write and send a unit's report: the unit's own reporter, or the standing office of its area.
    case editSubmission
    /// Return, approve or reopen a unit's report: the standing office of its area.
    case reviewSubmission
    /// Edit a plan, open its rounds and write its report: the standing office of the area that issued it.
    case editPlan
    /// Create a new plan.
    case createPlan
    /// Set the shares by which an old unit split between new units counts in their re-based figures (issue 16,
    /// item 2): the standing office whose reach includes the old unit.
    case setSplitShares
    /// Manage accounts and API tokens of the units within reach.
    case administer
    /// Read the audit log of the units within reach.
    case readAudit
    /// Keep the registry of people under management of a commune (issue 17: register, open a record, record a
    /// service, move, close): the commune's own officer, the reporter of its district, the standing office of its
    /// province. Viewers, agencies, auditors and administrators never see a person; they see totals only.
    case managePeople
    /// Keep a commune's registries of records (issue 17: cases, trafficking leads, hotspots, the commune's situation,
    /// cultivation, propaganda — ``RecordRegistry``): whom ``managePeople`` names, in the same reach. Cases hold
    /// criminal matters, so viewers, agencies, auditors and administrators see the totals only, as for people.
    case manageRecords
    /// Choose whether a commune's element is typed or derived from its registry (issue 17, item 1: "chosen per element
    /// and unit by the standing office"): the standing office of the commune's province.
    case chooseValueSource
    /// Export a commune's registry in full (issue 17: a marked workbook, each export audited with its purpose): the
    /// standing office of the commune's province only — a standing right of the office, not of those who keep the
    /// register day to day.
    case exportPeople

    /// The roles that may use this capability anywhere; the unit rule narrows it further.
    public var roles: Set<Role> {
        switch self {
        case .enterData: [.standingOffice, .agencyReporter, .districtReporter, .communeOfficer]
        case .seeFigures: Set(Role.allCases)
        case .seeRounds: [.standingOffice, .viewer]
        case .readSubmission: [.standingOffice, .viewer, .agencyReporter, .districtReporter, .communeOfficer]
        case .editSubmission: [.standingOffice, .agencyReporter, .districtReporter, .communeOfficer]
        case .reviewSubmission, .editPlan, .createPlan, .setSplitShares: [.standingOffice]
        case .administer: [.systemAdmin]
        case .readAudit: [.auditor, .systemAdmin]
        case .managePeople, .manageRecords: [.standingOffice, .districtReporter, .communeOfficer]
        case .chooseValueSource: [.standingOffice]
        case .exportPeople: [.standingOffice]
        }
    }

    /// Whether the role may use this capability at all (the route's gate and the menu).
    public func isOpen(to role: Role) -> Bool { roles.contains(role) }
}

public enum AccessPolicy {
    /// No one approves their own work: the account (or token) that last sent a report cannot approve it, nor can a
    /// token of that account or the account that owns the token that sent it (`lastSubmitter` is the display name
    /// recorded with the report's last "submit" event, ``Principal/displayName``).
    public static func mayApprove(lastSubmitter: String?, principal: Principal) -> Bool {
        guard let lastSubmitter else { return true }
        if lastSubmitter == principal.displayName { return false }
        guard let sender = Principal.accountName(ofDisplayName: lastSubmitter), let approver = principal.accountName else { return true }
        return sender != approver
    }

    /// Whether `principal` sees audit events tied to no unit (a failed or held sign-in under a name, the address it
    /// came from): they belong to the whole installation, so only a reader of the log (``Capability/readAudit``) whose
    /// reach is the installation's one top-level unit sees them. Where several provinces share an installation such
    /// an event cannot be placed in one of them, and no province's accounts see it (another province's sign-in
    /// attempts are not theirs); `topLevelUnitCodes` are the codes of the units without a parent.
    public static func seesUnplacedEvents(_ principal: Principal, topLevelUnitCodes: [String]) -> Bool {
        Capability.readAudit.isOpen(to: principal.role) && topLevelUnitCodes == [principal.reachRootCode]
    }

    /// Whether `principal` may use `capability` for the unit `scope` (nil for a capability without a unit, such as
    /// creating a plan). For ``Capability/editPlan`` and ``Capability/seeRounds`` the scope is the plan's issuing unit
    /// (nil for a plan without one: any holder of the role). `principalAncestorCodes` are the units above the
    /// principal's own unit, needed only for ``Capability/seeFigures`` of a province.
    public static func allows(
        _ principal: Principal, _ capability: Capability, at scope: UnitScope?,
        principalAncestorCodes: [String] = []
    ) -> Bool {
        guard capability.isOpen(to: principal.role) else { return false }
        guard let scope else { return capability.unitFree || [.editPlan, .seeRounds].contains(capability) }
        let own = scope.isOwn(principal.unit)
        let reach =
            scope.code == principal.reachRootCode && scope.code == principal.unit.code
            ? own : principal.reaches(unitCode: scope.code, ancestorCodes: scope.ancestorCodes)
        switch capability {
        case .enterData:
            switch principal.role {
            case .standingOffice: return reach
            case .districtReporter: return reach && (scope.level == .district || scope.level == .commune)
            default: return own
            }
        case .seeFigures:
            // Every account of a province also sees that province's totals.
            return reach || (scope.level == .province && ([principal.unit.code] + principalAncestorCodes).contains(scope.code))
        case .readSubmission:
            switch principal.role {
            case .agencyReporter, .districtReporter: return own
            case .communeOfficer: return own && scope.reportsAsADistrict
            default: return reach
            }
        case .editSubmission:
            switch principal.role {
            case .standingOffice: return reach
            case .communeOfficer: return own && scope.reportsAsADistrict
            default: return own
            }
        case .seeRounds, .reviewSubmission, .editPlan, .administer, .readAudit, .setSplitShares:
            return reach
        case .managePeople, .manageRecords:
            // A registry is a commune's: its officer keeps its own, the district and the province those within reach.
            guard scope.level == .commune else { return false }
            return principal.role == .communeOfficer ? own : reach
        case .chooseValueSource, .exportPeople:
            return scope.level == .commune && reach
        case .createPlan:
            return true
        }
    }
}

extension Capability {
    /// Capabilities that are not about one unit when none is given.
    fileprivate var unitFree: Bool { self == .createPlan || self == .administer || self == .readAudit }
}
