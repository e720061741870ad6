import Foundation
import PCMTDomain
import Testing

@testable import PCMTReports

/// What an attached file is, by its content (``AttachmentCheck``): a table of files written by hand, each with the
/// kind expected or the refusal expected, word for word.
@Suite struct AttachmentCheckTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
    static let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52])

    static func zip(_ paths: [String]) throws -> Data {
        try #require(try OOXMLPackage.zip(paths.map { ($0, "<?xml version=\"1.0\"?><x/>") }))
    }

    enum Expected: Equatable {
        case kind(AttachmentKind)
        case refused(vi: String)
    }

    static func cases() throws -> [(name: String, data: Data, expected: Expected)] {
        [
            ("bao-cao.pdf", pdf, .kind(.pdf)),
            // The name does not matter: a PDF named .docx is a PDF.
            ("bao-cao.docx", pdf, .kind(.pdf)),
            // %%EOF followed by a few bytes of padding, as scanners write.
            ("scan.pdf", pdf + Data(repeating: 0x20, count: 600), .kind(.pdf)),
            (
                "cat.pdf", Data("%PDF-1.7\n1 0 obj <<>> endobj\n".utf8),
                .refused(
                    vi:
                        "Tệp 'cat.pdf' bắt đầu như một tệp PDF nhưng không có dấu kết thúc %%EOF: tệp bị cắt cụt hoặc hỏng, hãy xuất hoặc quét lại."
                )
            ),
            // %%EOF only far from the end (more than 1,024 bytes before it): cut short after an incremental update.
            (
                "xa.pdf", pdf + Data(repeating: 0x41, count: 2000),
                .refused(
                    vi:
                        "Tệp 'xa.pdf' bắt đầu như một tệp PDF nhưng không có dấu kết thúc %%EOF: tệp bị cắt cụt hoặc hỏng, hãy xuất hoặc quét lại."
                )
            ),
            ("bao-cao.docx", try zip(["[Content_Types].xml", "word/document.xml"]), .kind(.docx)),
            ("bao-cao.doc", ole, .kind(.doc)),
            (
                "x.png", png,
                .refused(
                    vi:
                        "Tệp 'x.png' không phải PDF hoặc Word (nội dung là ảnh PNG). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                )
            ),
            (
                "anh.pdf", png,
                .refused(
                    vi:
                        "Tệp 'anh.pdf' không phải PDF hoặc Word (nội dung là ảnh PNG). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                )
            ),
            (
                "so-lieu.docx", try zip(["[Content_Types].xml", "xl/workbook.xml"]),
                .refused(
                    vi:
                        "Tệp 'so-lieu.docx' không phải PDF hoặc Word (nội dung là bảng tính Excel (.xlsx)). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                )
            ),
            (
                "nen.docx", try zip(["a.txt"]),
                .refused(
                    vi:
                        "Tệp 'nen.docx' không phải PDF hoặc Word (nội dung là tệp ZIP không chứa word/document.xml). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                )
            ),
            (
                "hong.docx", Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]),
                .refused(
                    vi:
                        "Tệp 'hong.docx' không phải PDF hoặc Word (nội dung là tệp ZIP bị hỏng hoặc không đọc được). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                )
            ),
            (
                "ghi-chu.pdf", Data("Báo cáo 6 tháng\n".utf8),
                .refused(
                    vi:
                        "Tệp 'ghi-chu.pdf' không phải PDF hoặc Word (nội dung là văn bản thuần, không định dạng). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                )
            ),
            (
                "la.doc", Data([0x00, 0x01, 0x02, 0xFF, 0xFE]),
                .refused(
                    vi:
                        "Tệp 'la.doc' không phải PDF hoặc Word (nội dung là dữ liệu không nhận ra (bắt đầu bằng 00 01 02 FF)). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                )
            ),
            ("trong.pdf", Data(), .refused(vi: "Tệp 'trong.pdf' trống (0 byte): hãy chọn lại tệp.")),
            // The name shown is the last part of the path the upload gave.
            (
                "C:\\Users\\a\\x.png", png,
                .refused(
                    vi:
                        "Tệp 'x.png' không phải PDF hoặc Word (nội dung là ảnh PNG). Chỉ nhận tệp PDF, Word (.docx) hoặc Word 97–2003 (.doc)."
                )
            ),
        ]
    }

    @Test func eachFileIsKnownByItsContent() throws {
        for (name, data, expected) in try Self.cases() {
            switch (AttachmentCheck.kind(of: data, fileName: name), expected) {
            case (.success(let kind), .kind(let want)):
                #expect(kind == want, "\(name)")
            case (.failure(let refusal), .refused(let vi)):
                #expect(refusal.message(.vi) == vi, "\(name)")
            case (let got, _):
                Issue.record("\(name): expected \(expected), got \(got)")
            }
        }
    }

    @Test func aFileOverTenMegabytesIsRefusedWithItsSize() {
        // 10 MB and one byte past it: the limit itself passes.
        let atLimit = Self.pdf + Data(repeating: 0x20, count: 10 * 1024 * 1024 - Self.pdf.count - 6) + Data("%%EOF\n".utf8)
        #expect(atLimit.count == 10 * 1024 * 1024)
        #expect(AttachmentCheck.kind(of: atLimit, fileName: "du.pdf") == .success(.pdf))
        let over = Data(repeating: 0x25, count: 12_897_485)
        guard case .failure(let refusal) = AttachmentCheck.kind(of: over, fileName: "lon.pdf") else {
            Issue.record("a file of 12.3 MB passed")
            return
        }
        #expect(refusal.isTooLarge)
        #expect(
            refusal.message(.vi) == "Tệp 'lon.pdf' nặng 12,3 MB (12.897.485 byte), quá giới hạn 10 MB (10.485.760 byte) cho một tệp đính kèm.")
        #expect(
            refusal.message(.en)
                == "The file 'lon.pdf' is 12.3 MB (12,897,485 bytes), over the limit of 10 MB (10,485,760 bytes) for an attachment.")
        // One byte past: the rounded size alone would say "10 MB".
        guard case .failure(let justOver) = AttachmentCheck.kind(of: atLimit + Data(" ".utf8), fileName: "du.pdf") else {
            Issue.record("a file one byte over the limit passed")
            return
        }
        #expect(justOver.message(.vi).contains("nặng 10 MB (10.485.761 byte)"))
    }
}
