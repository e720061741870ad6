import PCMTDomain
import PCMTStore

/// A reporting unit's own reports on its home page: what is due, by when, and what is still missing.
enum OwnReports {
    struct Row {
        var submission: SubmissionRecord
        var round: RoundSummary
        var missing: Int
        /// For a returned report: the standing office's comment, who wrote it and when.
        var returned: SubmissionEvent? = nil
    }

    struct Model {
        var rows: [Row]
    }

    /// The reports of the principal's unit in `plan`; nil for roles that do not report or when there are none.
    static func model(_ context: PageQueryContext, plan: Plan) async throws -> Model? {
        guard let principal = context.principal, [.agencyReporter, .districtReporter, .communeOfficer].contains(principal.role) else { return nil }
        let unitCode = principal.unit.code
        let reports = try await RoundStore(database: context.db).submissions(unitCodes: [unitCode]).filter { $0.1.planID == plan.id }
        guard !reports.isEmpty else { return nil }
        let timeline = try await context.units.index().timeline
        var rows: [Row] = []
        for (submission, round) in reports.prefix(12) {
            let demands = SubmissionDemands(
                plan: plan, reportingFor: RoundOpening.reportsFor(unitCode, plan: plan, schedule: round.schedule, timeline: timeline))
            let unit = timeline.version(of: unitCode, on: round.schedule.dueDate)
            var missing = 0
            if submission.state.isEditable {
                var missingData: [String] = []
                if let unit {
                    missingData = SubmissionQueries.missingData(
                        try await DataEntryQueries.figures(context, plan: plan, unit: unit, period: round.period), t: context.t)
                }
                missing = demands.missing(submission.content, missingData: missingData, language: context.t.language).count
            }
            var returned: SubmissionEvent? = nil
            if submission.state == .returned {
                // Returned with a comment, or reopened by the office with its reason.
                returned = try await RoundStore(database: context.db).events(submissionID: submission.id).last {
                    $0.action == "return" || $0.action == "reopen"
                }
            }
            rows.append(Row(submission: submission, round: round, missing: missing, returned: returned))
        }
        return Model(rows: rows)
    }

    static func view(_ model: Model, t: Localizer) -> Node {
        h(
            "section", ["class": "own-reports"],
            [
                h("h2", [:], t("Your unit's reports", "Báo cáo của đơn vị")),
                // A returned report's comment first: it is what the unit has to act on.
                .group(
                    model.rows.compactMap { row in
                        row.returned.map { event in
                            h(
                                "div", ["class": "notice notice-warn", "role": "status"],
                                [
                                    h(
                                        "p", [:],
                                        [
                                            h(
                                                "strong", [:],
                                                event.action == "reopen"
                                                    ? t(
                                                        "\(row.round.kind.title(row.round.period, .en)) was reopened by \(event.actor) on \(DateText.dateTime(event.at)):",
                                                        "\(row.round.kind.title(row.round.period, .vi)) được \(event.actor) mở lại lúc \(DateText.dateTime(event.at)):"
                                                    )
                                                    : t(
                                                        "\(row.round.kind.title(row.round.period, .en)) was returned by \(event.actor) on \(DateText.dateTime(event.at)):",
                                                        "\(row.round.kind.title(row.round.period, .vi)) bị \(event.actor) trả lại lúc \(DateText.dateTime(event.at)):"
                                                    ))
                                        ]),
                                    SubmissionPage.comments(event),
                                    h(
                                        "p", [:],
                                        link(
                                            SiteURL.submission(.value(row.submission.id)).path, t("Correct and send it again →", "Sửa và gửi lại →"),
                                            attributes: ["class": "button"])),
                                ])
                        }
                    }),
                h(
                    "table", [:],
                    [
                        h(
                            "thead", [:],
                            h(
                                "tr", [:],
                                [
                                    h("th", ["scope": "col"], t("Round", "Kỳ")), h("th", ["scope": "col"], t("Due", "Hạn nộp")),
                                    h("th", ["scope": "col"], t("State", "Trạng thái")),
                                    h("th", ["scope": "col"], t("Still missing", "Còn thiếu")),
                                ])),
                        h(
                            "tbody", [:],
                            model.rows.map { row in
                                h(
                                    "tr", [:],
                                    [
                                        h(
                                            "td", [:],
                                            link(
                                                SiteURL.submission(.value(row.submission.id)).path, row.round.kind.title(row.round.period, t.language)
                                            )),
                                        h("td", [:], t.date(row.round.schedule.dueDate)),
                                        h(
                                            "td", [:],
                                            h(
                                                "span", ["class": "state state-\(row.submission.state.rawValue)"],
                                                row.submission.state.name(t.language))),
                                        h(
                                            "td", ["class": "num"],
                                            row.submission.state.isEditable && row.missing > 0
                                                ? t("\(row.missing) item(s)", "\(row.missing) nội dung") : "—"),
                                    ])
                            }),
                    ]),
            ])
    }
}
