import Foundation
import PCMTTestSupport
import PCMTWeb
import Testing
import Vapor
import VaporTesting

@Suite struct APITests {
    @Test(arguments: TestBackend.available)
    func plansAreListedAndGivenWhole(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let list = try #require(try await app.getJSON("/api/v1/plans") as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["code"] as? String == "3959/KH-UBND")
            #expect(list.first?["startYear"] as? Int == 2021 && list.first?["endYear"] as? Int == 2025)
            let id = try #require(list.first?["id"] as? String)

            let plan = try #require(try await app.getJSON("/api/v1/plans/\(id)") as? [String: Any])
            #expect((plan["targets"] as? [Any])?.count == 16)
            #expect((plan["targetGroups"] as? [Any])?.count == 7)
            #expect((plan["tasks"] as? [Any])?.count == 9)
            #expect((plan["solutions"] as? [Any])?.count == 5)
            #expect((plan["assignments"] as? [Any])?.count == 21)
            let projects = try #require(plan["projects"] as? [[String: Any]])
            #expect(projects.count == 15)
            #expect(projects.reduce(0) { $0 + (($1["subprojects"] as? [Any])?.count ?? 0) } == 5)
            let t04 = try #require((plan["targets"] as? [[String: Any]])?.first { $0["code"] as? String == "T04" })
            let rule = try #require(t04["rule"] as? [String: Any])
            #expect(rule["kind"] as? String == "growthAtLeast")
            #expect(rule["threshold"] as? Double == 5)
            #expect(rule["description"] as? String == "≥ 5% over the previous year")
        }
    }

    @Test(arguments: TestBackend.available)
    func orgUnitsAreBrowsedByParent(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let top = try #require(try await app.getJSON("/api/v1/orgunits") as? [[String: Any]])
            // Old Quảng Ngãi (51, to 30/06/2025), the new Quảng Ngãi (51, from 01/07/2025) and Kon Tum (62).
            #expect(top.map { $0["code"] as? String } == ["51", "51", "62"])
            #expect(top.map { $0["validFrom"] as? String } == [nil, "2025-07-01", nil])
            let province = try #require(try await app.getJSON("/api/v1/orgunits?parent=62") as? [[String: Any]])
            #expect(province.filter { $0["level"] as? String == "district" }.count == 10)
            let ngocHoi = try #require(try await app.getJSON("/api/v1/orgunits?parent=611") as? [[String: Any]])
            #expect(ngocHoi.count == 8)
            // A reused code is the unit of the day asked; without a date, today's (Xã Bờ Y under the new province).
            let commune = try #require(try await app.getJSON("/api/v1/orgunits/23377?date=2025-06-30") as? [String: Any])
            #expect(commune["name"] as? String == "Thị trấn Plei Kần")
            #expect(commune["parentCode"] as? String == "611")
            #expect(commune["validTo"] as? String == "2025-06-30")
            let today = try #require(try await app.getJSON("/api/v1/orgunits/23377") as? [String: Any])
            #expect(today["name"] as? String == "Xã Bờ Y")
            #expect(today["parentCode"] as? String == "51")
            #expect(today["validFrom"] as? String == "2025-07-01")
        }
    }

    @Test func unknownIdsGiveAJSON404AndMalformedOnesA400() async throws {
        try await withPCMT(.sqlite) { app in
            for path in [
                ("/api/v1/plans/00000000-0000-4000-8000-000000000000", HTTPStatus.notFound),
                ("/api/v1/plans/nope", .badRequest), ("/api/v1/orgunits/nope", .notFound),
                ("/api/v1/orgunits?parent=nope", .notFound), ("/api/v1/orgunits/a%0Ab", .badRequest), ("/api/v1/nothing", .notFound),
            ] {
                // A plan id that is not a UUID does not match the document (400); a well-formed one that names nothing is 404.
                let (path, status) = path
                let response = try await app.get(path)
                #expect(response.status == status, "\(path)")
                #expect(response.headers.contentType == .json, "\(path)")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["error"] as? Bool == true)
                #expect((body?["reason"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func theHealthCheckAnswersWhenTheDatabaseIsReachable(backend: TestBackend) async throws {
        try await withPCMT(backend) { app in
            let response = try await app.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("\"ok\""))
        }
    }

    @Test(.enabled(if: TestBackend.postgresURL != nil))
    func theHealthCheckAnswers503WhenTheDatabaseIsGone() async throws {
        let scratch = try await ScratchDatabase.make(.postgres)
        try await withApp(configure: { app in
            try await configure(app, PCMTConfiguration(database: scratch.url, loadBuiltins: false))
        }) { app in
            #expect(try await app.get("/healthz").status == .ok)
            try await scratch.dropDatabase()
            let response = try await app.get("/healthz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains("unreachable"))
        }
    }
}
