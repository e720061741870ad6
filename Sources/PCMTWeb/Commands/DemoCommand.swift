import PCMTSeedData
import PCMTStore
import Vapor

/// `pcmt demo [--seed N]`: fills every plan's data elements for every unit, 2020–2025 by half-year, with synthetic
/// numbers. Values that exist already are left alone.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "seed", help: "The same seed gives the same data (default 3959)")
        var seed: UInt64?
    }

    var help: String { "Fill the database with synthetic, deterministic demonstration data" }

    func run(using context: CommandContext, signature: Signature) async throws {
        if try await DataValueStore(database: context.application.db).hasRealValues() {
            throw CommandFailure(description: "This database holds values people entered; synthetic data is never mixed with them. Use an empty database for a demonstration.")
        }
        let count = try await DemoLoader.load(app: context.application, seed: signature.seed ?? 3959)
        context.console.print("Demo data: \(count) values offered (existing values were kept).")
    }
}

public enum DemoLoader {
    public static func load(app: Application, seed: UInt64) async throws -> Int {
        let units = try await OrgUnitStore(database: app.db).all()
        let placements = UnitPlacements(units: units)
        var total = 0
        for summary in try await PlanStore(database: app.db).summaries() {
            let elements = try await DataElementStore(database: app.db).elements(planID: summary.id)
            let years = (summary.startYear - 1)...summary.endYear
            let values = DemoData(seed: seed, years: years).values(elements: elements, units: units).compactMap { value -> BulkValue? in
                guard let placement = placements[value.unitCode] else { return nil }
                return BulkValue(element: value.element, placement: placement, period: value.period, category: value.category, value: value.value)
            }
            total += try await DataValueStore(database: app.db).insertMissing(values, elements: elements, by: "demo")
        }
        return total
    }
}
