import Foundation
import PCMTDomain
import Testing

@testable import PCMTReports

/// A unit's report composed from domain values alone — the built-in plan decoded from its JSON file, a report's
/// writing typed here — without a database or HTTP. Expected words are the plan's own (Kế hoạch 3959/KH-UBND of
/// 03/11/2021) and the structure of a report under Nghị định 30/2020.
@Suite struct UnitReportComposerTests {
    static let plan: Plan = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PCMTSeedData/Resources/plans/kontum-3959.json")
        return try! JSONDecoder().decode(Plan.self, from: Data(contentsOf: url))
    }()

    static func material(kind: RoundKind, period: Period, content: SubmissionContent, data: [UnitReportMaterial.DataLine]) -> UnitReportMaterial {
        let heading = DocumentHeading(
            parentBody: "", issuer: "ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK HÀ", number: "15/BC-UBND", place: "Đắk Hà", date: "2024-12-20",
            addressee: "Công an tỉnh Kon Tum", signerCapacity: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            signerTitle: "", signerName: "Nguyễn Văn A", recipients: "Công an tỉnh Kon Tum;\nLưu: VT.")
        return UnitReportMaterial(
            plan: plan, period: period, kind: kind, heading: heading, unitName: "Ủy ban nhân dân huyện Đắk Hà",
            demands: SubmissionDemands(plan: plan, unitCode: "611"), content: content, data: data)
    }

    static func texts(_ document: OfficialDocument) -> [String] {
        document.blocks.compactMap { block in
            switch block {
            case .section(let text), .subsection(let text), .minorHeading(let text), .text(let text), .note(let text): text
            case .table: nil
            }
        }
    }

    @Test func aYearReportOpensWithThePlanAndClosesWithTheUnit() throws {
        let demands = SubmissionDemands(plan: Self.plan, unitCode: "611")
        let first = try #require(demands.duties.first, "district 611 has duties in assignment 21")
        var content = SubmissionContent()
        content.narratives[first.key] = .init(
            results: "Tổ chức 12 buổi tuyên truyền.", shortcomings: "Thiếu kinh phí.", proposals: "Bổ sung kinh phí năm 2025.")
        let document = UnitReportComposer.document(
            Self.material(
                kind: .year, period: .year(2024), content: content,
                data: [.init(name: "Số vụ phát hiện (vụ)", value: "1.234", previous: "1.200", change: "tăng 34 vụ (+2,8%)")]))
        let texts = Self.texts(document)

        #expect(document.kind == "BÁO CÁO")
        #expect(document.title.hasPrefix("Kết quả thực hiện Kế hoạch số 3959/KH-UBND"))
        #expect(document.heading.number == "15/BC-UBND")
        #expect(document.heading.date == OfficialDate(year: 2024, month: 12, day: 20))
        #expect(document.heading.year == 2024)
        #expect(texts.first?.hasPrefix("Thực hiện Kế hoạch số 3959/KH-UBND ngày 03/11/2021 của Ủy ban nhân dân tỉnh Kon Tum") == true)
        #expect(texts.contains("I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO"))
        #expect(texts.contains("Tổ chức 12 buổi tuyên truyền."))
        #expect(texts.contains("Thiếu kinh phí."))
        #expect(texts.contains("Bổ sung kinh phí năm 2025."))
        // The closing paragraph is the document's own part, printed on the page of the signature (issue 15, item 3).
        #expect(document.closing.hasPrefix("Trên đây là báo cáo kết quả thực hiện Kế hoạch"))
        #expect(document.closing.hasSuffix("của Ủy ban nhân dân huyện Đắk Hà."))
        #expect(!texts.contains { $0.hasPrefix("Trên đây là") })
        // The duty's whole text, never cut with "…".
        #expect(texts.contains(first.duty.text))
        #expect(!texts.contains { $0.contains("…") })
        #expect(document.signature.capacity == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
        #expect(document.signature.name == "Nguyễn Văn A")
        #expect(document.recipients == ["Công an tỉnh Kon Tum;", "Lưu: VT."])
        let tables = document.blocks.compactMap { block -> OfficialDocument.Table? in
            if case .table(let table) = block { return table }
            return nil
        }
        let dataTable = try #require(tables.last)
        #expect(dataTable.rows.first?.map(\.text) == ["1", "Số vụ phát hiện (vụ)", "1.234", "1.200", "tăng 34 vụ (+2,8%)"])
        #expect(dataTable.columns.map(\.title) == ["TT", "Chỉ số", "Năm 2024", "Kỳ trước", "Tăng, giảm"])
    }

    @Test func dutiesWithoutWritingSayNothingWasWritten() {
        let document = UnitReportComposer.document(
            Self.material(kind: .halfYear, period: .halfYear(2024, half: 1), content: SubmissionContent(), data: []))
        let texts = Self.texts(document)
        // Each duty says which one has no writing, so no two paragraphs are the same.
        #expect(texts.contains { $0.hasPrefix("(Chưa có nội dung báo cáo về nhiệm vụ 21") })
        let empty = texts.filter { $0.hasPrefix("(Chưa có nội dung báo cáo về") }
        #expect(Set(empty).count == empty.count)
        // No data given: no data section.
        #expect(!texts.contains { $0.contains("SỐ LIỆU") })
    }

    @Test func aFinalReviewSpeaksOfThePeriod() {
        let document = UnitReportComposer.document(
            Self.material(kind: .finalReview, period: .span(from: 2021, to: 2025), content: SubmissionContent(), data: []))
        #expect(document.title.hasPrefix("Tổng kết thực hiện Kế hoạch số 3959/KH-UBND"))
        #expect(Self.texts(document).first?.contains("báo cáo tổng kết giai đoạn") == true)
    }

    @Test func aShortcomingWrittenForEveryDutyIsPrintedOnce() throws {
        let demands = SubmissionDemands(plan: Self.plan, unitCode: "611")
        try #require(demands.duties.count >= 3, "district 611 has several duties")
        var content = SubmissionContent()
        for demand in demands.duties {
            content.narratives[demand.key] = .init(results: "Đã làm.", shortcomings: "Thiếu kinh phí.", proposals: "Bổ sung kinh phí.")
        }
        let texts = Self.texts(UnitReportComposer.document(Self.material(kind: .year, period: .year(2024), content: content, data: [])))
        #expect(texts.filter { $0.contains("Thiếu kinh phí") } == ["Thiếu kinh phí."])
        #expect(texts.filter { $0.contains("Bổ sung kinh phí") } == ["Bổ sung kinh phí."])
        // No editorial mark reaches the document.
        #expect(!texts.contains { $0.contains("[[") })
    }

    @Test func theClosingParagraphIsKeptWithTheSignatureInWord() throws {
        let document = UnitReportComposer.document(Self.material(kind: .year, period: .year(2024), content: SubmissionContent(), data: []))
        let xml = DOCXBody.document(document)
        let closing = try #require(xml.range(of: "Trên đây là báo cáo"))
        // The paragraph that holds the closing sentence keeps with the next, and so does the blank line before the
        // signature table, whose row is never split.
        let paragraphStart = try #require(xml.range(of: "<w:p>", options: .backwards, range: xml.startIndex..<closing.lowerBound))
        #expect(xml[paragraphStart.lowerBound..<closing.lowerBound].contains("<w:keepNext/>"))
        let afterClosing = xml[closing.upperBound...]
        let table = try #require(afterClosing.range(of: "<w:tbl>"))
        #expect(afterClosing[..<table.lowerBound].contains("<w:keepNext/>"))
        #expect(afterClosing[table.lowerBound...].contains("<w:cantSplit/>"))
        #expect(afterClosing[table.lowerBound...].contains("Nơi nhận:"))
    }
}
