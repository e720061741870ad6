import Foundation

/// Where a unit's value of a data element comes from (issue 17, item 1): typed in (the entry form, an imported file,
/// the API), or derived from a registry's records. The standing office chooses per element and unit; an element
/// without a choice is typed.
public enum ValueSource: String, Codable, Sendable, CaseIterable {
    case typed
    /// Counted from the registry of people under management (``PeopleRegistryTotals``).
    case peopleRegistry = "people_registry"
    /// Counted from a registry of records (``RecordRegistry``).
    case drugCases = "drug_cases"
    case traffickingLeads = "trafficking_leads"
    case hotspots
    case communeSituation = "commune_situation"
    case cultivation
    case propaganda

    /// The registry of records the source counts from, nil for typed values and the registry of people.
    public var registry: RecordRegistry? { RecordRegistry.allCases.first { $0.source == self } }

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.typed, .vi): "Nhập tay"
        case (.typed, .en): "Typed"
        case (.peopleRegistry, .vi): "Tính từ sổ quản lý người sử dụng, người nghiện"
        case (.peopleRegistry, .en): "Derived from the registry of people under management"
        case (_, .vi): "Tính từ " + (registry?.name(.vi) ?? "").lowercased()
        case (_, .en): "Derived from the registry of " + (registry?.name(.en) ?? "").lowercased()
        }
    }
}

/// What the registry of people holds about one person, as counting needs it: no identity, only days, commune
/// codes, the status, the sex and the services.
public struct PersonTimeline: Sendable, Equatable {
    /// A commune that kept the record from `day` ("yyyy-mm-dd") until the next placement.
    public struct Placement: Sendable, Equatable {
        public var day: String
        public var communeCode: String
        public init(day: String, communeCode: String) { self.day = day; self.communeCode = communeCode }
    }

    public struct Service: Sendable, Equatable {
        public var day: String
        public var kind: PersonServiceKind
        public init(day: String, kind: PersonServiceKind) { self.day = day; self.kind = kind }
    }

    public var sex: PersonSex
    public var status: DrugUseStatus
    /// The day management began, "yyyy-mm-dd".
    public var managedFrom: String
    /// The day the record was closed; from that day the person is no longer under management.
    public var closedOn: String?
    /// The commune that registered the person from `managedFrom`, then each accepted move from its day; in any order.
    public var placements: [Placement]
    public var services: [Service]
    /// The management periods (``ManagementPeriod``), with the end day each was given when it began.
    public var periods: [ManagementPeriod]

    public init(
        sex: PersonSex, status: DrugUseStatus, managedFrom: String, closedOn: String?, placements: [Placement], services: [Service],
        periods: [ManagementPeriod] = []
    ) {
        self.sex = sex; self.status = status; self.managedFrom = managedFrom; self.closedOn = closedOn
        self.placements = placements.sorted { $0.day < $1.day }; self.services = services; self.periods = periods
    }

    /// Whether the person is under management at the end of `day`: management has begun and the record is not closed
    /// on or before it.
    public func isManaged(on day: String) -> Bool {
        managedFrom <= day && (closedOn.map { $0 > day } ?? true)
    }

    /// The commune keeping the record on `day` (the last placement from that day or before), nil before the first.
    public func commune(on day: String) -> String? {
        placements.last { $0.day <= day }?.communeCode
    }
}

/// The data elements that the registry of people under management yields, and how (issue 17, item 1: "flows by event
/// date, stocks at the period's end"). The codes are those of Kế hoạch 3959's elements (mục II.1–2: người nghiện,
/// người sử dụng có hồ sơ quản lý, tiếp cận dịch vụ) and of its successor plans, which share them.
///
/// - Stocks, at the period's last day, over the people under management that day whose record the commune keeps
///   that day (``PersonTimeline/isManaged(on:)``, ``PersonTimeline/commune(on:)``):
///   - `users_with_record` — every such person (người nghiện và người sử dụng trái phép có hồ sơ quản lý);
///   - `addicts` — those whose status is addict (Luật Phòng, chống ma túy 2021, Điều 2 khoản 13), by sex (categories
///     `male`, `female`);
///   - `users_served` — those who received at least one service since their management began, up to that day
///     (mục tiêu 2 of the plan: "được tiếp cận dịch vụ tư vấn, điều trị, cai nghiện ma túy và hỗ trợ hòa nhập cộng
///     đồng");
///   - `methadone` — those who received methadone or buprenorphine treatment since their management began;
///   - `post_rehab_managed` — those in a post-rehabilitation management period that day
///     (``ManagementPeriodKind/postRehabCode``, ``ManagementPeriod/covers(_:)``: begun, not past its saved end day,
///     not ended early on or before it).
/// - Flows, counted by the day of the service, for the commune that kept the record that day:
///   - `counselling` — counselling sessions (lượt tư vấn);
///   - `rehabilitation` — courses of rehabilitation begun, by form (categories `home_community`,
///     `voluntary_facility`, `compulsory`; Điều 28 of the law);
///   - `reintegration_support` — reintegration support given.
///   Flows count events, not distinct people, so that a year is exactly its two halves (``DataElement/Aggregation/flow``).
public enum PeopleRegistryTotals {
    /// The elements the registry yields, in the order shown.
    public static let elements: [String] = [
        "users_with_record", "addicts", "users_served", "methadone", "post_rehab_managed", "counselling", "rehabilitation",
        "reintegration_support",
    ]

    /// The categories each element is broken down by ("" for none); every one is written, zeros included, so that a
    /// derived value is never missing.
    public static func categories(of element: String) -> [String] {
        switch element {
        case "addicts": ["male", "female"]
        case "rehabilitation": ["home_community", "voluntary_facility", "compulsory"]
        default: [""]
        }
    }

    /// Every value the registry yields for `communeCode` and `period` (a year or a half-year), zeros included, keyed
    /// by element and category. A year's stock is taken on 31/12 and its flows over the whole year, so a year is
    /// exactly what its halves make.
    public static func values(of people: [PersonTimeline], communeCode: String, period: Period) -> [DataValueKey: Double] {
        let (first, last) = DataValueRules.days(of: period)
        var counts: [DataValueKey: Double] = [:]
        for element in elements {
            for category in categories(of: element) { counts[DataValueKey(element: element, category: category)] = 0 }
        }
        func add(_ element: String, _ category: String = "") {
            counts[DataValueKey(element: element, category: category), default: 0] += 1
        }
        for person in people {
            if person.isManaged(on: last), person.commune(on: last) == communeCode {
                add("users_with_record")
                if person.status == .addict { add("addicts", person.sex == .male ? "male" : "female") }
                let since = person.services.filter { $0.day >= person.managedFrom && $0.day <= last }
                if !since.isEmpty { add("users_served") }
                if since.contains(where: { $0.kind == .methadone || $0.kind == .buprenorphine }) { add("methadone") }
                if person.periods.contains(where: { $0.kind == ManagementPeriodKind.postRehabCode && $0.covers(last) }) {
                    add("post_rehab_managed")
                }
            }
            for service in person.services where service.day >= first && service.day <= last {
                guard person.commune(on: service.day) == communeCode else { continue }
                switch service.kind {
                case .counselling: add("counselling")
                case .rehabHomeCommunity: add("rehabilitation", "home_community")
                case .rehabVoluntaryFacility: add("rehabilitation", "voluntary_facility")
                case .rehabCompulsory: add("rehabilitation", "compulsory")
                case .reintegration: add("reintegration_support")
                case .methadone, .buprenorphine: break
                }
            }
        }
        return counts
    }

    /// The periods whose derived values a change dated `day` can move, for a unit whose values are derived from
    /// `fromYear`: every half-year and year from the later of the two through `today`'s year, except periods that
    /// begin after `today` (nothing is known of them yet). A stock moves in every period ending on or after the day;
    /// a flow only in the period holding it, but the periods are few, and recounting them all keeps one rule.
    public static func periods(from day: String, fromYear: Int, today: String) -> [Period] {
        guard let dayYear = Int(day.prefix(4)), let todayYear = Int(today.prefix(4)) else { return [] }
        let start = max(dayYear, fromYear)
        guard start <= todayYear else { return [] }
        var periods: [Period] = []
        for year in start...todayYear {
            for period in [Period.halfYear(year, half: 1), .halfYear(year, half: 2), .year(year)]
            where DataValueRules.days(of: period).first <= today {
                if case .halfYear(_, 1) = period, year == dayYear, day > DataValueRules.days(of: period).last { continue }
                periods.append(period)
            }
        }
        return periods
    }
}
