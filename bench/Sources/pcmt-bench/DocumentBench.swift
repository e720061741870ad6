import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore

/// The province's final review 2021–2025 as Word, from the store's totals to the bytes: totals for every year,
/// each target's trajectory, a first draft compiled from 30 units' writing (every duty of the plan, 600 characters
/// each), the layout and the .docx. Then the annex of the units × elements of the province as .xlsx and CSV.
func documentMeasures(
    plan: Plan, province: OrgUnit, units: [OrgUnit], elements: [DataElement], query: BoardQuery,
    repeats: Int
) async throws -> [String: Any] {
    let period = Period.span(from: plan.startYear, to: plan.endYear)
    let sentence = "Đã triển khai đồng bộ các giải pháp, tổ chức kiểm tra, đôn đốc; kết quả cụ thể như sau (nội dung thử). "
    let long = String(repeating: sentence, count: 6)
    let writers = Array(Set(plan.assignments.flatMap(\.units))).sorted()
    let writings = writers.map { code in
        RoundReportDraft.UnitWriting(
            unitCode: code, unitName: units.first { $0.code == code }?.name ?? code,
            content: SubmissionContent(
                narratives: Dictionary(
                    uniqueKeysWithValues: plan.assignments.filter { $0.units.contains(code) }.flatMap { assignment in
                        assignment.duties.map {
                            (
                                SubmissionContent.dutyKey(assignment: assignment.number, label: $0.label),
                                SubmissionContent.Narrative(results: long, shortcomings: sentence, proposals: sentence)
                            )
                        }
                    })))
    }
    var bytes = 0
    var samples: [Double] = []
    func generate() async throws {
        let totals = try await query.totals(plan: plan, unit: province, allUnits: units).unit
        let draft = RoundReportDraft.compiled(
            plan: plan, period: period, kind: .finalReview, heading: DocumentHeading.provinceDefault(plan: plan),
            writings: writings, situationFacts: elements.map { "- \($0.name): 1.234 \($0.measure)" })
        let material = RoundReportMaterial(
            plan: plan, period: period, kind: .finalReview, draft: draft,
            trajectories: TargetTrajectory.all(plan: plan, period: period, totals: totals),
            projects: plan.projects.map {
                .init(
                    number: $0.number, title: $0.title, lead: $0.leadUnit ?? "", status: "Đang triển khai",
                    progress: 80, allocated: 1_000, spent: 800)
            },
            reporting: .init(expected: writers.count, sent: writers.count, onTime: writers.count, approved: writers.count))
        bytes = try DOCXWriter.data(RoundReportComposer.document(material)).count
    }
    try await generate()
    for _ in 0..<repeats { samples.append(try await milliseconds { try await generate() }) }

    let parents = Dictionary(units.map { ($0.code, $0.parentCode) }, uniquingKeysWith: { a, _ in a })
    let area = units.filter { unit in
        unit.code == province.code || unit.parentCode == province.code || unit.parentCode.flatMap { parents[$0] ?? nil } == province.code
    }
    let sheet = Spreadsheet.Sheet(
        name: "Số liệu", header: ["Mã", "Đơn vị"] + elements.map(\.name),
        rows: area.enumerated().map { index, unit in
            [.text(unit.code), .text(unit.name)] + elements.indices.map { .number(Double(index * 7 + $0)) }
        })
    var workbookSamples: [Double] = [], csvSamples: [Double] = []
    for _ in 0..<repeats {
        workbookSamples.append(try await milliseconds { _ = try XLSXWriter.data(Spreadsheet(sheets: [sheet])) })
        csvSamples.append(try await milliseconds { _ = CSVWriter.document(sheet) })
    }
    return [
        "final_review_docx": summary(samples), "final_review_docx_bytes": bytes, "final_review_units_writing": writings.count,
        "annex_xlsx_\(area.count)_units": summary(workbookSamples), "annex_csv_\(area.count)_units": summary(csvSamples),
    ]
}
