import Fluent
import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor

/// Roll-ups and year resolution, computed by the database and checked against numbers worked out by hand.
@Suite struct ElementTotalsTests {
    let flow = DataElement(code: "cases", name: "Vụ", measure: "vụ", aggregation: .flow, collectedAt: .init(level: .commune))
    let stock = DataElement(
        code: "people", name: "Người", measure: "người", aggregation: .stock, collectedAt: .init(level: .commune),
        categories: [.init(code: "male", name: "Nam"), .init(code: "female", name: "Nữ")])
    let flag = DataElement(
        code: "reached", name: "Có", measure: "có/không", aggregation: .flag, valueType: .yesNo, collectedAt: .init(level: .commune))

    let communeA = UnitPlacement(unitCode: "23377", districtCode: "611", provinceCode: "62")
    let communeB = UnitPlacement(unitCode: "23380", districtCode: "611", provinceCode: "62")
    let communeC = UnitPlacement(unitCode: "23401", districtCode: "612", provinceCode: "62")

    func load(_ app: Application, _ values: [(String, UnitPlacement, String, String, Double)], elements: [DataElement]? = nil) async throws {
        try await DataValueStore(database: app.db).insertMissing(
            values.map {
                BulkValue(element: $0.0, placement: $0.1, period: Period($0.2)!, category: $0.3, value: $0.4)
            }, elements: elements ?? [flow, stock, flag], by: "test")
    }

    @Test(arguments: TestBackend.available)
    func aYearIsMadeFromHalvesUnlessReportedWhole(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            try await load(
                app,
                [
                    ("cases", communeA, "2023S1", "", 3), ("cases", communeA, "2023S2", "", 4),  // flow: 3 + 4
                    ("cases", communeB, "2023S1", "", 10), ("cases", communeB, "2023", "", 25),  // the year wins over its half
                    ("cases", communeC, "2023S1", "", 2),  // only a first half so far
                    ("people", communeA, "2023S1", "male", 9), ("people", communeA, "2023S2", "male", 11),
                    ("people", communeA, "2023S2", "female", 1),  // stock: the second half
                    ("people", communeB, "2023S1", "male", 5),  // no year-end value yet
                    ("reached", communeA, "2023S1", "", 1), ("reached", communeA, "2023S2", "", 0),  // flag: either half
                    ("reached", communeB, "2023S1", "", 0), ("reached", communeB, "2023S2", "", 0),
                ])
            let query = ElementTotalsQuery(database: app.db)
            let province = try #require(try await query.totals(.province("62"), elements: [flow, stock, flag], years: 2022...2024)[""])
            #expect(province.total("cases", .year(2023)) == 34, "7 + 25 + 2")
            #expect(province.total("cases", .halfYear(2023, half: 1)) == 15, "3 + 10 + 2")
            #expect(province.total("cases", .halfYear(2023, half: 2)) == 4)
            #expect(province.total("people", .year(2023)) == 12)
            #expect(province.total("people", .halfYear(2023, half: 1)) == 14)
            #expect(province.total("reached", .year(2023)) == 1)
            #expect(province.total("cases", .year(2022)) == nil, "nothing reported is no data, not zero")

            let districts = try await query.totals(.province("62"), groupedBy: .district, elements: [flow, stock, flag], years: 2023...2023)
            #expect(districts["611"]?.total("cases", .year(2023)) == 32)
            #expect(districts["612"]?.total("cases", .year(2023)) == 2)
            let communes = try await query.totals(.district("611"), groupedBy: .unit, elements: [flow], years: 2023...2023)
            #expect(communes["23377"]?.total("cases", .year(2023)) == 7)
            #expect(communes["23380"]?.total("cases", .year(2023)) == 25)
            #expect(communes["23401"] == nil, "another district's commune is not in this district")
        }
    }

    @Test(arguments: TestBackend.available)
    func ratiosAreRecomputedFromSummedPartsNeverAveraged(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            let done = DataElement(code: "done", name: "x", measure: "x", aggregation: .flow, collectedAt: .init(level: .commune))
            let all = DataElement(code: "all", name: "x", measure: "x", aggregation: .flow, collectedAt: .init(level: .commune))
            // 1/1 = 100% in one commune, 50/100 = 50% in another: the average of ratios would be 75%, the true ratio 51/101.
            try await load(
                app,
                [
                    ("done", communeA, "2024", "", 1), ("all", communeA, "2024", "", 1),
                    ("done", communeB, "2024", "", 50), ("all", communeB, "2024", "", 100),
                ])
            let totals = try #require(
                try await ElementTotalsQuery(database: app.db).totals(.province("62"), elements: [done, all], years: 2024...2024)[""])
            let engine = RuleEngine(planStartYear: 2021, baselineYear: 2020)
            let value = try #require(engine.measured(Measure(numerator: ["done"], denominator: ["all"]), .year(2024), totals: totals))
            #expect(value.numerator == 51 && value.denominator == 101)
            #expect(abs(value.value - 5100.0 / 101) < 1e-9)
        }
    }

    @Test func demoDataIsDeterministicAndCoversEveryElementAndUnit() throws {
        let catalog = try BuiltinCatalog.load()
        let plan = try #require(catalog.plans.first)
        let elements = try #require(catalog.dataElements[plan.id])
        let units = catalog.unitSets.flatMap(\.units)
        let first = DemoData(seed: 7).values(elements: elements, units: units)
        let second = DemoData(seed: 7).values(elements: elements, units: units)
        let other = DemoData(seed: 8).values(elements: elements, units: units)
        #expect(first == second)
        #expect(first != other)
        #expect(Set(first.map(\.element)) == Set(elements.map(\.code)))
        // Kon Tum's 102 old communes and old Quảng Ngãi's 170 (the loader keeps those of each plan's territory), and
        // the 96 new ones of Quảng Ngãi from 2025S2 (40 of them with a reused code).
        let addicts = first.filter { $0.element == "addicts" }
        #expect(Set(addicts.filter { $0.period < .halfYear(2025, half: 2) }.map(\.unitCode)).count == 102 + 170)
        #expect(Set(addicts.filter { $0.period == .halfYear(2025, half: 2) }.map(\.unitCode)).count == 96)
        #expect(Set(first.filter { $0.element == "court_cases_received" }.map(\.unitCode)) == ["62-TAND"])
        #expect(first.allSatisfy { $0.value >= 0 && $0.value.rounded() == $0.value })
        // Parts never exceed their wholes in the same unit and period, in the built-in plan and the demonstration
        // successor plan to 2030 (its cases at the border and through express delivery, and using cyberspace).
        let demoPlan = try #require(catalog.demoPlans.first)
        let demoElements = try #require(catalog.demoDataElements[demoPlan.id])
        let successorValues = DemoData(seed: 7, years: 2025...2026).values(elements: demoElements, units: units)
        #expect(successorValues.contains { $0.element == "drug_cases_cyberspace" && $0.period == .halfYear(2026, half: 2) })
        let all = first + successorValues
        let byKey = Dictionary(grouping: all, by: { "\($0.element)|\($0.unitCode)|\($0.period)" }).mapValues { $0.reduce(0) { $0 + $1.value } }
        for element in elements + demoElements {
            guard let whole = element.partOf else { continue }
            for value in all where value.element == element.code {
                let wholeValue = byKey["\(whole)|\(value.unitCode)|\(value.period)"] ?? 0
                #expect(
                    byKey["\(element.code)|\(value.unitCode)|\(value.period)"]! <= wholeValue, "\(element.code) at \(value.unitCode) \(value.period)")
            }
        }
    }
}

/// The kept area totals must always equal a fresh sum over the values, whatever is entered, changed or cleared.
@Suite struct AreaTotalsTests {
    @Test(arguments: TestBackend.available)
    func keptTotalsFollowEveryChange(backend: TestBackend) async throws {
        try await withStore(backend) { app in
            let catalog = try BuiltinCatalog.load()
            let plan = catalog.plans[0]
            let elements = catalog.dataElements[plan.id]!
            try await BuiltinLoader(database: app.db).loadMissing(
                unitSets: catalog.unitSets.map { ($0.name, $0.units) },
                plans: catalog.plans, dataElements: catalog.dataElements)
            let units = catalog.unitSets.flatMap(\.units)
            let placements = UnitPlacements(units: units)
            let demo = DemoData(seed: 11, years: 2022...2023).values(
                elements: elements, units: units.filter { $0.parentCode == "611" || $0.code == "611" || $0.code == "62-TAND" })
            try await DataValueStore(database: app.db).insertMissing(
                demo.map {
                    BulkValue(element: $0.element, placement: placements[$0.unitCode]!, period: $0.period, category: $0.category, value: $0.value)
                }, elements: elements, by: "test")
            let store = DataValueStore(database: app.db)
            let context = ChangeContext(actor: "t", actorUnit: nil, address: nil)
            // A whole year over halves, a cleared half, a new unit, a category changed.
            _ = try await store.save(
                [DataValueChange(element: "addicts", category: "male", value: 500, expectedVersion: nil)],
                placement: placements["23377"]!, period: .year(2023), context: context)
            let current = try await store.values(unitCode: "23380", periods: ["2023S2"])
            let hotspots = try #require(current.first { $0.element == "hotspots_eliminated" })
            _ = try await store.save(
                [DataValueChange(element: "hotspots_eliminated", value: nil, expectedVersion: hotspots.version)],
                placement: placements["23380"]!, period: .halfYear(2023, half: 2), context: context)
            _ = try await store.save(
                [DataValueChange(element: "drug_cases_detected", category: "heroin", value: 9, expectedVersion: nil)],
                placement: placements["612"]!, period: .halfYear(2023, half: 1), context: context)
            let placement612 = placements["612"]!
            _ = try await store.importRows(
                [ImportRow(element: "schools_total", placement: placement612, period: .year(2023), category: "", value: 44)],
                context: context, fileName: "t.csv")

            let raw = ElementTotalsQuery(database: app.db)
            let kept = BoardQuery(database: app.db)
            for code in ["62", "611", "612"] {
                let unit = units.first { $0.code == code }!
                let fresh = try await raw.totals(BoardQuery.scope(for: unit), elements: elements, years: 2019...2025)[""] ?? UnitTotals()
                let fromTable = try await kept.totals(plan: plan, unit: unit, allUnits: units).unit
                #expect(fromTable.years == fresh.years, "\(code) years")
                #expect(fromTable.halves == fresh.halves, "\(code) half-years")
            }
            let country = try await kept.countryTotals(plan: plan, allUnits: units)
            let province = try await kept.totals(plan: plan, unit: units.first { $0.code == "62" }!, allUnits: units).unit
            #expect(country.years == province.years, "one province: the country is the province")
        }
    }
}
