import Foundation
import PCMTDomain
import PCMTStore
import PCMTTestSupport
import Testing
import Vapor
import VaporTesting

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
            "GET /plans/:planID/projects", "GET /orgunits", "GET /orgunits/:code", "GET /search", "GET /lang/:language",
            "GET /healthz", "GET /openapi.json", "GET /static/style.css", "GET /static/copy.js", "GET /signin", "POST /signin",
            "GET /api/v1/plans", "GET /api/v1/plans/:planID", "GET /api/v1/orgunits", "GET /api/v1/orgunits/:code",
            "GET /api/v1/dataelements":
            return .ok
        case "GET /plans/:planID/board", "GET /plans/:planID/board/:code", "GET /api/v1/plans/:planID/board",
            "GET /plans/:planID/board.xlsx", "GET /plans/:planID/board.csv":
            // Kon Tum's totals, shown by default: for every account of Kon Tum, not for another province's.
            guard signedIn else { return .signIn }
            return ["99", "99-CAT"].contains(caller.unit) ? .forbidden : .ok
        case "GET /data", "GET /data/open", "GET /data/template.csv", "GET /data/template.xlsx", "GET /data/import", "POST /data/import",
            "POST /api/v1/datavalues":
            guard signedIn else { return .signIn }
            return [.standingOffice, .agencyReporter, .districtReporter, .communeOfficer].contains(role!) ? .ok : .forbidden
        case "GET /plans/:planID/rounds", "GET /api/v1/plans/:planID/rounds":
            // The list of Kon Tum's rounds: its standing office and viewers; another province's do not see it.
            guard signedIn else { return .signIn }
            guard role == .standingOffice || role == .viewer else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "GET /rounds/:roundID", "GET /rounds/:roundID/completeness.csv", "GET /rounds/:roundID/compiled",
            "GET /api/v1/rounds/:roundID/submissions", "GET /rounds/:roundID/annex.xlsx",
            "GET /api/v1/rounds/:roundID/annex.xlsx", "GET /rounds/:roundID/report", "GET /rounds/:roundID/report/print",
            "GET /rounds/:roundID/report.docx", "GET /rounds/:roundID/tables/:table", "GET /api/v1/rounds/:roundID/report.docx",
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
            "GET /submissions/:submissionID/report.docx", "GET /api/v1/submissions/:submissionID/report.docx":
            // The report of district 611: its reporter, the standing office and viewers of the province.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .viewer: return caller.atOwnUnit ? (pattern.hasPrefix("POST") && role == .viewer ? .forbidden : .ok) : .hidden
            case .districtReporter: return caller.atOwnUnit ? .ok : .hidden
            case .agencyReporter: return .hidden
            default: return .forbidden
            }
        case "POST /submissions/:submissionID/return", "POST /submissions/:submissionID/approve", "POST /submissions/:submissionID/reopen",
            "POST /api/v1/submissions/:submissionID/return", "POST /api/v1/submissions/:submissionID/approve",
            "POST /api/v1/submissions/:submissionID/reopen":
            guard signedIn else { return .signIn }
            guard role == .standingOffice else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "POST /api/v1/submissions/:submissionID/submit":
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice: return caller.atOwnUnit ? .ok : .hidden
            case .districtReporter: return caller.atOwnUnit ? .ok : .hidden
            case .agencyReporter: return .hidden
            default: return .forbidden
            }
        case "GET /data/:unitCode/:period", "POST /data/:unitCode/:period":
            // The commune 23377 of district 611: its officer, its district, the standing office of its province.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .districtReporter, .communeOfficer: return caller.atOwnUnit ? .ok : .forbidden
            default: return .forbidden
            }
        case "POST /signout", "GET /account/password", "POST /account/password":
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
            "POST /plans/:planID/edit/:kind/:recordID/delete":
            guard signedIn else { return .signIn }
            return role == .standingOffice && caller.atOwnUnit ? .ok : .forbidden
        case "GET /api/v1/datavalues":
            // Called without parameters: every token is told that orgunit is missing (400); a visitor has no token. Which
            // units each token reads is checked in APIReadTests.
            return signedIn ? .ok : .signIn
        case "GET /api/v1/rounds/:roundID":
            // The page of Kon Tum's round, as JSON: its standing office and viewers; another province's do not see it.
            guard signedIn else { return .signIn }
            guard role == .standingOffice || role == .viewer else { return .forbidden }
            return caller.atOwnUnit ? .ok : .hidden
        case "GET /api/v1/submissions/:submissionID":
            // District 611's report, as JSON: its own reporter, the province's standing office and viewers; other
            // reporters do not see it; roles that read no reports are refused.
            guard signedIn else { return .signIn }
            switch role! {
            case .standingOffice, .viewer, .districtReporter: return caller.atOwnUnit ? .ok : .hidden
            case .agencyReporter: return .hidden
            case .communeOfficer, .auditor, .systemAdmin: return .forbidden
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
            try await OtherProvince.add(app)
            let planID = UUID(uuidString: konTumPlanID)!
            let target = try #require(try await PlanEditor(database: app.db).records(planID: planID).first { $0.kind == .target })
            let subject = try await TestAccounts.make(app, "subject", .viewer, unit: "62")
            let (token, _) = try await TokenStore(database: app.db).create(name: "subject", role: .viewer, unitCode: "62", createdBy: "test")
            let round = try await RoundStore(database: app.db).open(
                planID: planID, period: .year(2023), kind: .year, schedule: RoundSchedule.defaults(for: .year(2023)),
                unitCodes: ["611", "62-TAND"], context: ChangeContext(actor: "test", actorUnit: nil, address: nil))
            let report = try #require(try await RoundStore(database: app.db).submissions(roundID: round).first { $0.unitCode == "611" })
            let values = [
                "planID": konTumPlanID, "number": "1", "code": "611", "language": "en", "userID": subject.id.uuidString.lowercased(),
                "tokenID": token.id.uuidString.lowercased(), "kind": "target", "recordID": target.id.uuidString.lowercased(),
                "unitCode": "23377", "period": "2023", "roundID": round.uuidString.lowercased(),
                "submissionID": report.id.uuidString.lowercased(), "table": "targets.csv",
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
                    bearer = try await TokenStore(database: app.db).create(
                        name: "caller\(index)", role: role, unitCode: caller.unit, createdBy: "test"
                    ).1
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
