import Foundation
import PCMTDomain

/// What a unit's own report is made of: its heading, its duties and projects, what it wrote, and its data.
public struct UnitReportMaterial: Sendable {
    /// One element's figure: "Vụ phạm tội … (vụ)", "305", the comparable period's "284" and "tăng 21 vụ (+7,4%)".
    public struct DataLine: Sendable, Equatable {
        public var name: String
        public var value: String
        public var previous: String
        public var change: String
        public init(name: String, value: String, previous: String = "", change: String = "") {
            self.name = name; self.value = value; self.previous = previous; self.change = change
        }
    }

    public var plan: Plan
    public var period: Period
    public var kind: RoundKind
    public var heading: DocumentHeading
    public var unitName: String
    public var demands: SubmissionDemands
    public var content: SubmissionContent
    public var data: [DataLine]
    /// How the comparable period is named in the data table's header: "Năm 2023", "Cùng kỳ năm 2023".
    public var comparedWith: String

    public init(
        plan: Plan, period: Period, kind: RoundKind, heading: DocumentHeading, unitName: String,
        demands: SubmissionDemands, content: SubmissionContent, data: [DataLine], comparedWith: String = ""
    ) {
        self.plan = plan; self.period = period; self.kind = kind; self.heading = heading; self.unitName = unitName
        self.demands = demands; self.content = content; self.data = data; self.comparedWith = comparedWith
    }
}

/// Lays out a unit's report to the standing office, as the unit would send it: results per duty assigned to it,
/// its projects, its data for the period, shortcomings and proposals.
public enum UnitReportComposer {
    public static func document(_ material: UnitReportMaterial) -> OfficialDocument {
        let plan = material.plan
        let isReview = material.kind == .midTermReview || material.kind == .finalReview
        let periodWords = isReview ? "giai đoạn \(material.period.phrase(.vi))" : material.period.phrase(.vi)
        var blocks: [OfficialDocument.Block] = [
            .text(
                "Thực hiện \(RoundReportComposer.planReference(plan)), \(material.unitName) báo cáo "
                    + "\(RoundReportComposer.verb(material.kind)) \(periodWords) như sau:"),
            .section("I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO"),
        ]
        var shortcomings: [CompiledText.Passage] = []
        var proposals: [CompiledText.Passage] = []
        for (index, demand) in material.demands.duties.enumerated() {
            let label = demand.duty.label
            let place = label.isEmpty ? "" : label.hasPrefix("-") ? "ý thứ \(label.dropFirst()), " : "điểm \(label), "
            // The duty's whole text, as the plan gives it (issue 15, item 3: no heading cut with "…").
            blocks.append(.minorHeading("\(index + 1). Nhiệm vụ tại \(place)mục IV.\(demand.assignment.number) Kế hoạch"))
            blocks.append(.note(demand.duty.text))
            let narrative = material.content.narratives[demand.key] ?? SubmissionContent.Narrative()
            let results = narrative.results.trimmingCharacters(in: .whitespacesAndNewlines)
            blocks.append(.text(results.isEmpty ? "(Chưa có nội dung báo cáo về \(demand.name(.vi)).)" : results))
            func passage(_ text: String) -> CompiledText.Passage {
                CompiledText.Passage(unitCode: "", unitName: material.unitName, text: text, origin: demand.name(.vi))
            }
            shortcomings.append(passage(narrative.shortcomings))
            proposals.append(passage(narrative.proposals))
        }
        var section = 2
        let numerals = ["I", "II", "III", "IV", "V", "VI"]
        if !material.demands.projects.isEmpty {
            blocks.append(.section("\(numerals[section - 1]). TIẾN ĐỘ THỰC HIỆN DỰ ÁN"))
            section += 1
            blocks.append(
                .table(
                    RoundReportComposer.projectTable(
                        material.demands.projects.map { project in
                            let progress = material.content.projects[project.code]
                            return RoundReportMaterial.ProjectLine(
                                number: project.number, title: project.title, lead: material.unitName,
                                status: progress?.status ?? "", progress: progress?.progress,
                                allocated: progress?.allocated, spent: progress?.spent)
                        })))
        }
        if !material.data.isEmpty {
            blocks.append(.section("\(numerals[section - 1]). SỐ LIỆU \(periodWords.uppercased())"))
            section += 1
            blocks.append(
                .table(
                    OfficialDocument.Table(
                        columns: [
                            .init("TT", weight: 0.8, alignment: .center), .init("Chỉ số", weight: 5.2),
                            .init(periodWords.prefix(1).uppercased() + periodWords.dropFirst(), weight: 1.6, alignment: .right),
                            .init(material.comparedWith.isEmpty ? "Kỳ trước" : material.comparedWith, weight: 1.6, alignment: .right),
                            .init("Tăng, giảm", weight: 2.2, alignment: .right),
                        ],
                        rows: material.data.enumerated().map { line in
                            [
                                .init("\(line.offset + 1)"), .init(line.element.name), .init(line.element.value),
                                .init(line.element.previous.isEmpty ? "–" : line.element.previous),
                                .init(line.element.change.isEmpty ? "–" : line.element.change),
                            ]
                        })))
        }
        blocks.append(.section("\(numerals[section - 1]). TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"))
        blocks.append(.text(RoundReportComposer.orPlaceholder(CompiledText.withoutMarks(CompiledText.compile(shortcomings, naming: false).text))))
        blocks.append(.section("\(numerals[section]). ĐỀ XUẤT, KIẾN NGHỊ"))
        blocks.append(.text(RoundReportComposer.orPlaceholder(CompiledText.withoutMarks(CompiledText.compile(proposals, naming: false).text))))
        return OfficialDocument(
            heading: RoundReportComposer.heading(material.heading, year: material.period.lastYear), kind: "BÁO CÁO",
            title: "\(RoundReportComposer.title(material.kind)) thực hiện Kế hoạch số \(plan.code)\n"
                + periodWords.prefix(1).uppercased() + periodWords.dropFirst(),
            addressee: material.heading.addressee, blocks: blocks,
            closing: "Trên đây là báo cáo \(RoundReportComposer.verb(material.kind)) \(periodWords) của \(material.unitName).",
            recipients: RoundReportComposer.lines(material.heading.recipients),
            signature: RoundReportComposer.signature(material.heading))
    }
}
