import PCMTDomain
import Testing

/// How the registry of people makes a commune's values (issue 17, item 1), one table; each expected figure is counted
/// by hand from the people below.
@Suite struct RegistryTotalsTests {
    typealias P = PersonTimeline

    /// Four people of commune A ("10001") and B ("10002"):
    /// - an addict man, managed in A from 2026-02-10, counselled 2026-03-01 and 2026-08-05, on methadone from
    ///   2026-09-01; in post-rehabilitation management from 2026-03-05 (to 2027-03-05), ended early on 2026-12-31;
    /// - an illicit user woman, managed in A from 2026-05-01, moved to B on 2026-07-20, rehabilitated at home
    ///   2026-06-15 (in A) and at a facility 2026-10-01 (in B); in post-rehabilitation management from 2026-06-20
    ///   (to 2027-06-20), in A and then in B;
    /// - an addict woman, managed in B from 2025-11-01, closed 2026-06-30; in post-rehabilitation management from
    ///   2025-12-01 (to 2026-12-01), which ends for the counts with the record;
    /// - an illicit user man, managed in A from 2026-12-01 (after 2026S1), never served.
    static let people: [P] = [
        P(
            sex: .male, status: .addict, managedFrom: "2026-02-10", closedOn: nil,
            placements: [.init(day: "2026-02-10", communeCode: "10001")],
            services: [
                .init(day: "2026-03-01", kind: .counselling), .init(day: "2026-08-05", kind: .counselling),
                .init(day: "2026-09-01", kind: .methadone),
            ], periods: [.init(kind: "post_rehab", startOn: "2026-03-05", endsOn: "2027-03-05", endedOn: "2026-12-31")]),
        P(
            sex: .female, status: .illicitUser, managedFrom: "2026-05-01", closedOn: nil,
            placements: [.init(day: "2026-07-20", communeCode: "10002"), .init(day: "2026-05-01", communeCode: "10001")],
            services: [.init(day: "2026-06-15", kind: .rehabHomeCommunity), .init(day: "2026-10-01", kind: .rehabVoluntaryFacility)],
            periods: [
                .init(kind: "illicit_use", startOn: "2026-05-01", endsOn: "2027-05-01"),
                .init(kind: "post_rehab", startOn: "2026-06-20", endsOn: "2027-06-20"),
            ]),
        P(
            sex: .female, status: .addict, managedFrom: "2025-11-01", closedOn: "2026-06-30",
            placements: [.init(day: "2025-11-01", communeCode: "10002")], services: [.init(day: "2025-12-01", kind: .reintegration)],
            periods: [.init(kind: "post_rehab", startOn: "2025-12-01", endsOn: "2026-12-01")]),
        P(
            sex: .male, status: .illicitUser, managedFrom: "2026-12-01", closedOn: nil,
            placements: [.init(day: "2026-12-01", communeCode: "10001")], services: []),
    ]

    static func v(_ element: String, _ category: String = "") -> DataValueKey { DataValueKey(element: element, category: category) }

    @Test(arguments: [
        // A, first half of 2026: the man (served) and the woman (served at home) are there on 30/06, both in
        // post-rehabilitation management.
        (
            "10001", Period.halfYear(2026, half: 1),
            [
                "users_with_record": 2.0, "addicts/male": 1, "addicts/female": 0, "users_served": 2, "methadone": 0, "post_rehab_managed": 2,
                "counselling": 1,
                "rehabilitation/home_community": 1, "rehabilitation/voluntary_facility": 0, "rehabilitation/compulsory": 0,
                "reintegration_support": 0,
            ]
        ),
        // A, second half: the woman left on 20/07; the late man is there but not served; the methadone counts; the man's
        // post-rehabilitation management ended early on 31/12, so he is not in it at the end of that day.
        (
            "10001", .halfYear(2026, half: 2),
            [
                "users_with_record": 2.0, "addicts/male": 1, "addicts/female": 0, "users_served": 1, "methadone": 1, "post_rehab_managed": 0,
                "counselling": 1,
                "rehabilitation/home_community": 0, "rehabilitation/voluntary_facility": 0, "rehabilitation/compulsory": 0,
                "reintegration_support": 0,
            ]
        ),
        // A, the year: stocks as on 31/12, flows over the year = S1 + S2.
        (
            "10001", .year(2026),
            [
                "users_with_record": 2.0, "addicts/male": 1, "addicts/female": 0, "users_served": 1, "methadone": 1, "post_rehab_managed": 0,
                "counselling": 2,
                "rehabilitation/home_community": 1, "rehabilitation/voluntary_facility": 0, "rehabilitation/compulsory": 0,
                "reintegration_support": 0,
            ]
        ),
        // B, first half: the woman closed on 30/06 is not under management at its end; the mover is not there yet.
        (
            "10002", .halfYear(2026, half: 1),
            [
                "users_with_record": 0.0, "addicts/male": 0, "addicts/female": 0, "users_served": 0, "methadone": 0, "post_rehab_managed": 0,
                "counselling": 0,
                "rehabilitation/home_community": 0, "rehabilitation/voluntary_facility": 0, "rehabilitation/compulsory": 0,
                "reintegration_support": 0,
            ]
        ),
        // B, second half: the mover, served (at home in A and at a facility in B), in post-rehabilitation management in
        // B now; the facility course counts in B.
        (
            "10002", .halfYear(2026, half: 2),
            [
                "users_with_record": 1.0, "addicts/male": 0, "addicts/female": 0, "users_served": 1, "methadone": 0, "post_rehab_managed": 1,
                "counselling": 0,
                "rehabilitation/home_community": 0, "rehabilitation/voluntary_facility": 1, "rehabilitation/compulsory": 0,
                "reintegration_support": 0,
            ]
        ),
        // B, 2025: the closed addict woman was there on 31/12/2025, with her reintegration support and in
        // post-rehabilitation management (begun 01/12/2025).
        (
            "10002", .year(2025),
            [
                "users_with_record": 1.0, "addicts/male": 0, "addicts/female": 1, "users_served": 1, "methadone": 0, "post_rehab_managed": 1,
                "counselling": 0,
                "rehabilitation/home_community": 0, "rehabilitation/voluntary_facility": 0, "rehabilitation/compulsory": 0,
                "reintegration_support": 1,
            ]
        ),
    ])
    func aCommunesValuesAreCountedFromItsPeople(commune: String, period: Period, expected: [String: Double]) {
        let got = PeopleRegistryTotals.values(of: Self.people, communeCode: commune, period: period)
        let named = Dictionary(
            uniqueKeysWithValues: got.map { ($0.key.category.isEmpty ? $0.key.element : "\($0.key.element)/\($0.key.category)", $0.value) })
        #expect(named == expected)
    }

    @Test(arguments: [
        // A change in the second half of 2026 moves that half and the year, not the first half.
        ("2026-08-05", 2021, "2026-12-01", ["2026S2", "2026"]),
        // A change in the first half moves both halves and the year.
        ("2026-03-01", 2021, "2026-12-01", ["2026S1", "2026S2", "2026"]),
        // A change back in 2025 moves 2025 and 2026; a half that has not begun is left.
        ("2025-11-01", 2021, "2026-03-01", ["2025S2", "2025", "2026S1", "2026"]),
        // Before the year values are derived from, nothing earlier moves.
        ("2024-05-01", 2026, "2026-12-01", ["2026S1", "2026S2", "2026"]),
        // A derivation that begins after today moves nothing.
        ("2026-05-01", 2027, "2026-12-01", []),
    ])
    func aChangeMovesThePeriodsFromItsDay(day: String, fromYear: Int, today: String, expected: [String]) {
        #expect(PeopleRegistryTotals.periods(from: day, fromYear: fromYear, today: today).map(\.description) == expected)
    }

    @Test func aPersonIsUnderManagementFromTheFirstDayUntilTheDayBeforeClosing() {
        let person = Self.people[2]
        #expect(!person.isManaged(on: "2025-10-31"))
        #expect(person.isManaged(on: "2025-11-01"))
        #expect(person.isManaged(on: "2026-06-29"))
        #expect(!person.isManaged(on: "2026-06-30"))
        #expect(Self.people[1].commune(on: "2026-07-19") == "10001")
        #expect(Self.people[1].commune(on: "2026-07-20") == "10002")
        #expect(Self.people[1].commune(on: "2026-04-30") == nil)
    }
}
