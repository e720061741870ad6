import Foundation

/// A kind of management period of the registry of people (issue 17: "management periods with their legal
/// durations … as plan data, not code, with the legal source named"), read from the built-in data file
/// `registry/management-periods.json` (``ManagementRules/parse(_:file:)``).
public struct ManagementPeriodKind: Sendable, Equatable {
    /// The code the periods' events keep ("illicit_use", "post_rehab").
    public var code: String
    public var nameVi: String
    public var nameEn: String
    /// The duration, in months.
    public var months: Int
    /// The law that sets the duration, named as users read it.
    public var legalSource: String
    /// The status whose registration starts a period of this kind from the day management begins.
    public var startsWithStatus: DrugUseStatus?
    /// The services of which one must have been recorded, on or before the period's first day, before it can be
    /// started (post-rehabilitation management follows a rehabilitation); empty for none.
    public var afterServices: [PersonServiceKind]

    /// The post-rehabilitation management, whose people the registry counts as `post_rehab_managed`.
    public static let postRehabCode = "post_rehab"

    public init(
        code: String, nameVi: String, nameEn: String, months: Int, legalSource: String, startsWithStatus: DrugUseStatus? = nil,
        afterServices: [PersonServiceKind] = []
    ) {
        self.code = code; self.nameVi = nameVi; self.nameEn = nameEn; self.months = months; self.legalSource = legalSource
        self.startsWithStatus = startsWithStatus; self.afterServices = afterServices
    }

    public func name(_ language: Language) -> String { language == .vi ? nameVi : nameEn }

    /// The last day of a period of this kind begun on `start` ("yyyy-mm-dd"): the day of the same number `months`
    /// later, or the last day of that month when it has no such day (Bộ luật Dân sự 2015, Điều 147–148: a duration
    /// in months or years ends on the corresponding day of its last month). Nil for a text that is not a day.
    public func endsOn(start: String) -> String? {
        guard let day = OfficialDate(iso: start) else { return nil }
        let total = day.month - 1 + months
        let year = day.year + total / 12
        let month = total % 12 + 1
        return OfficialDate(year: year, month: month, day: min(day.day, OfficialDate.days(in: month, of: year)))?.iso
    }
}

/// The registry's rules that are data: the kinds of management period, and the days by which the to-do list flags
/// a management ending soon and a service overdue, each with its reason.
public struct ManagementRules: Sendable, Equatable {
    public var kinds: [ManagementPeriodKind]
    /// A period ending within this many days from today is on the to-do list.
    public var dueWithinDays: Int
    public var dueWithinDaysReason: String
    /// An addict under management without any service recorded this many days after management began is on the
    /// to-do list (``ManagementDue``).
    public var serviceDueDays: Int
    public var serviceDueReason: String

    public init(kinds: [ManagementPeriodKind], dueWithinDays: Int, dueWithinDaysReason: String, serviceDueDays: Int, serviceDueReason: String) {
        self.kinds = kinds; self.dueWithinDays = dueWithinDays; self.dueWithinDaysReason = dueWithinDaysReason
        self.serviceDueDays = serviceDueDays; self.serviceDueReason = serviceDueReason
    }

    public func kind(_ code: String) -> ManagementPeriodKind? { kinds.first { $0.code == code } }

    /// The kind whose period a registration with `status` starts, if any.
    public func kind(startedBy status: DrugUseStatus) -> ManagementPeriodKind? { kinds.first { $0.startsWithStatus == status } }

    /// Reads the rules from the JSON of `file` (named in every error).
    ///
    /// - Throws: ``ManagementRulesError`` naming the file and the field: not JSON, a field missing or of the wrong
    ///   type, no kind, a code repeated or not lower-case letters and "_", an empty name or legal source, months
    ///   outside 1–120, a status or a service that pcmt does not know, days outside 1–3650.
    public static func parse(_ data: Data, file: String) throws -> ManagementRules {
        func fail(_ field: String, _ message: String) -> ManagementRulesError {
            ManagementRulesError(file: file, field: field, message: message)
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail("", "not a JSON object")
        }
        func text(_ object: [String: Any], _ key: String, _ path: String, optional: Bool = false) throws -> String? {
            guard let value = object[key] else {
                if optional { return nil }
                throw fail(path, "missing")
            }
            guard let string = value as? String else { throw fail(path, "must be a text") }
            guard !string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw fail(path, "must not be empty") }
            return string
        }
        func days(_ key: String) throws -> Int {
            guard let value = root[key] else { throw fail(key, "missing") }
            guard let number = value as? Int, !(value is Bool), (1...3650).contains(number) else {
                throw fail(key, "must be a whole number of days from 1 to 3650")
            }
            return number
        }
        guard let list = root["kinds"] as? [[String: Any]] else { throw fail("kinds", "missing or not a list of objects") }
        guard !list.isEmpty else { throw fail("kinds", "must name at least one kind") }
        var kinds: [ManagementPeriodKind] = []
        for (index, object) in list.enumerated() {
            let path = "kinds[\(index)]"
            let code = try text(object, "code", "\(path).code")!
            guard code.allSatisfy({ ("a"..."z").contains($0) || $0 == "_" }) else {
                throw fail("\(path).code", "\"\(code)\": only lower-case letters and _")
            }
            guard !kinds.contains(where: { $0.code == code }) else { throw fail("\(path).code", "\"\(code)\" is repeated") }
            guard let monthsValue = object["months"] else { throw fail("\(path).months", "missing") }
            guard let months = monthsValue as? Int, !(monthsValue is Bool), (1...120).contains(months) else {
                throw fail("\(path).months", "must be a whole number of months from 1 to 120")
            }
            var status: DrugUseStatus? = nil
            if let raw = try text(object, "startsWithStatus", "\(path).startsWithStatus", optional: true) {
                guard let known = DrugUseStatus(rawValue: raw) else { throw fail("\(path).startsWithStatus", "\"\(raw)\" is not a status") }
                guard !kinds.contains(where: { $0.startsWithStatus == known }) else {
                    throw fail("\(path).startsWithStatus", "\"\(raw)\" already starts another kind")
                }
                status = known
            }
            var services: [PersonServiceKind] = []
            if let raw = object["afterServices"] {
                guard let names = raw as? [String] else { throw fail("\(path).afterServices", "must be a list of texts") }
                for name in names {
                    guard let service = PersonServiceKind(rawValue: name) else {
                        throw fail("\(path).afterServices", "\"\(name)\" is not a service")
                    }
                    services.append(service)
                }
            }
            kinds.append(
                ManagementPeriodKind(
                    code: code, nameVi: try text(object, "name", "\(path).name")!, nameEn: try text(object, "nameEn", "\(path).nameEn")!,
                    months: months, legalSource: try text(object, "legalSource", "\(path).legalSource")!, startsWithStatus: status,
                    afterServices: services))
        }
        return ManagementRules(
            kinds: kinds, dueWithinDays: try days("dueWithinDays"),
            dueWithinDaysReason: try text(root, "dueWithinDaysReason", "dueWithinDaysReason")!,
            serviceDueDays: try days("serviceDueDays"), serviceDueReason: try text(root, "serviceDueReason", "serviceDueReason")!)
    }
}

/// A management data file that cannot be used, naming the file and the field ("kinds[1].months").
public struct ManagementRulesError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var message: String

    public init(file: String, field: String, message: String) { self.file = file; self.field = field; self.message = message }

    public var description: String {
        field.isEmpty ? "Management periods file \(file): \(message)" : "Management periods file \(file), field \(field): \(message)"
    }
}

/// A management period of a person, as its events hold it: begun on `startOn`, due to end on `endsOn` (computed from
/// the kind's duration when it began, and saved), ended early on `endedOn` when it was.
public struct ManagementPeriod: Sendable, Equatable {
    public var kind: String
    public var startOn: String
    /// The last day of the period as computed when it began (``ManagementPeriodKind/endsOn(start:)``).
    public var endsOn: String
    /// The day it was ended early (from that day the person is no longer in it), nil when it runs its course.
    public var endedOn: String?

    public init(kind: String, startOn: String, endsOn: String, endedOn: String? = nil) {
        self.kind = kind; self.startOn = startOn; self.endsOn = endsOn; self.endedOn = endedOn
    }

    /// Whether the person is in the period at the end of `day`.
    public func covers(_ day: String) -> Bool {
        startOn <= day && day <= endsOn && (endedOn.map { day < $0 } ?? true)
    }

    /// Whether the period is over by `day`: ended early on or before it, or its last day before it.
    public func isOver(on day: String) -> Bool {
        (endedOn.map { $0 <= day } ?? false) || endsOn < day
    }

    /// The periods a history's events make, in the order they began: each start (`started`: kind, day, end day) is
    /// a period, and each early end (`ended`: kind, day), taken in the order of their days, ends the latest period of
    /// its kind begun on or before that day and not ended yet.
    public static func from(
        started: [(kind: String, on: String, endsOn: String)], ended: [(kind: String, on: String)]
    ) -> [ManagementPeriod] {
        var periods = started.sorted { $0.on < $1.on }.map { ManagementPeriod(kind: $0.kind, startOn: $0.on, endsOn: $0.endsOn) }
        for end in ended.sorted(by: { $0.on < $1.on }) {
            if let index = periods.indices.last(where: {
                periods[$0].kind == end.kind && periods[$0].endedOn == nil && periods[$0].startOn <= end.on
            }) {
                periods[index].endedOn = end.on
            }
        }
        return periods
    }
}

/// What the to-do list of the registry says about one open record (issue 17: "the due dates (management ending,
/// services overdue) on the commune's and district's to-do list"):
///
/// - `managementEnding`: the person's latest management period ends within ``ManagementRules/dueWithinDays`` from
///   today (its end day from today on);
/// - `managementEnded`: the latest period is over (ran its course, or was ended early) and the record is still open:
///   the commune closes it or starts the next period;
/// - `serviceOverdue`: an addict, under management for ``ManagementRules/serviceDueDays`` or more, with no service
///   recorded since management began (the file's `serviceDueReason` says why: a working rule, not a legal time limit).
public enum ManagementDue: Sendable, Equatable {
    case managementEnding(kind: String, on: String)
    case managementEnded(kind: String, on: String)
    case serviceOverdue(since: String)

    /// The day the item is about: the end day, or the day the service became due.
    public var day: String {
        switch self {
        case .managementEnding(_, let on), .managementEnded(_, let on): on
        case .serviceOverdue(let since): since
        }
    }

    /// Whether it concerns the end of management (the list's filter "by due management end").
    public var isManagementEnd: Bool {
        if case .serviceOverdue = self { return false }
        return true
    }

    /// The items of an open record on `today`: `periods` its management periods, `services` the days of its services.
    public static func items(
        status: DrugUseStatus, managedFrom: String, periods: [ManagementPeriod], serviceDays: [String], today: String, rules: ManagementRules
    ) -> [ManagementDue] {
        var items: [ManagementDue] = []
        if let latest = periods.max(by: { $0.startOn < $1.startOn }) {
            if let ended = latest.endedOn, ended <= today {
                items.append(.managementEnded(kind: latest.kind, on: ended))
            } else if latest.endsOn < today {
                items.append(.managementEnded(kind: latest.kind, on: latest.endsOn))
            } else if let horizon = add(days: rules.dueWithinDays, to: today), latest.endsOn <= horizon {
                items.append(.managementEnding(kind: latest.kind, on: latest.endsOn))
            }
        }
        if status == .addict, !serviceDays.contains(where: { $0 >= managedFrom }), let due = add(days: rules.serviceDueDays, to: managedFrom),
            due <= today
        {
            items.append(.serviceOverdue(since: due))
        }
        return items
    }

    /// `day` ("yyyy-mm-dd") plus `days`, nil for a text that is not a day.
    public static func add(days: Int, to day: String) -> String? {
        guard let start = OfficialDate(iso: day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: start.year, month: start.month, day: start.day)),
            let moved = calendar.date(byAdding: .day, value: days, to: date)
        else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: moved)
        return OfficialDate(year: parts.year!, month: parts.month!, day: parts.day!)?.iso
    }
}
