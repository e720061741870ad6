import Foundation
import PCMTDomain
import Testing

/// Management periods as data (issue 17): the end day computed from a kind's duration, the data file read or refused
/// naming the field, periods made from a history, and the to-do list's items.
@Suite struct ManagementPeriodsTests {
    static let year = ManagementPeriodKind(code: "illicit_use", nameVi: "Quản lý", nameEn: "Management", months: 12, legalSource: "Luật")

    @Test(arguments: [
        // The corresponding day of the last month (Bộ luật Dân sự 2015, Điều 148).
        ("2025-03-10", 12, "2026-03-10"),
        // 29/02 a year later has no such day: the last day of February.
        ("2024-02-29", 12, "2025-02-28"),
        ("2025-08-31", 6, "2026-02-28"),
        ("2023-12-31", 2, "2024-02-29"),
        ("2025-11-30", 3, "2026-02-28"),
        ("2025-01-15", 24, "2027-01-15"),
    ])
    func aPeriodEndsOnTheCorrespondingDayOfItsLastMonth(start: String, months: Int, end: String) {
        var kind = Self.year
        kind.months = months
        #expect(kind.endsOn(start: start) == end)
    }

    @Test func aTextThatIsNoDayHasNoEnd() {
        #expect(Self.year.endsOn(start: "2025-02-30") == nil)
        #expect(Self.year.endsOn(start: "10/03/2025") == nil)
    }

    /// A good file, as JSON text, with `change` applied to it.
    static func file(_ change: (inout [String: Any]) -> Void = { _ in }) -> Data {
        var root: [String: Any] = [
            "kinds": [
                [
                    "code": "illicit_use", "name": "Quản lý người sử dụng trái phép chất ma túy", "nameEn": "Management of an illicit drug user",
                    "months": 12, "legalSource": "Luật 73/2021/QH14, Điều 23", "startsWithStatus": "illicit_user",
                ] as [String: Any],
                [
                    "code": "post_rehab", "name": "Quản lý sau cai nghiện ma túy", "nameEn": "Post-rehabilitation management", "months": 12,
                    "legalSource": "Luật 73/2021/QH14, Điều 43", "afterServices": ["rehab_compulsory"],
                ],
            ],
            "dueWithinDays": 30, "dueWithinDaysReason": "Để kịp lập thủ tục.", "serviceDueDays": 90, "serviceDueReason": "Quy ước.",
        ]
        change(&root)
        return try! JSONSerialization.data(withJSONObject: root)
    }

    @Test func aGoodFileIsRead() throws {
        let rules = try ManagementRules.parse(Self.file(), file: "m.json")
        #expect(rules.kinds.map(\.code) == ["illicit_use", "post_rehab"])
        #expect(rules.kind(startedBy: .illicitUser)?.code == "illicit_use")
        #expect(rules.kind(startedBy: .addict) == nil)
        #expect(rules.kind("post_rehab")?.afterServices == [.rehabCompulsory])
        #expect(rules.kind("post_rehab")?.legalSource == "Luật 73/2021/QH14, Điều 43")
        #expect(rules.dueWithinDays == 30 && rules.serviceDueDays == 90)
    }

    /// The good file with one field changed: in the kind at `index` (nil: at the top), `key` set to the JSON `value`
    /// (nil: removed).
    static func changed(_ index: Int?, _ key: String, _ value: String?) -> Data {
        file { root in
            let parsed = value.map { try! JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
            if let index {
                var kinds = root["kinds"] as! [[String: Any]]
                kinds[index][key] = parsed
                root["kinds"] = kinds
            } else {
                root[key] = parsed
            }
        }
    }

    @Test(
        arguments: [
            ("kinds[1].months", 1, "months", "0"),
            ("kinds[1].months", 1, "months", #""12""#),
            ("kinds[0].months", 0, "months", nil),
            ("kinds[0].legalSource", 0, "legalSource", #"" ""#),
            ("kinds[0].legalSource", 0, "legalSource", nil),
            ("kinds[1].code", 1, "code", #""illicit_use""#),
            ("kinds[0].code", 0, "code", #""Illicit use""#),
            ("kinds[0].name", 0, "name", "3"),
            ("kinds[0].startsWithStatus", 0, "startsWithStatus", #""user""#),
            ("kinds[1].startsWithStatus", 1, "startsWithStatus", #""illicit_user""#),
            ("kinds[1].afterServices", 1, "afterServices", #"["rehab"]"#),
            ("kinds", nil, "kinds", "[]"),
            ("kinds", nil, "kinds", nil),
            ("dueWithinDays", nil, "dueWithinDays", "-1"),
            ("serviceDueDays", nil, "serviceDueDays", nil),
            ("serviceDueReason", nil, "serviceDueReason", #""""#),
        ] as [(String, Int?, String, String?)])
    func aBadFileIsRefusedNamingTheFileAndTheField(field: String, index: Int?, key: String, value: String?) {
        #expect {
            try ManagementRules.parse(Self.changed(index, key, value), file: "registry/management-periods.json")
        } throws: { error in
            guard let error = error as? ManagementRulesError else { return false }
            return error.file == "registry/management-periods.json" && error.field == field
                && error.description.contains("registry/management-periods.json") && error.description.contains(field)
        }
    }

    @Test func aFileThatIsNotJSONIsRefusedNamingTheFile() {
        #expect(throws: ManagementRulesError(file: "m.json", field: "", message: "not a JSON object")) {
            try ManagementRules.parse(Data("{kinds".utf8), file: "m.json")
        }
    }

    @Test func anEarlyEndEndsTheLatestPeriodOfItsKindBegunBeforeIt() {
        let periods = ManagementPeriod.from(
            started: [
                ("post_rehab", "2025-06-01", "2026-06-01"), ("illicit_use", "2024-01-10", "2025-01-10"), ("illicit_use", "2025-03-01", "2026-03-01"),
            ],
            ended: [("illicit_use", "2025-04-15")])
        #expect(
            periods == [
                .init(kind: "illicit_use", startOn: "2024-01-10", endsOn: "2025-01-10"),
                .init(kind: "illicit_use", startOn: "2025-03-01", endsOn: "2026-03-01", endedOn: "2025-04-15"),
                .init(kind: "post_rehab", startOn: "2025-06-01", endsOn: "2026-06-01"),
            ])
        #expect(periods[1].covers("2025-04-14") && !periods[1].covers("2025-04-15"))
        #expect(periods[0].covers("2025-01-10") && !periods[0].covers("2025-01-11") && !periods[0].covers("2024-01-09"))
    }

    static let rules = try! ManagementRules.parse(file(), file: "m.json")

    @Test(
        arguments: [
            // Ends in 30 days or fewer: due.
            (
                DrugUseStatus.illicitUser, "2025-12-20", [ManagementPeriod(kind: "illicit_use", startOn: "2025-12-20", endsOn: "2026-12-20")],
                [String](),
                [ManagementDue.managementEnding(kind: "illicit_use", on: "2026-12-20")]
            ),
            // The last day of the window is in it; a day later is not.
            (
                .illicitUser, "2025-12-31", [.init(kind: "illicit_use", startOn: "2025-12-31", endsOn: "2026-12-31")], [],
                [.managementEnding(kind: "illicit_use", on: "2026-12-31")]
            ),
            (.illicitUser, "2026-01-01", [.init(kind: "illicit_use", startOn: "2026-01-01", endsOn: "2027-01-01")], [], []),
            // Ran its course yesterday, record open.
            (
                .illicitUser, "2025-11-30", [.init(kind: "illicit_use", startOn: "2025-11-30", endsOn: "2026-11-30")], [],
                [.managementEnded(kind: "illicit_use", on: "2026-11-30")]
            ),
            // Ended early, record open.
            (
                .illicitUser, "2026-06-01", [.init(kind: "illicit_use", startOn: "2026-06-01", endsOn: "2027-06-01", endedOn: "2026-10-01")], [],
                [.managementEnded(kind: "illicit_use", on: "2026-10-01")]
            ),
            // Only the latest period counts: an ended one followed by a running one is nothing due.
            (
                .illicitUser, "2025-01-01",
                [
                    .init(kind: "illicit_use", startOn: "2025-01-01", endsOn: "2026-01-01"),
                    .init(kind: "post_rehab", startOn: "2026-02-01", endsOn: "2027-02-01"),
                ], [], []
            ),
            // An addict with no service 90 days after management began; one served since is not.
            (.addict, "2026-09-01", [], [], [.serviceOverdue(since: "2026-11-30")]),
            (.addict, "2026-09-03", [], [], []),
            (.addict, "2026-01-01", [], ["2026-02-01"], []),
            // A service before management began does not count.
            (.addict, "2026-01-01", [], ["2025-12-01"], [.serviceOverdue(since: "2026-04-01")]),
            // Illicit users are not asked for services.
            (.illicitUser, "2026-01-01", [], [], []),
        ] as [(DrugUseStatus, String, [ManagementPeriod], [String], [ManagementDue])])
    func theToDoListNamesManagementEndsAndServicesOverdue(
        status: DrugUseStatus, managedFrom: String, periods: [ManagementPeriod], services: [String], expected: [ManagementDue]
    ) {
        #expect(
            ManagementDue.items(
                status: status, managedFrom: managedFrom, periods: periods, serviceDays: services, today: "2026-12-01", rules: Self.rules)
                == expected)
    }

    @Test func daysAreAdded() {
        #expect(ManagementDue.add(days: 30, to: "2026-12-01") == "2026-12-31")
        #expect(ManagementDue.add(days: 90, to: "2024-01-01") == "2024-03-31")
        #expect(ManagementDue.add(days: 1, to: "2026-13-01") == nil)
    }
}
