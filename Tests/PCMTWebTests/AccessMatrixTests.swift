import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

@testable import PCMTWeb

/// Every route and API operation, called by every role signed in at its own unit and at another unit of the same
/// level, and by a visitor, must give exactly the answer written here. The table is written by hand, independently
/// of the application's own rules, and a route missing from it fails the test.
@Suite struct AccessMatrixTests {
    enum Outcome: String, CustomStringConvertible {
        /// Served (a page, a redirect elsewhere, or a refusal of bad input such as 409, 422).
        case ok
        /// Sent to sign in (pages) or 401 (API).
        case signIn
        /// 403: the role or area does not allow it.
        case forbidden
        /// 404: the thing asked for is outside the caller's area.
        case hidden

        var description: String { rawValue }
    }

    struct Caller: CustomStringConvertible {
        var role: Role?
        var unit: String
        var atOwnUnit: Bool
        var description: String { role.map { "\($0.rawValue)@\(unit)" } ?? "visitor" }
    }

    /// Own unit and another unit of the same level, per role.
    static let units: [Role: (own: String, other: String)] = [
        .standingOffice: ("62-CAT", "99-CAT"), .agencyReporter: ("62-SYT", "62-SGDDT"),
        .districtReporter: ("611", "612"), .communeOfficer: ("23377", "23380"), .viewer: ("62", "99"),
        .auditor: ("62", "99"), .systemAdmin: ("62", "99"),
    ]

    static var callers: [Caller] {
        [Caller(role: nil, unit: "", atOwnUnit: true)]
            + Role.allCases.flatMap { role in
                [Caller(role: role, unit: units[role]!.own, atOwnUnit: true), Caller(role: role, unit: units[role]!.other, atOwnUnit: false)]
            }
    }

    /// What each route pattern gives to a caller.
    static func expected(_ pattern: String, _ caller: Caller) -> Outcome? {
        let signedIn = caller.role != nil
        let role = caller.role
        switch pattern {
        case "GET /", "GET /plans", "GET /plans/:planID", "GET /plans/:planID/targets", "GET /plans/:planID/tasks",
            "GET /plans/:planID/solutions", "GET /plans/:planID/assignments", "GET /plans/:planID/assignments/:number",
            "GET /plans/:planID/projects", "GET /plans/:planID/history", "GET /orgunits", "GET /orgunits/:code", "GET /search", "GET /plan/:section",
            "GET /lang/:language",
            "GET /healthz", "GET /openapi.json", "GET /static/style.css", "GET /static/copy.js", "GET /signin", "POST /signin",
            "GET /api/v1/plans", "GET /api/v1/plans/:planID", "GET /api/v1/orgunits", "GET /api/v1/orgunits/:code",
            "GET /api/v1/dataelements", "GET /api/v1/plans/:planID/dataelements", "GET /api/v1/plans/:planID/dataelements/:elementID":
            return .ok
        case "GET /plans/:planID/board", "GET /plans/:planID/board/:code", "GET /api/v1/plans/:planID/board",
            "GET /plans/:planID/board.xlsx", "GET /plans/:planID/board.csv":
            // Kon Tum's totals, shown by default: for every account of Kon Tum, not for another province's.
            guard signedIn else { return .signIn }
            return ["99", "99-CAT"].contains(caller.unit) ? .forbidden : .ok
        case "GET /data", "GET /data/open", "GET /data/template.csv", "GET /data/template.xlsx", "GET /data/import", "POST /data/import",
            "POST /api/v1/datavalues", "POST /api/v1/dataValueSets":
            guard signedIn else { return .signIn }
            return [.standingOffice, .agencyReporter, .districtReporter, .communeOfficer].contains(role!) ? .ok : .forbidden
        case "GET /plans/:planID/rounds", "GET /plans/:planID/rounds/progress", "GET /api/v1/plans/:planID/rounds":
            // The list of Kon Tum's rounds: its standing office and viewers; another province's do not see it.
            guard signedIn else { return .signIn }
            guard role == .standingOffice || role == .viewer else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "GET /rounds/:roundID", "GET /rounds/:roundID/completeness.csv", "GET /rounds/:roundID/compiled",
            "GET /api/v1/rounds/:roundID/submissions", "GET /rounds/:roundID/annex.xlsx",
            "GET /api/v1/rounds/:roundID/annex.xlsx", "GET /rounds/:roundID/report", "GET /rounds/:roundID/report/print",
            "GET /rounds/:roundID/report.docx", "GET /rounds/:roundID/report.pdf", "GET /rounds/:roundID/annex.pdf",
            "GET /rounds/:roundID/tables/:table", "GET /api/v1/rounds/:roundID/report.docx",
            "GET /api/v1/rounds/:roundID/tables/:table":
            // A round of Kon Tum's plan: its standing office and viewers; another province's do not see it.
            guard signedIn else { return .signIn }
            guard role == .standingOffice || role == .viewer else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "POST /rounds/:roundID/report":
            guard signedIn else { return .signIn }
            guard role == .standingOffice else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "POST /plans/:planID/rounds":
            // Opening a round of Kon Tum's plan: its own standing office only.
            guard signedIn else { return .signIn }
            return role == .standingOffice && caller.atOwnUnit ? .ok : .forbidden
        case "GET /submissions/:submissionID", "POST /submissions/:submissionID", "GET /submissions/:submissionID/document",
            "GET /submissions/:submissionID/report.docx", "GET /submissions/:submissionID/report.pdf",
            "GET /api/v1/submissions/:submissionID/report.docx":
            // The report of district 611: its reporter, the standing office and viewers of the province.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .viewer: return caller.atOwnUnit ? (pattern.hasPrefix("POST") && role == .viewer ? .forbidden : .ok) : .hidden
            case .districtReporter: return caller.atOwnUnit ? .ok : .hidden
            // A commune officer writes its own report only where its commune reports as a district (from 01/07/2025).
            case .agencyReporter, .communeOfficer: return .hidden
            default: return .forbidden
            }
        case "POST /submissions/:submissionID/document":
            // Saving the heading of district 611's own report document: those who may edit the report (its reporter,
            // the standing office); a viewer reads it but may not.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice: return caller.atOwnUnit ? .ok : .hidden
            case .viewer: return caller.atOwnUnit ? .forbidden : .hidden
            case .districtReporter: return caller.atOwnUnit ? .ok : .hidden
            // A commune officer writes its own report only where its commune reports as a district (from 01/07/2025).
            case .agencyReporter, .communeOfficer: return .hidden
            default: return .forbidden
            }
        case "POST /submissions/:submissionID/return", "POST /submissions/:submissionID/approve", "POST /submissions/:submissionID/reopen",
            "POST /api/v1/submissions/:submissionID/return", "POST /api/v1/submissions/:submissionID/approve",
            "POST /api/v1/submissions/:submissionID/reopen":
            guard signedIn else { return .signIn }
            guard role == .standingOffice else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "POST /api/v1/submissions/:submissionID/submit", "POST /submissions/:submissionID/attachments",
            "POST /api/v1/submissions/:submissionID/attachments":
            // Sending the report and attaching a file to it: those who write it (its reporter, the province's standing
            // office).
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice: return caller.atOwnUnit ? .ok : .hidden
            case .districtReporter: return caller.atOwnUnit ? .ok : .hidden
            // A commune officer writes its own report only where its commune reports as a district (from 01/07/2025).
            case .agencyReporter, .communeOfficer: return .hidden
            default: return .forbidden
            }
        case "GET /data/:unitCode/:period", "POST /data/:unitCode/:period":
            // The commune 23377 of district 611: its officer, its district, the standing office of its province.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .districtReporter, .communeOfficer: return caller.atOwnUnit ? .ok : .forbidden
            default: return .forbidden
            }
        case "GET /data/communes/:districtCode/:period", "POST /data/communes/:districtCode/:period",
            "GET /data/communes/:districtCode/:period/template.xlsx":
            // District 611's grid of its communes: its district reporter and the standing office of its province; a
            // commune officer enters only its own commune.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .districtReporter: return caller.atOwnUnit ? .ok : .forbidden
            default: return .forbidden
            }
        case "GET /registry":
            // The registers within reach: a commune officer is sent to its own commune's, a district or a standing office
            // sees its communes (none for another province's); roles that see totals only are refused.
            guard signedIn else { return .signIn }
            return [.standingOffice, .districtReporter, .communeOfficer].contains(role!) ? .ok : .forbidden
        case "GET /registry/communes/:communeCode", "GET /registry/communes/:communeCode/new", "POST /registry/communes/:communeCode/new",
            "GET /registry/communes/:communeCode/import", "GET /registry/communes/:communeCode/import/template.xlsx",
            "POST /registry/communes/:communeCode/import":
            // The register of commune 23377 of district 611: its officer, its district, the standing office of its
            // province; a commune, district or province out of reach is refused without reading it. The import posted
            // without a file is refused (422), nobody registered.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .districtReporter, .communeOfficer: return caller.atOwnUnit ? .ok : .forbidden
            default: return .forbidden
            }
        case "GET /records":
            // The registers of records within reach, as for people: a commune officer is sent to its own commune's.
            guard signedIn else { return .signIn }
            return [.standingOffice, .districtReporter, .communeOfficer].contains(role!) ? .ok : .forbidden
        case "GET /records/communes/:communeCode", "GET /records/communes/:communeCode/:registry",
            "GET /records/communes/:communeCode/:registry/new", "POST /records/communes/:communeCode/:registry/new",
            "GET /records/communes/:communeCode/:registry/import", "POST /records/communes/:communeCode/:registry/import",
            "GET /records/communes/:communeCode/:registry/import/template.xlsx":
            // Commune 23377's registers of records: whom its people's register has; an empty form or an import without
            // a file is refused (422), nothing entered.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .districtReporter, .communeOfficer: return caller.atOwnUnit ? .ok : .forbidden
            default: return .forbidden
            }
        case "GET /records/items/:registryRecordID", "POST /records/items/:registryRecordID",
            "POST /records/items/:registryRecordID/delete":
            // A hotspot of commune 23377: out of reach it is not even confirmed (404); a stale version changes nothing.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .districtReporter, .communeOfficer: return caller.atOwnUnit ? .ok : .hidden
            default: return .forbidden
            }
        case "GET /registry/communes/:communeCode/sources":
            // Commune 23377's figures beside its register's counts: those who keep its register.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .districtReporter, .communeOfficer: return caller.atOwnUnit ? .ok : .forbidden
            default: return .forbidden
            }
        case "POST /registry/communes/:communeCode/export.xlsx":
            // The full export of commune 23377's register: only the standing office of its province (the matrix's post
            // has no purpose: refused, nothing exported).
            guard signedIn else { return .signIn }
            return role == .standingOffice && caller.atOwnUnit ? .ok : .forbidden
        case "POST /registry/communes/:communeCode/sources":
            // Typed or derived: only the standing office of the commune's province chooses.
            guard signedIn else { return .signIn }
            return role == .standingOffice && caller.atOwnUnit ? .ok : .forbidden
        case "GET /registry/people/:personID", "POST /registry/people/:personID/open", "POST /registry/people/:personID/services",
            "POST /registry/people/:personID/transfer", "POST /registry/people/:personID/accept", "POST /registry/people/:personID/close",
            "POST /registry/people/:personID/periods", "POST /registry/people/:personID/period-end":
            // A person kept by commune 23377: those who keep its register; out of reach the record is not even confirmed
            // (404); roles that see totals only are refused.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .districtReporter, .communeOfficer: return caller.atOwnUnit ? .ok : .hidden
            default: return .forbidden
            }
        case "POST /signout", "GET /account/password", "POST /account/password", "GET /account/notices", "POST /account/notices",
            "POST /account/notices/read":
            return signedIn ? .ok : .signIn
        case "GET /admin/users", "POST /admin/users", "GET /admin/tokens", "POST /admin/tokens":
            guard signedIn else { return .signIn }
            return role == .systemAdmin ? .ok : .forbidden
        case "GET /admin/users/:userID", "POST /admin/users/:userID", "POST /admin/users/:userID/reset-password",
            "POST /admin/tokens/:tokenID/revoke":
            guard signedIn else { return .signIn }
            guard role == .systemAdmin else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "GET /audit", "GET /audit.csv":
            guard signedIn else { return .signIn }
            return role == .auditor || role == .systemAdmin ? .ok : .forbidden
        case "GET /plans/new", "POST /plans/new":
            guard signedIn else { return .signIn }
            return role == .standingOffice ? .ok : .forbidden
        case "GET /plans/:planID/edit", "GET /plans/:planID/edit/:kind/new", "POST /plans/:planID/edit/:kind/new",
            "GET /plans/:planID/edit/:kind/:recordID", "POST /plans/:planID/edit/:kind/:recordID",
            "POST /plans/:planID/edit/:kind/:recordID/delete", "GET /plans/:planID/data-elements/new",
            "POST /plans/:planID/data-elements/new", "GET /plans/:planID/data-elements/:elementID",
            "POST /plans/:planID/data-elements/:elementID", "POST /plans/:planID/data-elements/:elementID/delete",
            "POST /api/v1/plans/:planID/dataelements", "PUT /api/v1/plans/:planID/dataelements/:elementID",
            "GET /plans/:planID/history/new", "POST /plans/:planID/history/new", "POST /plans/:planID/history/issued":
            // Kon Tum's plan, its data elements and its amendments: its own standing office edits and records them.
            guard signedIn else { return .signIn }
            return role == .standingOffice && caller.atOwnUnit ? .ok : .forbidden
        case "POST /orgunits/:code/split-shares":
            // The shares of district 611 between new units: the standing office that reaches it is told there are none
            // (611 went into communes, no unit of its level); one that does not reach it and every other role are refused.
            guard signedIn else { return .signIn }
            return role == .standingOffice && caller.atOwnUnit ? .hidden : .forbidden
        case "GET /api/v1/datavalues":
            // Called without parameters: every token is told that orgunit is missing (400); a visitor has no token. Which
            // units each token reads is checked in APIReadTests.
            return signedIn ? .ok : .signIn
        case "GET /api/v1/rounds/:roundID":
            // The page of Kon Tum's round, as JSON: its standing office and viewers; another province's do not see it.
            guard signedIn else { return .signIn }
            guard role == .standingOffice || role == .viewer else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "GET /api/v1/submissions/:submissionID", "GET /submissions/:submissionID/attachments/:attachmentID",
            "GET /api/v1/submissions/:submissionID/attachments", "GET /api/v1/submissions/:submissionID/attachments/:attachmentID":
            // District 611's report, as JSON, and the files attached to it: its own reporter, the province's standing office and viewers; other
            // reporters do not see it; roles that read no reports are refused.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .viewer, .districtReporter: return caller.atOwnUnit ? .ok : .hidden
            case .agencyReporter, .communeOfficer: return .hidden
            case .auditor, .systemAdmin: return .forbidden
            }
        default:
            return nil
        }
    }

    static func pattern(of route: Route) -> String {
        "\(route.method.rawValue) /"
            + route.path.map { component in
                switch component {
                case .parameter(let name): ":\(name)"
                default: component.description
                }
            }.joined(separator: "/")
    }

    @Test func everyRouteHasAnAccessRuleAndAnExpectation() async throws {
        try await withPCMT(.sqlite, loadBuiltins: false) { app in
            for route in app.routes.all {
                let pattern = Self.pattern(of: route)
                #expect(route.userInfo["pcmt.access"] != nil, "\(pattern) has no access rule")
                #expect(Self.expected(pattern, Caller(role: nil, unit: "", atOwnUnit: true)) != nil, "\(pattern) is missing from the matrix")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func everyCallerGetsExactlyTheAllowedAnswer(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            // Kon Tum before the reform: an account at a code is at the unit of the day, and 23377 was Thị trấn Plei Kần until
            // 30/06/2025 (Xã Bờ Y after; ReformRulesTests bound access in time).
            app.clock = try #require(ProvinceClock.fixed(day: "2024-06-01"))
            try await OtherProvince.add(app)
            let planID = UUID(uuidString: konTumPlanID)!
            let target = try #require(try await PlanEditor(database: app.db).records(planID: planID).first { $0.kind == .target })
            let element = try #require(try await DataElementEditor(database: app.db).elements(planID: planID).first)
            let subject = try await TestAccounts.make(app, "subject", .viewer, unit: "62")
            let (token, _) = try await TestTokens.make(app.db, role: .viewer, unit: "62", name: "subject")
            let round = try await RoundStore(database: app.db).open(
                planID: planID, period: .year(2023), kind: .year, schedule: RoundSchedule.defaults(for: .year(2023)),
                unitCodes: ["611", "62-TAND"], context: ChangeContext(actor: "test", actorUnit: nil, address: nil))
            let report = try #require(try await RoundStore(database: app.db).submissions(roundID: round).first { $0.unitCode == "611" })
            let attachment = try #require(
                try await AttachmentStore(database: app.db).add(
                    submissionID: report.id, fileName: "ban-da-ky.pdf", kind: .pdf, content: Data("%PDF-1.4\n%%EOF\n".utf8), note: "",
                    context: ChangeContext(actor: "test", actorUnit: nil, address: nil)))
            // A made-up person in the register of 23377 (Thị trấn Plei Kần, of Ngọc Hồi, in 2024).
            let registry = PeopleRegistryStore(database: app.db, cipher: app.personalData)
            let person = try await registry.register(
                PersonRegistration(
                    identity: PersonIdentity(
                        fullName: "Nguyễn Văn Mẫu", sex: .male, birth: "1990", idNumber: "062090000001", address: "Tổ Mẫu Thử"),
                    communeCode: "23377", status: .illicitUser, statusOn: "2024-05-02", statusBody: "Công an thị trấn Plei Kần",
                    managedFrom: "2024-05-03"),
                placement: UnitPlacement(unitCode: "23377", districtCode: "611", provinceCode: "62"), today: "2024-06-01",
                context: ChangeContext(actor: "test", actorUnit: nil, address: nil))
            // A made-up hotspot in 23377's register of records.
            let records = RecordRegistryStore(database: app.db)
            let hotspot = try await records.create(
                .hotspots, fields: ["label": "Bãi đất trống", "kind": "point", "found_on": "2024-04-01"],
                placement: UnitPlacement(unitCode: "23377", districtCode: "611", provinceCode: "62"), today: "2024-06-01",
                context: ChangeContext(actor: "test", actorUnit: nil, address: nil))
            let values = [
                "communeCode": "23377", "personID": person.uuidString.lowercased(), "registry": "hotspots",
                "registryRecordID": hotspot.uuidString.lowercased(),
                "planID": konTumPlanID, "number": "1", "code": "611", "language": "en", "userID": subject.id.uuidString.lowercased(),
                "tokenID": token.id.uuidString.lowercased(), "kind": "target", "recordID": target.id.uuidString.lowercased(),
                "unitCode": "23377", "districtCode": "611", "period": "2023", "roundID": round.uuidString.lowercased(),
                "submissionID": report.id.uuidString.lowercased(), "table": "targets.csv", "section": "targets",
                "attachmentID": attachment.id.uuidString.lowercased(), "elementID": element.id.uuidString.lowercased(),
            ]
            // Signing out ends the caller's session, so it comes last.
            let routes = app.routes.all.sorted {
                (Self.pattern(of: $0) == "POST /signout" ? 1 : 0) < (Self.pattern(of: $1) == "POST /signout" ? 1 : 0)
            }

            var mismatches: [String] = []
            for (index, caller) in Self.callers.enumerated() {
                let browser = Browser(app)
                var bearer: String? = nil
                if let role = caller.role {
                    try await TestAccounts.make(app, "caller\(index)", role, unit: caller.unit)
                    try await browser.signIn("caller\(index)", TestAccounts.password)
                    bearer = try await TestTokens.make(app.db, role: role, unit: caller.unit, name: "caller\(index)").1
                }
                for route in routes {
                    let pattern = Self.pattern(of: route)
                    guard let expected = Self.expected(pattern, caller) else { continue }
                    let path =
                        "/"
                        + route.path.map { component -> String in
                            if case .parameter(let name) = component {
                                return name == "code" && pattern.contains("board") ? "T04" : values[name] ?? "x"
                            }
                            return component.description
                        }.joined(separator: "/")
                    let response: TestingHTTPResponse
                    if path.hasPrefix("/api/") {
                        var headers = HTTPHeaders()
                        if let bearer { headers.bearerAuthorization = BearerAuthorization(token: bearer) }
                        response = try await app.testing().sendRequest(route.method, path, headers: headers)
                    } else if route.method == .GET {
                        response = try await browser.get(path)
                    } else {
                        // Deliberately incomplete forms: allowed callers get a refusal of the input, never a change.
                        response = try await browser.post(path, ["version": "-5"])
                    }
                    let actual = Self.outcome(response, path: path)
                    if actual != expected {
                        mismatches.append("\(caller) \(route.method.rawValue) \(path): expected \(expected), got \(actual) (\(response.status.code))")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.joined(separator: "\n"))")
            #expect(try await PlanEditor(database: app.db).record(.target, id: target.id, planID: planID) == target, "no call changed the plan")
            #expect(try await DataElementEditor(database: app.db).elements(planID: planID).count == 29, "no call added an element")
            #expect(try await DataElementEditor(database: app.db).element(id: element.id, planID: planID) == element, "no call changed one")
            // No call registered, changed or opened a person: the one record is as registered, and no read was audited.
            let people = try await registry.list(communeCode: "23377", includeClosed: true)
            #expect(people.map(\.id) == [person] && people.first?.version == 1, "no call changed the register")
            #expect(try await AuditLog(database: app.db).events(AuditFilter(kind: .read)).isEmpty, "no call opened a record")
            #expect(
                try await AuditLog(database: app.db).events(AuditFilter(kind: .export)).allSatisfy { $0.entityID?.hasPrefix("export:") != true },
                "no call exported a register")
            #expect(try await ElementSourceStore(database: app.db).sources(unitCodes: ["23377"]).isEmpty, "no call changed a source")
            // No call entered, changed or deleted a record.
            let kept = try await records.list(.hotspots, communeCode: "23377")
            #expect(kept.map(\.id) == [hotspot] && kept.first?.version == 1, "no call changed the registers of records")
            #expect(try await records.counts(communeCodes: ["23377", "23380"]) == ["23377": [.hotspots: 1]], "no call entered a record")
        }
    }

    static func outcome(_ response: TestingHTTPResponse, path: String) -> Outcome {
        switch response.status {
        case .forbidden: return .forbidden
        case .notFound: return .hidden
        case .unauthorized where path.hasPrefix("/api/"): return .signIn
        case .seeOther where response.headers.first(name: .location)?.hasPrefix("/signin") == true: return .signIn
        default: return .ok
        }
    }
}

/// The access matrix of the lists (issue 12, item 3: "lists show only what the account's area covers"): for every
/// role at a unit of Kon Tum's province, at a district of it and at another province, which rows each list shows —
/// rounds, the reports of a round, the compiled view and the province's report, the unit's own reports, the search,
/// the audit log, accounts and tokens. Written by hand, independently of the policy; each row is found by a marker
/// only it carries.
extension AccessMatrixTests {
    /// A list, the address it is read at, and how a row is recognised in the answer.
    enum List: String, CaseIterable, CustomStringConvertible {
        case roundsPage, roundsAPI, roundPage, roundSubmissionsAPI, completenessCSV, compiledPage, reportPage, reportPrint
        case ownReports, search, dataIndex, auditPage, auditCSV, accountsPage, tokensPage
        var description: String { rawValue }
    }

    /// Who asks: role@unit.
    struct ListCaller: CustomStringConvertible, Sendable {
        var role: Role
        var unit: String
        var description: String { "\(role.rawValue)@\(unit)" }
    }

    static let listCallers: [ListCaller] = [
        .init(role: .standingOffice, unit: "62-CAT"), .init(role: .standingOffice, unit: "99-CAT"),
        .init(role: .viewer, unit: "62"), .init(role: .viewer, unit: "611"), .init(role: .viewer, unit: "99"),
        .init(role: .districtReporter, unit: "611"), .init(role: .districtReporter, unit: "612"),
        .init(role: .agencyReporter, unit: "62-TAND"), .init(role: .communeOfficer, unit: "23377"),
        .init(role: .auditor, unit: "62"), .init(role: .auditor, unit: "611"), .init(role: .auditor, unit: "99"),
        .init(role: .systemAdmin, unit: "62"), .init(role: .systemAdmin, unit: "611"), .init(role: .systemAdmin, unit: "99"),
    ]

    /// The rows a caller sees in a list, by the unit each row is about: `nil` when the list itself is refused
    /// (403 or 404, or the sign-in page), a set (possibly empty) when it is shown.
    static func expectedRows(_ list: List, _ caller: ListCaller) -> Set<String>? {
        let province = ["62-CAT", "62"].contains(caller.unit) && [.standingOffice, .viewer].contains(caller.role)
        switch list {
        case .roundsPage, .roundsAPI:
            return province ? ["round"] : nil
        case .roundPage, .roundSubmissionsAPI, .completenessCSV:
            return province ? ["611", "612", "62-TAND"] : nil
        case .compiledPage, .reportPrint:
            // The units' writing (approved reports of 611 and 612).
            return province ? ["611", "612"] : nil
        case .reportPage:
            // The editable text is the standing office's; a viewer is sent to the print page.
            return province ? (caller.role == .standingOffice ? ["611", "612"] : []) : nil
        case .search:
            // The public search covers the plan and the units, never a unit's writing.
            return []
        case .ownReports:
            // The home page: a reporting unit's own reports, nobody else's.
            switch caller.role {
            case .districtReporter, .agencyReporter: return [caller.unit]
            default: return []
            }
        case .dataIndex:
            // The units whose figures the caller enters, among those the plan collects figures at (every district and
            // commune, 62-TAND among the bodies).
            switch caller.role {
            case .standingOffice: return caller.unit == "62-CAT" ? ["611", "612", "23377", "23380", "62-TAND"] : ["990"]
            // 23377 and 23380 are communes of Ngọc Hồi (611), none of Đắk Tô (612).
            case .districtReporter: return caller.unit == "611" ? ["611", "23377", "23380"] : ["612"]
            case .agencyReporter, .communeOfficer: return [caller.unit]
            default: return nil
            }
        case .auditPage, .auditCSV:
            guard [.auditor, .systemAdmin].contains(caller.role) else { return nil }
            switch caller.unit {
            case "62": return ["611", "612"]
            case "611": return ["611"]
            default: return ["99"]
            }
        case .accountsPage, .tokensPage:
            guard caller.role == .systemAdmin else { return nil }
            switch caller.unit {
            case "62": return ["611", "612"]
            case "611": return ["611"]
            default: return ["99"]
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func everyListShowsOnlyTheRowsTheCallersAreaCovers(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            try await OtherProvince.add(app)
            let planID = try #require(UUID(uuidString: konTumPlanID))
            let office = ChangeContext(actor: "vanphong.test", actorUnit: "62-CAT", address: nil)
            let store = RoundStore(database: app.db)
            let roundID = try await store.open(
                planID: planID, period: .year(2023), kind: .year, schedule: RoundSchedule.defaults(for: .year(2023)),
                unitCodes: ["611", "612", "62-TAND"], context: office)
            var markers: [List: [String: String]] = [:]
            var reportIDs: [String: String] = [:]
            let plan = try #require(try await PlanStore(database: app.db).plan(id: planID))
            for report in try await store.submissions(roundID: roundID) {
                reportIDs[report.unitCode] = report.id.uuidString.lowercased()
                guard report.unitCode != "62-TAND" else { continue }
                let key = try #require(SubmissionDemands(plan: plan, unitCode: report.unitCode).duties.first?.key)
                let content = SubmissionContent(
                    narratives: [key: .init(results: "Ket qua rieng DAU\(report.unitCode)X", shortcomings: "", proposals: "")],
                    projects: [:])
                guard
                    case .saved(let draft) = try await store.saveDraft(
                        id: report.id, expectedVersion: report.version, content: content, context: office),
                    case .saved(let sent) = try await store.transition(
                        id: draft.id, expectedVersion: draft.version, action: .submit, comment: "", context: office),
                    case .saved = try await store.transition(
                        id: sent.id, expectedVersion: sent.version, action: .approve, comment: "",
                        context: ChangeContext(actor: "vanphong.khac", actorUnit: "62-CAT", address: nil))
                else {
                    Issue.record("the report of \(report.unitCode) was not approved")
                    continue
                }
            }
            let round = roundID.uuidString.lowercased()
            for list in [List.roundsPage, .roundsAPI] { markers[list] = ["round": round] }
            for list in [List.roundPage, .roundSubmissionsAPI, .ownReports] { markers[list] = reportIDs }
            markers[.completenessCSV] = ["611": "\n\"611\",", "612": "\n\"612\",", "62-TAND": "\n\"62-TAND\","]
            for list in [List.compiledPage, .reportPage, .reportPrint] { markers[list] = ["611": "DAU611X", "612": "DAU612X"] }
            // The search box shows the words asked for; a found report would show its text around them.
            markers[.search] = ["611": "rieng DAU611X"]
            markers[.dataIndex] = Dictionary(
                uniqueKeysWithValues: ["611", "612", "23377", "23380", "62-TAND", "990"].map { ($0, "<option value=\"\($0)\"") })
            // One audit event about each of 611, 612 and the other province, with a marker in its summary.
            let audit = AuditLog(database: app.db)
            for (unit, actorUnit) in [("611", "62-CAT"), ("612", "62-CAT"), ("99", "99-CAT")] {
                try await audit.record(
                    AuditEntry(
                        actor: "vanphong.test", actorUnit: actorUnit, address: nil, kind: .update, entity: "submission",
                        entityID: nil, unitCode: unit, summary: "DAUVET\(unit)X"))
            }
            // A failed sign-in under a name no account has is placed in no unit: with two provinces, neither sees it.
            #expect(try await Browser(app).post("/signin", ["username": "khongco.tentest", "password": "sai"]).status == .unauthorized)
            for list in [List.auditPage, .auditCSV] {
                markers[list] = ["611": "DAUVET611X", "612": "DAUVET612X", "99": "DAUVET99X", "unplaced": "khongco.tentest"]
            }
            // Accounts and tokens at 611, 612 and 990 (the other province's district).
            var accounts: [String: String] = [:]
            var tokens: [String: String] = [:]
            for (key, unit) in [("611", "611"), ("612", "612"), ("99", "990")] {
                let account = try await TestAccounts.make(app, "taikhoan\(key)x", .districtReporter, unit: unit)
                _ = try await TokenStore(database: app.db).create(
                    name: "mauso\(key)x", role: .districtReporter, unitCode: unit, createdBy: "t", ownerID: account.id)
                accounts[key] = "taikhoan\(key)x"
                tokens[key] = "mauso\(key)x"
            }
            markers[.accountsPage] = accounts
            markers[.tokensPage] = tokens

            var mismatches: [String] = []
            for (index, caller) in Self.listCallers.enumerated() {
                let account = try await TestAccounts.make(app, "hoi\(index)", caller.role, unit: caller.unit)
                let browser = Browser(app)
                try await browser.signIn("hoi\(index)", TestAccounts.password)
                let (_, bearer) = try await TokenStore(database: app.db).create(
                    name: "hoi\(index)", role: caller.role, unitCode: caller.unit, createdBy: "t", ownerID: account.id)
                for list in List.allCases {
                    let response: TestingHTTPResponse
                    switch list {
                    case .roundsPage: response = try await browser.get("/plans/\(konTumPlanID)/rounds")
                    case .roundsAPI: response = try await Self.listAPI(app, bearer, "/api/v1/plans/\(konTumPlanID)/rounds")
                    case .roundPage: response = try await browser.get("/rounds/\(round)")
                    case .roundSubmissionsAPI: response = try await Self.listAPI(app, bearer, "/api/v1/rounds/\(round)/submissions")
                    case .completenessCSV: response = try await browser.get("/rounds/\(round)/completeness.csv")
                    case .compiledPage: response = try await browser.get("/rounds/\(round)/compiled")
                    case .reportPage: response = try await browser.get("/rounds/\(round)/report")
                    case .reportPrint: response = try await browser.get("/rounds/\(round)/report/print")
                    case .ownReports: response = try await browser.get("/")
                    case .search: response = try await browser.get("/search?q=DAU611X")
                    case .dataIndex: response = try await browser.get("/data")
                    case .auditPage: response = try await browser.get("/audit")
                    case .auditCSV: response = try await browser.get("/audit.csv")
                    case .accountsPage: response = try await browser.get("/admin/users")
                    case .tokensPage: response = try await browser.get("/admin/tokens")
                    }
                    let refused =
                        [.forbidden, .notFound, .unauthorized].contains(response.status)
                        || (response.status == .seeOther && response.headers.first(name: .location)?.hasPrefix("/signin") == true)
                    let body = response.body.string
                    let shown: Set<String>? =
                        refused ? nil : Set((markers[list] ?? [:]).filter { body.contains($0.value) }.map(\.key))
                    let expected = Self.expectedRows(list, caller)
                    if shown != expected {
                        mismatches.append(
                            "\(caller) \(list) (\(response.status.code)): expected \(expected.map { $0.sorted().description } ?? "refused"), "
                                + "got \(shown.map { $0.sorted().description } ?? "refused")")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.joined(separator: "\n"))")
        }
    }

    static func listAPI(_ app: Application, _ token: String, _ path: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return try await app.testing().sendRequest(.GET, path, headers: headers)
    }
}
