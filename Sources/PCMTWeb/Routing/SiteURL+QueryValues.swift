import PCMTDomain
import Vapor

/// The query of an address: the same struct builds the link (`queryItems`, in a fixed order, nil left out) and is
/// decoded by the handler (`request.query.decode(T.self)`), so that a link and its handler cannot disagree.
protocol QueryValues: Content, Equatable {
    var queryItems: [(String, String?)] { get }
}

/// The target board's filter: a period ("2023", "2023S1", "2021-2025"), a unit code (`orgunit` is the API's name
/// for it), and whether unapproved data is included (`all=1` or `data=all`).
struct BoardFilter: QueryValues {
    var period: String?
    var unit: String?
    var orgunit: String?
    var all: String?
    var data: String?

    init(period: String? = nil, unit: String? = nil, allData: Bool = false) {
        self.period = period; self.unit = unit; self.all = allData ? "1" : nil
    }

    var unitCode: String? { unit ?? orgunit }
    var wantsAllData: Bool { all == "1" || data == "all" }
    var queryItems: [(String, String?)] {
        [("period", period), ("unit", unit), ("orgunit", orgunit), ("all", all), ("data", data)]
    }
}

/// One target of the board: the board's period and unit, and how its table of units is sorted.
struct TargetFilter: QueryValues {
    var period: String?
    var unit: String?
    var all: String?
    var sort: String?
    var dir: String?

    init(period: String? = nil, unit: String? = nil, sort: String? = nil, descending: Bool = false) {
        self.period = period; self.unit = unit; self.sort = sort; self.dir = descending ? "desc" : nil
    }

    /// The same period, unit and data choice as a board filter.
    init(board: BoardFilter) {
        self.init(period: board.period, unit: board.unitCode)
        all = board.wantsAllData ? "1" : nil
    }

    var board: BoardFilter { var f = BoardFilter(period: period, unit: unit); f.all = all; return f }
    var queryItems: [(String, String?)] { [("period", period), ("unit", unit), ("all", all), ("sort", sort), ("dir", dir)] }
}

/// `?q=` of the search page.
struct SearchQuery: QueryValues {
    var q: String?
    init(q: String? = nil) { self.q = q }
    var queryItems: [(String, String?)] { [("q", q)] }
}

/// Where to come back after switching the language.
struct LanguageSwitch: QueryValues {
    var back: String?
    init(back: String? = nil) { self.back = back }
    var queryItems: [(String, String?)] { [("back", back)] }
}

/// Where to go after signing in.
struct SignInQuery: QueryValues {
    var next: String?
    init(next: String? = nil) { self.next = next }
    var queryItems: [(String, String?)] { [("next", next)] }
}

/// The home page's welcome after the first password was chosen.
struct HomeNotice: QueryValues {
    var password: String?
    init(passwordSaved: Bool = false) { password = passwordSaved ? "saved" : nil }
    var passwordSaved: Bool { password == "saved" }
    var queryItems: [(String, String?)] { [("password", password)] }
}

/// The password page after a change.
struct PasswordNotice: QueryValues {
    var saved: String?
    init(saved: Bool = false) { self.saved = saved ? "1" : nil }
    var isSaved: Bool { saved != nil }
    var queryItems: [(String, String?)] { [("saved", saved)] }
}

/// The audit log's filter: account, unit, kind of event, and a day range (yyyy-mm-dd, both ends included).
struct AuditQuery: QueryValues {
    var user: String?
    var unit: String?
    var kind: String?
    var from: String?
    var to: String?
    init(user: String? = nil, unit: String? = nil, kind: String? = nil, from: String? = nil, to: String? = nil) {
        self.user = user; self.unit = unit; self.kind = kind; self.from = from; self.to = to
    }
    var queryItems: [(String, String?)] {
        [("user", user.nonEmpty), ("unit", unit.nonEmpty), ("kind", kind.nonEmpty), ("from", from.nonEmpty), ("to", to.nonEmpty)]
    }
}

/// A unit and a period chosen for data entry or a template.
struct DataChoice: QueryValues {
    var unit: String?
    var period: String?
    /// What to open for the unit and period (``DataRoutes/open(_:)``): "form" (the default), "communes" (a district's
    /// grid), "communes.xlsx" (its workbook), "template.xlsx" or "template.csv".
    var view: String?
    init(unit: String? = nil, period: String? = nil, view: String? = nil) { self.unit = unit; self.period = period; self.view = view }
    var queryItems: [(String, String?)] { [("unit", unit), ("period", period), ("view", view)] }
}

/// The plan a page for a year serves, when several may (``PlanServing``): `plan=<id>`, one of the plans that may
/// serve the year (checked by ``PageQueryContext/plan(for:chosen:)``); none means the default plan.
struct PlanChoice: QueryValues {
    var plan: String?
    init(plan: UUID? = nil) { self.plan = plan?.slug }
    var queryItems: [(String, String?)] { [("plan", plan)] }
}

/// The plan editor's notices: a record saved, or one of a kind removed.
struct EditNotice: QueryValues {
    var saved: String?
    var removed: String?
    /// After a copy: how many texts had their years moved to the new plan's (``PlanYearShift``).
    var years: String?
    init(saved: Bool = false, removed: PlanRecordKind? = nil, yearsMovedIn texts: Int? = nil) {
        self.saved = saved ? "1" : nil; self.removed = removed?.rawValue; self.years = texts.map(String.init)
    }
    var isSaved: Bool { saved != nil }
    var removedKind: PlanRecordKind? { removed.flatMap(PlanRecordKind.init(rawValue:)) }
    /// The number of texts whose years a copy moved; nil when the page does not follow a copy.
    var yearsMovedIn: Int? { years.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil } }
    var queryItems: [(String, String?)] { [("saved", saved), ("removed", removed), ("years", years)] }
}

/// A new record under a parent record (a duty under a key task, say).
struct NewRecordQuery: QueryValues {
    var parent: String?
    init(parent: UUID? = nil) { self.parent = parent?.slug }
    var parentID: UUID? { parent.flatMap(UUID.init(uuidString:)) }
    var queryItems: [(String, String?)] { [("parent", parent)] }
}

/// The progress grid's filter and order: a report state (or `overdue`), and the order of the units (`unit`, `code`,
/// `open`: most reports not yet approved first) with `dir=desc` to reverse it.
struct ProgressQuery: QueryValues {
    var state: String?
    var sort: String?
    var dir: String?

    init(state: String? = nil, sort: String? = nil, descending: Bool = false) {
        self.state = state; self.sort = sort; self.dir = descending ? "desc" : nil
    }

    var queryItems: [(String, String?)] { [("state", state), ("sort", sort), ("dir", dir)] }
}

/// What was just done to a report or a document, for the notice on the page shown next.
struct DoneNotice: QueryValues {
    var done: String?
    init(_ done: String? = nil) { self.done = done }
    var queryItems: [(String, String?)] { [("done", done)] }
}

/// The period a commune's registry counts are shown for ("2026", "2026S1"), and what was done (`done`: the number of
/// values written after a change of source).
struct SourcesQuery: QueryValues {
    var period: String?
    var done: String?
    init(period: String? = nil, done: String? = nil) { self.period = period; self.done = done }
    var queryItems: [(String, String?)] { [("period", period), ("done", done)] }
}

/// A commune's registry: the accent-free search of names `q`, a status (``DrugUseStatus``), and whether closed
/// records are shown (`closed=1`).
struct RegistryListQuery: QueryValues {
    var q: String?
    var status: String?
    var closed: String?
    /// The due management end: "soon" (ending within the data's days), "ended" (over, record still open), "any" (either).
    var due: String?

    init(q: String? = nil, status: String? = nil, includeClosed: Bool = false, due: String? = nil) {
        self.q = q; self.status = status; self.closed = includeClosed ? "1" : nil; self.due = due
    }

    var includeClosed: Bool { closed == "1" }
    var queryItems: [(String, String?)] { [("q", q), ("status", status), ("closed", closed), ("due", due)] }
}

/// A commune's register of records: the year shown (`year`, all years when absent) and what was just done (`done`:
/// "imported" with `n` records).
struct RecordsListQuery: QueryValues {
    var year: String?
    var done: String?
    var n: String?

    init(year: String? = nil, done: String? = nil, n: String? = nil) { self.year = year; self.done = done; self.n = n }
    var queryItems: [(String, String?)] { [("year", year), ("done", done), ("n", n)] }
}

/// A document heading typed in the form, carried to the preview and the Word download as `h_<field>`.
struct DocumentHeadingQuery: QueryValues {
    var fields: [String: String]

    init(fields: [String: String] = [:]) { self.fields = fields }
    /// Every field of the heading, empty ones too (an emptied field stays empty, it does not fall back to a default).
    init(_ heading: DocumentHeading) {
        fields = heading.fieldValues
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        var fields: [String: String] = [:]
        for key in DocumentHeading.fieldKeys {
            if let value = try container.decodeIfPresent(String.self, forKey: AnyKey("h_\(key)")) { fields[key] = value }
        }
        self.fields = fields
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for (key, value) in fields { try container.encode(value, forKey: AnyKey("h_\(key)")) }
    }

    var isEmpty: Bool { fields.isEmpty }
    var heading: DocumentHeading {
        DocumentHeading(fields: Dictionary(uniqueKeysWithValues: DocumentHeading.fieldKeys.map { ($0, fields[$0] ?? "") }))
    }

    var queryItems: [(String, String?)] {
        DocumentHeading.fieldKeys.map { ("h_" + $0, fields[$0]) }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Optional where Wrapped == String {
    /// nil for an empty text too.
    var nonEmpty: String? { self.flatMap { $0.isEmpty ? nil : $0 } }
}
