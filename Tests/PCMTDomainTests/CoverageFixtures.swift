import PCMTDomain

/// Values of several units written by hand, and the totals of any group of them as the store makes them: a unit's
/// year is its whole-year value, else its halves (S1 + S2 for a flow, S2 for a stock, the larger for a flag); the
/// units are summed; coverage follows `CoverageRule`. A small stand-in for the store, for the rule engine's tests.
struct UnitData: ElementTotals {
    struct Key: Hashable {
        var unit: String
        var element: String
        var year: Int
        /// 0 for the whole year, 1 or 2 for a half.
        var half: Int
    }

    var units: [ReportingUnit]
    var values: [Key: Double] = [:]
    var stocks: Set<String> = []
    var flags: Set<String> = []

    init(units: [ReportingUnit], stocks: Set<String> = [], flags: Set<String> = []) {
        self.units = units; self.stocks = stocks; self.flags = flags
    }

    /// Sets one value: `period` is "2024", "2024S1" or "2024S2".
    mutating func set(_ unit: String, _ element: String, _ period: String, _ value: Double) {
        switch Period(period)! {
        case .year(let year): values[Key(unit: unit, element: element, year: year, half: 0)] = value
        case .halfYear(let year, let half): values[Key(unit: unit, element: element, year: year, half: half)] = value
        case .span: break
        }
    }

    /// The same values, for some of the units only (a district's own totals, say).
    func only(_ codes: Set<String>) -> UnitData {
        var copy = self
        copy.units = units.filter { codes.contains($0.code) }
        copy.values = values.filter { codes.contains($0.key.unit) }
        return copy
    }

    func value(_ unit: String, _ element: String, _ year: Int, _ half: Int) -> Double? {
        values[Key(unit: unit, element: element, year: year, half: half)]
    }

    func unitYear(_ unit: String, _ element: String, _ year: Int) -> Double? {
        if let whole = value(unit, element, year, 0) { return whole }
        let s1 = value(unit, element, year, 1), s2 = value(unit, element, year, 2)
        if stocks.contains(element) { return s2 }
        if flags.contains(element) { return s1 == nil ? s2 : s2 == nil ? s1 : max(s1!, s2!) }
        return s1 == nil && s2 == nil ? nil : (s1 ?? 0) + (s2 ?? 0)
    }

    func total(_ elementCode: String, _ period: Period) -> Double? {
        if elementCode.hasPrefix("count:") { return Double(units.count) }
        var result: Double? = nil
        for unit in units {
            let value: Double?
            switch period {
            case .year(let year): value = unitYear(unit.code, elementCode, year)
            case .halfYear(let year, let half): value = self.value(unit.code, elementCode, year, half)
            case .span: value = nil
            }
            if let value { result = (result ?? 0) + value }
        }
        return result
    }

    func isStock(_ elementCode: String) -> Bool { stocks.contains(elementCode) }

    func coverage(_ elementCode: String, _ period: Period) -> [UnitShare]? {
        if elementCode.hasPrefix("count:") { return units.compactMap { CoverageRule.structuralShare(of: $0, period: period) } }
        return units.compactMap { unit in
            let year = period.firstYear
            let reported = ReportedHalves(
                year: value(unit.code, elementCode, year, 0) != nil, first: value(unit.code, elementCode, year, 1) != nil,
                second: value(unit.code, elementCode, year, 2) != nil)
            return CoverageRule.share(of: unit, period: period, stock: isStock(elementCode), reported: reported)
        }
    }
}

/// Kon Tum's ten districts as coverage names them (synthetic dates: they end on 30/06/2025 like the real list).
enum Districts {
    static let names: [(String, String)] = [
        ("608", "Thành phố Kon Tum"), ("610", "Huyện Đắk Glei"), ("611", "Huyện Ngọc Hồi"), ("612", "Huyện Đắk Tô"),
        ("613", "Huyện Kon Plông"), ("614", "Huyện Kon Rẫy"), ("615", "Huyện Đắk Hà"), ("616", "Huyện Sa Thầy"),
        ("617", "Huyện Tu Mơ Rông"), ("618", "Huyện Ia H' Drai"),
    ]

    static let all: [ReportingUnit] = names.map {
        ReportingUnit(code: $0.0, name: $0.1, level: .district, validTo: "2025-06-30")
    }
}
