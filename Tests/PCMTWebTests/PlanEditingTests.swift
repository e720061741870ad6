import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import SQLKit
import Testing
import Vapor

@Suite struct PlanEditingTests {
    static let planID = UUID(uuidString: konTumPlanID)!

    func targetRecord(_ app: Application, _ code: String) async throws -> PlanRecord {
        try #require(try await PlanEditor(database: app.db).records(planID: Self.planID).first { $0.kind == .target && $0.fields["code"] == code })
    }

    func form(_ record: PlanRecord, changing changes: [String: String]) -> [String: String] {
        var form: [String: String] = ["version": String(record.version)]
        for (key, value) in record.fields {
            form[key] = changes[key] ?? value
            form["original_\(key)"] = value
        }
        return form
    }

    func threshold(_ app: Application, _ code: String) async throws -> Double? {
        try await PlanStore(database: app.db).plan(id: Self.planID)?.targets.first { $0.code == code }?.rule.threshold
    }

    @Test(arguments: TestBackend.available)
    func theStandingOfficeChangesAThresholdAndTheChangeIsAudited(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let t04 = try await targetRecord(app, "T04")
            let path = "/plans/\(konTumPlanID)/edit/target/\(t04.id.uuidString.lowercased())"
            let page = try await office.get(path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("name=\"threshold\" value=\"5\""))

            let saved = try await office.post(path, form(t04, changing: ["threshold": "6"]))
            #expect(saved.status == .seeOther)
            #expect(try await threshold(app, "T04") == 6)
            let targets = try await office.get("/plans/\(konTumPlanID)/targets").body.string
            #expect(targets.contains("Tăng ≥ 6% so với năm trước"))

            let events = try await AuditLog(database: app.db).events(AuditFilter(kind: .update))
            let event = try #require(events.first)
            #expect(event.actor == "office" && event.actorUnit == "62-CAT" && event.entity == "target")
            #expect(event.before == #"{"threshold":"5"}"# && event.after == #"{"threshold":"6"}"#)
            #expect(
                try await AuditLog(database: app.db).verify() == .intact(events: try await AuditLog(database: app.db).events(AuditFilter()).count))
        }
    }

    @Test(arguments: TestBackend.available)
    func aStaleFormIsRefusedWithWhatChangedMeanwhile(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let first = try await TestAccounts.browser(app, "office1", .standingOffice, unit: "62-CAT")
            let second = try await TestAccounts.browser(app, "office2", .standingOffice, unit: "62-CAT")
            let opened = try await targetRecord(app, "T04")
            let path = "/plans/\(konTumPlanID)/edit/target/\(opened.id.uuidString.lowercased())"
            #expect(try await first.post(path, form(opened, changing: ["threshold": "6"])).status == .seeOther)

            let stale = try await second.post(path, form(opened, changing: ["threshold": "7"]))
            #expect(stale.status == .conflict)
            let html = stale.body.string
            #expect(html.contains("class=\"conflict\""))
            #expect(html.contains("bởi office1"))
            #expect(html.contains("<td>5</td><td class=\"changed\">6</td><td>7</td>"), "opened 5, now 6, yours 7")
            #expect(try await threshold(app, "T04") == 6, "nothing was overwritten")

            // The refused form carries the current version: saving it again is a deliberate choice and works.
            let current = try await targetRecord(app, "T04")
            #expect(html.contains("name=\"version\" value=\"\(current.version)\""))
            #expect(try await second.post(path, form(current, changing: ["threshold": "7"])).status == .seeOther)
            #expect(try await threshold(app, "T04") == 7)
        }
    }

    @Test(arguments: [
        (["text": ""], "text", "Trường này không được để trống."),
        (["threshold": "150"], "threshold", "Ngưỡng phải từ 0 đến 100%."),
        (["threshold": "abc"], "threshold", "Ngưỡng phải là một số."),
        (["threshold": ""], "threshold", "Loại chỉ tiêu này cần có ngưỡng."),
        (["deadlineYear": "2030"], "deadlineYear", "Năm đích phải trong giai đoạn 2021–2025 của kế hoạch."),
        (["responsible": "1, 99"], "responsible", "Không có đơn vị được phân công: 99."),
        (["code": "T06"], "code", "Mã này đã được dùng trong kế hoạch."),
    ])
    func badInputIsRefusedWithTheFieldNamedAndNothingSaved(changes: [String: String], field: String, message: String) async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let t05 = try await targetRecord(app, "T05")
            let path = "/plans/\(konTumPlanID)/edit/target/\(t05.id.uuidString.lowercased())"
            let response = try await office.post(path, form(t05, changing: changes))
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("Chưa lưu gì"))
            #expect(html.contains("href=\"#f-\(field)\""))
            #expect(html.contains(message))
            #expect(try await targetRecord(app, "T05") == t05, "the record is untouched")
            #expect(try await AuditLog(database: app.db).events(AuditFilter(kind: .update)).isEmpty)
        }
    }

    @Test func recordsAreAddedAndRemoved() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let base = "/plans/\(konTumPlanID)/edit"
            let created = try await office.post("\(base)/task/new", ["number": "10", "text": "Nhiệm vụ bổ sung", "titleEn": ""])
            #expect(created.status == .seeOther)
            var plan = try #require(try await PlanStore(database: app.db).plan(id: Self.planID))
            #expect(plan.tasks.map(\.number) == Array(1...10))
            let duplicate = try await office.post("\(base)/task/new", ["number": "10", "text": "Lần nữa"])
            #expect(duplicate.status == .unprocessableEntity)

            let record = try #require(
                try await PlanEditor(database: app.db).records(planID: Self.planID).first { $0.kind == .task && $0.fields["number"] == "10" })
            let unconfirmed = try await office.post("\(base)/task/\(record.id.uuidString.lowercased())/delete", ["version": String(record.version)])
            #expect(unconfirmed.status == .badRequest)
            let stale = try await office.post("\(base)/task/\(record.id.uuidString.lowercased())/delete", ["version": "99", "confirm": "yes"])
            #expect(stale.status == .conflict)
            let removed = try await office.post(
                "\(base)/task/\(record.id.uuidString.lowercased())/delete", ["version": String(record.version), "confirm": "yes"])
            #expect(removed.status == .seeOther)
            plan = try #require(try await PlanStore(database: app.db).plan(id: Self.planID))
            #expect(plan.tasks.count == 9)
            let kinds = try await AuditLog(database: app.db).events(AuditFilter()).map(\.kind)
            #expect(kinds.contains("create") && kinds.contains("delete"))
        }
    }

    @Test func aNewPlanCanStartAsACopyOfTheOldOne() async throws {
        try await withPCMT(.sqlite) { app in
            let office = try await TestAccounts.browser(app, "office", .standingOffice, unit: "62-CAT")
            let response = try await office.post(
                "/plans/new",
                [
                    "copyFrom": konTumPlanID, "code": "100/KH-UBND", "title": "Kế hoạch giai đoạn 2026-2030", "issuer": "Ủy ban nhân dân tỉnh",
                    "issuerUnit": "62", "issuedOn": "2026-01-15", "place": "Kon Tum", "startYear": "2026", "endYear": "2030", "baselineYear": "2025",
                ])
            #expect(response.status == .seeOther)
            let summaries = try await PlanStore(database: app.db).summaries()
            #expect(summaries.map(\.code) == ["100/KH-UBND", "3959/KH-UBND"])
            let copy = try #require(try await PlanStore(database: app.db).plan(id: summaries[0].id))
            let original = try #require(try await PlanStore(database: app.db).plan(id: Self.planID))
            #expect(copy.targets.count == original.targets.count && copy.assignments.map(\.units) == original.assignments.map(\.units))
            // Texts naming the old span move to the new one (``PlanYearShift``), as the rules' years do.
            #expect(copy.assignments[20].duties[0].text.contains("giai đoạn 2026-2030"))
            #expect(original.assignments[20].duties[0].text.contains("giai đoạn 2021-2025"))
            #expect(copy.targets.first { $0.code == "T09" }?.rule.deadlineYear == 2030)
            #expect(original.targets.first { $0.code == "T09" }?.rule.deadlineYear == 2025, "the old plan is untouched")

            let blank = try await office.post(
                "/plans/new",
                [
                    "copyFrom": "", "code": "101/KH-UBND", "title": "Kế hoạch trống", "issuer": "UBND", "issuerUnit": "62",
                    "issuedOn": "2026-02-01", "place": "Kon Tum", "startYear": "2026", "endYear": "2030", "baselineYear": "2025",
                ])
            #expect(blank.status == .seeOther)
            let bad = try await office.post(
                "/plans/new",
                [
                    "copyFrom": "", "code": "", "title": "x", "issuer": "x", "issuerUnit": "99999", "issuedOn": "15/01/2026",
                    "place": "x", "startYear": "2030", "endYear": "2026", "baselineYear": "2031",
                ])
            #expect(bad.status == .unprocessableEntity)
            for field in ["code", "issuerUnit", "issuedOn", "endYear", "baselineYear"] {
                #expect(bad.body.string.contains("href=\"#f-\(field)\""), "\(field) is named")
            }
            #expect(try await PlanStore(database: app.db).summaries().count == 3)
        }
    }

    @Test func theStandingOfficeOfAnotherProvinceCannotEditThisPlan() async throws {
        try await withPCMT(.sqlite) { app in
            try await OtherProvince.add(app)
            let stranger = try await TestAccounts.browser(app, "other", .standingOffice, unit: "99-CAT")
            let t04 = try await targetRecord(app, "T04")
            let path = "/plans/\(konTumPlanID)/edit/target/\(t04.id.uuidString.lowercased())"
            #expect(try await stranger.get(path).status == .forbidden)
            #expect(try await stranger.post(path, form(t04, changing: ["threshold": "50"])).status == .forbidden)
            #expect(try await threshold(app, "T04") == 5)
        }
    }
}

/// A second, made-up province, for checks across provinces.
enum OtherProvince {
    static func add(_ app: Application) async throws {
        try await OrgUnitStore(database: app.db).insertMissing([
            OrgUnit(code: "99", name: "Tỉnh Thử Nghiệm", level: .province, typeName: "Tỉnh", parentCode: nil),
            OrgUnit(code: "99-CAT", name: "Công an tỉnh Thử Nghiệm", level: .agency, typeName: "Công an", parentCode: "99"),
            OrgUnit(code: "990", name: "Huyện Thử Nghiệm", level: .district, typeName: "Huyện", parentCode: "99"),
        ])
    }
}
