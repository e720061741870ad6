import Foundation
import PCMTDomain

/// What a unit's own report is made of: its heading, its duties and projects, what it wrote, and its data.
public struct UnitReportMaterial: Sendable {
    public struct DataLine: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    public var plan: Plan
    public var period: Period
    public var kind: RoundKind
    public var heading: DocumentHeading
    public var unitName: String
    public var demands: SubmissionDemands
    public var content: SubmissionContent
    public var data: [DataLine]

    public init(
        plan: Plan, period: Period, kind: RoundKind, heading: DocumentHeading, unitName: String,
        demands: SubmissionDemands, content: SubmissionContent, data: [DataLine]
    ) {
        self.plan = plan; self.period = period; self.kind = kind; self.heading = heading; self.unitName = unitName
        self.demands = demands; self.content = content; self.data = data
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
        var shortcomings: [String] = []
        var proposals: [String] = []
        for (index, demand) in material.demands.duties.enumerated() {
            let label = demand.duty.label
            let place = label.isEmpty ? "" : label.hasPrefix("-") ? "ý thứ \(label.dropFirst()), " : "điểm \(label), "
            blocks.append(
                .minorHeading(
                    "\(index + 1). Nhiệm vụ tại \(place)mục IV.\(demand.assignment.number) Kế hoạch: "
                        + RoundReportComposer.shortened(demand.duty.text, words: 24)))
            let narrative = material.content.narratives[demand.key] ?? SubmissionContent.Narrative()
            blocks.append(.text(RoundReportComposer.orPlaceholder(narrative.results)))
            if !narrative.shortcomings.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { shortcomings.append(narrative.shortcomings) }
            if !narrative.proposals.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { proposals.append(narrative.proposals) }
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
                            .init("TT", weight: 0.8, alignment: .center), .init("Chỉ số", weight: 7), .init("Số liệu", weight: 2, alignment: .right),
                        ],
                        rows: material.data.enumerated().map { [.init("\($0.offset + 1)"), .init($0.element.name), .init($0.element.value)] })))
        }
        blocks.append(.section("\(numerals[section - 1]). TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"))
        blocks.append(.text(RoundReportComposer.orPlaceholder(shortcomings.joined(separator: "\n"))))
        blocks.append(.section("\(numerals[section]). ĐỀ XUẤT, KIẾN NGHỊ"))
        blocks.append(.text(RoundReportComposer.orPlaceholder(proposals.joined(separator: "\n"))))
        blocks.append(.text("Trên đây là báo cáo \(RoundReportComposer.verb(material.kind)) \(periodWords) của \(material.unitName)."))
        return OfficialDocument(
            heading: RoundReportComposer.heading(material.heading, year: material.period.lastYear), kind: "BÁO CÁO",
            title: "\(RoundReportComposer.title(material.kind)) thực hiện Kế hoạch số \(plan.code)\n"
                + periodWords.prefix(1).uppercased() + periodWords.dropFirst(),
            addressee: material.heading.addressee, blocks: blocks,
            recipients: RoundReportComposer.lines(material.heading.recipients),
            signature: RoundReportComposer.signature(material.heading))
    }
}
