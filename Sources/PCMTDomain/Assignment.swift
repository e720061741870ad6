/// One numbered assignee of the plan's assignment section, with its duties.
public struct Assignment: Codable, Sendable, Equatable {
    public var number: Int
    public var assignee: String
    public var assigneeEn: String?
    /// Codes of the organisation units that carry this assignment (several for a group such as the districts).
    public var units: [String]
    public var intro: String
    public var duties: [Duty]
    public init(
        number: Int, assignee: String, assigneeEn: String? = nil, units: [String], intro: String = "",
        duties: [Duty]
    ) {
        self.number = number; self.assignee = assignee; self.assigneeEn = assigneeEn; self.units = units
        self.intro = intro; self.duties = duties
    }

    /// Codes of the units this assignee works with, in order of first mention, without its own units.
    public var partnerUnits: [String] {
        var seen = Set(units)
        return duties.flatMap(\.partners).filter { seen.insert($0).inserted }
    }
}

public struct Duty: Codable, Sendable, Equatable {
    /// "a", "b", … for lettered duties, "-1", "-2", … for bulleted ones, "" for a single paragraph.
    public var label: String
    public var text: String
    public var role: DutyRole
    public var partners: [String]
    public var bullets: [String]
    /// The key task (section II) whose results this duty reports on; the province's report groups the units'
    /// writing by it.
    public var keyTask: Int?
    public init(label: String, text: String, role: DutyRole, partners: [String] = [], bullets: [String] = [], keyTask: Int? = nil) {
        self.label = label; self.text = text; self.role = role; self.partners = partners; self.bullets = bullets
        self.keyTask = keyTask
    }

    /// The label as printed in the document: "a.", "-", or nothing.
    public var displayLabel: String {
        if label.isEmpty { return "" }
        if label.hasPrefix("-") { return "–" }
        return label + "."
    }
}

public enum DutyRole: String, Codable, Sendable, CaseIterable {
    /// The assignee leads (chủ trì).
    case lead
    /// The assignee cooperates (phối hợp, tham gia).
    case cooperate
    /// The assignee carries it out on its own.
    case implement
}

/// A project or sub-project of the programme, led by one unit.
public struct Project: Codable, Sendable, Equatable {
    public var code: String
    public var number: String
    public var title: String
    public var titleEn: String?
    /// The assignment (section IV) under which the project is given.
    public var assignment: Int
    public var leadUnit: String?
    public var guidance: String
    public var subprojects: [SubProject]
    public init(
        code: String, number: String, title: String, titleEn: String? = nil, assignment: Int,
        leadUnit: String?, guidance: String = "", subprojects: [SubProject] = []
    ) {
        self.code = code; self.number = number; self.title = title; self.titleEn = titleEn
        self.assignment = assignment; self.leadUnit = leadUnit; self.guidance = guidance; self.subprojects = subprojects
    }
}

public struct SubProject: Codable, Sendable, Equatable {
    public var code: String
    public var number: String
    public var title: String
    public var titleEn: String?
    public init(code: String, number: String, title: String, titleEn: String? = nil) {
        self.code = code; self.number = number; self.title = title; self.titleEn = titleEn
    }
}

/// A duty of the plan's organisation section: periodic reports, reviews, funding.
public struct ReportingDuty: Codable, Sendable, Equatable {
    public var kind: ReportingKind
    public var text: String
    public var textEn: String?
    public var year: Int?
    public var recipientUnit: String?
    public init(kind: ReportingKind, text: String, textEn: String? = nil, year: Int? = nil, recipientUnit: String? = nil) {
        self.kind = kind; self.text = text; self.textEn = textEn; self.year = year; self.recipientUnit = recipientUnit
    }
}

public enum ReportingKind: String, Codable, Sendable, CaseIterable {
    case halfYear, year, midTermReview, finalReview, budget
}

public struct OrganisationClause: Codable, Sendable, Equatable {
    public var number: Int
    public var text: String
    public init(number: Int, text: String) { self.number = number; self.text = text }
}
