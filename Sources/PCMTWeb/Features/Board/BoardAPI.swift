import Foundation
import PCMTDomain
import PCMTReports
import PCMTStore
import Vapor

/// The board in the JSON API.
extension BoardRoutes {
    struct BoardDTO: Content {
        struct Row: Content {
            var code: String
            var group: Int
            var indicator: String
            var rule: String
            var status: TargetStatus
            var value: Double?
            var threshold: Double?
            var numerator: Double?
            var denominator: Double?
            var comparison: Double?
            var explanation: String
            var explanationVi: String
            var coverage: CoverageDTO
        }

        /// Which of the expected units the figures include (`Coverage`): counts of units, and for each unit not in
        /// full the periods it lacks ("2024", "2024S2"); half-years in which no expected unit existed.
        struct CoverageDTO: Content {
            struct Missing: Content {
                var orgunit: String
                var name: String
                var periods: [String]
            }

            var reported: Int
            var expected: Int
            var missing: [Missing]
            var uncovered: [String]

            init(_ coverage: Coverage?) {
                reported = coverage?.reported.count ?? 0
                expected = coverage?.expected.count ?? 0
                missing = (coverage?.missing ?? []).map { .init(orgunit: $0.unit.code, name: $0.unit.name, periods: $0.periods.map(\.description)) }
                uncovered = (coverage?.uncovered ?? []).map(\.description)
            }
        }

        var plan: String
        var period: String
        var orgunit: String
        var targets: [Row]
    }

    func boardJSON(_ request: Request) async throws -> BoardDTO {
        let context = PageContext(request)
        guard let text = request.parameters.get("planID"), let id = UUID(uuidString: text),
            let plan = try await PlanStore(database: request.db).plan(id: id)
        else {
            throw Abort(.notFound, reason: context.t("No plan with this id.", "Không có kế hoạch với mã này."))
        }
        if let text = try? request.query.get(String.self, at: "period"), Period(text) == nil {
            throw Abort(
                .badRequest,
                reason: context.t(
                    "period: use a year (2023), a half-year (2023S1) or a span (2021-2023).",
                    "period: ghi năm (2023), 6 tháng (2023S1) hoặc giai đoạn (2021-2023)."))
        }
        // A period outside the plan is said so, not answered with another period's board (the page shows its
        // default period instead, as a link may be old).
        if let text = try? request.query.get(String.self, at: "period"), let period = Period(text),
            period.firstYear < plan.baselineYear || period.lastYear > plan.endYear
        {
            throw Abort(
                .unprocessableEntity,
                reason: context.t(
                    "period: \(period) is outside the plan: from its baseline year \(plan.baselineYear) to \(plan.endYear).",
                    "period: kỳ \(period) nằm ngoài kế hoạch: từ năm cơ sở \(plan.baselineYear) đến năm \(plan.endYear)."))
        }
        let model = try await BoardPage.model(context.query, try request.query.decode(BoardFilter.self), plan: plan)
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        return BoardDTO(
            plan: plan.id.slug, period: model.period.description, orgunit: model.unit.code,
            targets: model.board.rows.map { row in
                let evaluation = row.evaluation
                return .init(
                    code: row.target.code, group: row.group, indicator: row.target.indicator, rule: row.target.plainWords(.en),
                    status: evaluation.status, value: finite(evaluation.value), threshold: evaluation.threshold,
                    numerator: finite(evaluation.current?.numerator), denominator: finite(evaluation.current?.denominator),
                    comparison: finite(evaluation.comparison?.value), explanation: evaluation.explanationEn,
                    explanationVi: evaluation.explanationVi, coverage: .init(evaluation.coverage))
            })
    }
}
