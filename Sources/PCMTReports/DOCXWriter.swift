import Foundation

/// Writes an `OfficialDocument` as a Word document (.docx, Office Open XML) without an office suite: A4,
/// margins 20/20/30/15 mm, Times New Roman 14 pt justified with a first-line indent, the heading block in two
/// columns, page numbers centred at the top from the second page.
public enum DOCXWriter {
    /// Page geometry in twentieths of a point (twips): A4, top and bottom 20 mm, left 30 mm, right 15 mm.
    static let pageWidth = 11906, pageHeight = 16838
    static let marginTop = 1134, marginBottom = 1134, marginLeft = 1701, marginRight = 851
    static var textWidth: Int { pageWidth - marginLeft - marginRight }

    public static func data(_ document: OfficialDocument) throws -> Data {
        guard let data = try OOXMLPackage.zip(parts(document)) else { throw DOCXError.cannotWrite }
        return data
    }

    /// Every part of the package, path and XML, in the order they are zipped.
    static func parts(_ document: OfficialDocument) -> [(path: String, xml: String)] {
        [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(title: "\(document.kind) \(document.title)")),
            ("word/document.xml", DOCXBody.document(document)),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/styles.xml", DOCXStyles.xml),
            ("word/settings.xml", settings),
            ("word/header1.xml", pageNumberHeader),
            ("word/header2.xml", emptyHeader),
        ]
    }

    static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let contentTypes =
        xmlDeclaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
            <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
            <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
            <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
            <Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            </Types>
            """

    static let packageRelationships =
        xmlDeclaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            </Relationships>
            """

    static let documentRelationships =
        xmlDeclaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>\
            <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>\
            </Relationships>
            """

    static func coreProperties(title: String) -> String {
        xmlDeclaration + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(OOXMLPackage.escape(title))</dc:title>\
            <dc:creator>pcmt</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>
            """
    }

    static let settings =
        xmlDeclaration + """
            <w:settings xmlns:w="\(wordNamespace)"><w:defaultTabStop w:val="720"/>\
            <w:characterSpacingControl w:val="doNotCompress"/>\
            <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
            </w:settings>
            """

    /// The page number, centred at the top; the section's title page uses the empty header, so numbering shows from page 2.
    static let pageNumberHeader =
        xmlDeclaration + """
            <w:hdr xmlns:w="\(wordNamespace)"><w:p><w:pPr><w:pStyle w:val="Compact"/><w:jc w:val="center"/></w:pPr>\
            <w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>
            """

    static let emptyHeader =
        xmlDeclaration + """
            <w:hdr xmlns:w="\(wordNamespace)"><w:p><w:pPr><w:pStyle w:val="Compact"/></w:pPr></w:p></w:hdr>
            """
}

public enum DOCXError: Error, CustomStringConvertible {
    case cannotWrite
    public var description: String { "The Word document could not be written." }
}
