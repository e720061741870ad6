import Foundation
import PCMTDomain
import PCMTStore

/// What waits for the standing office, on top of its home page (issue 14, item 3): the reports sent and waiting for
/// review (the oldest first), the units whose report is overdue (``Timeliness/isOverdue(state:dueDate:today:)``)
/// by round, and the rounds due within ``closingDays`` days with how many units have not sent yet.
enum OfficeToDo {
    struct Waiting {
        var submission: SubmissionRecord
        var round: RoundSummary
        var unitName: String
    }

    struct Overdue {
        var round: RoundSummary
        var unitNames: [String]
        /// Units whose report was returned (or reopened) and is not sent again, past the due date.
        var returnedNames: [String] = []
    }

    struct Closing {
        var round: RoundSummary
        var notSent: Int
        var expected: Int
    }

    struct Model {
        var waiting: [Waiting] = []
        var overdue: [Overdue] = []
        var closing: [Closing] = []

        var isEmpty: Bool { waiting.isEmpty && overdue.isEmpty && closing.isEmpty }
    }

    /// Rounds due within this many days count as closing soon.
    static let closingDays = 14
    /// At most this many waiting reports are listed one by one.
    static let listed = 15

    /// The to-do list of the standing office of the plan's province; nil for anyone else.
    static func model(_ context: PageQueryContext, plan: Plan) async throws -> Model? {
        guard let principal = context.principal, principal.role == .standingOffice, try await context.principalProvince() == plan.issuerUnit
        else { return nil }
        let store = RoundStore(database: context.db)
        let names = Dictionary(try await context.units.all().map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let today = context.clock.todayISO
        let soon = DateText.isoDay(context.clock.now.addingTimeInterval(Double(closingDays) * 24 * 3600))
        var model = Model()
        for round in try await store.rounds(planID: plan.id) {
            let submissions = try await store.submissions(roundID: round.id)
            model.waiting += submissions.filter { $0.state == .submitted }.map {
                Waiting(submission: $0, round: round, unitName: names[$0.unitCode] ?? $0.unitCode)
            }
            let overdue = submissions.filter { Timeliness.isOverdue(state: $0.state, dueDate: round.schedule.dueDate, today: today) }
            let late = overdue.filter { $0.state != .returned }
            let returned = overdue.filter { $0.state == .returned }
            if !late.isEmpty || !returned.isEmpty {
                model.overdue.append(
                    Overdue(
                        round: round, unitNames: late.map { names[$0.unitCode] ?? $0.unitCode }.sorted(),
                        returnedNames: returned.map { names[$0.unitCode] ?? $0.unitCode }.sorted()))
            }
            if round.schedule.dueDate >= today, round.schedule.dueDate <= soon {
                model.closing.append(
                    Closing(round: round, notSent: submissions.filter { $0.firstSubmittedAt == nil }.count, expected: submissions.count))
            }
        }
        model.waiting.sort { ($0.submission.submittedAt ?? .distantPast) < ($1.submission.submittedAt ?? .distantPast) }
        model.overdue.sort { $0.round.schedule.dueDate > $1.round.schedule.dueDate }
        model.closing.sort { $0.round.schedule.dueDate < $1.round.schedule.dueDate }
        return model
    }

    static func view(_ model: Model, t: Localizer) -> Node {
        func title(_ round: RoundSummary) -> String { round.kind.title(round.period, t.language) }
        return h(
            "section", ["class": "todo"],
            [
                h("h2", [:], t("Waiting for you", "Việc cần làm")),
                model.isEmpty
                    ? h(
                        "p", [:],
                        t("Nothing waits: no report to review, none overdue.", "Không có việc đang chờ: không có báo cáo chờ duyệt hay quá hạn."))
                    : .empty,
                model.waiting.isEmpty
                    ? .empty
                    : .group([
                        h("h3", [:], t("Reports to review (\(model.waiting.count))", "Báo cáo chờ duyệt (\(model.waiting.count))")),
                        h(
                            "ul", [:],
                            model.waiting.prefix(listed).map { item in
                                h(
                                    "li", [:],
                                    [
                                        link(SiteURL.submission(.value(item.submission.id)).path, "\(title(item.round)) — \(item.unitName)"),
                                        .text(
                                            item.submission.submittedAt.map {
                                                t(", sent \(DateText.dateTime($0))", ", gửi lúc \(DateText.dateTime($0))")
                                            }
                                                ?? ""),
                                    ])
                            }
                                + (model.waiting.count > listed
                                    ? [
                                        h(
                                            "li", [:],
                                            t(
                                                "… and \(model.waiting.count - listed) more: see each round.",
                                                "… và \(model.waiting.count - listed) báo cáo khác: xem từng kỳ báo cáo."))
                                    ] : [])),
                    ]),
                model.closing.isEmpty
                    ? .empty
                    : .group([
                        h("h3", [:], t("Due soon", "Sắp đến hạn")),
                        h(
                            "ul", [:],
                            model.closing.map { item in
                                h(
                                    "li", [:],
                                    [
                                        link(SiteURL.round(.value(item.round.id)).path, title(item.round)),
                                        .text(
                                            t(
                                                " — due \(t.date(item.round.schedule.dueDate)): \(item.notSent) of \(item.expected) unit(s) not sent yet",
                                                " — hạn \(t.date(item.round.schedule.dueDate)): \(item.notSent)/\(item.expected) đơn vị chưa gửi")),
                                    ])
                            }),
                    ]),
                model.overdue.isEmpty
                    ? .empty
                    : .group([
                        h("h3", [:], t("Overdue", "Quá hạn")),
                        h(
                            "ul", [:],
                            model.overdue.map { item in
                                func list(_ names: [String]) -> String { names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "") }
                                var parts: [String] = []
                                if !item.unitNames.isEmpty {
                                    parts.append(
                                        t(
                                            "\(item.unitNames.count) unit(s) not sent: \(list(item.unitNames))",
                                            "\(item.unitNames.count) đơn vị chưa gửi: \(list(item.unitNames))"))
                                }
                                if !item.returnedNames.isEmpty {
                                    parts.append(
                                        t(
                                            "\(item.returnedNames.count) returned and not sent again: \(list(item.returnedNames))",
                                            "\(item.returnedNames.count) bị trả lại chưa gửi lại: \(list(item.returnedNames))"))
                                }
                                return h(
                                    "li", [:],
                                    [
                                        link(SiteURL.round(.value(item.round.id)).path, title(item.round)),
                                        .text(
                                            t(" — due \(t.date(item.round.schedule.dueDate)): ", " — hạn \(t.date(item.round.schedule.dueDate)): ")
                                                + parts.joined(separator: "; ")),
                                    ])
                            }),
                    ]),
            ])
    }
}
