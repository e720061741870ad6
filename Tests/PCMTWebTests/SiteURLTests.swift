import Foundation
import PCMTDomain
import Testing
import Vapor

@testable import PCMTWeb

/// Addresses are built in one place: every `SiteURL` is a registered route, every route is a `SiteURL`, and no
/// source file of the web layer writes an internal address by hand.
@Suite struct SiteURLTests {
    static let webSources: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PCMTWeb")

    static func swiftFiles() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: webSources, includingPropertiesForKeys: nil)!
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    }

    @Test func everyAddressIsARegisteredRouteAndEveryRouteAnAddress() async throws {
        try await withPCMT(.sqlite, loadBuiltins: false) { app in
            let registered = Set(
                app.routes.all.map { route in
                    "/"
                        + route.path.map { component -> String in
                            if case .parameter(let name) = component { return ":\(name)" }
                            return component.description
                        }.joined(separator: "/")
                })
            let addresses = Set(SiteURL.allKeys.map(\.pattern))
            #expect(addresses.subtracting(registered).isEmpty, "not registered: \(addresses.subtracting(registered).sorted())")
            #expect(registered.subtracting(addresses).isEmpty, "not in SiteURL: \(registered.subtracting(addresses).sorted())")
            #expect(SiteURL.allKeys.count > 60)
        }
    }

    @Test func linksCarryTheirValuesAndTypedQueries() {
        let plan = UUID(uuidString: "6F0C3959-2021-4025-8D62-000000003959")!
        #expect(SiteURL.plan(.value(plan)).path == "/plans/6f0c3959-2021-4025-8d62-000000003959")
        #expect(
            SiteURL.board(.value(plan), .init(period: "2023S1", unit: "62", allData: true)).path
                == "/plans/6f0c3959-2021-4025-8d62-000000003959/board?period=2023S1&unit=62&all=1")
        #expect(
            SiteURL.boardTarget(.value(plan), code: .value("T04"), .init(period: "2023", unit: "611", sort: "value", descending: true)).path
                == "/plans/6f0c3959-2021-4025-8d62-000000003959/board/T04?period=2023&unit=611&sort=value&dir=desc")
        #expect(SiteURL.orgUnit(.value("62-CAT")).path == "/orgunits/62-CAT")
        #expect(SiteURL.search(.init(q: "ngọc hồi & co")).path == "/search?q=ng%E1%BB%8Dc%20h%E1%BB%93i%20%26%20co")
        #expect(SiteURL.dataForm(unit: .value("23281"), period: .value("2024S1")).path == "/data/23281/2024S1")
        #expect(SiteURL.api(.submissionAction(.value(plan), .approve)).path == "/api/v1/submissions/6f0c3959-2021-4025-8d62-000000003959/approve")
        #expect(SiteURL.signIn(.init(next: "/data?x=1")).path == "/signin?next=/data%3Fx%3D1")
        #expect(SiteURL.dataForm(unit: .key, period: .key).pattern == "/data/:unitCode/:period")
    }

    /// A hand-written internal address in the web layer ("/plans/…", "/data", "/\(…)") fails this test: build it
    /// with `SiteURL` instead. Only the files that define `SiteURL` may spell paths.
    @Test func noSourceFileWritesAnInternalAddressByHand() throws {
        let pathLiteral = try Regex(#""/(?:[a-z{]|\\\()"#)
        var offenders: [String] = []
        for file in try Self.swiftFiles() where !file.lastPathComponent.hasPrefix("SiteURL") {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where line.contains(pathLiteral) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                offenders.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders.isEmpty, "hand-written addresses:\n\(offenders.joined(separator: "\n"))")
    }

    /// Page queries and document material take a database, the input, the principal and the clock — never a request —
    /// so they do not import Vapor.
    @Test func pageQueriesDoNotImportVapor() throws {
        let queries = try Self.swiftFiles().filter { file in
            let name = file.lastPathComponent
            return name.hasSuffix("Queries.swift") || name.hasSuffix("+Model.swift") || name == "PageQueryContext.swift"
                || name == "DocumentMaterial.swift" || name == "OwnReports.swift" || name == "AnnexMaterial.swift"
        }
        #expect(queries.count >= 15, "found \(queries.count) query files")
        for file in queries {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("import Vapor") && !text.contains("import Fluent\n"), "\(file.lastPathComponent) imports Vapor")
        }
    }
}
