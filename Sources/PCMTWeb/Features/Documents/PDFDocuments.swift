import Foundation
import PCMTReports
import Vapor

extension Application {
    private struct PDFConverterKey: StorageKey {
        typealias Value = PDFConverter
    }

    /// The server's LibreOffice converter, found on `PATH` or at `PCMT_SOFFICE` when first used; set to another
    /// (a program that does not exist, in tests) before serving.
    public var pdfConverter: PDFConverter {
        get {
            if let converter = storage[PDFConverterKey.self] { return converter }
            let converter = PDFConverter(executable: Environment.get("PCMT_SOFFICE"))
            storage[PDFConverterKey.self] = converter
            return converter
        }
        set { storage[PDFConverterKey.self] = newValue }
    }
}

/// The PDF links of the documents' pages (issue 15, item 5): a link when LibreOffice is there, otherwise the reason
/// in its place.
enum PDFLink {
    static func node(_ path: String, label: String, availability: PDFConverter.Availability, t: Localizer) -> Node {
        switch availability {
        case .available:
            return link(path, label, attributes: ["class": "button"])
        case .unavailable(let vi, let en):
            return h("span", ["class": "unavailable", "title": t(en, vi)], t("No PDF: \(en).", "Chưa tải được PDF: \(vi)."))
        }
    }
}

extension Request {
    /// `data` converted to PDF and handed over as ``Download``; 503 with the reason when LibreOffice is missing,
    /// 500 with LibreOffice's complaint when it fails.
    func pdfDownload(_ data: Data, from kind: PDFConverter.Source, name: String, audit subject: AuditSubject) async throws -> Response {
        let t = Localizer(request: self)
        let pdf: Data
        do {
            pdf = try await application.pdfConverter.pdf(from: data, kind: kind)
        } catch PDFConversionError.unavailable(let vi, let en) {
            throw Abort(.serviceUnavailable, reason: t("No PDF: \(en).", "Chưa tạo được PDF: \(vi)."))
        } catch PDFConversionError.busy {
            throw Abort(
                .serviceUnavailable, headers: ["Retry-After": "30"],
                reason: t(
                    "Other PDFs are being made right now; try again in a minute, or download the Word file.",
                    "Máy chủ đang tạo các tệp PDF khác; hãy thử lại sau ít phút hoặc tải tệp Word."))
        } catch PDFConversionError.timedOut(let seconds) {
            logger.error("PDF conversion stopped after \(seconds) s")
            throw Abort(
                .serviceUnavailable,
                reason: t(
                    "LibreOffice could not make this PDF within \(seconds) s; download the Word file instead.",
                    "LibreOffice không tạo xong PDF trong \(seconds) giây; hãy tải tệp Word thay thế."))
        } catch let error as PDFConversionError {
            logger.error("PDF conversion failed: \(error)")
            throw Abort(
                .internalServerError,
                reason: t(
                    "The PDF could not be made; the Word file can be downloaded instead.", "Không tạo được PDF; hãy tải tệp Word thay thế."))
        }
        return try await download(Download(.pdf, name: name, data: pdf), audit: subject)
    }
}
