/// Which role may be given at which kind of unit, and by whom.
///
/// A role fits the unit that holds it: the standing office and agency reporters are provincial bodies (the standing
/// office of the steering committee is Công an tỉnh, Kế hoạch 3959, mục V), district reporters are districts,
/// commune officers are communes; viewers may sit anywhere; auditors and system administrators at a province, a
/// district or a body. And nobody gives more than they have: the new account's reach (``Principal/reachRootCode``)
/// must lie within the granting administrator's reach, so an administrator of a district cannot create an account
/// that reaches the province.
public enum RoleAssignment {
    /// The unit levels at which `role` may be held.
    public static func levels(for role: Role) -> Set<OrgUnitLevel> {
        switch role {
        case .standingOffice, .agencyReporter: [.agency]
        case .districtReporter: [.district]
        case .communeOfficer: [.commune]
        case .viewer: Set(OrgUnitLevel.allCases)
        case .auditor: [.province, .district, .agency]
        case .systemAdmin: [.province, .district]
        }
    }

    /// Why `role` may not be given at `unit` (its level and the codes above it), or nil when it may.
    /// `grantor` is the administrator giving it (nil for the command line, which is the installation itself).
    /// - Returns: a problem on the field `role` (the role does not fit the unit) or `unit` (beyond the grantor's reach).
    public static func problem(role: Role, unit: OrgUnit, ancestorCodes: [String], by grantor: Principal?) -> FieldProblem? {
        guard levels(for: role).contains(unit.level) else {
            let en = levels(for: role).sorted().map { levelName($0, .en) }.joined(separator: ", ")
            let vi = levels(for: role).sorted().map { levelName($0, .vi) }.joined(separator: ", ")
            return FieldProblem(
                field: "role", en: "A \(role.name(.en).lowercased()) belongs to a unit of this kind: \(en).",
                vi: "Vai trò \(role.name(.vi).lowercased()) chỉ giao cho đơn vị loại: \(vi).")
        }
        guard let grantor else { return nil }
        let granted = Principal(kind: .user(id: "", username: ""), role: role, unit: unit)
        let root = granted.reachRootCode
        // The new account's reach root is the unit itself or, for a province-wide role at a body, the body's parent.
        let rootAncestors = root == unit.code ? ancestorCodes : Array(ancestorCodes.drop { $0 != root }.dropFirst())
        guard grantor.reaches(unitCode: root, ancestorCodes: rootAncestors) else {
            return FieldProblem(
                field: "unit", en: "This account would reach beyond your own area.",
                vi: "Tài khoản này sẽ có phạm vi rộng hơn phạm vi của bạn.")
        }
        return nil
    }

    /// Why an API token with `role` at `unit` (with the codes of the units above it, nearest first) may not belong to
    /// `owner`, or nil when it may. A token never does more than its owner: the role fits the unit as for an account,
    /// the token's reach lies within the owner's (as a grantor's, ``problem(role:unit:ancestorCodes:by:)``), and every
    /// capability open to the token's role is open to the owner's role (``Capability/isOpen(to:)``). Asked when the
    /// token is created and again each time it is used, so a token stops working once its owner's role or unit no
    /// longer covers it.
    /// - Returns: a problem on the field `role` (the role does not fit the unit, or allows more than the owner's) or
    ///   `unit` (beyond the owner's reach).
    public static func tokenProblem(role: Role, unit: OrgUnit, ancestorCodes: [String], owner: Principal) -> FieldProblem? {
        if let problem = problem(role: role, unit: unit, ancestorCodes: ancestorCodes, by: owner) {
            return problem.field == "unit"
                ? FieldProblem(
                    field: "unit", en: "This token would reach beyond its owner's area.",
                    vi: "Mã này sẽ có phạm vi rộng hơn phạm vi của tài khoản sở hữu.")
                : problem
        }
        let beyond = Capability.allCases.filter { $0.isOpen(to: role) && !$0.isOpen(to: owner.role) }
        guard beyond.isEmpty else {
            return FieldProblem(
                field: "role",
                en: "A \(role.name(.en).lowercased()) may do what the owner's role (\(owner.role.name(.en).lowercased())) may not.",
                vi: "Vai trò \(role.name(.vi).lowercased()) có quyền mà vai trò của tài khoản sở hữu (\(owner.role.name(.vi).lowercased())) không có."
            )
        }
        return nil
    }

    static func levelName(_ level: OrgUnitLevel, _ language: Language) -> String {
        switch (level, language) {
        case (.province, .en): "province"
        case (.province, .vi): "tỉnh"
        case (.district, .en): "district"
        case (.district, .vi): "huyện"
        case (.commune, .en): "commune"
        case (.commune, .vi): "xã"
        case (.agency, .en): "provincial body"
        case (.agency, .vi): "cơ quan cấp tỉnh"
        }
    }
}
