import PCMTDomain

extension BoardPage {
    /// On a baseline year of a successor plan: whose results these are, with the predecessor's board for the period.
    static func predecessorNote(_ model: Model, t: Localizer) -> Node {
        guard let before = model.predecessor else { return .empty }
        let name = "\(before.code) (\(before.startYear)–\(before.endYear))"
        return h(
            "p", ["class": "notice predecessor"],
            [
                .text(
                    t(
                        "\(periodName(model.period, t: t)) is before this plan's years: its figures are the results of the previous plan ",
                        "\(periodName(model.period, t: t)) là năm gốc, trước giai đoạn của kế hoạch này: số liệu là kết quả của kế hoạch trước "
                    )),
                link(
                    SiteURL.board(.value(before.id), BoardFilter(period: model.period.description, unit: model.unit.code)).path,
                    t("plan \(name)", "Kế hoạch \(name)")),
                .text("."),
            ])
    }

    /// Which version of an amended plan judges the period, with a link to the amendment history.
    static func versionNote(_ model: Model, t: Localizer) -> Node {
        guard let inForce = model.version, let version = inForce.version else { return .empty }
        let document = version.document.number
        let from = PlanAmendment.day(version.inForceFrom)
        return h(
            "p", ["class": "notice notice-warn", "id": "plan-version"],
            [
                .text(
                    t(
                        "Targets as in version \(version.number) of the plan (\(document), in force from \(from)) for \(model.period.phrase(.en)). ",
                        "Chỉ tiêu theo phiên bản \(version.number) của kế hoạch (\(document), hiệu lực từ \(from)) cho kỳ \(model.period.phrase(.vi)). "
                    )),
                link(SiteURL.planHistory(.value(model.plan.id)).path, t("Amendment history", "Lịch sử sửa đổi")),
            ])
    }

    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        let id = Parameter.value(plan.id)
        // Links keep the board's period, unit and data choice.
        let filter = BoardFilter(period: model.period.description, unit: model.unit.code, allData: model.officialOnly == false)
        return [
            h("p", ["class": "kicker"], link(SiteURL.plan(.value(plan.id)).path, plan.code)),
            h(
                "h1", [:],
                t(
                    "Target board · \(model.unit.name) · \(periodName(model.period, t: t))",
                    "Bảng chỉ tiêu · \(model.unit.name) · \(periodName(model.period, t: t))")),
            selector(model, action: SiteURL.board(id).path, t: t),
            predecessorNote(model, t: t),
            versionNote(model, t: t),
            officialNote(model.officialOnly, t: t),
            h(
                "p", ["class": "downloads"],
                [
                    link(SiteURL.boardXLSX(id, filter).path, t("Download Excel", "Tải Excel"), attributes: ["class": "button"]),
                    " ",
                    link(SiteURL.boardCSV(id, filter).path, t("Download CSV", "Tải CSV"), attributes: ["class": "button"]),
                ]),
            summary(model.board, t: t),
            AreaMap.view(
                AreaMap.Model(
                    title: t(
                        "How each unit below stands, \(periodName(model.period, t: t))",
                        "Đánh giá chung từng đơn vị, \(periodName(model.period, t: t))"),
                    entries: model.children.map { child in
                        AreaMap.Entry(
                            code: child.unit.code, name: child.unit.name, key: child.verdict.level.rawValue,
                            words: child.verdict.level.name(t.language) + " (\(child.verdict.phrase(t.language)))"
                                + (child.rebased ? t(", with re-based figures", ", có số liệu tính lại") : "")
                                + (child.comparedWithRebased ? t(", compared with re-based figures", ", so sánh với số liệu tính lại") : ""),
                            link: SiteURL.board(id, BoardFilter(period: filter.period, unit: child.unit.code, allData: filter.wantsAllData)).path,
                            validFrom: child.unit.validFrom, validTo: child.unit.validTo)
                    },
                    boundaries: model.boundaries,
                    legend: AreaVerdict.Level.allCases.map { ($0.rawValue, $0.name(t.language)) }), t: t),
            h(
                "table", ["class": "board"],
                [
                    h(
                        "thead", [:],
                        h(
                            "tr", [:],
                            [
                                h("th", ["scope": "col"], t("Target", "Chỉ tiêu")),
                                h("th", ["scope": "col"], t("Rule", "Yêu cầu")),
                                h("th", ["scope": "col"], t("Value", "Kết quả")),
                                h("th", ["scope": "col"], t("Status", "Đánh giá")),
                                h("th", ["scope": "col"], t("How it was judged", "Cách tính")),
                                h("th", ["scope": "col"], t("Units reported", "Đơn vị có số liệu")),
                            ])),
                    h(
                        "tbody", [:],
                        model.board.rows.map { row in
                            h(
                                "tr", [:],
                                [
                                    h(
                                        "th", ["scope": "row"],
                                        [
                                            link(
                                                SiteURL.boardTarget(id, code: .value(row.target.code), TargetFilter(board: filter)).path,
                                                row.target.code),
                                            h("br", [:]), h("small", [:], row.target.indicator),
                                        ]),
                                    h("td", ["class": "rule"], row.target.plainWords(t.language)),
                                    h(
                                        "td", ["class": "num"],
                                        [
                                            .text(valueText(row.evaluation, target: row.target, t: t)),
                                            ComparableSeries.isRebased(
                                                row.target.measure, period: model.period, planStartYear: model.plan.startYear,
                                                baselineYear: model.plan.baselineYear, rebased: model.rebased)
                                                ? h("small", ["class": "rebased"], t(" (re-based)", " (tính lại)")) : .empty,
                                        ]),
                                    h("td", [:], statusBadge(row.evaluation.status, t: t)),
                                    h(
                                        "td", ["class": "why"],
                                        [
                                            .text(row.evaluation.explanation(t.language)),
                                            comparedNote(row.target, model: model, t: t),
                                        ]),
                                    coverageCell(row.evaluation.coverage, t: t),
                                ])
                        }),
                ]),
            rebasedNote(model, t: t),
            derivedNote(model, t: t),
        ]
    }

    /// The periods a target's figure is compared with whose figure was re-based, said after how it was judged
    /// (" — năm 2025: số liệu tính lại"): the figure itself is not marked for them.
    static func comparedNote(_ target: Target, model: Model, t: Localizer) -> Node {
        let periods = ComparableSeries.rebasedComparisons(
            target.rule, measure: target.measure, period: model.period, baselineYear: model.plan.baselineYear, rebased: model.rebased)
        guard !periods.isEmpty else { return .empty }
        let en = periods.map { $0.phrase(.en) }.joined(separator: ", ")
        let vi = periods.map { $0.phrase(.vi) }.joined(separator: ", ")
        return h("small", ["class": "rebased"], t(" — \(en): re-based figures", " — \(vi): số liệu tính lại"))
    }

    /// Which figures are counted from the communes' registers rather than typed (issue 17), and in how many communes.
    static func derivedNote(_ model: Model, t: Localizer) -> Node {
        guard !model.derived.isEmpty else { return .empty }
        func register(_ element: DataElement, _ language: Language) -> String {
            (RegistryYields.source(of: element.code) ?? .peopleRegistry).name(language)
        }
        let en = model.derived.map { "\($0.element.nameEn ?? $0.element.name) (\(register($0.element, .en)), \($0.communes))" }
            .joined(separator: "; ")
        let vi = model.derived.map { "\($0.element.name) (\(register($0.element, .vi).lowercased()), \($0.communes) xã)" }
            .joined(separator: "; ")
        return h(
            "p", ["class": "help derived-note"],
            t(
                "Derived from the communes' registers, not typed, in some communes (which register and how many communes in brackets): \(en).",
                "Tính từ sổ quản lý của xã, phường (không nhập tay) ở một số xã, phường (sổ và số xã trong ngoặc): \(vi)."))
    }

    /// What "re-based" means on this board: which units the figures of the periods the unit did not exist in were
    /// made from, and which were left out because they lie only partly in its territory.
    static func rebasedNote(_ model: Model, t: Localizer) -> Node {
        guard !model.rebased.isEmpty else { return .empty }
        let from = model.rebasedFrom.joined(separator: ", ")
        let partial = model.rebasedPartial.joined(separator: ", ")
        return h(
            "p", ["class": "help rebased-note"],
            [
                .text(
                    t(
                        "“Re-based”: for the periods in which \(model.unit.name) did not exist (the 2025 reform), its figures are made from the units of its territory: \(from).",
                        "“Tính lại”: với các kỳ \(model.unit.name) chưa có hoặc không còn (sắp xếp đơn vị hành chính năm 2025), số liệu được tính từ các đơn vị trên địa bàn: \(from)."
                    )),
                partial.isEmpty
                    ? .empty
                    : .text(
                        t(
                            " Not counted, as they lie only partly in it: \(partial).",
                            " Không tính, vì chỉ một phần thuộc địa bàn: \(partial).")),
            ])
    }

    static func officialNote(_ officialOnly: Bool?, t: Localizer) -> Node {
        switch officialOnly {
        case .some(true):
            h(
                "p", ["class": "help"],
                t("Official figures: only data of approved reports counts.", "Số liệu chính thức: chỉ tính số liệu của các báo cáo đã duyệt."))
        case .some(false):
            h(
                "p", ["class": "notice notice-warn"],
                t("Including data of reports not yet approved — not official.", "Bao gồm cả số liệu chưa duyệt — không phải số liệu chính thức."))
        case .none: .empty
        }
    }

    static func selector(_ model: Model, action: String, t: Localizer, extra: [Node] = []) -> Node {
        h(
            "form", ["method": "get", "action": action, "class": "filters"],
            [
                Forms.select(t("Period", "Kỳ"), name: "period", value: model.period.description, options: periodOptions(model.plan, t: t)),
                Forms.select(
                    t("Unit", "Đơn vị"), name: "unit", value: model.unit.code,
                    options: model.unitOptions.map { ($0.code, $0.name) }),
                model.officialOnly == nil
                    ? .empty
                    : Forms.select(
                        t("Data", "Số liệu"), name: "all", value: model.officialOnly == false ? "1" : "0",
                        options: [
                            ("0", t("approved only (official)", "chỉ số liệu đã duyệt (chính thức)")),
                            ("1", t("including unapproved", "bao gồm số liệu chưa duyệt")),
                        ]),
                .group(extra),
                h("button", ["type": "submit"], t("Show", "Xem")),
            ])
    }

    static func summary(_ board: TargetBoard, t: Localizer) -> Node {
        h(
            "ul", ["class": "status-summary"],
            // Incomplete and inconsistent data are counted only when some target has them.
            TargetStatus.allCases.filter { !$0.isAboutTheData || board.count($0) > 0 }.map { status in
                h(
                    "li", ["class": "status-\(status.rawValue)"],
                    [
                        h("span", ["aria-hidden": "true"], status.symbol), " ",
                        h("strong", [:], String(board.count(status))), " ", .text(status.name(t.language)),
                    ])
            })
    }

    static func statusBadge(_ status: TargetStatus, t: Localizer) -> Node {
        h(
            "span", ["class": "status status-\(status.rawValue)"],
            [
                h("span", ["aria-hidden": "true"], status.symbol), " ", .text(status.name(t.language)),
            ])
    }

    /// Which of the expected units the figures include: "10/10 huyện", or what is missing ("9/10 huyện, thiếu Thành
    /// phố Kon Tum (năm 2024)"); "—" when not known.
    static func coverageCell(_ coverage: Coverage?, t: Localizer) -> Node {
        guard let coverage, !coverage.expected.isEmpty || !coverage.isComplete else { return h("td", ["class": "coverage"], "—") }
        return h("td", ["class": coverage.isComplete ? "coverage" : "coverage coverage-gap"], coverage.phrase(t.language))
    }

    /// The value column: one rule with the exports, the annex and the report (`ValueExpression`).
    static func valueText(_ evaluation: TargetEvaluation, target: Target, t: Localizer) -> String {
        ValueExpression.text(of: evaluation, for: target, t.language)
    }

    static func periodName(_ period: Period, t: Localizer) -> String {
        switch period {
        case .year(let year): t("year \(year)", "năm \(year)")
        case .halfYear(let year, let half):
            half == 1
                ? t("first half of \(year)", "6 tháng đầu năm \(year)")
                : t("second half of \(year)", "6 tháng cuối năm \(year)")
        case .span(let from, let to): "\(from)–\(to)"
        }
    }
}
