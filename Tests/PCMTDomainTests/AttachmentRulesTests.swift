import PCMTDomain
import Testing

/// The name an attachment is shown by and how its size is written (``AttachmentRules``), as tables written by hand.
@Suite struct AttachmentRulesTests {
    @Test func theNameShownHasNoPathNoControlCharactersAndAtMost200Characters() {
        let long = String(repeating: "a", count: 250) + ".pdf"
        let table: [(uploaded: String, shown: String)] = [
            ("bao-cao-6-thang.pdf", "bao-cao-6-thang.pdf"),
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\Văn thư\\Báo cáo đã ký.pdf", "Báo cáo đã ký.pdf"),
            ("bao\u{0000}cao\u{0007}.pdf", "baocao.pdf"),
            // A right-to-left override would show "fdp.exe" as "exe.pdf".
            ("hoa-don\u{202E}fdp.exe", "hoa-donfdp.exe"),
            ("  khoảng trắng.docx  ", "khoảng trắng.docx"),
            // Decomposed Vietnamese (as macOS names files) is kept composed.
            ("Ba\u{0301}o ca\u{0301}o.pdf", "Báo cáo.pdf"),
            ("", "tệp đính kèm"),
            ("/", "tệp đính kèm"),
            ("..", "tệp đính kèm"),
            (long, String(repeating: "a", count: 200)),
        ]
        for (uploaded, shown) in table {
            #expect(AttachmentRules.displayName(uploaded) == shown, "\(uploaded.debugDescription)")
        }
    }

    @Test func sizesAreWrittenInBytesKilobytesAndMegabytes() {
        let table: [(bytes: Int, vi: String, en: String)] = [
            (0, "0 byte", "0 bytes"), (1023, "1023 byte", "1023 bytes"), (1024, "1 kB", "1 kB"), (1536, "1,5 kB", "1.5 kB"),
            (15_360, "15 kB", "15 kB"), (1_048_576, "1 MB", "1 MB"), (10 * 1_048_576, "10 MB", "10 MB"), (12_897_485, "12,3 MB", "12.3 MB"),
        ]
        for (bytes, vi, en) in table {
            #expect(AttachmentRules.sizeText(bytes, .vi) == vi, "\(bytes)")
            #expect(AttachmentRules.sizeText(bytes, .en) == en, "\(bytes)")
        }
        let exact: [(bytes: Int, vi: String, en: String)] = [
            (0, "0 byte", "0 bytes"), (999, "999 byte", "999 bytes"), (1000, "1.000 byte", "1,000 bytes"),
            (10_485_761, "10.485.761 byte", "10,485,761 bytes"),
        ]
        for (bytes, vi, en) in exact {
            #expect(AttachmentRules.exactSizeText(bytes, .vi) == vi, "\(bytes)")
            #expect(AttachmentRules.exactSizeText(bytes, .en) == en, "\(bytes)")
        }
    }
}
