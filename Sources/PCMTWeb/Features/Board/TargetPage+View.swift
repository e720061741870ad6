import Foundation
import PCMTDomain
import PCMTStore

extension TargetPage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        let target = model.target
        let id = Parameter.value(plan.id), code = Parameter.value(target.code)
        // Links keep the page's period, unit and data choice (all data stays all data when sorting or choosing a unit).
        let filter = BoardFilter(period: model.period.description, unit: model.unit.code, allData: model.officialOnly == false)
        func sortLink(_ key: String, _ label: String) -> Node {
            let descending = model.sort == key && !model.descending
            let arrow = model.sort == key ? (model.descending ? " ▼" : " ▲") : ""
            var sorted = TargetFilter(board: filter)
            sorted.sort = key
            sorted.dir = descending ? "desc" : nil
            return link(SiteURL.boardTarget(id, code: code, sorted).path, label + arrow)
        }
        let measured = ValueExpression.measured(target.measure)
        let boardModel = BoardPage.Model(
            plan: plan, unit: model.unit, period: model.period,
            board: TargetBoard(plan: plan, period: model.period, totals: UnitTotals()), unitOptions: model.unitOptions,
            officialOnly: model.officialOnly)
        return [
            h(
                "p", ["class": "kicker"],
                [
                    link(SiteURL.board(id, filter).path, t("Target board", "Bảng chỉ tiêu")),
                    .text(" · \(target.code)"),
                ]),
            h("h1", [:], "\(target.code) · \(target.indicator)"),
            t.englishTitle(target.indicatorEn),
            h("p", ["class": "quote"], target.text),
            h("p", [:], [h("strong", [:], t("Rule: ", "Yêu cầu: ")), .text(target.plainWords(t.language))]),
            BoardPage.selector(boardModel, action: SiteURL.boardTarget(id, code: code).path, t: t),
            BoardPage.officialNote(model.officialOnly, t: t),
            h("p", [:], [BoardPage.statusBadge(model.evaluation.status, t: t), " ", .text(model.evaluation.explanation(t.language))]),
            coverageLine(model.evaluation.coverage, t: t),
            h(
                "figure", [:],
                [
                    TrendChart.svg(model.trend, rule: target.rule, t: t),
                    h(
                        "figcaption", [:],
                        t(
                            "\(model.unit.name), \(plan.baselineYear)–\(plan.endYear): the measured value each year (solid) and what the target asks (dashed).",
                            "\(model.unit.name), \(plan.baselineYear)–\(plan.endYear): kết quả từng năm (đường liền) và yêu cầu của chỉ tiêu (đường nét đứt)."
                        )),
                ]),
            h(
                "table", ["class": "trend"],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [h("th", ["scope": "col"], t("Year", "Năm"))] + model.trend.points.map { h("th", ["scope": "col"], String($0.year)) })),
                    h(
                        "tbody", [:],
                        [
                            h(
                                "tr", [:],
                                [h("th", ["scope": "row"], t("Value", "Kết quả"))]
                                    + model.trend.points.map {
                                        h("td", ["class": "num"], $0.value.map { measured.text($0, t.language) } ?? "—")
                                    }),
                            h(
                                "tr", [:],
                                [h("th", ["scope": "row"], t("Status", "Đánh giá"))]
                                    + model.trend.points.map {
                                        h(
                                            "td", [:],
                                            $0.year < plan.startYear ? .text(t("baseline", "năm gốc")) : BoardPage.statusBadge($0.status, t: t))
                                    }),
                        ]),
                ]),
            model.rows.isEmpty
                ? .empty
                : h(
                    "section", [:],
                    [
                        h("h2", [:], model.unit.level == .province ? t("Districts", "Huyện, thành phố") : t("Units below", "Đơn vị trực thuộc")),
                        AreaMap.view(
                            AreaMap.Model(
                                title: t(
                                    "\(target.code) by unit, \(BoardPage.periodName(model.period, t: t))",
                                    "\(target.code) theo đơn vị, \(BoardPage.periodName(model.period, t: t))"),
                                entries: model.rows.map { row in
                                    AreaMap.Entry(
                                        code: row.unit.code, name: row.unit.name, key: row.evaluation.status.rawValue,
                                        words: row.evaluation.status.name(t.language)
                                            + " (\(BoardPage.valueText(row.evaluation, target: target, t: t)))",
                                        link: SiteURL.boardTarget(
                                            id, code: code,
                                            TargetFilter(board: BoardFilter(period: filter.period, unit: row.unit.code, allData: filter.wantsAllData))
                                        ).path, validFrom: row.unit.validFrom, validTo: row.unit.validTo)
                                },
                                boundaries: model.boundaries,
                                legend: TargetStatus.allCases.map { ($0.rawValue, $0.name(t.language)) }), t: t),
                        h(
                            "table", ["class": "sortable"],
                            [
                                h(
                                    "thead", [:],
                                    h(
                                        "tr", [:],
                                        [
                                            h("th", ["scope": "col"], sortLink("code", t("Code", "Mã"))),
                                            h("th", ["scope": "col"], sortLink("name", t("Unit", "Đơn vị"))),
                                            h("th", ["scope": "col"], sortLink("value", t("Value", "Kết quả"))),
                                            h("th", ["scope": "col"], sortLink("status", t("Status", "Đánh giá"))),
                                            h("th", ["scope": "col"], t("How it was judged", "Cách tính")),
                                            h("th", ["scope": "col"], t("Units reported", "Đơn vị có số liệu")),
                                        ])),
                                h(
                                    "tbody", [:],
                                    model.rows.map { row in
                                        h(
                                            "tr", [:],
                                            [
                                                h("td", [:], row.unit.code),
                                                h(
                                                    "td", [:],
                                                    link(
                                                        SiteURL.boardTarget(
                                                            id, code: code,
                                                            TargetFilter(
                                                                board: BoardFilter(
                                                                    period: filter.period, unit: row.unit.code, allData: filter.wantsAllData))
                                                        ).path, row.unit.name)),
                                                h("td", ["class": "num"], BoardPage.valueText(row.evaluation, target: target, t: t)),
                                                h("td", [:], BoardPage.statusBadge(row.evaluation.status, t: t)),
                                                h("td", ["class": "why"], row.evaluation.explanation(t.language)),
                                                BoardPage.coverageCell(row.evaluation.coverage, t: t),
                                            ])
                                    }),
                            ]),
                    ]),
        ]
    }
}

extension TargetPage {
    /// The units the figure includes, under the verdict: "Số liệu: 10/10 huyện", or which are missing and when.
    static func coverageLine(_ coverage: Coverage?, t: Localizer) -> Node {
        guard let coverage, !coverage.expected.isEmpty || !coverage.isComplete else { return .empty }
        return h(
            "p", ["class": coverage.isComplete ? "coverage" : "coverage coverage-gap"],
            [h("strong", [:], t("Units reported: ", "Đơn vị có số liệu: ")), .text(coverage.phrase(t.language))])
    }
}

/// A line chart drawn on the server as inline SVG: no script, prints as it shows.
enum TrendChart {
    static func svg(_ trend: TargetTrend, rule: TargetRule, t: Localizer) -> Node {
        let width = 640.0, height = 260.0, left = 56.0, right = 16.0, top = 16.0, bottom = 36.0
        let values = trend.points.compactMap(\.value) + trend.goal.values.filter(\.isFinite)
        let step = niceStep((values.max() ?? 1) * 1.1 / 4)
        let maximum = step * 4
        let count = Double(max(trend.points.count - 1, 1))
        func x(_ index: Int) -> Double { left + (width - left - right) * Double(index) / count }
        func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - value / maximum) }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        var nodes: [Node] = [
            h("title", [:], t("Trend of the target", "Diễn biến của chỉ tiêu")),
            h("line", ["x1": f(left), "y1": f(y(0)), "x2": f(width - right), "y2": f(y(0)), "stroke": "#888", "stroke-width": "1"]),
        ]
        for index in 0...4 {
            let value = step * Double(index)
            nodes.append(
                h("line", ["x1": f(left), "y1": f(y(value)), "x2": f(width - right), "y2": f(y(value)), "stroke": "#e3e7ec", "stroke-width": "1"]))
            nodes.append(
                h(
                    "text", ["x": f(left - 6), "y": f(y(value) + 4), "text-anchor": "end", "font-size": "11", "fill": "#555"],
                    Format.number(value, t.language)))
        }
        for (index, point) in trend.points.enumerated() {
            nodes.append(
                h(
                    "text", ["x": f(x(index)), "y": f(height - bottom + 18), "text-anchor": "middle", "font-size": "12", "fill": "#333"],
                    String(point.year)))
        }
        let goalPoints = trend.points.enumerated().compactMap { index, point in trend.goal[point.year].map { "\(f(x(index))),\(f(y($0)))" } }
        if goalPoints.count > 1 {
            nodes.append(
                h(
                    "polyline",
                    [
                        "points": goalPoints.joined(separator: " "), "fill": "none", "stroke": "#b26a00",
                        "stroke-width": "2", "stroke-dasharray": "6 4",
                    ]))
        }
        var segment: [String] = []
        for (index, point) in trend.points.enumerated() {
            if let value = point.value { segment.append("\(f(x(index))),\(f(y(value)))") }
        }
        if segment.count > 1 {
            nodes.append(h("polyline", ["points": segment.joined(separator: " "), "fill": "none", "stroke": "#0b4f8a", "stroke-width": "2.5"]))
        }
        for (index, point) in trend.points.enumerated() {
            guard let value = point.value else { continue }
            nodes.append(h("circle", ["cx": f(x(index)), "cy": f(y(value)), "r": "4", "fill": colour(point.status), "stroke": "#0b4f8a"]))
            nodes.append(
                h(
                    "text", ["x": f(x(index)), "y": f(y(value) - 9), "text-anchor": "middle", "font-size": "11", "fill": "#0b4f8a"],
                    Format.number(value, t.language)
                        + (rule.kind.judgesARatio ? "%" : "")))
        }
        return h(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Int(width)) \(Int(height))", "role": "img",
                "class": "chart", "aria-label": t("Trend chart", "Biểu đồ diễn biến"),
            ], nodes)
    }

    /// A round step for the axis: 1, 2, 2.5 or 5 times a power of ten.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let power = Foundation.pow(10, (Foundation.log10(raw)).rounded(.down))
        for factor in [1.0, 2, 2.5, 5, 10] where raw <= factor * power { return factor * power }
        return 10 * power
    }

    static func colour(_ status: TargetStatus) -> String {
        switch status {
        case .achieved: "#1f7a3f"
        case .onTrack: "#3f8f5f"
        case .atRisk: "#c77700"
        case .notAchieved: "#b3261e"
        case .incomplete: "#8a8f98"
        case .inconsistent: "#6a3d9a"
        case .noData: "#ffffff"
        }
    }
}
