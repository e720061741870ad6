import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// Issue 16, item 4: a plan has versions. The standing office changes T04's threshold in the editor (≥ 5% → ≥ 3%) and
/// records the amending document in force from 01/01/2024: 2023 is then judged by the old rule and 2024 by the new
/// one, on the board, the API and the store; the history lists the change; the form refuses wrong fields by name and a
/// stale form with 409.
@Suite struct PlanVersionWebTests {
    static let planID = UUID(uuidString: konTumPlanID)!
    static let plan = "/plans/\(konTumPlanID)"

    func boardJSON(_ app: Application, _ token: String, _ query: String) async throws -> [String: [String: Any]] {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        let response = try await app.testing().sendRequest(.GET, "/api/v1/plans/\(konTumPlanID)/board?\(query)", headers: headers)
        #expect(response.status == .ok)
        let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        let targets = body?["targets"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: targets.map { ($0["code"] as! String, $0) })
    }

    func t04(_ app: Application, _ token: String, _ year: Int) async throws -> (status: String, explanation: String) {
        let row = try await boardJSON(app, token, "period=\(year)&orgunit=611")["T04"]
        return (row?["status"] as? String ?? "", row?["explanation"] as? String ?? "")
    }

    static func amendment(_ number: String = "125/KH-UBND", date: String = "2023-12-20", from: String = "2024-01-01", after: String = "1")
        -> [String: String]
    {
        [
            "documentNumber": number, "documentDate": date, "inForceFrom": from, "issuer": "Ủy ban nhân dân tỉnh Kon Tum",
            "summary": "Điều chỉnh chỉ tiêu số vụ phạm tội về ma túy được phát hiện: tăng từ 3% trở lên.", "after": after,
        ]
    }

    @Test(arguments: TestBackend.available)
    func anAmendmentJudgesEachPeriodByTheVersionInForce(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let district = try await TestAccounts.browser(app, "ngochoi", .districtReporter, unit: "611")
            let (_, token) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "t")
            // Cases detected in district 611: 100, 104 (+4%), 108 (+3.8%).
            for (year, half) in [(2022, "50"), (2023, "52"), (2024, "54")] {
                let saved = try await district.post(
                    "/data/611/\(year)", ["v_drug_cases_detected__heroin": half, "v_drug_cases_detected__synthetic": half])
                #expect(saved.status == .ok)
            }
            #expect(try await t04(app, token, 2023).status == "not_achieved")
            #expect(try await t04(app, token, 2024).status == "not_achieved")
            let before = try await Browser(app).get("\(Self.plan)/history")
            #expect(before.status == .ok, "the history is public, as the plan is")
            #expect(before.body.string.contains("bản ban hành") && before.body.string.contains("Kế hoạch đúng như phiên bản 1"))

            // The office changes T04 in the editor: live at once, as every edit (one version, in force for every period).
            let record = try #require(
                try await PlanEditor(database: app.db).records(planID: Self.planID).first { $0.kind == .target && $0.fields["code"] == "T04" })
            var fields = record.fields
            fields["threshold"] = "3"
            fields["version"] = String(record.version)
            let edited = try await office.post("\(Self.plan)/edit/target/\(record.id.slug)", fields)
            #expect(edited.status == .seeOther)
            #expect(try await t04(app, token, 2023).status == "achieved")
            let change = "Sửa chỉ tiêu T04, cách đánh giá: «Tăng ≥ 5% so với năm trước» → «Tăng ≥ 3% so với năm trước»"
            let pending = try await office.get("\(Self.plan)/history").body.string
            #expect(pending.contains("Thay đổi chưa ghi nhận văn bản") && pending.contains(change))
            #expect(pending.contains("\(Self.plan)/history/new"), "the office is offered the form")
            #expect(!(try await Browser(app).get("\(Self.plan)/history").body.string.contains("/history/new")), "a visitor is not")

            // The form lists what will be recorded.
            let form = try await office.get("\(Self.plan)/history/new")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("Ghi nhận văn bản sửa đổi, bổ sung") && form.body.string.contains(change))
            #expect(form.body.string.contains("name=\"after\" value=\"1\""))
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            #expect(try await viewer.get("\(Self.plan)/history/new").status == .forbidden)
            #expect(try await viewer.post("\(Self.plan)/history/new", Self.amendment()).status == .forbidden)

            // Wrong fields are refused, each by name.
            let wrong = try await office.post(
                "\(Self.plan)/history/new", Self.amendment("", date: "20/12/2023", from: "2021-06-01"))
            #expect(wrong.status == .unprocessableEntity)
            let wrongPage = wrong.body.string
            #expect(wrongPage.contains("Nhập số, ký hiệu văn bản sửa đổi, bổ sung (ví dụ 125/KH-UBND)."))
            #expect(wrongPage.contains("Ngày ban hành không hợp lệ (năm-tháng-ngày)."))
            #expect(wrongPage.contains("Ngày có hiệu lực phải sau ngày 03/11/2021, ngày phiên bản 1 có hiệu lực."))
            #expect(wrongPage.contains("value=\"2021-06-01\""), "what was typed is kept")
            #expect(try await PlanVersionStore(database: app.db).versions(planID: Self.planID).count == 1)

            // Recorded: version 2 from 01/01/2024.
            let recorded = try await office.post("\(Self.plan)/history/new", Self.amendment())
            #expect(recorded.status == .seeOther)
            #expect(recorded.headers.first(name: .location) == "\(Self.plan)/history?done=2")
            // A second form opened on version 1 is stale.
            let stale = try await office.post("\(Self.plan)/history/new", Self.amendment("126/KH-UBND", from: "2024-06-01"))
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("Phiên bản 2 (văn bản 125/KH-UBND) vừa được office ghi nhận"))
            #expect(stale.body.string.contains("name=\"after\" value=\"2\""))
            // Nothing changed since version 2: nothing to record.
            let nothing = try await office.post("\(Self.plan)/history/new", Self.amendment("126/KH-UBND", from: "2024-06-01", after: "2"))
            #expect(nothing.status == .unprocessableEntity)
            #expect(nothing.body.string.contains("Kế hoạch chưa có thay đổi nào so với phiên bản 2"))

            // 2023 by the old rule, 2024 by the new one: on the API, the board page and in the store.
            let (status2023, explanation2023) = try await t04(app, token, 2023)
            #expect(status2023 == "not_achieved")
            #expect(explanation2023.contains("≥ +5%"))
            let (status2024, explanation2024) = try await t04(app, token, 2024)
            #expect(status2024 == "achieved")
            #expect(explanation2024.contains("≥ +3%"))
            #expect(try await t04(app, token, 2024).status == "achieved")
            let page2023 = try await office.get("\(Self.plan)/board?period=2023&unit=611").body.string
            #expect(page2023.contains("Chỉ tiêu theo phiên bản 1 của kế hoạch (3959/KH-UBND, hiệu lực từ 03/11/2021)"))
            let page2024 = try await office.get("\(Self.plan)/board?period=2024&unit=611").body.string
            #expect(page2024.contains("Chỉ tiêu theo phiên bản 2 của kế hoạch (125/KH-UBND, hiệu lực từ 01/01/2024)"))
            let store = PlanStore(database: app.db)
            for (period, version, threshold) in [("2023", 1, 5.0), ("2023S2", 1, 5), ("2024S1", 2, 3), ("2024", 2, 3), ("2021-2025", 2, 3)] {
                let inForce = try #require(try await store.plan(id: Self.planID, for: Period(period)!))
                #expect(inForce.version?.number == version, "\(period)")
                #expect(inForce.plan.targets.first { $0.code == "T04" }?.rule.threshold == threshold, "\(period)")
                #expect(inForce.plan.id == Self.planID)
            }
            let target2023 = try await office.get("\(Self.plan)/board/T04?period=2023&unit=62").body.string
            #expect(target2023.contains("Tăng ≥ 5% so với năm trước"))

            // The history lists version 2, its document and what it changed; the plan's page links to it.
            let history = try await Browser(app).get("\(Self.plan)/history").body.string
            #expect(history.contains("Phiên bản 2: văn bản 125/KH-UBND"))
            #expect(history.contains("03/11/2021 đến 31/12/2023") && history.contains("từ 01/01/2024"))
            #expect(history.contains(change))
            #expect(history.contains("office, "), "who recorded it")
            #expect(history.contains("Kế hoạch đúng như phiên bản 2"))
            let home = try await Browser(app).get(Self.plan).body.string
            #expect(home.contains("125/KH-UBND (phiên bản 2, hiệu lực từ 01/01/2024)"))
            #expect(home.contains("\(Self.plan)/history"))

            // Audited, with the change.
            let event = try #require(
                try await AuditLog(database: app.db).latest(entity: PlanVersionStore.entity, entityID: "\(konTumPlanID)#2"))
            #expect(event.actor == "office")
            #expect(event.summary.contains("125/KH-UBND"))
        }
    }

    /// A plan entered part by part after it was created: the office records what it entered as the plan as issued.
    @Test(arguments: TestBackend.available)
    func whatWasEnteredAfterCreationIsRecordedAsThePlanAsIssued(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let record = try #require(
                try await PlanEditor(database: app.db).records(planID: Self.planID).first { $0.kind == .target && $0.fields["code"] == "T04" })
            var fields = record.fields
            fields["threshold"] = "3"
            fields["version"] = String(record.version)
            #expect(try await office.post("\(Self.plan)/edit/target/\(record.id.slug)", fields).status == .seeOther)
            let history = try await office.get("\(Self.plan)/history").body.string
            #expect(history.contains("action=\"\(Self.plan)/history/issued\""))
            #expect(history.contains("Ghi nhận là nội dung ban hành"))
            let form = try await office.get("\(Self.plan)/history/new").body.string
            #expect(form.contains("hãy ghi nhận chúng là nội dung ban hành tại trang"))
            let viewer = try await TestAccounts.browser(app, "viewer", .viewer, unit: "62")
            #expect(try await viewer.post("\(Self.plan)/history/issued", ["after": "1"]).status == .forbidden)
            let done = try await office.post("\(Self.plan)/history/issued", ["after": "1"])
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "\(Self.plan)/history?done=1")
            let after = try await office.get("\(Self.plan)/history").body.string
            #expect(after.contains("Kế hoạch đúng như phiên bản 1") && !after.contains("/history/issued\""))
            let versions = try await PlanVersionStore(database: app.db).versions(planID: Self.planID)
            #expect(versions.count == 1 && versions[0].plan.targets.first { $0.code == "T04" }?.rule.threshold == 3)
            #expect(try await office.post("\(Self.plan)/history/issued", ["after": "1"]).status == .unprocessableEntity, "nothing left to record")
        }
    }
}
