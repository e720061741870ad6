import Foundation
import PCMTDomain

/// The main part of the Word document: heading block, kind and title, body blocks, recipients and signature,
/// and the section's page setup.
enum DOCXBody {
    struct Run {
        var text: String
        var bold = false
        var italic = false
        /// In points; nil keeps the paragraph style's 14 pt.
        var size: Double? = nil
    }

    enum Align: String { case left, center, right, both }

    struct Paragraph {
        var runs: [Run]
        var style = "Compact"
        var align: Align? = nil
        var keepNext = false
        /// A rule under the paragraph, `inset` twips shorter on each side than the column.
        var ruleInset: Int? = nil
        var before: Int? = nil
    }

    static func document(_ document: OfficialDocument) -> String {
        var body = headingBlock(document.heading)
        body += paragraph(Paragraph(runs: [Run(text: document.kind, bold: true)], align: .center, keepNext: true, before: 360))
        for line in lines(document.title) {
            body += paragraph(Paragraph(runs: [Run(text: line, bold: true)], align: .center, keepNext: true))
        }
        body += paragraph(Paragraph(runs: [Run(text: "", size: 2)], align: .center, ruleInset: (DOCXWriter.textWidth - 1700) / 2))
        if !document.addressee.isEmpty {
            body += paragraph(Paragraph(runs: [Run(text: "Kính gửi: \(document.addressee)")], align: .center, before: 240))
        }
        for block in document.blocks { body += self.block(block) }
        // The closing paragraph is kept with the signature (keep with next), which is one row that is never split.
        for line in lines(document.closing) {
            body += paragraph(Paragraph(runs: [Run(text: line)], style: "Normal", keepNext: true))
        }
        body += closingBlock(recipients: document.recipients, signature: document.signature)
        if !document.footnote.isEmpty {
            body += paragraph(Paragraph(runs: [Run(text: document.footnote, italic: true, size: 9)], before: 240))
        }
        return DOCXWriter.xmlDeclaration
            + "<w:document xmlns:w=\"\(DOCXWriter.wordNamespace)\" xmlns:r=\"\(DOCXWriter.relationshipNamespace)\"><w:body>"
            + body + sectionProperties + "</w:body></w:document>"
    }

    static let sectionProperties =
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/><w:headerReference w:type=\"first\" r:id=\"rId4\"/>"
        + "<w:pgSz w:w=\"\(DOCXWriter.pageWidth)\" w:h=\"\(DOCXWriter.pageHeight)\"/>"
        + "<w:pgMar w:top=\"\(DOCXWriter.marginTop)\" w:right=\"\(DOCXWriter.marginRight)\" w:bottom=\"\(DOCXWriter.marginBottom)\" "
        + "w:left=\"\(DOCXWriter.marginLeft)\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>"

    // MARK: heading block

    /// Left: parent body, issuer (bold) with a short rule, "Số: …". Right: the national title and motto with a
    /// rule as long as the motto, and the place and date in italics on the line of the number.
    static func headingBlock(_ heading: OfficialDocument.Heading) -> String {
        let left = 3550, right = DOCXWriter.textWidth - 3550
        var issuerCell = ""
        for line in lines(heading.parentBody) {
            issuerCell += paragraph(Paragraph(runs: [Run(text: line.uppercased(), size: 13)], align: .center))
        }
        for line in lines(heading.issuer) {
            issuerCell += paragraph(Paragraph(runs: [Run(text: line.uppercased(), bold: true, size: 13)], align: .center))
        }
        issuerCell += paragraph(Paragraph(runs: [Run(text: "", size: 2)], align: .center, ruleInset: 1200))
        let stateCell =
            paragraph(Paragraph(runs: [Run(text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 12)], align: .center))
            + paragraph(Paragraph(runs: [Run(text: "Độc lập - Tự do - Hạnh phúc", bold: true, size: 13)], align: .center))
            + paragraph(Paragraph(runs: [Run(text: "", size: 2)], align: .center, ruleInset: (right - 3000) / 2))
        let numberCell = paragraph(
            Paragraph(
                runs: [Run(text: heading.numberLine, size: 13)],
                align: .center, before: 120))
        let dateCell = paragraph(
            Paragraph(
                runs: [
                    Run(
                        text: OfficialDate.line(place: heading.place, date: heading.date, year: heading.year),
                        italic: true, size: 14)
                ], align: .center, before: 120))
        return table(
            widths: [left, right], borders: false, header: false,
            rows: [[issuerCell, stateCell], [numberCell, dateCell]])
    }

    // MARK: blocks

    static func block(_ block: OfficialDocument.Block) -> String {
        switch block {
        case .section(let text):
            return paragraph(Paragraph(runs: [Run(text: text)], style: "Heading1", before: 240))
        case .subsection(let text):
            return paragraph(Paragraph(runs: [Run(text: text)], style: "Heading2"))
        case .minorHeading(let text):
            return paragraph(Paragraph(runs: [Run(text: text)], style: "Heading3"))
        case .text(let text):
            return lines(text).map { paragraph(Paragraph(runs: [Run(text: $0)], style: "Normal")) }.joined()
        case .note(let text):
            return lines(text).map { paragraph(Paragraph(runs: [Run(text: $0, italic: true)], style: "Normal")) }.joined()
        case .table(let table):
            return dataTable(table) + paragraph(Paragraph(runs: [Run(text: "", size: 6)]))
        }
    }

    /// A bordered table in 11 pt: the header row bold, centred and repeated on every page; rows not split across pages.
    static func dataTable(_ table: OfficialDocument.Table) -> String {
        let total = max(table.columns.reduce(0) { $0 + $1.weight }, 0.0001)
        var widths = table.columns.map { Int((Double(DOCXWriter.textWidth) * $0.weight / total).rounded(.down)) }
        if !widths.isEmpty { widths[widths.count - 1] += DOCXWriter.textWidth - widths.reduce(0, +) }
        let header = table.columns.map { column in
            lines(column.title).map { paragraph(Paragraph(runs: [Run(text: $0, bold: true, size: 11)], align: .center)) }.joined()
        }
        let rows = table.rows.map { row in
            table.columns.indices.map { index -> String in
                let cell = index < row.count ? row[index] : OfficialDocument.Table.Cell("")
                let align: Align =
                    switch table.columns[index].alignment {
                    case .left: .left;
                    case .center: .center;
                    case .right: .right
                    }
                var xml = lines(cell.text.isEmpty ? " " : cell.text).map {
                    paragraph(Paragraph(runs: [Run(text: $0, bold: cell.bold, size: 11)], align: align))
                }.joined()
                if !cell.note.isEmpty {
                    xml += paragraph(Paragraph(runs: [Run(text: cell.note, italic: true, size: 9.5)], align: align))
                }
                return xml
            }
        }
        return Self.table(widths: widths, borders: true, header: true, rows: [header] + rows)
    }

    // MARK: closing

    /// "Nơi nhận:" with the recipients on the left (12 and 11 pt), the signature on the right: capacity and title
    /// in bold capitals, room to sign, and the signer's name in bold.
    static func closingBlock(recipients: [String], signature: OfficialDocument.Signature) -> String {
        let left = 4300, right = DOCXWriter.textWidth - 4300
        var recipientsCell = paragraph(Paragraph(runs: [Run(text: "Nơi nhận:", bold: true, italic: true, size: 12)]))
        for recipient in recipients where !recipient.trimmingCharacters(in: .whitespaces).isEmpty {
            let text = recipient.hasPrefix("-") ? recipient : "- \(recipient)"
            recipientsCell += paragraph(Paragraph(runs: [Run(text: text, size: 11)]))
        }
        var signatureCell = ""
        for line in signature.capacity where !line.isEmpty {
            signatureCell += paragraph(Paragraph(runs: [Run(text: line.uppercased(), bold: true, size: 14)], align: .center))
        }
        if !signature.title.isEmpty {
            signatureCell += paragraph(Paragraph(runs: [Run(text: signature.title.uppercased(), bold: true, size: 14)], align: .center))
        }
        for _ in 0..<4 { signatureCell += paragraph(Paragraph(runs: [Run(text: "")])) }
        signatureCell += paragraph(Paragraph(runs: [Run(text: signature.name, bold: true, size: 14)], align: .center))
        return paragraph(Paragraph(runs: [Run(text: "")], keepNext: true))
            + table(widths: [left, right], borders: false, header: false, rows: [[recipientsCell, signatureCell]])
    }

    // MARK: XML

    static func lines(_ text: String) -> [String] { PlanRecordValidation.lines(text) }

    static func paragraph(_ p: Paragraph) -> String {
        var properties = "<w:pStyle w:val=\"\(p.style)\"/>"
        if p.keepNext { properties += "<w:keepNext/>" }
        if let inset = p.ruleInset {
            properties += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>"
            properties +=
                "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"60\" w:lineRule=\"exact\"/><w:ind w:left=\"\(inset)\" w:right=\"\(inset)\" w:firstLine=\"0\"/>"
        } else if let before = p.before {
            properties += "<w:spacing w:before=\"\(before)\"/>"
        }
        if let align = p.align { properties += "<w:jc w:val=\"\(align.rawValue)\"/>" }
        let runs = p.runs.filter { !$0.text.isEmpty }.map(run).joined()
        return "<w:p><w:pPr>\(properties)</w:pPr>\(runs)</w:p>"
    }

    static func run(_ r: Run) -> String {
        var properties = ""
        if r.bold { properties += "<w:b/><w:bCs/>" }
        if r.italic { properties += "<w:i/><w:iCs/>" }
        if let size = r.size {
            let halfPoints = Int((size * 2).rounded())
            properties += "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/>"
        }
        return "<w:r>" + (properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>")
            + "<w:t xml:space=\"preserve\">\(OOXMLPackage.escape(r.text))</w:t></w:r>"
    }

    static func table(widths: [Int], borders: Bool, header: Bool, rows: [[String]]) -> String {
        let edge = borders ? "<w:%@ w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>" : "<w:%@ w:val=\"nil\"/>"
        let borderXML = ["top", "left", "bottom", "right", "insideH", "insideV"].map { edge.replacingOccurrences(of: "%@", with: $0) }.joined()
        var xml =
            "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
            + "<w:tblBorders>\(borderXML)</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
            + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        for (index, cells) in rows.enumerated() {
            xml += "<w:tr><w:trPr><w:cantSplit/>" + (header && index == 0 ? "<w:tblHeader/>" : "") + "</w:trPr>"
            for (column, width) in widths.enumerated() {
                let content =
                    column < cells.count && !cells[column].isEmpty ? cells[column] : "<w:p><w:pPr><w:pStyle w:val=\"Compact\"/></w:pPr></w:p>"
                xml +=
                    "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>" + (borders ? "<w:vAlign w:val=\"center\"/>" : "")
                    + "</w:tcPr>\(content)</w:tc>"
            }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl>"
    }
}
