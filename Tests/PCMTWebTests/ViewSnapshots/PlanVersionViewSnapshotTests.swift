import Foundation
import PCMTDomain
import PCMTStore
import Testing

@testable import PCMTWeb

/// The amendment history and the form that records an amendment (issue 16, item 4), from hand-built versions.
extension ViewSnapshotTests {
    static let recordedAt = Date(timeIntervalSince1970: 1_703_038_200)  // 20/12/2023 09:10 in the province

    static var amendedPlan: Plan {
        var plan = F.plan
        plan.targetGroups[0].targets[0].rule.threshold = 3
        plan.tasks.append(KeyTask(number: plan.tasks.count + 1, text: "Rà soát, bổ sung danh sách điểm nóng."))
        return plan
    }

    static var amendment: PlanVersion {
        PlanVersion(
            number: 2, inForceFrom: "2024-01-01",
            document: AmendingDocument(
                number: "125/KH-UBND", date: "2023-12-20", issuer: "Ủy ban nhân dân tỉnh Thử Nghiệm",
                summary: "Điều chỉnh chỉ tiêu T01 và bổ sung một nhiệm vụ."))
    }

    @Test func planHistoryPage() throws {
        let issued = PlanVersionRecord(version: .issued(F.plan), plan: F.plan, createdBy: "system", createdAt: Self.recordedAt)
        let amended = PlanVersionRecord(version: Self.amendment, plan: Self.amendedPlan, createdBy: "vanphong.thunghiem", createdAt: Self.recordedAt)
        var current = Self.amendedPlan
        current.targetGroups[0].targets[1].text = "Trên 85% người nghiện ma túy được điều trị."
        let model = PlanHistoryPage.Model(
            plan: current,
            entries: [
                .init(record: issued, inForceUntil: "2023-12-31", changes: []),
                .init(record: amended, inForceUntil: nil, changes: PlanAmendment.changes(from: F.plan, to: Self.amendedPlan)),
            ], pending: PlanAmendment.changes(from: Self.amendedPlan, to: current), mayAmend: true, recorded: 2)
        let pages = try render(
            "plan-history", path: "\(Self.planPath)/history", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Amendment history", "Lịch sử sửa đổi") }
        ) { t in PlanHistoryPage.view(model, t: t) }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("Đã ghi nhận phiên bản 2."))
        #expect(vi.contains("Phiên bản 2: văn bản 125/KH-UBND"))
        #expect(vi.contains("15/03/2021 đến 31/12/2023"))
        #expect(vi.contains("Sửa chỉ tiêu T01, cách đánh giá: «Tăng ≥ 5% so với năm trước» → «Tăng ≥ 3% so với năm trước»"))
        #expect(vi.contains("Thay đổi chưa ghi nhận văn bản"))
        #expect(vi.contains("Sửa chỉ tiêu T02, nội dung"))
        #expect(vi.contains("href=\"\(Self.planPath)/history/new\""))
    }

    @Test func planVersionFormWithProblemsAndAConflict() throws {
        let amended = PlanVersionRecord(version: Self.amendment, plan: Self.amendedPlan, createdBy: "vanphong.khac", createdAt: Self.recordedAt)
        var current = Self.amendedPlan
        current.targetGroups[0].targets[1].text = "Trên 85% người nghiện ma túy được điều trị."
        let values = ["documentNumber": "", "documentDate": "2024-05-10", "inForceFrom": "2024-01-01", "issuer": "UBND tỉnh", "summary": "Sửa T02."]
        let problems = PlanAmendment.problems(
            PlanVersionFormPage.input(values), after: Self.amendment, usedNumbers: ["12/KH-UBND", "125/KH-UBND"])
        let model = PlanVersionFormPage.Model(
            plan: current, latest: amended, changes: PlanAmendment.changes(from: Self.amendedPlan, to: current), values: values,
            problems: problems, conflict: amended, csrfToken: F.csrf)
        let pages = try render(
            "plan-version-form", path: "\(Self.planPath)/history/new", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Record an amending document", "Ghi nhận văn bản sửa đổi, bổ sung") }
        ) { t in PlanVersionFormPage.view(model, t: t) }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>Ghi nhận văn bản sửa đổi, bổ sung</h1>"))
        #expect(vi.contains("Phiên bản 2 (văn bản 125/KH-UBND) vừa được vanphong.khac ghi nhận"))
        #expect(vi.contains("Nhập số, ký hiệu văn bản sửa đổi, bổ sung (ví dụ 125/KH-UBND)."))
        #expect(vi.contains("Ngày có hiệu lực phải sau ngày 01/01/2024, ngày phiên bản 2 có hiệu lực."))
        #expect(vi.contains("name=\"after\" value=\"2\""))
        #expect(vi.contains("Sửa chỉ tiêu T02, nội dung"))
    }
}
