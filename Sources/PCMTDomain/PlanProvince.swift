/// The province a new plan belongs to, from the issuing unit's code typed in the new plan form (issue 16, item 4).
///
/// A plan's `issuerUnit` is its province: the board, the rounds and the documents start from it. The form asks for
/// the code of the issuing unit, and a standing office naturally types the body that signs the plan — 51-UBND, the
/// People's Committee of the new Tỉnh Quảng Ngãi — rather than the province 51. A body or any unit inside a province
/// stands for that province, as the units were on the plan's first day (51-UBND exists from 01/07/2025 under the new
/// 51, not the old one); a code that names no unit on that day has no province, and the form keeps it as typed.
public enum PlanProvince {
    public enum Outcome: Sendable, Equatable {
        /// The province of the plan; `from` is the unit typed when it was not the province itself.
        case province(OrgUnit, from: OrgUnit?)
        /// No unit had the code on the plan's first day (the units that have it at other times are given).
        case noUnit(others: [OrgUnit])
        /// The unit is above every province or outside them (none in the built-in data).
        case noProvince(OrgUnit)
    }

    /// The province of a plan issued by `code` whose first year is `firstYear`.
    public static func of(_ code: String, firstYear: Int, timeline: UnitTimeline) -> Outcome {
        let day = "\(firstYear)-01-01"
        guard let unit = timeline.unit(code, on: day) else { return .noUnit(others: timeline.versions[code] ?? []) }
        if unit.level == .province { return .province(unit, from: nil) }
        guard let province = timeline.ancestors(of: unit).first(where: { $0.level == .province }) else { return .noProvince(unit) }
        return .province(province, from: unit)
    }
}
