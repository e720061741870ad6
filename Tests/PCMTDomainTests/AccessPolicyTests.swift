import Foundation
import PCMTDomain
import Testing

/// The access policy as a table written by hand: role, the principal's unit, capability, the unit asked about,
/// and the answer. Units: province 62 with the provincial police 62-CAT and the health department 62-SYT,
/// district 611 with commune 23377, district 612 with commune 23380, and province 99.
@Suite struct AccessPolicyTests {
    static let units: [String: (level: OrgUnitLevel, ancestors: [String])] = [
        "62": (.province, []), "62-CAT": (.agency, ["62"]), "62-SYT": (.agency, ["62"]),
        "611": (.district, ["62"]), "23377": (.commune, ["611", "62"]),
        "612": (.district, ["62"]), "23380": (.commune, ["612", "62"]), "99": (.province, []), "99-CAT": (.agency, ["99"]),
    ]

    static func principal(_ role: Role, _ code: String) -> Principal {
        let unit = units[code]!
        return Principal(
            kind: .user(id: "1", username: "u"), role: role,
            unit: OrgUnit(code: code, name: code, level: unit.level, typeName: "", parentCode: unit.ancestors.first))
    }

    static func scope(_ code: String) -> UnitScope {
        UnitScope(code: code, level: units[code]!.level, ancestorCodes: units[code]!.ancestors)
    }

    struct Row: CustomStringConvertible, Sendable {
        var role: Role
        var at: String
        var capability: Capability
        var on: String?
        var allowed: Bool
        var description: String { "\(role.rawValue)@\(at) \(capability.rawValue) \(on ?? "-") → \(allowed)" }
    }

    static let table: [Row] = [
        // Entering data
        Row(role: .standingOffice, at: "62-CAT", capability: .enterData, on: "23377", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .enterData, on: "99", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .enterData, on: "611", allowed: true),
        Row(role: .districtReporter, at: "611", capability: .enterData, on: "23377", allowed: true),
        Row(role: .districtReporter, at: "611", capability: .enterData, on: "23380", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .enterData, on: "62", allowed: false),
        Row(role: .communeOfficer, at: "23377", capability: .enterData, on: "23377", allowed: true),
        Row(role: .communeOfficer, at: "23377", capability: .enterData, on: "611", allowed: false),
        Row(role: .agencyReporter, at: "62-SYT", capability: .enterData, on: "62-SYT", allowed: true),
        Row(role: .agencyReporter, at: "62-SYT", capability: .enterData, on: "62-CAT", allowed: false),
        Row(role: .viewer, at: "62", capability: .enterData, on: "23377", allowed: false),
        Row(role: .systemAdmin, at: "62", capability: .enterData, on: "62", allowed: false),
        // Figures
        Row(role: .viewer, at: "62", capability: .seeFigures, on: "23380", allowed: true),
        Row(role: .viewer, at: "99", capability: .seeFigures, on: "62", allowed: false),
        Row(role: .communeOfficer, at: "23377", capability: .seeFigures, on: "23377", allowed: true),
        Row(role: .communeOfficer, at: "23377", capability: .seeFigures, on: "62", allowed: true),
        Row(role: .communeOfficer, at: "23377", capability: .seeFigures, on: "611", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .seeFigures, on: "23380", allowed: false),
        Row(role: .agencyReporter, at: "62-SYT", capability: .seeFigures, on: "62", allowed: true),
        Row(role: .auditor, at: "62", capability: .seeFigures, on: "611", allowed: true),
        // Rounds (scope: the plan's issuing province)
        Row(role: .standingOffice, at: "62-CAT", capability: .seeRounds, on: "62", allowed: true),
        Row(role: .viewer, at: "62", capability: .seeRounds, on: "62", allowed: true),
        Row(role: .viewer, at: "99", capability: .seeRounds, on: "62", allowed: false),
        Row(role: .viewer, at: "611", capability: .seeRounds, on: "62", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .seeRounds, on: "62", allowed: false),
        // A unit's report
        Row(role: .districtReporter, at: "611", capability: .readSubmission, on: "611", allowed: true),
        Row(role: .districtReporter, at: "611", capability: .readSubmission, on: "612", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .editSubmission, on: "611", allowed: true),
        Row(role: .districtReporter, at: "611", capability: .reviewSubmission, on: "611", allowed: false),
        Row(role: .agencyReporter, at: "62-SYT", capability: .readSubmission, on: "611", allowed: false),
        Row(role: .viewer, at: "62", capability: .readSubmission, on: "611", allowed: true),
        Row(role: .viewer, at: "62", capability: .editSubmission, on: "611", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .editSubmission, on: "611", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .reviewSubmission, on: "611", allowed: true),
        Row(role: .communeOfficer, at: "23377", capability: .readSubmission, on: "23377", allowed: false),
        // The plan
        Row(role: .standingOffice, at: "62-CAT", capability: .editPlan, on: "62", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .editPlan, on: nil, allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .editPlan, on: "99", allowed: false),
        Row(role: .viewer, at: "62", capability: .editPlan, on: "62", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .setSplitShares, on: "611", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .setSplitShares, on: "99", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .setSplitShares, on: nil, allowed: false),
        Row(role: .viewer, at: "62", capability: .setSplitShares, on: "611", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .createPlan, on: nil, allowed: true),
        Row(role: .districtReporter, at: "611", capability: .createPlan, on: nil, allowed: false),
        // Accounts and the audit log
        Row(role: .systemAdmin, at: "62", capability: .administer, on: nil, allowed: true),
        Row(role: .systemAdmin, at: "62", capability: .administer, on: "23380", allowed: true),
        Row(role: .systemAdmin, at: "99", capability: .administer, on: "611", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .administer, on: nil, allowed: false),
        Row(role: .auditor, at: "62", capability: .readAudit, on: nil, allowed: true),
        Row(role: .systemAdmin, at: "62", capability: .readAudit, on: nil, allowed: true),
        Row(role: .viewer, at: "62", capability: .readAudit, on: nil, allowed: false),
        // The registry of people under management: a commune's, kept by its officer, its district and its province
        Row(role: .communeOfficer, at: "23377", capability: .managePeople, on: "23377", allowed: true),
        Row(role: .communeOfficer, at: "23377", capability: .managePeople, on: "23380", allowed: false),
        Row(role: .communeOfficer, at: "23377", capability: .managePeople, on: "611", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .managePeople, on: "23377", allowed: true),
        Row(role: .districtReporter, at: "611", capability: .managePeople, on: "23380", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .managePeople, on: "611", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .managePeople, on: "23377", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .managePeople, on: "23380", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .managePeople, on: "62", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .managePeople, on: nil, allowed: false),
        Row(role: .viewer, at: "62", capability: .managePeople, on: "23377", allowed: false),
        Row(role: .agencyReporter, at: "62-SYT", capability: .managePeople, on: "23377", allowed: false),
        Row(role: .auditor, at: "62", capability: .managePeople, on: "23377", allowed: false),
        Row(role: .systemAdmin, at: "62", capability: .managePeople, on: "23377", allowed: false),
        // The registries of records: the same keepers as people, in the same reach
        Row(role: .communeOfficer, at: "23377", capability: .manageRecords, on: "23377", allowed: true),
        Row(role: .communeOfficer, at: "23377", capability: .manageRecords, on: "23380", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .manageRecords, on: "23377", allowed: true),
        Row(role: .districtReporter, at: "611", capability: .manageRecords, on: "611", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .manageRecords, on: "23380", allowed: true),
        Row(role: .standingOffice, at: "99-CAT", capability: .manageRecords, on: "23377", allowed: false),
        Row(role: .viewer, at: "62", capability: .manageRecords, on: "23377", allowed: false),
        Row(role: .agencyReporter, at: "62-SYT", capability: .manageRecords, on: "23377", allowed: false),
        Row(role: .auditor, at: "62", capability: .manageRecords, on: "23377", allowed: false),
        Row(role: .systemAdmin, at: "62", capability: .manageRecords, on: "23377", allowed: false),
        // Typed or derived: the standing office of the commune's province chooses
        Row(role: .standingOffice, at: "62-CAT", capability: .chooseValueSource, on: "23377", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .chooseValueSource, on: "611", allowed: false),
        Row(role: .standingOffice, at: "99-CAT", capability: .chooseValueSource, on: "23377", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .chooseValueSource, on: "23377", allowed: false),
        Row(role: .communeOfficer, at: "23377", capability: .chooseValueSource, on: "23377", allowed: false),
        Row(role: .viewer, at: "62", capability: .chooseValueSource, on: "23377", allowed: false),
        // The full export of a commune's register: the standing office of its province only
        Row(role: .standingOffice, at: "62-CAT", capability: .exportPeople, on: "23377", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .exportPeople, on: "23380", allowed: true),
        Row(role: .standingOffice, at: "62-CAT", capability: .exportPeople, on: "611", allowed: false),
        Row(role: .standingOffice, at: "62-CAT", capability: .exportPeople, on: nil, allowed: false),
        Row(role: .standingOffice, at: "99-CAT", capability: .exportPeople, on: "23377", allowed: false),
        Row(role: .districtReporter, at: "611", capability: .exportPeople, on: "23377", allowed: false),
        Row(role: .communeOfficer, at: "23377", capability: .exportPeople, on: "23377", allowed: false),
        Row(role: .viewer, at: "62", capability: .exportPeople, on: "23377", allowed: false),
        Row(role: .auditor, at: "62", capability: .exportPeople, on: "23377", allowed: false),
    ]

    @Test(arguments: table)
    func theTableHolds(row: Row) {
        let principal = Self.principal(row.role, row.at)
        let allowed = AccessPolicy.allows(
            principal, row.capability, at: row.on.map(Self.scope),
            principalAncestorCodes: Self.units[row.at]!.ancestors)
        #expect(allowed == row.allowed, "\(row)")
    }

    @Test func nobodyApprovesWhatTheySent() {
        let office = Self.principal(.standingOffice, "62-CAT")
        #expect(!AccessPolicy.mayApprove(lastSubmitter: "u", principal: office), "the principal's username is u")
        #expect(AccessPolicy.mayApprove(lastSubmitter: "ngochoi_bc", principal: office))
        #expect(AccessPolicy.mayApprove(lastSubmitter: nil, principal: office))
        // A token of u sent it: u may not approve it, nor may another token of u; another account's token may.
        #expect(!AccessPolicy.mayApprove(lastSubmitter: "token:sync@u", principal: office))
        var token = office
        token.kind = .token(id: "t", name: "sync2", owner: "u")
        #expect(!AccessPolicy.mayApprove(lastSubmitter: "u", principal: token))
        #expect(!AccessPolicy.mayApprove(lastSubmitter: "token:sync@u", principal: token))
        #expect(AccessPolicy.mayApprove(lastSubmitter: "token:sync@ngochoi_bc", principal: token))
        #expect(AccessPolicy.mayApprove(lastSubmitter: "token:sync", principal: office), "a token without an owner is nobody's account")
    }

    /// Events tied to no unit: only the log's readers whose reach is the installation's one top-level unit.
    @Test func unplacedEventsBelongToTheOnlyProvince() {
        #expect(AccessPolicy.seesUnplacedEvents(Self.principal(.auditor, "62"), topLevelUnitCodes: ["62"]))
        #expect(AccessPolicy.seesUnplacedEvents(Self.principal(.systemAdmin, "62"), topLevelUnitCodes: ["62"]))
        #expect(!AccessPolicy.seesUnplacedEvents(Self.principal(.auditor, "611"), topLevelUnitCodes: ["62"]), "a district's auditor")
        #expect(!AccessPolicy.seesUnplacedEvents(Self.principal(.viewer, "62"), topLevelUnitCodes: ["62"]), "not a reader of the log")
        #expect(!AccessPolicy.seesUnplacedEvents(Self.principal(.auditor, "62"), topLevelUnitCodes: ["62", "99"]), "two provinces")
        #expect(!AccessPolicy.seesUnplacedEvents(Self.principal(.auditor, "99"), topLevelUnitCodes: ["62", "99"]))
    }

    /// The menu and the routes' gates: which roles see each capability at all.
    @Test func rolesPerCapability() {
        let expected: [Capability: Set<Role>] = [
            .enterData: [.standingOffice, .agencyReporter, .districtReporter, .communeOfficer],
            .seeFigures: Set(Role.allCases),
            .seeRounds: [.standingOffice, .viewer],
            .readSubmission: [.standingOffice, .viewer, .agencyReporter, .districtReporter, .communeOfficer],
            .editSubmission: [.standingOffice, .agencyReporter, .districtReporter, .communeOfficer],
            .reviewSubmission: [.standingOffice], .editPlan: [.standingOffice], .createPlan: [.standingOffice],
            .setSplitShares: [.standingOffice],
            .administer: [.systemAdmin], .readAudit: [.auditor, .systemAdmin],
            .managePeople: [.standingOffice, .districtReporter, .communeOfficer], .chooseValueSource: [.standingOffice],
            .manageRecords: [.standingOffice, .districtReporter, .communeOfficer],
            .exportPeople: [.standingOffice],
        ]
        for capability in Capability.allCases {
            #expect(capability.roles == expected[capability], "\(capability)")
        }
    }
}

/// The clock's day is the province's (UTC+7), whatever the machine's time zone.
@Suite struct ProvinceClockTests {
    @Test(arguments: [
        // UTC instant (seconds since 1970) → the day in Vietnam
        (1_703_954_000.0, "2023-12-30"),  // 2023-12-30 16:33:20 UTC = 23:33:20 in Vietnam
        (1_703_955_600.0, "2023-12-31"),  // 2023-12-30 17:00:00 UTC = midnight in Vietnam
        (1_719_766_799.0, "2024-06-30"),  // 2024-06-30 16:59:59 UTC = 23:59:59 in Vietnam
    ])
    func theDayIsTheProvinces(instant: Double, day: String) {
        #expect(ProvinceClock.fixed(Date(timeIntervalSince1970: instant)).todayISO == day)
    }

    @Test func aFixedDayIsThatDay() {
        #expect(ProvinceClock.fixed(day: "2025-06-30")?.todayISO == "2025-06-30")
        #expect(ProvinceClock.fixed(day: "2025-02-30") == nil)
    }
}

/// Roles fit units, and an administrator gives no more than it has.
@Suite struct RoleAssignmentTests {
    static func unit(_ code: String) -> (OrgUnit, [String]) {
        let entry = AccessPolicyTests.units[code]!
        return (OrgUnit(code: code, name: code, level: entry.level, typeName: "", parentCode: entry.ancestors.first), entry.ancestors)
    }

    @Test(
        arguments: [
            // role, unit, grantor (role@unit or nil for the command line), problem field or nil
            (Role.standingOffice, "62-CAT", "systemAdmin@62", nil),
            (.standingOffice, "611", "systemAdmin@611", "role"),  // the issue's example: a standing office at a district
            (.standingOffice, "62-CAT", "systemAdmin@611", "unit"),  // a district's administrator cannot reach the province
            (.districtReporter, "611", "systemAdmin@62", nil),
            (.districtReporter, "62-SYT", "systemAdmin@62", "role"),  // a district reporter at a department
            (.districtReporter, "612", "systemAdmin@611", "unit"),
            (.communeOfficer, "23377", "systemAdmin@611", nil),
            (.communeOfficer, "611", nil, "role"),
            (.agencyReporter, "62-SYT", nil, nil),
            (.viewer, "23377", "systemAdmin@611", nil),
            (.systemAdmin, "611", "systemAdmin@62", nil),
            (.systemAdmin, "62", "systemAdmin@611", "unit"),
            (.systemAdmin, "62-CAT", nil, "role"),
            (.auditor, "62", "systemAdmin@99", "unit"),
        ] as [(Role, String, String?, String?)])
    func aRoleFitsItsUnitAndTheGrantorsReach(role: Role, at code: String, grantor: String?, problem: String?) {
        let (unit, ancestors) = Self.unit(code)
        let principal = grantor.map { text -> Principal in
            let parts = text.split(separator: "@")
            return AccessPolicyTests.principal(Role.allCases.first { "\($0)" == parts[0] }!, String(parts[1]))
        }
        #expect(RoleAssignment.problem(role: role, unit: unit, ancestorCodes: ancestors, by: principal)?.field == problem)
    }
}

/// A token never does more than the account that owns it.
@Suite struct TokenOwnerTests {
    @Test(
        arguments: [
            // token role, token unit, owner role@unit, problem field or nil
            (Role.viewer, "611", "viewer@611", nil),
            (.viewer, "23377", "viewer@611", nil),  // below the owner's unit
            (.viewer, "612", "viewer@611", "unit"),  // a sibling district
            (.viewer, "62", "viewer@611", "unit"),  // above the owner's unit
            (.districtReporter, "611", "districtReporter@611", nil),
            (.communeOfficer, "23377", "districtReporter@611", nil),  // fewer capabilities, within reach
            (.viewer, "611", "districtReporter@611", "role"),  // a viewer sees rounds, a district reporter does not
            (.standingOffice, "62-CAT", "systemAdmin@62", "role"),  // an administrator cannot mint an office token
            (.agencyReporter, "62-SYT", "standingOffice@62-CAT", nil),  // the office acts for bodies of its province
            (.districtReporter, "611", "standingOffice@62-CAT", nil),
            (.standingOffice, "62-CAT", "viewer@62", "role"),
            (.viewer, "99", "standingOffice@62-CAT", "unit"),  // another province
            (.auditor, "611", "auditor@62", nil),
            (.viewer, "611", "auditor@62", "role"),
            (.standingOffice, "611", "standingOffice@62-CAT", "role"),  // the role does not fit a district
        ] as [(Role, String, String, String?)])
    func aTokenStaysWithinItsOwner(role: Role, at code: String, owner: String, problem: String?) {
        let (unit, ancestors) = RoleAssignmentTests.unit(code)
        let parts = owner.split(separator: "@")
        let principal = AccessPolicyTests.principal(Role.allCases.first { "\($0)" == parts[0] }!, String(parts[1]))
        #expect(RoleAssignment.tokenProblem(role: role, unit: unit, ancestorCodes: ancestors, owner: principal)?.field == problem)
    }

    @Test func theDisplayNameNamesTheOwner() {
        let unit = OrgUnit(code: "611", name: "611", level: .district, typeName: "", parentCode: "62")
        #expect(Principal(kind: .token(id: "1", name: "sync", owner: "ngochoi_bc"), role: .viewer, unit: unit).displayName == "token:sync@ngochoi_bc")
        #expect(Principal(kind: .token(id: "1", name: "sync", owner: nil), role: .viewer, unit: unit).displayName == "token:sync")
        #expect(Principal.accountName(ofDisplayName: "token:a@b@ngochoi_bc") == "ngochoi_bc")
        #expect(Principal.accountName(ofDisplayName: "ngochoi_bc") == "ngochoi_bc")
        #expect(Principal.accountName(ofDisplayName: "token:sync") == nil)
    }
}
