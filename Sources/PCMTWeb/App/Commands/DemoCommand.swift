import Foundation
import PCMTDomain
import PCMTSeedData
import PCMTStore
import Vapor

/// `pcmt demo [--seed N]`: loads the synthetic demonstration plans and fills every plan's data elements for the
/// units of its province, from its baseline year to its end or the current year, by half-year, with synthetic numbers
/// (``DemoLoader``). Values that exist already are left alone.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "seed", help: "The same seed gives the same data (default 3959)")
        var seed: UInt64?
    }

    var help: String { "Fill the database with synthetic, deterministic demonstration data" }

    func run(using context: CommandContext, signature: Signature) async throws {
        if try await DataValueStore(database: context.application.db).hasRealValues() {
            throw CommandFailure(
                description:
                    "This database holds values people entered; synthetic data is never mixed with them. Use an empty database for a demonstration.")
        }
        let count = try await DemoLoader.load(app: context.application, seed: signature.seed ?? 3959)
        context.console.print("Demo data: \(count) values offered (existing values were kept).")
    }
}

public enum DemoLoader {
    /// Loads the synthetic demonstration plans (``BuiltinCatalog/demoPlans``, once), then gives every plan values
    /// from its baseline year to its end year or the current year, whichever is earlier, for the units of its
    /// province's territory in each half-year (``UnitTimeline/area(of:in:)``: Kon Tum's units to 30/06/2025, the
    /// communes formed from them after it; the successor plan's baseline 2025 from both old provinces' units), and
    /// rounds up to the current year, and a registry of made-up people (``DemoRegistry``). Returns the number of values written.
    ///
    /// What it writes depends on `seed`, the database's units and plans and the half-year of `app.clock` (its year,
    /// and for the registry's derived values whether the second half has begun), nothing else of the clock: the tests
    /// load it once per seed and half-year into a template database they copy (WebHarness); reading more of the clock
    /// here means keying that template by it too.
    public static func load(app: Application, seed: UInt64) async throws -> Int {
        let catalog = try BuiltinCatalog.load()
        try await BuiltinLoader(database: app.db).loadMissing(unitSets: [], plans: catalog.demoPlans, dataElements: catalog.demoDataElements)
        let units = try await OrgUnitStore(database: app.db).all()
        let placements = UnitPlacements(units: units)
        let timeline = placements.timeline
        let currentYear = app.clock.year
        var total = 0
        for summary in try await PlanStore(database: app.db).summaries() {
            guard let plan = try await PlanStore(database: app.db).plan(id: summary.id) else { continue }
            let elements = try await DataElementStore(database: app.db).elements(planID: summary.id)
            let years = (summary.startYear - 1)...max(summary.startYear - 1, min(summary.endYear, currentYear))
            // The units of the plan's province in each half-year, by "code|first day".
            // The plan's province as it was in the plan's years (51 for a plan from 2026 is the new province).
            let province = plan.province(in: units)
            var inside: [Period: Set<String>] = [:]
            for year in years {
                for half in 1...2 {
                    let period = Period.halfYear(year, half: half)
                    inside[period] = province.map { Set(timeline.area(of: $0, in: period).map { "\($0.code)|\($0.validFrom ?? "")" }) }
                }
            }
            // A unit formed by a reform weighs as much as the units it was formed from.
            var weights: [String: Double] = [:]
            for unit in units where unit.validFrom != nil {
                let formers = timeline.formers(of: unit).count
                if formers > 1 { weights["\(unit.code)|\(unit.validFrom ?? "")"] = Double(formers) }
            }
            let values = DemoData(seed: seed, years: years).values(elements: elements, units: units, weights: weights).compactMap {
                value -> BulkValue? in
                guard case .success(let found)? = placements.resolve(value.unitCode, in: value.period) else { return nil }
                if let area = inside[value.period] ?? nil, !area.contains("\(found.unit.code)|\(found.unit.validFrom ?? "")") { return nil }
                return BulkValue(
                    element: value.element, placement: found.placement, period: value.period, category: value.category, value: value.value)
            }
            total += try await DataValueStore(database: app.db).insertMissing(values, elements: elements, by: "demo")
            try await demoRounds(app: app, plan: plan, units: units, lastYear: years.upperBound, seed: seed)
        }
        _ = try await DemoRegistry.load(app: app, seed: seed)
        _ = try await DemoRecords.load(app: app, seed: seed)
        return total
    }

    /// Rounds for every half-year and year of the plan, with a realistic mix of states: past rounds mostly approved
    /// (a few late, one returned and sent again), the last year's round still under way.
    static func demoRounds(app: Application, plan: Plan, units: [OrgUnit], lastYear: Int, seed: UInt64) async throws {
        let store = RoundStore(database: app.db)
        guard try await !store.hasRounds(planID: plan.id) else { return }
        let office = ChangeContext(actor: "demo", actorUnit: plan.issuerUnit, address: "demo")
        let timeline = UnitTimeline(units: units)
        var generator = DemoRandom(seed: seed)
        guard lastYear >= plan.startYear else { return }
        for year in plan.startYear...lastYear {
            var periods = [Period.halfYear(year, half: 1), .year(year)]
            // The mid-term review after its last year, the final review after the plan's last year.
            if let review = plan.reporting.first(where: { $0.kind == .midTermReview })?.year, review == year, review > plan.startYear {
                periods.append(.span(from: plan.startYear, to: review))
            }
            if year == plan.endYear { periods.append(.span(from: plan.startYear, to: plan.endYear)) }
            for period in periods {
                let schedule = RoundSchedule.defaults(for: period)
                let expected = RoundOpening.expectedUnits(plan: plan, schedule: schedule, timeline: timeline)
                let roundID = try await store.open(
                    planID: plan.id, period: period, kind: RoundKind.of(period, planEndYear: plan.endYear),
                    schedule: schedule, unitCodes: expected, context: office)
                let last = year == lastYear && period == .year(year)
                for submission in try await store.submissions(roundID: roundID) {
                    let draw = generator.next()
                    let unitContext = ChangeContext(actor: "demo", actorUnit: submission.unitCode, address: "demo")
                    let fill = !last || draw > 0.25
                    guard fill else { continue }
                    var content = SubmissionContent()
                    let demands = SubmissionDemands(
                        plan: plan, reportingFor: RoundOpening.reportsFor(submission.unitCode, plan: plan, schedule: schedule, timeline: timeline))
                    for demand in demands.duties {
                        content.narratives[demand.key] = .init(
                            results: "Đã triển khai \(demand.name(.vi)) của Kế hoạch "
                                + "\(period.isSpan ? "giai đoạn" : "trong") \(period.phrase(.vi)): hoàn thành theo kế hoạch (nội dung mẫu).",
                            shortcomings: draw < 0.5 ? "Lực lượng chuyên trách còn mỏng; kinh phí bố trí chậm (nội dung mẫu)." : "",
                            proposals: draw < 0.3 ? "Đề nghị bổ sung kinh phí và tập huấn nghiệp vụ (nội dung mẫu)." : "")
                    }
                    for project in demands.projects {
                        let progress = min(100, Double(year - plan.startYear + 1) * 19 + (period.isPartialYear ? 0 : 5))
                        content.projects[project.code] = .init(
                            status: "Đang triển khai (nội dung mẫu)", progress: progress,
                            allocated: 500, spent: 500 * progress / 100, note: "")
                    }
                    guard
                        case .saved(var record) = try await store.saveDraft(
                            id: submission.id, expectedVersion: submission.version,
                            content: content, context: unitContext)
                    else { continue }
                    if last && draw < 0.45 { continue }
                    guard
                        case .saved(let sent) = try await store.transition(
                            id: record.id, expectedVersion: record.version, action: .submit,
                            comment: "", context: unitContext)
                    else { continue }
                    record = sent
                    if draw > 0.93 || (last && draw < 0.6) {
                        if case .saved(let returned) = try await store.transition(
                            id: record.id, expectedVersion: record.version, action: .return,
                            comment: "Đề nghị bổ sung số liệu và làm rõ nguyên nhân (nội dung mẫu).",
                            context: office), !last
                        {
                            if case .saved(let again) = try await store.transition(
                                id: returned.id, expectedVersion: returned.version, action: .submit,
                                comment: "", context: unitContext)
                            {
                                record = again
                            }
                        } else {
                            continue
                        }
                    }
                    if last && draw < 0.8 { continue }
                    // A review is approved only over the unit's approved year reports; otherwise it waits, sent.
                    guard
                        case .saved = try await store.transition(
                            id: record.id, expectedVersion: record.version, action: .approve, comment: "", context: office)
                    else { continue }
                    guard let due = DateText.parseDay(schedule.dueDate) else { continue }
                    let late = draw > 0.88
                    let sentAt = due.addingTimeInterval(late ? 3 * 86_400 : -2 * 86_400 + draw * 86_400)
                    try await store.backdate(id: record.id, submittedAt: sentAt, approvedAt: sentAt.addingTimeInterval(5 * 86_400))
                }
            }
        }
    }
}

/// Deterministic numbers in [0, 1) for the demonstration rounds.
struct DemoRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x5EED }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}
