import PCMTDomain
import PCMTReports

/// An official document as an HTML page in the same layout as the Word file, so that printing it (A4) gives a
/// usable document: the two-column heading, kind and title, body, recipients and signature.
enum OfficialDocumentView {
    static func render(_ document: OfficialDocument) -> Node {
        let heading = document.heading
        var body: [Node] = [
            h(
                "table", ["class": "official-heading"],
                [
                    h(
                        "tr", [:],
                        [
                            h(
                                "td", [:],
                                [
                                    .group(lines(heading.parentBody).map { h("div", [:], $0.uppercased()) }),
                                    .group(lines(heading.issuer).map { h("div", ["class": "issuer"], $0.uppercased()) }),
                                    h("hr", ["class": "rule-short"]),
                                ]),
                            h(
                                "td", [:],
                                [
                                    h("div", ["class": "nation"], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                    h("div", ["class": "motto"], "Độc lập - Tự do - Hạnh phúc"),
                                    h("hr", ["class": "rule-motto"]),
                                ]),
                        ]),
                    h(
                        "tr", [:],
                        [
                            h("td", ["class": "number"], heading.numberLine),
                            h("td", ["class": "date"], OfficialDate.line(place: heading.place, date: heading.date, year: heading.year)),
                        ]),
                ]),
            h("p", ["class": "kind"], document.kind),
            .group(lines(document.title).map { h("p", ["class": "title"], $0) }),
            h("hr", ["class": "rule-title"]),
            document.addressee.isEmpty ? .empty : h("p", ["class": "addressee"], "Kính gửi: \(document.addressee)"),
        ]
        for block in document.blocks {
            switch block {
            case .section(let text): body.append(h("h2", [:], text))
            case .subsection(let text): body.append(h("h3", [:], text))
            case .minorHeading(let text): body.append(h("h4", [:], text))
            case .text(let text): body.append(.group(lines(text).map { h("p", [:], $0) }))
            case .note(let text): body.append(.group(lines(text).map { h("p", ["class": "note"], $0) }))
            case .table(let table): body.append(self.table(table))
            }
        }
        // The closing paragraph and the signature block print together (print CSS: break-inside: avoid).
        body.append(
            h(
                "div", ["class": "official-ending"],
                [
                    .group(lines(document.closing).map { h("p", [:], $0) }),
                    h(
                        "table", ["class": "official-closing"],
                        h(
                            "tr", [:],
                            [
                                h(
                                    "td", ["class": "recipients"],
                                    [
                                        h("p", ["class": "label"], "Nơi nhận:"),
                                        .group(document.recipients.map { h("p", [:], $0.hasPrefix("-") ? $0 : "- \($0)") }),
                                    ]),
                                h(
                                    "td", ["class": "signature"],
                                    [
                                        .group(document.signature.capacity.map { h("p", [:], $0.uppercased()) }),
                                        h("p", [:], document.signature.title.uppercased()),
                                        h("p", ["class": "space"], ""),
                                        h("p", ["class": "name"], document.signature.name),
                                    ]),
                            ])),
                ]))
        if !document.footnote.isEmpty { body.append(h("p", ["class": "footnote"], document.footnote)) }
        return h("article", ["class": "official", "lang": "vi"], body)
    }

    static func table(_ table: OfficialDocument.Table) -> Node {
        func align(_ column: Int) -> String {
            switch table.columns[column].alignment {
            case .left: "";
            case .center: "c";
            case .right: "num"
            }
        }
        return h(
            "table", ["class": "official-table"],
            [
                h(
                    "thead", [:],
                    h(
                        "tr", [:],
                        table.columns.map { column in
                            h(
                                "th", ["scope": "col"],
                                .group(
                                    lines(column.title).enumerated().map {
                                        $0.offset == 0 ? .text($0.element) : .group([h("br"), .text($0.element)])
                                    }))
                        })),
                h(
                    "tbody", [:],
                    table.rows.map { row in
                        h(
                            "tr", [:],
                            table.columns.indices.map { index in
                                let cell = index < row.count ? row[index] : OfficialDocument.Table.Cell("")
                                return h(
                                    "td", ["class": align(index)],
                                    [
                                        cell.bold ? h("strong", [:], cell.text) : .text(cell.text),
                                        cell.note.isEmpty ? .empty : h("small", [:], cell.note),
                                    ])
                            })
                    }),
            ])
    }

    static func lines(_ text: String) -> [String] { PlanRecordValidation.lines(text) }
}
