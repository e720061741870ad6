import PCMTDomain
import PropertyBased
import Testing

/// The registries of records (issue 17): what they yield from a commune's records, each expected figure counted by
/// hand from the records below, and how they read what people write.
@Suite struct RecordRegistriesTests {
    static func r(_ fields: [String: String]) -> RegistryRecordFields { RegistryRecordFields(communeCode: "10001", fields: fields) }
    static func v(_ element: String, _ category: String = "") -> DataValueKey { DataValueKey(element: element, category: category) }

    /// Three cases: heroin by land border, 2 men + 1 woman, detected 2026-02-03, indicted 2026-05-10, resolved
    /// 2026-09-01; synthetic inland through cyberspace, 1 man, detected 2026-08-20; cannabis by express, 1 woman,
    /// detected 2025-12-30.
    static let cases = [
        r([
            "detected_on": "2026-02-03", "route": "land_border", "cyberspace": "0", "drug_type": "heroin", "suspects_male": "2",
            "suspects_female": "1", "indicted_on": "2026-05-10", "resolved_on": "2026-09-01",
        ]),
        r(["detected_on": "2026-08-20", "route": "inland", "cyberspace": "1", "drug_type": "synthetic", "suspects_male": "1"]),
        r(["detected_on": "2025-12-30", "route": "express", "drug_type": "cannabis", "suspects_female": "1"]),
    ]

    /// Hotspots: A found 2025-03-01, eliminated 2026-04-01, re-formed 2026-10-01; B found 2026-05-05; C found
    /// 2024-01-01, eliminated 2025-01-01.
    static let hotspots = [
        r(["found_on": "2025-03-01", "eliminated_on": "2026-04-01", "reformed_on": "2026-10-01"]),
        r(["found_on": "2026-05-05"]),
        r(["found_on": "2024-01-01", "eliminated_on": "2025-01-01"]),
    ]

    @Test(
        arguments: [
            // 2026S1: the heroin case (3 suspects), indicted in May; nothing resolved yet.
            (
                RecordRegistry.drugCases, Period.halfYear(2026, half: 1),
                [
                    v("drug_cases_detected", "heroin"): 1, v("drug_cases_border_express"): 1, v("drug_offenders_arrested", "male"): 2,
                    v("drug_offenders_arrested", "female"): 1, v("court_cases_received"): 1,
                ]
            ),
            // 2026: both 2026 cases; the synthetic one is inland and in cyberspace; the heroin one resolved in September.
            (
                .drugCases, .year(2026),
                [
                    v("drug_cases_detected", "heroin"): 1, v("drug_cases_detected", "synthetic"): 1, v("drug_cases_border_express"): 1,
                    v("drug_cases_cyberspace"): 1, v("drug_offenders_arrested", "male"): 3, v("drug_offenders_arrested", "female"): 1,
                    v("court_cases_received"): 1, v("court_cases_resolved"): 1,
                ]
            ),
            // 2025S2: the cannabis case by express delivery.
            (
                .drugCases, .halfYear(2025, half: 2),
                [v("drug_cases_detected", "cannabis"): 1, v("drug_cases_border_express"): 1, v("drug_offenders_arrested", "female"): 1]
            ),
            // 2026S1: A eliminated in April, B found in May; on 30/06 only B exists.
            (.hotspots, .halfYear(2026, half: 1), [v("hotspots_existing"): 1, v("hotspots_new"): 1, v("hotspots_eliminated"): 1]),
            // 2026S2: A re-formed in October, so A and B exist on 31/12.
            (.hotspots, .halfYear(2026, half: 2), [v("hotspots_existing"): 2, v("hotspots_new"): 1]),
            // 2025: A found, C eliminated; A exists on 31/12/2025.
            (.hotspots, .year(2025), [v("hotspots_existing"): 1, v("hotspots_new"): 1, v("hotspots_eliminated"): 1]),
        ] as [(RecordRegistry, Period, [DataValueKey: Double])])
    func counts(registry: RecordRegistry, period: Period, expected: [DataValueKey: Double]) {
        let records = registry == .drugCases ? Self.cases : Self.hotspots
        let values = registry.values(of: records, period: period)
        // Every element and category is there, zeros included.
        for element in registry.elements {
            for category in registry.categories(of: element) {
                let key = Self.v(element, category)
                #expect(values[key] == (expected[key] ?? 0), "\(key) in \(period)")
            }
        }
        #expect(values.count == registry.elements.map { registry.categories(of: $0).count }.reduce(0, +))
    }

    @Test func leadsCultivationPropagandaAndSituation() {
        let leads = [
            Self.r(["received_on": "2026-01-05", "route": "border", "verified_on": "2026-07-02", "outcome": "offence"]),
            Self.r(["received_on": "2026-03-01", "route": "express"]),
        ]
        let h1 = RecordRegistry.traffickingLeads.values(of: leads, period: .halfYear(2026, half: 1))
        #expect(h1[Self.v("trafficking_leads", "border")] == 1 && h1[Self.v("trafficking_leads", "express")] == 1)
        #expect(h1[Self.v("trafficking_leads_verified")] == 0)
        #expect(RecordRegistry.traffickingLeads.values(of: leads, period: .year(2026))[Self.v("trafficking_leads_verified")] == 1)

        let finds = [
            Self.r(["found_on": "2026-02-01", "area_m2": "120.5", "plants": "300", "destroyed_on": "2026-02-02"]),
            Self.r(["found_on": "2026-06-30", "area_m2": "40", "destroyed_on": "2026-07-01"]),
        ]
        let s1 = RecordRegistry.cultivation.values(of: finds, period: .halfYear(2026, half: 1))
        #expect(s1[Self.v("cultivation_found_m2")] == 160.5)
        #expect(s1[Self.v("cultivation_destroyed_m2")] == 120.5)
        #expect(s1[Self.v("cultivation_plants_destroyed")] == 300)

        let activities = [
            Self.r(["held_on": "2026-03-08", "kind": "meeting", "reach": "120"]),
            Self.r(["held_on": "2026-09-09", "kind": "media", "products": "4"]),
        ]
        #expect(RecordRegistry.propaganda.values(of: activities, period: .halfYear(2026, half: 1))[Self.v("commune_propaganda")] == 1)
        #expect(RecordRegistry.propaganda.values(of: activities, period: .halfYear(2026, half: 1))[Self.v("media_products")] == 0)
        #expect(RecordRegistry.propaganda.values(of: activities, period: .year(2026))[Self.v("media_products")] == 4)
        #expect(RecordRegistry.propaganda.values(of: [], period: .year(2026))[Self.v("commune_propaganda")] == 0)

        // 2025 judged drug-free on 2026-01-15; 2026 judged not drug-free on 2026-12-20.
        let decisions = [
            Self.r(["year": "2025", "drug_free": "1", "key_class": "none", "decided_on": "2026-01-15"]),
            Self.r(["year": "2026", "drug_free": "0", "key_class": "class3", "decided_on": "2026-12-20"]),
        ]
        let free = Self.v("commune_drug_free")
        #expect(RecordRegistry.communeSituation.values(of: decisions, period: .year(2025))[free] == 0, "decided after 31/12/2025")
        #expect(RecordRegistry.communeSituation.values(of: decisions, period: .halfYear(2026, half: 1))[free] == 1)
        #expect(RecordRegistry.communeSituation.values(of: decisions, period: .year(2026))[free] == 0)
    }

    @Test func readingWhatPeopleWrite() {
        let (fields, problems) = RecordRegistry.drugCases.read(
            [
                "detected_on": "3/2/2026", "detecting_body": " Công an xã ", "route": "Qua bien gioi duong bo", "drug_type": "heroin",
                "heroin_g": "12,5", "suspects_male": "2", "cyberspace": "Có",
            ], today: "2026-12-01")
        #expect(problems.isEmpty)
        #expect(fields["detected_on"] == "2026-02-03")
        #expect(fields["detecting_body"] == "Công an xã")
        #expect(fields["route"] == "land_border")
        #expect(fields["heroin_g"] == "12.5")
        #expect(fields["cyberspace"] == "1")

        let bad = RecordRegistry.drugCases.read(
            [
                "detected_on": "2026-02-30", "route": "bay", "drug_type": "heroin", "suspects_male": "-1", "detecting_body": "CA",
                "prosecuted_on": "2027-01-01",
            ], today: "2026-12-01"
        ).problems
        #expect(Set(bad.map(\.field)) == ["detected_on", "route", "suspects_male", "prosecuted_on"])
        #expect(bad.first { $0.field == "detected_on" }?.messageVi.contains("Ngày phát hiện") == true)

        // Numbers as the Vietnamese pages write them: a dot between thousands, a comma before decimals; never read short.
        let numbers = RecordRegistry.cultivation.read(
            ["found_on": "2026-05-01", "place": "Nương", "plant": "cannabis", "area_m2": "1.250,5", "plants": "2.000"], today: "2026-12-01")
        #expect(numbers.problems.isEmpty)
        #expect(numbers.fields["area_m2"] == "1250.5" && numbers.fields["plants"] == "2000")
        let english = RecordRegistry.cultivation.read(
            ["found_on": "2026-05-01", "place": "Nương", "plant": "cannabis", "area_m2": "12.5", "plants": "1e19"], today: "2026-12-01")
        #expect(Set(english.problems.map(\.field)) == ["area_m2", "plants"])
        #expect(english.problems.first { $0.field == "area_m2" }?.messageVi.contains("dấu phẩy trước phần thập phân") == true)
        #expect(english.fields["area_m2"] == nil && english.fields["plants"] == nil, "nothing read short")

        let order = RecordRegistry.hotspots.read(
            ["label": "Bãi đất trống", "kind": "point", "found_on": "2026-05-01", "eliminated_on": "2026-04-01", "reformed_on": "2026-06-01"],
            today: "2026-12-01"
        ).problems
        #expect(order.map(\.field) == ["eliminated_on"])
        let area = RecordRegistry.cultivation.read(["found_on": "2026-05-01", "place": "Nương", "plant": "cannabis"], today: "2026-12-01")
        #expect(area.problems.map(\.field) == ["area_m2"])
    }

    /// What a saved record shows in its form reads back to the same record: saving an untouched form changes nothing
    /// (a weight of 1,125 g shown "1.125" would be read as 1125 g).
    @Test func aRecordsFormReadsBackToTheSameRecord() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...2_000_000_000), Gen.int(in: 0...4), Gen.int(in: 0...10_000_000)) {
            thousandths, shift, plants in
            var divisor = 1.0
            for _ in 0..<shift { divisor *= 10 }
            let area = Double(thousandths) / divisor
            guard area <= RecordRegistry.maximumQuantity else { return }
            let typed = [
                "found_on": "2026-05-01", "place": "Nương", "plant": "poppy", "area_m2": ValueText.write(area, .vi), "plants": String(plants),
            ]
            let saved = RecordRegistry.cultivation.read(typed, today: "2026-12-01")
            #expect(saved.problems.isEmpty, "\(typed)")
            let again = RecordRegistry.cultivation.read(RecordRegistry.cultivation.written(saved.fields), today: "2026-12-01")
            #expect(again.problems.isEmpty && again.fields == saved.fields, "\(saved.fields) → \(RecordRegistry.cultivation.written(saved.fields))")
        }
        // The examples that were read a thousand times larger or refused when shown with a point.
        for (stored, shown) in [("1.125", "1,125"), ("1000.5", "1.000,5"), ("1.8", "1,8"), ("1125", "1.125")] {
            #expect(RecordRegistry.drugCases.written(["heroin_g": stored])["heroin_g"] == shown)
        }
    }

    @Test func matchKeysAndYields() {
        #expect(RecordRegistry.drugCases.matchKey(["case_number": " 12/VV-ca "]) == RecordRegistry.drugCases.matchKey(["case_number": "12/vv-CA"]))
        #expect(RecordRegistry.drugCases.matchKey([:]) == nil)
        #expect(RecordRegistry.hotspots.matchKey(["label": "Bãi Sông", "found_on": "2026-01-01"]) == "hotspot bai song 2026-01-01")
        // Each element is yielded by one source only, and each registry's source leads back to it.
        let elements = RegistryYields.all.map(\.element)
        #expect(Set(elements).count == elements.count)
        for registry in RecordRegistry.allCases { #expect(registry.source.registry == registry) }
        #expect(RegistryYields.source(of: "hotspots_existing") == .hotspots)
        #expect(RegistryYields.source(of: "users_with_record") == .peopleRegistry)
        #expect(RegistryYields.source(of: "schools_total") == nil)
    }
}
