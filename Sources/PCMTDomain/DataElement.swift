/// Something counted for the plan's targets: what, in which unit of measure, where it is collected, and how a year
/// is made from its half-years.
public struct DataElement: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var nameEn: String?
    /// Unit of measure as written on forms: "người", "vụ", "m²", "điểm", …
    public var measure: String
    public var measureEn: String?
    public var aggregation: Aggregation
    public var valueType: ValueType
    /// Where the value is entered: communes (by commune officers or their district), districts, or named bodies.
    public var collectedAt: Collection
    /// Optional breakdown, e.g. by sex or form of rehabilitation; the total is the sum of the options.
    public var categories: [Category]
    /// Another element this one may not exceed (verified ≤ leads, reached ≤ total).
    public var partOf: String?

    public init(
        code: String, name: String, nameEn: String? = nil, measure: String, measureEn: String? = nil,
        aggregation: Aggregation, valueType: ValueType = .count, collectedAt: Collection, categories: [Category] = [],
        partOf: String? = nil
    ) {
        self.code = code; self.name = name; self.nameEn = nameEn; self.measure = measure; self.measureEn = measureEn
        self.aggregation = aggregation; self.valueType = valueType; self.collectedAt = collectedAt
        self.categories = categories; self.partOf = partOf
    }

    public enum Aggregation: String, Codable, Sendable {
        /// Summed over time: a year is S1 + S2 (cases detected).
        case flow
        /// Taken at the period's end: a year is its S2 (people under management, hotspots existing).
        case stock
        /// Yes or no within the period: a year is yes if either half is (a commune reached by propaganda).
        case flag
    }

    public enum ValueType: String, Codable, Sendable {
        /// A non-negative whole number.
        case count
        /// A non-negative decimal (an area).
        case quantity
        /// 0 or 1.
        case yesNo
    }

    public struct Collection: Codable, Sendable, Equatable {
        public var level: OrgUnitLevel
        /// For agencies: which bodies report it (empty: any provincial body).
        public var units: [String]

        public init(level: OrgUnitLevel, units: [String] = []) { self.level = level; self.units = units }

        /// Whether `unit` reports an element collected here: a unit of the level (for bodies, one named, or any when
        /// none is), and, where the district level was abolished (two-level local government from 01/07/2025,
        /// Nghị quyết 202/2025/QH15), a commune directly under its province for an element of districts — the
        /// communes report what the districts did (``OrgUnit/isDirectlyUnderProvince``).
        public func applies(to unit: OrgUnit) -> Bool {
            if unit.level == level { return units.isEmpty || units.contains(unit.code) }
            return level == .district && unit.isDirectlyUnderProvince
        }
    }

    public struct Category: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var nameEn: String?

        public init(code: String, name: String, nameEn: String? = nil) {
            self.code = code; self.name = name; self.nameEn = nameEn
        }
    }
}

/// How a target is measured: a value from data elements, or a ratio of two such values (in %).
public struct Measure: Codable, Sendable, Equatable {
    /// Element codes summed; a leading "-" subtracts.
    public var numerator: [String]
    public var denominator: [String]?
    /// Summed from the plan's first year (terms ending in "@baseline" are read at the baseline year).
    /// Terms of the form "count:commune" are the number of units of that level in the area.
    public var cumulative: Bool

    public init(numerator: [String], denominator: [String]? = nil, cumulative: Bool = false) {
        self.numerator = numerator; self.denominator = denominator; self.cumulative = cumulative
    }

    public var isRatio: Bool { denominator != nil }

    /// Every element the measure reads, without signs and markers.
    public var elementCodes: [String] {
        (numerator + (denominator ?? [])).map(Self.elementCode)
    }

    static func elementCode(_ term: String) -> String {
        var code = term
        if code.hasPrefix("-") { code.removeFirst() }
        if let at = code.firstIndex(of: "@") { code = String(code[..<at]) }
        return code
    }
}
