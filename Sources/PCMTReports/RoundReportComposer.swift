import Foundation
import PCMTDomain

/// Lays out the province's report on a round (half-year, year, mid-term or final review) as an official document:
/// situation; results by solution group and key task; the target table with every year of the period; the
/// projects; how the units reported; shortcomings and causes; next tasks; proposals; and, when the material has it,
/// the audit log's head at the report's date as a small last line (``AuditHead/line(_:)``).
public enum RoundReportComposer {
    public static func document(_ material: RoundReportMaterial) -> OfficialDocument {
        let plan = material.plan, draft = material.draft
        let isReview = material.kind == .midTermReview || material.kind == .finalReview
        let periodWords = isReview ? "giai đoạn \(material.period.phrase(.vi))" : material.period.phrase(.vi)
        var blocks: [OfficialDocument.Block] = []
        blocks.append(
            .text(
                "Thực hiện \(planReference(plan)); trên cơ sở báo cáo của các cơ quan, đơn vị, địa phương, "
                    + "\(issuerName(draft.heading.issuer, plan: plan)) báo cáo "
                    + "\(verb(material.kind)) \(periodWords) như sau:"))

        blocks.append(.section("I. TÌNH HÌNH CHUNG"))
        blocks.append(.text(orPlaceholder(printed(draft.situation))))

        blocks.append(.section(isReview ? "II. KẾT QUẢ THỰC HIỆN \(periodWords.uppercased())" : "II. KẾT QUẢ THỰC HIỆN"))
        switch draft.grouping {
        case .outline:
            blocks.append(.subsection("1. Kết quả thực hiện các nhiệm vụ, giải pháp"))
            // A solution group or key task no unit wrote about is left out rather than printed empty.
            var letter = 0
            for part in RoundReportDraft.resultKeys(plan: plan) {
                let written = part.keys.filter { !printed(draft.results[$0] ?? "").isEmpty }
                guard !written.isEmpty else { continue }
                let mark = letter < vietnameseLetters.count ? vietnameseLetters[letter] : "\(letter + 1)"
                letter += 1
                blocks.append(.minorHeading("\(mark)) " + (part.group?.title ?? "Các nhiệm vụ khác")))
                for key in written {
                    if key.hasPrefix("task/"), let number = Int(key.dropFirst(5)), let task = plan.tasks.first(where: { $0.number == number }) {
                        blocks.append(.note("Nhiệm vụ trọng tâm \(number): \(task.text)"))
                    }
                    blocks.append(.text(printed(draft.results[key] ?? "")))
                }
            }
            if letter == 0 { blocks.append(.text(orPlaceholder(""))) }
        case .unit:
            blocks.append(.subsection("1. Kết quả thực hiện của các cơ quan, đơn vị, địa phương"))
            var letter = 0
            for unit in draft.units {
                let text = printed(draft.results[unit.key] ?? "")
                guard !text.isEmpty else { continue }
                let mark = letter < vietnameseLetters.count ? vietnameseLetters[letter] : "\(letter + 1)"
                letter += 1
                blocks.append(.minorHeading("\(mark)) \(unit.name)"))
                blocks.append(.text(text))
            }
            if letter == 0 { blocks.append(.text(orPlaceholder(""))) }
        }

        blocks.append(.subsection(isReview ? "2. Kết quả thực hiện các chỉ tiêu qua từng năm" : "2. Kết quả thực hiện các chỉ tiêu"))
        let measured = material.trajectories.filter { $0.target.rule.kind.isMeasurable }
        let achieved = measured.filter { $0.overall.status == .achieved }.count
        let onTrack = measured.filter { $0.overall.status == .onTrack }.count
        let failing = measured.filter { $0.overall.status == .notAchieved || $0.overall.status == .atRisk }.count
        let inconsistent = measured.filter { $0.overall.status == .inconsistent }.count
        blocks.append(
            .text(
                "Trong \(material.trajectories.count) chỉ tiêu của Kế hoạch, \(measured.count) chỉ tiêu tính được từ số liệu: "
                    + "\(achieved) chỉ tiêu đạt, \(onTrack) chỉ tiêu đúng tiến độ, \(failing) chỉ tiêu không đạt hoặc có nguy cơ không đạt, "
                    + (inconsistent > 0 ? "\(inconsistent) chỉ tiêu có số liệu mâu thuẫn, " : "")
                    + "\(measured.count - achieved - onTrack - failing - inconsistent) chỉ tiêu chưa đủ số liệu (chi tiết tại bảng dưới đây)."))
        blocks.append(.table(targetTable(material)))
        let gaps = material.trajectories.enumerated().compactMap { index, trajectory -> (number: Int, code: String, missing: String)? in
            guard let coverage = trajectory.overall.coverage, !coverage.isComplete else { return nil }
            return (index + 1, trajectory.target.code, coverage.phrase(.vi))
        }
        blocks.append(
            .note(
                "Ghi chú: giá trị mỗi năm là số liệu đã duyệt của năm đó (tỷ lệ tính theo %); "
                    + "cột “Đánh giá” là kết quả \(isReview ? "cả giai đoạn" : "của kỳ báo cáo") theo yêu cầu của từng chỉ tiêu, "
                    + "kèm mức tăng, giảm so với \(ReportFigures.comparison(material.period, baselineYear: plan.baselineYear, .vi).words)."))
        if let note = ReportFigures.coverageNote(gaps, .vi) { blocks.append(.note(note)) }

        blocks.append(.subsection("3. Tiến độ thực hiện các dự án, tiểu dự án"))
        blocks.append(.table(projectTable(material.projects)))

        let reporting = material.reporting
        blocks.append(.subsection("4. Tình hình báo cáo của các cơ quan, đơn vị, địa phương"))
        blocks.append(
            .text(
                "Có \(reporting.sent)/\(reporting.expected) cơ quan, đơn vị, địa phương gửi báo cáo, trong đó "
                    + "\(reporting.onTime) báo cáo đúng hạn; \(reporting.approved) báo cáo đã được Công an tỉnh duyệt và được tổng hợp vào báo cáo này."
            ))

        blocks.append(.section("III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"))
        blocks.append(.text(orPlaceholder(printed(draft.shortcomings))))
        // A review's lessons learned, when the office wrote them, come before the way forward.
        let lessons = isReview ? printed(draft.lessons) : ""
        if !lessons.isEmpty {
            blocks.append(.section("IV. BÀI HỌC KINH NGHIỆM"))
            blocks.append(.text(lessons))
        }
        let next = lessons.isEmpty ? ["IV", "V"] : ["V", "VI"]
        blocks.append(
            .section(
                material.kind == .finalReview
                    ? "\(next[0]). PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TIẾP THEO" : "\(next[0]). PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"))
        blocks.append(.text(orPlaceholder(printed(draft.nextTasks))))
        blocks.append(.section("\(next[1]). ĐỀ XUẤT, KIẾN NGHỊ"))
        blocks.append(.text(orPlaceholder(printed(draft.proposals))))
        let closing =
            isReview
            ? "Trên đây là báo cáo \(verb(material.kind)) \(periodWords) thực hiện Kế hoạch số \(plan.code)."
            : "Trên đây là báo cáo kết quả thực hiện Kế hoạch số \(plan.code) \(periodWords)."

        return OfficialDocument(
            heading: heading(draft.heading, year: material.period.lastYear), kind: "BÁO CÁO",
            title: "\(title(material.kind)) thực hiện \(planReference(plan))\n\(periodWords.prefix(1).uppercased() + periodWords.dropFirst())",
            addressee: draft.heading.addressee, blocks: blocks, closing: closing,
            recipients: lines(draft.heading.recipients), signature: signature(draft.heading),
            // The audit log's head at the report's date anchors the log outside the database (issue 12, item 4).
            footnote: material.auditHead.map { $0.line(.vi) } ?? "")
    }

    // MARK: tables

    static func targetTable(_ material: RoundReportMaterial) -> OfficialDocument.Table {
        let columns = TargetTrajectory.columns(plan: material.plan, period: material.period)
        let baseline = material.plan.baselineYear
        var header: [OfficialDocument.Table.Column] = [.init("TT", weight: 0.8, alignment: .center), .init("Chỉ tiêu", weight: 3.8)]
        for column in columns {
            let title: String =
                switch column {
                case .year(let year) where year == baseline: "\(year)\n(cơ sở)"
                case .halfYear(let year, let half): "\(half == 1 ? "6T đầu" : "6T cuối") \(year)"
                default: column.description
                }
            header.append(.init(title, weight: 1.3, alignment: .center))
        }
        header.append(.init("Đánh giá", weight: 1.6, alignment: .center))
        let rows: [[OfficialDocument.Table.Cell]] = material.trajectories.enumerated().map { index, trajectory in
            var row: [OfficialDocument.Table.Cell] = [
                .init("\(index + 1)"), .init(trajectory.target.indicator, note: trajectory.target.plainWords(.vi)),
            ]
            let expression = ValueExpression.measured(trajectory.target.measure)
            for point in trajectory.points {
                let value = point.value.map { expression.text($0, .vi) } ?? "–"
                row.append(.init(value, note: point.status.map { $0 == .noData ? "" : $0.name(.vi) } ?? ""))
            }
            let coverage = trajectory.overall.coverage
            let change = material.figures.first { $0.subject == trajectory.target.indicator }?.change(.vi) ?? ""
            let notes = [change, coverage.map { $0.isComplete ? "" : $0.count(.vi) } ?? ""].filter { !$0.isEmpty }
            row.append(.init(trajectory.overall.status.name(.vi), note: notes.joined(separator: "; "), bold: true))
            return row
        }
        return OfficialDocument.Table(columns: header, rows: rows)
    }

    static func projectTable(_ projects: [RoundReportMaterial.ProjectLine]) -> OfficialDocument.Table {
        OfficialDocument.Table(
            columns: [
                .init("TT", weight: 0.8, alignment: .center), .init("Dự án, tiểu dự án", weight: 4), .init("Đơn vị chủ trì", weight: 2.2),
                .init("Tình hình thực hiện", weight: 2.6), .init("Tiến độ", weight: 1, alignment: .right),
                .init("Kinh phí bố trí / sử dụng (triệu đồng)", weight: 2, alignment: .right),
            ],
            rows: projects.enumerated().map { index, project in
                [
                    .init("\(index + 1)"), .init("\(project.number) “\(project.title)”"), .init(project.lead),
                    .init(project.status.isEmpty ? "Chưa có báo cáo" : project.status),
                    .init(project.progress.map { Format.percent($0, .vi) } ?? "–"),
                    .init("\(project.allocated.map { Format.number($0, .vi) } ?? "–") / \(project.spent.map { Format.number($0, .vi) } ?? "–")"),
                ]
            })
    }

    // MARK: words

    /// Points are lettered in the Vietnamese alphabet: a, b, c, d, đ, e, g, …
    static let vietnameseLetters = [
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
    ]

    static func verb(_ kind: RoundKind) -> String {
        switch kind {
        case .halfYear, .year: "kết quả thực hiện Kế hoạch"
        case .midTermReview: "sơ kết"
        case .finalReview: "tổng kết"
        }
    }

    static func title(_ kind: RoundKind) -> String {
        switch kind {
        case .halfYear, .year: "Kết quả"
        case .midTermReview: "Sơ kết giữa kỳ"
        case .finalReview: "Tổng kết"
        }
    }

    /// "Kế hoạch số 3959/KH-UBND ngày 03/11/2021 của Ủy ban nhân dân tỉnh Kon Tum".
    static func planReference(_ plan: Plan) -> String {
        let parts = plan.issuedOn.split(separator: "-")
        let date = parts.count == 3 ? " ngày \(parts[2])/\(parts[1])/\(parts[0])" : ""
        return "\(plan.kind) số \(plan.code)\(date) của \(plan.issuer)"
    }

    /// The first words of a long key task, enough to recognise it.
    public static func shortened(_ text: String, words: Int = 18) -> String {
        let all = text.split(separator: " ")
        return all.count <= words ? text : all.prefix(words).joined(separator: " ") + " …"
    }

    /// The issuer as a sentence names it: the plan's own spelling when the heading names the plan's issuer.
    static func issuerName(_ issuer: String, plan: Plan) -> String {
        DocumentHeading.issuerInText(issuer, planIssuer: plan.issuer)
    }

    /// The draft's text as printed: without the editorial marks of the compilation (``CompiledText/withoutMarks(_:)``).
    static func printed(_ text: String) -> String {
        CompiledText.withoutMarks(text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func orPlaceholder(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "(Chưa có nội dung.)" : text
    }

    static func lines(_ text: String) -> [String] { PlanRecordValidation.lines(text) }

    static func heading(_ heading: DocumentHeading, year: Int) -> OfficialDocument.Heading {
        OfficialDocument.Heading(
            parentBody: heading.parentBody, issuer: heading.issuer, number: heading.number, place: heading.place,
            date: OfficialDate(iso: heading.date), year: year)
    }

    static func signature(_ heading: DocumentHeading) -> OfficialDocument.Signature {
        OfficialDocument.Signature(capacity: lines(heading.signerCapacity), title: heading.signerTitle, name: heading.signerName)
    }
}
