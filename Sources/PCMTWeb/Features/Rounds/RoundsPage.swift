import Foundation
import PCMTDomain
import PCMTStore

/// A plan's reporting rounds, and opening a new one.
enum RoundsPage {
    struct Model {
        var plan: Plan
        var rounds: [RoundSummary]
        var mayOpen: Bool
        var values: [String: String]
        var problems: [FieldProblem]
        var csrfToken: String
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let labels = [
            "period": t("Period", "Kỳ báo cáo"), "due": t("Due date", "Hạn nộp"), "cutoffStart": t("Cut-off from", "Số liệu từ ngày"),
            "cutoffEnd": t("Cut-off to", "Số liệu đến ngày"),
        ]
        func error(_ key: String) -> String? { model.problems.first { $0.field == key }?.message(t.language) }
        // The periods that have no round yet, named as the list of rounds names them.
        var periods: [Period] = []
        let mid = min(model.plan.startYear + 2, model.plan.endYear)
        periods.append(.span(from: model.plan.startYear, to: model.plan.endYear))
        periods.append(.span(from: model.plan.startYear, to: mid))
        for year in (model.plan.startYear...model.plan.endYear).reversed() {
            periods.append(.year(year))
            periods.append(.halfYear(year, half: 1))
        }
        let opened = Set(model.rounds.map(\.period))
        let periodOptions: [(String, String)] = periods.filter { !opened.contains($0) }.map { period in
            (period.description, RoundKind.of(period, planEndYear: model.plan.endYear).title(period, t.language))
        }
        return [
            h("p", ["class": "kicker"], link(SiteURL.plan(.value(model.plan.id)).path, model.plan.code)),
            h("h1", [:], t("Reporting rounds", "Các kỳ báo cáo")),
            h(
                "p", ["class": "served-plan"],
                t(
                    "Rounds of plan \(model.plan.code), for its years \(model.plan.startYear)–\(model.plan.endYear).",
                    "Các kỳ báo cáo của Kế hoạch \(model.plan.code), trong giai đoạn \(model.plan.startYear)–\(model.plan.endYear).")),
            model.rounds.isEmpty
                ? .empty
                : h(
                    "p", [:],
                    link(
                        SiteURL.roundsProgress(.value(model.plan.id)).path,
                        t("Every unit's reports in every round, at a glance →", "Tiến độ báo cáo của mọi đơn vị qua các kỳ →"),
                        attributes: ["class": "button"])),
            model.rounds.isEmpty
                ? h("p", [:], t("No round is open yet.", "Chưa mở kỳ báo cáo nào."))
                : h(
                    "table", [:],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Round", "Kỳ")), h("th", ["scope": "col"], t("Due", "Hạn nộp")),
                                    h("th", ["scope": "col"], t("Expected", "Phải nộp")),
                                ] + SubmissionState.allCases.map { h("th", ["scope": "col"], $0.name(t.language)) })),
                        h(
                            "tbody", [:],
                            model.rounds.map { round in
                                h(
                                    "tr", [:],
                                    [
                                        h("td", [:], link(SiteURL.round(.value(round.id)).path, round.kind.title(round.period, t.language))),
                                        h("td", [:], t.date(round.schedule.dueDate)),
                                        h("td", ["class": "num"], String(round.counts.values.reduce(0, +))),
                                    ] + SubmissionState.allCases.map { h("td", ["class": "num"], String(round.counts[$0] ?? 0)) })
                            }),
                    ]),
            model.mayOpen && periodOptions.isEmpty
                ? h(
                    "p", ["class": "help"],
                    t("Every period of the plan has its round.", "Mọi kỳ của kế hoạch đã có kỳ báo cáo.")) : .empty,
            model.mayOpen && !periodOptions.isEmpty
                ? h(
                    "section", [:],
                    [
                        h("h2", [:], t("Open a round", "Mở kỳ báo cáo")),
                        h(
                            "p", [:],
                            t(
                                "Every body and local unit the plan assigns duties to (a district, or since 01/07/2025 the communes that took over its duties) gets a report to fill in. Cut-off dates default to Decree 09/2019/NĐ-CP; leave them empty to use the defaults.",
                                "Mỗi cơ quan, đơn vị và địa phương được phân công trong kế hoạch (huyện, hoặc từ 01/07/2025 các xã, phường, đặc khu thay huyện thực hiện nhiệm vụ) có một báo cáo để điền. Ngày chốt số liệu mặc định theo Nghị định 09/2019/NĐ-CP; để trống để dùng mặc định."
                            )),
                        Forms.errorSummary(model.problems, labels: labels, t: t),
                        h(
                            "form", ["method": "post", "action": SiteURL.rounds(.value(model.plan.id)).path, "class": "narrow"],
                            [
                                Forms.csrf(model.csrfToken),
                                Forms.select(
                                    labels["period"]!, name: "period", value: model.values["period"] ?? "", options: periodOptions,
                                    error: error("period")),
                                Forms.field(labels["due"]!, name: "due", value: model.values["due"] ?? "", type: "date", error: error("due")),
                                Forms.field(
                                    labels["cutoffStart"]!, name: "cutoffStart", value: model.values["cutoffStart"] ?? "", type: "date",
                                    error: error("cutoffStart")),
                                Forms.field(
                                    labels["cutoffEnd"]!, name: "cutoffEnd", value: model.values["cutoffEnd"] ?? "", type: "date",
                                    error: error("cutoffEnd")),
                                h("button", ["type": "submit", "class": "primary"], t("Open the round", "Mở kỳ báo cáo")),
                            ]),
                    ]) : .empty,
        ]
    }
}
