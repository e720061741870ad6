import Foundation
import PCMTDomain
import Testing

@testable import PCMTReports

/// LibreOffice, run for real (installed by scripts/test), turns pcmt's own Word file into a PDF; a missing program is
/// said, not crashed on.
@Suite struct PDFConverterTests {
    static let document = OfficialDocument(
        heading: .init(issuer: "ỦY BAN NHÂN DÂN\nHUYỆN THỬ", number: "/BC-UBND", place: "Thử", date: nil, year: 2024),
        kind: "BÁO CÁO", title: "Kết quả thử", blocks: [.section("I. TÌNH HÌNH"), .text("Đoạn văn có dấu: Đắk Hà, Ngọc Hồi.")],
        closing: "Trên đây là báo cáo thử.", recipients: ["Lưu: VT."],
        signature: .init(capacity: ["TM. ỦY BAN NHÂN DÂN"], title: "Chủ tịch", name: "Người Ký"))

    @Test func aWordFileBecomesAPDF() async throws {
        let converter = PDFConverter()
        guard case .available = converter.availability else {
            Issue.record("LibreOffice (soffice) is not on PATH: scripts/test installs libreoffice-writer-nogui")
            return
        }
        let pdf = try await converter.pdf(from: try DOCXWriter.data(Self.document), kind: .docx)
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        #expect(pdf.count > 1000)
        // Two at once are made one after the other, each whole.
        async let first = converter.pdf(from: try DOCXWriter.data(Self.document), kind: .docx)
        async let second = converter.pdf(from: try DOCXWriter.data(Self.document), kind: .docx)
        let both = try await [first, second]
        #expect(both.allSatisfy { $0.starts(with: Data("%PDF-".utf8)) })
    }

    @Test func aMissingProgramIsSaid() async throws {
        let converter = PDFConverter(executable: "/nonexistent/soffice")
        #expect(
            converter.availability
                == .unavailable(
                    vi: "không tìm thấy chương trình LibreOffice tại /nonexistent/soffice (PCMT_SOFFICE)",
                    en: "the LibreOffice program /nonexistent/soffice (PCMT_SOFFICE) does not exist"))
        await #expect(throws: PDFConversionError.self) { try await converter.pdf(from: Data("x".utf8), kind: .docx) }
        let none = PDFConverter(environment: ["PATH": "/nonexistent"])
        guard case .unavailable(let vi, _) = none.availability else {
            Issue.record("found LibreOffice on an empty PATH")
            return
        }
        #expect(vi.contains("chưa cài LibreOffice"))
    }

    /// One document LibreOffice cannot finish in time is stopped with every process it started (soffice.bin outlives
    /// a signal to its launcher), and the next conversion works from a new profile.
    @Test func aConversionThatTakesTooLongIsStoppedWholeAndTheNextOneWorks() async throws {
        let converter = PDFConverter(timeout: 0.2)
        guard case .available = converter.availability else {
            Issue.record("LibreOffice (soffice) is not on PATH")
            return
        }
        let oldProfile = converter.profile.path
        await #expect(throws: PDFConversionError.timedOut(seconds: 0)) {
            try await converter.pdf(from: try DOCXWriter.data(Self.document), kind: .docx)
        }
        // Nothing still runs with the old profile.
        let left = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap { entry -> String? in
            guard Int(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let line = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            return line.contains(oldProfile) ? line : nil
        }
        #expect(left.isEmpty, "still running: \(left)")
        #expect(converter.profile.path != oldProfile)
    }

    @Test func conversionsBeyondTheQueueAreRefusedAtOnce() async throws {
        let converter = PDFConverter(maximumWaiting: 1)
        guard case .available = converter.availability else {
            Issue.record("LibreOffice (soffice) is not on PATH")
            return
        }
        let data = try DOCXWriter.data(Self.document)
        async let first = converter.pdf(from: data, kind: .docx)
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: PDFConversionError.busy) { try await converter.pdf(from: data, kind: .docx) }
        #expect(try await first.starts(with: Data("%PDF-".utf8)))
        // Once the queue is free, the next one is made.
        #expect(try await converter.pdf(from: data, kind: .docx).starts(with: Data("%PDF-".utf8)))
    }
}
