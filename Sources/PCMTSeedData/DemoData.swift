import PCMTDomain

/// Synthetic, plausible and deterministic data for every element and unit of a plan, for demonstrations, tests
/// and benchmarks: the same seed gives the same numbers. Trends are chosen so that some targets are met and some
/// missed. No real person or case is behind any number.
public struct DemoData: Sendable {
    public struct Value: Sendable, Equatable {
        public var element: String
        public var unitCode: String
        public var period: Period
        public var category: String
        public var value: Double
    }

    public var seed: UInt64
    public var years: ClosedRange<Int>

    public init(seed: UInt64 = 3959, years: ClosedRange<Int> = 2020...2025) {
        self.seed = seed
        self.years = years
    }

    /// Values for every element at every unit where it is collected, by half-year.
    /// `units` are all units of the area; agencies match an element's reporting bodies by the part of their code
    /// after the province ("62-TAND" stands for "TAND" in any province). `weights` scale a unit's figures, by
    /// "code|first day" (1 when absent): a commune formed from three old ones by the 2025 reform weighs 3.
    public func values(elements: [DataElement], units: [OrgUnit], weights: [String: Double] = [:]) -> [Value] {
        var result: [Value] = []
        for element in elements {
            let suffixes = Set(element.collectedAt.units.map(Self.suffix))
            let reporting = units.filter { unit in
                (unit.level == element.collectedAt.level && (suffixes.isEmpty || suffixes.contains(Self.suffix(unit.code))))
                    || (element.collectedAt.level == .district && unit.isDirectlyUnderProvince)
            }
            for unit in reporting {
                result += series(element, unit: unit, weight: weights["\(unit.code)|\(unit.validFrom ?? "")"] ?? 1)
            }
        }
        return result
    }

    static func suffix(_ code: String) -> String {
        guard let dash = code.firstIndex(of: "-") else { return code }
        return String(code[code.index(after: dash)...])
    }

    /// One element's half-years at one unit.
    func series(_ element: DataElement, unit: OrgUnit, weight: Double = 1) -> [Value] {
        var random = SplitMix64(seed: seed ^ Self.stableHash(element.code + "|" + unit.code))
        // Size and trend belong to the unit, so parts and wholes of one unit stay consistent;
        // units differ in trend, so district tables show both met and missed targets.
        var unitRandom = SplitMix64(seed: seed ^ Self.stableHash("unit|" + unit.code))
        // A commune reporting what districts did (no district level after 01/07/2025) weighs its old communes against
        // a district's ten or so (Kon Tum had 102 communes in 10 districts).
        let scale = weight * (element.collectedAt.level == .district && unit.level == .commune ? 0.1 : 1)
        let size = (0.6 + unitRandom.unit() * 0.9) * scale
        let trend = (unitRandom.unit() - 0.35) * 0.12
        var values: [Value] = []
        func add(_ year: Int, _ half: Int, _ value: Double, category: String = "") {
            // Only the half-years the unit existed in: a unit formed on 01/07/2025 starts with 2025S2, an old one
            // ends with 2025S1 (``UnitTimeline``: a reused code is two units, each with its own halves).
            let days = DataValueRules.days(of: .halfYear(year, half: half))
            if let from = unit.validFrom, from > days.last { return }
            if let to = unit.validTo, to < days.first { return }
            values.append(
                Value(
                    element: element.code, unitCode: unit.code, period: .halfYear(year, half: half),
                    category: category, value: max(0, value.rounded())))
        }
        func split(_ year: Int, _ half: Int, _ total: Double) {
            guard !element.categories.isEmpty else { return add(year, half, total) }
            var rest = total.rounded()
            for (index, category) in element.categories.enumerated() {
                let share = index == element.categories.count - 1 ? rest : (rest * Self.share(element.code, category.code, index)).rounded()
                add(year, half, share, category: category.code)
                rest -= share
            }
        }
        // Trends count from 2020, whatever the first year asked for: a plan from 2026 continues the figures of the
        // plan before it (the same unit's 2025 is the same number for both).
        for year in years {
            let offset = year - 2020
            let growth = pow1(1 + trend, offset)
            for half in 1...2 {
                let noise = 0.9 + random.unit() * 0.2
                switch element.code {
                case "commune_drug_free":
                    add(year, half, random.unit(threshold: 0.5 + trend + Double(offset) * 0.03) ? 1 : 0)
                case "commune_propaganda":
                    add(year, half, random.unit(threshold: 0.9 + Double(offset) * 0.015) ? 1 : 0)
                case "addicts":
                    split(year, half, 22 * size * pow1(1.004 + trend * 0.2, offset * 2 + half))
                case "users_with_record":
                    add(year, half, 29 * size * pow1(1.004 + trend * 0.2, offset * 2 + half))
                case "users_served":
                    let reached = 29 * size * pow1(1.004 + trend * 0.2, offset * 2 + half) * (0.72 + Double(offset) * 0.025 + random.unit() * 0.06)
                    add(year, half, half == 1 ? reached * 0.55 : reached)
                case "counselling", "reintegration_support":
                    add(year, half, 6 * size * growth * noise)
                case "rehabilitation":
                    split(year, half, 4 * size * growth * noise)
                case "methadone", "post_rehab_managed":
                    add(year, half, 5 * size * growth)
                case "hotspots_existing":
                    // A unit formed by the 2025 reform starts its own count of hotspots then.
                    let since = unit.validFrom == nil ? offset : max(0, year - 2025)
                    let start = random.unit(threshold: 0.45) ? 1 + (size * 2).rounded(.down) : 0
                    add(year, half, max(0, start - Double(since) * 0.5 * size - (half == 2 ? 0.3 : 0)))
                case "hotspots_eliminated":
                    add(year, half, random.unit(threshold: unit.validFrom == nil ? 0.075 + Double(offset) * 0.004 : 0.05) ? 1 : 0)
                case "hotspots_new":
                    add(year, half, random.unit(threshold: year >= 2024 ? 0.002 : 0.006) ? 1 : 0)
                case "cultivation_found_m2", "cultivation_destroyed_m2":
                    var area = 0.0
                    var check = SplitMix64(seed: seed ^ Self.stableHash("cultivation|\(unit.code)|\(year)|\(half)"))
                    if check.unit(threshold: year >= 2024 ? 0.004 : 0.03) { area = 50 + check.unit() * 400 }
                    add(year, half, area)
                case "cultivation_plants_destroyed":
                    var check = SplitMix64(seed: seed ^ Self.stableHash("cultivation|\(unit.code)|\(year)|\(half)"))
                    add(year, half, check.unit(threshold: year >= 2024 ? 0.004 : 0.03) ? 200 + check.unit() * 1500 : 0)
                case "drug_cases_detected":
                    split(year, half, 12 * size * pow1(1.06 + trend * 0.5, offset) * noise)
                case "drug_cases_border_express":
                    // A part of the cases detected (``DataElement/partOf``): at most a third of the smallest whole.
                    add(year, half, 12 * size * pow1(1.06 + trend * 0.5, offset) * noise * 0.28)
                case "drug_cases_cyberspace":
                    add(year, half, 12 * size * pow1(1.09 + trend * 0.5, offset) * noise * 0.12)
                case "drug_offenders_arrested":
                    split(year, half, 16 * size * pow1(1.06 + trend * 0.5, offset) * noise)
                case "schools_total":
                    add(year, half, (35 * size).rounded())
                case "schools_reached":
                    let total = (35 * size).rounded()
                    add(year, half, half == 1 ? total * 0.6 : min(total, total * (0.95 + random.unit() * 0.08)))
                case "industrial_zones_total", "industrial_zones_reached":
                    var zones = SplitMix64(seed: seed ^ Self.stableHash("zones|\(unit.code)"))
                    let total = zones.unit(threshold: 0.25) ? 1.0 : 0.0
                    add(year, half, element.code == "industrial_zones_total" || half == 2 ? total : 0)
                case "court_cases_received", "court_cases_resolved":
                    var court = SplitMix64(seed: seed ^ Self.stableHash("court|\(unit.code)|\(year)|\(half)"))
                    let received = (48 * size * growth * (0.9 + court.unit() * 0.2)).rounded()
                    let resolved = (received * (0.87 + Double(offset) * 0.012 + court.unit() * 0.03)).rounded(.down)
                    add(year, half, element.code == "court_cases_received" ? received : resolved)
                case "trafficking_leads", "trafficking_leads_verified":
                    var leads = SplitMix64(seed: seed ^ Self.stableHash("leads|\(unit.code)|\(year)|\(half)"))
                    let total = (3 + leads.unit() * 6).rounded()
                    let verified = year == 2022 && half == 2 && leads.unit(threshold: 0.5) ? total - 1 : total
                    if element.code == "trafficking_leads" { split(year, half, total) } else { add(year, half, verified) }
                case "media_products":
                    add(year, half, 25 * size * pow1(1.08 + trend, offset) * noise)
                case "controlled_establishments":
                    add(year, half, (80 * size).rounded())
                case "controlled_establishments_inspected":
                    let total = (80 * size).rounded()
                    add(year, half, half == 1 ? total * 0.5 : min(total, total * (0.97 + random.unit() * 0.05)))
                default:
                    add(year, half, 10 * size * growth * noise)
                }
            }
        }
        return values
    }

    static func share(_ element: String, _ category: String, _ index: Int) -> Double {
        switch (element, category) {
        case (_, "male"): 0.9
        case (_, "home_community"): 0.55
        case (_, "voluntary_facility"): 0.2 / 0.45
        case (_, "heroin"): 0.25
        case (_, "synthetic"): 0.75
        case (_, "cannabis"): 0.5
        case (_, "border"): 0.7
        default: 0.5
        }
    }

    /// FNV-1a: the same text gives the same number on every machine and run (Swift's own hashing is seeded per run).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100000001b3
        }
        return hash
    }
}

func pow1(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(exponent, 0) { result *= base }
    return result
}

/// A small, fast, deterministic random generator.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// True with probability `threshold`.
    mutating func unit(threshold: Double) -> Bool { unit() < threshold }
}
