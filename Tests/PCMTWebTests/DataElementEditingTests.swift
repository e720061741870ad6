import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

/// Data elements as plan data (pcmt issue 16, item 4): added in the editor and the API, and a target's measure picked
/// from them and checked, so that a new target is judged from the values entered for its element.
@Suite struct DataElementEditingTests {
    let plan = "/plans/\(konTumPlanID)"

    static func api(_ app: Application, _ method: HTTPMethod, _ path: String, token: String, _ body: String? = nil) async throws -> (
        HTTPResponseStatus, Any?
    ) {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        if body != nil { headers.contentType = .json }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return (response.status, try? JSONSerialization.jsonObject(with: Data(buffer: response.body)))
    }

    static let element: [String: String] = [
        "code": "border_cases", "name": "Số vụ phát hiện tại khu vực biên giới", "nameEn": "", "measure": "vụ", "measureEn": "",
        "aggregation": "flow", "valueType": "count", "collectedAt": "district", "collectedBy": "", "categories": "", "partOf": "",
    ]

    static let target: [String: String] = [
        "group": "1", "code": "T20", "text": "Số vụ phát hiện tại khu vực biên giới tăng từ 3% trở lên mỗi năm", "titleEn": "",
        "ruleKind": "growthAtLeast", "threshold": "3", "base": "previousYear", "deadlineYear": "",
        "indicator": "Số vụ phát hiện tại khu vực biên giới", "indicatorEn": "", "responsible": "", "numerator": "border_cases",
        "denominator": "", "cumulative": "0",
    ]

    func status(_ app: Application, token: String, _ code: String, year: Int) async throws -> String? {
        let (status, body) = try await Self.api(app, .GET, "/api/v1/plans/\(konTumPlanID)/board?period=\(year)&orgunit=611&data=all", token: token)
        #expect(status == .ok)
        let targets = (body as? [String: Any])?["targets"] as? [[String: Any]] ?? []
        return targets.first { $0["code"] as? String == code }?["status"] as? String
    }

    @Test(arguments: TestBackend.available)
    func anElementAddedInTheEditorMeasuresANewTargetThatIsThenJudged(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            // The editor lists the plan's 29 elements and offers to add one.
            let overview = try await office.get("\(plan)/edit").body.string
            #expect(overview.contains("<h2>Chỉ số dữ liệu</h2>"))
            #expect(overview.contains("drug_cases_detected — "))
            #expect(overview.contains("href=\"\(plan)/data-elements/new\""))
            #expect(try await office.get("\(plan)/data-elements/new").body.string.contains("<h1>Thêm chỉ số dữ liệu</h1>"))

            // A bad form is refused field by field, in Vietnamese, with nothing saved.
            var bad = Self.element
            bad["code"] = "Border Cases"
            bad["categories"] = "nam Nam"
            let refused = try await office.post("\(plan)/data-elements/new", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Phân loại: dòng 1 phải có dạng"))
            bad["categories"] = ""
            let refusedCode = try await office.post("\(plan)/data-elements/new", bad).body.string
            #expect(refusedCode.contains("Mã: &quot;Border Cases&quot; không hợp lệ") || refusedCode.contains("Mã: \"Border Cases\" không hợp lệ"))
            #expect(try await DataElementEditor(database: app.db).elements(planID: UUID(uuidString: konTumPlanID)!).count == 29)

            let added = try await office.post("\(plan)/data-elements/new", Self.element)
            #expect(added.status == .seeOther)
            let location = try #require(added.headers.first(name: .location))
            #expect(location.hasPrefix("\(plan)/data-elements/") && location.hasSuffix("?saved=1"))
            let form = try await office.get(location).body.string
            #expect(form.contains("Đã lưu. Phiên bản 1."))
            #expect(form.contains("name=\"code\" value=\"border_cases\""))

            // The target form lists the plan's elements, the new one with them, to pick the measure's codes from.
            let targetForm = try await office.get("\(plan)/edit/target/new").body.string
            #expect(targetForm.contains("<td><code>border_cases</code></td><td>Số vụ phát hiện tại khu vực biên giới</td><td>vụ</td>"))
            #expect(targetForm.contains("<summary>Chỉ số dữ liệu của kế hoạch (mã dùng cho tử số, mẫu số)</summary>"))

            // A target naming an element the plan does not have, or a growth with a denominator, is refused.
            var typo = Self.target
            typo["numerator"] = "border_case"
            let unknown = try await office.post("\(plan)/edit/target/new", typo)
            #expect(unknown.status == .unprocessableEntity)
            let unknownHTML = unknown.body.string
            #expect(unknownHTML.contains("href=\"#f-numerator\""))
            #expect(unknownHTML.contains("kế hoạch không có chỉ số dữ liệu mã"), "the message names the code")
            #expect(unknownHTML.contains("border_case"))
            var withDenominator = Self.target
            withDenominator["denominator"] = "drug_cases_detected"
            #expect(try await office.post("\(plan)/edit/target/new", withDenominator).body.string.contains("Mẫu số: chỉ tiêu so sánh với năm trước"))
            var ratio = Self.target
            ratio["ruleKind"] = "ratioAbove"
            ratio["base"] = "denominator"
            #expect(
                try await office.post("\(plan)/edit/target/new", ratio).body.string.contains("Mẫu số: chỉ tiêu tỷ lệ (ratioAbove) cần có mẫu số."))
            #expect(try await PlanStore(database: app.db).plan(id: UUID(uuidString: konTumPlanID)!)?.targets.contains { $0.code == "T20" } == false)

            // Picked from the plan's elements, the target is saved, and has no data until values are entered.
            #expect(try await office.post("\(plan)/edit/target/new", Self.target).status == .seeOther)
            let (_, token) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office-api")
            #expect(try await status(app, token: token, "T20", year: 2023) == "no_data")

            // District 611 reports the element: 20 cases in 2022, 24 in 2023 — 20% more, at least 3%.
            for (period, value) in [("2022S1", 9), ("2022S2", 11), ("2023S1", 12), ("2023S2", 12)] {
                let (saved, body) = try await Self.api(
                    app, .POST, "/api/v1/datavalues", token: token,
                    #"{"orgunit":"611","period":"\#(period)","values":[{"element":"border_cases","value":\#(value)}]}"#)
                #expect(saved == .ok, "\(period): \(String(describing: body))")
            }
            #expect(try await status(app, token: token, "T20", year: 2023) == "achieved")
            let targetPage = try await office.get("\(plan)/board/T20?period=2023&unit=611&data=all").body.string
            #expect(targetPage.contains("status-achieved"), "\(targetPage)")
        }
    }

    @Test(arguments: TestBackend.available)
    func theAPIListsAddsAndChangesElementsFromTheVersionRead(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let (_, token) = try await TestTokens.make(app.db, role: .standingOffice, unit: "62-CAT", name: "office")
            let (_, viewer) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "viewer")
            let base = "/api/v1/plans/\(konTumPlanID)/dataelements"
            let (listed, list) = try await Self.api(app, .GET, base, token: viewer)
            #expect(listed == .ok && (list as? [[String: Any]])?.count == 29)

            let body = #"""
                {"code":"express_cases","name":"Số vụ qua chuyển phát","measure":"vụ","aggregation":"flow","valueType":"count",
                 "collectedAt":"agency","collectedBy":["62-CAT","62-HQ"],"categories":[{"code":"domestic","name":"Trong nước"},{"code":"abroad","name":"Quốc tế"}]}
                """#
            #expect(try await Self.api(app, .POST, base, token: viewer, body).0 == .forbidden, "a viewer does not edit the plan")
            let (created, createdBody) = try await Self.api(app, .POST, base, token: token, body)
            #expect(created == .created)
            let element = try #require(createdBody as? [String: Any])
            let id = try #require(element["id"] as? String)
            #expect(element["version"] as? Int == 1 && element["position"] as? Int == 30)
            #expect((element["categories"] as? [[String: Any]])?.map { $0["code"] as? String } == ["domestic", "abroad"])
            #expect(try await Self.api(app, .GET, "\(base)/\(id)", token: viewer).0 == .ok)

            // Twice the same code, a flag of counts: 422 with each problem by field, in Vietnamese and English.
            let (again, problems) = try await Self.api(
                app, .POST, base, token: token, body.replacingOccurrences(of: #""aggregation":"flow""#, with: #""aggregation":"flag""#))
            #expect(again == .unprocessableEntity)
            let listedProblems = (problems as? [String: Any])?["problems"] as? [[String: String]] ?? []
            #expect(listedProblems.map { $0["field"] } == ["code", "valueType"])
            #expect(listedProblems.first?["message"] == "Mã: mã \"express_cases\" đã được dùng cho một chỉ số khác của kế hoạch.")

            // A change from the version read; the same version again is a conflict showing the element as it is.
            let change = body.replacingOccurrences(of: #"{"code":"express_cases""#, with: #"{"version":1,"code":"express_cases""#)
                .replacingOccurrences(
                    of: "Số vụ qua chuyển phát", with: "Số vụ qua dịch vụ chuyển phát nhanh")
            let (updated, updatedBody) = try await Self.api(app, .PUT, "\(base)/\(id)", token: token, change)
            #expect(updated == .ok && (updatedBody as? [String: Any])?["version"] as? Int == 2, "\(String(describing: updatedBody))")
            let (stale, staleBody) = try await Self.api(
                app, .PUT, "\(base)/\(id)", token: token, change.replacingOccurrences(of: "nhanh", with: "quốc tế"))
            #expect(stale == .conflict)
            let current = (staleBody as? [String: Any])?["current"] as? [String: Any]
            #expect(current?["version"] as? Int == 2 && current?["name"] as? String == "Số vụ qua dịch vụ chuyển phát nhanh")
            // Without a version, a change is refused.
            #expect(try await Self.api(app, .PUT, "\(base)/\(id)", token: token, body).0 == .unprocessableEntity)
            // Another plan's address does not reach it.
            #expect(try await Self.api(app, .GET, "/api/v1/plans/\(UUID().uuidString.lowercased())/dataelements/\(id)", token: viewer).0 == .notFound)
        }
    }

    @Test func aStaleElementFormIsRefusedWithWhatChanged() async throws {
        try await withPCMT(.sqlite) { app in
            let first = try await TestAccounts.browser(app, "office1", .standingOffice, unit: "62-CAT")
            let second = try await TestAccounts.browser(app, "office2", .standingOffice, unit: "62-CAT")
            let planID = UUID(uuidString: konTumPlanID)!
            let methadone = try #require(
                try await DataElementEditor(database: app.db).elements(planID: planID).first { $0.element.code == "methadone" })
            let path = "\(plan)/data-elements/\(methadone.id.uuidString.lowercased())"
            var opened = DataElementFormPageValues.of(methadone.element)
            var form = opened
            for (key, value) in opened { form["original_\(key)"] = value }
            form["version"] = String(methadone.version)
            var firstForm = form
            firstForm["name"] = "Người điều trị methadone"
            #expect(try await first.post(path, firstForm).status == .seeOther)
            var secondForm = form
            secondForm["name"] = "Người điều trị bằng methadone"
            let stale = try await second.post(path, secondForm)
            #expect(stale.status == .conflict)
            let html = stale.body.string
            #expect(html.contains("Chưa lưu: chỉ số đã được sửa bởi office1"))
            #expect(html.contains("<td class=\"changed\">Người điều trị methadone</td><td>Người điều trị bằng methadone</td>"))
            opened["name"] = "Người điều trị methadone"
            #expect(
                try await DataElementEditor(database: app.db).element(id: methadone.id, planID: planID)?.element.name == "Người điều trị methadone",
                "nothing overwritten")
            // Removing an element a target reads is refused, naming the target.
            let cases = try #require(
                try await DataElementEditor(database: app.db).elements(planID: planID).first { $0.element.code == "drug_cases_detected" })
            let removal = try await first.post(
                "\(plan)/data-elements/\(cases.id.uuidString.lowercased())/delete", ["version": String(cases.version), "confirm": "yes"])
            #expect(removal.status == .unprocessableEntity)
            #expect(removal.body.string.contains("vì chỉ tiêu T04"))
        }
    }
}

/// The form's fields of an element, as the page writes them, written out here independently of the page's code.
enum DataElementFormPageValues {
    static func of(_ element: DataElement) -> [String: String] {
        [
            "code": element.code, "name": element.name, "nameEn": element.nameEn ?? "", "measure": element.measure,
            "measureEn": element.measureEn ?? "", "aggregation": element.aggregation.rawValue, "valueType": element.valueType.rawValue,
            "collectedAt": element.collectedAt.level.rawValue, "collectedBy": element.collectedAt.units.joined(separator: ", "),
            "categories": element.categories.map { "\($0.code) | \($0.name)" }.joined(separator: "\n"), "partOf": element.partOf ?? "",
        ]
    }
}
