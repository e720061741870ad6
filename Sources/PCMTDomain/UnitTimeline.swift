/// Organisation units through time (issue 16, item 1): a unit is a code *with a validity period*, and the same code
/// may name two units at different times.
///
/// The 2025 reform (Nghị quyết 1677/NQ-UBTVQH15, in force for the new communes from 01/07/2025, and Nghị quyết
/// 202/2025/QH15 for the province) gave every new commune the statistical code of one of the old communes it was
/// formed from, with a new meaning: 23425 was Xã Đắk Hà (Huyện Tu Mơ Rông) until 30/06/2025 and is Xã Tu Mơ Rông
/// (Tỉnh Quảng Ngãi) from 01/07/2025. A code alone is therefore never a key: every page, form, import and API call
/// resolves it for the period it concerns, and the hierarchy is read as it was at the time (a unit's parent is the
/// parent's version valid when the unit began).
///
/// Dates are ISO days ("yyyy-MM-dd"); a nil `validFrom` means "before the data", a nil `validTo` "still valid".
public struct UnitTimeline: Sendable {
    /// Every version of every code, oldest first.
    public let versions: [String: [OrgUnit]]
    /// The units whose parent is a code, every version, in the order given.
    private let childrenByParent: [String: [OrgUnit]]
    /// The units that name each code as a successor (``formers(of:)`` reads them instead of every unit).
    private let namingAsSuccessor: [String: [OrgUnit]]
    /// The first day of the latest unit bearing each name, by language (``name(_:_:)``).
    private let lastBegun: [Language: [String: String]]

    /// - Parameter units: every stored unit version, in any order (two versions of a code must not overlap).
    public init(units: [OrgUnit]) {
        var versions: [String: [OrgUnit]] = [:]
        var children: [String: [OrgUnit]] = [:]
        for unit in units {
            versions[unit.code, default: []].append(unit)
            if let parent = unit.parentCode { children[parent, default: []].append(unit) }
        }
        self.versions = versions.mapValues { $0.sorted { ($0.validFrom ?? "") < ($1.validFrom ?? "") } }
        childrenByParent = children
        var naming: [String: [OrgUnit]] = [:]
        for unit in units { for successor in unit.successorCodes { naming[successor, default: []].append(unit) } }
        namingAsSuccessor = naming
        var begun: [Language: [String: String]] = [:]
        for unit in units {
            for language in Language.allCases {
                let name = Self.plainName(unit, language)
                let from = unit.validFrom ?? "0000-01-01"
                if from > begun[language]?[name] ?? "" { begun[language, default: [:]][name] = from }
            }
        }
        lastBegun = begun
    }

    static func plainName(_ unit: OrgUnit, _ language: Language) -> String {
        language == .en ? (unit.nameEn ?? unit.name) : unit.name
    }

    /// How a unit version is named in text (a re-based figure's sources, a report's statement): its name, told apart
    /// with "(cũ)" ("(former)") when it ended and a unit that began after its end bears the same name — the old Tỉnh
    /// Quảng Ngãi (51, to 30/06/2025) is "Tỉnh Quảng Ngãi (cũ)" beside the new one with the same code and name; the
    /// old Xã Tu Mơ Rông, whose name the new 23425 took, is "Xã Tu Mơ Rông (cũ)". A name used once, or the latest
    /// unit to bear it, is as it is. This is the one rule for a unit's name in text; choices that show codes use
    /// ``label(_:_:)``.
    public func name(_ unit: OrgUnit, _ language: Language = .vi) -> String {
        let name = Self.plainName(unit, language)
        guard let end = unit.validTo, let latest = lastBegun[language]?[name], latest > end else { return name }
        return name + (language == .en ? " (former)" : " (cũ)")
    }

    /// How a code reads for a span of days.
    public enum Resolution: Sendable, Equatable {
        /// One unit had the code during the whole span it existed in.
        case unit(OrgUnit)
        /// The code named one unit in a part of the span and another in the rest (oldest first): a year that
        /// straddles the reform, for a reused code. The caller asks for the half-years instead.
        case straddles([OrgUnit])
        /// No unit had the code on any day of the span (the versions that exist at other times are given).
        case none(others: [OrgUnit])
    }

    /// Whether the code names more than one unit over time.
    public func isReused(_ code: String) -> Bool { (versions[code]?.count ?? 0) > 1 }

    /// The unit that had `code` on the ISO day `date`, if any.
    public func unit(_ code: String, on date: String) -> OrgUnit? {
        versions[code]?.first { $0.isValid(on: date) }
    }

    /// The unit (or units) that had `code` on some day between `first` and `last` (ISO days, inclusive).
    public func resolve(_ code: String, from first: String, to last: String) -> Resolution {
        let all = versions[code] ?? []
        let overlapping = all.filter { Self.overlaps($0, first, last) }
        switch overlapping.count {
        case 0: return .none(others: all)
        case 1: return .unit(overlapping[0])
        default: return .straddles(overlapping)
        }
    }

    /// The unit that had `code` during `period` (``DataValueRules/days(of:)``).
    public func resolve(_ code: String, in period: Period) -> Resolution {
        let days = DataValueRules.days(of: period)
        return resolve(code, from: days.first, to: days.last)
    }

    /// The unit that had `code` on `day` (ISO); when none had it then, the last one that ended before it, else the
    /// first (so a unit's report or record stays readable after the unit ended); nil for an unknown code.
    public func version(of code: String, on day: String) -> OrgUnit? {
        let all = versions[code] ?? []
        return all.first { $0.isValid(on: day) } ?? all.last { ($0.validTo ?? "9999-12-31") < day } ?? all.first
    }

    /// The body that had `code` on `day` (ISO), or, when that body ended before the day, the body that took over
    /// from it (its successor as on that day, followed up to three times): Công an tỉnh Kon Tum (62-CAT, to
    /// 30/06/2025) is Công an tỉnh Quảng Ngãi (51-CAT) on 20/12/2025. Nil when the code is unknown or its last body
    /// ended with no successor.
    public func body(_ code: String, on day: String) -> OrgUnit? {
        var current = code
        for _ in 0..<4 {
            let all = versions[current] ?? []
            if let valid = all.first(where: { $0.isValid(on: day) }) { return valid }
            guard let last = all.last(where: { ($0.validTo ?? "9999-12-31") < day }), let next = last.successorCodes.first else { return nil }
            current = next
        }
        return nil
    }

    /// The unit's parent as it was when the unit began (its first day, or the parent's first version).
    public func parent(of unit: OrgUnit) -> OrgUnit? {
        guard let code = unit.parentCode, let all = versions[code] else { return nil }
        if let start = unit.validFrom, let match = all.first(where: { $0.isValid(on: start) }) { return match }
        if let end = unit.validTo, let match = all.first(where: { $0.isValid(on: end) }) { return match }
        return all.first { Self.overlaps($0, unit.validFrom ?? "0000-01-01", unit.validTo ?? "9999-12-31") } ?? all.first
    }

    /// The units above `unit` as they were in its time, nearest first (at most 10).
    public func ancestors(of unit: OrgUnit) -> [OrgUnit] {
        var chain: [OrgUnit] = []
        var next = parent(of: unit)
        while let found = next, chain.count < 10 {
            chain.append(found)
            next = parent(of: found)
        }
        return chain
    }

    /// The codes of the areas `unit` lies in through a reform, for access (``Principal/reaches(unitCode:ancestorCodes:)``):
    /// the units above it in its own time, nearest first; then the units that took over those of them, or the unit
    /// itself, that ended (Kon Tum's units and Kon Tum itself are in the new Tỉnh Quảng Ngãi's area, 62 → 51); then the
    /// areas that all the units it was formed from lay in (a commune formed on 01/07/2025 from Kon Tum's communes is in
    /// Kon Tum's area, and in its old district's when all of them were in it), so the bodies that close Kon Tum's
    /// 2021–2025 plan reach its second half. A unit formed from units of two areas is in neither (Công an tỉnh Quảng
    /// Ngãi, formed from both old provinces' police, is not in Kon Tum's area). The units it was formed from are not
    /// themselves areas of it: the new province is not in Kon Tum's. Each code once.
    ///
    /// The old areas hold only for data of the year in which they ended, which their bodies still close (the 2025 year
    /// round, the 2021–2025 final review): with `period` 2026S1, Kon Tum's police no longer reach a new commune.
    /// Without a period (a unit's page, the list of units one may enter for), they hold.
    public func areaCodes(of unit: OrgUnit, during period: Period? = nil) -> [String] {
        var codes: [String] = []
        func add(_ code: String) { if code != unit.code, !codes.contains(code) { codes.append(code) } }
        let above = ancestors(of: unit)
        for ancestor in above { add(ancestor.code) }
        for ended in ([unit] + above) where ended.validTo != nil {
            for successor in ended.successorCodes
            where versions[successor]?.contains(where: { $0.level == .province || $0.level == .district }) == true {
                add(successor)
            }
        }
        let from = formers(of: unit)
        guard let first = from.first else { return codes }
        if let period, let lastEnd = from.compactMap(\.validTo).max(),
            let endYear = Int(lastEnd.prefix(4)), DataValueRules.days(of: period).first > "\(endYear)-12-31"
        {
            return codes
        }
        let common = from.dropFirst().reduce(Set(ancestors(of: first).map(\.code))) { $0.intersection(ancestors(of: $1).map(\.code)) }
        for ancestor in ancestors(of: first) where common.contains(ancestor.code) { add(ancestor.code) }
        return codes
    }

    /// The scope of `unit` for ``AccessPolicy`` when the action concerns its data of `period` (nil: the unit as
    /// such): its areas through the reform in that period (``areaCodes(of:during:)``).
    public func scope(of unit: OrgUnit, during period: Period? = nil) -> UnitScope {
        UnitScope(code: unit.code, level: unit.level, ancestorCodes: areaCodes(of: unit, during: period), period: period)
    }

    /// The units under the code `parent` that existed on some day between `first` and `last` (inclusive): the
    /// hierarchy valid in that span. A district's children in 2023 are its communes; Tỉnh Quảng Ngãi's in 2026 are
    /// the communes formed on 01/07/2025.
    public func children(of parent: String, from first: String, to last: String) -> [OrgUnit] {
        (childrenByParent[parent] ?? []).filter { Self.overlaps($0, first, last) }
    }

    /// The units under `parent` during `period`.
    public func children(of parent: String, in period: Period) -> [OrgUnit] {
        let days = DataValueRules.days(of: period)
        return children(of: parent, from: days.first, to: days.last)
    }

    /// How a unit is named where its code was reused: "Xã Tu Mơ Rông (23425, từ 01/07/2025)",
    /// "Xã Đắk Hà (23425, đến 30/06/2025)"; otherwise "Xã Ngọk Réo (23515)".
    public func label(_ unit: OrgUnit, _ language: Language = .vi) -> String {
        let name = language == .en ? (unit.nameEn ?? unit.name) : unit.name
        guard isReused(unit.code) else { return "\(name) (\(unit.code))" }
        if let end = unit.validTo, unit.validFrom == nil || versions[unit.code]?.first == unit {
            return "\(name) (\(unit.code), \(language == .en ? "until" : "đến") \(DataValueRules.dayText(end)))"
        }
        if let start = unit.validFrom {
            return "\(name) (\(unit.code), \(language == .en ? "from" : "từ") \(DataValueRules.dayText(start)))"
        }
        return "\(name) (\(unit.code))"
    }

    /// The message for a code that names two units in a period (``Resolution/straddles(_:)``), field "unit":
    /// the half-years are entered instead, each by the unit of its time.
    public static func straddleProblem(_ units: [OrgUnit], code: String, period: Period) -> FieldProblem {
        func part(_ unit: OrgUnit, _ language: Language) -> String {
            let name = language == .en ? (unit.nameEn ?? unit.name) : unit.name
            if let end = unit.validTo { return "\(name) \(language == .en ? "until" : "đến") \(DataValueRules.dayText(end))" }
            if let start = unit.validFrom { return "\(name) \(language == .en ? "from" : "từ") \(DataValueRules.dayText(start))" }
            return name
        }
        return FieldProblem(
            field: "unit",
            en:
                "Code \(code) names two units in \(period.phrase(.en)): \(units.map { part($0, .en) }.joined(separator: "; ")). Enter each half-year instead; each half belongs to the unit of its time.",
            vi:
                "Mã \(code) là hai đơn vị khác nhau trong \(period.phrase(.vi)): \(units.map { part($0, .vi) }.joined(separator: "; ")). Hãy nhập theo từng kỳ 6 tháng; mỗi kỳ thuộc đơn vị của thời gian đó."
        )
    }

    /// The units whose figures stand for `unit` in a span of days it did not exist in (issue 16, item 2: comparable
    /// series across a reform).
    public struct Cover: Sendable, Equatable {
        public enum Direction: String, Sendable {
            /// Before the unit began: the units it was formed from (re-based: "tính lại từ đơn vị cũ").
            case predecessors
            /// After the unit ended: the units formed on its territory.
            case successors
        }

        public var direction: Direction
        /// The units whose figures are added, each wholly inside the territory.
        public var units: [OrgUnit]
        /// The units that lie only partly inside (a new unit formed from communes of two old areas, or an old unit
        /// shared between two new ones): left out and named, since the mapping cannot divide them.
        public var partial: [OrgUnit]
        /// Old units shared between new ones, counted by the share the office set (``cover(of:from:to:shares:)``).
        public var shared: [SharedUnit] = []
    }

    /// Who stands for `unit` between `first` and `last` (ISO days) when it did not exist then; nil when it existed
    /// on some day of the span (its own figures count) or when nothing is known.
    ///
    /// - Before its first day: the units that name it as successor and ended before it began. One that names other
    ///   successors too (a split, such as Xã Trà Bùi shared by Cà Đam and Tây Trà Bồng, khoản 30–31 of Nghị quyết
    ///   1677/NQ-UBTVQH15) is partial: the resolution gives no shares.
    /// - After its last day: the units that began after it and were formed only from it or from units under it at
    ///   the time (an old district's new communes; the new communes of an old province); a unit formed also from
    ///   units outside it is partial.
    public func cover(of unit: OrgUnit, from first: String, to last: String) -> Cover? {
        guard !Self.overlaps(unit, first, last) else { return nil }
        if let start = unit.validFrom, last < start {
            let formers = formers(of: unit)
            guard !formers.isEmpty else { return nil }
            let whole = formers.filter { $0.successorCodes == [unit.code] }
            return Cover(direction: .predecessors, units: whole, partial: formers.filter { $0.successorCodes != [unit.code] })
        }
        if let end = unit.validTo, first > end {
            let insideUnits = [unit] + descendants(of: unit)
            let inside = Set(insideUnits.map(\.code))
            // The candidates are the units named as successors inside the area (in code order, each version once).
            let named = Set(insideUnits.flatMap(\.successorCodes)).sorted()
            let successors = named.flatMap { versions[$0] ?? [] }.filter { candidate in
                guard let from = candidate.validFrom, from > end else { return false }
                return formers(of: candidate).contains { inside.contains($0.code) && ($0.validTo ?? "") <= end }
            }
            guard !successors.isEmpty else { return nil }
            var whole: [OrgUnit] = []
            var partial: [OrgUnit] = []
            for successor in successors {
                let from = formers(of: successor)
                if from.allSatisfy({ inside.contains($0.code) }) { whole.append(successor) } else { partial.append(successor) }
            }
            return Cover(direction: .successors, units: whole, partial: partial)
        }
        return nil
    }

    /// The units formed from `unit` when it ended whose past is re-based from it (``formers(of:)``): the first version
    /// of each code it names as successor that began after its last day and counts it among its formers (Xã Đắk
    /// Kroong, to 30/06/2025, for Xã Đăk Môn from 01/07/2025, Nghị quyết 1677/NQ-UBTVQH15; not an old district for
    /// the new communes on its territory, which are re-based from its communes). None for a unit that has not ended.
    public func successors(of unit: OrgUnit) -> [OrgUnit] {
        guard let end = unit.validTo else { return [] }
        return unit.successorCodes.compactMap { code in versions[code]?.first { ($0.validFrom ?? "0000-01-01") > end } }
            .filter { formers(of: $0).contains(unit) }
    }

    /// The units of the same level that ended before `unit` began and name it as successor; when there are none, a
    /// unit of another level that became it whole (Huyện Lý Sơn, a district without communes, became Đặc khu Lý Sơn
    /// on 01/07/2025 under Nghị quyết 1677/NQ-UBTVQH15).
    public func formers(of unit: OrgUnit) -> [OrgUnit] {
        guard let start = unit.validFrom else { return [] }
        let ended = (namingAsSuccessor[unit.code] ?? []).filter { ($0.validTo ?? "9999-12-31") < start }
        let sameLevel = ended.filter { $0.level == unit.level }
        return sameLevel.isEmpty ? ended.filter { $0.successorCodes == [unit.code] && $0.level != .agency } : sameLevel
    }

    /// The units directly below `unit` in its own time (the versions under its code that overlap its validity).
    public func children(of unit: OrgUnit) -> [OrgUnit] {
        children(of: unit.code, from: unit.validFrom ?? "0000-01-01", to: unit.validTo ?? "9999-12-31")
    }

    /// Every unit below `unit` in its own time (children's versions that overlap it, recursively).
    public func descendants(of unit: OrgUnit) -> [OrgUnit] {
        var result: [OrgUnit] = []
        var queue = [unit]
        while let next = queue.popLast(), result.count < 10_000 {
            let below = children(of: next.code, from: next.validFrom ?? "0000-01-01", to: next.validTo ?? "9999-12-31")
            result += below
            queue += below
        }
        return result
    }

    /// The units that made up the area of `unit` on some day between `first` and `last` (ISO days, inclusive), the
    /// area's own units first: the unit and its units of that time when it existed then, otherwise the units that
    /// covered its territory (``cover(of:from:to:)``) with their units, and those only partly inside it without theirs
    /// (the new province's police, which took over both old provinces' police, but not the new province's communes).
    ///
    /// Kon Tum (62) in 2025S2 is the 40 communes formed from its communes on 01/07/2025 (Nghị quyết
    /// 1677/NQ-UBTVQH15); the new Tỉnh Quảng Ngãi (51 from 01/07/2025) in 2025S1 is the two old provinces, their
    /// districts, communes and bodies. Each unit once, in the order found.
    public func area(of unit: OrgUnit, from first: String, to last: String) -> [OrgUnit] {
        if Self.overlaps(unit, first, last) { return members([unit], from: first, to: last) }
        guard let cover = cover(of: unit, from: first, to: last) else { return [] }
        let partial = cover.partial.filter { Self.overlaps($0, first, last) }
        return members(cover.units, from: first, to: last) + partial.filter { part in !cover.units.contains(part) }
    }

    /// ``area(of:from:to:)`` over the days of `period` (``DataValueRules/days(of:)``).
    public func area(of unit: OrgUnit, in period: Period) -> [OrgUnit] {
        let days = DataValueRules.days(of: period)
        return area(of: unit, from: days.first, to: days.last)
    }

    /// The roots and their units that existed on some day of the span, each once.
    func members(_ roots: [OrgUnit], from first: String, to last: String) -> [OrgUnit] {
        var seen = Set<String>()
        var result: [OrgUnit] = []
        for root in roots {
            for unit in [root] + descendants(of: root) where Self.overlaps(unit, first, last) {
                if seen.insert("\(unit.code)|\(unit.validFrom ?? "")").inserted { result.append(unit) }
            }
        }
        return result
    }

    /// The number of units of each level (``OrgUnitLevel/rawValue``) that made up the area of `unit` on `day` (ISO),
    /// the unit itself included (``area(of:from:to:)``), for terms such as "count:commune" (issue 16): Kon Tum on
    /// 30/06/2025 has its 102 communes; on 31/12/2025, when its territory is the 40 communes formed from them on
    /// 01/07/2025 (Nghị quyết 1677/NQ-UBTVQH15), it has 40; the new Tỉnh Quảng Ngãi has 96 on 31/12/2025, and on
    /// 31/12/2024 the communes of the two old provinces.
    public func levelCounts(of unit: OrgUnit, on day: String) -> [String: Double] {
        var counts: [String: Double] = [:]
        for member in area(of: unit, from: day, to: day) { counts[member.level.rawValue, default: 0] += 1 }
        return counts
    }

    /// Every version of every unit.
    public var allUnits: [OrgUnit] { versions.values.flatMap { $0 } }

    static func overlaps(_ unit: OrgUnit, _ first: String, _ last: String) -> Bool {
        if let from = unit.validFrom, from > last { return false }
        if let to = unit.validTo, to < first { return false }
        return true
    }
}
