import Foundation
import PCMTDomain
import Testing

@testable import PCMTStore
@testable import PCMTWeb

/// The data element form (pcmt issue 16, item 4) in both languages: a new element refused for its fields, and an
/// element whose save was refused because someone changed it meanwhile.
extension ViewSnapshotTests {
    static let elements = [
        DataElement(
            code: "users_with_record", name: "Người sử dụng trái phép chất ma túy có hồ sơ", measure: "người", aggregation: .stock,
            collectedAt: .init(level: .commune)),
        DataElement(
            code: "trafficking_leads", name: "Nguồn tin về tội phạm mua bán ma túy", measure: "vụ việc", aggregation: .flow,
            collectedAt: .init(level: .agency, units: ["62-CAT", "62-BDBP"]),
            categories: [.init(code: "border", name: "Biên giới"), .init(code: "express", name: "Chuyển phát")]),
    ]

    @Test func dataElementFormForANewElementWithProblems() throws {
        let values = [
            "code": "Vu Bien Gioi", "name": "", "nameEn": "", "measure": "vụ", "measureEn": "", "aggregation": "flag", "valueType": "count",
            "collectedAt": "agency", "collectedBy": "62-BDBP", "categories": "land | Đường bộ\nland | Đường sông", "partOf": "users_with_record",
        ]
        let draft = DataElementDraft(
            code: values["code"]!, name: "", measure: "vụ", aggregation: "flag", valueType: "count", collectedAt: "agency", collectedBy: ["62-BDBP"],
            categories: DataElementRules.categories(fromLines: values["categories"]!).categories, partOf: "users_with_record")
        let problems = DataElementRules.check(draft, others: Self.elements, knownUnits: nil).problems
        #expect(Set(problems.map(\.field)) == ["code", "name", "valueType", "categories", "partOf"])
        let model = DataElementFormPage.Model(
            plan: F.plan, elementID: nil, version: nil, values: values, original: [:], problems: problems, conflict: nil, saved: false,
            csrfToken: F.csrf, others: Self.elements)
        let pages = try render(
            "data-element-new-problems", path: "\(Self.planPath)/data-elements/new", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Edit the plan", "Sửa kế hoạch") }
        ) { t in
            DataElementFormPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>Thêm chỉ số dữ liệu</h1>"))
        #expect(vi.contains("Chưa lưu gì"))
        #expect(vi.contains("<a href=\"#f-categories\">Phân loại: mã phân loại &quot;land&quot; được ghi hai lần.</a>"))
        #expect(
            vi.contains(
                "<option value=\"users_with_record\" selected=\"selected\">users_with_record — Người sử dụng trái phép chất ma túy có hồ sơ</option>")
        )
        #expect(vi.contains("action=\"\(Self.planPath)/data-elements/new\""))
        #expect(!vi.contains("/delete"), "a new element has nothing to remove")
    }

    @Test func dataElementFormRefusedForAConflict() throws {
        let id = F.id(801)
        let opened = DataElementFormPage.values(Self.elements[1])
        var now = Self.elements[1]
        now.name = "Nguồn tin, tố giác về tội phạm mua bán ma túy"
        var submitted = opened
        submitted["measure"] = "nguồn tin"
        let current = StoredDataElement(id: id, planID: F.plan.id, version: 3, position: 2, element: now)
        let model = DataElementFormPage.Model(
            plan: F.plan, elementID: id, version: 3, values: submitted, original: DataElementFormPage.values(now), problems: [],
            conflict: .init(current: current, lastChange: F.auditEvents[0], original: opened, submitted: submitted), saved: false,
            csrfToken: F.csrf, others: [Self.elements[0]])
        let pages = try render(
            "data-element-conflict", path: "\(Self.planPath)/data-elements/\(id.slug)", plan: F.plan, session: F.session(.standingOffice),
            title: { $0("Edit the plan", "Sửa kế hoạch") }
        ) { t in
            DataElementFormPage.view(model, t: t)
        }
        let vi = try #require(pages[.vi])
        #expect(vi.contains("<h1>Sửa chỉ số dữ liệu</h1>"))
        #expect(vi.contains("(nay là phiên bản 3)"))
        #expect(vi.contains("<td class=\"changed\">Nguồn tin, tố giác về tội phạm mua bán ma túy</td>"))
        #expect(vi.contains("border | Biên giới\nexpress | Chuyển phát</textarea>"))
        #expect(vi.contains("name=\"version\" value=\"3\""))
        #expect(vi.contains("Xóa chỉ số dữ liệu này"))
        let en = try #require(pages[.en])
        #expect(en.contains("<h1>Edit data element</h1>"))
    }
}
