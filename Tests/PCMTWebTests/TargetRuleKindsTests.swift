import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

/// The rule kinds of the 2030 programme (pcmt issue 16, item 4) entered in the plan editor, read back by the API and
/// judged on the board with figures written here by hand: a figure exactly at the threshold is met by "at least" and
/// not by "above".
@Suite struct TargetRuleKindsTests {
    static let planID = UUID(uuidString: konTumPlanID)!
    let base = "/plans/\(konTumPlanID)/edit/target/new"

    /// A new target of group 1, as the editor's form sends it.
    func target(_ code: String, _ kind: String, threshold: String = "", deadline: String = "", numerator: String, denominator: String = "")
        -> [String: String]
    {
        [
            "group": "1", "code": code, "text": "Chỉ tiêu thử \(code)", "titleEn": "", "ruleKind": kind, "threshold": threshold,
            "base": denominator.isEmpty ? "previousYear" : "denominator", "deadlineYear": deadline, "indicator": "Chỉ số \(code)",
            "indicatorEn": "", "responsible": "1", "numerator": numerator, "denominator": denominator, "cumulative": "0",
        ]
    }

    func save(_ app: Application, _ rows: [(String, String, Period, Double)]) async throws {
        let result = try await DataValueStore(database: app.db).saveSet(
            rows.map { unit, element, period, value in
                ImportRow(
                    element: element, placement: UnitPlacement(unitCode: unit, districtCode: "611", provinceCode: "62"), period: period,
                    category: "", value: value, expectedVersion: nil)
            }, context: ChangeContext(actor: "test", actorUnit: "611", address: nil))
        #expect(result == .saved(changed: rows.count))
    }

    @Test(arguments: TestBackend.available)
    func targetsOfEveryNewKindAreSavedInTheEditorAndJudgedExactly(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let forms = [
                target("T21", "growthAbove", threshold: "5", numerator: "drug_cases_detected"),
                target("T22", "growthAtLeast", threshold: "5", numerator: "drug_cases_detected"),
                target("T23", "growthAtMost", threshold: "5", numerator: "drug_cases_detected"),
                target("T24", "decreaseEveryYear", numerator: "drug_cases_detected"),
                target("T25", "ratioAtLeast", threshold: "50", numerator: "schools_reached", denominator: "schools_total"),
                target("T26", "ratioAbove", threshold: "50", numerator: "schools_reached", denominator: "schools_total"),
                target("T27", "ratioBelow", threshold: "50", numerator: "schools_reached", denominator: "schools_total"),
                target(
                    "T28", "unitShareAtLeastBy", threshold: "50", deadline: "2023", numerator: "commune_drug_free", denominator: "count:commune"),
                target(
                    "T29", "unitShareAboveBy", threshold: "50", deadline: "2023", numerator: "commune_drug_free", denominator: "count:commune"),
                target(
                    "T30", "cumulativeRatioAtLeastBy", threshold: "80", deadline: "2025", numerator: "schools_reached",
                    denominator: "schools_total"),
            ]
            for form in forms {
                let response = try await office.post(base, form)
                #expect(response.status == .seeOther, "\(form["code"]!): \(response.body.string.prefix(3000))")
            }
            let plan = try #require(try await PlanStore(database: app.db).plan(id: Self.planID))
            let saved = Dictionary(uniqueKeysWithValues: plan.targets.map { ($0.code, $0) })
            #expect(saved["T21"]?.rule == TargetRule(kind: .growthAbove, threshold: 5, base: .previousYear))
            #expect(saved["T28"]?.rule == TargetRule(kind: .unitShareAtLeastBy, threshold: 50, base: .denominator, deadlineYear: 2023))
            #expect(saved["T28"]?.measure == .unitShare(element: "commune_drug_free", level: .commune))

            // Ngọc Hồi: 100 cases in 2022, 105 in 2023 (exactly +5%); 20 of 40 schools reached (exactly 50%); half its
            // communes drug-free at the end of 2023.
            let communes = try await OrgUnitStore(database: app.db).children(of: "611")
                .filter { $0.level == .commune && ($0.validTo ?? "9999") >= "2023-12-31" }.sorted { $0.code < $1.code }
            try #require(communes.count >= 2)
            let counted = communes.count - communes.count % 2
            var rows: [(String, String, Period, Double)] = [
                ("611", "drug_cases_detected", .halfYear(2022, half: 1), 40), ("611", "drug_cases_detected", .halfYear(2022, half: 2), 60),
                ("611", "drug_cases_detected", .halfYear(2023, half: 1), 50), ("611", "drug_cases_detected", .halfYear(2023, half: 2), 55),
                ("611", "schools_total", .halfYear(2023, half: 2), 40), ("611", "schools_reached", .halfYear(2023, half: 2), 20),
            ]
            for (index, commune) in communes.enumerated() {
                // An odd commune out is drug-free and left out of the share below by a threshold of its own.
                rows.append((commune.code, "commune_drug_free", .halfYear(2023, half: 2), index < counted / 2 || index >= counted ? 1 : 0))
            }
            try await save(app, rows)
            let yes = Double(counted / 2 + (communes.count - counted))
            let exactShare = yes / Double(communes.count) * 100
            let (_, token) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "t")
            let board = try await boardJSON(app, token, "period=2023&orgunit=611&data=all")
            func status(_ code: String) -> String? { board[code]?["status"] as? String }
            #expect(status("T21") == "not_achieved", "exactly +5% is not more than 5%: \(board["T21"] ?? [:])")
            #expect(status("T22") == "achieved", "exactly +5% is at least 5%")
            #expect(status("T23") == "achieved", "exactly +5% is at most 5%")
            #expect(status("T24") == "not_achieved", "105 is not lower than 100")
            #expect(status("T25") == "achieved", "exactly 50% is at least 50%")
            #expect(status("T26") == "not_achieved", "exactly 50% is not above 50%")
            #expect(status("T27") == "not_achieved", "exactly 50% is not below 50%")
            if communes.count % 2 == 0 {
                #expect(exactShare == 50)
                #expect(status("T28") == "achieved", "half the communes is at least 50%: \(board["T28"] ?? [:])")
                #expect(status("T29") == "not_achieved", "half the communes is not more than 50% at the deadline")
            } else {
                #expect(status("T28") == "achieved" && status("T29") == "achieved", "more than half: \(exactShare)%")
            }
            #expect((board["T28"]?["explanation"] as? String)?.contains("/\(communes.count) communes") == true, "\(board["T28"] ?? [:])")
            #expect(status("T30") == "on_track", "50% in 2023 is over the pace of 48% to 80% in 2025")

            // The API states each rule's comparison, and the words name the units counted.
            let api = try #require(try await app.getJSON("/api/v1/plans/\(konTumPlanID)") as? [String: Any])
            let rules = Dictionary(
                uniqueKeysWithValues: (api["targets"] as? [[String: Any]] ?? []).map {
                    ($0["code"] as? String ?? "", $0["rule"] as? [String: Any] ?? [:])
                })
            #expect(rules["T21"]?["comparison"] as? String == "above")
            #expect(rules["T22"]?["comparison"] as? String == "atLeast")
            #expect(rules["T24"]?["kind"] as? String == "decreaseEveryYear" && rules["T24"]?["comparison"] == nil)
            #expect(rules["T28"]?["descriptionVi"] as? String == "Ít nhất 50% số xã đến năm 2023")
            #expect(rules["T21"]?["descriptionVi"] as? String == "Tăng trên 5% so với năm trước")
            let targets = try await app.get("/plans/\(konTumPlanID)/targets").body.string
            #expect(targets.contains("Tăng trên 5% so với năm trước"))
            #expect(targets.contains("Ít nhất 50% số xã đến năm 2023"))
        }
    }

    func boardJSON(_ app: Application, _ token: String, _ query: String) async throws -> [String: [String: Any]] {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        let response = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(konTumPlanID)/board?\(query)", headers: headers)
        #expect(response.status == .ok)
        let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        let targets = body?["targets"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: targets.map { ($0["code"] as! String, $0) })
    }

    @Test(arguments: [
        (["ruleKind": "unitShareAtLeastBy", "deadlineYear": ""], "deadlineYear", "Chỉ tiêu tỷ lệ đơn vị đạt cần có năm đích (đến năm nào)."),
        (["ruleKind": "unitShareAtLeastBy", "denominator": ""], "denominator", "Mẫu số: chỉ tiêu tỷ lệ đơn vị đạt cần cấp đơn vị được đếm"),
        (["ruleKind": "unitShareAtLeastBy", "numerator": "drug_cases_detected"], "numerator", "không phải chỉ số có/không"),
        (["ruleKind": "growthAbove", "threshold": ""], "threshold", "Loại chỉ tiêu này cần có ngưỡng."),
        (["ruleKind": "ratioAtLeast", "threshold": "101"], "threshold", "Ngưỡng phải từ 0 đến 100%."),
    ])
    func anInvalidRuleIsRefusedWithTheFieldNamed(changes: [String: String], field: String, message: String) async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            var form = target(
                "T40", "unitShareAtLeastBy", threshold: "50", deadline: "2025", numerator: "commune_drug_free", denominator: "count:commune")
            for (key, value) in changes { form[key] = value }
            let response = try await office.post(base, form)
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("href=\"#f-\(field)\""), "\(html.prefix(3000))")
            #expect(html.contains(message), "\(html.prefix(6000))")
            let plan = try #require(try await PlanStore(database: app.db).plan(id: Self.planID))
            #expect(!plan.targets.contains { $0.code == "T40" }, "nothing saved")
        }
    }
}
