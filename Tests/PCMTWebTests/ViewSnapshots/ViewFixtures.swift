import Foundation
import PCMTDomain
import PCMTReports

@testable import PCMTStore
@testable import PCMTWeb

/// A small, synthetic province and plan for rendering every page without a database: fixed identifiers, fixed
/// dates, invented place names ("Tỉnh Thử Nghiệm") and placeholder people ("Nguyễn Văn A").
/// The store's record types have no public initialisers, hence `@testable import PCMTStore`.
enum ViewFixtures {
    // MARK: Fixed values

    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }

    /// A moment given in the province's time (UTC+7), as pages show it.
    static func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text + "+07:00")!
    }

    static let csrf = "csrf-fixed-token-0001"
    static let planID = id(99)
    static let roundID = id(500)

    static func session(_ role: Role, username: String = "canbo.thunghiem") -> LayoutSession {
        LayoutSession(username: username, role: role, csrfToken: csrf)
    }

    // MARK: Organisation units

    static let province = OrgUnit(
        code: "99", name: "Tỉnh Thử Nghiệm", nameEn: "Thu Nghiem province", level: .province,
        typeName: "Tỉnh", parentCode: nil, validFrom: "2004-01-01")
    static let district = OrgUnit(
        code: "990", name: "Huyện Núi Cao", nameEn: "Nui Cao district", level: .district,
        typeName: "Huyện", parentCode: "99", validFrom: "2004-01-01", validTo: "2025-06-30",
        successorCodes: ["99009"])
    static let city = OrgUnit(code: "991", name: "Thành phố Sông Xanh", level: .district, typeName: "Thành phố", parentCode: "99")
    static let commune = OrgUnit(code: "99001", name: "Xã Suối Đá", level: .commune, typeName: "Xã", parentCode: "990")
    static let township = OrgUnit(code: "99002", name: "Thị trấn Đồi Thông", level: .commune, typeName: "Thị trấn", parentCode: "990")
    static let ward = OrgUnit(code: "99101", name: "Phường Bến Nước", level: .commune, typeName: "Phường", parentCode: "991")
    static let successor = OrgUnit(
        code: "99009", name: "Xã Núi Cao", level: .commune, typeName: "Xã", parentCode: "99",
        validFrom: "2025-07-01")
    static let police = OrgUnit(
        code: "99-CA", name: "Công an tỉnh", nameEn: "Provincial Police", level: .agency,
        typeName: "Công an", parentCode: "99")
    static let health = OrgUnit(
        code: "99-SYT", name: "Sở Y tế", nameEn: "Department of Health", level: .agency,
        typeName: "Sở", parentCode: "99")
    static let education = OrgUnit(
        code: "99-SGDDT", name: "Sở Giáo dục và Đào tạo", nameEn: "Department of Education and Training",
        level: .agency, typeName: "Sở", parentCode: "99")

    static let units = [province, district, city, commune, township, ward, successor, police, health, education]
    static let directory = UnitDirectory(units: units)

    // MARK: The plan

    static let plan = Plan(
        id: planID, code: "12/KH-UBND", kind: "Kế hoạch",
        title: "Thực hiện công tác phòng, chống ma túy trên địa bàn tỉnh Thử Nghiệm giai đoạn 2021–2025",
        titleEn: "Drug prevention and control in Thu Nghiem province, 2021–2025",
        issuer: "Ủy ban nhân dân tỉnh Thử Nghiệm", issuerEn: "People's Committee of Thu Nghiem province", issuerUnit: "99",
        place: "Thử Nghiệm", issuedOn: "2021-03-15",
        implements: "Quyết định số 1/QĐ-MAU về chương trình phòng, chống ma túy", implementsEn: "Decision 1/QD-MAU on the drug prevention programme",
        startYear: 2021, endYear: 2025, baselineYear: 2020,
        signature: Signature(capacity: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", title: "Phó Chủ tịch"),
        recipients: ["Bộ Công an (b/c)", "Thường trực Tỉnh ủy (b/c)", "Lưu: VT, NC."],
        generalObjective: "Kiềm chế, làm giảm tội phạm và tệ nạn ma túy; không để hình thành điểm, tụ điểm phức tạp về ma túy trên địa bàn tỉnh.",
        generalObjectiveEn: "Contain and reduce drug crime and drug use; no complex drug hotspot forms in the province.",
        targetGroups: [
            TargetGroup(
                number: 1, text: "Về phát hiện tội phạm và điều trị nghiện", titleEn: "Detecting crime and treating addiction",
                targets: [
                    Target(
                        code: "T01", text: "Số vụ phạm tội về ma túy bị phát hiện tăng ít nhất 5% mỗi năm so với năm trước.",
                        titleEn: "Drug crimes detected rise by at least 5% a year.",
                        rule: TargetRule(kind: .growthAtLeast, threshold: 5, base: .previousYear),
                        indicator: "Số vụ phạm tội về ma túy bị phát hiện", indicatorEn: "Drug crimes detected", responsible: [1],
                        measure: Measure(numerator: ["drug_cases_detected"])),
                    Target(
                        code: "T02", text: "Trên 80% người nghiện ma túy được điều trị.",
                        titleEn: "Over 80% of people with drug addiction are treated.",
                        rule: TargetRule(kind: .ratioAbove, threshold: 80, base: .denominator),
                        indicator: "Tỷ lệ người nghiện được điều trị", indicatorEn: "Share of addicted people treated", responsible: [2],
                        measure: Measure(numerator: ["addicts_treated"], denominator: ["addicts_registered"])),
                ]),
            TargetGroup(
                number: 2, text: "Về địa bàn", titleEn: "Areas",
                targets: [
                    Target(
                        code: "T03", text: "Không phát sinh điểm, tụ điểm mới về ma túy.", titleEn: "No new drug hotspot.",
                        rule: TargetRule(kind: .noNew), indicator: "Số điểm, tụ điểm mới", indicatorEn: "New hotspots", responsible: [1, 3],
                        measure: Measure(numerator: ["new_hotspots"])),
                    Target(
                        code: "T04", text: "Tuyên truyền về phòng, chống ma túy đến mọi thôn, làng.", titleEn: "Awareness reaches every village.",
                        rule: TargetRule(kind: .qualitative), indicator: "Hoạt động tuyên truyền", responsible: [3]),
                ]),
        ],
        tasks: [
            KeyTask(
                number: 1, text: "Chuyển hóa địa bàn xã Suối Đá, huyện Núi Cao.", titleEn: "Turn round the Suoi Da commune area", solutionGroup: 1),
            KeyTask(
                number: 2, text: "Nâng cao hiệu quả điều trị nghiện ma túy tại cộng đồng.", titleEn: "Better community treatment", solutionGroup: 2),
            KeyTask(number: 3, text: "Kiểm tra, giám sát việc thực hiện kế hoạch.", titleEn: "Inspection and supervision"),
        ],
        solutions: [
            SolutionGroup(
                number: 1, title: "Tuyên truyền, giáo dục", titleEn: "Awareness and education",
                points: ["Tuyên truyền trên đài phát thanh, truyền hình tỉnh.", "Đưa nội dung phòng, chống ma túy vào trường học."]),
            SolutionGroup(
                number: 2, title: "Điều trị nghiện và quản lý sau cai", titleEn: "Treatment and aftercare",
                points: ["Mở rộng điều trị bằng thuốc thay thế."]),
        ],
        assignments: [
            Assignment(
                number: 1, assignee: "Công an tỉnh", assigneeEn: "Provincial Police", units: ["99-CA"],
                intro: "Là cơ quan thường trực về phòng, chống ma túy của tỉnh.",
                duties: [
                    Duty(
                        label: "a", text: "Chủ trì, phối hợp với Sở Y tế đấu tranh, triệt phá các đường dây mua bán trái phép chất ma túy.",
                        role: .lead, partners: ["99-SYT"], bullets: ["Triệt xóa các điểm, tụ điểm.", "Quản lý người sử dụng trái phép chất ma túy."],
                        keyTask: 1),
                    Duty(
                        label: "b", text: "Phối hợp với Ủy ban nhân dân huyện Núi Cao chuyển hóa địa bàn.", role: .cooperate, partners: ["990"],
                        keyTask: 1),
                ]),
            Assignment(
                number: 2, assignee: "Sở Y tế", assigneeEn: "Department of Health", units: ["99-SYT"],
                duties: [
                    Duty(label: "-1", text: "Tổ chức điều trị nghiện ma túy tại cộng đồng.", role: .implement, keyTask: 2)
                ]),
            Assignment(
                number: 3, assignee: "Ủy ban nhân dân các huyện, thành phố", assigneeEn: "District and city People's Committees",
                units: ["990", "991"],
                duties: [
                    Duty(
                        label: "a", text: "Chỉ đạo các xã, phường, thị trấn rà soát người nghiện.", role: .implement, partners: ["99-CA"], keyTask: 3)
                ]),
            Assignment(
                number: 4, assignee: "Các sở, ban, ngành khác", units: [],
                duties: [
                    Duty(label: "", text: "Theo chức năng, nhiệm vụ phối hợp thực hiện kế hoạch.", role: .cooperate)
                ]),
        ],
        projects: [
            Project(
                code: "P01", number: "Dự án 1", title: "Nâng cao năng lực phát hiện tội phạm về ma túy", titleEn: "Detection capacity",
                assignment: 1, leadUnit: "99-CA", guidance: "Theo hướng dẫn của Bộ Công an",
                subprojects: [SubProject(code: "P01.1", number: "Tiểu dự án 1", title: "Trang bị phương tiện nghiệp vụ", titleEn: "Equipment")]),
            Project(
                code: "P02", number: "Dự án 2", title: "Điều trị nghiện tại cộng đồng", titleEn: "Community treatment",
                assignment: 2, leadUnit: "99-SYT"),
        ],
        reporting: [
            ReportingDuty(
                kind: .halfYear, text: "Báo cáo 6 tháng gửi Công an tỉnh trước ngày 20/6.", textEn: "Half-year report to the Police by 20 June.",
                recipientUnit: "99-CA"),
            ReportingDuty(
                kind: .year, text: "Báo cáo năm gửi Công an tỉnh trước ngày 20/12.", textEn: "Yearly report by 20 December.",
                recipientUnit: "99-CA"),
            ReportingDuty(kind: .midTermReview, text: "Sơ kết giữa kỳ.", textEn: "Mid-term review.", year: 2023),
            ReportingDuty(kind: .finalReview, text: "Tổng kết.", textEn: "Final review.", year: 2025),
        ],
        organisation: [
            OrganisationClause(number: 1, text: "Các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố xây dựng kế hoạch thực hiện."),
            OrganisationClause(number: 2, text: "Công an tỉnh theo dõi, đôn đốc và tổng hợp báo cáo."),
        ]
    )

    static let planSummary = PlanSummary(
        id: planID, code: plan.code, title: plan.title, issuedOn: plan.issuedOn,
        startYear: 2021, endYear: 2025)
    static let olderPlanSummary = PlanSummary(
        id: id(98), code: "5/KH-UBND", title: "Kế hoạch phòng, chống ma túy giai đoạn 2016–2020",
        issuedOn: "2016-02-01", startYear: 2016, endYear: 2020)

    // MARK: Data elements and totals

    static let elements = [
        DataElement(
            code: "drug_cases_detected", name: "Số vụ phạm tội về ma túy bị phát hiện", nameEn: "Drug crimes detected",
            measure: "vụ", measureEn: "cases", aggregation: .flow, collectedAt: .init(level: .district)),
        DataElement(
            code: "addicts_registered", name: "Số người nghiện có hồ sơ quản lý", nameEn: "People with addiction on record",
            measure: "người", measureEn: "people", aggregation: .stock, collectedAt: .init(level: .district)),
        DataElement(
            code: "addicts_treated", name: "Số người nghiện được điều trị", nameEn: "People treated",
            measure: "người", measureEn: "people", aggregation: .flow, collectedAt: .init(level: .district),
            categories: [
                .init(code: "community", name: "Tại cộng đồng", nameEn: "In the community"),
                .init(code: "facility", name: "Tại cơ sở cai nghiện", nameEn: "In a treatment facility"),
            ]),
        DataElement(
            code: "new_hotspots", name: "Số điểm, tụ điểm mới phát hiện", nameEn: "New hotspots found",
            measure: "điểm", measureEn: "hotspots", aggregation: .flow, collectedAt: .init(level: .district)),
        DataElement(
            code: "drug_free_district", name: "Huyện không có ma túy", nameEn: "Drug-free district",
            measure: "", aggregation: .flag, valueType: .yesNo, collectedAt: .init(level: .district)),
    ]

    static func totals(scale: Double) -> UnitTotals {
        var totals = UnitTotals()
        totals.years = [
            "drug_cases_detected": [2020: 40 * scale, 2021: 44 * scale, 2022: 45 * scale, 2023: 50 * scale],
            "addicts_registered": [2020: 150 * scale, 2021: 160 * scale, 2022: 150 * scale, 2023: 170 * scale],
            "addicts_treated": [2021: 120 * scale, 2022: 125 * scale, 2023: 150 * scale],
            "new_hotspots": [2021: 0, 2022: 1, 2023: 0],
        ]
        totals.stocks = ["addicts_registered"]
        return totals
    }

    static let provinceTotals = totals(scale: 1)
    static let boardPeriod = Period.year(2023)
    static let board = TargetBoard(plan: plan, period: boardPeriod, totals: provinceTotals)

    // MARK: Reporting round

    static let round = RoundSummary(
        id: roundID, planID: planID, period: .year(2023), kind: .year,
        schedule: RoundSchedule.defaults(for: .year(2023)), openedBy: "vanphong.thunghiem", openedAt: at("2023-11-01T08:00:00"),
        counts: [.draft: 1, .submitted: 1, .returned: 1, .approved: 1])

    static let policeContent = SubmissionContent(
        narratives: [
            "1/a": .init(
                results: "Triệt phá 12 đường dây mua bán trái phép chất ma túy.", shortcomings: "Lực lượng còn mỏng.",
                proposals: "Bổ sung biên chế cho lực lượng chuyên trách."),
            "1/b": .init(results: "Phối hợp chuyển hóa xã Suối Đá."),
        ],
        projects: ["P01": .init(status: "Đang thực hiện", progress: 60, allocated: 1500, spent: 900.5, note: "Đã mua sắm phương tiện.")])

    static let healthContent = SubmissionContent(
        narratives: ["2/-1": .init(results: "Điều trị cho 150 người tại cộng đồng.", shortcomings: "", proposals: "")],
        projects: ["P02": .init(status: "Hoàn thành", progress: 100, allocated: 800, spent: 780)])

    static func submission(
        _ n: Int, unit: String, state: SubmissionState, content: SubmissionContent = .init(),
        firstSubmittedAt: Date? = nil, version: Int = 1
    ) -> SubmissionRecord {
        SubmissionRecord(
            id: id(600 + n), roundID: roundID, unitCode: unit, state: state, content: content, version: version,
            firstSubmittedAt: firstSubmittedAt, submittedAt: firstSubmittedAt,
            approvedAt: state == .approved ? at("2023-12-22T10:00:00") : nil,
            updatedBy: "canbo.thunghiem", updatedAt: at("2023-12-19T15:45:00"))
    }

    static let policeSubmission = submission(
        1, unit: "99-CA", state: .approved, content: policeContent,
        firstSubmittedAt: at("2023-12-18T09:30:00"), version: 3)
    static let healthSubmission = submission(
        2, unit: "99-SYT", state: .submitted, content: healthContent,
        firstSubmittedAt: at("2023-12-19T16:00:00"), version: 2)
    static let districtSubmission = submission(
        3, unit: "990", state: .returned,
        content: SubmissionContent(narratives: ["3/a": .init(results: "Rà soát 40 người.")]),
        firstSubmittedAt: at("2023-12-21T08:15:00"), version: 4)
    static let citySubmission = submission(4, unit: "991", state: .draft)

    static let submissions: [String: SubmissionRecord] = [
        "99-CA": policeSubmission, "99-SYT": healthSubmission, "990": districtSubmission, "991": citySubmission,
    ]

    static let events = [
        SubmissionEvent(at: at("2023-12-19T16:00:00"), actor: "baocao.syt", action: "submit", from: "draft", to: "submitted", comment: ""),
        SubmissionEvent(
            at: at("2023-12-20T09:10:00"), actor: "vanphong.thunghiem", action: "return", from: "submitted", to: "returned",
            comment: "Đề nghị bổ sung số liệu điều trị tại cơ sở."),
        SubmissionEvent(at: at("2023-12-20T14:00:00"), actor: "baocao.syt", action: "submit", from: "returned", to: "submitted", comment: ""),
    ]

    static let provinceHeading = DocumentHeading.provinceDefault(plan: plan)

    static let roundDraft = RoundReportDraft.compiled(
        plan: plan, period: round.period, kind: round.kind, heading: provinceHeading,
        writings: [.init(unitCode: "99-CA", unitName: "Công an tỉnh", content: policeContent)],
        situationFacts: ["- Số vụ phạm tội về ma túy bị phát hiện: 50 vụ"])

    static let roundMaterial = RoundReportMaterial(
        plan: plan, period: round.period, kind: round.kind, draft: roundDraft,
        trajectories: TargetTrajectory.all(plan: plan, period: round.period, totals: provinceTotals),
        projects: [
            .init(
                number: "Dự án 1", title: "Nâng cao năng lực phát hiện tội phạm về ma túy", lead: "Công an tỉnh",
                status: "Đang thực hiện", progress: 60, allocated: 1500, spent: 900.5),
            .init(number: "Dự án 2", title: "Điều trị nghiện tại cộng đồng", lead: "Sở Y tế", status: "", progress: nil, allocated: nil, spent: nil),
        ],
        reporting: .init(expected: 4, sent: 3, onTime: 2, approved: 1))

    static let unitHeading = DocumentHeading(
        parentBody: "UBND TỈNH THỬ NGHIỆM", issuer: "SỞ Y TẾ", number: "     /BC-SYT", place: "Thử Nghiệm", date: "2023-12-19",
        addressee: "Công an tỉnh", signerCapacity: "KT. GIÁM ĐỐC", signerTitle: "Phó Giám đốc", signerName: "Nguyễn Văn A",
        recipients: "Công an tỉnh;\nLưu: VT.")

    static let unitMaterial = UnitReportMaterial(
        plan: plan, period: round.period, kind: round.kind, heading: unitHeading, unitName: "Sở Y tế",
        demands: SubmissionDemands(plan: plan, unitCode: "99-SYT"), content: healthContent,
        data: [.init(name: "Số người nghiện được điều trị (người)", value: "150")])

    // MARK: Plan records, accounts, tokens, audit

    static func record(_ kind: PlanRecordKind, _ n: Int, parent: UUID? = nil, version: Int = 1, _ fields: [String: String]) -> PlanRecord {
        PlanRecord(kind: kind, id: id(700 + n), parentID: parent, version: version, fields: fields)
    }

    static let targetFields: [String: String] = [
        "group": "1", "code": "T01", "text": "Số vụ phạm tội về ma túy bị phát hiện tăng ít nhất 5% mỗi năm so với năm trước.",
        "titleEn": "Drug crimes detected rise by at least 5% a year.", "ruleKind": "growthAtLeast", "threshold": "5",
        "base": "previousYear", "deadlineYear": "", "indicator": "Số vụ phạm tội về ma túy bị phát hiện", "indicatorEn": "Drug crimes detected",
        "responsible": "1", "numerator": "drug_cases_detected", "denominator": "", "cumulative": "0",
    ]

    static let records: [PlanRecord] = [
        record(.plan, 0, version: 2, ["code": plan.code, "title": plan.title]),
        record(.group, 1, ["number": "1", "text": "Về phát hiện tội phạm và điều trị nghiện"]),
        record(.group, 2, ["number": "2", "text": "Về địa bàn"]),
        record(.target, 3, version: 4, targetFields),
        record(.target, 4, ["code": "T03", "indicator": "Số điểm, tụ điểm mới"]),
        record(.task, 5, ["number": "1", "text": "Chuyển hóa địa bàn xã Suối Đá, huyện Núi Cao."]),
        record(.solution, 6, ["number": "1", "title": "Tuyên truyền, giáo dục"]),
        record(.assignment, 7, ["number": "1", "assignee": "Công an tỉnh"]),
        record(.duty, 8, parent: id(707), ["label": "a", "text": "Chủ trì, phối hợp với Sở Y tế đấu tranh, triệt phá các đường dây."]),
        record(.duty, 9, parent: id(707), ["label": "", "text": "Phối hợp chuyển hóa địa bàn."]),
        record(.project, 10, ["code": "P01", "title": "Nâng cao năng lực phát hiện tội phạm về ma túy"]),
        record(.subproject, 11, parent: id(710), ["code": "P01.1", "title": "Trang bị phương tiện nghiệp vụ"]),
    ]

    static func account(
        _ n: Int, _ username: String, _ role: Role, unit: String, mustChange: Bool = false, disabled: Bool = false,
        email: String? = nil
    ) -> Account {
        Account(
            id: id(800 + n), username: username, role: role, unitCode: unit, passwordHash: "(not a hash)",
            mustChangePassword: mustChange, disabled: disabled, email: email, createdAt: at("2023-01-05T08:00:00"), version: 2)
    }

    static let accounts = [
        account(1, "vanphong.thunghiem", .standingOffice, unit: "99-CA", email: "vanphong@example.invalid"),
        account(2, "baocao.syt", .agencyReporter, unit: "99-SYT", mustChange: true),
        account(3, "baocao.nuicao", .districtReporter, unit: "990"),
        account(4, "thanhtra.tinh", .auditor, unit: "99", disabled: true),
    ]

    static let tokens = [
        TokenListing(
            token: APIToken(
                id: id(901), name: "Đồng bộ số liệu huyện", role: .districtReporter, unitCode: "990",
                createdAt: at("2023-02-01T10:00:00"), createdBy: "quantri.tinh", revokedAt: nil, lastUsedAt: at("2023-12-20T23:05:00"),
                ownerID: id(911)),
            ownerUsername: "baocao.huyen990", standing: .live),
        TokenListing(
            token: APIToken(
                id: id(903), name: "Đồng bộ cũ của huyện", role: .districtReporter, unitCode: "990",
                createdAt: at("2023-01-05T10:00:00"), createdBy: "quantri.tinh", revokedAt: nil, lastUsedAt: nil, ownerID: id(912)),
            ownerUsername: "nghiviec.huyen990", standing: .ownerInactive),
        TokenListing(
            token: APIToken(
                id: id(902), name: "Thử nghiệm cũ", role: .viewer, unitCode: "99", createdAt: at("2022-06-01T10:00:00"),
                createdBy: "quantri.tinh", revokedAt: at("2022-12-31T17:00:00"), lastUsedAt: nil),
            ownerUsername: nil, standing: .revoked),
    ]

    static let auditEvents = [
        AuditEvent(
            seq: 42, at: at("2023-12-20T09:10:00"), actor: "vanphong.thunghiem", actorUnit: "99-CA", address: "192.0.2.10",
            kind: AuditKind.update.rawValue, entity: "submission", entityID: id(602).uuidString, unitCode: "99-SYT",
            summary: "returned the report of 99-SYT for 2023", before: "{\"state\":\"submitted\"}", after: "{\"state\":\"returned\"}",
            prevHash: String(repeating: "a", count: 64), hash: String(repeating: "b", count: 64)),
        AuditEvent(
            seq: 41, at: at("2023-12-19T08:00:00"), actor: "nobody", actorUnit: nil, address: "198.51.100.7",
            kind: AuditKind.signInFailed.rawValue, entity: nil, entityID: nil, unitCode: nil, summary: "failed sign-in", before: nil, after: nil,
            prevHash: String(repeating: "9", count: 64), hash: String(repeating: "a", count: 64)),
    ]
}
