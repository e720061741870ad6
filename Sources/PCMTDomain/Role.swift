/// What an account may do; its organisation unit decides where.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Công an tỉnh as standing office of the steering committee: edits the plan, runs reporting rounds.
    case standingOffice = "standing_office"
    /// A department or provincial body that reports on its duties and projects.
    case agencyReporter = "agency_reporter"
    /// A district or city People's Committee reporting for its area and communes.
    case districtReporter = "district_reporter"
    /// A commune officer keeping the commune's registries.
    case communeOfficer = "commune_officer"
    /// Leadership and steering committee: reads dashboards and reports.
    case viewer
    /// Inspection: reads the audit log.
    case auditor
    /// Manages accounts and integration tokens.
    case systemAdmin = "system_admin"

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.standingOffice, .vi): "Cơ quan thường trực"
        case (.standingOffice, .en): "Standing office"
        case (.agencyReporter, .vi): "Báo cáo viên sở, ngành"
        case (.agencyReporter, .en): "Agency reporter"
        case (.districtReporter, .vi): "Báo cáo viên cấp huyện"
        case (.districtReporter, .en): "District reporter"
        case (.communeOfficer, .vi): "Cán bộ cấp xã"
        case (.communeOfficer, .en): "Commune officer"
        case (.viewer, .vi): "Người xem"
        case (.viewer, .en): "Viewer"
        case (.auditor, .vi): "Thanh tra, kiểm tra"
        case (.auditor, .en): "Auditor"
        case (.systemAdmin, .vi): "Quản trị hệ thống"
        case (.systemAdmin, .en): "System administrator"
        }
    }
}

/// Someone acting in pcmt: a signed-in account or an integration token, with its role and unit.
public struct Principal: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case user(id: String, username: String)
        /// An API token; `owner` is the username of the account it belongs to (nil for a token the installation made
        /// from the command line without an owner).
        case token(id: String, name: String, owner: String?)
    }

    public var kind: Kind
    public var role: Role
    public var unit: OrgUnit

    public init(kind: Kind, role: Role, unit: OrgUnit) {
        self.kind = kind; self.role = role; self.unit = unit
    }

    /// The name the audit log and a report's history record: the username, or `token:NAME@OWNER` for a token
    /// (`token:NAME` without an owner).
    public var displayName: String {
        switch kind {
        case .user(_, let username): username
        case .token(_, let name, let owner): owner.map { "token:\(name)@\($0)" } ?? "token:\(name)"
        }
    }

    /// The account that answers for what this principal does: the username, or a token's owner.
    public var accountName: String? {
        switch kind {
        case .user(_, let username): username
        case .token(_, _, let owner): owner
        }
    }

    /// The account behind a recorded ``displayName``: the username, or the owner after the last "@" of a token's
    /// name (usernames have no "@", ``AccountRules/username(_:)``); nil for a token without an owner.
    public static func accountName(ofDisplayName name: String) -> String? {
        guard name.hasPrefix("token:") else { return name }
        guard let at = name.lastIndex(of: "@") else { return nil }
        return String(name[name.index(after: at)...])
    }

    /// The unit whose subtree this principal reaches. A province-wide role held at a provincial body (the standing
    /// office at Công an tỉnh, say) reaches the whole province; everyone else reaches their own unit and below.
    public var reachRootCode: String {
        let provinceWide: Set<Role> = [.standingOffice, .viewer, .auditor, .systemAdmin]
        if unit.level == .agency, provinceWide.contains(role), let parent = unit.parentCode { return parent }
        return unit.code
    }

    /// Whether a unit, given with the codes of the units above it, is within reach: the root or below it,
    /// never a sibling or a unit above.
    public func reaches(unitCode: String, ancestorCodes: [String]) -> Bool {
        unitCode == reachRootCode || ancestorCodes.contains(reachRootCode)
    }
}
