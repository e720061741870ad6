import Foundation
import PCMTTestSupport
import Testing
import Vapor

/// The served OpenAPI document and the registered API routes must describe the same operations.
@Suite struct OpenAPITests {
    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedOperationExists() async throws {
        try await withPCMT(.sqlite, loadBuiltins: false) { app in
            let document = try #require(try await app.getJSON("/openapi.json") as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            let registered = Set(
                app.routes.all.compactMap { route -> String? in
                    let path =
                        "/"
                        + route.path.map { component -> String in
                            switch component {
                            case .parameter(let name): return "{\(name == "planID" ? "id" : name)}"
                            default: return component.description
                            }
                        }.joined(separator: "/")
                    return path.hasPrefix("/api/") ? "\(route.method.rawValue) \(path)" : nil
                })
            #expect(!registered.isEmpty)
            #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented))")
            #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered))")
        }
    }

    @Test func responsesCarryTheFieldsTheDocumentRequires() async throws {
        try await withPCMT(.sqlite) { app in
            let document = try #require(try await app.getJSON("/openapi.json") as? [String: Any])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            func required(_ name: String) -> [String] { schemas[name]?["required"] as? [String] ?? [] }

            let plans = try #require(try await app.getJSON("/api/v1/plans") as? [[String: Any]])
            let plan = try #require(try await app.getJSON("/api/v1/plans/\(konTumPlanID)") as? [String: Any])
            let unit = try #require(try await app.getJSON("/api/v1/orgunits/62") as? [String: Any])
            for (object, schema) in [(plans[0], "PlanSummary"), (plan, "Plan"), (unit, "OrgUnit")] {
                #expect(!required(schema).isEmpty)
                for key in required(schema) { #expect(object[key] != nil, "\(schema).\(key) missing") }
            }
            let target = try #require((plan["targets"] as? [[String: Any]])?.first)
            for key in required("Target") { #expect(target[key] != nil, "Target.\(key) missing") }
            let assignment = try #require((plan["assignments"] as? [[String: Any]])?.first)
            for key in required("Assignment") { #expect(assignment[key] != nil, "Assignment.\(key) missing") }
        }
    }
}
