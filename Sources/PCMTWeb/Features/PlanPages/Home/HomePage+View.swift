import PCMTDomain

extension HomePage {
    static func view(_ model: Model, t: Localizer) -> [Node] {
        let plan = model.plan
        return [
            h("p", ["class": "kicker"], "\(plan.kind) số \(plan.code)"),
            h("h1", [:], plan.title),
            t.englishTitle(plan.titleEn),
            h(
                "dl", ["class": "identity"],
                [
                    h("dt", [:], t("Number", "Số, ký hiệu")), h("dd", [:], plan.code),
                    h("dt", [:], t("Issued on", "Ngày ban hành")), h("dd", [:], t.date(plan.issuedOn)),
                    h("dt", [:], t("Issued by", "Cơ quan ban hành")),
                    h(
                        "dd", [:],
                        [
                            plan.issuerUnit.map { link(SiteURL.orgUnit(.value($0)).path, plan.issuer) } ?? .text(plan.issuer),
                            t.englishTitle(plan.issuerEn),
                        ]),
                    h("dt", [:], t("Implements", "Thực hiện")), h("dd", [:], [.text(plan.implements), t.englishTitle(plan.implementsEn)]),
                    h("dt", [:], t("Period", "Giai đoạn")), h("dd", [:], "\(plan.startYear)–\(plan.endYear)"),
                    h("dt", [:], t("Baseline year", "Năm gốc")), h("dd", [:], String(plan.baselineYear)),
                    h("dt", [:], t("Amendments", "Sửa đổi, bổ sung")),
                    h(
                        "dd", ["id": "amendments"],
                        model.versions.dropFirst().map { record -> Node in
                            .text(
                                t(
                                    "\(record.version.document.number) (version \(record.version.number), in force from \(t.date(record.version.inForceFrom))) · ",
                                    "\(record.version.document.number) (phiên bản \(record.version.number), hiệu lực từ \(t.date(record.version.inForceFrom))) · "
                                ))
                        }
                            + [
                                model.versions.count > 1 ? .empty : .text(t("none · ", "chưa có · ")),
                                link(SiteURL.planHistory(.value(plan.id)).path, t("Amendment history", "Lịch sử sửa đổi")),
                            ]),
                ]
                    + (model.predecessor.map { before in
                        [
                            h("dt", [:], t("Follows", "Kế hoạch trước")),
                            h(
                                "dd", [:],
                                [
                                    link(SiteURL.plan(.value(before.id)).path, "\(before.code) (\(before.startYear)–\(before.endYear))"),
                                    .text(t(" · results of the baseline year ", " · kết quả năm gốc ")),
                                    link(
                                        SiteURL.board(.value(before.id), BoardFilter(period: String(plan.baselineYear))).path,
                                        String(plan.baselineYear)),
                                ]),
                        ]
                    } ?? [])
                    + (model.successors.isEmpty
                        ? []
                        : [
                            h("dt", [:], t("Followed by", "Kế hoạch tiếp theo")),
                            h(
                                "dd", [:],
                                model.successors.map { next in
                                    link(SiteURL.plan(.value(next.id)).path, "\(next.code) (\(next.startYear)–\(next.endYear))")
                                }),
                        ])),
            h(
                "ul", ["class": "counts"],
                [
                    count(
                        plan.targets.count, t("targets", "chỉ tiêu"), SiteURL.targets(.value(plan.id)).path,
                        note: t("\(plan.measurableTargets.count) measurable", "\(plan.measurableTargets.count) đo lường được")),
                    count(plan.tasks.count, t("key tasks", "nhiệm vụ trọng tâm"), SiteURL.tasks(.value(plan.id)).path),
                    count(plan.solutions.count, t("solution groups", "nhóm giải pháp"), SiteURL.solutions(.value(plan.id)).path),
                    count(plan.assignments.count, t("assignees", "đơn vị được phân công"), SiteURL.assignments(.value(plan.id)).path),
                    count(
                        plan.projects.count, t("projects", "dự án"), SiteURL.projects(.value(plan.id)).path,
                        note: t("\(plan.subprojectCount) sub-projects", "\(plan.subprojectCount) tiểu dự án")),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("I.1 General objective", "I.1 Mục tiêu chung")),
                    h("p", [:], plan.generalObjective),
                    t.englishTitle(plan.generalObjectiveEn),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("I.2 Specific targets", "I.2 Mục tiêu cụ thể")),
                    h(
                        "ol", ["class": "groups"],
                        plan.targetGroups.map { group in
                            h(
                                "li", [:],
                                [
                                    h("p", [:], group.text),
                                    t.englishTitle(group.titleEn),
                                    h(
                                        "ul", ["class": "targets"],
                                        group.targets.map { target in
                                            h(
                                                "li", [:],
                                                [
                                                    link(SiteURL.targets(.value(plan.id)).path + "#\(target.code)", target.code),
                                                    " ",
                                                    h("span", ["class": "rule"], target.plainWords(t.language)),
                                                    " — ",
                                                    .text(target.indicator),
                                                ])
                                        }),
                                ])
                        }),
                    link(SiteURL.targets(.value(plan.id)).path, t("All targets with their rules →", "Tất cả chỉ tiêu và cách đánh giá →")),
                ]),
            h(
                "section", [:],
                [
                    h("h2", [:], t("V. Reporting and organisation", "V. Tổ chức thực hiện và chế độ báo cáo")),
                    h(
                        "ul", ["class": "reporting"],
                        plan.reporting.map { duty in
                            h(
                                "li", [:],
                                [
                                    h("strong", [:], t.reportingKindName(duty.kind)),
                                    .text(duty.year.map { " (\($0))" } ?? ""),
                                    .text(duty.recipientUnit.map { _ in t(" — to ", " — gửi ") } ?? ""),
                                    duty.recipientUnit.map { model.units.link($0) } ?? .empty,
                                    t.englishTitle(duty.textEn),
                                ])
                        }),
                    h("ol", ["class": "clauses"], plan.organisation.map { h("li", [:], $0.text) }),
                ]),
        ]
    }

    private static func count(_ value: Int, _ label: String, _ href: String, note: String? = nil) -> Node {
        h(
            "li", [:],
            [
                h("a", ["href": href], [h("strong", [:], String(value)), " ", .text(label)]),
                note.map { h("small", [:], " (\($0))") } ?? .empty,
            ])
    }
}
