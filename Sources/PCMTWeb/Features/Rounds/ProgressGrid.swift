import Foundation
import PCMTDomain
import PCMTStore

/// Progress at a glance (issue 14, item 5): every unit's report in every round of a plan — its state and the date
/// that matters (approved, sent, or the due date while it waits) — in one grid, filtered by state and sorted by unit,
/// code or how many reports are still open.
enum ProgressGrid {
    struct Cell {
        var submission: SubmissionRecord
        var overdue: Bool
    }

    struct Row {
        var code: String
        var name: String
        var cells: [UUID: Cell]
        /// Reports not approved yet.
        var open: Int
    }

    struct Model {
        var plan: Plan
        var rounds: [RoundSummary]
        var rows: [Row]
        var input: ProgressQuery
        /// How many units the plan's rounds expect, before the filter.
        var unitCount: Int
        var today: String
    }

    /// The filters: each report state and "overdue".
    static let filters = SubmissionState.allCases.map(\.rawValue) + ["overdue"]

    static func model(_ context: PageQueryContext, plan: Plan, input: ProgressQuery) async throws -> Model {
        let store = RoundStore(database: context.db)
        let rounds = try await store.rounds(planID: plan.id).sorted { $0.period < $1.period }
        let names = Dictionary(try await context.units.all().map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let today = context.clock.todayISO
        var rows: [String: Row] = [:]
        for round in rounds {
            for submission in try await store.submissions(roundID: round.id) {
                var row =
                    rows[submission.unitCode]
                    ?? Row(code: submission.unitCode, name: names[submission.unitCode] ?? submission.unitCode, cells: [:], open: 0)
                row.cells[round.id] = Cell(
                    submission: submission,
                    overdue: Timeliness.isOverdue(state: submission.state, dueDate: round.schedule.dueDate, today: today))
                if submission.state != .approved { row.open += 1 }
                rows[submission.unitCode] = row
            }
        }
        let unitCount = rows.count
        var list = Array(rows.values)
        if let state = input.state, filters.contains(state) {
            list = list.filter { row in
                row.cells.values.contains { state == "overdue" ? $0.overdue : $0.submission.state.rawValue == state }
            }
        }
        let descending = input.dir == "desc"
        list.sort { a, b in
            let ordered: Bool
            switch input.sort {
            case "code": ordered = a.code < b.code
            case "open": ordered = a.open != b.open ? a.open > b.open : a.name.foldedForSearch < b.name.foldedForSearch
            default: ordered = a.name.foldedForSearch != b.name.foldedForSearch ? a.name.foldedForSearch < b.name.foldedForSearch : a.code < b.code
            }
            return descending ? !ordered : ordered
        }
        return Model(plan: plan, rounds: rounds, rows: list, input: input, unitCount: unitCount, today: today)
    }

    static func filterName(_ filter: String, t: Localizer) -> String {
        if filter == "overdue" { return t("Overdue", "Quá hạn") }
        return SubmissionState(rawValue: filter)?.name(t.language) ?? filter
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        func sortLink(_ key: String, _ label: String) -> Node {
            let current = (model.input.sort ?? "unit") == key
            let descending = current && model.input.dir != "desc"
            let arrow = current ? (model.input.dir == "desc" ? " ▼" : " ▲") : ""
            return link(
                SiteURL.roundsProgress(.value(plan.id), ProgressQuery(state: model.input.state, sort: key, descending: descending)).path,
                label + arrow, attributes: current ? ["aria-current": "true"] : [:])
        }
        func cell(_ row: Row, _ round: RoundSummary) -> Node {
            guard let cell = row.cells[round.id] else { return h("td", ["class": "none"], "—") }
            let s = cell.submission
            let date: String
            switch s.state {
            case .approved: date = s.approvedAt.map { DateText.dateTime($0).prefix(10).description } ?? ""
            case .submitted: date = s.submittedAt.map { DateText.dateTime($0).prefix(10).description } ?? ""
            case .draft, .returned: date = t("due ", "hạn ") + t.date(round.schedule.dueDate)
            }
            let highlighted = model.input.state.map { $0 == "overdue" ? cell.overdue : $0 == s.state.rawValue } ?? false
            return h(
                "td", ["class": "state-cell state-\(s.state.rawValue)" + (cell.overdue ? " overdue" : "") + (highlighted ? " match" : "")],
                [
                    link(SiteURL.submission(.value(s.id)).path, s.state.name(t.language)),
                    h("small", [:], date),
                    cell.overdue ? h("small", ["class": "late"], t("overdue", "quá hạn")) : .empty,
                ])
        }
        return [
            h(
                "p", ["class": "kicker"],
                [link(SiteURL.rounds(.value(plan.id)).path, t("Reporting rounds", "Các kỳ báo cáo")), .text(" · \(plan.code)")]),
            h("h1", [:], t("Reports at a glance", "Tiến độ báo cáo")),
            h(
                "form", ["method": "get", "action": SiteURL.roundsProgress(.value(plan.id)).path, "class": "filters"],
                [
                    Forms.select(
                        t("Show units with a report that is", "Chỉ hiện đơn vị có báo cáo"), name: "state", value: model.input.state ?? "",
                        options: [("", t("any state", "ở mọi trạng thái"))] + filters.map { ($0, filterName($0, t: t)) }),
                    model.input.sort.map { Forms.hidden("sort", $0) } ?? .empty,
                    model.input.dir.map { Forms.hidden("dir", $0) } ?? .empty,
                    h("button", ["type": "submit"], t("Show", "Xem")),
                ]),
            h(
                "p", ["class": "meta"],
                t(
                    "\(model.rows.count) of \(model.unitCount) units · \(model.rounds.count) rounds · state and date of each report (approved or sent; the due date while it waits).",
                    "\(model.rows.count)/\(model.unitCount) đơn vị · \(model.rounds.count) kỳ · trạng thái và ngày của từng báo cáo (ngày duyệt hoặc ngày gửi; hạn nộp khi chưa gửi)."
                )),
            model.rounds.isEmpty
                ? h("p", [:], t("No round is open yet.", "Chưa mở kỳ báo cáo nào."))
                : h(
                    "div", ["class": "grid-scroll", "tabindex": "0", "role": "region", "aria-label": t("Reports at a glance", "Tiến độ báo cáo")],
                    h(
                        "table", ["class": "grid progress"],
                        [
                            h(
                                "thead", [:],
                                h(
                                    "tr", [:],
                                    [
                                        h(
                                            "th", ["scope": "col", "class": "unit"],
                                            [sortLink("unit", t("Unit", "Đơn vị")), " · ", sortLink("code", t("code", "mã"))]),
                                        h("th", ["scope": "col"], sortLink("open", t("Open", "Chưa duyệt"))),
                                    ]
                                        + model.rounds.map { round in
                                            h(
                                                "th", ["scope": "col"],
                                                [
                                                    link(SiteURL.round(.value(round.id)).path, round.kind.title(round.period, t.language)),
                                                    h("small", [:], t("due ", "hạn ") + t.date(round.schedule.dueDate)),
                                                ])
                                        })),
                            h(
                                "tbody", [:],
                                model.rows.map { row in
                                    h(
                                        "tr", [:],
                                        [
                                            h("th", ["scope": "row", "class": "unit"], [.text(row.name), h("small", [:], row.code)]),
                                            h("td", ["class": "num"], String(row.open)),
                                        ] + model.rounds.map { cell(row, $0) })
                                }),
                            h(
                                "tfoot", [:],
                                h(
                                    "tr", [:],
                                    [h("th", ["scope": "row", "class": "unit"], t("Approved", "Đã duyệt")), h("td", [:], "")]
                                        + model.rounds.map { round in
                                            let expected = round.counts.values.reduce(0, +)
                                            return h("td", ["class": "num"], "\(round.counts[.approved] ?? 0)/\(expected)")
                                        })),
                        ])),
        ]
    }
}
