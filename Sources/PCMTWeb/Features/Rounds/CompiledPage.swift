import PCMTDomain
import PCMTStore

/// The province's view of a round: targets from approved data, what each responsible unit wrote per duty, and
/// the projects' progress — the material of the official report.
enum CompiledPage {
    struct Model {
        var plan: Plan
        var round: RoundSummary
        var board: TargetBoard
        var submissions: [String: SubmissionRecord]
        var units: UnitDirectory
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        var dutySections: [Node] = []
        for assignment in plan.assignments where !assignment.units.isEmpty {
            var items: [Node] = []
            for duty in assignment.duties {
                let key = SubmissionContent.dutyKey(assignment: assignment.number, label: duty.label)
                var writings: [Node] = []
                for code in assignment.units {
                    guard let submission = model.submissions[code], let narrative = submission.content.narratives[key],
                        !narrative.results.isEmpty || !narrative.shortcomings.isEmpty || !narrative.proposals.isEmpty
                    else { continue }
                    writings.append(
                        h(
                            "div", ["class": "writing"],
                            [
                                h("p", [:], [h("strong", [:], model.units.name(code)), .text(" (\(submission.state.name(t.language)))")]),
                                narrative.results.isEmpty
                                    ? .empty : h("p", [:], [h("em", [:], t("Results: ", "Kết quả: ")), .text(narrative.results)]),
                                narrative.shortcomings.isEmpty
                                    ? .empty : h("p", [:], [h("em", [:], t("Shortcomings: ", "Tồn tại, hạn chế: ")), .text(narrative.shortcomings)]),
                                narrative.proposals.isEmpty
                                    ? .empty : h("p", [:], [h("em", [:], t("Proposals: ", "Đề xuất: ")), .text(narrative.proposals)]),
                            ]))
                }
                items.append(
                    h(
                        "li", [:],
                        [
                            h("p", [:], "\(duty.displayLabel) \(duty.text)"),
                            writings.isEmpty ? h("p", ["class": "muted"], t("Nothing reported yet.", "Chưa có báo cáo.")) : .group(writings),
                        ]))
            }
            dutySections.append(
                h("section", [:], [h("h3", [:], "\(assignment.number). \(assignment.assignee)"), h("ol", ["class": "duties"], items)]))
        }
        return [
            h("p", ["class": "kicker"], link(SiteURL.round(.value(model.round.id)).path, model.round.kind.title(model.round.period, t.language))),
            h("h1", [:], t("Compiled view · ", "Tổng hợp · ") + model.round.kind.title(model.round.period, t.language)),
            h(
                "p", ["class": "downloads"],
                link(
                    SiteURL.roundReport(.value(model.round.id)).path,
                    t("Edit and download the province's report (Word) →", "Soạn và tải báo cáo của tỉnh (Word) →"), attributes: ["class": "button"])),
            h(
                "p", ["class": "notice notice-warn"],
                t(
                    "Approved reports: \(model.submissions.values.filter { $0.state == .approved }.count) of \(model.submissions.count) expected units. The figures below count only these.",
                    "Báo cáo đã duyệt: \(model.submissions.values.filter { $0.state == .approved }.count)/\(model.submissions.count) đơn vị phải báo cáo. Số liệu dưới đây chỉ tính các báo cáo này."
                )),
            h("h2", [:], t("Targets, from approved data", "Chỉ tiêu, theo số liệu đã duyệt")),
            h(
                "table", ["class": "board"],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], t("Target", "Chỉ tiêu")), h("th", ["scope": "col"], t("Status", "Đánh giá")),
                                h("th", ["scope": "col"], t("How it was judged", "Cách tính")),
                            ])),
                    h(
                        "tbody", [:],
                        model.board.rows.map { row in
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "row"], [.text(row.target.code), h("br", [:]), h("small", [:], row.target.indicator)]),
                                    h("td", [:], BoardPage.statusBadge(row.evaluation.status, t: t)),
                                    h("td", ["class": "why"], row.evaluation.explanation(t.language)),
                                ])
                        }),
                ]),
            h("h2", [:], t("Duties of section IV, as the units reported", "Nhiệm vụ tại mục IV, theo báo cáo của các đơn vị")),
            .group(dutySections),
            h("h2", [:], t("Projects", "Dự án")),
            h(
                "table", [:],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], t("Project", "Dự án")), h("th", ["scope": "col"], t("Lead", "Chủ trì")),
                                h("th", ["scope": "col"], t("Status", "Tình hình")), h("th", ["scope": "col"], t("Progress", "Tiến độ")),
                                h("th", ["scope": "col"], t("Allocated / spent (million VND)", "Bố trí / sử dụng (triệu đồng)")),
                            ])),
                    h(
                        "tbody", [:],
                        plan.projects.map { project in
                            let progress = project.leadUnit.flatMap { model.submissions[$0]?.content.projects[project.code] }
                            return h(
                                "tr", [:],
                                [
                                    h("td", [:], "\(project.number) “\(project.title)”"),
                                    h("td", [:], project.leadUnit.map(model.units.name) ?? "—"),
                                    h("td", [:], progress?.status ?? "—"),
                                    h("td", ["class": "num"], progress?.progress.map { Format.percent($0, t.language) } ?? "—"),
                                    h(
                                        "td", ["class": "num"],
                                        "\(progress?.allocated.map { Format.number($0, t.language) } ?? "—") / \(progress?.spent.map { Format.number($0, t.language) } ?? "—")"
                                    ),
                                ])
                        }),
                ]),
        ]
    }
}
