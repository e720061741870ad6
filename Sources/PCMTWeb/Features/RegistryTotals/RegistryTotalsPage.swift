import Foundation
import PCMTDomain
import PCMTStore

/// The page of a commune's registry elements (issue 17, item 1): where each comes from, and, for a period, the saved
/// figure beside the registry's count — the reconciliation of the switch-over — with the standing office's form to
/// change the source.
enum RegistryTotalsPage {
    static func view(
        _ model: RegistryTotalsQueries.Model, t: Localizer, csrfToken: String, notice: String? = nil, warnings: [String] = [],
        problem: String? = nil
    ) -> [Node] {
        let code = model.commune.unit.code
        let sources = Dictionary(model.sources.map { ($0.element, $0) }, uniquingKeysWith: { first, _ in first })
        return [
            h(
                "p", ["class": "crumbs"],
                [
                    h("a", ["href": SiteURL.registry.path], t("Registers", "Sổ quản lý")), " › ",
                    h("a", ["href": SiteURL.registryCommune(.value(code)).path], model.commune.label),
                ]),
            h(
                "h1", [:],
                [.text(t("Figures from the register of", "Số liệu từ sổ quản lý của")), " ", .text(model.commune.label)]),
            h(
                "p", ["class": "lead"],
                t(
                    "Each figure below is either typed in the commune's reports or derived from its register, as the standing office "
                        + "chooses. A derived figure changes with every record saved, in the same moment; a period whose report is "
                        + "approved keeps its approved figure. During the switch-over, compare the saved figure with the register's count.",
                    "Mỗi chỉ tiêu dưới đây hoặc được nhập tay trong báo cáo của xã, hoặc được tính từ sổ quản lý, do cơ quan thường trực "
                        + "chọn. Số liệu tính từ sổ thay đổi ngay khi lưu hồ sơ; kỳ có báo cáo đã được duyệt giữ nguyên số đã duyệt. "
                        + "Trong thời gian chuyển đổi, hãy đối chiếu số đang lưu với số đếm từ sổ.")),
            notice.map { Forms.notice($0) } ?? .empty,
            problem.map { Forms.notice($0, kind: "error") } ?? .empty,
            .group(warnings.map { Forms.notice($0, kind: "warn") }),
            h(
                "form", ["method": "get", "action": SiteURL.registrySources(.value(code)).path, "class": "filters"],
                [
                    Forms.select(
                        t("Period", "Kỳ"), name: "period", value: model.period.description,
                        options: model.periods.map { ($0.description, $0.phrase(t.language)) }),
                    h("button", ["type": "submit"], t("Show", "Xem")),
                ]),
            table(model, sources: sources, t: t),
            model.mayChoose ? chooseForm(model, sources: sources, t: t, csrfToken: csrfToken) : .empty,
        ]
    }

    static func number(_ value: Double?, _ t: Localizer) -> String {
        value.map { ValueText.write($0, t.language) } ?? "—"
    }

    static func sourceText(_ source: ElementSource?, _ t: Localizer) -> String {
        guard let source else { return ValueSource.typed.name(t.language) }
        return t("\(source.source.name(.en)) since \(source.fromYear)", "\(source.source.name(.vi)) từ năm \(source.fromYear)")
    }

    static func table(_ model: RegistryTotalsQueries.Model, sources: [String: ElementSource], t: Localizer) -> Node {
        let names = Dictionary(model.elements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return h(
            "table", ["class": "data registry-sources"],
            [
                h("caption", [:], [.text(t("Figures for", "Số liệu")), " ", .text(model.period.phrase(t.language))]),
                h(
                    "thead", [:],
                    h(
                        "tr", [:],
                        [
                            h("th", ["scope": "col"], t("Figure", "Chỉ tiêu")), h("th", ["scope": "col"], t("Source", "Nguồn")),
                            h("th", ["scope": "col", "class": "num"], t("Saved", "Số đang lưu")),
                            h("th", ["scope": "col", "class": "num"], t("Register's count", "Số đếm từ sổ")),
                            h("th", ["scope": "col", "class": "num"], t("Difference", "Chênh lệch")),
                        ])),
                h(
                    "tbody", [:],
                    model.rows.map { row in
                        let element = names[row.key.element]
                        let category = element?.categories.first { $0.code == row.key.category }
                        let name = [element?.name ?? row.key.element, category?.name].compactMap { $0 }.joined(separator: " — ")
                        let difference = row.saved.map { $0 - row.registry }
                        return h(
                            "tr",
                            ["id": "row-\(row.key.field)", "class": (row.source == .typed ? "typed" : "derived") + (row.differs ? " differs" : "")],
                            [
                                h("th", ["scope": "row"], name),
                                h("td", [:], sourceText(sources[row.key.element], t)),
                                h("td", ["class": "num"], number(row.saved, t)),
                                h("td", ["class": "num"], number(row.registry, t)),
                                h(
                                    "td", ["class": "num"],
                                    difference.map { $0 == 0 ? "0" : ($0 > 0 ? "+" : "") + ValueText.write($0, t.language) }
                                        ?? t("not saved", "chưa có")),
                            ])
                    }),
            ])
    }

    static func chooseForm(
        _ model: RegistryTotalsQueries.Model, sources: [String: ElementSource], t: Localizer, csrfToken: String
    ) -> Node {
        let year = Int(model.today.prefix(4)) ?? 2026
        return h(
            "form",
            ["method": "post", "action": SiteURL.registrySources(.value(model.commune.unit.code)).path, "class": "registry-choose"],
            [
                Forms.csrf(csrfToken),
                h("h2", [:], t("Where the figures come from", "Nguồn số liệu")),
                .group(
                    ValueSource.allCases.compactMap { source -> Node? in
                        let yielded = Set(RegistryYields.elements(of: source))
                        let elements = model.elements.filter { yielded.contains($0.code) }
                        guard source != .typed, !elements.isEmpty else { return nil }
                        return sourceFieldset(source, elements: elements, sources: sources, t: t)
                    }),
                Forms.select(
                    t("Derived from the year", "Tính từ sổ từ năm"), name: "fromYear", value: String(year),
                    options: ((year - 5)...year).reversed().map { (String($0), String($0)) }),
                h(
                    "p", ["class": "meta"],
                    t(
                        "Ticked figures are derived from the register from that year; the others are typed. Periods whose report is "
                            + "approved keep their figures.",
                        "Chỉ tiêu được đánh dấu sẽ tính từ sổ từ năm đã chọn; chỉ tiêu không đánh dấu được nhập tay. Kỳ có báo cáo đã "
                            + "được duyệt giữ nguyên số liệu.")),
                h("button", ["type": "submit", "class": "primary"], t("Save the choice", "Lưu lựa chọn")),
            ])
    }

    /// The checkboxes of the elements one registry yields.
    static func sourceFieldset(_ source: ValueSource, elements: [DataElement], sources: [String: ElementSource], t: Localizer) -> Node {
        h(
            "fieldset", [:],
            [h("legend", [:], source.name(t.language))]
                + elements.map { element in
                    var attributes: [(String, String)] = [
                        ("type", "checkbox"), ("id", "f-el-\(element.code)"), ("name", "element"), ("value", element.code),
                    ]
                    if sources[element.code] != nil { attributes.append(("checked", "checked")) }
                    return h(
                        "div", ["class": "field check"],
                        [
                            .element("input", attributes, []),
                            h("label", ["for": "f-el-\(element.code)"], "\(element.name) (\(sourceText(sources[element.code], t)))"),
                        ])
                })
    }
}
