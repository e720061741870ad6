import Foundation

/// The particulars of an official document that its issuer fills in before it is generated: who issues it, its
/// number, place and date, who signs, and who receives it.
public struct DocumentHeading: Codable, Sendable, Equatable {
    /// The body above the issuer (cơ quan chủ quản); may be empty.
    public var parentBody: String
    /// The issuing body; a line break splits it over two lines ("ỦY BAN NHÂN DÂN\nTỈNH KON TUM").
    public var issuer: String
    /// Number and symbol, e.g. "125/BC-UBND"; "/BC-UBND" alone leaves room for the number given at signing.
    public var number: String
    public var place: String
    /// "yyyy-mm-dd", or empty to leave the day and month for the signer.
    public var date: String
    /// "Kính gửi: …" when the document goes to one body; empty otherwise.
    public var addressee: String
    /// One line each: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH".
    public var signerCapacity: String
    public var signerTitle: String
    public var signerName: String
    /// One recipient a line, as under "Nơi nhận:".
    public var recipients: String

    public init(
        parentBody: String = "", issuer: String, number: String, place: String, date: String = "", addressee: String = "",
        signerCapacity: String, signerTitle: String, signerName: String = "", recipients: String
    ) {
        self.parentBody = parentBody; self.issuer = issuer; self.number = number; self.place = place; self.date = date
        self.addressee = addressee; self.signerCapacity = signerCapacity; self.signerTitle = signerTitle
        self.signerName = signerName; self.recipients = recipients
    }

    /// Reads a heading saved by any version of pcmt: a field it did not have yet is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) throws -> String { try container.decodeIfPresent(String.self, forKey: key) ?? "" }
        self.init(
            parentBody: try value(.parentBody), issuer: try value(.issuer), number: try value(.number), place: try value(.place),
            date: try value(.date), addressee: try value(.addressee), signerCapacity: try value(.signerCapacity),
            signerTitle: try value(.signerTitle), signerName: try value(.signerName), recipients: try value(.recipients))
    }

    public static let fieldKeys = [
        "parentBody", "issuer", "number", "place", "date", "addressee", "signerCapacity", "signerTitle",
        "signerName", "recipients",
    ]

    public init(fields: [String: String]) {
        func value(_ key: String) -> String {
            (fields[key] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        self.init(
            parentBody: value("parentBody"), issuer: value("issuer"), number: value("number"), place: value("place"),
            date: value("date"), addressee: value("addressee"), signerCapacity: value("signerCapacity"),
            signerTitle: value("signerTitle"), signerName: value("signerName"), recipients: value("recipients"))
    }

    public var fieldValues: [String: String] {
        [
            "parentBody": parentBody, "issuer": issuer, "number": number, "place": place, "date": date, "addressee": addressee,
            "signerCapacity": signerCapacity, "signerTitle": signerTitle, "signerName": signerName, "recipients": recipients,
        ]
    }

    /// What cannot be printed as it is, by field.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if issuer.isEmpty {
            problems.append(FieldProblem(field: "issuer", en: "The issuing body is needed.", vi: "Cần ghi tên cơ quan ban hành."))
        }
        if place.isEmpty {
            problems.append(FieldProblem(field: "place", en: "The place of issue is needed.", vi: "Cần ghi địa danh."))
        }
        if !date.isEmpty, OfficialDate(iso: date) == nil {
            problems.append(
                FieldProblem(
                    field: "date", en: "A date such as 2024-07-05, or empty to fill in by hand.",
                    vi: "Ngày dạng 2024-07-05, hoặc để trống để ghi tay khi ký."))
        }
        if signerTitle.isEmpty {
            problems.append(FieldProblem(field: "signerTitle", en: "The signer's title is needed.", vi: "Cần ghi chức vụ người ký."))
        }
        for (key, limit) in [
            ("number", 40), ("issuer", 200), ("parentBody", 200), ("place", 60), ("signerName", 80),
            ("signerTitle", 80), ("signerCapacity", 200), ("addressee", 300), ("recipients", 3000),
        ] {
            if (fieldValues[key] ?? "").count > limit {
                problems.append(FieldProblem(field: key, en: "At most \(limit) characters.", vi: "Tối đa \(limit) ký tự."))
            }
        }
        return problems
    }

    /// The plan's issuer reports, as the body is on `day` (ISO): the People's Committee of the plan's province, or
    /// the one that took it over (``UnitTimeline/body(_:on:)``: Kon Tum's 2025 reports are issued by the new Tỉnh
    /// Quảng Ngãi's, Nghị quyết 202/2025/QH15), with its place; otherwise as ``provinceDefault(plan:)``.
    /// The recipients are the plan's, as the bodies are on `day` (``recipients(_:under:on:timeline:)``).
    public static func provinceDefault(plan: Plan, issuingOn day: String, timeline: UnitTimeline) -> DocumentHeading {
        var heading = provinceDefault(plan: plan)
        guard let province = plan.issuerUnit else { return heading }
        func isCommittee(_ unit: OrgUnit) -> Bool {
            unit.parentCode == province && unit.level == .agency && unit.typeName == "Ủy ban nhân dân" && unit.validTo != nil
        }
        let units: [OrgUnit] = timeline.allUnits
        var area = timeline.version(of: province, on: day)
        if let committee = units.first(where: isCommittee), let body = timeline.body(committee.code, on: day), body != committee {
            heading.issuer = twoLines(body.name)
            area = timeline.version(of: body.parentCode ?? "", on: day)
            if let place = area?.name.replacingOccurrences(of: "Tỉnh ", with: "") { heading.place = place }
        }
        heading.recipients = recipients(plan.recipients, under: area, on: day, timeline: timeline).joined(separator: "\n")
        return heading
    }

    /// The recipients of a document issued on `day` (ISO) by the province `province` as it is that day: the plan's
    /// lines, except that the People's Committees of the districts ("UBND các huyện, thành phố;") are, once the
    /// province has no district (from 01/07/2025, Luật Tổ chức chính quyền địa phương 2025), those of the units that
    /// are directly under it that day, by their kinds: "UBND các xã, phường, đặc khu;". Other lines are as written.
    public static func recipients(_ lines: [String], under province: OrgUnit?, on day: String, timeline: UnitTimeline) -> [String] {
        guard let province else { return lines }
        let below = timeline.children(of: province.code, from: day, to: day).filter { $0.level == .district || $0.level == .commune }
        guard !below.isEmpty, !below.contains(where: { $0.level == .district }) else { return lines }
        let order = ["Xã", "Phường", "Đặc khu", "Thị trấn"]
        let kinds = Set(below.map(\.typeName)).sorted {
            (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1)
        }
        let committees = "các " + kinds.map { $0.lowercased() }.joined(separator: ", ")
        return lines.map { line in
            let words = line.trimmingCharacters(in: .whitespaces)
            let folded = words.lowercased()
            guard let prefix = ["ubnd các huyện", "ủy ban nhân dân các huyện", "uỷ ban nhân dân các huyện"].first(where: folded.hasPrefix)
            else { return line }
            let end = words.last.map { ";.,".contains($0) ? String($0) : "" } ?? ""
            let body = prefix.hasPrefix("ubnd") ? "UBND" : "Ủy ban nhân dân"
            return "\(body) \(committees)\(end)"
        }
    }

    /// The plan's issuer reports: its name over two lines, its own symbol, its signature and recipients.
    public static func provinceDefault(plan: Plan) -> DocumentHeading {
        let symbol = plan.code.split(separator: "-").last.map(String.init) ?? ""
        return DocumentHeading(
            issuer: Self.twoLines(plan.issuer), number: "     /BC-\(symbol)", place: plan.place,
            signerCapacity: plan.signature?.capacity ?? "", signerTitle: plan.signature?.title ?? "",
            recipients: plan.recipients.joined(separator: "\n"))
    }

    /// A unit reporting to the standing office: its own name as the issuing body, addressed to the body that
    /// compiles the reports, with the number's symbol, the body above it and the signature its kind of body uses
    /// (``IssuingBodyUsage``, Nghị định 30/2020/NĐ-CP, Phụ lục I and III).
    public static func unitDefault(plan: Plan, unit: OrgUnit, province: OrgUnit?, addressee: String) -> DocumentHeading {
        let usage = IssuingBodyUsage.of(unit, province: province)
        return DocumentHeading(
            parentBody: usage.parentBody, issuer: IssuingBodyUsage.issuer(unit, province: province, usage: usage),
            number: "     /\(usage.symbol)", place: IssuingBodyUsage.place(of: unit, planPlace: plan.place),
            addressee: addressee, signerCapacity: usage.signerCapacity, signerTitle: usage.signerTitle,
            recipients: addressee.isEmpty ? "Lưu: VT." : "\(addressee);\nLưu: VT.")
    }

    /// A heading's issuer as the text names it, on one line: the plan's own spelling (`planIssuer`) when the heading
    /// names the plan's issuer; a name written in capitals, as headings print it, in the case of running text — the
    /// body's kind in small letters after the first, the place's words each with a capital ("ỦY BAN NHÂN DÂN\nTỈNH
    /// QUẢNG NGÃI" → "Ủy ban nhân dân tỉnh Quảng Ngãi"); other words as typed.
    public static func issuerInText(_ issuer: String, planIssuer: String) -> String {
        let name = PlanRecordValidation.lines(issuer).joined(separator: " ")
        if !planIssuer.isEmpty, name.uppercased() == planIssuer.uppercased() { return planIssuer }
        guard !name.isEmpty, name == name.uppercased(), name != name.lowercased() else { return name }
        let lower = name.lowercased()
        let markers = [" tỉnh ", " huyện ", " thành phố ", " thị xã ", " xã ", " phường ", " đặc khu "]
        // A name without a place ("SỞ Y TẾ") is kept as written: its proper case is not known.
        guard let range = markers.lazy.compactMap({ lower.range(of: $0) }).first else { return name }
        let kind = String(lower[..<range.upperBound])
        let place = String(lower[range.upperBound...])
        let capitalisedPlace = place.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        return kind.prefix(1).uppercased() + kind.dropFirst() + capitalisedPlace
    }

    /// "Ủy ban nhân dân tỉnh Kon Tum" → "ỦY BAN NHÂN DÂN\nTỈNH KON TUM": the body's kind over its place, as printed.
    public static func twoLines(_ name: String) -> String {
        for marker in [" tỉnh ", " huyện ", " thành phố ", " thị xã ", " xã ", " phường "] {
            if let range = name.range(of: marker, options: .caseInsensitive) {
                return name[..<range.lowerBound].uppercased() + "\n" + name[range.lowerBound...].trimmingCharacters(in: .whitespaces).uppercased()
            }
        }
        return name.uppercased()
    }
}

/// The province's report on a round as the standing office edits it before generating: the heading, and the text
/// of each part. Kept with the round, so a second download says the same thing.
public struct RoundReportDraft: Codable, Sendable, Equatable {
    /// How section II.1 presents the units' writing (issue 15, item 1): under the plan's own outline (solution
    /// group → key task), or unit by unit.
    public enum Grouping: String, Codable, Sendable, CaseIterable {
        case outline
        case unit

        public func name(_ language: Language) -> String {
            switch (self, language) {
            case (.outline, .vi): "theo đề mục của Kế hoạch (nhóm giải pháp → nhiệm vụ trọng tâm)"
            case (.outline, .en): "by the plan's outline (solution group → key task)"
            case (.unit, .vi): "theo từng cơ quan, đơn vị, địa phương"
            case (.unit, .en): "unit by unit"
            }
        }
    }

    /// A unit with a part of its own when the text is grouped by unit.
    public struct UnitPart: Codable, Sendable, Equatable {
        public var code: String
        /// The units' names as printed: "Sở Y tế", or "Huyện A, Huyện B" for a part shared by units that wrote the same.
        public var name: String
        /// The other units that share this part (they wrote the same), by code.
        public var also: [String]
        public init(code: String, name: String, also: [String] = []) { self.code = code; self.name = name; self.also = also }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                code: try container.decode(String.self, forKey: .code), name: try container.decode(String.self, forKey: .name),
                also: try container.decodeIfPresent([String].self, forKey: .also) ?? [])
        }
        /// The key of its text in ``RoundReportDraft/results``: "unit/62-SYT".
        public var key: String { "unit/\(code)" }
    }

    public var heading: DocumentHeading
    public var situation: String
    /// Results by key task ("task/3"), and for a solution group with no key task, by group ("solution/5"); when
    /// grouped by unit, by unit ("unit/62-SYT").
    public var results: [String: String]
    public var shortcomings: String
    public var proposals: String
    public var nextTasks: String
    /// "Bài học kinh nghiệm" of a mid-term or final review, which the office writes; printed as its own section only
    /// when written.
    public var lessons: String
    public var grouping: Grouping
    /// The units' parts in order, when grouped by unit; empty otherwise.
    public var units: [UnitPart]

    public init(
        heading: DocumentHeading, situation: String = "", results: [String: String] = [:], shortcomings: String = "",
        proposals: String = "", nextTasks: String = "", lessons: String = "", grouping: Grouping = .outline, units: [UnitPart] = []
    ) {
        self.heading = heading; self.situation = situation; self.results = results; self.shortcomings = shortcomings
        self.proposals = proposals; self.nextTasks = nextTasks; self.lessons = lessons; self.grouping = grouping; self.units = units
    }

    /// Reads a text saved by any version of pcmt: a part it did not have yet is empty; the grouping, the outline.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { try container.decodeIfPresent(String.self, forKey: key) ?? "" }
        self.init(
            heading: try container.decode(DocumentHeading.self, forKey: .heading), situation: try text(.situation),
            results: try container.decodeIfPresent([String: String].self, forKey: .results) ?? [:],
            shortcomings: try text(.shortcomings), proposals: try text(.proposals), nextTasks: try text(.nextTasks),
            lessons: try text(.lessons), grouping: try container.decodeIfPresent(Grouping.self, forKey: .grouping) ?? .outline,
            units: try container.decodeIfPresent([UnitPart].self, forKey: .units) ?? [])
    }

    /// The most characters one part of the text may hold, and the whole text (about 100 printed pages): a report
    /// longer than that is not one an office sends, and LibreOffice would take minutes to lay it out.
    public static let partLimit = 30_000, totalLimit = 200_000

    /// What cannot be kept as it is, by the form's field name ("situation", "result_task/3", "result_unit/611").
    public var problems: [FieldProblem] {
        var parts: [(field: String, text: String)] = [
            ("situation", situation), ("shortcomings", shortcomings), ("proposals", proposals), ("nextTasks", nextTasks), ("lessons", lessons),
        ]
        parts += results.sorted { $0.key < $1.key }.map { ("result_\($0.key)", $0.value) }
        var problems = parts.filter { $0.text.count > Self.partLimit }.map { part in
            FieldProblem(
                field: part.field, en: "At most \(Self.partLimit) characters (now \(part.text.count)).",
                vi: "Tối đa \(Self.partLimit) ký tự (hiện có \(part.text.count)).")
        }
        let total = parts.reduce(0) { $0 + $1.text.count }
        if problems.isEmpty, total > Self.totalLimit {
            problems.append(
                FieldProblem(
                    field: "situation", en: "The whole report may hold at most \(Self.totalLimit) characters (about 100 pages; now \(total)).",
                    vi: "Cả báo cáo tối đa \(Self.totalLimit) ký tự (khoảng 100 trang; hiện có \(total))."))
        }
        return problems
    }

    /// How many editorial marks ("[[Đã gộp …]]", ``CompiledText/mark(_:)``) the text holds: the places where the
    /// compilation merged passages, for the office to check.
    public var mergeMarks: Int {
        ([situation, shortcomings, proposals, nextTasks, lessons] + results.values).reduce(0) { $0 + CompiledText.markCount($1) }
    }

    /// What one unit wrote in an approved report.
    public struct UnitWriting: Sendable {
        public var unitCode: String
        public var unitName: String
        public var content: SubmissionContent
        /// The codes of the plan's assignments the unit reports for (``RoundOpening/reportsFor(_:plan:schedule:timeline:)``):
        /// its own, or those of the units it took over from.
        public var reportsFor: [String]
        public init(unitCode: String, unitName: String, content: SubmissionContent, reportsFor: [String] = []) {
            self.unitCode = unitCode; self.unitName = unitName; self.content = content
            self.reportsFor = reportsFor.isEmpty ? [unitCode] : reportsFor
        }
    }

    /// The keys of the result sections, in the order of the report: the solution groups in turn, each with its key
    /// tasks; a group without key tasks has a section of its own; key tasks without a group come last.
    public static func resultKeys(plan: Plan) -> [(group: SolutionGroup?, keys: [String])] {
        var outline: [(group: SolutionGroup?, keys: [String])] = plan.solutions.map { group in
            let tasks = plan.tasks.filter { $0.solutionGroup == group.number }.map { "task/\($0.number)" }
            return (group, tasks.isEmpty ? ["solution/\(group.number)"] : tasks)
        }
        let ungrouped = plan.tasks.filter { task in !plan.solutions.contains { $0.number == task.solutionGroup } }
        if !ungrouped.isEmpty { outline.append((nil, ungrouped.map { "task/\($0.number)" })) }
        return outline
    }

    /// The first draft, without repeats (``CompiledText``):
    /// - the units' writing from approved reports, placed under the key task of each duty (a duty without one goes
    ///   to the first task) or, grouped by unit, under each unit in the order of `writings`;
    /// - shortcomings and proposals gathered with the units named, each passage once;
    /// - the situation from the period's figures (`situationFacts`, one line each, e.g. from
    ///   ``ReportFigures/statements(plan:elements:period:totals:_:)``);
    /// - the next tasks from the plan.
    public static func compiled(
        plan: Plan, period: Period, kind: RoundKind, heading: DocumentHeading,
        writings: [UnitWriting], situationFacts: [String], grouping: Grouping = .outline, dataWindow: (from: String, to: String)? = nil
    ) -> RoundReportDraft {
        var results: [String: [CompiledText.Passage]] = [:]
        var shortcomings: [CompiledText.Passage] = []
        var proposals: [CompiledText.Passage] = []
        let firstTask = plan.tasks.first.map { "task/\($0.number)" } ?? "task/1"
        // Grouped by unit, units come in the plan's order: as its assignments name them.
        var units: [UnitPart] = []
        for assignment in plan.assignments where grouping == .unit {
            for writing in writings
            where assignment.units.contains(where: writing.reportsFor.contains) && !units.contains(where: { $0.code == writing.unitCode }) {
                units.append(UnitPart(code: writing.unitCode, name: writing.unitName))
            }
        }
        for assignment in plan.assignments {
            for duty in assignment.duties {
                let key = SubmissionContent.dutyKey(assignment: assignment.number, label: duty.label)
                let origin = SubmissionContent.dutyName(assignment: assignment.number, label: duty.label, .vi)
                let task = duty.keyTask.flatMap { number in plan.tasks.contains { $0.number == number } ? "task/\(number)" : nil } ?? firstTask
                for writing in writings where assignment.units.contains(where: writing.reportsFor.contains) {
                    guard let narrative = writing.content.narratives[key] else { continue }
                    func passage(_ text: String) -> CompiledText.Passage {
                        CompiledText.Passage(unitCode: writing.unitCode, unitName: writing.unitName, text: text, origin: origin)
                    }
                    let section = grouping == .unit ? "unit/\(writing.unitCode)" : task
                    results[section, default: []].append(passage(narrative.results))
                    shortcomings.append(passage(narrative.shortcomings))
                    proposals.append(passage(narrative.proposals))
                }
            }
        }
        let periodWords = period.isSpan ? "giai đoạn \(period.phrase(.vi))" : period.phrase(.vi)
        // The data window as the report states it: "(số liệu tính từ ngày 15/12/2023 đến ngày 14/12/2024)".
        let window =
            dataWindow.flatMap { window -> String? in
                guard let from = OfficialDate(iso: window.from), let to = OfficialDate(iso: window.to) else { return nil }
                return " (số liệu tính từ \(from.words) đến \(to.words))"
            } ?? ""
        let situation = (["Theo số liệu đã duyệt của các cơ quan, đơn vị, địa phương, \(periodWords) trên địa bàn tỉnh\(window):"] + situationFacts)
            .joined(separator: "\n")
        let next: String =
            switch kind {
            case .finalReview:
                "Tiếp tục thực hiện công tác phòng, chống ma túy theo Chương trình giai đoạn tiếp theo; kế thừa các mô hình, cách làm hiệu quả của giai đoạn \(period.phrase(.vi))."
            default:
                "Tiếp tục triển khai đồng bộ các nhiệm vụ, giải pháp tại Kế hoạch số \(plan.code); tập trung vào các chỉ tiêu chưa đạt hoặc có nguy cơ không đạt."
            }
        var texts: [String: String] = [:]
        for (key, passages) in results {
            let text = CompiledText.compile(passages, naming: grouping == .outline || !key.hasPrefix("unit/")).text
            if !text.isEmpty { texts[key] = text }
        }
        if grouping == .unit {
            // Units that wrote the same share one part, named together, as they share a line in the outline.
            var parts: [UnitPart] = []
            var merged: [String: [UnitPart]] = [:]
            for unit in units {
                guard let text = texts[unit.key] else { continue }
                if let first = parts.first(where: { CompiledText.normalised(texts[$0.key] ?? "") == CompiledText.normalised(text) }) {
                    merged[first.code, default: []].append(unit)
                    texts[unit.key] = nil
                } else {
                    parts.append(unit)
                }
            }
            units = parts.map { part in
                guard let others = merged[part.code] else { return part }
                let key = part.key
                texts[key] = (texts[key] ?? "") + " " + CompiledText.mark("Đã gộp nội dung giống nhau của \(others.count + 1) đơn vị")
                return UnitPart(code: part.code, name: ([part.name] + others.map(\.name)).joined(separator: ", "), also: others.map(\.code))
            }
        }
        return RoundReportDraft(
            heading: heading, situation: situation, results: texts,
            shortcomings: CompiledText.compile(shortcomings).text, proposals: CompiledText.compile(proposals).text, nextTasks: next,
            grouping: grouping, units: units)
    }
}
