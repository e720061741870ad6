import Foundation

/// The document that made a version of a plan: for version 1 the plan itself, for a later version the amending
/// document ("Kế hoạch 125/KH-UBND sửa đổi, bổ sung …").
public struct AmendingDocument: Codable, Sendable, Equatable {
    /// Number and code as printed: "125/KH-UBND".
    public var number: String
    /// The document's date, "yyyy-mm-dd".
    public var date: String
    public var issuer: String
    /// What the document changes, in a sentence or two ("Điều chỉnh chỉ tiêu 5 …").
    public var summary: String

    public init(number: String, date: String, issuer: String, summary: String) {
        self.number = number; self.date = date; self.issuer = issuer; self.summary = summary
    }
}

/// One version of a plan: version 1 is the plan as issued, each amendment (a changed target, an added duty) a new
/// version with its document and the day from which it is in force.
public struct PlanVersion: Codable, Sendable, Equatable {
    public var number: Int
    /// The first day the version is in force, "yyyy-mm-dd" (for version 1 the plan's date of issue).
    public var inForceFrom: String
    public var document: AmendingDocument

    public init(number: Int, inForceFrom: String, document: AmendingDocument) {
        self.number = number; self.inForceFrom = inForceFrom; self.document = document
    }

    /// Version 1 of a plan: the plan as issued, in force from its date of issue.
    public static func issued(_ plan: Plan) -> PlanVersion {
        PlanVersion(
            number: 1, inForceFrom: plan.issuedOn,
            document: AmendingDocument(number: plan.code, date: plan.issuedOn, issuer: plan.issuer, summary: plan.title))
    }
}

/// The versions of one plan, in order of their numbers, and which one is in force when.
public struct PlanVersions: Sendable, Equatable {
    public let versions: [PlanVersion]

    public init(_ versions: [PlanVersion]) { self.versions = versions.sorted { $0.number < $1.number } }

    public var latest: PlanVersion? { versions.last }

    /// The version in force on a day ("yyyy-mm-dd"): the latest whose in-force day is on or before it. A day before
    /// the first version's (a baseline year, before the plan was issued) has the first version: the plan as issued
    /// says how its earlier years are looked at. Nil only when there is no version.
    public func inForce(on day: String) -> PlanVersion? {
        versions.last { $0.inForceFrom <= day } ?? versions.first
    }

    /// The version in force for a period: the one in force on the period's **last day**.
    ///
    /// A period's results are judged when it ends (the report is due after its last day), by the targets in force
    /// then, so an amendment in force from 01/01/2024 judges 2024, 2024S1 and the spans ending in 2024 or later with
    /// its new rule and 2023 with the old one; an amendment in force from 01/07/2024 judges 2024S1 with the old rule
    /// and 2024S2 and the year 2024 with the new one. The same day picks the unit a code names in a period
    /// (``DataValueRules/days(of:)``), so a board's unit and rules are of the same moment.
    public func inForce(for period: Period) -> PlanVersion? {
        inForce(on: DataValueRules.days(of: period).last)
    }
}

/// What the standing office types to record an amendment, checked by ``PlanAmendment/problems(_:after:usedNumbers:)``.
public struct AmendmentInput: Sendable, Equatable {
    public var documentNumber: String
    public var documentDate: String
    public var inForceFrom: String
    public var issuer: String
    public var summary: String

    public init(documentNumber: String, documentDate: String, inForceFrom: String, issuer: String, summary: String) {
        self.documentNumber = documentNumber; self.documentDate = documentDate; self.inForceFrom = inForceFrom
        self.issuer = issuer; self.summary = summary
    }

    /// The same with surrounding spaces removed.
    public var trimmed: AmendmentInput {
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return AmendmentInput(
            documentNumber: clean(documentNumber), documentDate: clean(documentDate), inForceFrom: clean(inForceFrom),
            issuer: clean(issuer), summary: clean(summary))
    }
}

/// An amendment of a plan: the checks of its document and dates, and what changed between two versions.
public enum PlanAmendment {
    /// What is wrong with an amendment recorded after `previous` (the latest version): each field's problem, in
    /// Vietnamese and English. The document needs a number; its date and the in-force day are real dates
    /// (yyyy-mm-dd); the in-force day is not before the document's date, and is after the previous version's, so
    /// that each day has one version; the document number is not the previous versions' (`usedNumbers`).
    public static func problems(_ input: AmendmentInput, after previous: PlanVersion, usedNumbers: [String]) -> [FieldProblem] {
        let input = input.trimmed
        var problems: [FieldProblem] = []
        if input.documentNumber.isEmpty {
            problems.append(
                FieldProblem(
                    field: "documentNumber", en: "Enter the amending document's number and code (e.g. 125/KH-UBND).",
                    vi: "Nhập số, ký hiệu văn bản sửa đổi, bổ sung (ví dụ 125/KH-UBND)."))
        } else if usedNumbers.contains(where: { $0.caseInsensitiveCompare(input.documentNumber) == .orderedSame }) {
            problems.append(
                FieldProblem(
                    field: "documentNumber", en: "A version of this plan is already recorded with document \(input.documentNumber).",
                    vi: "Đã có phiên bản của kế hoạch được ghi nhận theo văn bản \(input.documentNumber)."))
        } else if input.documentNumber.count > 60 {
            problems.append(
                FieldProblem(field: "documentNumber", en: "At most 60 characters.", vi: "Số, ký hiệu dài tối đa 60 ký tự."))
        }
        let documentDate = OfficialDate(iso: input.documentDate)
        if input.documentDate.isEmpty {
            problems.append(FieldProblem(field: "documentDate", en: "Enter the document's date.", vi: "Nhập ngày ban hành văn bản."))
        } else if documentDate == nil {
            problems.append(
                FieldProblem(field: "documentDate", en: "Not a date (yyyy-mm-dd).", vi: "Ngày ban hành không hợp lệ (năm-tháng-ngày)."))
        }
        if input.inForceFrom.isEmpty {
            problems.append(
                FieldProblem(field: "inForceFrom", en: "Enter the day the amendment is in force from.", vi: "Nhập ngày có hiệu lực."))
        } else if OfficialDate(iso: input.inForceFrom) == nil {
            problems.append(
                FieldProblem(field: "inForceFrom", en: "Not a date (yyyy-mm-dd).", vi: "Ngày có hiệu lực không hợp lệ (năm-tháng-ngày)."))
        } else if input.inForceFrom <= previous.inForceFrom {
            problems.append(
                FieldProblem(
                    field: "inForceFrom",
                    en: "Must be after \(previous.inForceFrom), the day version \(previous.number) is in force from.",
                    vi: "Ngày có hiệu lực phải sau ngày \(Self.day(previous.inForceFrom)), ngày phiên bản \(previous.number) có hiệu lực."))
        } else if documentDate != nil, input.inForceFrom < input.documentDate {
            problems.append(
                FieldProblem(
                    field: "inForceFrom", en: "An amendment cannot be in force before the document's date.",
                    vi: "Văn bản sửa đổi không thể có hiệu lực trước ngày ban hành."))
        }
        if input.issuer.isEmpty {
            problems.append(
                FieldProblem(field: "issuer", en: "Enter the body that issued the document.", vi: "Nhập cơ quan ban hành văn bản."))
        }
        if input.summary.isEmpty {
            problems.append(
                FieldProblem(
                    field: "summary", en: "Say in a sentence what the document changes.", vi: "Nêu tóm tắt nội dung sửa đổi, bổ sung."))
        } else if input.summary.count > 2000 {
            problems.append(FieldProblem(field: "summary", en: "At most 2000 characters.", vi: "Tóm tắt dài tối đa 2000 ký tự."))
        }
        return problems
    }

    /// "03/11/2021" from "2021-11-03".
    public static func day(_ iso: String) -> String {
        guard let date = OfficialDate(iso: iso) else { return iso }
        return "\(date.day < 10 ? "0" : "")\(date.day)/\(date.month < 10 ? "0" : "")\(date.month)/\(date.year)"
    }

    /// Everything that differs from `old` to `new`, in the plan's order: the plan's own fields, then groups, targets,
    /// key tasks, solution groups, assignments with their duties, projects with their sub-projects, the reporting
    /// duties and the organisation clauses. Targets and projects are matched by code, groups, tasks, solutions,
    /// assignments and clauses by number, duties by label within their assignment (by position when unlabelled),
    /// reporting duties by kind and year.
    public static func changes(from old: Plan, to new: Plan) -> [PlanChange] {
        var changes: [PlanChange] = []
        changes += planFields(old, new)
        changes += matched(old.targetGroups, new.targetGroups, key: { String($0.number) }) { before, after in
            let subject = PlanChange.Subject(area: .group, key: String((after ?? before)!.number))
            return compare(subject, before, after, fields: [("text", "nội dung", "text", { $0.text })])
        }
        let oldGroupOf = Dictionary(old.targetGroups.flatMap { g in g.targets.map { ($0.code, g.number) } }, uniquingKeysWith: { a, _ in a })
        let newGroupOf = Dictionary(new.targetGroups.flatMap { g in g.targets.map { ($0.code, g.number) } }, uniquingKeysWith: { a, _ in a })
        changes += matched(old.targets, new.targets, key: \.code) { before, after in
            let subject = PlanChange.Subject(area: .target, key: (after ?? before)!.code)
            guard let before, let after else { return compare(subject, before, after, fields: []) }
            var found: [PlanChange] = []
            if before.rule != after.rule {
                found.append(
                    PlanChange(
                        subject: subject, kind: .changed, field: "rule", before: before.plainWords(.vi), after: after.plainWords(.vi),
                        beforeEn: before.plainWords(.en), afterEn: after.plainWords(.en)))
            }
            found += compare(
                subject, before, after,
                fields: [
                    ("text", "nội dung", "text", { $0.text }),
                    ("indicator", "chỉ số", "indicator", { $0.indicator }),
                    ("measure", "cách tính", "measure", { measureText($0.measure) }),
                    ("responsible", "phân công thực hiện", "assignments responsible", { $0.responsible.map(String.init).joined(separator: ", ") }),
                ])
            if let was = oldGroupOf[before.code], let now = newGroupOf[after.code], was != now {
                found.append(PlanChange(subject: subject, kind: .changed, field: "group", before: String(was), after: String(now)))
            }
            return found
        }
        changes += matched(old.tasks, new.tasks, key: { String($0.number) }) { before, after in
            compare(
                PlanChange.Subject(area: .task, key: String((after ?? before)!.number)), before, after,
                fields: [
                    ("text", "nội dung", "text", { $0.text }),
                    ("solutionGroup", "nhóm giải pháp", "solution group", { $0.solutionGroup.map(String.init) ?? "" }),
                ])
        }
        changes += matched(old.solutions, new.solutions, key: { String($0.number) }) { before, after in
            compare(
                PlanChange.Subject(area: .solution, key: String((after ?? before)!.number)), before, after,
                fields: [
                    ("title", "tên nhóm", "title", { $0.title }),
                    ("points", "các giải pháp", "points", { $0.points.joined(separator: "\n") }),
                ])
        }
        changes += matched(old.assignments, new.assignments, key: { String($0.number) }) { before, after in
            let number = (after ?? before)!.number
            var found = compare(
                PlanChange.Subject(area: .assignment, key: String(number)), before, after,
                fields: [
                    ("assignee", "cơ quan được giao", "assignee", { $0.assignee }),
                    ("units", "đơn vị thực hiện", "units", { $0.units.joined(separator: ", ") }),
                    ("intro", "phần mở đầu", "introduction", { $0.intro }),
                ])
            // The duties of an assignment that is added or removed are in that one line.
            guard let before, let after else { return found }
            found += matched(keyedDuties(before.duties), keyedDuties(after.duties), key: \.key) { was, now in
                compare(
                    PlanChange.Subject(area: .duty, key: "\(number)\((now ?? was)!.key)"), was.map(\.duty), now.map(\.duty),
                    fields: [
                        ("text", "nội dung", "text", { $0.text }),
                        ("role", "vai trò", "role", { roleWords($0.role) }),
                        ("partners", "đơn vị phối hợp", "partners", { $0.partners.joined(separator: ", ") }),
                        ("bullets", "các ý", "points", { $0.bullets.joined(separator: "\n") }),
                        ("keyTask", "nhiệm vụ trọng tâm", "key task", { $0.keyTask.map(String.init) ?? "" }),
                    ])
            }
            return found
        }
        changes += matched(old.projects, new.projects, key: \.code) { before, after in
            let code = (after ?? before)!.code
            var found = compare(
                PlanChange.Subject(area: .project, key: code), before, after,
                fields: [
                    ("title", "tên", "title", { $0.title }),
                    ("number", "số thứ tự", "number", { $0.number }),
                    ("assignment", "thuộc phân công", "assignment", { String($0.assignment) }),
                    ("leadUnit", "đơn vị chủ trì", "lead unit", { $0.leadUnit ?? "" }),
                    ("guidance", "hướng dẫn", "guidance", { $0.guidance }),
                ])
            guard let before, let after else { return found }
            found += matched(before.subprojects, after.subprojects, key: \.code) { was, now in
                compare(
                    PlanChange.Subject(area: .subproject, key: (now ?? was)!.code), was, now,
                    fields: [("title", "tên", "title", { $0.title }), ("number", "số thứ tự", "number", { $0.number })])
            }
            return found
        }
        changes += matched(old.reporting, new.reporting, key: { "\($0.kind.rawValue)\($0.year.map { " \($0)" } ?? "")" }) { before, after in
            compare(
                PlanChange.Subject(area: .reporting, key: reportingKey((after ?? before)!)), before, after,
                fields: [
                    ("text", "nội dung", "text", { $0.text }),
                    ("recipientUnit", "nơi nhận", "recipient", { $0.recipientUnit ?? "" }),
                ])
        }
        changes += matched(old.organisation, new.organisation, key: { String($0.number) }) { before, after in
            compare(
                PlanChange.Subject(area: .organisation, key: String((after ?? before)!.number)), before, after,
                fields: [("text", "nội dung", "text", { $0.text })])
        }
        return changes
    }

    static func planFields(_ old: Plan, _ new: Plan) -> [PlanChange] {
        compare(
            PlanChange.Subject(area: .plan, key: ""), old, new,
            fields: [
                ("title", "trích yếu", "title", { $0.title }),
                ("startYear", "năm bắt đầu", "first year", { String($0.startYear) }),
                ("endYear", "năm kết thúc", "last year", { String($0.endYear) }),
                ("baselineYear", "năm cơ sở", "baseline year", { String($0.baselineYear) }),
                ("generalObjective", "mục tiêu chung", "general objective", { $0.generalObjective }),
                ("implements", "căn cứ thực hiện", "implements", { $0.implements }),
                ("recipients", "nơi nhận", "recipients", { $0.recipients.joined(separator: "\n") }),
            ])
    }

    /// The added, removed and changed records of two lists matched by `key`, in the new list's order, each removed
    /// record before the first record that followed it in the old list and is still there (or at the end).
    static func matched<T>(_ old: [T], _ new: [T], key: (T) -> String, compare: (T?, T?) -> [PlanChange]) -> [PlanChange] {
        let oldByKey = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let oldPosition = Dictionary(old.enumerated().map { (key($0.element), $0.offset) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map(key))
        var result: [PlanChange] = []
        var seen = Set<String>()
        var oldIndex = 0
        func flushRemoved(upTo end: Int) {
            while oldIndex < end {
                if !newKeys.contains(key(old[oldIndex])) { result += compare(old[oldIndex], nil) }
                oldIndex += 1
            }
        }
        for item in new {
            let k = key(item)
            guard seen.insert(k).inserted else { continue }
            if let position = oldPosition[k] { flushRemoved(upTo: position + 1) }
            result += compare(oldByKey[k], item)
        }
        flushRemoved(upTo: old.count)
        return result
    }

    /// Added, removed, or one change per field that differs.
    static func compare<T>(
        _ subject: PlanChange.Subject, _ before: T?, _ after: T?, fields: [(String, String, String, (T) -> String)]
    ) -> [PlanChange] {
        switch (before, after) {
        case (nil, nil): return []
        case (nil, .some): return [PlanChange(subject: subject, kind: .added)]
        case (.some, nil): return [PlanChange(subject: subject, kind: .removed)]
        case (.some(let before), .some(let after)):
            return fields.compactMap { field, _, _, value in
                let was = value(before)
                let now = value(after)
                return was == now ? nil : PlanChange(subject: subject, kind: .changed, field: field, before: was, after: now)
            }
        }
    }

    struct KeyedDuty {
        var key: String
        var duty: Duty
    }

    /// Duties keyed by their label ("a", "-1"), an unlabelled one by its position ("#2").
    static func keyedDuties(_ duties: [Duty]) -> [KeyedDuty] {
        duties.enumerated().map { KeyedDuty(key: $0.element.label.isEmpty ? "#\($0.offset + 1)" : $0.element.label, duty: $0.element) }
    }

    static func measureText(_ measure: Measure?) -> String {
        guard let measure else { return "" }
        var text = measure.numerator.joined(separator: " + ")
        if let denominator = measure.denominator { text += " / (" + denominator.joined(separator: " + ") + ")" }
        if measure.cumulative { text += " (cộng dồn)" }
        return text
    }

    static func roleWords(_ role: DutyRole) -> String {
        switch role {
        case .lead: "chủ trì"
        case .cooperate: "phối hợp"
        case .implement: "thực hiện"
        }
    }

    static func reportingKey(_ duty: ReportingDuty) -> String {
        "\(duty.kind.rawValue)\(duty.year.map { " \($0)" } ?? "")"
    }
}

/// One difference between two versions of a plan, readable on its own: "Chỉ tiêu T05: cách đánh giá «Tăng ≥ 5% so
/// với năm trước» → «Tăng trên 3% so với năm trước»", "Thêm nhiệm vụ 3", "Bỏ dự án DA2".
public struct PlanChange: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case added, removed, changed
    }

    public enum Area: String, Sendable, Equatable, CaseIterable {
        case plan, group, target, task, solution, assignment, duty, project, subproject, reporting, organisation
    }

    /// What changed: the kind of record and its key (a target's or project's code, a number, an assignment's number
    /// with a duty's label).
    public struct Subject: Sendable, Equatable {
        public var area: Area
        public var key: String
        public init(area: Area, key: String) { self.area = area; self.key = key }
    }

    public var subject: Subject
    public var kind: Kind
    /// The field that changed (for `.changed`): "rule", "text", "threshold"… as in the record's form.
    public var field: String?
    public var before: String?
    public var after: String?
    /// The rule in English words, where `before` and `after` are the Vietnamese ones.
    public var beforeEn: String?
    public var afterEn: String?

    public init(
        subject: Subject, kind: Kind, field: String? = nil, before: String? = nil, after: String? = nil, beforeEn: String? = nil,
        afterEn: String? = nil
    ) {
        self.subject = subject; self.kind = kind; self.field = field; self.before = before; self.after = after
        self.beforeEn = beforeEn; self.afterEn = afterEn
    }

    /// "chỉ tiêu T05", "nhiệm vụ 3", "phân công 2, nhiệm vụ b": the record, as the plan's readers call it.
    public func subjectWords(_ language: Language) -> String {
        let key = subject.key
        let vi = language == .vi
        switch subject.area {
        case .plan: return vi ? "kế hoạch" : "the plan"
        case .group: return vi ? "nhóm chỉ tiêu \(key)" : "target group \(key)"
        case .target: return vi ? "chỉ tiêu \(key)" : "target \(key)"
        case .task: return vi ? "nhiệm vụ trọng tâm \(key)" : "key task \(key)"
        case .solution: return vi ? "nhóm giải pháp \(key)" : "solution group \(key)"
        case .assignment: return vi ? "phân công \(key)" : "assignment \(key)"
        case .duty:
            let digits = key.prefix { $0.isNumber }
            let label = String(key.dropFirst(digits.count))
            let shown = label.hasPrefix("#") ? (vi ? "đoạn " : "paragraph ") + label.dropFirst() : label
            return vi ? "phân công \(digits), nhiệm vụ \(shown)" : "assignment \(digits), duty \(shown)"
        case .project: return vi ? "dự án \(key)" : "project \(key)"
        case .subproject: return vi ? "tiểu dự án \(key)" : "sub-project \(key)"
        case .reporting:
            let parts = key.split(separator: " ")
            let kind = ReportingKind(rawValue: String(parts.first ?? "")).map { Self.reportingWords($0, language) } ?? key
            return parts.count > 1 ? "\(kind) \(parts[1])" : kind
        case .organisation: return vi ? "tổ chức thực hiện, mục \(key)" : "organisation clause \(key)"
        }
    }

    /// The field's name in words: "cách đánh giá", "nội dung".
    public func fieldWords(_ language: Language) -> String {
        let vi = language == .vi
        switch field ?? "" {
        case "rule": return vi ? "cách đánh giá" : "rule"
        case "text": return vi ? "nội dung" : "text"
        case "indicator": return vi ? "chỉ số" : "indicator"
        case "measure": return vi ? "cách tính" : "measure"
        case "responsible": return vi ? "phân công chịu trách nhiệm" : "assignments responsible"
        case "group": return vi ? "nhóm chỉ tiêu" : "target group"
        case "solutionGroup": return vi ? "nhóm giải pháp" : "solution group"
        case "title": return vi ? "tên" : "title"
        case "points": return vi ? "các giải pháp" : "points"
        case "assignee": return vi ? "cơ quan được giao" : "assignee"
        case "units": return vi ? "đơn vị thực hiện" : "units"
        case "intro": return vi ? "phần mở đầu" : "introduction"
        case "role": return vi ? "vai trò" : "role"
        case "partners": return vi ? "đơn vị phối hợp" : "partners"
        case "bullets": return vi ? "các ý" : "points"
        case "keyTask": return vi ? "nhiệm vụ trọng tâm" : "key task"
        case "number": return vi ? "số thứ tự" : "number"
        case "assignment": return vi ? "thuộc phân công" : "assignment"
        case "leadUnit": return vi ? "đơn vị chủ trì" : "lead unit"
        case "guidance": return vi ? "hướng dẫn" : "guidance"
        case "recipientUnit": return vi ? "nơi nhận" : "recipient"
        case "startYear": return vi ? "năm bắt đầu" : "first year"
        case "endYear": return vi ? "năm kết thúc" : "last year"
        case "baselineYear": return vi ? "năm cơ sở" : "baseline year"
        case "generalObjective": return vi ? "mục tiêu chung" : "general objective"
        case "implements": return vi ? "căn cứ thực hiện" : "legal basis"
        case "recipients": return vi ? "nơi nhận" : "recipients"
        default: return field ?? ""
        }
    }

    /// The change in one line: "Thêm chỉ tiêu T12", "Bỏ dự án DA2", "Sửa chỉ tiêu T05, cách đánh giá: «…» → «…»".
    /// Long texts are shortened to their first 160 characters.
    public func sentence(_ language: Language) -> String {
        let vi = language == .vi
        let what = subjectWords(language)
        switch kind {
        case .added: return (vi ? "Thêm " : "Added ") + what
        case .removed: return (vi ? "Bỏ " : "Removed ") + what
        case .changed:
            let was = (vi ? before : beforeEn ?? before) ?? ""
            let now = (vi ? after : afterEn ?? after) ?? ""
            func shown(_ text: String) -> String {
                if text.isEmpty { return vi ? "(trống)" : "(empty)" }
                let line = text.replacingOccurrences(of: "\n", with: "; ")
                return line.count > 160 ? String(line.prefix(160)) + "…" : line
            }
            return (vi ? "Sửa " : "Changed ") + what + ", " + fieldWords(language) + ": «" + shown(was) + "» → «" + shown(now) + "»"
        }
    }

    static func reportingWords(_ kind: ReportingKind, _ language: Language) -> String {
        let vi = language == .vi
        switch kind {
        case .halfYear: return vi ? "báo cáo 6 tháng" : "half-year report"
        case .year: return vi ? "báo cáo năm" : "yearly report"
        case .midTermReview: return vi ? "sơ kết giữa kỳ" : "mid-term review"
        case .finalReview: return vi ? "tổng kết" : "final review"
        case .budget: return vi ? "kinh phí" : "budget"
        }
    }
}
