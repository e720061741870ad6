import Foundation
import PCMTDomain

/// Decides what an uploaded attachment is by its bytes (pcmt issue 15, item 5), whatever its name says:
///
/// - PDF: begins with `%PDF-` and has `%%EOF` within its last 1,024 bytes (ISO 32000-1, 7.5.2 and 7.5.5; a file cut
///   short in transfer has none);
/// - Word (.docx): a ZIP archive (`PK\u{3}\u{4}`) whose central directory, read by ``ZIPReader``, holds
///   `word/document.xml` (ECMA-376 Part 1, the main document part);
/// - Word 97–2003 (.doc): an OLE compound file, whose first 8 bytes are D0 CF 11 E0 A1 B1 1A E1 ([MS-CFB] 2.2).
///
/// Anything else, an empty file and a file over ``AttachmentRules/maxBytes`` are refused with an
/// ``AttachmentRefusal`` that names the file and says what it is.
public enum AttachmentCheck {
    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// The kind of `data`, or why it is refused. `fileName` is the name shown in the refusal (as the upload gave it,
    /// made fit for display by ``AttachmentRules/displayName(_:)``).
    public static func kind(of data: Data, fileName: String) -> Result<AttachmentKind, AttachmentRefusal> {
        let name = AttachmentRules.displayName(fileName)
        if data.isEmpty { return .failure(.init(fileName: name, reason: .empty)) }
        if data.count > AttachmentRules.maxBytes { return .failure(.init(fileName: name, reason: .tooLarge(bytes: data.count))) }
        let head = [UInt8](data.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) {
            let tail = [UInt8](data.suffix(1024))
            return contains(tail, Array("%%EOF".utf8)) ? .success(.pdf) : .failure(.init(fileName: name, reason: .pdfWithoutEnd))
        }
        if head == oleMagic { return .success(.doc) }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            guard let zip = try? ZIPReader(data) else { return .failure(.init(fileName: name, reason: .other(.damagedZIP))) }
            if zip.entries["word/document.xml"] != nil { return .success(.docx) }
            if zip.entries["xl/workbook.xml"] != nil { return .failure(.init(fileName: name, reason: .other(.workbook))) }
            if zip.entries["ppt/presentation.xml"] != nil { return .failure(.init(fileName: name, reason: .other(.presentation))) }
            return .failure(.init(fileName: name, reason: .other(.zip)))
        }
        return .failure(.init(fileName: name, reason: .other(seen(head, data))))
    }

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        return false
    }

    /// What a file that is neither PDF nor Word looks like, by its first bytes.
    static func seen(_ head: [UInt8], _ data: Data) -> AttachmentRefusal.Content {
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: Array("GIF8".utf8)) { return .gif }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if head.starts(with: Array("{\\rtf".utf8)) { return .rtf }
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) || head.starts(with: Array("MZ".utf8)) { return .program }
        if head.starts(with: [0x1F, 0x8B]) || head.starts(with: Array("Rar!".utf8)) || head.starts(with: [0x37, 0x7A, 0xBC, 0xAF]) {
            return .archive
        }
        // Text: UTF-8 (a character cut at the sample's end allowed) without control characters but tab and line breaks.
        let sample = data.prefix(512)
        if let text = String(data: sample, encoding: .utf8) ?? String(data: sample.dropLast(3), encoding: .utf8),
            text.unicodeScalars.allSatisfy({ $0.value >= 0x20 || [0x09, 0x0A, 0x0D].contains($0.value) })
        {
            return .text
        }
        return .unknown(head.prefix(4).map { String(format: "%02X", $0) }.joined(separator: " "))
    }
}

/// Why an attachment is refused, naming the file: empty, too large, a PDF cut short, or something else than PDF or
/// Word (and what it is).
public struct AttachmentRefusal: Error, Equatable, Sendable {
    /// What a refused file holds instead of PDF or Word.
    public enum Content: Equatable, Sendable {
        case png, jpeg, gif, tiff, rtf, text, program, archive, workbook, presentation, zip, damagedZIP
        /// Not recognised: its first bytes, in hexadecimal ("00 01 02 03").
        case unknown(String)

        func phrase(_ language: Language) -> String {
            let vi = language == .vi
            switch self {
            case .png: return vi ? "ảnh PNG" : "a PNG image"
            case .jpeg: return vi ? "ảnh JPEG" : "a JPEG image"
            case .gif: return vi ? "ảnh GIF" : "a GIF image"
            case .tiff: return vi ? "ảnh TIFF" : "a TIFF image"
            case .rtf: return vi ? "văn bản RTF" : "an RTF document"
            case .text: return vi ? "văn bản thuần, không định dạng" : "plain text"
            case .program: return vi ? "một chương trình chạy được" : "an executable program"
            case .archive: return vi ? "tệp nén (gzip, RAR hoặc 7z)" : "a compressed archive (gzip, RAR or 7z)"
            case .workbook: return vi ? "bảng tính Excel (.xlsx)" : "an Excel workbook (.xlsx)"
            case .presentation: return vi ? "bản trình chiếu PowerPoint (.pptx)" : "a PowerPoint presentation (.pptx)"
            case .zip: return vi ? "tệp ZIP không chứa word/document.xml" : "a ZIP archive without word/document.xml"
            case .damagedZIP: return vi ? "tệp ZIP bị hỏng hoặc không đọc được" : "a damaged or unreadable ZIP archive"
            case .unknown(let bytes): return vi ? "dữ liệu không nhận ra (bắt đầu bằng \(bytes))" : "unrecognised data (beginning \(bytes))"
            }
        }
    }

    public enum Reason: Equatable, Sendable {
        case empty
        case tooLarge(bytes: Int)
        /// Begins as a PDF but has no `%%EOF` near its end: cut short or damaged.
        case pdfWithoutEnd
        case other(Content)
    }

    /// The file's name, as shown (``AttachmentRules/displayName(_:)``).
    public var fileName: String
    public var reason: Reason

    public init(fileName: String, reason: Reason) {
        self.fileName = fileName
        self.reason = reason
    }

    /// Whether the refusal is for the file's size (answered 413 by the API; the page answers 422 like any refusal).
    public var isTooLarge: Bool { if case .tooLarge = reason { true } else { false } }

    /// The refusal in words, naming the file: "Tệp 'x.png' không phải PDF hoặc Word (nội dung là ảnh PNG)."
    public func message(_ language: Language) -> String {
        let vi = language == .vi
        let limit = AttachmentRules.sizeText(AttachmentRules.maxBytes, language)
        switch reason {
        case .empty:
            return vi ? "Tệp '\(fileName)' trống (0 byte): hãy chọn lại tệp." : "The file '\(fileName)' is empty (0 bytes): choose the file again."
        case .tooLarge(let bytes):
            let size = "\(AttachmentRules.sizeText(bytes, language)) (\(AttachmentRules.exactSizeText(bytes, language)))"
            let most = "\(limit) (\(AttachmentRules.exactSizeText(AttachmentRules.maxBytes, language)))"
            return vi
                ? "Tệp '\(fileName)' nặng \(size), quá giới hạn \(most) cho một tệp đính kèm."
                : "The file '\(fileName)' is \(size), over the limit of \(most) for an attachment."
        case .pdfWithoutEnd:
            return vi
                ? "Tệp '\(fileName)' bắt đầu như một tệp PDF nhưng không có dấu kết thúc %%EOF: tệp bị cắt cụt hoặc hỏng, hãy xuất hoặc quét lại."
                : "The file '\(fileName)' begins as a PDF but has no %%EOF end marker: it is cut short or damaged; export or scan it again."
        case .other(let content):
            return vi
                ? "Tệp '\(fileName)' không phải PDF hoặc Word (nội dung là \(content.phrase(language))). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                : "The file '\(fileName)' is not PDF or Word (its content is \(content.phrase(language))). Only PDF, Word (.docx) or Word 97–2003 (.doc) files are accepted."
        }
    }
}
