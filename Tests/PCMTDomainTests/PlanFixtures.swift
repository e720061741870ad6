import Foundation
import PCMTDomain

/// A small plan written by hand for the domain tests: two assignees, a district group, one project.
enum PlanFixtures {
    static let province = OrgUnit(code: "99", name: "Tỉnh Thử Nghiệm", level: .province, typeName: "Tỉnh", parentCode: nil)
    static let district = OrgUnit(code: "990", name: "Huyện Núi Cao", level: .district, typeName: "Huyện", parentCode: "99")
    static let commune = OrgUnit(code: "99001", name: "Xã Suối Đá", level: .commune, typeName: "Xã", parentCode: "990")
    static let otherCommune = OrgUnit(code: "99002", name: "Xã Suối", level: .commune, typeName: "Xã", parentCode: "990")
    static let police = OrgUnit(code: "99-CA", name: "Công an tỉnh", level: .agency, typeName: "Công an", parentCode: "99")
    static let health = OrgUnit(code: "99-SYT", name: "Sở Y tế", level: .agency, typeName: "Sở", parentCode: "99")

    static let plan = Plan(
        id: UUID(uuidString: "00000000-0000-4000-8000-000000000099")!, code: "1/KH-TEST", kind: "Kế hoạch",
        title: "Kế hoạch thử", issuer: "Ủy ban nhân dân tỉnh Thử Nghiệm", place: "Thử Nghiệm", issuedOn: "2021-01-02",
        implements: "Thực hiện chương trình", startYear: 2021, endYear: 2025, baselineYear: 2020,
        generalObjective: "Giảm tệ nạn.",
        targetGroups: [
            TargetGroup(
                number: 1, text: "Nhóm một",
                targets: [
                    Target(
                        code: "T01", text: "Số vụ tăng 5%", rule: TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear),
                        indicator: "Số vụ", responsible: [1]),
                    Target(
                        code: "T02", text: "Người nghiện được điều trị", rule: TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator),
                        indicator: "Tỷ lệ", responsible: [2]),
                ])
        ],
        tasks: [KeyTask(number: 1, text: "Chuyển hóa địa bàn xã Suối Đá, huyện Núi Cao.")],
        solutions: [SolutionGroup(number: 1, title: "Tuyên truyền", points: ["Tuyên truyền tại xã Suối Đá Trắng."])],
        assignments: [
            Assignment(
                number: 1, assignee: "Công an tỉnh", units: ["99-CA"],
                duties: [
                    Duty(label: "a", text: "Chủ trì, phối hợp với Sở Y tế.", role: .lead, partners: ["99-SYT"])
                ]),
            Assignment(
                number: 2, assignee: "Sở Y tế", units: ["99-SYT"],
                duties: [
                    Duty(label: "-1", text: "Điều trị.", role: .implement)
                ]),
            Assignment(
                number: 3, assignee: "Ủy ban nhân dân các huyện", units: ["990"],
                duties: [
                    Duty(label: "-1", text: "Báo cáo.", role: .implement)
                ]),
        ],
        projects: [
            Project(
                code: "P01", number: "Dự án 1", title: "Dự án thử", assignment: 1, leadUnit: "99-CA",
                subprojects: [SubProject(code: "P01.1", number: "Tiểu dự án 1", title: "Tiểu dự án thử")])
        ]
    )
}
