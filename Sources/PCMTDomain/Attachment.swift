import Foundation

/// What a file attached to a unit's report is (pcmt issue 15, item 5): the signed scan as PDF, or the Word file the
/// unit sent. Decided by the file's content, never by its name (``AttachmentCheck`` in PCMTReports).
public enum AttachmentKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// A PDF document (`%PDF-` … `%%EOF`).
    case pdf
    /// A Word document of Office Open XML (a ZIP holding `word/document.xml`).
    case docx
    /// A Word 97–2003 document (an OLE compound file).
    case doc

    /// The media type the file is served with.
    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .doc: "application/msword"
        }
    }

    /// The extension of the name pcmt gives the file when it is downloaded.
    public var fileExtension: String { rawValue }

    /// The kind as people call it: "PDF", "Word (.docx)", "Word 97–2003 (.doc)".
    public var label: String {
        switch self {
        case .pdf: "PDF"
        case .docx: "Word (.docx)"
        case .doc: "Word 97–2003 (.doc)"
        }
    }
}

/// The rules of an attachment that do not depend on its content: its size, its note, the name it is shown by, and
/// how a size is written.
public enum AttachmentRules {
    /// The largest file a unit may attach: 10 MB (10 × 1024 × 1024 bytes), the same as an import's file.
    public static let maxBytes = 10 * 1024 * 1024
    /// The longest note ("bản đã ký"), in Unicode scalars (as JSON Schema counts `maxLength`).
    public static let noteCharacters = 500
    /// The longest name kept for display, in characters.
    public static let nameCharacters = 200

    /// The name a file is shown by, from the name its upload gave: only the last part of a path (after `/` or `\`),
    /// without control or format characters (a right-to-left override can make "gpj.exe" look like "exe.jpg"), in
    /// NFC, trimmed, at most ``nameCharacters`` characters; "tệp đính kèm" when nothing is left. For display only:
    /// the name a download gets is pcmt's own.
    public static func displayName(_ uploaded: String) -> String {
        let last = uploaded.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        for scalar in last.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: continue
            default: scalars.append(scalar)
            }
        }
        let clean = String(scalars).precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces)
        let cut = String(clean.prefix(nameCharacters))
        return cut.isEmpty || cut == "." || cut == ".." ? "tệp đính kèm" : cut
    }

    /// A size as people read it: bytes below 1 kB, then kB to one decimal below 1 MB, then MB to one decimal, in the
    /// language's notation ("12,3 MB" in Vietnamese, "12.3 MB" in English); 1 kB is 1024 bytes.
    public static func sizeText(_ bytes: Int, _ language: Language) -> String {
        func decimal(_ value: Double) -> String {
            let tenths = (value * 10).rounded()
            let whole = Int(tenths / 10), fraction = Int(tenths) % 10
            return fraction == 0 ? "\(whole)" : "\(whole)\(language == .vi ? "," : ".")\(fraction)"
        }
        if bytes < 1024 { return language == .vi ? "\(bytes) byte" : "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return "\(decimal(Double(bytes) / 1024)) kB" }
        return "\(decimal(Double(bytes) / (1024 * 1024))) MB"
    }

    /// A size to the byte, digits grouped in the language's notation: "10.485.760 byte", "10,485,760 bytes" — for a
    /// refusal, where a rounded size ("10 MB") would not show how far past the limit a file is.
    public static func exactSizeText(_ bytes: Int, _ language: Language) -> String {
        let separator: Character = language == .vi ? "." : ","
        var grouped = ""
        for (index, digit) in String(bytes).reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(separator) }
            grouped.append(digit)
        }
        return String(grouped.reversed()) + (language == .vi ? " byte" : " bytes")
    }
}
